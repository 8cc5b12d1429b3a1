package flox.bench.sim;

import flox.api.bus.MarketDataSubscriber;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * A market-data subscriber that records, for book updates of {@link SimRig#MEASURED_SYMBOL},
 * {@code nanoTime()} at some point of its handling minus the update's
 * {@code receiveTimestampNs} (stamped by the publisher just before publishing) into a
 * preallocated HdrHistogram; warm-up updates carry {@link SimRig#WARMUP_SYMBOL} and are handled
 * the same way but not recorded. Values above the histogram's range are clamped;
 * {@link Histogram#recordValue} does not allocate within range. Called by one thread at a time
 * (the bus's delivery thread, or the publisher in sync mode).
 */
abstract class LatencyRecorder implements MarketDataSubscriber {
    private static final VarHandle MEASURED_COUNT;

    static {
        try {
            MEASURED_COUNT = MethodHandles.lookup().findVarHandle(LatencyRecorder.class, "measuredCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Histogram histogram;
    private final long highest;
    @SuppressWarnings("unused") private volatile long measuredCount;

    LatencyRecorder(Histogram histogram) {
        this.histogram = histogram;
        this.highest = histogram.getHighestTrackableValue();
    }

    /** Records one measured latency (or, {@code latencyNs < 0}, counts a measured event without one). */
    final void measured(long latencyNs) {
        if (latencyNs >= 0) histogram.recordValue(Math.min(latencyNs, highest));
        MEASURED_COUNT.setRelease(this, (long) MEASURED_COUNT.get(this) + 1);
    }

    /** Measured events handled so far (any thread). */
    final long measuredCount() {
        return (long) MEASURED_COUNT.getAcquire(this);
    }

    /** Read only after the delivering thread has stopped (or, in sync mode, from the publisher). */
    final Histogram histogram() {
        return histogram;
    }

    /** Measured events that were handled but not recorded (e.g. an order refused). */
    long unrecorded() {
        return 0;
    }
}
