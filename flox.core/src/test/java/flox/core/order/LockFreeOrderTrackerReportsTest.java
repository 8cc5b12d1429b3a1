package flox.core.order;

import static flox.core.order.TrackerDriver.QTY;
import static flox.core.order.TrackerDriver.SYMBOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.core.order.TrackerDriver.Counters;
import flox.core.order.TrackerDriver.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Overfills, malformed input, duplicate and out-of-order reports, unknown ids. */
class LockFreeOrderTrackerReportsTest {
    private static final long ID = 1;
    private static final long NEW_ID = 2;
    private static final long OTHER = 3;

    private final TrackerDriver d = new TrackerDriver(16);

    /** Runs {@code update}, asserts its result, that it was counted once, and that {@code ids} did not change at all. */
    private void assertNotApplied(TrackerResult expected, Supplier<TrackerResult> update, long... ids) {
        List<Snapshot> before = new ArrayList<>();
        for (long id : ids) before.add(d.isTracked(id) ? d.state(id) : null);
        Counters c = d.counters();
        assertEquals(expected, update.get());
        d.counters().assertOneMoreThan(c, expected);
        List<Snapshot> after = new ArrayList<>();
        for (long id : ids) after.add(d.isTracked(id) ? d.state(id) : null);
        assertEquals(before, after, "a " + expected + " update must change nothing");
        assertEquals(c.open(), d.tracker.openOrderCount());
        assertEquals(c.tracked(), d.tracker.trackedOrderCount());
    }

    // ------------------------------------------------------------------ overfill

