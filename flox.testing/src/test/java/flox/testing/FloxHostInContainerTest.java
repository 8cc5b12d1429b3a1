package flox.testing;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The kit itself: a host booted by {@link FloxHost} with a symbol and a risk limit of the
 * test's choosing hands out its services, and an order through its gateway is filled by the
 * simulated exchange on the synthetic market.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class FloxHostInContainerTest {
    @Inject
    OrderGateway gateway;
    @Inject
    OrderTracker tracker;
    @Inject
    SymbolRegistry registry;
    @Inject
    MarketDataBus marketData;
    @Inject
    ExecutionBus execution;

    @Configuration
    public Option[] config() {
        return FloxHost.host()
                .symbols("SIM,BTCUSDT,SPOT,0.01,0.00001,0.00001,5", "SIM,ETHUSDT,SPOT,0.01,0.0001,0.0001,5")
                .set("flox.risk", "max.order.quantity.per.symbol", "SIM:BTCUSDT=0.5, SIM:ETHUSDT=100")
                .set("flox.risk", "max.position.per.symbol", "SIM:BTCUSDT=10, SIM:ETHUSDT=200")
                .set("flox.risk", "price.band.bps", "5000")
                .set("flox.sim.market", "start.prices", "BTCUSDT=60000,ETHUSDT=3000")
                .options();
    }

    /** Waits up to 30 s for {@code condition}, checking every 10 ms. */
    void await(String what, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 30 s; " + lastOrder());
            Thread.sleep(10);
        }
    }

    private long lastId;

    private String lastOrder() {
        OrderState s = new OrderState();
        return lastId != 0 && tracker.read(lastId, s) ? "last order " + s : "no order tracked";
    }

    @Test
    public void shouldFillAnOrderThroughTheHostsGatewayOnTheSyntheticMarket() throws Exception {
        await("the symbols loaded", () -> registry.resolve("SIM", "ETHUSDT") != SymbolRegistry.UNKNOWN);
        assertEquals("only the test's symbols", SymbolRegistry.UNKNOWN, registry.resolve("SIM", "SOLUSDT"));
        int btc = registry.resolve("SIM", "BTCUSDT");
        SymbolInfo info = registry.symbol(btc);
        OrderRequest r = new OrderRequest();
        OrderState s = new OrderState();
        // far above the market: an IOC buy takes the best ask once the venue is LIVE and has a book
        long price = 70_000L * 100;
        long[] id = new long[1];
        long quantity = 20; // 0.0002 BTC: above the 5 USDT minimum notional
        await("an IOC buy filled (last order " + id[0] + ")", () -> {
            if (id[0] != 0 && tracker.read(id[0], s) && s.status() == OrderStatus.FILLED) return true;
            if (id[0] != 0 && tracker.read(id[0], s) && s.status().isOpen()) return false;
            id[0] = gateway.nextClientOrderId();
            lastId = id[0];
            r.clear().limit(id[0], btc, Side.BUY, price, quantity, TimeInForce.IOC).strategyId(77);
            RejectReason why = gateway.submit(r);
            return false; // refused (venue not LIVE yet, no book) or sent: looked at next time
        });
        assertEquals(2, info.priceScale());
        assertTrue("a fill at the synthetic market's price", s.lastFillPriceScaled() > 0 && s.lastFillPriceScaled() < price);
        // a risk limit of the test's own: 0.5 BTC at most per order
        RejectReason big = gateway.submit(r.clear().limit(gateway.nextClientOrderId(), btc, Side.BUY, price, 100_000, TimeInForce.IOC).strategyId(77));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, big);
    }
}
