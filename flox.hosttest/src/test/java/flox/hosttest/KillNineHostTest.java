package flox.hosttest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.recorder.internal.journal.JournalFormat;
import flox.recorder.internal.journal.JournalInspect;
import flox.recorder.internal.journal.JournalReader;
import flox.recorder.internal.journal.TornTail;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's durability target at the host's level: "after {@code kill -9} of a recording host, every
 * event acknowledged before the kill is readable; the torn tail is reported, not fatal". The exported
 * host.jar runs the default configuration (the synthetic SIM market, the samples trading, the recorder
 * journalling both buses into {@code HOME/journal}) for about three seconds of status lines and is
 * killed with SIGKILL ({@code destroyForcibly()}); no shutdown code of any kind runs.
 *
 * <p>What was acknowledged before the kill, observed without a race: the recorder's committed count
 * in the status lines the host printed ({@code rec N ev}: the writer counts a record after its commit,
 * so every status line printed before the death names records already committed), and the records a
 * reader found in the live segment just before the kill (only committed records are returned). After
 * the kill, {@code ./flox journal DIR}'s code ({@link JournalInspect#run}, what the launcher execs)
 * must exit 0 (or 1 naming a torn tail), never 2; {@link JournalReader} must return at least that many
 * events, every one decodable, with gapless sequence numbers, the live read as an exact prefix; at most
 * the last record of the killed segment is torn. A restart on the same home then records into a new
 * segment after the killed one and the whole journal still reads.
 */
@Timeout(120)
class KillNineHostTest {
    /** The recorder's fragment of a status line: events committed so far. */
    private static final Pattern REC = Pattern.compile("(?m)^flox RUNNING [^\\n]*\\| rec (\\d+) ev ");
    private static final Pattern EVENTS = Pattern.compile("(?m)^events: (\\d+)$");
    private static final Pattern SUMMARY = Pattern.compile("journal: (\\d+) events, .*; dropped (\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldReadEveryEventAcknowledgedBeforeAKill9OfTheRecordingHost() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        Path journal = home.resolve("journal");

        List<Rec> live;
        String out;
        int status;
        try (HostProcess host = HostProcess.start(home, 0)) {
            assertTrue(host.awaitOutput("flox RUNNING .*open orders [1-9].*\\| rec [1-9]", 60_000),
                    "the host did not trade and record; output:\n" + host.output());
            host.awaitMoreStatusLines(6); // about 3 s of the market (status every 500 ms), trading and recording
            live = read(journal, true).records; // committed records in the live mapping: acknowledged
            host.kill(); // SIGKILL
            status = host.awaitExit(10_000);
            out = host.output();
        }
        assertEquals(137, status, "killed by SIGKILL (128 + 9); output:\n" + out);
        long statusAck = maxRec(out);
        long liveEvents = live.stream().filter(r -> r.type != JournalFormat.TYPE_SYMBOL).count();
        long acknowledged = Math.max(statusAck, liveEvents);
        assertTrue(statusAck >= 10_000 && liveEvents >= 10_000, "the market flowed: status " + statusAck + ", live read " + liveEvents);

        // ./flox journal DIR: read without a fatal error; exit 1 only with a torn tail it names
        Inspect inspect = inspect(journal);
        Read after = read(journal, false);
        assertTrue(inspect.code == 0 || inspect.code == 1, "./flox journal exit " + inspect.code + ":\n" + inspect.err + inspect.out);
        assertEquals(after.torn.isEmpty() ? 0 : 1, inspect.code, "exit 1 exactly when a torn tail is reported:\n" + inspect.out);
        for (TornTail t : after.torn) assertTrue(inspect.out.contains("TORN TAIL: " + t), "./flox journal names it:\n" + inspect.out);
        assertEquals(after.events(), inspect.events(), "./flox journal counts what the reader reads:\n" + inspect.out);

        // every acknowledged event is there, each readable, in order
        assertTrue(after.events() >= acknowledged, "read back " + after.events() + " events, " + acknowledged + " acknowledged (status line "
                + statusAck + ", live read " + liveEvents + ")");
        assertPrefix(live, after.records, "the live read");
        assertTrue(after.torn.size() <= 1, "at most the record being written when the host died is torn: " + after.torn);
        if (!after.torn.isEmpty()) assertTornAtTheEnd(after.torn.get(0), after.records);
        for (int type : new int[] {JournalFormat.TYPE_BOOK_UPDATE, JournalFormat.TYPE_TRADE, JournalFormat.TYPE_VENUE_STATE, JournalFormat.TYPE_EXECUTION}) {
            assertTrue(after.byType.getOrDefault(JournalFormat.typeName(type), 0L) > 0, "recorded " + JournalFormat.typeName(type) + ": " + after.byType);
        }
        System.out.printf("kill -9 of a recording host: acknowledged %d events (status line %d, live read %d), read back %d (%s), "
                + "%d segment file(s), %s; ./flox journal exit %d%n", acknowledged, statusAck, liveEvents, after.events(), after.byType,
                after.segments, after.torn.isEmpty() ? "no torn tail" : "torn tail " + after.torn.get(0), inspect.code);

        // a restart on the same home records on, after the killed segment; the whole journal reads
        try (HostProcess again = HostProcess.start(home, 2)) {
            int code = again.awaitExit(60_000);
            String out2 = again.output();
            assertEquals(117, code, "a timed run after the kill ends cleanly; output:\n" + out2);
            assertFalse(out2.contains("recorder FAILED"), out2);
            Matcher m = SUMMARY.matcher(out2);
            assertTrue(m.find(), "the exit summary has the journal line:\n" + out2);
            Read whole = read(journal, false);
            assertPrefix(after.records, whole.records, "the journal read after the kill");
            assertEquals(after.torn, whole.torn, "the killed segment's torn tail (if any) stays the only one");
            assertEquals(after.events() + Long.parseLong(m.group(1)), whole.events(), "the restarted run's events follow the killed run's");
            assertTrue(whole.records.size() > after.records.size() && !whole.records.get(after.records.size()).file.equals(after.records.get(after.records.size() - 1).file),
                    "the restart recorded into a new segment");
            assertEquals(0, whole.records.get(after.records.size()).seq, "a new recorder numbers from 0");
        }
    }

