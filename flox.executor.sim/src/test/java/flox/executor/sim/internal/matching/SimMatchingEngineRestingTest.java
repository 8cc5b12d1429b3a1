package flox.executor.sim.internal.matching;

import static flox.executor.sim.internal.matching.Venue.assertFill;
import static flox.executor.sim.internal.matching.Venue.assertTypes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resting host orders: price-time priority, queue position, fills on public trades and on crossing book updates. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SimMatchingEngineRestingTest {
    private Venue v;

    @BeforeEach
    void book() {
        v = new Venue();
        v.snapshot(new long[] {99, 10, 98, 20, 97, 30}, new long[] {102, 10, 103, 20});
    }

    @Test
    void shouldQueueHostOrdersInPriceTimePriority() {
        v.buy(1, 99, 1);
        v.buy(2, 100, 1);
        v.buy(3, 99, 1);
        v.buy(4, 101, 1);
        v.buy(5, 100, 1);
        v.sell(11, 104, 1);
        v.sell(12, 103, 1);
        v.sell(13, 104, 1);
        assertArrayEquals(new long[] {4, 2, 5, 1, 3}, v.resting(Side.BUY));
        assertArrayEquals(new long[] {12, 11, 13}, v.resting(Side.SELL));
    }

    @Test
    void shouldFillCrossedRestingOrdersBestPriceFirstThenByTimeAtTheirOwnPrice() {
        v.buy(1, 99, 2);
        v.buy(2, 100, 2);
        v.buy(3, 99, 2);
        v.buy(4, 100, 2);
        v.sell(9, 105, 1); // other side: untouched
        List<ExecutionEvent> r = v.ask(99, 5); // a seller arrives at 99: crosses all four
        assertTypes(r, ExecType.FILLED, ExecType.FILLED, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.FILLED, 2, 2, 100, 2);
        assertFill(r.get(1), ExecType.FILLED, 4, 2, 100, 2);
        assertFill(r.get(2), ExecType.PARTIALLY_FILLED, 1, 1, 99, 1);
        assertArrayEquals(new long[] {1, 3}, v.resting(Side.BUY));
        assertEquals(5, v.engine.takenAt(Side.SELL, 99));
        assertTrue(v.ask(98, 0).isEmpty(), "an update elsewhere does not give the taken liquidity back");
    }

    @Test
    void shouldFillACrossedRestingOrderAcrossSeveralLevelsAndMarkThemTaken() {
        v.buy(1, 101, 6);
        List<ExecutionEvent> r = v.snapshot(new long[] {99, 10}, new long[] {100, 2, 101, 3, 102, 9});
        assertTypes(r, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.PARTIALLY_FILLED, 1, 2, 101, 2);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 1, 3, 101, 5);
        assertEquals(2, v.engine.takenAt(Side.SELL, 100));
        assertEquals(3, v.engine.takenAt(Side.SELL, 101));
        assertTrue(v.engine.isResting(1));
    }

    @Test
    void shouldMatchThroughTheLevelByLevelCalls() {
        v.sell(1, 101, 4);
        v.book.setBid(101, 3);
        v.engine.onBookLevelChanged(Side.BUY, 101);
        assertTrue(v.sink.drain().isEmpty(), "nothing fills before the batch is matched");
        v.engine.matchCrossedOrders();
        assertFill(v.sink.drain().get(0), ExecType.PARTIALLY_FILLED, 1, 3, 101, 3);
        v.book.setBid(101, 0);
        v.book.setBid(102, 7);
        v.engine.onBookReplaced();
        assertEquals(0, v.engine.takenAt(Side.BUY, 101));
        v.engine.matchCrossedOrders();
        assertFill(v.sink.drain().get(0), ExecType.FILLED, 1, 1, 101, 4);
    }

    @Test
    void shouldMatchCrossedOrdersRightAfterASnapshot() {
        v.sell(1, 104, 4);
        List<ExecutionEvent> r = v.snapshot(new long[] {105, 1, 104, 10}, new long[] {106, 5});
        assertTypes(r, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
        assertFill(r.get(0), ExecType.PARTIALLY_FILLED, 1, 1, 104, 1);
        assertFill(r.get(1), ExecType.FILLED, 1, 3, 104, 4);
    }

    @Test
    void shouldStartBehindTheDisplayedQuantityAtItsPrice() {
        v.buy(1, 99, 5);
        v.buy(2, 100, 5);
        v.limit(3, Side.BUY, 98, 5, TimeInForce.POST_ONLY);
        assertEquals(10, v.engine.queueAheadOf(1));
        assertEquals(0, v.engine.queueAheadOf(2), "a new price level: nobody ahead");
        assertEquals(20, v.engine.queueAheadOf(3));
        assertEquals(-1, v.engine.queueAheadOf(42));
    }

    @Test
    void shouldFillOnATradeOnlyOnceTheVolumeAheadHasTraded() {
        v.buy(1, 99, 5);
        assertTrue(v.trade(99, 6, Side.SELL).isEmpty());
        assertEquals(4, v.engine.queueAheadOf(1));
        List<ExecutionEvent> r = v.trade(99, 7, Side.SELL);
        assertTypes(r, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.PARTIALLY_FILLED, 1, 3, 99, 3);
        assertEquals(0, v.engine.queueAheadOf(1));
        r = v.trade(99, 9, Side.SELL);
        assertFill(r.get(0), ExecType.FILLED, 1, 2, 99, 5);
        assertFalse(v.engine.isResting(1));
    }

    @Test
    void shouldShareATradeAmongHostOrdersAtOnePriceInTimeOrder() {
        // line at 99: [ext 10][A 5][ext 5][B 5]
        v.buy(1, 99, 5);
        v.bid(99, 15);
        v.buy(2, 99, 5);
        assertEquals(10, v.engine.queueAheadOf(1));
        assertEquals(15, v.engine.queueAheadOf(2));
        List<ExecutionEvent> r = v.trade(99, 12, Side.SELL);
        assertTypes(r, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.PARTIALLY_FILLED, 1, 2, 99, 2);
        assertEquals(5, v.engine.queueAheadOf(2), "the 10 before A traded; 5 are still ahead of B");
        r = v.trade(99, 10, Side.SELL); // A's 3, the 5 between, then 2 of B
        assertTypes(r, ExecType.FILLED, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.FILLED, 1, 3, 99, 5);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 2, 2, 99, 2);
    }

    @Test
    void shouldFillBetterPricedOrdersFirstOnATradeThroughThem() {
        v.buy(1, 99, 5); // 10 ahead
        v.buy(2, 100, 3); // better than the trade
        v.buy(3, 98, 5); // worse than the trade: not reached
        List<ExecutionEvent> r = v.trade(99, 14, Side.SELL);
        assertTypes(r, ExecType.FILLED, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.FILLED, 2, 3, 100, 3);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 1, 1, 99, 1);
        assertEquals(20, v.engine.queueAheadOf(3));
    }

    @Test
    void shouldLetTheAggressorSideDecideWhichRestingOrdersATradeReaches() {
        v.buy(1, 100, 5);
        v.sell(2, 101, 5);
        assertTrue(v.trade(100, 50, Side.BUY).isEmpty(), "a buyer lifting offers does not fill resting buys");
        assertTrue(v.trade(101, 50, Side.SELL).isEmpty(), "a seller hitting bids does not fill resting sells");
        assertTypes(v.trade(101, 50, Side.BUY), ExecType.FILLED);
        assertTypes(v.trade(100, 50, Side.SELL), ExecType.FILLED);
    }

    @Test
    void shouldReachBothSidesWhenTheAggressorIsUnknown() {
        v.buy(1, 100, 5);
        v.sell(2, 100, 5); // host orders do not trade with each other
        List<ExecutionEvent> r = v.trade(100, 3, null);
        assertTypes(r, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED);
        assertEquals(1, r.get(0).clientOrderId());
        assertEquals(2, r.get(1).clientOrderId());
    }

    @Test
    void shouldIgnoreTradesAtPricesThatDoNotReachTheOrder() {
        v.buy(1, 99, 5);
        v.sell(2, 103, 5);
        assertTrue(v.trade(100, 100, Side.SELL).isEmpty());
        assertTrue(v.trade(102, 100, Side.BUY).isEmpty());
        assertEquals(10, v.engine.queueAheadOf(1));
        assertEquals(20, v.engine.queueAheadOf(2));
    }

    @Test
    void shouldTakeTradesFromTheTradeEventFlyweight() {
        v.buy(1, 100, 5);
        TradeEvent t = new TradeEvent().set(Venue.SYMBOL_ID, 1, 100, 2, Side.SELL, 0, 0);
        v.engine.onTrade(t);
        assertTypes(v.sink.drain(), ExecType.PARTIALLY_FILLED);
    }

    @Test
    void shouldMoveUpTheQueueWhenTheLevelShrinksButNotBackWhenItGrows() {
        v.buy(1, 98, 5);
        assertEquals(20, v.engine.queueAheadOf(1));
        v.bid(98, 12);
        assertEquals(12, v.engine.queueAheadOf(1));
        v.bid(98, 50);
        assertEquals(12, v.engine.queueAheadOf(1), "new quantity joins behind");
        v.bid(98, 0);
        assertEquals(0, v.engine.queueAheadOf(1));
        v.snapshot(new long[] {98, 40}, new long[] {102, 10});
        assertEquals(0, v.engine.queueAheadOf(1));
    }

    @Test
    void shouldClampQueuesOnASnapshot() {
        v.buy(1, 97, 5);
        assertEquals(30, v.engine.queueAheadOf(1));
        v.snapshot(new long[] {97, 8}, new long[] {102, 10});
        assertEquals(8, v.engine.queueAheadOf(1));
    }

    @Test
    void shouldFillARestingOrderWhenTheOppositeBestCrossesIt() {
        v.buy(1, 100, 5);
        List<ExecutionEvent> r = v.ask(100, 3);
        assertTypes(r, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(0), ExecType.PARTIALLY_FILLED, 1, 3, 100, 3);
        r = v.ask(99, 10); // through the bid: fills at the order's own price
        assertFill(r.get(0), ExecType.FILLED, 1, 2, 100, 5);
        assertEquals(2, v.engine.takenAt(Side.SELL, 99));
        assertEquals(3, v.engine.takenAt(Side.SELL, 100));
        // what is left at 99 is there for the next taker
        r = v.limit(2, Side.BUY, 99, 10, TimeInForce.IOC);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 2, 8, 99, 8);
    }

    @Test
    void shouldNotFillARestingOrderTwiceFromLiquidityItAlreadyTook() {
        v.buy(1, 102, 15); // takes 10 at 102, rests 5 at 102 with the ask used up
        assertTypes(v.sink.drain());
        assertTrue(v.engine.isResting(1));
        assertTrue(v.ask(103, 25).isEmpty(), "102 is still used up; 103 does not cross");
        assertTypes(v.ask(102, 4), ExecType.PARTIALLY_FILLED); // the venue refreshed 102
    }
}
