package flox.connector.binance.internal.bookcheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** ./flox book-check on the shipped recordings, and on copies of them with a gap, a wrong ticker, or split in two. */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BookCheckTest {
    static final Path DATA = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "recordings");
    static final Path BTC = DATA.resolve("hftbacktest").resolve("btcusdt_20240808.gz");

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {
    }

    static Result check(String... paths) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = BookCheck.run(List.of(paths), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static List<String> lines(Path gz) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) lines.add(l);
        }
        return lines;
    }

    Path write(String name, List<String> lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void shouldMatchEveryCheckpointOfTheShippedBtcusdtRecording() {
        Result r = check(BTC.toString());
        assertEquals(0, r.status, r.out + r.err);
        // every applied diff, as in SOURCES.md's independent replay: 3,449 of 3,449
        assertEquals("BTCUSDT: checked 3449 matched 3449 gaps 0 resyncs 0\nTOTAL: checked 3449 matched 3449\n", r.out);
    }

    @Test
    void shouldMatchEveryCheckpointOfTheCryptofeedRecordingGivenByPrefix() {
        Result r = check(DATA.resolve("cryptofeed").resolve("BINANCE").toString());
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(r.out.contains("NKNUSDT: checked 131 matched 131 gaps 0 resyncs 0\n"), r.out);
        assertTrue(r.out.contains("LRCBTC: checked 10 matched 10 gaps 0 resyncs 0\n"), r.out);
        // no checkpoint, by the rule that one waits for a bookTicker past its diff: BLZETH's only ticker (u 281916636)
        // comes before the diffs it could check and none follows; RUNEEUR's three diffs have no ticker at all
        assertTrue(r.out.contains("BLZETH: checked 0 matched 0 gaps 0 resyncs 0\n"), r.out);
        assertTrue(r.out.contains("RUNEEUR: checked 0 matched 0 gaps 0 resyncs 0\n"), r.out);
        assertTrue(r.out.endsWith("TOTAL: checked 141 matched 141\n"), r.out);
    }

    @Test
    void shouldReadTwoFilesOfOneStreamAsOneTheSecondWithoutASnapshot() throws IOException {
        List<String> all = lines(BTC);
        int half = all.size() / 2;
        Path a = write("btcusdt_20240808", all.subList(0, half));
        Path b = write("btcusdt_20240809", all.subList(half, all.size()));
        Result r = check(a.toString(), b.toString());
        assertEquals(0, r.status, r.out + r.err);
        assertEquals("BTCUSDT: checked 3449 matched 3449 gaps 0 resyncs 0\nTOTAL: checked 3449 matched 3449\n", r.out);
    }

    @Test
    void shouldListMismatchesWithTheirUpdateIdsAndExitOne() throws IOException {
        List<String> all = new ArrayList<>(lines(BTC));
        int changed = 0;
        for (int i = all.size() - 200; i < all.size(); i++) {
            String l = all.get(i);
            if (!l.contains("@bookTicker")) continue;
            all.set(i, l.replaceAll("\"B\":\"[0-9.]+\"", "\"B\":\"999.00000000\""));
            changed++;
        }
        assertTrue(changed > 10);
        Result r = check(write("btcusdt_20240808", all).toString());
        assertEquals(1, r.status, r.out + r.err);
        assertTrue(r.out.contains("BTCUSDT: mismatch after diff u="), r.out);
        assertTrue(r.out.contains("ticker bid ") && r.out.contains(" x 999 ask "), r.out);
        assertTrue(r.out.matches("(?s).*BTCUSDT: checked 3449 matched 3[0-9]{3} gaps 0 resyncs 0.*"), r.out);
        // the book stays "wrong" to the end: not a disagreement of one update, and said so
        assertTrue(r.out.contains("BTCUSDT: the mismatch from diff u=") && r.out.contains("until the end of the stream, without matching again"), r.out);
        assertTrue(r.out.matches("(?s).*\nMISMATCHES: 1 run\\(s\\), 1 lasting more than one update or cut before matching again \\(longest [0-9]+ checkpoints\\): look at them\n"), r.out);
    }

    @Test
    void shouldSayThatMismatchesLastingOneUpdateAreTheFeedsDisagreements() throws IOException {
        List<String> all = new ArrayList<>(lines(BTC));
        // a few tickers that disagree with the book (their bid quantity changed): the checkpoint each is the reference
        // for disagrees, and the next checkpoint, against the following ticker, agrees again
        int changed = 0;
        for (int i = all.size() / 2; i < all.size() && changed < 3; i++) {
            if (!all.get(i).contains("@bookTicker")) continue;
            all.set(i, all.get(i).replaceAll("\"B\":\"[0-9.]+\"", "\"B\":\"999.00000000\""));
            changed++;
            i += 400; // far apart: separate runs
        }
        Result r = check(write("btcusdt_20240808", all).toString());
        assertEquals(1, r.status, r.out + r.err);
        assertTrue(r.out.contains("BTCUSDT: mismatch after diff u="), r.out);
        assertTrue(r.out.matches("(?s).*\nMISMATCHES: [1-3] run\\(s\\), each lasting one update \\(the next checkpoint matched\\): disagreements of the feed, not of the sync\n"), r.out);
    }

    @Test
    void shouldReportAGapAndExitTwoWhenNoSnapshotFollowsIt() throws IOException {
        List<String> all = new ArrayList<>(lines(BTC));
        int at = -1;
        for (int i = all.size() / 2; i < all.size() && at < 0; i++) if (all.get(i).contains("@depth@100ms")) at = i;
        all.remove(at);
        Result r = check(write("btcusdt_20240808", all).toString());
        assertEquals(2, r.status, r.out + r.err);
        assertTrue(r.out.contains("BTCUSDT: gap: "), r.out);
        assertTrue(r.out.contains("gaps 1 resyncs 0"), r.out);
        assertTrue(r.err.contains("BTCUSDT: a gap was never recovered"), r.err);
    }

    @Test
    void shouldResyncOnTheNextSnapshotAfterAGapAndStillMatch() throws IOException {
        List<String> all = new ArrayList<>(lines(BTC));
        List<Integer> diffs = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) if (all.get(i).contains("@depth@100ms")) diffs.add(i);
        int removed = diffs.get(diffs.size() / 2);
        int resyncAfter = diffs.get(diffs.size() / 2 + 3);
        String diffLine = all.get(resyncAfter);
        long u = Long.parseLong(diffLine.replaceAll(".*\"u\":([0-9]+).*", "$1"));
        // the venue's book after that diff, from the intact recording, as the REST snapshot a recorder writes after a gap
        String snapshot = diffLine.substring(0, diffLine.indexOf(' ')) + " " + snapshotAt(u);
        all.add(resyncAfter + 1, snapshot);
        all.remove(removed);
        Result r = check(write("btcusdt_20240808", all).toString());
        assertEquals(0, r.status, r.out + r.err);
        assertTrue(r.out.contains("BTCUSDT: gap: "), r.out);
        assertTrue(r.out.matches("(?s).*BTCUSDT: checked 34[0-9]{2} matched (34[0-9]{2}) gaps 1 resyncs 1\nTOTAL: checked (\\d+) matched \\2\n"), r.out);
    }

    /** The full book of the intact recording right after the diff ending at {@code u}, as Binance's depth snapshot JSON. */
    static String snapshotAt(long u) throws IOException {
        StringBuilder json = new StringBuilder();
        try (var reader = new flox.connector.binance.internal.feed.BinanceRecordingReader(
                List.of(flox.connector.binance.internal.feed.RecordingInput.of(BTC)), new DiscoveredSymbols())) {
            flox.api.book.OrderBook book = new flox.api.book.OrderBook(0, BookCheck.BOOK_LEVELS);
            reader.run(new flox.connector.binance.internal.feed.ReplayHandler() {
                @Override
                public void onBookUpdate(flox.api.event.BookUpdate update) {
                    book.apply(update);
                    if (update.lastUpdateId() != u || json.length() > 0) return;
                    json.append("{\"lastUpdateId\":").append(u).append(",\"bids\":[");
                    for (int i = 0; i < book.bidLevels(); i++) level(json, i > 0, book.bidPrice(i), book.bidQuantity(i));
                    json.append("],\"asks\":[");
                    for (int i = 0; i < book.askLevels(); i++) level(json, i > 0, book.askPrice(i), book.askQuantity(i));
                    json.append("]}");
                }
            });
        }
        assertTrue(json.length() > 0, "diff " + u + " found");
        return json.toString();
    }

    static void level(StringBuilder json, boolean comma, long price, long quantity) {
        if (comma) json.append(',');
        json.append("[\"").append(flox.api.num.FixedPoint.format(price, 8)).append("\",\"").append(flox.api.num.FixedPoint.format(quantity, 8)).append("\"]");
    }

    @Test
    void shouldRefuseAPathThatIsNeitherAFileNorAPrefix() {
        Result r = check(tmp.resolve("nothing").toString());
        assertEquals(2, r.status);
        assertTrue(r.err.contains("no such file, nor a cryptofeed prefix"), r.err);
        assertEquals(2, check().status, "no path: usage");
    }
}
