package flox.bench.bus;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Measuring aids: the core-to-core round trip (tells which of the machine's two regimes a
 * figure was taken in, see ANCHORS.md) and per-thread allocated bytes.
 */
final class Probes {
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static volatile long ball;

    private Probes() {
    }

    /**
     * Median over 9 batches of the average cache-line round trip between this thread and a
     * helper thread, in ns; 10,000 round trips a batch (a few ms to a few tens of ms).
     */
    static long roundTripNs() {
        final int batches = 9, perBatch = 10_000;
        ball = 0;
        Thread echo = new Thread(() -> {
            for (long expect = 1; expect < 2L * batches * perBatch; expect += 2) {
                while (ball != expect) Thread.onSpinWait();
                ball = expect + 1;
            }
        }, "round-trip-probe");
        echo.setDaemon(true);
        echo.start();
        long[] avg = new long[batches];
        long v = 0;
        for (int b = 0; b < batches; b++) {
            long start = System.nanoTime();
            for (int i = 0; i < perBatch; i++) {
                ball = ++v;
                long want = ++v;
                while (ball != want) Thread.onSpinWait();
            }
            avg[b] = (System.nanoTime() - start) / perBatch;
        }
        Contender.join(echo);
        java.util.Arrays.sort(avg);
        return avg[batches / 2];
    }

    /** Bytes allocated so far by these threads (and the calling one if {@code withCaller}). */
    static long allocatedBytes(List<Thread> threads, boolean withCaller) {
        long sum = withCaller ? THREADS.getThreadAllocatedBytes(Thread.currentThread().getId()) : 0;
        for (int i = 0; i < threads.size(); i++) {
            long b = THREADS.getThreadAllocatedBytes(threads.get(i).getId());
            if (b > 0) sum += b;
        }
        return sum;
    }
}
