package flox.connector.binance.internal.bookcheck;

import static flox.connector.binance.internal.bookcheck.BookCheckTest.BTC;
import static flox.connector.binance.internal.bookcheck.BookCheckTest.DATA;
import static flox.connector.binance.internal.bookcheck.BookCheckTest.check;
import static flox.connector.binance.internal.bookcheck.BookCheckTest.lines;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.connector.binance.internal.bookcheck.BookCheckTest.Result;
import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.ReplayStats;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./flox book-check on recordings the shipped data does not cover (issue 14 item 10: "any Binance
 * spot symbol, day and venue"), each made deterministically from a shipped one: another symbol and
 * day with other prices, quantities and fewer decimals; two symbols in one stream (hftbacktest
 * files and one cryptofeed stream); Binance.US (USD-quoted symbols, binance.us hosts, a
 * BINANCE_US cryptofeed prefix); a day's file without a snapshot; and snapshots whose symbol the
 * file name does not give ({@code --symbol}).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class BookCheckRecordingsTest {
    /** What the shipped BTCUSDT recording gives: every applied diff checked and matched. */
    static final int BTC_CHECKS = 3449;
    static final long DAY_NS = 86_400_000_000_000L;
    static final Path CRYPTOFEED = DATA.resolve("cryptofeed");

    /** The shipped BTCUSDT recording's lines, read once. */
    static List<String> btc;
    /** Those lines as ETHUSDT: prices x 0.05, quantities x 10, with only their significant decimals ("3091.8815", "0"). */
    static List<String> eth;

    @TempDir
    Path tmp;

    @BeforeAll
    static void read() throws IOException {
        btc = List.copyOf(lines(BTC));
        eth = List.copyOf(map(btc, rename("BTCUSDT", "ETHUSDT"), scale("0.05", "10", true)));
    }

    // ------------------------------------------------------------------ transformations of recording lines

    /** Every frame's symbol and stream renamed: "BTCUSDT" (in "s" and URLs) and "btcusdt@..." stream names. */
    static UnaryOperator<String> rename(String from, String to) {
        return l -> l.replace(from, to).replace(from.toLowerCase(Locale.ROOT) + "@", to.toLowerCase(Locale.ROOT) + "@");
    }

    private static final Pattern LEVEL = Pattern.compile("\\[\"([0-9.]+)\",\"([0-9.]+)\"\\]");
    private static final Pattern FIELD = Pattern.compile("\"([bBaApq])\":\"([0-9.]+)\"");

    /**
     * Prices times {@code price}, quantities times {@code quantity}, in every level, bookTicker and
     * trade; written as Binance does (8 decimals) or, when {@code fewerDecimals}, with trailing
     * zeros stripped ("3091.8815", "0" for a removed level). Exact (BigDecimal): the order of
     * prices and equality with the ticker are kept.
     */
    static UnaryOperator<String> scale(String price, String quantity, boolean fewerDecimals) {
        BigDecimal p = new BigDecimal(price);
        BigDecimal q = new BigDecimal(quantity);
        return l -> {
            l = replaceAll(LEVEL, l, m -> "[\"" + times(m.group(1), p, fewerDecimals) + "\",\"" + times(m.group(2), q, fewerDecimals) + "\"]");
            if (l.contains("@bookTicker") || l.contains("@trade")) {
                l = replaceAll(FIELD, l, m -> {
                    boolean isPrice = "bap".contains(m.group(1));
                    return "\"" + m.group(1) + "\":\"" + times(m.group(2), isPrice ? p : q, fewerDecimals) + "\"";
                });
            }
            return l;
        };
    }

    static String times(String decimal, BigDecimal factor, boolean fewerDecimals) {
        BigDecimal v = new BigDecimal(decimal).multiply(factor);
        if (v.stripTrailingZeros().scale() > 8) throw new IllegalArgumentException(decimal + " x " + factor + " needs more than 8 decimals");
        return fewerDecimals ? v.stripTrailingZeros().toPlainString() : v.setScale(8).toPlainString();
    }

    static String replaceAll(Pattern p, String s, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(s);
        StringBuilder sb = new StringBuilder();
        while (m.find()) m.appendReplacement(sb, Matcher.quoteReplacement(with.apply(m)));
        m.appendTail(sb);
        return sb.toString();
    }

    private static final Pattern HFT_TIME = Pattern.compile("^([0-9]+) ");
    private static final Pattern EVENT_TIME = Pattern.compile("\"([ET])\":([0-9]+)");

    /** Receive times (the hftbacktest prefix) and event and trade times ("E", "T") later by {@code ns}. */
    static UnaryOperator<String> later(long ns) {
        return l -> {
            l = replaceAll(HFT_TIME, l, m -> (Long.parseLong(m.group(1)) + ns) + " ");
            return replaceAll(EVENT_TIME, l, m -> "\"" + m.group(1) + "\":" + (Long.parseLong(m.group(2)) + ns / 1_000_000));
        };
    }

    private static final Pattern UPDATE_ID = Pattern.compile("\"(U|u|lastUpdateId)\":([0-9]+)");

    /** Depth and ticker update ids ("U", "u", "lastUpdateId") plus {@code delta}: another symbol's id space. */
    static UnaryOperator<String> ids(long delta) {
        return l -> replaceAll(UPDATE_ID, l, m -> "\"" + m.group(1) + "\":" + (Long.parseLong(m.group(2)) + delta));
    }

    @SafeVarargs
    static List<String> map(List<String> lines, UnaryOperator<String>... fs) {
        List<String> out = new ArrayList<>(lines.size());
        for (String l : lines) {
            for (UnaryOperator<String> f : fs) l = f.apply(l);
            out.add(l);
        }
        return out;
    }

    static long receiveNs(String hftbacktestLine) {
        return Long.parseLong(hftbacktestLine.substring(0, hftbacktestLine.indexOf(' ')));
    }

    /** Two hftbacktest streams as one, by receive time; at equal times {@code a}'s line first (a stable merge). */
    static List<String> merge(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        all.sort(Comparator.comparingLong(BookCheckRecordingsTest::receiveNs)); // stable
        return all;
    }

    Path gzip(String name, List<String> lines) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream raw = Files.newOutputStream(p); Writer w = new OutputStreamWriter(new GZIPOutputStream(raw), StandardCharsets.UTF_8)) {
            for (String l : lines) w.write(l + "\n");
        }
        return p;
    }

    Path text(String name, List<String> lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    static String allMatched(String... symbols) {
        StringBuilder sb = new StringBuilder();
        for (String s : symbols) sb.append(s).append(": checked ").append(BTC_CHECKS).append(" matched ").append(BTC_CHECKS).append(" gaps 0 resyncs 0\n");
        long total = (long) BTC_CHECKS * symbols.length;
        return sb.append("TOTAL: checked ").append(total).append(" matched ").append(total).append('\n').toString();
    }

    static void assertNoTrace(List<String> lines, String... names) {
        for (String l : lines) for (String n : names) assertFalse(l.contains(n), "left '" + n + "' in " + l);
    }

    // ------------------------------------------------------------------ another symbol and day

    /** ETHUSDT on 2024-08-09: prices x 0.05, quantities x 10, stripped to their significant decimals; a gzip file. */
    @Test
    void shouldCheckAnotherSymbolAndDayWithOtherPricesAndFewerDecimals() throws IOException {
        List<String> day = map(eth, later(DAY_NS));
        assertNoTrace(day, "BTCUSDT", "btcusdt");
        assertTrue(day.get(0).startsWith("1723247653937085768 {\"stream\":\"ethusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723247655208,"
                + "\"s\":\"ETHUSDT\",\"U\":50093239189,\"u\":50093239202,\"b\":[[\"3086.8815\",\"0\"],"), day.get(0));
        for (String l : day) assertFalse(l.matches(".*\\.[0-9]{8}\".*"), "an 8-decimal value left: " + l);
        Result r = check(gzip("ethusdt_20240809.gz", day).toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("ETHUSDT"), r.out());
        assertEquals("", r.err());
    }

    /** The same with 8 decimals, as Binance pads them, and a plain-text file: only the symbol and the values differ from BTCUSDT. */
    @Test
    void shouldCheckAnotherSymbolWithScaledValuesAtEightDecimals() throws IOException {
        List<String> sol = map(btc, rename("BTCUSDT", "SOLUSDT"), scale("0.0025", "1000", false), later(2 * DAY_NS));
        Result r = check(text("solusdt_20240810", sol).toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("SOLUSDT"), r.out());
    }

    /** The scaled recording is still checked, not matched by accident: tickers with another best bid quantity are mismatches. */
    @Test
    void shouldStillSeeMismatchesInAScaledRecording() throws IOException {
        List<String> changed = new ArrayList<>(eth);
        int n = 0;
        for (int i = changed.size() / 2; i < changed.size() / 2 + 200; i++) {
            if (!changed.get(i).contains("@bookTicker")) continue;
            changed.set(i, changed.get(i).replaceAll("\"B\":\"[0-9.]+\"", "\"B\":\"999\""));
            n++;
        }
        assertTrue(n > 10, "tickers changed: " + n);
        Result r = check(gzip("ethusdt_20240809.gz", changed).toString());
        assertEquals(1, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("ETHUSDT: mismatch after diff u="), r.out());
        assertTrue(r.out().contains(", ticker bid 30") && r.out().contains(" x 999 ask 30"), r.out());
        assertTrue(r.out().matches("(?s).*ETHUSDT: checked 3449 matched 3[0-9]{3} gaps 0 resyncs 0\n.*"), r.out());
    }

    // ------------------------------------------------------------------ two symbols in one stream

    /** A copy of BTCUSDT as ETHUSDT (its own update ids, 13 ms later) interleaved with the original. */
    static List<String> ethCopy() {
        return map(eth, ids(7_000_000_000L), later(13_000_000L));
    }

    /** hftbacktest writes a file per symbol; given together, the two are one stream merged by receive time. */
    @Test
    void shouldDiscoverTwoSymbolsOfTwoHftbacktestFilesMergedByTime() throws IOException {
        Path eth = gzip("ethusdt_20240808.gz", ethCopy());
        Result r = check(BTC.toString(), eth.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("BTCUSDT", "ETHUSDT"), r.out());
        Result reversed = check(eth.toString(), BTC.toString());
        assertEquals(allMatched("BTCUSDT", "ETHUSDT"), reversed.out(), "first appearance in time, not argument order");
    }

    /** One cryptofeed stream (one ws file, one http file) carrying both symbols, interleaved line by line. */
    @Test
    void shouldDiscoverTwoSymbolsInterleavedInOneCryptofeedStream() throws IOException {
        List<Line> lines = new ArrayList<>();
        for (String l : btc) lines.add(new Line(receiveNs(l), "BTCUSDT", l));
        for (String l : ethCopy()) lines.add(new Line(receiveNs(l), "ETHUSDT", l));
        lines.sort(Comparator.comparingLong(Line::ns)); // stable: at equal times BTCUSDT first
        List<String> ws = new ArrayList<>();
        List<String> http = new ArrayList<>();
        for (Line l : lines) cryptofeed(l, ws, http);
        assertTrue(ws.get(0).contains("btcusdt@") && ws.get(1).contains("ethusdt@") && ws.get(2).contains("btcusdt@"), "interleaved: " + ws.subList(0, 3));
        ws.add(0, "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms/ethusdt@depth@100ms/btcusdt@bookTicker/ethusdt@bookTicker"
                + "/btcusdt@trade/ethusdt@trade <-> 1723161253.900000000");
        Path dir = Files.createDirectories(tmp.resolve("cf"));
        Files.write(dir.resolve("BINANCE.ws.1.0"), ws, StandardCharsets.UTF_8);
        Files.write(dir.resolve("BINANCE.http.0.0"), http, StandardCharsets.UTF_8);
        Result r = check(dir.resolve("BINANCE").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("BTCUSDT", "ETHUSDT"), r.out());
    }

    /** A line of an hftbacktest recording of {@code symbol}, received at {@code ns}. */
    record Line(long ns, String symbol, String line) {
    }

    /**
     * An hftbacktest line as cryptofeed writes it: a frame to {@code ws} ({@code <s.ns>: frame}), a
     * depth snapshot to {@code http} (after its REST URL, which names the symbol).
     */
    static void cryptofeed(Line l, List<String> ws, List<String> http) {
        String json = l.line().substring(l.line().indexOf(' ') + 1);
        if (json.startsWith("{\"lastUpdateId\"")) {
            http.add("https://api.binance.com/api/v3/depth?symbol=" + l.symbol() + "&limit=1000 -> " + seconds(l.ns()) + ": " + json);
        } else {
            ws.add(seconds(l.ns()) + ": " + json);
        }
    }

    static String seconds(long ns) {
        return (ns / 1_000_000_000L) + "." + String.format("%09d", ns % 1_000_000_000L);
    }

    /**
     * Both symbols in one hftbacktest file: its snapshots name no symbol, so the file name gives
     * theirs (BTCUSDT) and ETHUSDT's book is never rebuilt. book-check must not pass that.
     */
    @Test
    void shouldNotPassASymbolWhoseBookWasNeverRebuilt() throws IOException {
        Result r = check(gzip("btcusdt_20240808.gz", merge(btc, ethCopy())).toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("ETHUSDT: checked 0 matched 0 gaps 0 resyncs 0\n"), r.out());
        assertTrue(r.err().contains("book-check: ETHUSDT: its book was never rebuilt: no depth snapshot its diffs could start from"), r.err());
    }

    // ------------------------------------------------------------------ Binance.US

    /**
     * Binance.US spot streams are Binance's combined-stream frames ({@code btcusd@depth@100ms},
     * {@code "s":"BTCUSD"}) from other hosts, with USD-quoted symbols: an hftbacktest file of BTCUSD.
     */
    @Test
    void shouldCheckABinanceUsRecordingOfAUsdQuotedSymbol() throws IOException {
        List<String> us = map(btc, rename("BTCUSDT", "BTCUSD"), later(DAY_NS));
        assertNoTrace(us, "BTCUSDT", "btcusdt");
        assertTrue(us.get(0).contains("{\"stream\":\"btcusd@depth@100ms\",\"data\":{\"e\":\"depthUpdate\""), us.get(0));
        Result r = check(gzip("btcusd_20240809.gz", us).toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("BTCUSD"), r.out());
    }

    /** cryptofeed's Binance.US feed (prefix BINANCE_US, hosts stream.binance.us and api.binance.us) with USD-quoted symbols. */
    @Test
    void shouldCheckABinanceUsCryptofeedRecordingGivenByItsPrefix() throws IOException {
        Map<String, String> usd = Map.of("NKNUSDT", "NKNUSD", "BLZETH", "BLZUSD", "LRCBTC", "LRCUSD", "RUNEEUR", "RUNEUSD");
        UnaryOperator<String> toUs = l -> {
            l = l.replace("stream.binance.com", "stream.binance.us").replace("api.binance.com", "api.binance.us");
            for (Map.Entry<String, String> e : usd.entrySet()) l = rename(e.getKey(), e.getValue()).apply(l);
            return l;
        };
        Path dir = Files.createDirectories(tmp.resolve("us"));
        for (String f : new String[] {"ws.1.0", "http.0.0"}) {
            List<String> us = map(Files.readAllLines(CRYPTOFEED.resolve("BINANCE." + f), StandardCharsets.UTF_8), toUs);
            assertNoTrace(us, "binance.com", "NKNUSDT", "nknusdt", "BLZETH", "blzeth", "LRCBTC", "lrcbtc", "RUNEEUR", "runeeur");
            Files.write(dir.resolve("BINANCE_US." + f), us, StandardCharsets.UTF_8);
        }
        Result r = check(dir.resolve("BINANCE_US").toString());
        assertEquals(0, r.status(), r.out() + r.err());
        // as the shipped BINANCE prefix (BookCheckTest), under the new names
        assertTrue(r.out().contains("NKNUSD: checked 131 matched 131 gaps 0 resyncs 0\n"), r.out());
        assertTrue(r.out().contains("LRCUSD: checked 10 matched 10 gaps 0 resyncs 0\n"), r.out());
        assertTrue(r.out().endsWith("TOTAL: checked 141 matched 141\n"), r.out());
    }

    // ------------------------------------------------------------------ a day continuing the previous one

    /** gzip files of two days of ETHUSDT, the second without a snapshot (BookCheckTest does it for text files of BTCUSDT). */
    @Test
    void shouldContinueAnotherSymbolsDayWithoutASnapshotFromThePreviousDay() throws IOException {
        List<String> eth = map(btc, rename("BTCUSDT", "ETHUSDT"), scale("0.05", "10", true));
        int half = eth.size() / 2;
        assertTrue(eth.subList(half, eth.size()).stream().noneMatch(l -> l.contains("lastUpdateId")), "no snapshot in the second file");
        Path a = gzip("ethusdt_20240808.gz", eth.subList(0, half));
        Path b = gzip("ethusdt_20240809.gz", eth.subList(half, eth.size()));
        Result r = check(a.toString(), b.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("ETHUSDT"), r.out());
    }

    /** The second day alone has no snapshot: its book is never rebuilt, which book-check must not pass as all matched. */
    @Test
    void shouldNotPassADayWithoutASnapshotGivenAlone() throws IOException {
        int half = btc.size() / 2;
        Result r = check(gzip("btcusdt_20240809.gz", btc.subList(half, btc.size())).toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertEquals("BTCUSDT: checked 0 matched 0 gaps 0 resyncs 0\nTOTAL: checked 0 matched 0\n", r.out());
        assertTrue(r.err().startsWith("book-check: BTCUSDT: its book was never rebuilt: no depth snapshot its diffs could start from ("), r.err());
        assertTrue(r.err().contains("a day's file that continues the previous one needs that file before it"), r.err());
    }

    // ------------------------------------------------------------------ snapshots whose symbol the file name does not give

    @Test
    void shouldSayWhenTheFileNameDoesNotGiveTheSnapshotsSymbolAndTakeItFromSymbol() throws IOException {
        List<String> eth = map(btc, rename("BTCUSDT", "ETHUSDT"));
        Path file = gzip("ETHUSDT-2024-08-09.gz", eth); // not <symbol>_<yyyymmdd>.gz: hftbacktest's snapshot names no symbol
        Result r = check(file.toString());
        assertEquals(2, r.status(), r.out() + r.err());
        assertTrue(r.err().contains("1 line(s) could not be read (SNAPSHOT_SYMBOL 1); first: " + file + ":8: depth snapshot without a symbol"), r.err());
        assertTrue(r.err().contains("book-check: hftbacktest depth snapshots name no symbol: name the file <symbol>_<yyyymmdd>[.gz]"
                + " (btcusdt_20240808.gz) or give the symbol before it: ./flox book-check --symbol BTCUSDT PATH\n"), r.err());

        Result given = check("--symbol", "ethusdt", file.toString());
        assertEquals(0, given.status(), given.out() + given.err());
        assertEquals(allMatched("ETHUSDT"), given.out());
        assertEquals("", given.err());
    }

    /** --symbol applies to the files after it: two hftbacktest files of two symbols, neither named for its symbol. */
    @Test
    void shouldTakeEachSymbolForTheFilesAfterIt() throws IOException {
        Path a = gzip("a.gz", btc);
        Path b = gzip("b.gz", ethCopy());
        Result r = check("--symbol", "BTCUSDT", a.toString(), "--symbol", "ETHUSDT", b.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("BTCUSDT", "ETHUSDT"), r.out());
        assertEquals(2, check(a.toString(), "--symbol").status(), "--symbol without a symbol");
    }

    /** The file name's symbol is a name, not a check: --symbol wins over it (as for ./flox run --replay). */
    @Test
    void shouldPreferSymbolOverTheFileName() throws IOException {
        Path misnamed = gzip("btcusdt_20240809.gz", map(btc, rename("BTCUSDT", "ETHUSDT")));
        Result wrong = check(misnamed.toString());
        assertEquals(2, wrong.status(), wrong.out() + wrong.err());
        assertTrue(wrong.err().contains("ETHUSDT: its book was never rebuilt"), wrong.err());
        Result r = check("--symbol", "ETHUSDT", misnamed.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("ETHUSDT"), r.out());
    }

    // ------------------------------------------------------------------ other frames of a day's stream

    /**
     * A full day's stream holds what a short one may not: the venue's serverShutdown notice
     * before it closes a connection (web-socket-streams.md) and frames of streams not replayed.
     * They are skipped, not an error.
     */
    @Test
    void shouldSkipAServerShutdownNoticeAndOtherStreams() throws IOException {
        List<String> day = new ArrayList<>(btc);
        long at = receiveNs(day.get(day.size() / 2));
        day.add(day.size() / 2, at + " {\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":" + at / 1_000_000 + "}}");
        day.add(day.size() / 3, at + " {\"stream\":\"btcusdt@depth20@100ms\",\"data\":{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}}");
        Path file = gzip("btcusdt_20240808.gz", day);
        Result r = check(file.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertEquals(allMatched("BTCUSDT"), r.out());
        try (BinanceRecordingReader reader = new BinanceRecordingReader(List.of(RecordingInput.of(file)), new DiscoveredSymbols())) {
            ReplayStats stats = reader.run(update -> { });
            assertEquals(2, stats.skippedOtherFrames, stats.toString());
            assertEquals(0, stats.malformedLines, stats.toString());
        }
    }
}
