package flox.core.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.lang.reflect.Proxy;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;

/** A first.id refused at start has no last good value: the gateway refuses new orders rather than restart ids at 1. */
@Timeout(10)
class OrderGatewayFirstIdTest {
    static final NanoClock CLOCK = new NanoClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long epochNanos() { return 1_800_000_000_000_000_000L; }
    };

    /** No framework: getProperty answers null (not a host process, so no risk check is required). */
    static final BundleContext CONTEXT = (BundleContext) Proxy.newProxyInstance(OrderGatewayFirstIdTest.class.getClassLoader(),
            new Class<?>[] {BundleContext.class}, (proxy, method, args) -> null);

    static final class AcceptAll implements OrderExecutor {
        @Override public String exchange() { return "SIM"; }
        @Override public RejectReason submit(OrderRequest r) { return RejectReason.NONE; }
        @Override public RejectReason cancel(int symbolId, long id) { return RejectReason.NONE; }
        @Override public RejectReason replace(int symbolId, long o, long n, long px, long qty) { return RejectReason.NONE; }
        @Override public void start() { }
        @Override public void stop() { }
    }

    private static RejectReason submitOne(Map<String, Object> properties) throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        int btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        OrderGatewayComponent gateway = new OrderGatewayComponent(registry, new LockFreeOrderTracker(16), CLOCK, CONTEXT, properties);
        gateway.addExecutor(new AcceptAll());
        RejectReason r = gateway.submit(new OrderRequest().limit(gateway.nextClientOrderId(), btc, Side.BUY, 100, 1, TimeInForce.GTC));
        if (r != RejectReason.NONE) assertTrue(gateway.statusFragment().startsWith("NEW ORDERS REFUSED: /home/etc/flox.gateway.cfg, field first.id"),
                gateway.statusFragment());
        return r;
    }

    @Test
    void shouldRefuseNewOrdersWhenFirstIdIsMalformedAtStartInsteadOfStartingAtOne() throws Exception {
        assertEquals(RejectReason.NOT_RUNNING, submitOne(Map.of("felix.fileinstall.filename", "file:/home/etc/flox.gateway.cfg", "first.id", "epcoh")));
        assertEquals(RejectReason.NONE, submitOne(Map.of("felix.fileinstall.filename", "file:/home/etc/flox.gateway.cfg", "first.id", "epoch")));
        assertEquals(RejectReason.NONE, submitOne(Map.of()), "absent: deterministic ids from 1, as for replays");
    }
}
