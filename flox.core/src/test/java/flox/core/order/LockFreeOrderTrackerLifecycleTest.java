package flox.core.order;

import static flox.core.order.TrackerDriver.PRICE;
import static flox.core.order.TrackerDriver.QTY;
import static flox.core.order.TrackerDriver.STRATEGY;
import static flox.core.order.TrackerDriver.SYMBOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import flox.api.event.ExecType;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.core.order.TrackerDriver.Counters;
import flox.core.order.TrackerDriver.Snapshot;
import org.junit.jupiter.api.Test;

/** Every legal path through the order state machine, checked through {@code read()} and the counters. */
class LockFreeOrderTrackerLifecycleTest {
    private static final long ID = 1;
    private static final long NEW_ID = 2;

    private final TrackerDriver d = new TrackerDriver(16);

    @Test
    void shouldRejectCapacityOutsideOneToTwoToThe26() {
        assertThrows(IllegalArgumentException.class, () -> new LockFreeOrderTracker(0));
        assertThrows(IllegalArgumentException.class, () -> new LockFreeOrderTracker(-1));
        assertThrows(IllegalArgumentException.class, () -> new LockFreeOrderTracker((1 << 26) + 1));
        assertEquals(1, new LockFreeOrderTracker(1).capacity());
        assertEquals(16, d.tracker.capacity());
    }

    @Test
    void shouldStartEmpty() {
        Counters c = d.counters();
        assertEquals(0, c.open());
        assertEquals(0, c.tracked());
        assertEquals(0, c.total());
        assertFalse(d.isTracked(ID));
    }

    @Test
    void shouldTrackNewOrderInNewStateWithEveryRequestFieldCopied() {
        d.request.clear().clientOrderId(ID).symbolId(SYMBOL).strategyId(STRATEGY).side(Side.SELL).orderType(OrderType.STOP_LIMIT)
                .timeInForce(TimeInForce.IOC).priceScaled(123).stopPriceScaled(120).quantityScaled(40);
        assertEquals(TrackerResult.APPLIED, d.tracker.onNew(d.request, 777));
        d.request.clear(); // the tracker must have copied, not kept, the flyweight

        Snapshot s = d.state(ID);
        assertEquals(new Snapshot(ID, 0, 0, SYMBOL, STRATEGY, Side.SELL, OrderType.STOP_LIMIT, TimeInForce.IOC, OrderStatus.NEW,
                RejectReason.NONE, 123, 40, 0, 40, 0, 0, 777, 777, 0), s);
        assertEquals(1, d.tracker.openOrderCount());
        assertEquals(1, d.tracker.trackedOrderCount());
        assertEquals(1, d.tracker.resultCount(TrackerResult.APPLIED));
    }