    @Test
    void shouldRefuseFillBeyondTheOrderQuantityAsOverfill() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.partial(ID, 11, 11), ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 4, 4));
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.partial(ID, 8, 12), ID);
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.filled(ID, 7, 11), ID);
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(4, s.filledQuantityScaled());
        assertEquals(TrackerResult.APPLIED, d.filled(ID, 6, QTY), "the order is still usable after a refused overfill");
    }

    @Test
    void shouldRefuseOverfillWhileCancelOrReplaceIsPending() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.partial(ID, 11, 11), ID);

        d.accepted(OTHER);
        assertEquals(TrackerResult.APPLIED, d.replace(OTHER, NEW_ID, 100, 20));
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.partial(OTHER, 11, 11), OTHER, NEW_ID);
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.partial(NEW_ID, 21, 21), OTHER, NEW_ID);
    }

    @Test
    void shouldRefuseCancelOrExpiryReportCarryingMoreThanTheQuantity() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.canceled(ID, 11), ID);
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.expired(ID, 11), ID);
        assertEquals(OrderStatus.ACCEPTED, d.status(ID));
    }

    @Test
    void shouldRefuseReplaceToAQuantityBelowTheFilledQuantity() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 6, 6));
        assertNotApplied(TrackerResult.REFUSED_OVERFILL, () -> d.replace(ID, NEW_ID, 100, 5), ID, NEW_ID);
        assertFalse(d.isTracked(NEW_ID), "a refused replace must not track the new id");
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 100, 6), "equal to the filled quantity is allowed");
    }

    @Test
    void shouldRefuseReplacedReportWhoseQuantityIsBelowWhatTheOriginalFilled() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 100, 8));
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 7, 7)); // the original keeps filling meanwhile
        assertNotApplied(TrackerResult.REFUSED_OVERFILL,
                () -> d.apply(d.report(ExecType.REPLACED, NEW_ID).origClientOrderId(ID).order(100, 6)), ID, NEW_ID);
        assertNotApplied(TrackerResult.REFUSED_OVERFILL,
                () -> d.apply(d.report(ExecType.REPLACED, NEW_ID).origClientOrderId(ID).fill(0, 0, 9)), ID, NEW_ID);
        assertEquals(OrderStatus.PENDING_REPLACE, d.status(ID));
        assertEquals(OrderStatus.PENDING_REPLACE, d.status(NEW_ID));
        assertEquals(TrackerResult.APPLIED, d.replaced(NEW_ID, ID));
        assertEquals(7, d.state(NEW_ID).filledQuantityScaled());
    }

    // ------------------------------------------------------------------ malformed input

    @Test
    void shouldRefuseFillReportsWithNonPositiveCumulativeOrNegativeLastQuantity() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.partial(ID, 0, 0), ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.partial(ID, 1, -1), ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.filled(ID, 0, 0), ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.partial(ID, -1, 3), ID);
    }

    @Test
    void shouldRefuseFilledReportThatLeavesQuantityOpen() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.filled(ID, 5, 5), ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 5, 5));
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.filled(ID, 3, 8), ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, d.status(ID));
    }

    @Test
    void shouldRefuseReportWithoutExecType() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.apply(d.event.reset(null, ID, SYMBOL, Side.BUY).execId(1)), ID);
    }

    @Test
    void shouldRefuseMalformedNewOrders() {
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(0, SYMBOL, Side.BUY, 100, 10, TimeInForce.GTC), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, -1, Side.BUY, 100, 10, TimeInForce.GTC), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, SYMBOL, null, 100, 10, TimeInForce.GTC), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, SYMBOL, Side.BUY, 100, 0, TimeInForce.GTC), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, SYMBOL, Side.BUY, 100, -5, TimeInForce.GTC), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, SYMBOL, Side.BUY, -1, 10, TimeInForce.GTC), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, SYMBOL, Side.BUY, 100, 10, null), d.tick()));
        assertNotApplied(TrackerResult.REFUSED_INVALID,
                () -> d.tracker.onNew(d.request.limit(ID, SYMBOL, Side.BUY, 100, 10, TimeInForce.GTC).orderType(null), d.tick()));
        assertFalse(d.isTracked(ID));
        assertEquals(0, d.tracker.trackedOrderCount());
        assertEquals(8, d.tracker.resultCount(TrackerResult.REFUSED_INVALID));
        // a market order has no price: zero is fine
        assertEquals(TrackerResult.APPLIED,
                d.tracker.onNew(d.request.limit(ID, SYMBOL, Side.SELL, 0, 10, TimeInForce.IOC).orderType(OrderType.MARKET), d.tick()));
    }

    @Test
    void shouldRefuseMalformedReplaceRequestsWithoutTouchingTheOriginal() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.replace(ID, 0, 100, 10), ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.replace(ID, ID, 100, 10), ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.replace(ID, NEW_ID, 100, 0), ID, NEW_ID);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.replace(ID, NEW_ID, -1, 10), ID, NEW_ID);
        assertEquals(1, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldRefuseReplaceToAnIdThatIsAlreadyTracked() {
        d.accepted(ID);
        d.accepted(OTHER);
        assertNotApplied(TrackerResult.REFUSED_DUPLICATE_ORDER_ID, () -> d.replace(ID, OTHER, 100, 10), ID, OTHER);
        assertEquals(OrderStatus.ACCEPTED, d.status(ID));
    }

    @Test
    void shouldRefuseReplaceReportsThatNameTheWrongOriginal() {
        d.accepted(ID);
        d.accepted(OTHER);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 100, 10));
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.replaced(NEW_ID, OTHER), ID, NEW_ID, OTHER);
        assertNotApplied(TrackerResult.REFUSED_INVALID, () -> d.replaced(NEW_ID, 0), ID, NEW_ID, OTHER);
        assertNotApplied(TrackerResult.REFUSED_ILLEGAL_TRANSITION, () -> d.replaceRejected(NEW_ID, OTHER), ID, NEW_ID, OTHER);
    }

    // ------------------------------------------------------------------ duplicates and out-of-order reports

    @Test
    void shouldIgnoreAReportWithTheSameExecIdAsADuplicate() {
        d.accepted(ID);
        ExecutionEvent fill = d.report(ExecType.PARTIALLY_FILLED, ID).fill(TrackerDriver.fillPrice(3), 3, 3);
        ExecutionEvent copy = new ExecutionEvent().copyFrom(fill);
        assertEquals(TrackerResult.APPLIED, d.apply(fill));
        assertNotApplied(TrackerResult.DUPLICATE, () -> d.apply(copy), ID);
        // same exec id means a repeat, whatever else the report says
        assertNotApplied(TrackerResult.DUPLICATE, () -> d.apply(new ExecutionEvent().copyFrom(copy).fill(100, 5, 5)), ID);
        assertEquals(3, d.state(ID).filledQuantityScaled());
    }

    @Test
    void shouldIgnoreTheSameCumulativeQuantityTwiceAsADuplicate() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 3, 3));
        assertNotApplied(TrackerResult.DUPLICATE, () -> d.partial(ID, 3, 3), ID); // new exec id, same cum
        assertEquals(TrackerResult.APPLIED, d.filled(ID, 7, QTY));
        assertNotApplied(TrackerResult.DUPLICATE, () -> d.filled(ID, 7, QTY), ID);
    }

    @Test
    void shouldIgnoreAnOlderCumulativeAfterANewerOneAsStale() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 6, 6));
        assertNotApplied(TrackerResult.STALE, () -> d.partial(ID, 4, 4), ID);
        Snapshot s = d.state(ID);
        assertEquals(6, s.filledQuantityScaled());
        assertEquals(TrackerDriver.fillPrice(6), s.lastFillPriceScaled());
        assertEquals(TrackerResult.APPLIED, d.filled(ID, 4, QTY));
        assertNotApplied(TrackerResult.STALE, () -> d.partial(ID, 6, 6), ID);
        assertEquals(OrderStatus.FILLED, d.status(ID));
    }

    @Test
    void shouldIgnoreAnOlderFillWhileCancelPendingAsStale() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 6, 6));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        assertNotApplied(TrackerResult.STALE, () -> d.partial(ID, 2, 2), ID);
        assertEquals(OrderStatus.PENDING_CANCEL, d.status(ID));
    }

    @Test
    void shouldIgnoreAnAckAfterAFillAsStale() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.partial(ID, 2, 2));
        assertNotApplied(TrackerResult.STALE, () -> d.ack(ID), ID);
        assertEquals(TrackerResult.APPLIED, d.filled(ID, 8, QTY));
        assertNotApplied(TrackerResult.STALE, () -> d.ack(ID), ID);
        assertEquals(900_000 + ID, d.state(ID).exchangeOrderId());
    }

    @Test
    void shouldIgnoreASecondAckAsADuplicate() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.DUPLICATE, () -> d.ack(ID), ID);
    }

    @Test
    void shouldBeIdempotentWhenAFillStreamIsReplayed() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        List<ExecutionEvent> stream = new ArrayList<>();
        stream.add(record(d.report(ExecType.ACCEPTED, ID).exchangeOrderId(42)));
        stream.add(record(d.report(ExecType.PARTIALLY_FILLED, ID).fill(101, 3, 3)));
        stream.add(record(d.report(ExecType.PARTIALLY_FILLED, ID).fill(102, 4, 7)));
        stream.add(record(d.report(ExecType.FILLED, ID).fill(103, 3, QTY)));
        assertReplayIsIgnored(stream, ID);
        assertEquals(OrderStatus.FILLED, d.status(ID));
    }

    @Test
    void shouldBeIdempotentWhenACancelStreamIsReplayed() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        List<ExecutionEvent> stream = new ArrayList<>();
        stream.add(record(d.report(ExecType.ACCEPTED, ID)));
        stream.add(record(d.report(ExecType.PARTIALLY_FILLED, ID).fill(101, 3, 3)));
        stream.add(record(d.report(ExecType.PENDING_CANCEL, ID)));
        stream.add(record(d.report(ExecType.CANCELED, ID).fill(0, 0, 3)));
        assertReplayIsIgnored(stream, ID);
        assertEquals(OrderStatus.CANCELED, d.status(ID));
    }

    @Test
    void shouldBeIdempotentWhenAReplaceStreamIsReplayed() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 100, 12));
        List<ExecutionEvent> stream = new ArrayList<>();
        ExecutionEvent pendingReplaceAck = d.report(ExecType.PENDING_REPLACE, NEW_ID).origClientOrderId(ID);
        stream.add(new ExecutionEvent().copyFrom(pendingReplaceAck));
        assertEquals(TrackerResult.DUPLICATE, d.apply(pendingReplaceAck), "the venue's ack of our own replace request");
        stream.add(record(d.report(ExecType.PARTIALLY_FILLED, ID).fill(101, 2, 2)));
        stream.add(record(d.report(ExecType.REPLACED, NEW_ID).origClientOrderId(ID)));
        stream.add(record(d.report(ExecType.PARTIALLY_FILLED, NEW_ID).fill(101, 3, 5)));
        stream.add(record(d.report(ExecType.FILLED, NEW_ID).fill(101, 7, 12)));
        assertReplayIsIgnored(stream, ID, NEW_ID);
        assertEquals(OrderStatus.REPLACED, d.status(ID));
        assertEquals(OrderStatus.FILLED, d.status(NEW_ID));
    }

    @Test
    void shouldBeIdempotentWhenAStreamEndingInExpiryIsReplayed() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        List<ExecutionEvent> stream = new ArrayList<>();
        stream.add(record(d.report(ExecType.ACCEPTED, ID).exchangeOrderId(42)));
        stream.add(record(d.report(ExecType.PENDING_CANCEL, ID)));
        stream.add(record(d.report(ExecType.EXPIRED, ID)));
        assertReplayIsIgnored(stream, ID);
        assertEquals(OrderStatus.EXPIRED, d.status(ID));
    }

    @Test
    void shouldBeIdempotentWhenAReplaceStreamAfterARejectedCancelIsReplayed() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        List<ExecutionEvent> stream = new ArrayList<>();
        stream.add(record(d.report(ExecType.ACCEPTED, ID).exchangeOrderId(42)));
        stream.add(record(d.report(ExecType.PENDING_CANCEL, ID)));
        stream.add(record(d.report(ExecType.CANCEL_REJECTED, ID).reason(RejectReason.VENUE_REJECT, "too late")));
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 100, 12));
        stream.add(record(d.report(ExecType.REPLACED, NEW_ID).origClientOrderId(ID)));
        assertReplayIsIgnored(stream, ID, NEW_ID);
        assertEquals(OrderStatus.REPLACED, d.status(ID));
        assertEquals(OrderStatus.ACCEPTED, d.status(NEW_ID));
    }

    @Test
    void shouldBeIdempotentWhenAnAckDuringAPendingCancelIsReplayed() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        assertEquals(TrackerResult.APPLIED, d.cancel(ID));
        List<ExecutionEvent> stream = new ArrayList<>();
        stream.add(record(d.report(ExecType.ACCEPTED, ID).exchangeOrderId(42)));
        stream.add(record(d.report(ExecType.CANCEL_REJECTED, ID).reason(RejectReason.VENUE_REJECT, "too late")));
        stream.add(record(d.report(ExecType.PARTIALLY_FILLED, ID).fill(101, 3, 3)));
        assertReplayIsIgnored(stream, ID);
        Snapshot s = d.state(ID);
        assertEquals(OrderStatus.PARTIALLY_FILLED, s.status());
        assertEquals(42, s.exchangeOrderId());
    }

    @Test
    void shouldBeIdempotentWhenAVenueRejectDuringAPendingCancelIsReplayed() {
        assertEquals(TrackerResult.APPLIED, d.newOrder(ID));
        assertEquals(TrackerResult.APPLIED, d.submit(ID));
        List<ExecutionEvent> stream = new ArrayList<>();
        stream.add(record(d.report(ExecType.PENDING_CANCEL, ID)));
        stream.add(record(d.report(ExecType.REJECTED, ID).reason(RejectReason.INVALID_PRICE, "no")));
        assertReplayIsIgnored(stream, ID);
        assertEquals(OrderStatus.REJECTED, d.status(ID));
        assertEquals(0, d.tracker.openOrderCount());
    }

    @Test
    void shouldIgnoreARepeatedReplaceRejectAsADuplicate() {
        d.accepted(ID);
        assertEquals(TrackerResult.APPLIED, d.replace(ID, NEW_ID, 100, 12));
        assertEquals(TrackerResult.APPLIED, d.replaceRejected(NEW_ID, ID));
        assertNotApplied(TrackerResult.DUPLICATE, () -> d.replaceRejected(NEW_ID, ID), ID, NEW_ID);
        assertEquals(OrderStatus.ACCEPTED, d.status(ID));
    }

    /** Applies {@code e} (it must apply) and returns a copy of it for a later replay. */
    private ExecutionEvent record(ExecutionEvent e) {
        ExecutionEvent copy = new ExecutionEvent().copyFrom(e);
        assertEquals(TrackerResult.APPLIED, d.apply(e), () -> "first delivery of " + copy);
        return copy;
    }

    private void assertReplayIsIgnored(List<ExecutionEvent> stream, long... ids) {
        for (int pass = 0; pass < 2; pass++) {
            for (ExecutionEvent e : stream) {
                List<Snapshot> before = new ArrayList<>();
                for (long id : ids) before.add(d.state(id));
                TrackerResult r = d.apply(e);
                assertEquals(TrackerResult.Kind.IGNORED, r.kind(), () -> "replay of " + e + " gave " + r);
                List<Snapshot> after = new ArrayList<>();
                for (long id : ids) after.add(d.state(id));
                assertEquals(before, after, () -> "replay of " + e);
            }
        }
    }

    // ------------------------------------------------------------------ unknown ids

    @ParameterizedTest
    @EnumSource(ExecType.class)
    void shouldRefuseAReportForAnUnknownId(ExecType type) {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_UNKNOWN_ORDER,
                () -> d.apply(d.report(type, 12345).origClientOrderId(ID).fill(100, 1, 1)), ID, 12345);
        assertFalse(d.isTracked(12345));
    }

    @Test
    void shouldRefuseLocalCallsForAnUnknownId() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_UNKNOWN_ORDER, () -> d.submit(12345), ID);
        assertNotApplied(TrackerResult.REFUSED_UNKNOWN_ORDER, () -> d.reject(12345, RejectReason.RISK_LIMIT), ID);
        assertNotApplied(TrackerResult.REFUSED_UNKNOWN_ORDER, () -> d.cancel(12345), ID);
        assertNotApplied(TrackerResult.REFUSED_UNKNOWN_ORDER, () -> d.replace(12345, NEW_ID, 100, 10), ID, NEW_ID);
        assertFalse(d.isTracked(0));
        assertFalse(d.isTracked(-12345));
    }

    @Test
    void shouldRefuseDuplicateClientOrderIdWhetherOpenOrTerminal() {
        d.accepted(ID);
        assertNotApplied(TrackerResult.REFUSED_DUPLICATE_ORDER_ID, () -> d.newOrder(ID), ID);
        assertEquals(TrackerResult.APPLIED, d.filled(ID, QTY, QTY));
        assertNotApplied(TrackerResult.REFUSED_DUPLICATE_ORDER_ID, () -> d.newOrder(ID, SYMBOL + 1, 99), ID);
        assertTrue(d.isTracked(ID));
        assertEquals(QTY, d.state(ID).quantityScaled());
    }
}
