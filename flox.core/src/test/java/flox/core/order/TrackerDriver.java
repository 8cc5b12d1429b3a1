package flox.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;

/**
 * Drives an {@link OrderTracker} through its public API only, with a deterministic clock and
 * deterministic exec ids, and takes complete snapshots of orders and counters. Single-threaded.
 */
final class TrackerDriver {
    static final int SYMBOL = 7;
    static final int STRATEGY = 3;
    static final long PRICE = 100;
    static final long QTY = 10;

    final OrderTracker tracker;
    final OrderRequest request = new OrderRequest();
    final ExecutionEvent event = new ExecutionEvent();
    private final OrderState state = new OrderState();
    private long clock = 1_000_000;
    private long execId = 5_000;

    TrackerDriver(int capacity) {
        this(new LockFreeOrderTracker(capacity));
    }

    TrackerDriver(OrderTracker tracker) {
        this.tracker = tracker;
    }

    /** Advances the deterministic clock and returns the new time. */
    long tick() {
        clock += 10;
        return clock;
    }

    /** The time the last call was stamped with. */
    long now() {
        return clock;
    }

    long nextExecId() {
        return ++execId;
    }

    // ------------------------------------------------------------------ local calls

    TrackerResult newOrder(long id) {
        return newOrder(id, SYMBOL, QTY);
    }

    TrackerResult newOrder(long id, int symbol, long qty) {
        request.limit(id, symbol, Side.BUY, PRICE, qty, TimeInForce.GTC).strategyId(STRATEGY);
        return tracker.onNew(request, tick());
    }

    TrackerResult submit(long id) {
        return tracker.onSubmitted(id, tick());
    }

    TrackerResult reject(long id, RejectReason reason) {
        return tracker.onRejected(id, reason, tick());
    }

    TrackerResult cancel(long id) {
        return tracker.onCancelRequested(id, tick());
    }

    TrackerResult replace(long origId, long newId, long price, long qty) {
        return tracker.onReplaceRequested(origId, newId, price, qty, tick());
    }

    // ------------------------------------------------------------------ venue reports

    /** Resets the shared event as a report for {@code id} with a fresh exec id, stamped now. */
    ExecutionEvent report(ExecType type, long id) {
        long t = tick();
        return event.reset(type, id, SYMBOL, Side.BUY).execId(nextExecId()).timestamps(t - 5, t);
    }

    TrackerResult apply(ExecutionEvent e) {
        return tracker.apply(e);
    }

    TrackerResult ack(long id) {
        return apply(report(ExecType.ACCEPTED, id).exchangeOrderId(900_000 + id));
    }

    TrackerResult partial(long id, long lastQty, long cum) {
        return apply(report(ExecType.PARTIALLY_FILLED, id).fill(fillPrice(cum), lastQty, cum));
    }

    TrackerResult filled(long id, long lastQty, long cum) {
        return apply(report(ExecType.FILLED, id).fill(fillPrice(cum), lastQty, cum));
    }

    TrackerResult pendingCancel(long id) {
        return apply(report(ExecType.PENDING_CANCEL, id));
    }

    TrackerResult canceled(long id, long cum) {
        return apply(report(ExecType.CANCELED, id).fill(0, 0, cum));
    }

    TrackerResult cancelRejected(long id) {
        return apply(report(ExecType.CANCEL_REJECTED, id).reason(RejectReason.VENUE_REJECT, "too late to cancel"));
    }

    TrackerResult expired(long id, long cum) {
        return apply(report(ExecType.EXPIRED, id).fill(0, 0, cum));
    }

    TrackerResult venueRejected(long id, RejectReason reason) {
        return apply(report(ExecType.REJECTED, id).reason(reason, "venue says no"));
    }

    TrackerResult replaced(long newId, long origId) {
        return apply(report(ExecType.REPLACED, newId).origClientOrderId(origId));
    }

    TrackerResult replaceRejected(long newId, long origId) {
        return apply(report(ExecType.REPLACE_REJECTED, newId).origClientOrderId(origId).reason(RejectReason.VENUE_REJECT, "no"));
    }

    /** A deterministic fill price per cumulative quantity, so a reader can check it against the fill. */
    static long fillPrice(long cum) {
        return 10_000 + cum;
    }

    // ------------------------------------------------------------------ composite paths

    void accepted(long id) {
        assertEquals(TrackerResult.APPLIED, newOrder(id));
        assertEquals(TrackerResult.APPLIED, submit(id));
        assertEquals(TrackerResult.APPLIED, ack(id));
    }

    // ------------------------------------------------------------------ observation

    boolean isTracked(long id) {
        return tracker.read(id, state);
    }

    /** The order's full state; fails if it is not tracked. */
    Snapshot state(long id) {
        assertTrue(tracker.read(id, state), () -> "order " + id + " should be tracked");
        assertEquals(id, state.clientOrderId(), "read() must return the order asked for");
        return Snapshot.of(state);
    }

    OrderStatus status(long id) {
        return state(id).status();
    }

    Counters counters() {
        return Counters.of(tracker);
    }

    /** Every field of {@link OrderState}, so two reads can be compared for byte-identity. */
    record Snapshot(long clientOrderId, long origClientOrderId, long exchangeOrderId, int symbolId, int strategyId,
                    Side side, OrderType orderType, TimeInForce timeInForce, OrderStatus status, RejectReason lastReason,
                    long priceScaled, long quantityScaled, long filledQuantityScaled, long leavesQuantityScaled,
                    long lastFillPriceScaled, long lastExecId, long createdNs, long updatedNs, int updateCount) {
        static Snapshot of(OrderState s) {
            return new Snapshot(s.clientOrderId(), s.origClientOrderId(), s.exchangeOrderId(), s.symbolId(), s.strategyId(),
                    s.side(), s.orderType(), s.timeInForce(), s.status(), s.lastReason(), s.priceScaled(), s.quantityScaled(),
                    s.filledQuantityScaled(), s.leavesQuantityScaled(), s.lastFillPriceScaled(), s.lastExecId(), s.createdNs(),
                    s.updatedNs(), s.updateCount());
        }
    }

    /** Open/tracked counts and every per-result counter. */
    record Counters(int open, int tracked, long[] results) {
        static Counters of(OrderTracker t) {
            TrackerResult[] all = TrackerResult.values();
            long[] r = new long[all.length];
            for (TrackerResult x : all) {
                r[x.ordinal()] = t.resultCount(x);
            }
            return new Counters(t.openOrderCount(), t.trackedOrderCount(), r);
        }

        long total() {
            long n = 0;
            for (long x : results) n += x;
            return n;
        }

        long count(TrackerResult r) {
            return results[r.ordinal()];
        }

        /** Asserts that exactly one update happened since {@code before} and it ended with {@code r}. */
        void assertOneMoreThan(Counters before, TrackerResult r) {
            for (TrackerResult x : TrackerResult.values()) {
                long expected = before.count(x) + (x == r ? 1 : 0);
                assertEquals(expected, count(x), "resultCount(" + x + ")");
            }
        }
    }
}
