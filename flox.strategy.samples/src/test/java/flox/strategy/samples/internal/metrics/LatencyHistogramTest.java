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
    void shouldCoverEveryValueWithContiguousBucketsAtMostOneThirtySecondWide() {
        for (int i = 0; i < LatencyHistogram.BUCKETS; i++) {
            long lo = LatencyHistogram.lowestValue(i);
            long hi = LatencyHistogram.highestValue(i);
            assertEquals(i, LatencyHistogram.index(lo), "lowest of bucket " + i);
            assertEquals(i, LatencyHistogram.index(hi), "highest of bucket " + i);
            if (i + 1 < LatencyHistogram.BUCKETS) assertEquals(hi + 1, LatencyHistogram.lowestValue(i + 1), "gap after bucket " + i);
            if (lo >= 32) assertTrue((hi - lo + 1) * 32 <= lo, "bucket " + i + " too wide: " + lo + ".." + hi);
        }
        assertEquals(Long.MAX_VALUE, LatencyHistogram.highestValue(LatencyHistogram.BUCKETS - 1));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.index(Long.MAX_VALUE));
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
            assertTrue(reported <= exact + exact / 32 + 1, "p" + p + ": " + reported + " more than 1/32 above the exact " + exact);
        }
        assertEquals(values[values.length - 1], h.valueAtPercentile(100));
    }

    @Test
    void shouldCapPercentilesAtTheMaximumAndTreatNegativeAsZero() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(1_000_001);
        assertEquals(1_000_001, h.valueAtPercentile(50), "the bucket's upper bound is above the only value");
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
        assertEquals(LatencyHistogram.highestValue(LatencyHistogram.index(100)), sum.valueAtPercentile(50), "the bucket of the second of 20, 100, 300, 5000");
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
