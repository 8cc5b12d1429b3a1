package flox.backtest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecutionEvent;
import flox.recorder.internal.journal.JournalFormat;
import flox.recorder.internal.journal.JournalReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./flox run --replay JOURNAL} and {@code ./flox backtest --replay JOURNAL} end to end, as a
 * user runs them, on the reactor's host.jar: a short replay of the shipped BTCUSDT recording (its
 * first {@value #SLICE_LINES} lines) records a journal in its home; that journal is replayed twice
 * into fresh homes, each of which records its own journal, and the two replays' execution reports
 * (read back from those journals) are compared field by field. A few seconds per host run.
 */
@Timeout(300)
class JournalReplayCommandTest {
    static final int SLICE_LINES = 4000;

    @TempDir
    static Path tmp;
    static Path journal;
    /** The exit summary's journal line (RecorderComponent.summaryTable): what the run's recorder dropped (its own ring full, failed, too large). */
    static final java.util.regex.Pattern JOURNAL_DROPPED = java.util.regex.Pattern.compile("journal: \\d+ events, .*; dropped (\\d+)");
    static BacktestCommandTest.Result live;
    static BacktestCommandTest.Result first;
    static BacktestCommandTest.Result second;

    @BeforeAll
    static void recordAJournalThenReplayItTwice() throws Exception {
        assertTrue(Files.isRegularFile(BacktestCommandTest.RECORDING), BacktestCommandTest.RECORDING + " is missing (testdata/ of the repository)");
        Path slice = Files.createDirectories(tmp.resolve("slice")).resolve("btcusdt_20240808.gz"); // named as the recording: its symbol
        try (InputStream in = new GZIPInputStream(Files.newInputStream(BacktestCommandTest.RECORDING));
             OutputStream o = new GZIPOutputStream(Files.newOutputStream(slice))) {
            byte[] all = in.readAllBytes();
            int lines = 0;
            int end = 0;
            while (end < all.length && lines < SLICE_LINES) if (all[end++] == '\n') lines++;
            o.write(all, 0, end);
        }
        live = flox("run", "--replay", slice.toString(), "--home", tmp.resolve("live").toString(),
                "--status-interval", "0");
        assertEquals(0, live.status(), "the recording run failed:\n" + live.stderr() + live.stdout());
        // the journal moved out of its home, as a user keeps one
        journal = tmp.resolve("journal");
        Files.move(tmp.resolve("live/journal"), journal);
        first = flox("run", "--replay", journal.toString(), "--home", tmp.resolve("replay1").toString(), "--status-interval", "0");
        second = flox("run", "--replay", journal.toString(), "--home", tmp.resolve("replay2").toString(), "--status-interval", "0");
        assertEquals(0, first.status(), "./flox run --replay JOURNAL failed:\n" + first.stderr() + first.stdout());
        assertEquals(0, second.status(), "./flox run --replay JOURNAL failed:\n" + second.stderr() + second.stdout());
    }

    static BacktestCommandTest.Result flox(String... args) throws IOException, InterruptedException {
        return BacktestCommandTest.flox(tmp, args);
    }

    /** Every EXECUTION record of a journal, every field: a replay runs on the market's recorded time, so the venue's and the host's stamps too. */
    static List<String> executions(Path dir) {
        List<String> out = new ArrayList<>();
        ExecutionEvent e = new ExecutionEvent();
        try (JournalReader r = new JournalReader(dir, false)) {
            while (r.next()) {
                if (r.type() != JournalFormat.TYPE_EXECUTION) continue;
                r.readExecution(e);
                out.add("at " + e.exchangeTimestampNs() + "/" + e.receiveTimestampNs() + " " + e.execType() + " id=" + e.clientOrderId() + " orig=" + e.origClientOrderId() + " xo=" + e.exchangeOrderId() + " x=" + e.execId()
                        + " sym=" + e.symbolId() + " " + e.side() + " px=" + e.priceScaled() + " qty=" + e.quantityScaled() + " last="
                        + e.lastQuantityScaled() + "@" + e.lastPriceScaled() + " cum=" + e.cumulativeQuantityScaled() + " leaves=" + e.leavesQuantityScaled()
                        + " fee=" + e.feeScaled() + "/" + e.feeScale() + " " + e.feeAsset() + " " + e.liquidity() + " " + e.venueStatus() + " "
                        + e.reason() + " " + e.text());
            }
            assertTrue(r.tornTails().isEmpty(), "the replays' journals are whole: " + r.tornTails());
        }
        return out;
    }

    /** What a run's recorder dropped, from its exit summary; the line must be there. */
    static long journalDropped(BacktestCommandTest.Result r) {
        java.util.regex.Matcher m = JOURNAL_DROPPED.matcher(r.stdout());
        assertTrue(m.find(), "the exit summary has the journal line:\n" + r.stdout());
        return Long.parseLong(m.group(1));
    }

    @Test
    void shouldGiveTheSameOrdersAndFillsFieldByFieldRunAfterRun() {
        List<String> a = executions(tmp.resolve("replay1/journal"));
        List<String> b = executions(tmp.resolve("replay2/journal"));
        assertTrue(a.stream().filter(s -> s.contains(" FILLED ") || s.contains(" PARTIALLY_FILLED ")).count() > 20
                && a.stream().filter(s -> s.contains(" ACCEPTED ")).count() > 20, "a journal that trades: " + a.size() + " reports");
        for (BacktestCommandTest.Result r : List.of(first, second)) {
            assertEquals(0, journalDropped(r), "a replay's journal lost events (its recorder dropped them):\n" + r.stdout());
        }
        assertEquals(a.size(), b.size(), "as many execution reports");
        for (int i = 0; i < a.size(); i++) assertEquals(a.get(i), b.get(i), "report #" + (i + 1));
    }

    @Test
    void shouldCompareTheRecordedReportsWithTheReplays() throws IOException {
        // the journal of a deterministic replay, replayed as the market: the same decisions as recorded
        String line = Files.readAllLines(tmp.resolve("replay1/state/journal-comparison")).stream().filter(l -> l.startsWith("summary\t")).findFirst()
                .orElseThrow();
        // identical when the journal is whole: the recorder drops what its own ring cannot hold (a writer that falls
        // behind at max pace on a loaded machine), and says how many in the exit summary's journal line
        if (journalDropped(live) > 0) {
            assertTrue(line.startsWith("summary\tjournal comparison: "), line);
        } else {
            assertTrue(line.startsWith("summary\tjournal comparison: identical, live "), line);
        }
        assertTrue(first.stdout().contains(line.substring("summary\t".length())), "the exit summary prints it:\n" + first.stdout());
        assertTrue(Files.readString(tmp.resolve("replay1/state/journal-comparison")).matches("(?s).*\nsymbol\tSIM:BTCUSDT\tlive \\d+ orders \\d+ fills "
                + "\\(\\d+ reports\\)\treplay \\d+ orders \\d+ fills \\(\\d+ reports, strategy 1: \\d+ orders \\d+ fills\\)\t.*"), "the market maker's row, named");
        assertTrue(first.stdout().contains("replay complete: ") && first.stdout().contains("from the journal " + journal), first.stdout());
        assertEquals(Files.readString(tmp.resolve("replay1/state/journal-comparison")), Files.readString(tmp.resolve("replay2/state/journal-comparison")));
    }

    @Test
    void shouldRegisterTheJournalsSymbolsWithTheirScales() throws IOException {
        // the recording run's symbols (8-decimal quantities), written into the replay home's symbols.csv
        String csv = Files.readString(tmp.resolve("replay1/etc/symbols.csv"));
        assertTrue(csv.contains("\nSIM,BTCUSDT,SPOT,0.01,0.00001000,0.00001000,5.00,2,8,,,true\n"), csv);
    }

    @Test
    void shouldCountATornTailAsTheEndOfTheData() throws Exception {
        Path torn = Files.createDirectories(tmp.resolve("torn"));
        Path segment;
        try (Stream<Path> s = Files.list(journal)) {
            segment = s.filter(p -> p.getFileName().toString().endsWith(".journal")).findFirst().orElseThrow();
        }
        Path copy = Files.copy(segment, torn.resolve(segment.getFileName()));
        try (FileChannel ch = FileChannel.open(copy, StandardOpenOption.WRITE)) {
            ch.truncate(ch.size() * 2 / 3 + 3); // cut inside a record
        }
        BacktestCommandTest.Result r = flox("run", "--replay", copy.toString(), "--home", tmp.resolve("replay-torn").toString(),
                "--status-interval", "0");
        assertEquals(0, r.status(), r.stderr() + r.stdout());
        assertTrue(r.stdout().contains("replay complete: ") && r.stdout().contains("1 torn tail, each the end of its segment's data: " + copy + " at offset "),
                r.stdout());
    }

    @Test
    void shouldExitThreeNamingFileAndOffsetForAnUnreadableJournal() throws Exception {
        Path bad = tmp.resolve("bad.bin");
        byte[] b = new byte[4096];
        System.arraycopy("FLOXJRNL".getBytes(java.nio.charset.StandardCharsets.US_ASCII), 0, b, 0, 8);
        b[8] = 99; // format version 99
        Files.write(bad, b);
        BacktestCommandTest.Result r = flox("run", "--replay", bad.toString(), "--home", tmp.resolve("replay-bad").toString(),
                "--status-interval", "0");
        assertEquals(3, r.status(), r.stderr() + r.stdout());
        assertTrue(r.stderr().contains("replay incomplete: unreadable journal: " + bad + " at offset 8: format version 99"), r.stderr());
    }

    @Test
    void shouldBacktestAJournal() throws Exception {
        Path out = tmp.resolve("backtest");
        BacktestCommandTest.Result r = flox("backtest", "--replay", journal.toString(), "--out", out.toString());
        assertEquals(0, r.status(), r.stderr() + r.stdout());
        assertTrue(Files.isRegularFile(out.resolve("report.html")));
        Path run;
        try (Stream<Path> s = Files.list(out.resolve("runs"))) {
            run = s.findFirst().orElseThrow();
        }
        String params = Files.readString(run.resolve("params.txt"));
        assertTrue(params.contains("recording\t" + journal + " (Flox journal)\n"), params);
        assertTrue(Files.readAllLines(run.resolve("data.tsv")).stream().filter(l -> l.startsWith("fill\t")).count() > 20, "the journal's fills are plotted");
    }
}
