package flox.strategy.samples.internal;

import static flox.strategy.samples.internal.TestSupport.report;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.strategy.samples.internal.TestSupport.FakeTracker;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import flox.strategy.samples.internal.aggregate.BarsComponent;
import flox.strategy.samples.internal.aggregate.BookStatsComponent;
import flox.strategy.samples.internal.metrics.MetricsCollector;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import flox.strategy.samples.internal.strategy.MarketMaker;
import flox.strategy.samples.internal.strategy.MomentumTaker;
import flox.strategy.samples.internal.strategy.StrategyDriver;
import flox.strategy.samples.internal.strategy.StrategyOrders;
import java.lang.management.ManagementFactory;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Proves the steady state allocates nothing: both strategies (through their drivers), the
 * metrics collector, bars and book statistics, driven on one thread by book updates, trades and
 * a synchronous fake venue that acknowledges, fills and cancels inside the gateway calls (so the
 * re-entrant report path is included); the collector gets each ACCEPTED report once submit has
 * returned, as from a threaded venue, so the acknowledgement latency is measured. The thread's allocated bytes, from
 * {@link com.sun.management.ThreadMXBean}, are compared around a warmed-up round.
 */
@Timeout(120)
class SteadyStateAllocationTest {
    private static final int MM = 5;
    private static final int MOMENTUM = 6;

    private final ManualClock clock = new ManualClock();
    private final FakeTracker tracker = new FakeTracker(1 << 16);
    private final MetricsCollector metrics = new MetricsCollector(tracker, TestSupport.registry(), clock, 16);
    private final BookStatsComponent bookStats = new BookStatsComponent(Map.of());
    private final BarsComponent bars = new BarsComponent(clock, Map.of("type", "tick", "trades", "10"));
    private final Venue venue = new Venue();

    private final TickToTradeProbe mmProbe = new TickToTradeProbe(8192);
    private final StrategyOrders mmOrders = new StrategyOrders(venue, mmProbe, clock, MM, 16);
    private final StrategyDriver mm = new StrategyDriver("mm", new MarketMaker(mmOrders, new MarketMaker.Params(100_000L, 1_000_000L, 1_000, 0, 100, 0, 200, 0, 0)),
            clock, TestSupport.registry(), 16);
    private final TickToTradeProbe momentumProbe = new TickToTradeProbe(8192);
    private final StrategyOrders momentumOrders = new StrategyOrders(venue, momentumProbe, clock, MOMENTUM, 4);
    private final StrategyDriver momentum = new StrategyDriver("momentum", new MomentumTaker(momentumOrders, new MomentumTaker.Params(3, 100, 1_000_000L, 0, 0, 0)),
            clock, TestSupport.registry(), 16);

    {
        flox.api.event.VenueStateEvent live = new flox.api.event.VenueStateEvent().set("SIM", flox.api.event.VenueStateEvent.ALL_SYMBOLS,
                flox.api.event.VenueState.LIVE, flox.api.event.VenueStateReason.NONE, 0, "", 0);
        for (StrategyDriver d : new StrategyDriver[] {mm, momentum}) {
            d.watchVenue("SIM");
            d.onVenueState(live);
        }
    }

    /** Acknowledges every order, fills every third at once, cancels on request; reports go to the strategy and the collector. */
    private final class Venue implements OrderGateway {
        private final ExecutionEvent report = new ExecutionEvent();
        private long nextId;
        long orders;
        private final long[] ackIds = new long[64];
        private final int[] ackSymbols = new int[64];
        private final Side[] ackSides = new Side[64];
        private int acks;

        @Override public long nextClientOrderId() { return ++nextId; }

        @Override
        public RejectReason submit(OrderRequest r) {
            orders++;
            tracker.own(r.clientOrderId(), r.strategyId());
            StrategyDriver owner = r.strategyId() == MM ? mm : momentum;
            owner.onExecution(report(report, ExecType.ACCEPTED, r.clientOrderId(), r.symbolId(), r.side(), 0, 0, 0).timestamps(0, clock.nowNs));
            ackIds[acks] = r.clientOrderId();
            ackSymbols[acks] = r.symbolId();
            ackSides[acks++] = r.side();
            if (r.clientOrderId() % 3 == 0) {
                deliver(owner, report(report, ExecType.FILLED, r.clientOrderId(), r.symbolId(), r.side(), r.priceScaled(), r.quantityScaled(), r.quantityScaled()));
            }
            return RejectReason.NONE;
        }

