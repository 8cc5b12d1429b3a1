package flox.connector.fix.internal;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.lang.management.ManagementFactory;

/**
 * Steady-state allocation of a piece of work on the calling thread, for tests: the least any of
 * up to {@code rounds} rounds allocated (HotSpot's per-thread counter). The interpreter and C1
 * allocate where C2 does not (escape analysis), so the least of several rounds is the compiled
 * code's figure; stops at the first round under {@code goodEnoughBytes}.
 */
public final class Allocation {
    private Allocation() {
    }

    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    public static long leastPerRound(Work round, int rounds, long goodEnoughBytes) throws Exception {
        return leastPerRound(() -> { }, round, rounds, goodEnoughBytes);
    }

    /** As {@link #leastPerRound(Work, int, long)}, with {@code setup} run before each round and not measured. */
    public static long leastPerRound(Work setup, Work round, int rounds, long goodEnoughBytes) throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        long least = Long.MAX_VALUE;
        for (int i = 0; i < rounds && least >= goodEnoughBytes; i++) {
            setup.run();
            long before = mx.getCurrentThreadAllocatedBytes();
            round.run();
            least = Math.min(least, mx.getCurrentThreadAllocatedBytes() - before);
        }
        return least;
    }
}
