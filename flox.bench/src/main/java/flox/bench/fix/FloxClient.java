package flox.bench.fix;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataBus;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import flox.bus.internal.StandaloneBuses;
import flox.connector.fix.internal.session.FixConnectorComponent;
import flox.core.gateway.OrderRouter;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.core.time.SystemNanoClock;
import java.nio.file.Path;
import java.util.Map;

/**
 * Flox's side, wired by hand as DS wires it in a host: the real symbol registry, tracker and
 * gateway ({@link OrderRouter}, no risk check), the FIX connector's component as the executor of
 * exchange EXEC (its order-entry ring, sending thread and QuickFIX/J session, the same QuickFIX/J
 * 2.3.2), reports applied to the tracker and published on a <b>sync</b> execution bus, whose one
 * subscriber records each report on the thread that published it. The caller's thread calls
 * {@code OrderGateway.submit} with a limit buy of 1 at 12.50 GTC, as {@link BareClient} sends.
 */
final class FloxClient implements ExecutionSubscriber, AutoCloseable {
    private final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    private final LockFreeOrderTracker tracker = new LockFreeOrderTracker(65_536);
    private final OrderRouter gateway = new OrderRouter(registry, tracker, new SystemNanoClock());
    private final ExecutionBus executionBus;
    private final MarketDataBus marketDataBus;
    final FixConnectorComponent component;
    private final OrderRequest request = new OrderRequest();
    private final int symbolId;
    final RoundTrips trips = new RoundTrips();

    /** @param idle the session's {@code send.idle}: park, yield or spin */
    FloxClient(int port, Path store, String idle) throws Exception {
        symbolId = registry.register(SymbolInfo.builder(ExecutorProcess.SENDER, "IBM").priceScale(2).quantityScale(0).tickSizeScaled(1)
                .lotSizeScaled(1).minQuantityScaled(1).build());
        StandaloneBuses.Options options = new StandaloneBuses.Options().sync(true).publishTimeoutMs(10_000).stallTimeoutMs(10_000);
        executionBus = StandaloneBuses.execution(options, registry);
        marketDataBus = StandaloneBuses.marketData(options, registry);
        StandaloneBuses.subscribe(executionBus, this, "bench", "lossless", 0);
        component = new FixConnectorComponent(registry, tracker, executionBus, marketDataBus, Map.of(
                "exchange", ExecutorProcess.SENDER, "port", String.valueOf(port), "sender.comp.id", ExecutorProcess.FLOX,
                "target.comp.id", ExecutorProcess.SENDER, "reconnect.s", "1", "store.path", store.toString(), "client.id.prefix", "F",
                "send.idle", idle));
        gateway.executionBus(executionBus);
        gateway.addExecutor(component);
        component.start();
    }

    boolean isLoggedOn() {
        return component.fix().contains(": logged on");
    }

    /** Through the gateway; false when it refused the order. */
    boolean submit(long clientOrderId) {
        request.clear().clientOrderId(clientOrderId).symbolId(symbolId).strategyId(1).side(Side.BUY).orderType(OrderType.LIMIT)
                .timeInForce(TimeInForce.GTC).priceScaled(1250).quantityScaled(1);
        return gateway.submit(request) == RejectReason.NONE;
    }

    @Override
    public void onExecution(ExecutionEvent e) {
        long now = System.nanoTime();
        ExecType t = e.execType();
        if (t == ExecType.ACCEPTED) trips.onAck(e.clientOrderId(), now);
        else if (t == ExecType.FILLED) trips.onFill(e.clientOrderId(), now);
        else if (t == ExecType.REJECTED) trips.onReject();
    }

    /** Orders the tracker still holds open. */
    int openOrders() {
        return tracker.openOrderCount();
    }

    @Override
    public void close() {
        component.stop();
        StandaloneBuses.stop(executionBus);
        StandaloneBuses.stop(marketDataBus);
    }
}
