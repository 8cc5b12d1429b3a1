package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A torn last record is reported with file and offset, and every record before it is read. */
@Timeout(30)
class TornTailTest {
    private static final int TRADES = 50;

    @TempDir
    Path dir;

    /** Writes TRADES trades (ids 1..TRADES); closes the segment when asked (else: as after kill -9). */
    private JournalTestSupport.DirectWriter write(boolean close) throws Exception {
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        JournalWriter w = new JournalWriter(dir, 1 << 20, 64 << 20, JournalTestSupport.registry(), clock);
        w.open();
        JournalTestSupport.DirectWriter d = new JournalTestSupport.DirectWriter(w);
        for (int i = 1; i <= TRADES; i++) d.trade(JournalTestSupport.trade(0, i), clock.epochNanos());
        if (close) w.close();
        return d;
    }

    private Path segment() throws Exception {
        List<Path> files = JournalWriter.segmentFiles(dir);
        assertEquals(1, files.size());
        return files.get(0);
    }

    private long lastTradeOffset() {
        try (JournalReader r = new JournalReader(dir, false)) {
            List<JournalTestSupport.Row> rows = JournalTestSupport.readAll(r);
            assertEquals(TRADES, rows.size());
            return rows.get(TRADES - 1).offset();
        }
    }

    private static void assertTradesUpTo(List<JournalTestSupport.Row> rows, long last) {
        assertEquals(LongStream.rangeClosed(1, last).boxed().toList(), rows.stream().map(JournalTestSupport.Row::tradeId).toList());
    }

    @Test
    void shouldReportATruncatedLastRecordAndReadEverythingBefore() throws Exception {
        write(true);
        long last = lastTradeOffset();
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.truncate(last + 30); // mid-record: its header is there, its body is not
        }
        try (JournalReader r = new JournalReader(dir, false)) {
            assertTradesUpTo(JournalTestSupport.readAll(r), TRADES - 1);
            assertEquals(1, r.tornTails().size());
            TornTail t = r.tornTails().get(0);
            assertEquals(segment(), t.file());
            assertEquals(last, t.offset());
            assertTrue(t.reason().contains("past the end of the file"), t.reason());
        }
    }

    @Test
    void shouldReportACorruptByteInTheLastRecordAndReadEverythingBefore() throws Exception {
        write(true);
        long last = lastTradeOffset();
        try (RandomAccessFile f = new RandomAccessFile(segment().toFile(), "rw")) {
            long at = last + JournalFormat.REC_HEADER_LENGTH + 20;
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x10);
        }
        try (JournalReader r = new JournalReader(dir, false)) {
            assertTradesUpTo(JournalTestSupport.readAll(r), TRADES - 1);
            assertEquals(List.of(new TornTail(segment(), last, "CRC32C mismatch")), r.tornTails());
        }
    }

    @Test
    void shouldReportAnUncommittedLastRecordWhoseLengthIsZero() throws Exception {
        write(false); // no SEGMENT_END: the file is still at its full size, as after kill -9
        long last = lastTradeOffset();
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, 0), last); // body written, length never stored
        }
        try (JournalReader r = new JournalReader(dir, false)) {
            assertTradesUpTo(JournalTestSupport.readAll(r), TRADES - 1);
            assertEquals(1, r.tornTails().size());
            assertEquals(last, r.tornTails().get(0).offset());
            assertTrue(r.tornTails().get(0).reason().contains("length is 0"), r.tornTails().get(0).reason());
        }
    }

    @Test
    void shouldEndQuietlyWhenAnUnclosedSegmentEndsBetweenRecords() throws Exception {
        write(false);
        try (JournalReader r = new JournalReader(dir, false)) {
            assertTradesUpTo(JournalTestSupport.readAll(r), TRADES);
            assertEquals(List.of(), r.tornTails());
            assertTrue(!r.segmentClosed());
        }
    }

    @Test
    void shouldReadTheNextSegmentAfterATornOne() throws Exception {
        write(true);
        long last = lastTradeOffset();
        try (FileChannel ch = FileChannel.open(segment(), StandardOpenOption.WRITE)) {
            ch.truncate(last + 10);
        }
        JournalTestSupport.TestClock clock = new JournalTestSupport.TestClock();
        JournalWriter w = new JournalWriter(dir, 1 << 20, 64 << 20, JournalTestSupport.registry(), clock);
        w.open(); // a restarted host: segment 1
        new JournalTestSupport.DirectWriter(w).trade(JournalTestSupport.trade(0, TRADES), clock.epochNanos());
        w.close();
        try (JournalReader r = new JournalReader(dir, false)) {
            assertTradesUpTo(JournalTestSupport.readAll(r), TRADES);
            assertEquals(1, r.tornTails().size());
            assertEquals(2, r.segments().size());
        }
    }

    @Test
    void shouldRefuseAFileThatIsNotAJournalNamingFileAndOffset() throws Exception {
        Path f = dir.resolve("segment-0000000000-20261206.journal");
        Files.write(f, "exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional\n".getBytes());
        JournalException e = assertThrows(JournalException.class, () -> {
            try (JournalReader r = new JournalReader(f, false)) {
                r.next();
            }
        });
        assertEquals(f, e.file());
        assertTrue(e.getMessage().contains("FLOXJRNL"), e.getMessage());
        assertThrows(JournalException.class, () -> new JournalReader(dir.resolve("missing"), false));
    }
}
