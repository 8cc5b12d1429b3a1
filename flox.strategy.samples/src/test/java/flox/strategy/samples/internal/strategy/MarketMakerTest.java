package flox.strategy.samples.internal.strategy;

import static flox.strategy.samples.internal.TestSupport.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import flox.api.event.ExecType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.strategy.samples.internal.TestSupport;
import flox.strategy.samples.internal.TestSupport.FakeGateway;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import flox.strategy.samples.internal.TestSupport.Sent;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The market maker's decisions on synthetic BTCUSDT books (price scale 2, quantity scale 5):
 * quote size 0.001 (100), max inventory 0.003 (300), spread 10 bps, skew 1 bps per quote held,
 * requote threshold 2 bps.
 */
@Timeout(30)
class MarketMakerTest {
    private static final int STRATEGY = 5;
    private final FakeGateway gateway = new FakeGateway();
    private final TickToTradeProbe probe = new TickToTradeProbe(64);
    private final ManualClock clock = new ManualClock();
    private final StrategyOrders orders = new StrategyOrders(gateway, probe, clock, STRATEGY, 16);
    private final MarketMaker mm = new MarketMaker(orders, new MarketMaker.Params(100_000L, 300_000L, 1_000, 0, 100, 0, 200, 0, 0));

    @BeforeEach
    void bind() {
        orders.symbolId(0);
        assertNull(mm.bindSymbol(TestSupport.BTC));
        assertEquals(100, mm.quoteSizeScaled());
    }

    /** bid 60000.00 / ask 60000.10: mid 60000.05, half spread 30.00. */
    private static OrderBook btc(long shift) {
        return book(0, 6_000_000 + shift, 50_000, 6_000_010 + shift, 50_000);
    }

    private void ack(Sent s) {
        orders.onExecution(ExecType.ACCEPTED, s.id(), 0, 0, 0);
    }

    @Test
    void shouldQuotePostOnlyAroundTheMidWithTheTriggerStamped() {
        mm.onBook(btc(0), 123, 1_000);
        assertEquals(2, gateway.sent.size());
        Sent bid = gateway.sent.get(0);
        Sent ask = gateway.sent.get(1);
        assertEquals(new Sent(1, 0, STRATEGY, Side.BUY, 5_997_005, 100, TimeInForce.POST_ONLY), bid);
        assertEquals(new Sent(2, 0, STRATEGY, Side.SELL, 6_003_005, 100, TimeInForce.POST_ONLY), ask);
        assertEquals(2, probe.tickToTrade().count());
        assertEquals(clock.nowNs - 123, probe.tickToTrade().min(), "tick-to-trade from the trigger, both orders");
        assertEquals(clock.nowNs - 123, probe.tickToTrade().max());
    }

    @Test
    void shouldNotStackOrdersWhileTheQuotesAreUnacknowledged() {
        mm.onBook(btc(0), 1, 1);
        mm.onBook(btc(5_000), 2, 2); // a big move, but nothing is acknowledged yet
        assertEquals(2, gateway.sent.size());
        assertEquals(0, gateway.cancels.size());
    }

    @Test
    void shouldRequoteOnlyWhenTheWantedPriceMovesByTheThreshold() {
        mm.onBook(btc(0), 1, 1);
        gateway.sent.forEach(this::ack);
        mm.onBook(btc(1_100), 2, 2); // 11.00 < threshold 12.00 (2 bps of 60000.05)
        assertEquals(0, gateway.cancels.size());
        mm.onBook(btc(1_300), 3, 3);
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels);
        mm.onBook(btc(1_300), 4, 4);
        assertEquals(2, gateway.sent.size(), "one order per side: wait for the cancels");

