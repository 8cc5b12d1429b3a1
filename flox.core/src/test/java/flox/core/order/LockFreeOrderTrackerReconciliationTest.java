package flox.core.order;

import static flox.core.order.TrackerDriver.QTY;
import static flox.core.order.TrackerDriver.SYMBOL;
import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.event.ExecType;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.Side;
import flox.api.order.TrackerResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The venue's view after a reconnect: forward corrections only, counted; unknown orders adopted unowned. */
@Timeout(10)
class LockFreeOrderTrackerReconciliationTest {
    private final TrackerDriver d = new TrackerDriver(16);

    private TrackerResult restated(long id, OrderStatus venue, long cum) {
        return d.apply(d.report(ExecType.RESTATED, id).venueStatus(venue).fill(TrackerDriver.fillPrice(cum), 0, cum));
    }

    @Test
    void shouldTakeFillsAndAnEndTheTrackerMissedAndCountThem() {
        d.accepted(1);
        assertEquals(TrackerResult.APPLIED, restated(1, OrderStatus.PARTIALLY_FILLED, 4), "fills missed while disconnected");
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(1));
        assertEquals(4, d.state(1).filledQuantityScaled());
        assertEquals(TrackerResult.DUPLICATE, restated(1, OrderStatus.PARTIALLY_FILLED, 4), "the same view again changes nothing");
        assertEquals(TrackerResult.APPLIED, restated(1, OrderStatus.CANCELED, 6), "canceled at the venue after two more fills");
        assertEquals(OrderStatus.CANCELED, d.status(1));
        assertEquals(6, d.state(1).filledQuantityScaled());
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.correctionCount());
    }

    @Test
    void shouldIgnoreAViewOlderThanTheTrackedStateAndRefuseOneThatContradictsAnEnd() {
        d.accepted(1);
        assertEquals(TrackerResult.APPLIED, d.partial(1, 5, 5));
        assertEquals(TrackerResult.STALE, restated(1, OrderStatus.ACCEPTED, 0), "behind the fill we have");
        assertEquals(TrackerResult.APPLIED, d.canceled(1, 5));
        assertEquals(TrackerResult.STALE, restated(1, OrderStatus.PARTIALLY_FILLED, 5), "live there, ended here: the view is older");
        assertEquals(TrackerResult.REFUSED_ILLEGAL_TRANSITION, restated(1, OrderStatus.FILLED, QTY), "canceled here, filled there: for a person");
        assertEquals(TrackerResult.REFUSED_OVERFILL, restated(1, OrderStatus.CANCELED, QTY + 1));
        assertEquals(0, d.tracker.correctionCount());
    }

    @Test
    void shouldAcceptAPendingOrderTheVenueSaysIsLiveAndKeepAPendingCancelPending() {
        d.newOrder(1);
        d.submit(1);
        assertEquals(TrackerResult.APPLIED, restated(1, OrderStatus.ACCEPTED, 0), "the ack was lost");
        assertEquals(OrderStatus.ACCEPTED, d.status(1));
        d.cancel(1);
        assertEquals(TrackerResult.APPLIED, restated(1, OrderStatus.PARTIALLY_FILLED, 3));
        assertEquals(OrderStatus.PENDING_CANCEL, d.status(1), "our cancel is still on its way");
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(1));
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(1), "the fill the restatement brought resumes");
    }

    @Test
    void shouldAdoptAVenueOrderItDoesNotKnowAsUnownedAndRefuseOneItKnows() {
        d.accepted(1);
        d.event.reset(ExecType.RESTATED, 77, SYMBOL, Side.SELL).venueStatus(OrderStatus.PARTIALLY_FILLED).order(12_345, 20)
                .fill(12_345, 0, 8).exchangeOrderId(4242).timestamps(0, d.tick());
        assertEquals(TrackerResult.APPLIED, d.tracker.adopt(d.event));
        OrderState s = new OrderState();
        d.tracker.read(77, s);
        assertEquals(OrderState.UNOWNED, s.strategyId());
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(8, s.filledQuantityScaled());
        assertEquals(4242, s.exchangeOrderId());
        assertEquals(2, d.tracker.openOrderCount());
        assertEquals(1, d.tracker.correctionCount());
        assertEquals(TrackerResult.APPLIED, restated(77, OrderStatus.FILLED, 20), "an adopted order is corrected like any other");
        d.event.reset(ExecType.RESTATED, 1, SYMBOL, Side.BUY).venueStatus(OrderStatus.ACCEPTED).order(100, QTY);
        assertEquals(TrackerResult.REFUSED_DUPLICATE_ORDER_ID, d.tracker.adopt(d.event), "known: restate it instead");
        d.event.reset(ExecType.RESTATED, 78, SYMBOL, Side.BUY).venueStatus(OrderStatus.FILLED).order(100, 10).fill(100, 0, 9);
        assertEquals(TrackerResult.REFUSED_INVALID, d.tracker.adopt(d.event), "filled must mean nothing leaves");
    }
}
