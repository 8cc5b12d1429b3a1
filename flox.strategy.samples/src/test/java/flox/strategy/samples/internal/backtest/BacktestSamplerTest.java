package flox.strategy.samples.internal.backtest;

import static flox.strategy.samples.internal.TestSupport.report;
import static flox.strategy.samples.internal.TestSupport.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.Side;
import flox.strategy.samples.internal.TestSupport;
import flox.strategy.samples.internal.TestSupport.FakeTracker;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import flox.strategy.samples.internal.metrics.MetricsCollector;
import flox.strategy.samples.internal.metrics.PositionView;
import java.io.IOException;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BacktestSamplerTest {
    private static final long MS = 1_000_000L;
    private static final long T0 = 1_723_161_270_000L * MS; // a recorded epoch time
    private final FakeTracker tracker = new FakeTracker(1 << 20);
    private final MetricsCollector collector = new MetricsCollector(tracker, TestSupport.registry(), new ManualClock(), 16);
    private final ExecutionEvent e = new ExecutionEvent();
    private final BookUpdate u = new BookUpdate(4);

    /** The market event as the bus delivers it: the collector first, the sampler last. */
    private void book(BacktestSampler s, long t, long bid, long ask) {
        snapshot(u, 0, bid, 100, ask, 100).timestamps(t, 0);
        collector.onBookUpdate(u);
        s.onBookUpdate(u);
    }

    private void fill(BacktestSampler s, long id, Side side, long price, long qty, long fee) {
        tracker.own(id, 7);
        report(e, ExecType.FILLED, id, 0, side, price, qty, qty).fee(fee, 2, null);
        collector.onExecution(e);
        s.onExecution(e);
    }

    private static List<String> lines(BacktestSampler s, String kind) throws IOException {
        StringWriter w = new StringWriter();
        s.write(w, id -> "mm");
        return Arrays.stream(w.toString().split("\n")).filter(l -> l.startsWith(kind + "\t")).toList();
    }

    @Test
    void shouldSampleTheCollectorsOwnPnlPerBucketOfRecordedTimeAndEndOnItsFinalFigures() throws IOException {
        BacktestSampler s = new BacktestSampler(collector, tracker, TestSupport.registry(), 100 * MS, 64, 16);
        book(s, T0, 6_000_000, 6_000_200);                         // mid 60001.00
        fill(s, 1, Side.BUY, 6_000_000, 100_000, 600);              // 1 BTC @ 60000.00, fee 6.00
        book(s, T0 + 50 * MS, 5_990_000, 5_990_200);               // same bucket: mid 59901.00
        book(s, T0 + 250 * MS, 6_010_000, 6_010_200);              // a later bucket: mid 60101.00
        fill(s, 2, Side.SELL, 6_010_000, 100_000, 601);             // flat: +100.00 - 12.01 fees
        book(s, T0 + 260 * MS, 6_010_000, 6_010_200);

        List<String> pnl = lines(s, "pnl");
        assertEquals(2, pnl.size(), "two buckets with events: " + pnl);
        // bucket 0 ends after the second book: long 1 BTC at 60000 marked to 59901.00, fee 6.00 paid
        assertEquals("pnl\t7\t0\t-600\t-9900\t100000", pnl.get(0));
        PositionView v = collector.read(collector.strategy(7).positions()[0], new PositionView());
        assertEquals("pnl\t7\t0\t" + v.realisedScaled + "\t" + v.unrealisedScaled + "\t" + v.positionScaled, pnl.get(1), "the last point is the collector's final state");
        assertEquals(10_000 - 600 - 601, v.realisedScaled);
        assertEquals(List.of("t\t" + (T0 + 50 * MS), "t\t" + (T0 + 260 * MS)), lines(s, "t"), "a point's time is its bucket's last event");
        assertEquals(List.of("mid\t0\t5990100", "mid\t0\t6010100"), lines(s, "mid"));
        assertEquals(List.of("fill\t" + T0 + "\t7\t0\tBUY\t6000000\t100000\t600\t2", "fill\t" + (T0 + 250 * MS) + "\t7\t0\tSELL\t6010000\t100000\t601\t2"),
                lines(s, "fill"), "each fill at the market time it happened, as reported");
        String position = lines(s, "position").get(0);
        // drawdown from 0 (nothing filled) to -6.00 - 99.00 at the second book, mid-bucket: tracked per event, not per bucket
        assertTrue(position.contains("\tmax.drawdown=10500\t"), position);
        assertTrue(position.contains("\trealised=" + v.realisedScaled + "\t") && position.contains("\tfills=2\t"), position);
        String strategy = lines(s, "strategy").get(0);
        assertTrue(strategy.contains("\tfills=2\t") && strategy.contains("\tfully.filled=2\t"), strategy);
    }

    @Test
    void shouldKeepAtMostMaxPointsByWideningTheBucketsOfALongRecording() throws IOException {
        BacktestSampler s = new BacktestSampler(collector, tracker, TestSupport.registry(), MS, 16, 4);
        int events = 10_000;
        for (int i = 0; i < events; i++) book(s, T0 + i * MS, 6_000_000 + i, 6_000_200 + i);
        List<String> times = lines(s, "t");
        assertTrue(times.size() <= 16 && times.size() >= 8, times.size() + " points");
        assertEquals("t\t" + (T0 + (events - 1) * MS), times.get(times.size() - 1), "the last point ends at the last event");
        assertEquals(1024 * MS, s.bucketNs(), "1 ms doubled until 10,000 ms of events fit in 16 buckets");
        assertEquals(List.of("mid\t0\t" + (6_000_100 + events - 1)), lines(s, "mid").subList(times.size() - 1, times.size()));
        for (int i = 1; i < times.size(); i++) {
            long prev = Long.parseLong(times.get(i - 1).split("\t")[1]);
            long t = Long.parseLong(times.get(i).split("\t")[1]);
            assertEquals(T0 + ((prev - T0) / s.bucketNs() + 1) * s.bucketNs() - MS, prev, "a point holds the last event of its bucket");
            assertTrue(t > prev);
        }
    }

    @Test
    void shouldCountFillsBeyondItsCapacityAsDropped() throws IOException {
        BacktestSampler s = new BacktestSampler(collector, tracker, TestSupport.registry(), MS, 16, 2);
        book(s, T0, 6_000_000, 6_000_200);
        for (int i = 1; i <= 5; i++) fill(s, i, i % 2 == 0 ? Side.SELL : Side.BUY, 6_000_000, 10, 0);
        assertEquals(2, lines(s, "fill").size());
        assertTrue(lines(s, "meta").contains("meta\tfills.dropped\t3"));
        assertTrue(lines(s, "strategy").get(0).contains("\tfills=5\t"), "the collector's count stays whole");
    }

    @Test
    void shouldNotAllocatePerEventOnceItsSeriesExist() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        // three windows of 40,000 events (recorded time 20-40 s, 40-60 s, 60-80 s: the first and the
        // last hold a merge of the 256 points, at 32.8 s and 65.5 s): an allocation per event (one
        // 16-byte object) would show as 640 KB in every window, one per merge in two; a one-off of
        // the JIT (a deoptimisation running a method interpreted for a moment, seen as about 4.7 KB
        // in one window in some runs, and about 2.4 KB in two in one run) in one only. A round whose
        // windows say otherwise is taken again with a fresh sampler (the same merges at the same
        // times), at most three rounds: an allocation per event or per merge fails every round.
        StringBuilder figures = new StringBuilder();
        boolean clean = false;
        BacktestSampler s = null;
        for (int round = 0; round < 3 && !clean; round++) {
            s = new BacktestSampler(collector, tracker, TestSupport.registry(), MS, 256, 1 << 16);
            long id = 1;
            long t = T0;
            for (int i = 0; i < 20_000; i++) { // warm-up: the series, the mid, the counters and the JIT
                book(s, t += MS, 6_000_000 + i % 50, 6_000_200 + i % 50);
                fill(s, id++, i % 2 == 0 ? Side.BUY : Side.SELL, 6_000_000, 10, 1);
            }
            long[] windows = new long[3];
            for (int w = 0; w < windows.length; w++) {
                long before = threads.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < 20_000; i++) {
                    book(s, t += MS, 6_000_000 + i % 50, 6_000_200 + i % 50);
                    fill(s, id++, i % 2 == 0 ? Side.BUY : Side.SELL, 6_000_000, 10, 1);
                }
                windows[w] = threads.getCurrentThreadAllocatedBytes() - before;
            }
            figures.append(Arrays.toString(windows)).append(' ');
            for (long b : windows) assertTrue(b < 16_384, "nothing allocated per event: " + figures + "B per 40,000 events");
            long[] sorted = windows.clone();
            Arrays.sort(sorted);
            clean = sorted[1] < 1_024;
        }
        assertTrue(clean, "two windows (one with a merge) without any allocation, in one of three rounds: " + figures + "B per 40,000 events");
        assertTrue(s.points() <= 256);
    }
}