        orders.onExecution(ExecType.CANCELED, 1, 0, 0, 0);
        mm.onBook(btc(1_300), 5, 5);
        assertEquals(3, gateway.sent.size());
        assertEquals(new Sent(3, 0, STRATEGY, Side.BUY, 5_998_305, 100, TimeInForce.POST_ONLY), gateway.last());
        assertEquals(3, probe.tickToTrade().count());
        assertEquals(clock.nowNs - 5, probe.tickToTrade().min(), "the new quote's trigger is the event it was decided on");
    }

    @Test
    void shouldSkewBothQuotesAgainstTheInventory() {
        mm.onBook(btc(0), 1, 1);
        gateway.sent.forEach(this::ack);
        orders.onExecution(ExecType.FILLED, 1, 5_997_005, 100, 100); // the bid filled: long 0.001
        assertEquals(100, orders.inventory());
        orders.onExecution(ExecType.CANCELED, 2, 0, 0, 0); // (ask gone too, to see both new quotes)
        mm.onBook(btc(0), 2, 2);
        // skew = 60000.05 x 1 bps x 1 quote held = 6.00: centre 59994.05
        assertEquals(new Sent(3, 0, STRATEGY, Side.BUY, 5_996_405, 100, TimeInForce.POST_ONLY), gateway.sent.get(2));
        assertEquals(new Sent(4, 0, STRATEGY, Side.SELL, 6_002_405, 100, TimeInForce.POST_ONLY), gateway.sent.get(3));
    }

    @Test
    void shouldStopBiddingAtMaxInventory() {
        mm.onBook(btc(0), 1, 1);
        gateway.sent.forEach(this::ack);
        orders.onExecution(ExecType.PARTIALLY_FILLED, 1, 5_997_005, 50, 50);
        orders.onExecution(ExecType.FILLED, 1, 5_997_005, 50, 100);
        // inventory 0.001; a new bid may go out (0.001 + 0.001 <= 0.003)
        mm.onBook(btc(0), 2, 2);
        Sent bid2 = gateway.last();
        assertEquals(Side.BUY, bid2.side());
        ack(bid2);
        orders.onExecution(ExecType.FILLED, bid2.id(), bid2.price(), 100, 100);
        mm.onBook(btc(0), 3, 3);
        Sent bid3 = gateway.last();
        assertEquals(Side.BUY, bid3.side(), "0.002 held + 0.001 = max: still allowed");
        ack(bid3);
        orders.onExecution(ExecType.PARTIALLY_FILLED, bid3.id(), bid3.price(), 50, 50);
        assertEquals(250, orders.inventory());
        int sent = gateway.sent.size();
        mm.onBook(btc(0), 4, 4);
        assertEquals(sent, gateway.sent.size(), "exposure 0.0025 + 0.0005 open = max: no new bid, the working one stays");
        orders.onExecution(ExecType.FILLED, bid3.id(), bid3.price(), 50, 100);
        mm.onBook(btc(0), 5, 5);
        assertEquals(sent, gateway.sent.size(), "at max inventory: no bid");
        assertTrue(orders.working(Side.SELL) >= 0 || orders.isCanceling(Side.SELL), "the ask is still quoted (requoted lower as the skew grows)");
    }

    @Test
    void shouldCancelAWorkingBidWhenMaxInventoryIsLowered() {
        mm.onBook(btc(0), 1, 1);
        gateway.sent.forEach(this::ack);
        orders.onExecution(ExecType.FILLED, 1, 5_997_005, 100, 100);
        mm.onBook(btc(0), 2, 2);
        Sent bid2 = gateway.last();
        assertEquals(Side.BUY, bid2.side());
        ack(bid2);
        mm.params(new MarketMaker.Params(100_000L, 100_000L, 1_000, 0, 100, 0, 200, 0, 0)); // max 0.001: held 0.001 + 0.001 open exceeds it
        assertNull(mm.bindSymbol(TestSupport.BTC));
        mm.onBook(btc(0), 3, 3);
        assertTrue(gateway.cancels.contains(bid2.id()), gateway.cancels.toString());
    }

    @Test
    void shouldNeverQuoteThroughTheTouch() {
        MarketMaker tight = new MarketMaker(orders, new MarketMaker.Params(100_000L, 300_000L, 0, 0, 0, 0, 200, 0, 0)); // zero spread
        assertNull(tight.bindSymbol(TestSupport.BTC));
        tight.onBook(btc(0), 1, 1);
        // half spread is at least one tick: bid 60000.04, ask 60000.06; both inside the touch
        assertEquals(6_000_004, gateway.sent.get(0).price());
        assertEquals(6_000_006, gateway.sent.get(1).price());
        assertTrue(gateway.sent.get(0).price() < 6_000_010 && gateway.sent.get(1).price() > 6_000_000);
    }

    @Test
    void shouldIgnoreOneSidedOrCrossedBooks() {
        OrderBook oneSided = new OrderBook(0, 4);
        oneSided.setBid(6_000_000, 10);
        mm.onBook(oneSided, 1, 1);
        mm.onBook(book(0, 6_000_010, 1, 6_000_000, 1), 2, 2);
        assertEquals(0, gateway.sent.size());
    }

    @Test
    void shouldCancelItsWorkingQuotesOnStop() {
        mm.onBook(btc(0), 1, 1);
        ack(gateway.sent.get(0)); // the ask stays unacknowledged: it is canceled too
        mm.onStop();
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels);
        assertEquals(StrategyOrders.CANCELING, orders.state(orders.find(1)));
    }

    @Test
    void shouldRefuseASizeThatIsNotOnTheLot() {
        MarketMaker odd = new MarketMaker(orders, new MarketMaker.Params(1L, 300_000L, 1_000, 0, 100, 0, 200, 0, 0)); // 0.00000001
        String why = odd.bindSymbol(TestSupport.BTC);
        assertNotNull(why);
        assertTrue(why.contains("lot"), why);
        odd.onBook(btc(0), 1, 1);
        assertEquals(0, gateway.sent.size());
    }

    @Test
    void shouldWaitForTheCooldownAfterARejectedQuote() {
        MarketMaker slow = new MarketMaker(orders, new MarketMaker.Params(100_000L, 300_000L, 1_000, 0, 100, 0, 200, 0, 1_000));
        assertNull(slow.bindSymbol(TestSupport.BTC));
        slow.onBook(btc(0), 1, 10_000);
        orders.onExecution(ExecType.REJECTED, 1, 0, 0, 0); // e.g. post-only would have crossed
        ack(gateway.sent.get(1));
        slow.onBook(btc(0), 2, 10_100); // the cool-down starts at this decision
        slow.onBook(btc(0), 3, 11_099);
        assertEquals(2, gateway.sent.size(), "no new bid during the cool-down");
        slow.onBook(btc(0), 4, 11_100);
        assertEquals(3, gateway.sent.size());
        assertEquals(Side.BUY, gateway.last().side());
    }

    @Test
    void shouldTakeDistancesInTicksForTightMarkets() {
        MarketMaker ticks = new MarketMaker(orders, new MarketMaker.Params(100_000L, 300_000L, 0, 4, 0, 1, 0, 3, 0));
        assertNull(ticks.bindSymbol(TestSupport.BTC));
        ticks.onBook(btc(0), 1, 1); // mid 60000.05: spread 4 ticks, 2 each side
        assertEquals(6_000_003, gateway.sent.get(0).price());
        assertEquals(6_000_007, gateway.sent.get(1).price());
        gateway.sent.forEach(this::ack);
        orders.onExecution(ExecType.FILLED, 1, 6_000_003, 100, 100); // long one quote: 1 tick of skew
        ticks.onBook(btc(0), 2, 2);
        assertEquals(new Sent(3, 0, STRATEGY, Side.BUY, 6_000_002, 100, TimeInForce.POST_ONLY), gateway.last());
        ticks.onBook(btc(3), 3, 3); // mid +3 ticks, skew -1: the ask wants 6000009, 2 ticks from 6000007
        assertEquals(0, gateway.cancels.size());
        ticks.onBook(btc(4), 4, 4); // 3 ticks: requote
        assertEquals(java.util.List.of(2L), gateway.cancels);
    }
}
