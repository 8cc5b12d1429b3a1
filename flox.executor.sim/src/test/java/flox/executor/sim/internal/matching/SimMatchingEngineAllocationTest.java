package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.order.LockFreeOrderTracker;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Zero allocation in steady state: submission, cancel/replace, market data and execution-report
 * handling (the engine's reports applied to the real tracker), measured with the thread's
 * allocation counter around a warmed-up loop.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SimMatchingEngineAllocationTest {
    private static final int OPERATIONS = 100_000;

    @Test
    void shouldNotAllocateInSteadyState() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        SimFlow flow = new SimFlow(11, new LockFreeOrderTracker(1 << 14), null);
        long allocated = -1;
        for (int round = 0; round < 6; round++) { // the first rounds warm up (class loading, JIT)
            long reportsBefore = flow.reports;
            long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < OPERATIONS; i++) flow.step();
            allocated = threads.getThreadAllocatedBytes(me) - before;
            assertTrue(flow.reports - reportsBefore > OPERATIONS / 2, "the loop must produce reports");
        }
        long last = allocated;
        System.out.printf("steady state: %d bytes allocated for %,d operations%n", last, OPERATIONS);
        assertTrue(last < 1024, "allocated " + last + " bytes for " + OPERATIONS + " operations");
    }

    static long[] sink;

    @Test
    void shouldSeeAllocationWhenThereIsSome() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(me);
        sink = new long[1_000];
        assertTrue(threads.getThreadAllocatedBytes(me) - before >= 8_000, "the meter works");
    }
}
