package flox.executor.sim.internal.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.gateway.OrderRouter;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.executor.sim.internal.synthetic.SyntheticBook;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The venue behind the host's real gateway and tracker, in both threading modes. */
@Timeout(60)
class SimOrderExecutorTest {
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1 << 16);
    final NanoClock clock = new NanoClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long epochNanos() { return 0; }
    };
    final List<String> reports = new ArrayList<>();

    int register(String exchange, String symbol) throws Exception {
        return registry.register(SymbolInfo.builder(exchange, symbol).priceScale(2).quantityScale(3).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    /** Adapts the executor to the OrderExecutor contract, as the DS component does. */
    OrderExecutor asOrderExecutor(SimOrderExecutor sim) {
        OrderState s = new OrderState();
        return new OrderExecutor() {
            @Override public String exchange() { return sim.exchange(); }
            @Override public RejectReason submit(OrderRequest r) { return sim.submit(r); }
            @Override public RejectReason cancel(int sym, long id) { return sim.cancel(sym, id); }
            @Override public RejectReason replace(int sym, long o, long n, long px, long q) { return sim.replace(sym, o, n, px, q); }
            @Override public void start() { sim.start(); }
            @Override public void stop() { sim.stop(1000); }
        };
    }

    SimOrderExecutor executor(boolean inline, OrderRouter router) {
        SimOrderExecutor sim = new SimOrderExecutor("SIM", inline, registry, tracker, clock, 0, 64, 256, 1024, 64);
        ExecutionBus bus = e -> {
            synchronized (reports) {
                reports.add(e.execType() + " " + e.clientOrderId() + (e.cumulativeQuantityScaled() > 0 ? " cum=" + e.cumulativeQuantityScaled() : ""));
            }
            return 0;
        };
        sim.executionBus(bus);
        router.executionBus(bus);
        router.addExecutor(asOrderExecutor(sim));
        sim.start();
        return sim;
    }

    static BookUpdate book(int symbol) {
        BookUpdate u = new BookUpdate(8).reset(symbol, BookUpdate.Type.SNAPSHOT);
        u.addBid(9_999, 5_000);
        u.addBid(9_998, 5_000);
        u.addAsk(10_001, 2_000);
        u.addAsk(10_002, 3_000);
        return u;
    }

    @Test
    void shouldFillACrossingOrderThroughTheGatewayInline() throws Exception {
        int btc = register("SIM", "BTCUSDT");
        OrderRouter router = new OrderRouter(registry, tracker, clock);
        SimOrderExecutor sim = executor(true, router);
        sim.onBookUpdate(book(btc));
        OrderRequest buy = new OrderRequest().limit(router.nextClientOrderId(), btc, Side.BUY, 10_002, 3_000, TimeInForce.GTC).strategyId(1);
        assertEquals(RejectReason.NONE, router.submit(buy));
        // inline: done before submit returned
        OrderState s = new OrderState();
        assertTrue(tracker.read(1, s));
        assertEquals(OrderStatus.FILLED, s.status(), reports.toString());
        assertEquals(3_000, s.filledQuantityScaled());
        assertEquals(List.of("ACCEPTED 1", "PARTIALLY_FILLED 1 cum=2000", "FILLED 1 cum=3000"), reports);
        assertEquals(0, sim.trackerRefusals(), "the tracker applied every report");
        // a resting order, then a trade through it
        OrderRequest bid = new OrderRequest().limit(router.nextClientOrderId(), btc, Side.BUY, 9_999, 1_000, TimeInForce.GTC).strategyId(1);
        assertEquals(RejectReason.NONE, router.submit(bid));
        tracker.read(2, s);
        assertEquals(OrderStatus.ACCEPTED, s.status());
        sim.onTrade(new TradeEvent().set(btc, 1, 9_998, 20_000, Side.SELL, 0, 0));
        tracker.read(2, s);
        assertEquals(OrderStatus.FILLED, s.status(), "a sell sweeping through its price fills it: " + reports);
        assertTrue(sim.stop(1000).contains("nothing left in flight"));
    }

    @Test
    void shouldHoldOrdersWhileABookIsBetweenTwoFragmentsOfOneUpdate() throws Exception {
        int btc = register("SIM", "BTCUSDT");
        OrderRouter router = new OrderRouter(registry, tracker, clock);
        SimOrderExecutor sim = executor(true, router);
        sim.onBookUpdate(book(btc));
        BookUpdate fragment = new BookUpdate(8);
        fragment.reset(btc, BookUpdate.Type.SNAPSHOT).flags(BookUpdate.CONTINUED).addBid(9_999, 5_000); // the asks come next
        sim.onBookUpdate(fragment);
        OrderRequest buy = new OrderRequest().limit(router.nextClientOrderId(), btc, Side.BUY, 10_002, 1_000, TimeInForce.IOC).strategyId(1);
        assertEquals(RejectReason.NONE, router.submit(buy));
        assertEquals(List.of(), reports, "not matched against a book without its asks (it would expire for want of liquidity)");
        fragment.reset(btc, BookUpdate.Type.DELTA).addAsk(10_001, 2_000); // the last fragment
        sim.onBookUpdate(fragment);
        assertEquals(List.of("ACCEPTED 1", "FILLED 1 cum=1000"), reports, "matched once the book is whole");
        assertTrue(sim.stop(1000).contains("nothing left in flight"));
    }

    @Test
    void shouldNotMatchAgainstABookFlaggedInvalid() throws Exception {
        int btc = register("SIM", "BTCUSDT");
        OrderRouter router = new OrderRouter(registry, tracker, clock);
        SimOrderExecutor sim = executor(true, router);
        sim.onBookUpdate(book(btc));
        sim.onBookUpdate(new BookUpdate(1).resetInvalid(btc));
        OrderRequest buy = new OrderRequest().limit(router.nextClientOrderId(), btc, Side.BUY, 10_002, 1_000, TimeInForce.IOC).strategyId(1);
        assertEquals(RejectReason.NONE, router.submit(buy));
        assertEquals(List.of("ACCEPTED 1", "EXPIRED 1"), reports, "the cleared book has no liquidity");
        assertTrue(sim.stop(1000).contains("nothing left in flight"));
    }

    @Test
    void shouldRefuseOrdersForForeignSymbolsAndAfterStop() throws Exception {
        register("SIM", "BTCUSDT");
        int other = register("OTHER", "ETHUSDT");
        OrderRouter router = new OrderRouter(registry, tracker, clock);
        SimOrderExecutor sim = executor(true, router);
        OrderRequest r = new OrderRequest().limit(router.nextClientOrderId(), other, Side.BUY, 100, 1, TimeInForce.GTC);
        assertEquals(RejectReason.NOT_RUNNING, router.submit(r), "no executor for exchange OTHER");
        sim.stop(1000);
        assertEquals(RejectReason.NOT_RUNNING, sim.submit(r));
    }

    @Test
    void shouldMatchOnItsOwnThreadInThreadedMode() throws Exception {
        int btc = register("SIM", "BTCUSDT");
        OrderRouter router = new OrderRouter(registry, tracker, clock);
        SimOrderExecutor sim = executor(false, router);
        sim.onBookUpdate(book(btc));
        OrderState s = new OrderState();
        int n = 2_000;
        int backPressured = 0;
        for (int i = 0; i < n; i++) {
            OrderRequest ioc = new OrderRequest().limit(router.nextClientOrderId(), btc, Side.BUY, 10_001, 1, TimeInForce.IOC).strategyId(1);
            RejectReason r = router.submit(ioc);
            if (r == RejectReason.BACK_PRESSURED) backPressured++; // the venue's queue was full: a value, not a hang
            else assertEquals(RejectReason.NONE, r);
        }
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (tracker.openOrderCount() > 0 && System.nanoTime() < deadline) LockSupport.parkNanos(100_000);
        assertEquals(0, tracker.openOrderCount(), "every IOC reached a terminal state");
        int filled = 0;
        int expired = 0;
        int rejected = 0;
        for (long id = 1; id <= n; id++) {
            tracker.read(id, s);
            if (s.status() == OrderStatus.FILLED) filled++;
            if (s.status() == OrderStatus.EXPIRED) expired++;
            if (s.status() == OrderStatus.REJECTED) rejected++;
        }
        assertEquals(backPressured, rejected, "each back-pressured order is rejected in the tracker, with its reason");
        assertEquals(n - backPressured, filled, "2,000 lots were displayed at 100.01 and nothing refreshed the book: each IOC of 1 lot fills");
        assertEquals(0, expired);
        assertEquals(0, sim.trackerRefusals());
        assertTrue(sim.stop(1000).contains("nothing left in flight"));
    }

    @Test
    void shouldRejectWhatTheLatencyQueueCannotHoldInsteadOfLosingIt() throws Exception {
        int btc = register("SIM", "BTCUSDT");
        OrderRouter router = new OrderRouter(registry, tracker, clock);
        SimOrderExecutor sim = new SimOrderExecutor("SIM", true, registry, tracker, clock, 60_000_000_000L, 64, 256, 16, 4);
        router.addExecutor(asOrderExecutor(sim));
        sim.start();
        for (int i = 0; i < 20; i++) {
            assertEquals(RejectReason.NONE, router.submit(new OrderRequest().limit(router.nextClientOrderId(), btc, Side.BUY, 9_000, 1, TimeInForce.GTC)));
        }
        OrderState s = new OrderState();
        int pending = 0;
        int rejected = 0;
        for (long id = 1; id <= 20; id++) {
            tracker.read(id, s);
            if (s.status() == OrderStatus.PENDING_NEW) pending++;
            if (s.status() == OrderStatus.REJECTED) {
                rejected++;
                assertEquals(RejectReason.BACK_PRESSURED, s.lastReason());
            }
        }
        assertEquals(16, pending, "a minute of latency: 16 wait in the venue's queue");
        assertEquals(4, rejected, "the rest are refused, visibly, not lost");
        sim.stop(10);
    }

    /** The same seeded market and the same deterministic orders give the same reports, in inline mode. */
    @Test
    void shouldBeDeterministicInlineForTheSameSeed() throws Exception {
        assertEquals(run(7), run(7));
        assertTrue(!run(7).equals(run(8)));
    }

    private List<String> run(long seed) throws Exception {
        ConcurrentSymbolRegistry reg = new ConcurrentSymbolRegistry();
        int btc = reg.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(3).tickSizeScaled(1).lotSizeScaled(1).build());
        LockFreeOrderTracker trk = new LockFreeOrderTracker(1 << 14);
        long[] fakeNow = {0};
        NanoClock fake = new NanoClock() {
            @Override public long nanoTime() { return fakeNow[0]; }
            @Override public long epochNanos() { return 0; }
        };
        OrderRouter router = new OrderRouter(reg, trk, fake);
        SimOrderExecutor sim = new SimOrderExecutor("SIM", true, reg, trk, fake, 0, 64, 256, 1024, 64);
        List<String> out = new ArrayList<>();
        ExecutionBus bus = e -> {
            out.add(e.execType() + " " + e.clientOrderId() + " " + e.lastQuantityScaled() + "@" + e.lastPriceScaled() + " x" + e.execId());
            return 0;
        };
        sim.executionBus(bus);
        router.executionBus(bus);
        router.addExecutor(asOrderExecutorFor(sim, trk));
        sim.start();
        SyntheticBook market = new SyntheticBook(btc, 1_000_000, 1, 1, 10, 20, 10, 20, seed);
        BookUpdate u = new BookUpdate(32);
        TradeEvent t = new TradeEvent();
        OrderRequest r = new OrderRequest();
        for (int i = 0; i < 5_000; i++) {
            fakeNow[0] = i * 1_000L;
            if (market.next(u, t, fakeNow[0]) == SyntheticBook.TRADE) sim.onTrade(t); else sim.onBookUpdate(u);
            if (i % 10 == 0) { // alternate passive quotes and aggressive IOCs
                boolean buy = (i / 10) % 2 == 0;
                long px = buy ? market.bestBidPriceScaled() : market.bestAskPriceScaled();
                router.submit(r.limit(router.nextClientOrderId(), btc, buy ? Side.BUY : Side.SELL, px, 3, TimeInForce.GTC).strategyId(1));
            } else if (i % 10 == 5) {
                router.submit(r.limit(router.nextClientOrderId(), btc, Side.BUY, market.bestAskPriceScaled(), 2, TimeInForce.IOC).strategyId(2));
            }
        }
        sim.stop(1000);
        assertTrue(out.size() > 1000, "a real amount of activity: " + out.size());
        assertTrue(out.stream().anyMatch(s -> s.startsWith("FILLED")), "some fills");
        return out;
    }

    private static OrderExecutor asOrderExecutorFor(SimOrderExecutor sim, LockFreeOrderTracker trk) {
        OrderState s = new OrderState();
        return new OrderExecutor() {
            @Override public String exchange() { return sim.exchange(); }
            @Override public RejectReason submit(OrderRequest r) { return sim.submit(r); }
            @Override public RejectReason cancel(int sym, long id) { return sim.cancel(sym, id); }
            @Override public RejectReason replace(int sym, long o, long n, long px, long q) { return sim.replace(sym, o, n, px, q); }
            @Override public void start() { }
            @Override public void stop() { }
        };
    }
}
