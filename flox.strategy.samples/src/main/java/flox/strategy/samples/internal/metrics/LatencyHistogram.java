package flox.strategy.samples.internal.metrics;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A log-linear latency histogram in the manner of HdrHistogram, fixed at 5 significant bits:
 * values below 32 have a bucket each, and every power-of-two range above is split into 32
 * equal buckets, so a bucket is at most 1/32 (3.1 %) of its values wide. The whole positive
 * long range fits in {@value #BUCKETS} preallocated buckets (15 KB); nothing grows.
 *
 * <p>{@link #record(long)}: one recording thread (single writer), no allocation, no lock; each
 * count is published with a release store so readers on other threads see whole values.
 * Queries ({@link #valueAtPercentile(double)}, {@link #count()}...) may run on any thread at any
 * time; they copy the counts (allocating, cold path) and report a consistent-enough view: a
 * value recorded during the copy may or may not be included. Percentiles report the highest
 * value of the bucket holding the requested rank (as HdrHistogram does), capped at the maximum
 * recorded value.
 */
public final class LatencyHistogram {
    static final int SUB_BITS = 5;
    static final int SUB = 1 << SUB_BITS;
    /** 32 exact buckets plus 32 per power of two from 2^5 to 2^62. */
    public static final int BUCKETS = SUB + (63 - SUB_BITS) * SUB;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);
    /** [0] count, [1] sum, [2] min, [3] max. */
    private final AtomicLongArray stats = new AtomicLongArray(4);

    public LatencyHistogram() {
        stats.set(2, Long.MAX_VALUE);
    }

    /** Records one value (negative values count as 0). Single writer; no allocation. */
    public void record(long value) {
        long v = Math.max(0, value);
        int i = index(v);
        counts.setRelease(i, counts.getPlain(i) + 1);
        stats.setRelease(1, stats.getPlain(1) + v);
        if (v < stats.getPlain(2)) stats.setRelease(2, v);
        if (v > stats.getPlain(3)) stats.setRelease(3, v);
        stats.setRelease(0, stats.getPlain(0) + 1);
    }

    /**
     * Adds everything {@code other} recorded so far (its writer may go on meanwhile: a value
     * recorded during the copy may or may not be included). Single writer of this histogram, like
     * {@link #record(long)}; no allocation.
     */
    public void add(LatencyHistogram other) {
        long n = 0;
        for (int i = 0; i < BUCKETS; i++) {
            long c = other.counts.getAcquire(i);
            if (c == 0) continue;
            counts.setRelease(i, counts.getPlain(i) + c);
            n += c;
        }
        if (n == 0) return;
        stats.setRelease(1, stats.getPlain(1) + other.stats.getAcquire(1));
        long min = other.stats.getAcquire(2);
        long max = other.stats.getAcquire(3);
        if (min < stats.getPlain(2)) stats.setRelease(2, min);
        if (max > stats.getPlain(3)) stats.setRelease(3, max);
        stats.setRelease(0, stats.getPlain(0) + n);
    }

    /** Bucket of a non-negative value. */
    static int index(long v) {
        if (v < SUB) return (int) v;
        int exponent = 63 - Long.numberOfLeadingZeros(v); // >= SUB_BITS
        int shift = exponent - SUB_BITS;
        int top = (int) (v >>> shift); // in [SUB, 2 * SUB)
        return SUB + shift * SUB + (top - SUB);
    }

    /** Lowest value that falls into bucket {@code i}. */
    static long lowestValue(int i) {
        if (i < SUB) return i;
        int shift = (i - SUB) / SUB;
        long top = SUB + (i - SUB) % SUB;
        return top << shift;
    }

    /** Highest value that falls into bucket {@code i}. */
    static long highestValue(int i) {
        if (i < SUB) return i;
        int shift = (i - SUB) / SUB;
        long top = SUB + (i - SUB) % SUB;
        long next = (top + 1) << shift;
        return next < 0 ? Long.MAX_VALUE : next - 1; // the last bucket ends at Long.MAX_VALUE
    }

    public long count() {
        return stats.getAcquire(0);
    }

    /** Smallest value recorded, 0 when empty. */
    public long min() {
        return count() == 0 ? 0 : stats.getAcquire(2);
    }

    public long max() {
        return stats.getAcquire(3);
    }

    /** Arithmetic mean, 0 when empty. */
    public long mean() {
        long n = count();
        return n == 0 ? 0 : stats.getAcquire(1) / n;
    }

    /**
     * The value below or at which {@code percentile} percent of the recorded values fall (within
     * the bucket resolution); 0 when empty. Cold path: copies the counts.
     */
    public long valueAtPercentile(double percentile) {
        long[] copy = new long[BUCKETS];
        long total = 0;
        for (int i = 0; i < BUCKETS; i++) {
            copy[i] = counts.getAcquire(i);
            total += copy[i];
        }
        if (total == 0) return 0;
        double p = Math.min(100.0, Math.max(0.0, percentile));
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * total));
        long seen = 0;
        long max = max();
        for (int i = 0; i < BUCKETS; i++) {
            seen += copy[i];
            if (seen >= rank) return Math.min(highestValue(i), max);
        }
        return max;
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