    @Test
    void shouldWalkNewPendingNewAcceptedPartiallyFilledToFilled() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        long created = d.now();

        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PENDING_NEW, s.status());
        assertEquals(1, s.updateCount());
        assertEquals(d.now(), s.updatedNs());
        assertEquals(created, s.createdNs());

        assertEquals(TrackerResult.APPLIED, d.ack(ID));
        long ackExecId = d.event.execId();
        s = d.state(ID);
        assertEquals(OrderStatus.ACCEPTED, s.status());
        assertEquals(900_000 + ID, s.exchangeOrderId());
        assertEquals(ackExecId, s.lastExecId());
        assertEquals(d.event.receiveTimestampNs(), s.updatedNs());
        assertEquals(QTY, s.leavesQuantityScaled());
        assertEquals(2, s.updateCount());

        assertEquals(TrackerResult.APPLIED, d.partial(ID, 3, 3));
        s = d.state(ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(3, s.filledQuantityScaled());
        assertEquals(7, s.leavesQuantityScaled());
        assertEquals(TrackerDriver.fillPrice(3), s.lastFillPriceScaled());
        assertEquals(d.event.execId(), s.lastExecId());
        assertEquals(3, s.updateCount());

        assertEquals(TrackerResult.APPLIED, d.partial(ID, 4, 7));
        s = d.state(ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(7, s.filledQuantityScaled());
        assertEquals(3, s.leavesQuantityScaled());
        assertEquals(4, s.updateCount());
        assertEquals(1, d.tracker.openOrderCount());

        assertEquals(TrackerResult.APPLIED, d.filled(ID, 3, QTY));
        s = d.state(ID);
        assertEquals(OrderStatus.FILLED, s.status());
        assertEquals(QTY, s.filledQuantityScaled());
        assertEquals(0, s.leavesQuantityScaled());
        assertEquals(TrackerDriver.fillPrice(QTY), s.lastFillPriceScaled());
        assertEquals(RejectReason.NONE, s.lastReason());
        assertEquals(5, s.updateCount());
        assertEquals(900_000 + ID, s.exchangeOrderId(), "the exchange id survives fills");
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(1, d.tracker.trackedOrderCount());
        assertEquals(6, d.tracker.resultCount(TrackerResult.APPLIED));
        assertEquals(6, d.counters().total());
    }

    @Test
    void shouldFillCompletelyWithPartiallyFilledReportReachingTheQuantity() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, QTY, QTY));
        assertEquals(OrderStatus.FILLED, d.status(ID));
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldApplyFillThatOvertakesTheAck() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 2, 2));
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(ID));
        assertEquals(TrackerResult.STALE, d.ack(ID), "an ack overtaken by a fill is stale");
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(ID));
        assertEquals(TrackerResult.APPLIED, d.filled(ID, 8, QTY));
        assertEquals(OrderStatus.FILLED, d.status(ID));
    }

    @Test
    void shouldFillWholeOrderStraightFromPendingNew() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.filled(ID, QTY, QTY));
        assertEquals(OrderStatus.FILLED, d.status(ID));
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldCancelAcceptedOrderThroughPendingCancel() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PENDING_CANCEL, s.status());
        assertEquals(QTY, s.leavesQuantityScaled());
        assertEquals(1, d.tracker.openOrderCount());

        assertEquals(TrackerResult.DUPLICATE, d.pendingCancel(ID), "the venue's pending-cancel ack repeats what we know");
        assertEquals(TrackerResult.APPLIED, d.apply(d.report(ExecType.CANCELED, ID).reason(RejectReason.NONE, null)));
        s = d.state(ID);
        assertEquals(OrderStatus.CANCELED, s.status());
        assertEquals(0, s.leavesQuantityScaled());
        assertEquals(0, s.filledQuantityScaled());
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(1, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldCancelWhenTheVenueAcksThePendingCancelFirst() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.pendingCancel(ID));
        assertEquals(OrderStatus.PENDING_CANCEL, d.status(ID));
        assertEquals(TrackerResult.DUPLICATE, d.cancel(ID), "our own request after the venue's ack changes nothing");
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 0));
        assertEquals(OrderStatus.CANCELED, d.status(ID));
    }

    @Test
    void shouldCancelPartiallyFilledOrderKeepingTheFilledQuantity() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 4, 4));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 1, 5)); // fill while the cancel is in flight
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PENDING_CANCEL, s.status(), "a fill does not end a pending cancel");
        assertEquals(5, s.filledQuantityScaled());
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 5));
        s = d.state(ID);
        assertEquals(OrderStatus.CANCELED, s.status());
        assertEquals(5, s.filledQuantityScaled());
        assertEquals(0, s.leavesQuantityScaled());
    }

    @Test
    void shouldTakeTheCumulativeQuantityACancelReportCarries() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 6));
        assertEquals(6, d.state(ID).filledQuantityScaled());
    }

    @Test
    void shouldCancelUnacknowledgedOrder() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(OrderStatus.PENDING_CANCEL, d.status(ID));
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 0));
        assertEquals(OrderStatus.CANCELED, d.status(ID));
    }

    @Test
    void shouldResumeAcceptedWhenCancelIsRejected() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(ID));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.ACCEPTED, s.status());
        assertEquals(RejectReason.VENUE_REJECT, s.lastReason());
        assertEquals(1, d.tracker.openOrderCount());
        // and it is live again: it can fill, be canceled again or be replaced
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 0));
        assertEquals(OrderStatus.CANCELED, d.status(ID));
    }

    @Test
    void shouldResumePartiallyFilledWhenCancelIsRejected() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 4, 4));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(ID));
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(ID));
        assertEquals(4, d.state(ID).filledQuantityScaled());
    }

    @Test
    void shouldResumePartiallyFilledWhenAFillArrivedWhileTheCancelWasPending() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 2, 2));
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(ID));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(2, s.filledQuantityScaled());
        assertEquals(8, s.leavesQuantityScaled());
    }

    @Test
    void shouldResumePendingNewWhenCancelOfUnacknowledgedOrderIsRejected() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(ID));
        assertEquals(OrderStatus.PENDING_NEW, d.status(ID));
        assertEquals(TrackerResult.APPLIED, d.ack(ID));
        assertEquals(OrderStatus.ACCEPTED, d.status(ID));
    }

    /**
     * Cancel sent before the ack; the venue then acks the order and rejects the cancel. The ack
     * must not be lost: the order stays PENDING_CANCEL until the cancel is answered, then resumes
     * ACCEPTED with its exchange order id, and can be replaced.
     */
    @Test
    void shouldResumeAcceptedAfterACancelRejectWhenTheAckArrivedWhileTheCancelWasPending() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.ack(ID));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PENDING_CANCEL, s.status(), "the cancel is still pending");
        assertEquals(900_000 + ID, s.exchangeOrderId());
        assertEquals(TrackerResult.STALE, d.ack(ID), "a second ack (new exec id) while pending");

        assertEquals(TrackerResult.APPLIED, d.cancelRejected(ID));
        s = d.state(ID);
        assertEquals(OrderStatus.ACCEPTED, s.status());
        assertEquals(900_000 + ID, s.exchangeOrderId());
        assertEquals(1, d.tracker.openOrderCount());
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 101, QTY));
        assertEquals(900_000 + ID, d.state(NEW_ID).exchangeOrderId());
    }

    @Test
    void shouldCancelAnOrderAckedWhileItsCancelWasPending() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.ack(ID));
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 0));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.CANCELED, s.status());
        assertEquals(900_000 + ID, s.exchangeOrderId());
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldResumePartiallyFilledWhenAckAndFillArrivedWhileTheCancelWasPending() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.ack(ID));
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 3, 3));
        assertEquals(OrderStatus.PENDING_CANCEL, d.status(ID));
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(ID));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(3, s.filledQuantityScaled());
        assertEquals(900_000 + ID, s.exchangeOrderId());
    }

    /**
     * Cancel sent before the ack; the venue rejects the order itself and then, the order being
     * unknown to it, rejects the cancel. The order must end REJECTED (terminal, no longer open),
     * not resume PENDING_NEW and stay open forever.
     */
    @Test
    void shouldRetireAnUnacknowledgedOrderThatTheVenueRejectsWhileItsCancelIsPending() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.venueRejected(ID, RejectReason.INVALID_PRICE));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.REJECTED, s.status());
        assertEquals(RejectReason.INVALID_PRICE, s.lastReason());
        assertEquals(0, s.leavesQuantityScaled());
        assertEquals(0, d.tracker.openOrderCount());

        assertEquals(TrackerResult.STALE, d.cancelRejected(ID), "the venue no longer knows the order");
        assertEquals(OrderStatus.REJECTED, d.status(ID));
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(0, d.tracker.openOrders(TrackerDriver.SYMBOL, new long[4]));
    }

    @Test
    void shouldRefuseAVenueRejectOfAnAcknowledgedOrderWhoseCancelIsPending() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.ack(ID));
        Snapshot before = d.state(ID);
        assertEquals(TrackerResult.REFUSED_ILLEGAL_TRANSITION, d.venueRejected(ID, RejectReason.INVALID_PRICE));
        assertEquals(before, d.state(ID));
        assertEquals(1, d.tracker.openOrderCount());
    }

    @Test
    void shouldFillCompletelyWhileCancelPendingAndTreatTheLateCancelRejectAsStale() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertEquals(TrackerResult.APPLIED, d.filled(ID, QTY, QTY));
        assertEquals(OrderStatus.FILLED, d.status(ID));
        assertEquals(0, d.tracker.openOrderCount());
        Snapshot before = d.state(ID);
        assertEquals(TrackerResult.STALE, d.cancelRejected(ID));
        assertEquals(before, d.state(ID));
    }

    @Test
    void shouldReplaceAcceptedOrderAndCarryOnUnderTheNewId() {
        d.accepted(ID);
        Snapshot orig = d.state(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 105, 20));
        long requestedAt = d.now();

        Snapshot o = d.state(ID);
        assertEquals(OrderStatus.PENDING_REPLACE, o.status());
        assertEquals(orig.updateCount() + 1, o.updateCount());
        assertEquals(PRICE, o.priceScaled(), "the original keeps its price until replaced");
        assertEquals(QTY, o.quantityScaled());

        Snapshot n = d.state(NEW_ID);
        assertEquals(new Snapshot(NEW_ID, ID, 900_000 + ID, SYMBOL, STRATEGY, Side.BUY, OrderType.LIMIT, TimeInForce.GTC,
                OrderStatus.PENDING_REPLACE, RejectReason.NONE, 105, 20, 0, 20, 0, 0, requestedAt, requestedAt, 0), n);
        assertEquals(2, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.trackedOrderCount());

        assertEquals(TrackerResult.APPLIED, d.replaced(NEW_ID, ID));
        long replacedAt = d.now();
        o = d.state(ID);
        assertEquals(OrderStatus.REPLACED, o.status());
        assertEquals(0, o.leavesQuantityScaled());
        assertEquals(replacedAt, o.updatedNs());
        n = d.state(NEW_ID);
        assertEquals(OrderStatus.ACCEPTED, n.status());
        assertEquals(20, n.leavesQuantityScaled());
        assertEquals(d.event.execId(), n.lastExecId());
        assertEquals(1, n.updateCount());
        assertEquals(1, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.trackedOrderCount());

        // the new id carries on
        assertEquals(TrackerResult.APPLIED, d.partial(NEW_ID, 5, 5));
        assertEquals(TrackerResult.APPLIED, d.filled(NEW_ID, 15, 20));
        assertEquals(OrderStatus.FILLED, d.status(NEW_ID));
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(OrderStatus.REPLACED, d.status(ID));
    }

    @Test
    void shouldCarryTheFilledQuantityIntoTheReplacement() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 4, 4));
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 99, 12));
        Snapshot n = d.state(NEW_ID);
        assertEquals(4, n.filledQuantityScaled());
        assertEquals(8, n.leavesQuantityScaled());
        assertEquals(TrackerDriver.fillPrice(4), n.lastFillPriceScaled());

        assertEquals(TrackerResult.APPLIED, d.partial(ID, 2, 6)); // the original fills while the replace is in flight
        assertEquals(OrderStatus.PENDING_REPLACE, d.status(ID));
        assertEquals(6, d.state(ID).filledQuantityScaled());

        assertEquals(TrackerResult.APPLIED, d.replaced(NEW_ID, ID));
        n = d.state(NEW_ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, n.status());
        assertEquals(6, n.filledQuantityScaled(), "fills on the original during the replace carry over");
        assertEquals(12, n.quantityScaled());
        assertEquals(6, n.leavesQuantityScaled());
    }

    @Test
    void shouldTakePriceQuantityAndCumulativeFromTheReplacedReportWhenGiven() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 105, 20));
        assertEquals(TrackerResult.APPLIED, d.apply(d.report(ExecType.REPLACED, NEW_ID).origClientOrderId(ID)
                .order(106, 18).fill(0, 0, 3).exchangeOrderId(4242)));
        Snapshot n = d.state(NEW_ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, n.status());
        assertEquals(106, n.priceScaled());
        assertEquals(18, n.quantityScaled());
        assertEquals(3, n.filledQuantityScaled());
        assertEquals(4242, n.exchangeOrderId());
    }

    @Test
    void shouldFillTheReplacementWhenReplacedDownToTheFilledQuantity() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 4, 4));
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, PRICE, 4), "a new quantity equal to the filled one is allowed");
        assertEquals(TrackerResult.APPLIED, d.replaced(NEW_ID, ID));
        Snapshot n = d.state(NEW_ID);
        assertEquals(OrderStatus.FILLED, n.status());
        assertEquals(4, n.filledQuantityScaled());
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldResumeTheOriginalWhenReplaceIsRejected() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 105, 20));
        Counters before = d.counters();
        assertEquals(TrackerResult.APPLIED, d.replaceRejected(NEW_ID, ID));
        d.counters().assertOneMoreThan(before, TrackerResult.APPLIED); // one result although two orders changed
        Snapshot n = d.state(NEW_ID);
        assertEquals(OrderStatus.REJECTED, n.status());
        assertEquals(RejectReason.VENUE_REJECT, n.lastReason());
        assertEquals(0, n.leavesQuantityScaled());
        Snapshot o = d.state(ID);
        assertEquals(OrderStatus.ACCEPTED, o.status());
        assertEquals(PRICE, o.priceScaled());
        assertEquals(QTY, o.quantityScaled());
        assertEquals(1, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.trackedOrderCount());
        // the original is fully live again
        assertEquals(TrackerResult.APPLIED, d.filled(ID, QTY, QTY));
        assertEquals(OrderStatus.FILLED, d.status(ID));
    }

    @Test
    void shouldResumePartiallyFilledOriginalWhenReplaceIsRejectedAfterAFillDuringTheReplace() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 105, 20));
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 3, 3));
        assertEquals(TrackerResult.APPLIED, d.replaceRejected(NEW_ID, ID));
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(ID));
        assertEquals(3, d.state(ID).filledQuantityScaled());
    }

    @Test
    void shouldRejectReplacementWhoseOriginalFilledMeanwhileAndLeaveTheOriginalFilled() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 105, 20));
        assertEquals(TrackerResult.APPLIED, d.filled(ID, QTY, QTY));
        assertEquals(TrackerResult.APPLIED, d.replaceRejected(NEW_ID, ID));
        assertEquals(OrderStatus.FILLED, d.status(ID));
        assertEquals(OrderStatus.REJECTED, d.status(NEW_ID));
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldRejectNewOrderLocally() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.reject(ID, RejectReason.RISK_LIMIT));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.REJECTED, s.status());
        assertEquals(RejectReason.RISK_LIMIT, s.lastReason());
        assertEquals(0, s.leavesQuantityScaled());
        assertEquals(1, s.updateCount());
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(1, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldRejectPendingNewOrderLocallyAndDefaultAMissingReasonToOther() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.reject(ID, null));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.REJECTED, s.status());
        assertEquals(RejectReason.OTHER, s.lastReason());
    }

    @Test
    void shouldRejectPendingNewOrderAtTheVenue() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.venueRejected(ID, RejectReason.INVALID_PRICE));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.REJECTED, s.status());
        assertEquals(RejectReason.INVALID_PRICE, s.lastReason());
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldDefaultTheVenueRejectReasonToVenueReject() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.apply(d.report(ExecType.REJECTED, ID)));
        assertEquals(RejectReason.VENUE_REJECT, d.state(ID).lastReason());
    }

    @Test
    void shouldExpireAcceptedAndPartiallyFilledOrders() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.expired(ID, 0));
        assertEquals(OrderStatus.EXPIRED, d.status(ID));
        assertEquals(0, d.state(ID).leavesQuantityScaled());

        d.accepted(NEW_ID);
        assertEquals(TrackerResult.APPLIED, d.partial(NEW_ID, 4, 4));
        assertEquals(TrackerResult.APPLIED, d.expired(NEW_ID, 4));
        Snapshot s = d.state(NEW_ID);
        assertEquals(OrderStatus.EXPIRED, s.status());
        assertEquals(4, s.filledQuantityScaled());
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldApplyAnUnsolicitedCancelToALiveOrder() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 1, 1));
        assertEquals(TrackerResult.APPLIED,
                d.apply(d.report(ExecType.CANCELED, ID).fill(0, 0, 1).reason(RejectReason.KILL_SWITCH, "venue kill switch")));
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.CANCELED, s.status());
        assertEquals(RejectReason.KILL_SWITCH, s.lastReason());
        assertEquals(1, s.filledQuantityScaled());
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldApplyAnUnsolicitedCancelToAnUnacknowledgedOrder() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.canceled(ID, 0));
        assertEquals(OrderStatus.CANCELED, d.status(ID));
    }

    @Test
    void shouldCountEveryCallExactlyOnce() {
        d.accepted(ID);                                      // 3 applied
        d.ack(ID);                                           // duplicate
        d.partial(ID, 5, 5);                                 // applied
        d.partial(ID, 2, 2);                                 // stale
        d.partial(ID, 8, 11);                                // overfill
        d.submit(99);                                        // unknown
        d.newOrder(ID);                                      // duplicate id
        d.reject(ID, RejectReason.OTHER);                    // illegal
        d.apply(d.report(ExecType.FILLED, ID).fill(1, 1, 0)); // invalid
        Counters c = d.counters();
        assertEquals(4, c.count(TrackerResult.APPLIED));
        assertEquals(1, c.count(TrackerResult.DUPLICATE));
        assertEquals(1, c.count(TrackerResult.STALE));
        assertEquals(1, c.count(TrackerResult.REFUSED_OVERFILL));
        assertEquals(1, c.count(TrackerResult.REFUSED_UNKNOWN_ORDER));
        assertEquals(1, c.count(TrackerResult.REFUSED_DUPLICATE_ORDER_ID));
        assertEquals(1, c.count(TrackerResult.REFUSED_ILLEGAL_TRANSITION));
        assertEquals(1, c.count(TrackerResult.REFUSED_INVALID));
        assertEquals(0, c.count(TrackerResult.REFUSED_CAPACITY));
        assertEquals(11, c.total());
    }
}
