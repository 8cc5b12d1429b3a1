package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(30)
class JournalInspectTest {
    @TempDir
    Path dir;

    private final ByteArrayOutputStream outBytes = new ByteArrayOutputStream();
    private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(outBytes, true, StandardCharsets.UTF_8);
    private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

    private String out() {
        synchronized (outBytes) {
            return outBytes.toString(StandardCharsets.UTF_8);
        }
    }

    private JournalWriter journal() throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        JournalWriter w = new JournalWriter(dir, 64 << 10, 1 << 30, JournalTestSupport.registry(), clock);
        w.open();
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        d.book(JournalTestSupport.book(2, 0, 2), JournalTestSupport.DAY_START + 3_600_000_000_000L);
        d.trade(JournalTestSupport.trade(1, 7), JournalTestSupport.DAY_START + 3_601_500_000_000L);
        return w;
    }

    @Test
    void shouldPrintHeaderCountsTimeSpanAndFirstAndLastEvents() throws Exception {
        journal().close();
        assertEquals(0, JournalInspect.run(new String[] {dir.toString()}, out, err), errBytes.toString());
        String o = out();
        assertTrue(o.contains("number 0, format 1, created 2026-12-06T01:00:00.000001Z (UTC day 20261206), 2 symbols"), o);
        assertTrue(o.contains("symbol 0 SIM:BTCUSDT SPOT price scale 2 quantity scale 5 tick 0.01 lot 0.00001"), o);
        assertTrue(o.contains("symbol 1 SIM:ETHUSDT FUTURE price scale 2 quantity scale 4 tick 0.01 lot 0.0010 not tradable"), o);
        assertTrue(o.contains("segments: 1, closed with SEGMENT_END: 1"), o);
        assertTrue(o.contains("by kind: BOOK_UPDATE 1, TRADE 1"), o);
        assertTrue(o.contains("by symbol: SIM:BTCUSDT 1, SIM:ETHUSDT 1"), o);
        assertTrue(o.contains("time span: 2026-12-06T01:00:00Z .. 2026-12-06T01:00:01.500Z (1.500 s)"), o);
        assertTrue(o.contains("first: 2026-12-06T01:00:00Z BOOK_UPDATE SIM:BTCUSDT SNAPSHOT ids 20..29 bids 2 (first 0.00100 @ 59999.98) asks 2 (first 0.00200 @ 60000.03)"), o);
        assertTrue(o.contains("last:  2026-12-06T01:00:01.500Z TRADE SIM:ETHUSDT id 7 BUY 0.1007 @ 60000.07"), o);
    }

    @Test
    void shouldExitOneAndNameFileAndOffsetOfATornTail() throws Exception {
        journal().close();
        Path f = JournalWriter.segmentFiles(dir).get(0);
        long size;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.WRITE)) {
            size = ch.size();
            ch.truncate(size - 70); // into the trade record (SEGMENT_END is the last 64 bytes)
        }
        assertEquals(1, JournalInspect.run(new String[] {f.toString()}, out, err));
        assertTrue(out().contains("TORN TAIL: " + f + " at offset "), out());
        assertTrue(out().contains("by kind: BOOK_UPDATE 1\n") || out().contains("by kind: BOOK_UPDATE 1" + System.lineSeparator()), out());
    }

    @Test
    void shouldExitTwoOnUnreadableInputNamingTheFile() throws Exception {
        Path missing = dir.resolve("nope.journal");
        assertEquals(2, JournalInspect.run(new String[] {missing.toString()}, out, err));
        assertTrue(errBytes.toString().contains(missing + " at offset 0: no such file or directory"), errBytes.toString());
        assertEquals(2, JournalInspect.run(new String[] {}, out, err));
        assertEquals(2, JournalInspect.run(new String[] {dir.toString(), "--follow"}, out, err));
    }

    @Test
    void shouldExitTwoNamingFileAndOffsetOfARecordWhoseCrcMatchesButWhoseBodyDoesNotDecode() throws Exception {
        JournalWriter w = new JournalWriter(dir, 64 << 10, 1 << 30, JournalTestSupport.registry(), new JournalTestSupport.TestClock());
        w.open();
        new JournalTestSupport.DirectWriter(w).book(JournalTestSupport.book(1, 0, 2), JournalTestSupport.DAY_START);
        w.close();
        Path f = JournalWriter.segmentFiles(dir).get(0);
        int record;
        try (JournalReader r = new JournalReader(f, false)) {
            assertTrue(r.next());
            record = (int) r.offset();
        }
        // another program's record: 60,000 bids claimed in a body of one, and a CRC that matches
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            java.nio.MappedByteBuffer m = ch.map(FileChannel.MapMode.READ_WRITE, 0, ch.size());
            m.order(java.nio.ByteOrder.LITTLE_ENDIAN);
            int groupHeader = record + JournalFormat.REC_HEADER_LENGTH + 8 + flox.recorder.internal.sbe.BookUpdateBodyEncoder.BLOCK_LENGTH;
            m.putShort(groupHeader + 2, (short) 60_000);
            int length = m.getInt(record);
            java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
            java.nio.ByteBuffer body = m.duplicate();
            body.position(record + JournalFormat.REC_TYPE).limit(record + length);
            crc.update(body);
            m.putInt(record + JournalFormat.REC_CRC, (int) crc.getValue());
            m.force();
            org.agrona.IoUtil.unmap(m);
        }
        assertEquals(2, JournalInspect.run(new String[] {f.toString()}, out, err));
        assertTrue(errBytes.toString().startsWith("journal: " + f + " at offset " + record + ": cannot decode: "), errBytes.toString());
    }

    @Test
    void shouldFollowNewRecordsAndNewSegmentsWithTail() throws Exception {
        JournalWriter w = journal(); // live: not closed
        Thread tail = new Thread(() -> JournalInspect.run(new String[] {dir.toString(), "--tail"}, out, err), "journal-tail");
        tail.start();
        JournalTestSupport.await(() -> out().contains("following"), "the summary and 'following'");
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        for (int i = 100; i < 1_100; i++) d.trade(JournalTestSupport.trade(0, i), clock.epochNanos()); // rolls past 64 KiB
        JournalTestSupport.await(() -> out().contains("TRADE SIM:BTCUSDT id 1099 "), "the last trade followed");
        assertTrue(out().contains("segment " + dir.resolve(JournalFormat.fileName(1, 20261206)) + ": number 1"), "the new segment's header");
        assertTrue(out().contains("TRADE SIM:BTCUSDT id 100 "), out());
        tail.interrupt();
        tail.join(5_000);
        assertTrue(!tail.isAlive());
        w.close();
    }
}
