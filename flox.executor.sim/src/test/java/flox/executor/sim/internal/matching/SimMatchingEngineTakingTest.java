package flox.executor.sim.internal.matching;

import static flox.executor.sim.internal.matching.Venue.assertFill;
import static flox.executor.sim.internal.matching.Venue.assertReport;
import static flox.executor.sim.internal.matching.Venue.assertTypes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Incoming orders taking external liquidity: partial fills across levels, TIFs, market orders, the taken-liquidity overlay. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SimMatchingEngineTakingTest {
    private Venue v;

    @BeforeEach
    void book() {
        v = new Venue();
        v.snapshot(new long[] {99, 5, 98, 5, 97, 5}, new long[] {100, 5, 101, 5, 102, 5});
    }

    @Test
    void shouldFillALimitBuyAcrossAskLevelsAtEachLevelsPriceAndRestTheRemainder() {
        List<ExecutionEvent> r = v.buy(1, 101, 12);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED);
        assertEquals(101, r.get(0).priceScaled());
        assertEquals(12, r.get(0).quantityScaled());
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 1, 5, 100, 5);
        assertFill(r.get(2), ExecType.PARTIALLY_FILLED, 1, 5, 101, 10);
        assertTrue(v.engine.isResting(1));
        assertEquals(0, v.engine.queueAheadOf(1), "no external bid at 101: first in the queue");
        assertEquals(5, v.engine.takenAt(Side.SELL, 100));
        assertEquals(5, v.engine.takenAt(Side.SELL, 101));
        assertEquals(0, v.engine.takenAt(Side.SELL, 102));
    }

    @Test
    void shouldReportFilledWhenTheLastLevelCompletesTheOrder() {
        List<ExecutionEvent> r = v.limit(1, Side.SELL, 98, 8, TimeInForce.GTC);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 1, 5, 99, 5);
        assertFill(r.get(2), ExecType.FILLED, 1, 3, 98, 8);
        assertFalse(v.engine.isResting(1));
        assertEquals(0, v.engine.restingOrderCount());
    }

    @Test
    void shouldCarryIdsSymbolSideAndClockTimeOnEveryReport() {
        v.clock.nowNs = 5_000;
        v.engine.submit(1, Side.BUY, flox.api.order.OrderType.LIMIT, TimeInForce.GTC, 100, 7);
        List<ExecutionEvent> r = v.sink.drain();
        long xid = r.get(0).exchangeOrderId();
        assertTrue(xid > 0);
        long lastExec = 0;
        for (ExecutionEvent e : r) {
            assertEquals(Venue.SYMBOL_ID, e.symbolId());
            assertEquals(Side.BUY, e.side());
            assertEquals(xid, e.exchangeOrderId());
            assertTrue(e.execId() > lastExec, "exec ids increase");
            lastExec = e.execId();
            assertEquals(5_000, e.receiveTimestampNs());
            assertEquals(ManualClock.EPOCH_OFFSET_NS + 5_000, e.exchangeTimestampNs());
        }
        assertTrue(v.buy(2, 90, 1).get(0).exchangeOrderId() > xid, "exchange order ids increase");
    }

    @Test
    void shouldNotFillTheSameDisplayedLiquidityTwice() {
        assertTypes(v.limit(1, Side.BUY, 100, 3, TimeInForce.IOC), ExecType.ACCEPTED, ExecType.FILLED);
        List<ExecutionEvent> r = v.limit(2, Side.BUY, 100, 5, TimeInForce.IOC);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.EXPIRED);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 2, 2, 100, 2);
        assertEquals(5, v.engine.takenAt(Side.SELL, 100));
        r = v.limit(3, Side.BUY, 100, 1, TimeInForce.IOC);
        assertTypes(r, ExecType.ACCEPTED, ExecType.EXPIRED);
        assertReport(r.get(1), ExecType.EXPIRED, 3, 0, RejectReason.NO_LIQUIDITY);
        r = v.market(4, Side.BUY, 6); // 100 is used up: the market order starts at 101
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 4, 5, 101, 5);
        assertFill(r.get(2), ExecType.FILLED, 4, 1, 102, 6);
    }

    @Test
    void shouldOfferLiquidityAgainOnceMarketDataUpdatesThatLevel() {
        v.limit(1, Side.BUY, 100, 5, TimeInForce.IOC);
        assertEquals(5, v.engine.takenAt(Side.SELL, 100));
        v.ask(101, 7); // another level: 100 stays used up
        assertEquals(5, v.engine.takenAt(Side.SELL, 100));
        assertTypes(v.limit(2, Side.BUY, 100, 1, TimeInForce.IOC), ExecType.ACCEPTED, ExecType.EXPIRED);
        v.ask(100, 4); // the venue says 4 are there now
        assertEquals(0, v.engine.takenAt(Side.SELL, 100));
        List<ExecutionEvent> r = v.limit(3, Side.BUY, 100, 9, TimeInForce.IOC);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 3, 4, 100, 4);
        assertReport(r.get(2), ExecType.EXPIRED, 3, 4, RejectReason.NO_LIQUIDITY);
    }

    @Test
    void shouldForgetAllTakenLiquidityOnASnapshot() {
        v.limit(1, Side.BUY, 101, 10, TimeInForce.IOC);
        v.limit(2, Side.SELL, 99, 2, TimeInForce.IOC);
        assertEquals(5, v.engine.takenAt(Side.SELL, 101));
        assertEquals(2, v.engine.takenAt(Side.BUY, 99));
        v.snapshot(new long[] {99, 5}, new long[] {100, 5, 101, 5});
        assertEquals(0, v.engine.takenAt(Side.SELL, 100));
        assertEquals(0, v.engine.takenAt(Side.SELL, 101));
        assertEquals(0, v.engine.takenAt(Side.BUY, 99));
        assertTypes(v.limit(3, Side.BUY, 101, 10, TimeInForce.IOC), ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
    }

    @Test
    void shouldExpireTheRemainderOfAnIocWithTheCumulativeQuantity() {
        List<ExecutionEvent> r = v.limit(1, Side.BUY, 101, 30, TimeInForce.IOC);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED, ExecType.EXPIRED);
        assertReport(r.get(3), ExecType.EXPIRED, 1, 10, RejectReason.NO_LIQUIDITY);
        assertEquals(30, r.get(3).quantityScaled());
        assertEquals(0, v.engine.restingOrderCount());
        assertEquals(0, v.engine.takenAt(Side.SELL, 102), "the limit stops the walk");
    }

    @Test
    void shouldExpireAnIocThatCannotTradeAtAll() {
        List<ExecutionEvent> r = v.limit(1, Side.BUY, 99, 3, TimeInForce.IOC);
        assertTypes(r, ExecType.ACCEPTED, ExecType.EXPIRED);
        assertReport(r.get(1), ExecType.EXPIRED, 1, 0, RejectReason.NO_LIQUIDITY);
    }

    @Test
    void shouldFillAFokWholeAcrossLevels() {
        List<ExecutionEvent> r = v.limit(1, Side.BUY, 102, 15, TimeInForce.FOK);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
        assertFill(r.get(3), ExecType.FILLED, 1, 5, 102, 15);
    }

    @Test
    void shouldExpireAFokThatCannotFillWholeWithoutTakingAnything() {
        List<ExecutionEvent> r = v.limit(1, Side.BUY, 101, 11, TimeInForce.FOK);
        assertTypes(r, ExecType.ACCEPTED, ExecType.EXPIRED);
        assertReport(r.get(1), ExecType.EXPIRED, 1, 0, RejectReason.NO_LIQUIDITY);
        assertEquals(0, v.engine.takenAt(Side.SELL, 100));
        assertEquals(0, v.engine.takenAt(Side.SELL, 101));
        // and the check counts only what is not taken yet
        v.limit(2, Side.BUY, 100, 1, TimeInForce.IOC);
        assertTypes(v.limit(3, Side.BUY, 101, 10, TimeInForce.FOK), ExecType.ACCEPTED, ExecType.EXPIRED);
        assertTypes(v.limit(4, Side.BUY, 101, 9, TimeInForce.FOK), ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
    }

    @Test
    void shouldRejectAPostOnlyOrderThatWouldTakeLiquidity() {
        List<ExecutionEvent> r = v.limit(1, Side.BUY, 100, 2, TimeInForce.POST_ONLY);
        assertTypes(r, ExecType.REJECTED);
        assertReport(r.get(0), ExecType.REJECTED, 1, 0, RejectReason.WOULD_TAKE_LIQUIDITY);
        assertEquals(0, r.get(0).exchangeOrderId(), "never lived at the venue");
        assertEquals(0, v.engine.takenAt(Side.SELL, 100));
        assertTypes(v.limit(2, Side.SELL, 99, 2, TimeInForce.POST_ONLY), ExecType.REJECTED);
        assertEquals(0, v.engine.restingOrderCount());
    }

    @Test
    void shouldRestAPostOnlyOrderThatDoesNotCross() {
        assertTypes(v.limit(1, Side.BUY, 99, 2, TimeInForce.POST_ONLY), ExecType.ACCEPTED);
        assertTypes(v.limit(2, Side.SELL, 100, 2, TimeInForce.POST_ONLY), ExecType.ACCEPTED);
        assertEquals(5, v.engine.queueAheadOf(1));
        assertEquals(5, v.engine.queueAheadOf(2));
        // a level the host has used up no longer counts as crossing
        v.limit(3, Side.SELL, 99, 5, TimeInForce.IOC);
        assertTypes(v.limit(4, Side.SELL, 99, 1, TimeInForce.POST_ONLY), ExecType.ACCEPTED);
    }

    @Test
    void shouldFillAMarketOrderAsFarAsTheBookGoesAndExpireTheRest() {
        List<ExecutionEvent> r = v.market(1, Side.SELL, 20);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED, ExecType.EXPIRED);
        assertEquals(0, r.get(0).priceScaled(), "market orders carry no price");
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 1, 5, 99, 5);
        assertFill(r.get(2), ExecType.PARTIALLY_FILLED, 1, 5, 98, 10);
        assertFill(r.get(3), ExecType.PARTIALLY_FILLED, 1, 5, 97, 15);
        assertReport(r.get(4), ExecType.EXPIRED, 1, 15, RejectReason.NO_LIQUIDITY);
        r = v.market(2, Side.BUY, 4);
        assertTypes(r, ExecType.ACCEPTED, ExecType.FILLED);
        assertFill(r.get(1), ExecType.FILLED, 2, 4, 100, 4);
    }

    @Test
    void shouldExpireAMarketOrderWithNoLiquidityWhenTheBookIsEmpty() {
        v.snapshot(new long[0], new long[0]);
        List<ExecutionEvent> r = v.market(1, Side.BUY, 3);
        assertTypes(r, ExecType.ACCEPTED, ExecType.EXPIRED);
        assertReport(r.get(1), ExecType.EXPIRED, 1, 0, RejectReason.NO_LIQUIDITY);
    }

    @Test
    void shouldFillAMarketFokWholeOrNotAtAll() {
        assertTypes(marketFok(1, 16), ExecType.ACCEPTED, ExecType.EXPIRED);
        assertTypes(marketFok(2, 15), ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED, ExecType.FILLED);
    }

    private List<ExecutionEvent> marketFok(long id, long qty) {
        v.engine.submit(id, Side.BUY, flox.api.order.OrderType.MARKET, TimeInForce.FOK, 0, qty);
        return v.sink.drain();
    }

    @Test
    void shouldLookAtNoMoreThanMaxLevelsPerSide() {
        Venue shallow = new Venue(Venue.plainSymbol(), 8, 2);
        shallow.snapshot(new long[0], new long[] {100, 1, 101, 1, 102, 1});
        List<ExecutionEvent> r = shallow.market(1, Side.BUY, 3);
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.PARTIALLY_FILLED, ExecType.EXPIRED);
    }

    @Test
    void shouldMakeRoomInTheOverlayForLevelsThatMovedIntoView() {
        Venue shallow = new Venue(Venue.plainSymbol(), 8, 2);
        shallow.snapshot(new long[0], new long[] {100, 1, 101, 1});
        shallow.market(1, Side.BUY, 2); // overlay full: {100, 101}
        shallow.ask(99, 1); // 101 is now out of view, without an update of its own
        List<ExecutionEvent> r = shallow.market(2, Side.BUY, 1);
        assertTypes(r, ExecType.ACCEPTED, ExecType.FILLED);
        assertFill(r.get(1), ExecType.FILLED, 2, 1, 99, 1);
        assertEquals(1, shallow.engine.takenAt(Side.SELL, 100), "levels in view keep what was taken");
    }

    @Test
    void shouldKeepHostOrdersFromTradingWithEachOther() {
        v.buy(1, 99, 4);
        List<ExecutionEvent> r = v.limit(2, Side.SELL, 99, 7, TimeInForce.IOC);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 2, 5, 99, 5); // the external bid only
        assertTypes(r, ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.EXPIRED);
        assertArrayEquals(new long[] {1}, v.resting(Side.BUY));
    }

    @Test
    void shouldRefuseACallBackIntoTheEngineFromItsSink() {
        boolean assertionsOn = false;
        assert assertionsOn = true;
        org.junit.jupiter.api.Assumptions.assumeTrue(assertionsOn, "needs -ea");
        SimMatchingEngine[] self = new SimMatchingEngine[1];
        self[0] = new SimMatchingEngine(Venue.plainSymbol(), v.book, v.clock, v.ids, e -> self[0].cancel(e.clientOrderId()), 4, 4);
        org.junit.jupiter.api.Assertions.assertThrows(AssertionError.class, () -> self[0].submit(1, Side.BUY,
                flox.api.order.OrderType.LIMIT, TimeInForce.GTC, 90, 1));
    }
}
