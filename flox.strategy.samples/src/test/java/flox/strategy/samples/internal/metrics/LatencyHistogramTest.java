package flox.strategy.samples.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class LatencyHistogramTest {

    @Test
    void shouldRecordWithoutAllocatingOnTheWritersThread() {
        LatencyHistogram h = new LatencyHistogram();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        assertTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(), "this JVM measures allocation");
        long tid = Thread.currentThread().getId();
        long allocated = Long.MAX_VALUE;
        for (int round = 0; round < 5 && allocated > 0; round++) { // the first rounds may still compile
            long before = threads.getThreadAllocatedBytes(tid);
            for (int i = 0; i < 100_000; i++) h.record(1 + (i * 7919L) % 50_000_000);
            allocated = threads.getThreadAllocatedBytes(tid) - before;
        }
        assertEquals(0, allocated, "bytes for 100,000 values");
        assertTrue(h.count() >= 100_000);
    }

    @Test
    void shouldKeepCountingWhileAnotherThreadReads() throws Exception {
        LatencyHistogram h = new LatencyHistogram();
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 200_000; i++) h.record(1_000 + (i & 1023));
        });
        writer.start();
        long last = 0;
        while (writer.isAlive()) { // reads fold the recorder's intervals in as the writer goes on
            long n = h.count();
            assertTrue(n >= last, "the count never goes back: " + n + " after " + last);
            last = n;
        }
        writer.join();
        assertEquals(200_000, h.count(), "nothing lost between the intervals");
    }

    @Test
    void shouldRecordALatencyAboveTheRangeAsTheHighest() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Long.MAX_VALUE);
        assertEquals(1, h.count());
        long p50 = h.valueAtPercentile(50);
        assertTrue(p50 >= LatencyHistogram.HIGHEST_NS && p50 <= LatencyHistogram.HIGHEST_NS + LatencyHistogram.HIGHEST_NS / 100,
                "recorded as the highest the histogram keeps apart (1 %): " + p50);
        assertEquals(Long.MAX_VALUE, h.max(), "the exact maximum is kept");
    }

    @Test
    void shouldReportExactPercentilesBelowThirtyTwo() {
        LatencyHistogram h = new LatencyHistogram();
        for (int v = 1; v <= 20; v++) h.record(v);
        assertEquals(10, h.valueAtPercentile(50));
        assertEquals(20, h.valueAtPercentile(99));
        assertEquals(1, h.valueAtPercentile(0));
        assertEquals(20, h.valueAtPercentile(100));
        assertEquals(20, h.count());
        assertEquals(1, h.min());
        assertEquals(20, h.max());
        assertEquals(10, h.mean()); // 210 / 20, rounded down
    }

    @Test
    void shouldReportPercentilesWithinTheBucketResolutionOfASortedReference() {
        SplittableRandom random = new SplittableRandom(42);
        LatencyHistogram h = new LatencyHistogram();
        long[] values = new long[100_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = (long) Math.exp(random.nextDouble() * Math.log(50_000_000)); // 1 ns .. 50 ms, log-uniform
            h.record(values[i]);
        }
        Arrays.sort(values);
        for (double p : new double[] {1, 10, 50, 90, 99, 99.9, 99.99}) {
            long exact = values[(int) Math.ceil(p / 100 * values.length) - 1];
            long reported = h.valueAtPercentile(p);
            assertTrue(reported >= exact, "p" + p + ": " + reported + " below the exact " + exact);
            assertTrue(reported <= exact + exact / 100 + 1, "p" + p + ": " + reported + " more than 1 % above the exact " + exact);
        }
        long top = values[values.length - 1];
        assertEquals(top, h.valueAtPercentile(100), "capped at the exact maximum");
    }

    @Test
    void shouldCapPercentilesAtTheMaximumAndTreatNegativeAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1_000_001);
        assertEquals(1_000_001, h.valueAtPercentile(50), "the bucket's upper bound is above the only value: capped at the exact maximum");
        h.record(-5);
        assertEquals(0, h.min());
        assertEquals(0, h.valueAtPercentile(50));
    }

    @Test
    void shouldAddAnotherHistogramsCountsSumAndExtremes() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(100);
        a.record(300);
        b.record(20);
        b.record(5_000);
        LatencyHistogram sum = new LatencyHistogram();
        sum.add(a);
        sum.add(b);
        sum.add(new LatencyHistogram()); // an empty one changes nothing
        assertEquals(4, sum.count());
        assertEquals(20, sum.min());
        assertEquals(5_000, sum.max());
        assertEquals((100 + 300 + 20 + 5_000) / 4, sum.mean());
        assertEquals(100, sum.valueAtPercentile(50), "the second of 20, 100, 300, 5000 (exact below 256)");
        assertEquals(2, a.count(), "the source is left as it was");
    }

    @Test
    void shouldReportZeroWhenEmpty() {
        LatencyHistogram h = new LatencyHistogram();
        assertEquals(0, h.valueAtPercentile(99));
        assertEquals(0, h.count());
        assertEquals(0, h.min());
        assertEquals(0, h.mean());
    }

    @Test
    void shouldFormatDurationsForPeople() {
        assertEquals("850ns", LatencyHistogram.formatNanos(850));
        assertEquals("18.2us", LatencyHistogram.formatNanos(18_240));
        assertEquals("1.25ms", LatencyHistogram.formatNanos(1_250_000));
        assertEquals("2.00s", LatencyHistogram.formatNanos(2_000_000_000L));
        assertEquals("120us", LatencyHistogram.formatNanos(120_400));
    }
}
