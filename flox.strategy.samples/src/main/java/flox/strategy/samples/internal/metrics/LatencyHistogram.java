package flox.strategy.samples.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.SingleWriterRecorder;

/**
 * A latency histogram on HdrHistogram (embedded in this bundle): the recording thread writes
 * into a {@link SingleWriterRecorder} (wait-free, no allocation), and readers fold what it
 * recorded since their last look into a cumulative {@link Histogram} under this object's lock
 * (the recorder's interval histograms are recycled: no allocation after the first look either).
 * 2 significant digits (1 %), from 1 ns to {@link #HIGHEST_NS}; a longer value is recorded as
 * the highest, a negative one as 0. Count, sum, minimum and maximum are kept exactly beside it
 * (the writer publishes each with a release store).
 *
 * <p>{@link #record(long)} and {@link #add}: one writing thread at a time. Queries: any thread, at
 * any time; a value recorded during a query may or may not be included. Percentiles report the
 * highest value equivalent to the requested rank's (HdrHistogram's resolution), at most the
 * exact maximum.
 */
public final class LatencyHistogram {
    /** Longest latency kept apart: an hour; longer ones count as this. */
    public static final long HIGHEST_NS = 3_600_000_000_000L;
    private static final int DIGITS = 2;

    private final SingleWriterRecorder recorder = new SingleWriterRecorder(1, HIGHEST_NS, DIGITS);
    private final Histogram total = new Histogram(1, HIGHEST_NS, DIGITS);
    private Histogram interval;
    /** [0] count, [1] sum, [2] min, [3] max: exact, single writer. */
    private final AtomicLongArray stats = new AtomicLongArray(4);

    public LatencyHistogram() {
        stats.set(2, Long.MAX_VALUE);
    }

    /** Records one value (negative values count as 0). Single writer; no allocation. */
    public void record(long value) {
        long v = Math.max(0, value);
        recorder.recordValue(Math.min(HIGHEST_NS, v));
        stats.setRelease(1, stats.getPlain(1) + v);
        if (v < stats.getPlain(2)) stats.setRelease(2, v);
        if (v > stats.getPlain(3)) stats.setRelease(3, v);
        stats.setRelease(0, stats.getPlain(0) + 1);
    }

    /**
     * Adds everything {@code other} recorded so far (its writer may go on meanwhile). This
     * histogram's writer, like {@link #record}; takes both locks, this one first.
     */
    public synchronized void add(LatencyHistogram other) {
        Histogram o = other.snapshot();
        long n;
        synchronized (other) {
            n = o.getTotalCount();
            total.add(o);
        }
        if (n == 0) return;
        stats.setRelease(1, stats.getPlain(1) + other.stats.getAcquire(1));
        long min = other.stats.getAcquire(2);
        long max = other.stats.getAcquire(3);
        if (min < stats.getPlain(2)) stats.setRelease(2, min);
        if (max > stats.getPlain(3)) stats.setRelease(3, max);
        stats.setRelease(0, stats.getPlain(0) + n);
    }

    /** The cumulative histogram with the recorder's latest interval folded in; callers hold this lock while they read it. */
    private synchronized Histogram snapshot() {
        interval = recorder.getIntervalHistogram(interval);
        total.add(interval);
        return total;
    }

    public long count() {
        return stats.getAcquire(0);
    }

    /** Smallest value recorded, 0 when empty. */
    public long min() {
        return count() == 0 ? 0 : stats.getAcquire(2);
    }

    /** Largest value recorded, 0 when empty. */
    public long max() {
        return stats.getAcquire(3);
    }

    /** Arithmetic mean, 0 when empty. */
    public long mean() {
        long n = count();
        return n == 0 ? 0 : stats.getAcquire(1) / n;
    }

    /** The value below or at which {@code percentile} percent of the recorded values fall (1 % resolution); 0 when empty. */
    public synchronized long valueAtPercentile(double percentile) {
        Histogram h = snapshot();
        if (h.getTotalCount() == 0) return 0;
        return Math.min(h.getValueAtPercentile(Math.min(100.0, Math.max(0.0, percentile))), max());
    }

    /** A bucket of the histogram: values up to {@code highestNs} (HdrHistogram's resolution), {@code count} of them. */
    @FunctionalInterface
    public interface BucketConsumer {
        void accept(long highestNs, long count);
    }

    /** Every non-empty bucket, lowest first (HdrHistogram's recorded values). Cold path: allocates an iterator. */
    public synchronized void forEachBucket(BucketConsumer consumer) {
        Histogram h = snapshot();
        for (org.HdrHistogram.HistogramIterationValue v : h.recordedValues()) {
            consumer.accept(h.highestEquivalentValue(v.getValueIteratedTo()), v.getCountAtValueIteratedTo());
        }
    }

    /** A duration in nanoseconds for people: 850ns, 18.2us, 1.25ms, 2.0s. Allocates. */
    public static String formatNanos(long ns) {
        if (ns < 1_000) return ns + "ns";
        if (ns < 1_000_000) return decimal(ns, 1_000) + "us";
        if (ns < 1_000_000_000) return decimal(ns, 1_000_000) + "ms";
        return decimal(ns, 1_000_000_000) + "s";
    }

    /** About three significant digits of {@code ns / unit}, where 1 <= ns / unit < 1000 (display only). */
    private static String decimal(long ns, long unit) {
        double v = ns / (double) unit;
        return String.format(java.util.Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }
}
