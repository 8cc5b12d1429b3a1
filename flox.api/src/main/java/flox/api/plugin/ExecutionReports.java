package flox.api.plugin;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderTracker;
import flox.api.order.TrackerResult;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The one rule for execution reports, shared by every {@link OrderExecutor} and the host's
 * gateway: a report is applied to the {@link OrderTracker} first, and only a report the tracker
 * applied is published on the {@link ExecutionBus}. A duplicate or stale report (a FIX PossDup
 * resend; Binance's order response beside its user-data event for the same change) is counted
 * and never shown to subscribers, so each subscriber sees each state change of an order exactly
 * once. A report the tracker refuses (unknown order, illegal transition) is counted and not
 * published either: the venue and the host disagree, which the executor logs.
 *
 * <p>Publishing retries {@link BusResult#BACK_PRESSURED} for as long as the bus is open (each
 * attempt already waits up to the bus's publish timeout): a report the tracker applied is never
 * dropped for backpressure. It ends on {@link BusResult#CLOSED} (the host is stopping) or
 * {@link BusResult#INVALID}, counted as unpublished. Caveat: a synchronous bus answers a publish
 * made from inside one of its own deliveries with BACK_PRESSURED at once when its re-entrant
 * queue is full, and that retry cannot succeed on the delivering thread (it spins until the bus
 * closes): keep what one report makes subscribers publish well below that queue.
 *
 * <p>Order: subscribers see an order's changes in the order they were applied when one thread
 * reports that order. Two threads reporting the same order (a REST response thread and a
 * user-data stream thread) still publish each change at most once, but one thread's later
 * change may be published before the other's earlier one: hand both sources of one order to
 * one thread.
 *
 * <p>Refusals by the executor itself (a {@code submit}, {@code cancel} or {@code replace} that
 * returns a reason other than NONE) are not reported by the executor: the gateway reports them,
 * through this same rule. Thread-safe (several threads may report; counters are atomic); no
 * allocation.
 */
public final class ExecutionReports {
    private final OrderTracker tracker;
    private volatile ExecutionBus bus;
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong ignored = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unpublished = new AtomicLong();
    private final AtomicLong backPressured = new AtomicLong();

    /**
     * Creates the helper an executor (or the gateway) reports through.
     *
     * @param tracker the host's order tracker
     * @param bus     the execution bus, or null until there is one (then applied reports are counted as unpublished)
     */
    public ExecutionReports(OrderTracker tracker, ExecutionBus bus) {
        this.tracker = tracker;
        this.bus = bus;
    }

    /**
     * Sets (or clears, with null) the bus reports go to, as the bus service comes and goes.
     *
     * @param bus the execution bus, or null
     */
    public void executionBus(ExecutionBus bus) {
        this.bus = bus;
    }

    /**
     * Applies {@code report} to the tracker and publishes it if the tracker applied it.
     *
     * @param report the venue's report; not kept
     * @return the tracker's result: {@link TrackerResult.Kind#IGNORED} (duplicate, stale) and
     *     {@link TrackerResult.Kind#REFUSED} reports were counted and not published
     */
    public TrackerResult report(ExecutionEvent report) {
        TrackerResult r = tracker.apply(report);
        switch (r.kind()) {
            case APPLIED:
                publishApplied(report);
                break;
            case IGNORED:
                ignored.getAndIncrement();
                break;
            default:
                refused.getAndIncrement();
        }
        return r;
    }

    /**
     * Publishes a report whose change the tracker has already applied by other means (the
     * gateway's local reject, through {@link OrderTracker#onRejected}), retrying backpressure
     * while the bus is open.
     *
     * @param report the report to publish; not kept
     * @return the bus's result (a sequence &gt;= 0, or a negative {@link BusResult} code), or
     *     {@link BusResult#CLOSED} without a bus
     */
    public long publishApplied(ExecutionEvent report) {
        ExecutionBus b = bus;
        long r = b == null ? BusResult.CLOSED : publish(b, report, backPressured);
        if (r >= 0) {
            published.getAndIncrement();
        } else {
            unpublished.getAndIncrement();
        }
        return r;
    }

    /**
     * Publishes on {@code bus}, retrying {@link BusResult#BACK_PRESSURED} while the bus is open.
     * Counts nothing.
     *
     * @param bus    the execution bus
     * @param report the report to publish; not kept
     * @return the bus's result: a sequence &gt;= 0, {@link BusResult#CLOSED} or {@link BusResult#INVALID}
     */
    public static long publish(ExecutionBus bus, ExecutionEvent report) {
        return publish(bus, report, null);
    }

    private static long publish(ExecutionBus bus, ExecutionEvent report, AtomicLong retries) {
        long r;
        while ((r = bus.publishExecution(report)) == BusResult.BACK_PRESSURED) {
            if (retries != null) retries.getAndIncrement();
            Thread.onSpinWait();
        }
        return r;
    }

    /** {@return reports applied and published} */
    public long published() { return published.get(); }
    /** {@return reports the tracker ignored as duplicates or stale: not published} */
    public long ignored() { return ignored.get(); }
    /** {@return reports the tracker refused: not published} */
    public long refused() { return refused.get(); }
    /** {@return applied reports the bus did not take (closed, invalid, no bus)} */
    public long unpublished() { return unpublished.get(); }
    /** {@return publish attempts answered BACK_PRESSURED and retried} */
    public long backPressuredRetries() { return backPressured.get(); }
}
