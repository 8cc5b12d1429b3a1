package flox.executor.sim.internal.matching;

import static flox.executor.sim.internal.matching.Venue.assertFill;
import static flox.executor.sim.internal.matching.Venue.assertReport;
import static flox.executor.sim.internal.matching.Venue.assertTypes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
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

/** Cancel and replace, including the races where the order finished or traded before the request arrived. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SimMatchingEngineCancelReplaceTest {
    private Venue v;

    @BeforeEach
    void book() {
        v = new Venue();
        v.snapshot(new long[] {99, 10, 98, 20}, new long[] {102, 10, 103, 20});
    }

    // ------------------------------------------------------------------ cancel

    @Test
    void shouldCancelARestingOrder() {
        long xid = v.buy(1, 99, 5).get(0).exchangeOrderId();
        List<ExecutionEvent> r = v.cancel(1);
        assertTypes(r, ExecType.CANCELED);
        assertReport(r.get(0), ExecType.CANCELED, 1, 0, RejectReason.NONE);
        assertEquals(xid, r.get(0).exchangeOrderId());
        assertEquals(5, r.get(0).quantityScaled());
        assertFalse(v.engine.isResting(1));
        assertEquals(0, v.engine.restingOrderCount());
    }

    @Test
    void shouldReportTheFilledQuantityWhenCancelingAPartlyFilledOrder() {
        v.buy(1, 99, 5);
        v.trade(99, 12, Side.SELL);
        assertReport(v.cancel(1).get(0), ExecType.CANCELED, 1, 2, RejectReason.NONE);
    }

    @Test
    void shouldRejectACancelThatArrivesAfterTheOrderFilled() {
        v.buy(1, 99, 5);
        assertTypes(v.ask(99, 5), ExecType.FILLED);
        List<ExecutionEvent> r = v.cancel(1);
        assertTypes(r, ExecType.CANCEL_REJECTED);
        assertReport(r.get(0), ExecType.CANCEL_REJECTED, 1, 0, RejectReason.UNKNOWN_ORDER);
        assertTrue(r.get(0).text().length() > 0);
    }

    @Test
    void shouldRejectCancelsOfOrdersThatAreGoneOrNeverRested() {
        v.buy(1, 99, 5);
        v.cancel(1);
        assertTypes(v.cancel(1), ExecType.CANCEL_REJECTED); // twice
        v.limit(2, Side.BUY, 99, 5, TimeInForce.IOC); // expired at once
        assertTypes(v.cancel(2), ExecType.CANCEL_REJECTED);
        v.limit(3, Side.BUY, 102, 5, TimeInForce.POST_ONLY); // rejected
        assertTypes(v.cancel(3), ExecType.CANCEL_REJECTED);
        List<ExecutionEvent> r = v.cancel(77); // never seen
        assertNull(r.get(0).side(), "the venue does not know the side of an order it never saw");
    }

    @Test
    void shouldLetTheOrdersBehindMoveUpWhenOneIsCanceled() {
        v.buy(1, 100, 1);
        v.buy(2, 100, 1);
        v.buy(3, 100, 1);
        v.cancel(2);
        assertArrayEquals(new long[] {1, 3}, v.resting(Side.BUY));
        v.cancel(1);
        v.cancel(3);
        assertArrayEquals(new long[0], v.resting(Side.BUY));
        v.buy(4, 100, 1);
        assertArrayEquals(new long[] {4}, v.resting(Side.BUY));
    }

    // ------------------------------------------------------------------ replace

    @Test
    void shouldReplaceWithTheNewIdAndKeepTheExchangeOrderId() {
        long xid = v.buy(1, 99, 5).get(0).exchangeOrderId();
        List<ExecutionEvent> r = v.replace(1, 2, 98, 6);
        assertTypes(r, ExecType.REPLACED);
        ExecutionEvent e = r.get(0);
        assertEquals(2, e.clientOrderId());
        assertEquals(1, e.origClientOrderId());
        assertEquals(xid, e.exchangeOrderId());
        assertEquals(98, e.priceScaled());
        assertEquals(6, e.quantityScaled());
        assertFalse(v.engine.isResting(1));
        assertTrue(v.engine.isResting(2));
        assertTypes(v.cancel(1), ExecType.CANCEL_REJECTED);
        assertTypes(v.cancel(2), ExecType.CANCELED);
    }

    @Test
    void shouldKeepTimePriorityAndQueuePositionWhenOnlyTheQuantityShrinks() {
        v.buy(1, 99, 5);
        v.buy(2, 99, 5);
        v.trade(99, 4, Side.SELL);
        assertEquals(6, v.engine.queueAheadOf(1));
        v.replace(1, 11, 99, 3);
        assertArrayEquals(new long[] {11, 2}, v.resting(Side.BUY));
        assertEquals(6, v.engine.queueAheadOf(11));
    }

    @Test
    void shouldLoseTimePriorityWhenTheQuantityGrows() {
        v.buy(1, 99, 5);
        v.buy(2, 99, 5);
        v.trade(99, 4, Side.SELL);
        v.replace(1, 11, 99, 8);
        assertArrayEquals(new long[] {2, 11}, v.resting(Side.BUY));
        assertEquals(10, v.engine.queueAheadOf(11), "back of the queue: behind all that is displayed now");
    }

    @Test
    void shouldLoseTimePriorityWhenThePriceChangesEvenIfItComesBack() {
        v.buy(1, 99, 5);
        v.buy(2, 99, 5);
        v.replace(1, 11, 98, 5);
        v.replace(11, 12, 99, 5);
        assertArrayEquals(new long[] {2, 12}, v.resting(Side.BUY));
    }

    @Test
    void shouldCarryTheFilledQuantityOverAReplaceAndFillUnderTheNewId() {
        v.buy(1, 99, 10);
        v.trade(99, 14, Side.SELL); // 4 filled
        List<ExecutionEvent> r = v.replace(1, 2, 99, 8);
        assertReport(r.get(0), ExecType.REPLACED, 2, 4, RejectReason.NONE);
        r = v.trade(99, 3, Side.SELL);
        assertFill(r.get(0), ExecType.PARTIALLY_FILLED, 2, 3, 99, 7);
        r = v.trade(99, 3, Side.SELL);
        assertFill(r.get(0), ExecType.FILLED, 2, 1, 99, 8);
    }

    @Test
    void shouldRejectAReplaceBelowTheFilledQuantity() {
        v.buy(1, 99, 10);
        v.trade(99, 16, Side.SELL); // 6 filled
        List<ExecutionEvent> r = v.replace(1, 2, 99, 5);
        assertTypes(r, ExecType.REPLACE_REJECTED);
        ExecutionEvent e = r.get(0);
        assertReport(e, ExecType.REPLACE_REJECTED, 2, 6, RejectReason.INVALID_QUANTITY);
        assertEquals(1, e.origClientOrderId());
        assertEquals(10, e.quantityScaled(), "the original stays as it was");
        assertTrue(v.engine.isResting(1));
        assertFalse(v.engine.isResting(2));
    }

    @Test
    void shouldFinishTheOrderWhenReplacedDownToTheFilledQuantity() {
        v.buy(1, 99, 10);
        v.trade(99, 16, Side.SELL);
        List<ExecutionEvent> r = v.replace(1, 2, 99, 6);
        assertTypes(r, ExecType.REPLACED);
        assertEquals(6, r.get(0).quantityScaled());
        assertEquals(6, r.get(0).cumulativeQuantityScaled());
        assertFalse(v.engine.isResting(1));
        assertFalse(v.engine.isResting(2));
        assertEquals(0, v.engine.restingOrderCount());
    }

    @Test
    void shouldRejectAReplaceOfAnOrderThatFilledMeanwhile() {
        v.buy(1, 99, 5);
        v.ask(99, 20);
        List<ExecutionEvent> r = v.replace(1, 2, 98, 5);
        assertTypes(r, ExecType.REPLACE_REJECTED);
        assertReport(r.get(0), ExecType.REPLACE_REJECTED, 2, 0, RejectReason.UNKNOWN_ORDER);
        assertEquals(1, r.get(0).origClientOrderId());
    }

    @Test
    void shouldRejectAReplaceToAnIdInUseOrTheSameId() {
        v.buy(1, 99, 5);
        v.buy(2, 98, 5);
        assertReport(v.replace(1, 2, 97, 5).get(0), ExecType.REPLACE_REJECTED, 2, 0, RejectReason.DUPLICATE_ORDER_ID);
        assertReport(v.replace(1, 1, 97, 5).get(0), ExecType.REPLACE_REJECTED, 1, 0, RejectReason.DUPLICATE_ORDER_ID);
        assertArrayEquals(new long[] {1, 2}, v.resting(Side.BUY));
    }

    @Test
    void shouldRejectAReplaceThatBreaksTheSymbolRules() {
        v.buy(1, 99, 5);
        assertReport(v.replace(1, 2, 0, 5).get(0), ExecType.REPLACE_REJECTED, 2, 0, RejectReason.INVALID_PRICE);
        assertReport(v.replace(1, 3, 99, 0).get(0), ExecType.REPLACE_REJECTED, 3, 0, RejectReason.INVALID_QUANTITY);
        assertTrue(v.engine.isResting(1));
    }

    @Test
    void shouldTakeLiquidityWhenAReplaceMovesTheOrderThroughTheBook() {
        v.buy(1, 99, 15);
        List<ExecutionEvent> r = v.replace(1, 2, 102, 15);
        assertTypes(r, ExecType.REPLACED, ExecType.PARTIALLY_FILLED);
        assertFill(r.get(1), ExecType.PARTIALLY_FILLED, 2, 10, 102, 10);
        assertTrue(v.engine.isResting(2));
        assertEquals(10, v.engine.takenAt(Side.SELL, 102));
        r = v.replace(2, 3, 103, 15);
        assertTypes(r, ExecType.REPLACED, ExecType.FILLED);
        assertFill(r.get(1), ExecType.FILLED, 3, 5, 103, 15);
        assertEquals(0, v.engine.restingOrderCount());
    }

    @Test
    void shouldRejectAPostOnlyReplaceThatWouldTakeLiquidity() {
        v.limit(1, Side.SELL, 103, 5, TimeInForce.POST_ONLY);
        List<ExecutionEvent> r = v.replace(1, 2, 99, 5);
        assertReport(r.get(0), ExecType.REPLACE_REJECTED, 2, 0, RejectReason.WOULD_TAKE_LIQUIDITY);
        assertTypes(v.replace(1, 3, 100, 5), ExecType.REPLACED);
        assertArrayEquals(new long[] {3}, v.resting(Side.SELL));
    }

    @Test
    void shouldRejectAReplaceOfAnOrderThatWasCanceledOrReplaced() {
        v.buy(1, 99, 5);
        v.replace(1, 2, 99, 4);
        assertReport(v.replace(1, 3, 99, 3).get(0), ExecType.REPLACE_REJECTED, 3, 0, RejectReason.UNKNOWN_ORDER);
        v.cancel(2);
        assertReport(v.replace(2, 4, 99, 3).get(0), ExecType.REPLACE_REJECTED, 4, 0, RejectReason.UNKNOWN_ORDER);
    }
}
