package flox.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The id index must not silt up with tombstones under churn: otherwise every lookup of a new id
 * (a miss) would end up probing the whole index and order submission would slow down over a
 * trading day.
 */
@Timeout(60)
class OrderIndexHygieneTest {

    @Test
    void shouldKeepIndexSparseUnderLongChurn() {
        int capacity = 1024;
        LockFreeOrderTracker tracker = new LockFreeOrderTracker(capacity);
        OrderRequest req = new OrderRequest();
        SplittableRandom random = new SplittableRandom(42);
        int maxInUse = 0;
        for (long n = 1; n <= 400_000; n++) {
            long id = random.nextLong(1, Long.MAX_VALUE); // scattered ids, as venues and strategies mint them
            req.limit(id, 0, Side.BUY, 100, 10, TimeInForce.GTC);
            assertEquals(TrackerResult.APPLIED, tracker.onNew(req, n));
            assertEquals(TrackerResult.APPLIED, tracker.onRejected(id, RejectReason.RISK_LIMIT, n));
            if ((n & 1023) == 0) maxInUse = Math.max(maxInUse, tracker.indexCellsInUse());
        }
        // live keys never exceed capacity; tombstones must stay a bounded fraction of the index
        assertTrue(maxInUse <= capacity * 2, "index cells in use " + maxInUse + " of " + tracker.indexSize()
                + " (capacity " + capacity + "): tombstones accumulate");
    }

    /**
     * The cost of a new order (each onNew looks its id up, a miss) must not grow with the capacity
     * after a long churn. Before the index emptied cluster tails it did: about 10 us at capacity
     * 1,024 and 40-130 us at 4,096-16,384, against well under 1 us at capacity 8.
     */
    @Test
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

    @Test
    void shouldStillFindEveryLiveOrderAfterChurnEmptiedClusterTails() {
        int capacity = 256;
        LockFreeOrderTracker tracker = new LockFreeOrderTracker(capacity);
        OrderRequest req = new OrderRequest();
        OrderState state = new OrderState();
        // keep every 4th order open so clusters mix live keys with removed ones
        long openFound = 0;
        for (long id = 1; id <= 50_000; id++) {
            req.limit(id, 0, Side.SELL, 100, 10, TimeInForce.GTC);
            TrackerResult r = tracker.onNew(req, id);
            if (r == TrackerResult.REFUSED_CAPACITY) break;
            assertEquals(TrackerResult.APPLIED, r);
            if (id % 4 != 0) tracker.onRejected(id, RejectReason.OTHER, id);
        }
        for (long id = 4; id <= 50_000; id += 4) {
            if (tracker.read(id, state)) {
                assertEquals(OrderStatus.NEW, state.status());
                openFound++;
            }
        }
        assertEquals(tracker.openOrderCount(), openFound, "every open order is still indexed");
        assertEquals(capacity, tracker.openOrderCount(), "the table filled with open orders in the end");
    }
}