    /** The recorder's committed event count in the last status line the host printed (the largest: it only grows). */
    private static long maxRec(String out) {
        Matcher m = REC.matcher(out);
        long max = -1;
        while (m.find()) max = Math.max(max, Long.parseLong(m.group(1)));
        if (max < 0) fail("no status line with the recorder's count; output:\n" + out);
        return max;
    }

    /**
     * Every record of the journal, each decoded by its type; sequences checked gapless: +1 within a
     * segment, at a new segment 0 (a new recorder) or +2 (a roll: the SEGMENT_END took one). A live
     * read may end in a "torn" record the writer is still writing; after the kill none is ignored.
     */
    private static Read read(Path journal, boolean live) {
        Read r = new Read();
        BookUpdate book = new BookUpdate(1 << 16);
        TradeEvent trade = new TradeEvent();
        VenueStateEvent venue = new VenueStateEvent();
        ExecutionEvent exec = new ExecutionEvent();
        try (JournalReader reader = new JournalReader(journal, false)) {
            Path lastFile = null;
            long lastSeq = -1;
            while (reader.next()) {
                Path file = reader.file();
                long seq = reader.sequence();
                String where = file.getFileName() + " at offset " + reader.offset();
                if (lastSeq < 0) {
                    assertEquals(0, seq, "the first record of the journal, " + where);
                } else if (file.equals(lastFile)) {
                    assertEquals(lastSeq + 1, seq, "sequence without a gap, " + where);
                } else if (seq != 0 && seq != lastSeq + 2) {
                    fail("the first record of a segment continues the last one's sequence after its SEGMENT_END or starts a new recorder's at 0: "
                            + seq + " after " + lastSeq + ", " + where);
                }
                int type = reader.type();
                switch (type) {
                    case JournalFormat.TYPE_SYMBOL -> assertTrue(reader.definedSymbol() != null, where);
                    case JournalFormat.TYPE_BOOK_UPDATE -> assertKnownSymbol(reader, reader.readBookUpdate(book).symbolId(), where);
                    case JournalFormat.TYPE_TRADE -> assertKnownSymbol(reader, reader.readTrade(trade).symbolId(), where);
                    case JournalFormat.TYPE_VENUE_STATE -> {
                        VenueStateEvent v = reader.readVenueState(venue);
                        if (!v.isVenueWide()) assertKnownSymbol(reader, v.symbolId(), where);
                    }
                    case JournalFormat.TYPE_EXECUTION -> assertKnownSymbol(reader, reader.readExecution(exec).symbolId(), where);
                    default -> fail("record type " + type + ", " + where);
                }
                if (type != JournalFormat.TYPE_SYMBOL) r.byType.merge(JournalFormat.typeName(type), 1L, Long::sum);
                r.records.add(new Rec(file, reader.offset(), reader.recordLength(), seq, type, reader.recordedEpochNs(), reader.receiveNs()));
                lastFile = file;
                lastSeq = seq;
            }
            r.segments = reader.segments().size();
            r.torn = live ? List.of() : List.copyOf(reader.tornTails());
        }
        return r;
    }

    private static void assertKnownSymbol(JournalReader reader, int symbolId, String where) {
        assertTrue(reader.symbol(symbolId) != null, "symbol " + symbolId + " defined before its event, " + where);
    }

    /** {@code prefix} is where {@code all} starts, record for record (file, offset, length, sequence, type, times). */
    private static void assertPrefix(List<Rec> prefix, List<Rec> all, String what) {
        assertTrue(all.size() >= prefix.size(), what + " had " + prefix.size() + " records, now " + all.size());
        for (int i = 0; i < prefix.size(); i++) assertEquals(prefix.get(i), all.get(i), what + ", record #" + i);
    }

    /** A torn tail is the record after the last one read in the segment the host was writing, nothing earlier. */
    private static void assertTornAtTheEnd(TornTail t, List<Rec> records) {
        Rec last = records.get(records.size() - 1);
        assertEquals(last.file, t.file(), "torn in the segment being written: " + t);
        assertEquals(JournalFormat.align(last.length) + last.offset, t.offset(), "torn right after the last complete record: " + t);
    }

    private static Inspect inspect(Path journal) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int code;
        try (PrintStream po = new PrintStream(o, true, StandardCharsets.UTF_8); PrintStream pe = new PrintStream(e, true, StandardCharsets.UTF_8)) {
            code = JournalInspect.run(new String[] {journal.toString()}, po, pe);
        }
        return new Inspect(code, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
    }

    private record Rec(Path file, long offset, int length, long seq, int type, long recordedEpochNs, long receiveNs) { }

    private static final class Read {
        final List<Rec> records = new ArrayList<>();
        final Map<String, Long> byType = new TreeMap<>();
        List<TornTail> torn;
        int segments;

        long events() {
            return byType.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private record Inspect(int code, String out, String err) {
        long events() {
            Matcher m = EVENTS.matcher(out);
            if (!m.find()) fail("./flox journal printed no event count:\n" + out);
            return Long.parseLong(m.group(1));
        }
    }
}
