package flox.core.order;

import static flox.core.order.TrackerDriver.QTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Behaviour the contract (or plain order-handling sense, where noted) asks for and the current
 * LockFreeOrderTracker does not deliver. Each test fails today; they are skipped in the normal build
 * and run with {@code -Dflox.tracker.knownBugs=true}. Remove a test from here once its bug is fixed.
 */
@EnabledIfSystemProperty(named = TrackerDriver.KNOWN_BUGS_PROPERTY, matches = "true",
        disabledReason = "known LockFreeOrderTracker bugs; run with -Dflox.tracker.knownBugs=true")
class LockFreeOrderTrackerKnownBugsTest {

    /**
     * OrderTracker: "When capacity is exhausted the oldest terminal orders are evicted". The
     * tracker evicts round-robin by slot position instead, so a recently finished order can go
     * while an older finished one stays.
     */
    @Test
    void shouldEvictTheOldestTerminalOrderRatherThanTheNextSlotInRoundRobin() {
        TrackerDriver d = new TrackerDriver(3);
        d.accepted(1);
        d.accepted(2);
        d.accepted(3);
        assertEquals(TrackerResult.APPLIED, d.canceled(2, 0));
        assertEquals(TrackerResult.APPLIED, d.newOrder(4)); // evicts 2, the only terminal order
        assertFalse(d.isTracked(2));
        d.submit(4);
        d.ack(4);
        // order 1 is the oldest by creation and by the time it finished
        assertEquals(TrackerResult.APPLIED, d.filled(1, QTY, QTY));
        assertEquals(TrackerResult.APPLIED, d.filled(3, QTY, QTY));
        assertEquals(TrackerResult.APPLIED, d.filled(4, QTY, QTY));

        assertEquals(TrackerResult.APPLIED, d.newOrder(5));
        assertFalse(d.isTracked(1), "the oldest terminal order should have been evicted");
        assertTrue(d.isTracked(3), "a newer terminal order was evicted before the oldest one");
        assertTrue(d.isTracked(4));
    }

    /**
     * Evicting an order leaves a tombstone in the id index that is never cleared, so after a churn
     * of a few times the capacity the index has no empty cell left and every lookup of an absent id
     * (each onNew checks for a duplicate) probes the whole index: the cost of onNew grows with the
     * capacity (about 10 us at capacity 1,024, 40-130 us at 4,096-16,384, measured) instead of
     * staying flat.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepTheCostOfANewOrderIndependentOfCapacityAfterALongChurn() {
        long small = Long.MAX_VALUE;
        long large = Long.MAX_VALUE;
        for (int round = 0; round < 3; round++) { // best of three, the first rounds warm the JIT up
            small = Math.min(small, churnNanosPerOrder(new LockFreeOrderTracker(8), 100_000, 100_000));
            large = Math.min(large, churnNanosPerOrder(new LockFreeOrderTracker(1_024), 50_000, 50_000));
        }
        assertTrue(large < 5 * Math.max(small, 50), "ns per new order after churn: capacity 8 -> " + small + ", capacity 1024 -> " + large);
    }

    private static long churnNanosPerOrder(OrderTracker t, int warm, int measured) {
        TrackerDriver d = new TrackerDriver(t);
        long id = 1;
        for (; id <= warm; id++) {
            d.newOrder(id);
            d.reject(id, RejectReason.RISK_LIMIT);
        }
        long start = System.nanoTime();
        for (long end = id + measured; id < end; id++) {
            if (d.newOrder(id) != TrackerResult.APPLIED) throw new AssertionError("new " + id);
            d.reject(id, RejectReason.RISK_LIMIT);
        }
        return (System.nanoTime() - start) / measured;
    }

    /**
     * Cancel sent before the ack; the venue then acks the order (STALE, ignored) and rejects the
     * cancel. The tracker resumes the order as PENDING_NEW with no exchange id: the venue holds an
     * accepted order, but the host can no longer replace it (REFUSED_ILLEGAL_TRANSITION) and has
     * lost its exchange order id. The ack should have been kept for the resume, as a fill is.
     */
    @Test
    void shouldResumeAcceptedAfterACancelRejectWhenTheAckArrivedWhileTheCancelWasPending() {
        TrackerDriver d = new TrackerDriver(8);
        d.newOrder(1);
        d.submit(1);
        assertEquals(TrackerResult.APPLIED, d.cancel(1));
        d.ack(1);
        assertEquals(TrackerResult.APPLIED, d.cancelRejected(1));
        assertEquals(OrderStatus.ACCEPTED, d.status(1));
        assertEquals(900_001, d.state(1).exchangeOrderId());
        assertEquals(TrackerResult.APPLIED, d.replace(1, 2, 101, QTY));
    }

    /**
     * Cancel sent before the ack; the venue rejects the order itself (REJECTED is refused as an
     * illegal transition from PENDING_CANCEL) and then, the order being unknown to it, rejects the
     * cancel. The order resumes PENDING_NEW and stays open forever: it is never evicted, holds a
     * slot and counts in openOrderCount (and in any risk check built on openOrders).
     */
    @Test
    void shouldRetireAnUnacknowledgedOrderThatTheVenueRejectsWhileItsCancelIsPending() {
        TrackerDriver d = new TrackerDriver(8);
        d.newOrder(1);
        d.submit(1);
        assertEquals(TrackerResult.APPLIED, d.cancel(1));
        d.venueRejected(1, RejectReason.INVALID_PRICE);
        d.cancelRejected(1);
        assertEquals(OrderStatus.REJECTED, d.status(1));
        assertEquals(0, d.tracker.openOrderCount());
    }
}