        @Override
        public RejectReason cancel(long id) {
            StrategyDriver owner = tracker.owner(id) == MM ? mm : momentum;
            deliver(owner, report(report, ExecType.CANCELED, id, 0, Side.BUY, 0, 0, 0));
            return RejectReason.NONE;
        }

        /** The collector's copies of the ACCEPTED reports, after submit returned. */
        void flushAcks() {
            for (int i = 0; i < acks; i++) {
                metrics.onExecution(report(report, ExecType.ACCEPTED, ackIds[i], ackSymbols[i], ackSides[i], 0, 0, 0).timestamps(0, clock.nowNs));
            }
            acks = 0;
        }

        private void deliver(StrategyDriver owner, ExecutionEvent e) {
            owner.onExecution(e);
            metrics.onExecution(e);
        }

        @Override public RejectReason replace(long o, long n, long p, long q) { return RejectReason.OTHER; }
        @Override public long count(RejectReason reason) { return 0; }
    }

    @Test
    void shouldNotAllocateInSteadyState() {
        metrics.attach(MM, mmProbe);
        metrics.attach(MOMENTUM, momentumProbe);
        mm.start();
        momentum.start();
        BookUpdate btc = new BookUpdate(8);
        BookUpdate eth = new BookUpdate(8);
        TradeEvent trade = new TradeEvent();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long allocated = -1;
        long ordersBefore = 0;
        for (int round = 0; round < 3; round++) { // the first rounds warm up (class loading, JIT, first-seen allocations)
            ordersBefore = venue.orders;
            long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < 100_000; i++) {
                clock.nowNs += 1_000;
                long btcShift = (i & 1) == 0 ? 0 : 2_000; // 20.00: beyond the requote threshold every time
                btc.reset(0, BookUpdate.Type.SNAPSHOT).timestamps(0, clock.nowNs - 300);
                btc.addBid(6_000_000 + btcShift, 50_000);
                btc.addAsk(6_000_010 + btcShift, 50_000);
                publish(btc);
                long ethMid = 300_000 + ((i / 8) % 2 == 0 ? (i % 8) * 20 : (8 - i % 8) * 20); // rises and falls by 1.60
                eth.reset(1, BookUpdate.Type.SNAPSHOT).timestamps(0, clock.nowNs - 300);
                eth.addBid(ethMid - 10, 1_000);
                eth.addAsk(ethMid + 10, 1_000);
                publish(eth);
                trade.set(0, i, 6_000_005 + btcShift, 10, (i & 1) == 0 ? Side.BUY : Side.SELL, 1_700_000_000_000_000_000L + i, clock.nowNs);
                bars.onTrade(trade);
                metrics.onTrade(trade);
            }
            allocated = threads.getThreadAllocatedBytes(me) - before;
        }
        long orders = venue.orders - ordersBefore;
        assertTrue(orders > 50_000, "the strategies traded in the measured round: " + orders + " orders");
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 200,000 book updates, 100,000 trades and " + orders + " orders");
        assertEquals(0, mm.droppedReports() + momentum.droppedReports());
        assertEquals(0, mm.errors() + momentum.errors());
        assertTrue(metrics.tickToTrade(MM).count() > 0);
        assertTrue(metrics.strategy(MM).ackLatency().count() > 0);
        assertEquals(0, metrics.strategy(MM).ackUnmeasured() + metrics.strategy(MOMENTUM).ackUnmeasured());
        assertTrue(metrics.strategy(MOMENTUM).fills() > 0);
    }

    /** As the bus would: each strategy gets its own symbol, the collector and book statistics get all. */
    private void publish(BookUpdate u) {
        if (u.symbolId() == 0) mm.onBookUpdate(u); else momentum.onBookUpdate(u);
        venue.flushAcks();
        bookStats.onBookUpdate(u);
        metrics.onBookUpdate(u);
    }
}
