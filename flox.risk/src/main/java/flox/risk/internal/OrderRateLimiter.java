package flox.risk.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Order rate per strategy: a token bucket in its GCRA form (one "theoretical arrival time" per
 * bucket, advanced by one emission interval per order), so that taking a token is one CAS on one
 * long. With rate r and burst b, an idle strategy may send b orders at once and then one every
 * 1/r seconds.
 *
 * <p>Buckets: strategy ids 0..{@value #BUCKETS}-1 have their own, preallocated; every other id
 * (negative or larger) shares one more bucket, so such strategies limit each other. Each bucket
 * sits in its own 128-byte block of one array (no false sharing between strategies on different
 * threads) with its usage counters: orders passed, refused, and per-second windows for
 * "orders in the last second".
 *
 * <p>Thread-safe and lock-free: any number of threads may call {@link #tryAcquire} at once (a
 * failed CAS retries with the fresh value). Configuration changes replace an immutable parameter
 * object (one volatile read per call). No allocation after construction.
 */
final class OrderRateLimiter {
    static final int BUCKETS = 4096;
    /** The bucket shared by strategy ids outside [0, BUCKETS). */
    static final int SHARED = BUCKETS;

    private static final int STRIDE = 16;
    private static final int TAT = 8;
    private static final int WINDOW = 9;
    private static final int PREVIOUS = 10;
    private static final int PASSED = 11;
    private static final int REFUSED = 12;
    private static final long UNUSED = Long.MIN_VALUE;
    private static final long SECOND_NS = 1_000_000_000L;

    private static final class Params {
        final long intervalNs;
        final long toleranceNs;

        Params(long perSecond, long burst) {
            intervalNs = perSecond == 0 ? 0 : Math.max(1, SECOND_NS / perSecond);
            toleranceNs = (burst - 1) * intervalNs;
        }
    }

    private final AtomicLongArray slots = new AtomicLongArray((BUCKETS + 1) * STRIDE + STRIDE);
    private volatile Params params;

    /** @param perSecond orders per second per strategy, 0 = unlimited; @param burst at least 1 */
    OrderRateLimiter(long perSecond, long burst) {
        for (int b = 0; b <= BUCKETS; b++) slots.set(b * STRIDE + TAT, UNUSED);
        configure(perSecond, burst);
    }

    void configure(long perSecond, long burst) {
        params = new Params(perSecond, burst);
    }

    static int bucket(int strategyId) {
        return strategyId >= 0 && strategyId < BUCKETS ? strategyId : SHARED;
    }

    /** Takes a token for the strategy at {@code nowNs}; false (and counted) when none is left. Lock-free. */
    boolean tryAcquire(int strategyId, long nowNs) {
        int base = bucket(strategyId) * STRIDE;
        Params p = params;
        if (p.intervalNs != 0) {
            while (true) {
                long tat = slots.get(base + TAT);
                long start = tat == UNUSED || tat - nowNs < 0 ? nowNs : tat;
                if (start - nowNs > p.toleranceNs) {
                    slots.getAndIncrement(base + REFUSED);
                    return false;
                }
                if (slots.compareAndSet(base + TAT, tat, start + p.intervalNs)) break;
            }
        }
        countInWindow(base, nowNs);
        slots.getAndIncrement(base + PASSED);
        return true;
    }

    /** Window word: low 32 bits of the second, then the count of orders passed in it. */
    private void countInWindow(int base, long nowNs) {
        long second = Math.floorDiv(nowNs, SECOND_NS) & 0xFFFF_FFFFL;
        while (true) {
            long w = slots.get(base + WINDOW);
            if (w >>> 32 == second) {
                if (slots.compareAndSet(base + WINDOW, w, w + 1)) return;
            } else if (slots.compareAndSet(base + WINDOW, w, second << 32 | 1)) {
                slots.set(base + PREVIOUS, w); // display only: a racing roll-over may leave an older window here
                return;
            }
        }
    }

    long passed(int bucket) {
        return slots.get(bucket * STRIDE + PASSED);
    }

    long refused(int bucket) {
        return slots.get(bucket * STRIDE + REFUSED);
    }

    /** Orders passed in the second containing {@code nowNs}, so far. */
    long thisSecond(int bucket, long nowNs) {
        long second = Math.floorDiv(nowNs, SECOND_NS) & 0xFFFF_FFFFL;
        long w = slots.get(bucket * STRIDE + WINDOW);
        return w >>> 32 == second && w != 0 ? w & 0xFFFF_FFFFL : 0;
    }

    /** Orders passed in the whole second before the one containing {@code nowNs}. */
    long lastSecond(int bucket, long nowNs) {
        long previous = (Math.floorDiv(nowNs, SECOND_NS) - 1) & 0xFFFF_FFFFL;
        long w = slots.get(bucket * STRIDE + WINDOW);
        if (w != 0 && w >>> 32 == previous) return w & 0xFFFF_FFFFL;
        long p = slots.get(bucket * STRIDE + PREVIOUS);
        return p != 0 && p >>> 32 == previous && w >>> 32 == (previous + 1 & 0xFFFF_FFFFL) ? p & 0xFFFF_FFFFL : 0;
    }

    /** Tokens left at {@code nowNs} (display): the burst when idle, 0 when limited; -1 when unlimited. */
    long tokens(int bucket, long nowNs) {
        Params p = params;
        if (p.intervalNs == 0) return -1;
        long tat = slots.get(bucket * STRIDE + TAT);
        long start = tat == UNUSED || tat - nowNs < 0 ? nowNs : tat;
        long ahead = start - nowNs;
        return Math.max(0, (p.toleranceNs - ahead) / p.intervalNs + 1);
    }
}
