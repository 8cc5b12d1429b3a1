package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class RollAndRetentionTest {
    private static final long SEGMENT = 64 << 10;

    @TempDir
    Path dir;

    private JournalWriter writer(long retention, JournalTestSupport.TestClock clock) throws Exception {
        JournalWriter w = new JournalWriter(dir, SEGMENT, retention, JournalTestSupport.registry(), clock);
        w.open();
        return w;
    }

    @Test
    void shouldRollToANewSegmentWhenTheNextRecordDoesNotFit() throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        JournalWriter w = writer(1 << 30, clock);
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        int n = 3_000; // 96-byte records: about 680 a segment
        for (int i = 1; i <= n; i++) d.trade(JournalTestSupport.trade(0, i), clock.epochNanos());
        w.close();
        List<Path> files = JournalWriter.segmentFiles(dir);
        assertTrue(files.size() >= 4, files.toString());
        for (Path f : files) assertTrue(Files.size(f) <= SEGMENT, f + " " + Files.size(f));
        try (JournalReader r = new JournalReader(dir, false)) {
            List<JournalTestSupport.Row> rows = JournalTestSupport.readAll(r);
            assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), rows.stream().map(JournalTestSupport.Row::tradeId).toList());
            assertEquals(files.size(), r.segments().size());
            for (int i = 0; i < files.size(); i++) assertEquals(i, r.segments().get(i).number());
            assertEquals(List.of(), r.tornTails());
        }
        assertEquals(files.size(), w.segmentsOpened());
    }

    @Test
    void shouldRollAtTheUtcDayBoundary() throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        clock.epoch = JournalTestSupport.DAY_START + 86_400_000_000_000L - 2_000_000; // 23:59:59.998 on 2026-12-06
        JournalWriter w = writer(1 << 30, clock);
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        d.trade(JournalTestSupport.trade(0, 1), JournalTestSupport.DAY_START + 86_400_000_000_000L - 1); // the last ns of the 6th
        d.trade(JournalTestSupport.trade(0, 2), JournalTestSupport.DAY_START + 86_400_000_000_000L);     // midnight: the 7th
        d.trade(JournalTestSupport.trade(0, 3), JournalTestSupport.DAY_START + 86_400_000_000_000L + 5);
        w.close();
        List<Path> files = JournalWriter.segmentFiles(dir);
        assertEquals(List.of("segment-0000000000-20261206.journal", "segment-0000000001-20261207.journal"),
                files.stream().map(p -> p.getFileName().toString()).toList());
        try (JournalReader r = new JournalReader(dir, false)) {
            List<JournalTestSupport.Row> rows = JournalTestSupport.readAll(r);
            assertEquals(List.of(1L, 2L, 3L), rows.stream().map(JournalTestSupport.Row::tradeId).toList());
            assertEquals(files.get(0), rows.get(0).file());
            assertEquals(files.get(1), rows.get(1).file());
            assertEquals(20261207, r.segments().get(1).utcDay());
        }
    }

    /** A replay's market clock reads 0 until its first event: the segment opened then, still empty, leaves no 1970 file behind. */
    @Test
    void shouldLeaveNoSegmentOfAnUnstartedClockBehind() throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        clock.epoch = 0;
        JournalWriter w = writer(1 << 30, clock);
        clock.epoch = JournalTestSupport.DAY_START + 1_000;
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        d.trade(JournalTestSupport.trade(0, 1), JournalTestSupport.DAY_START + 1_000);
        d.trade(JournalTestSupport.trade(0, 2), JournalTestSupport.DAY_START + 2_000);
        w.close();
        List<Path> files = JournalWriter.segmentFiles(dir);
        assertEquals(List.of("segment-0000000001-20261206.journal"), files.stream().map(p -> p.getFileName().toString()).toList());
        assertEquals(1, w.segmentsOpened());
        try (JournalReader r = new JournalReader(dir, false)) {
            assertEquals(List.of(1L, 2L), JournalTestSupport.readAll(r).stream().map(JournalTestSupport.Row::tradeId).toList());
            assertEquals(List.of(), r.tornTails());
        }
    }

    @Test
    void shouldDeleteTheOldestSegmentsBeyondTheRetention() throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        JournalWriter w = writer(3 * SEGMENT, clock);
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        for (int i = 1; i <= 5_000; i++) d.trade(JournalTestSupport.trade(0, i), clock.epochNanos());
        long opened = w.segmentsOpened();
        assertTrue(opened >= 7, "segments opened " + opened);
        List<Long> numbers = JournalWriter.segmentFiles(dir).stream().map(JournalFormat::segmentNumber).toList();
        // the current one counts at its full size: it and the two before it fit in three segments
        assertEquals(LongStream.range(opened - 3, opened).boxed().toList(), numbers, "the newest kept, the oldest deleted");
        assertEquals(opened - 3, w.retentionDeletions());
        assertEquals(3, w.segmentsKept());
        w.close();
        try (JournalReader r = new JournalReader(dir, false)) {
            List<JournalTestSupport.Row> rows = JournalTestSupport.readAll(r);
            assertEquals(5_000L, rows.get(rows.size() - 1).tradeId(), "the newest record is kept");
            assertEquals(List.of(), r.tornTails());
        }
    }

    @Test
    void shouldStartANewSegmentAfterTheHighestOneInTheDirectory() throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        JournalWriter first = writer(1 << 30, clock);
        new JournalTestSupport.DirectWriter(first).trade(JournalTestSupport.trade(0, 1), clock.epochNanos());
        first.close();
        JournalWriter second = writer(1 << 30, clock);
        new JournalTestSupport.DirectWriter(second).trade(JournalTestSupport.trade(0, 2), clock.epochNanos());
        second.close();
        assertEquals(List.of(0L, 1L), JournalWriter.segmentFiles(dir).stream().map(JournalFormat::segmentNumber).toList());
        try (JournalReader r = new JournalReader(dir, false)) {
            assertEquals(List.of(1L, 2L), JournalTestSupport.readAll(r).stream().map(JournalTestSupport.Row::tradeId).toList());
        }
    }
}
