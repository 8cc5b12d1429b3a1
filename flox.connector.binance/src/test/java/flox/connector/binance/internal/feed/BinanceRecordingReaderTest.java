package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Line formats, decoding, skipping, malformed lines and merging, on small hand-written files. */
class BinanceRecordingReaderTest {
    @TempDir
    Path tmp;

    final StaticReplaySymbols symbols = new StaticReplaySymbols();
    int btc;
    int eth;

    @BeforeEach
    void symbols() {
        btc = symbols.add("BTCUSDT", 2, 8);
        eth = symbols.add("ETHUSDT", 2, 4);
    }

    /** Everything the reader passes on, as text. */
    static final class Log implements ReplayHandler {
        final List<String> events = new ArrayList<>();

        @Override
        public void onBookUpdate(BookUpdate u) {
            StringBuilder sb = new StringBuilder();
            sb.append(u.type() == BookUpdate.Type.SNAPSHOT ? "snapshot" : "diff").append(" sym=").append(u.symbolId())
                    .append(" U=").append(u.firstUpdateId()).append(" u=").append(u.lastUpdateId())
                    .append(" E=").append(u.exchangeTimestampNs()).append(" rx=").append(u.receiveTimestampNs()).append(" b=");
            for (int i = 0; i < u.bidCount(); i++) sb.append(u.bidPrice(i)).append('x').append(u.bidQuantity(i)).append(',');
            sb.append(" a=");
            for (int i = 0; i < u.askCount(); i++) sb.append(u.askPrice(i)).append('x').append(u.askQuantity(i)).append(',');
            events.add(sb.toString());
        }

        @Override
        public void onTrade(TradeEvent t) {
            events.add("trade sym=" + t.symbolId() + " id=" + t.tradeId() + " px=" + t.priceScaled() + " qty=" + t.quantityScaled()
                    + " " + t.aggressorSide() + " T=" + t.exchangeTimestampNs() + " rx=" + t.receiveTimestampNs());
        }

        @Override
        public void onBookTicker(BookTicker t) {
            events.add("ticker sym=" + t.symbolId() + " u=" + t.updateId() + " " + t.bidPriceScaled() + "x" + t.bidQuantityScaled()
                    + " " + t.askPriceScaled() + "x" + t.askQuantityScaled() + " rx=" + t.receiveTimestampNs());
        }

        @Override
        public void onBookInvalidated(int symbolId, String reason) {
            events.add("invalid sym=" + symbolId);
        }
    }

    static final String SNAPSHOT = "{\"lastUpdateId\":100,\"bids\":[[\"61837.63000000\",\"3.78826000\"],[\"61837.62000000\",\"0.61700000\"]],"
            + "\"asks\":[[\"61837.64000000\",\"1.54698000\"]]}";
    static final String DIFF = "{\"stream\":\"btcusdt@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161255208,\"s\":\"BTCUSDT\","
            + "\"U\":95,\"u\":102,\"b\":[[\"61837.62000000\",\"0.00000000\"]],\"a\":[[\"61838.04000000\",\"0.32332000\"]]}}";
    static final String TRADE = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\","
            + "\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}";
    static final String TICKER = "{\"stream\":\"btcusdt@bookTicker\",\"data\":{\"u\":50093239212,\"s\":\"BTCUSDT\","
            + "\"b\":\"61837.63000000\",\"B\":\"3.78826000\",\"a\":\"61837.64000000\",\"A\":\"1.54698000\"}}";

    Path write(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        Files.writeString(p, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        return p;
    }

    Path writeGzip(String name, String... lines) throws IOException {
        Path p = tmp.resolve(name);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(p))) {
            out.write((String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return p;
    }

    ReplayStats replay(Log log, MalformedLinePolicy policy, RecordingInput... inputs) throws IOException {
        try (BinanceRecordingReader r = new BinanceRecordingReader(List.of(inputs), symbols, policy, 16, 100)) {
            return r.run(log);
        }
    }

    // ------------------------------------------------------------------ formats and decoding

    @Test
    void shouldDecodeHftbacktestLinesIntoFixedPointFlyweights() throws IOException {
        Path f = writeGzip("btcusdt_20240808.gz",
                "1000 " + DIFF,
                "2000 " + SNAPSHOT,
                "3000 " + TRADE,
                "4000 " + TICKER);
        Log log = new Log();
        ReplayStats stats = replay(log, MalformedLinePolicy.FAIL, RecordingInput.of(f));
        assertEquals(List.of(
                "snapshot sym=0 U=0 u=100 E=0 rx=2000 b=6183763x378826000,6183762x61700000, a=6183764x154698000,",
                "diff sym=0 U=95 u=102 E=1723161255208000000 rx=1000 b=6183762x0, a=6183804x32332000,",
                "trade sym=0 id=3735683259 px=6183763 qty=2000000 SELL T=1723161255342000000 rx=3000",
                "ticker sym=0 u=50093239212 6183763x378826000 6183764x154698000 rx=4000"), log.events);
        assertEquals(4, stats.lines);
        assertEquals(1, stats.depthUpdates);
        assertEquals(1, stats.snapshots);
        assertEquals(1, stats.diffsApplied);
    }

    @Test
    void shouldTakeBuyAsAggressorWhenBuyerIsNotMaker() throws IOException {
        Path f = write("t.txt", "5 " + TRADE.replace("\"m\":true", "\"m\":false"));
        Log log = new Log();
        replay(log, MalformedLinePolicy.FAIL, RecordingInput.of(f));
        assertTrue(log.events.get(0).contains(" BUY "), log.events.toString());
        assertEquals(Side.BUY.name(), log.events.get(0).split(" ")[5]);
    }

    @Test
    void shouldReadCryptofeedPrefixesInSecondsAndSnapshotSymbolFromUrl() throws IOException {
        Path ws = write("BINANCE.ws.1.0",
                "wss://stream.binance.com:9443/stream?streams=btcusdt@depth@100ms <-> 1633998511.159679",
                "1633998512.0633569: " + DIFF,
                "1633998513.5: " + TICKER,
                "");
        Path http = write("BINANCE.http.0.0",
                "https://api.binance.com/api/v3/exchangeInfo -> 1633998511.5: {\"symbols\":[]}",
                "https://api.binance.com/api/v3/depth?symbol=BTCUSDT&limit=1000 -> 1633998512.320639: " + SNAPSHOT,
                "configuration: {\"l2_book\":[\"BTC-USDT\"]}");
        Log log = new Log();
        ReplayStats stats = replay(log, MalformedLinePolicy.FAIL, RecordingInput.of(ws), RecordingInput.of(http));
        assertEquals(List.of(
                "snapshot sym=0 U=0 u=100 E=0 rx=1633998512320639000 b=6183763x378826000,6183762x61700000, a=6183764x154698000,",
                "diff sym=0 U=95 u=102 E=1723161255208000000 rx=1633998512063356900 b=6183762x0, a=6183804x32332000,",
                "ticker sym=0 u=50093239212 6183763x378826000 6183764x154698000 rx=1633998513500000000"), log.events);
        assertEquals(7, stats.lines);
        assertEquals(3, stats.controlLines, "connect, configuration, empty line");
        assertEquals(1, stats.skippedOtherHttp, "exchangeInfo");
    }

    @Test
    void shouldMergeFilesByReceiveTimeKeepingInputOrderOnTies() throws IOException {
        Path a = write("a.txt", "10 " + TRADE.replace("3735683259", "1"), "30 " + TRADE.replace("3735683259", "3"),
                "30 " + TRADE.replace("3735683259", "4"));
        Path b = write("b.txt", "20 " + TRADE.replace("3735683259", "2"), "30 " + TRADE.replace("3735683259", "5"),
                "40 " + TRADE.replace("3735683259", "6"));
        Log log = new Log();
        replay(log, MalformedLinePolicy.FAIL, RecordingInput.of(a), RecordingInput.of(b));
        List<String> ids = new ArrayList<>();
        for (String e : log.events) ids.add(e.split(" ")[2]);
        assertEquals(List.of("id=1", "id=2", "id=3", "id=4", "id=5", "id=6"), ids);
    }

    @Test
    void shouldSkipAndCountOtherStreamsAndUnknownSymbols() throws IOException {
        Path f = write("s.txt",
                "1 {\"stream\":\"btcusdt@aggTrade\",\"data\":{\"e\":\"aggTrade\",\"p\":\"1.5\"}}",
                "2 {\"stream\":\"btcusdt@kline_1m\",\"data\":{\"e\":\"kline\",\"k\":{\"o\":\"1\",\"x\":false}}}",
                "3 {\"stream\":\"btcusdt@depth20@100ms\",\"data\":{\"lastUpdateId\":1,\"bids\":[],\"asks\":[]}}",
                "4 {\"stream\":\"xrpusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"XRPUSDT\",\"p\":\"0.123456789\"}}",
                "5 {\"stream\":\"ethusdt@bookTicker\",\"data\":{\"u\":7,\"s\":\"ETHUSDT\",\"b\":\"2500.01\",\"B\":\"1.2345\",\"a\":\"2500.02\",\"A\":\"0.5\"}}");
        Log log = new Log();
        ReplayStats stats = replay(log, MalformedLinePolicy.FAIL, RecordingInput.of(f));
        assertEquals(1, stats.skippedAggTrades);
        assertEquals(1, stats.skippedKlines);
        assertEquals(1, stats.skippedOtherFrames);
        assertEquals(1, stats.unknownSymbolFrames);
        assertEquals(List.of("ticker sym=1 u=7 250001x12345 250002x5000 rx=5"), log.events, "ETHUSDT at its own scales (2, 4)");
    }

    @Test
    void shouldBoundWorkPerPoll() throws IOException {
        Path f = write("p.txt", "1 " + TRADE, "2 " + TRADE, "3 " + TRADE, "4 " + TRADE, "5 " + TRADE);
        Log log = new Log();
        try (BinanceRecordingReader r = new BinanceRecordingReader(List.of(RecordingInput.of(f)), symbols)) {
            assertEquals(2, r.poll(log, 2));
            assertEquals(2, log.events.size());
            assertEquals(3, r.poll(log, 10));
            assertTrue(r.isDone());
            assertEquals(0, r.poll(log, 10));
            assertEquals(5, r.stats().trades);
        }
    }

    @Test
    void shouldReadLinesLongerThanTheInitialBufferAndWithoutFinalNewline() throws IOException {
        StringBuilder snapshot = new StringBuilder("{\"lastUpdateId\":7,\"bids\":[");
        for (int i = 0; i < 14; i++) snapshot.append(i == 0 ? "" : ",").append("[\"").append(100 - i).append(".00000000\",\"1.0\"]");
        snapshot.append("],\"asks\":[],\"pad\":\"").append("x".repeat(3 << 20)).append("\"}");
        Path f = tmp.resolve("ethusdt_20240101.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(("1 " + snapshot + "\n2 " + TRADE.replace("btcusdt", "ethusdt").replace("BTCUSDT", "ETHUSDT")
                    .replace("0.02000000", "0.0200")).getBytes(StandardCharsets.UTF_8));
        }
        Log log = new Log();
        ReplayStats stats = replay(log, MalformedLinePolicy.FAIL, RecordingInput.of(f));
        assertEquals(2, stats.lines);
        assertEquals(1, stats.snapshotsApplied);
        assertEquals(1, stats.trades);
        assertTrue(log.events.get(0).startsWith("snapshot sym=1 U=0 u=7"), log.events.get(0));
    }

    // ------------------------------------------------------------------ malformed lines

    RecordingFormatException failure(String line) throws IOException {
        Path f = write("bad_20240101.txt", "1 " + TRADE, line, "3 " + TRADE);
        return assertThrows(RecordingFormatException.class, () -> replay(new Log(), MalformedLinePolicy.FAIL, RecordingInput.of(f)));
    }

    void assertFailure(String line, String expectedProblem) throws IOException {
        assertFailure(line, null, expectedProblem);
    }

    void assertFailure(String line, FeedProblem kind, String expectedProblem) throws IOException {
        RecordingFormatException e = failure(line);
        if (kind != null) assertEquals(kind, e.kind(), e.getMessage());
        assertEquals(2, e.line(), e.getMessage());
        assertTrue(e.file().endsWith("bad_20240101.txt"), e.file());
        assertTrue(e.getMessage().startsWith(e.file() + ":2: "), e.getMessage());
        assertTrue(e.getMessage().contains(expectedProblem), "expected '" + expectedProblem + "' in: " + e.getMessage());
    }

    @Test
    void shouldNameFileLineAndProblemOfMalformedLines() throws IOException {
        assertFailure("2 " + TRADE.substring(0, 60), FeedProblem.INVALID_JSON, "JSON ends before the object is complete");
        assertFailure("2 " + TRADE + "{}", FeedProblem.NOT_A_FRAME, "content after the JSON object");
        assertFailure("2 {\"stream\":\"btcusdt@trade\",\"data\":{\"t\":1,,}}", FeedProblem.INVALID_JSON, "invalid JSON");
        assertFailure("2 " + TRADE.replace("61837.63000000", "61837.631"), FeedProblem.BAD_VALUE, "p '61837.631' is not a non-negative decimal with at most 2");
        assertFailure("2 " + TRADE.replace("61837.63000000", "6e4"), "p '6e4'");
        assertFailure("2 " + TRADE.replace("\"61837.63000000\"", "61837.63"), "\"p\" is not a decimal string");
        assertFailure("2 " + TRADE.replace("\"t\":3735683259,", ""), FeedProblem.MISSING_FIELD, "trade without \"t\"");
        assertFailure("2 " + TRADE.replace("\"s\":\"BTCUSDT\"", "\"s\":\"ETHUSDT\""), FeedProblem.WRONG_STREAM, "\"s\" is 'ETHUSDT' in a stream of BTCUSDT");
        assertFailure("2 " + TICKER.replace(",\"A\":\"1.54698000\"", ""), "bookTicker without \"A\"");
        assertFailure("2 " + DIFF.replace("\"U\":95,", ""), "depthUpdate without \"U\"");
        assertFailure("2 " + DIFF.replace("\"U\":95", "\"U\":103"), FeedProblem.BAD_VALUE, "U 103 > u 102");
        assertFailure("2 " + DIFF.replace("[[\"61837.62000000\",\"0.00000000\"]]", "[\"61837.62\"]"), "bid level is not a [price, quantity] array");
        assertFailure("2 {\"data\":{},\"stream\":\"btcusdt@trade\"}", "\"data\" before \"stream\"");
        assertFailure("2 {\"stream\":\"btcusdt\",\"data\":{}}", "is not <symbol>@<type>");
        assertFailure("2 {\"foo\":1}", FeedProblem.NOT_A_FRAME, "not a combined-stream frame");
        assertFailure("2 [1,2]", "expected a JSON object");
        assertFailure("hello world", FeedProblem.BAD_LINE, "expected a receive time");
        assertFailure("12x {}", "expected ' ' or ': ' after the receive time");
        assertFailure("2 nope", "expected a JSON object after the receive time");
        assertFailure("https://api.binance.com/api/v3/depth?limit=5 -> 2.0: " + SNAPSHOT, FeedProblem.SNAPSHOT_SYMBOL, "URL without a symbol parameter");
    }

    @Test
    void shouldRefuseSnapshotWithoutSymbolWhenTheFileGivesNone() throws IOException {
        Path f = write("recording.txt", "1 " + SNAPSHOT);
        assertNull(RecordingInput.of(f).snapshotSymbol());
        RecordingFormatException e = assertThrows(RecordingFormatException.class,
                () -> replay(new Log(), MalformedLinePolicy.FAIL, RecordingInput.of(f)));
        assertTrue(e.getMessage().contains("recording.txt:1: depth snapshot without a symbol"), e.getMessage());

        Log log = new Log();
        replay(log, MalformedLinePolicy.FAIL, new RecordingInput(f, "BTCUSDT"));
        assertEquals(1, log.events.size());
    }

    @Test
    void shouldRefuseUpdatesWithMoreLevelsThanTheReaderHolds() throws IOException {
        StringBuilder bids = new StringBuilder();
        for (int i = 0; i < 17; i++) bids.append(i == 0 ? "" : ",").append("[\"").append(100 + i).append(".00\",\"1\"]");
        RecordingFormatException e = failure("2 " + DIFF.replace("[[\"61837.62000000\",\"0.00000000\"]]", "[" + bids + "]"));
        assertTrue(e.getMessage().contains("more than 16 bid levels"), e.getMessage());
    }

    @Test
    void shouldRefuseQuantityWithMoreDecimalsThanTheScale() throws IOException {
        // the BTCUSDT recording has three such quantities (e.g. 25.426189 on line 1886): at scale 5
        // the reader stops there instead of rounding
        StaticReplaySymbols five = new StaticReplaySymbols();
        five.add("BTCUSDT", 2, 5);
        Path f = write("q_20240101.txt", "1 " + TRADE, "2 " + TRADE.replace("0.02000000", "25.42618900"));
        try (BinanceRecordingReader r = new BinanceRecordingReader(List.of(RecordingInput.of(f)), five)) {
            RecordingFormatException e = assertThrows(RecordingFormatException.class, () -> r.run(new Log()));
            assertTrue(e.getMessage().endsWith("q_20240101.txt:2: q '25.42618900' is not a non-negative decimal with at most 5 significant decimals"),
                    e.getMessage());
        }
    }

    @Test
    void shouldSkipCountAndRecoverUnderSkipPolicy() throws IOException {
        Path f = write("skip.txt",
                "1 " + TRADE.replace("3735683259", "1"),
                "2 " + TRADE.substring(0, 50),                            // truncated: the parser must not carry it over
                "3 " + TRADE.replace("3735683259", "3"),
                "garbage",
                "5 " + TRADE.replace("3735683259", "5") + "}",           // trailing content
                "6 " + TRADE.replace("3735683259", "6"));
        Log log = new Log();
        ReplayStats stats = replay(log, MalformedLinePolicy.SKIP, RecordingInput.of(f));
        List<String> ids = new ArrayList<>();
        for (String e : log.events) ids.add(e.split(" ")[2]);
        assertEquals(List.of("id=1", "id=3", "id=6"), ids);
        assertEquals(3, stats.malformedLines);
        assertEquals(3, stats.trades);
        assertEquals(3, stats.problemCount());
        assertTrue(stats.problems().get(0).contains("skip.txt:2: JSON ends before"), stats.problems().toString());
        assertTrue(stats.problems().get(1).contains("skip.txt:4: expected a receive time") && stats.problems().get(1).contains("'garbage'"),
                stats.problems().toString());
        assertTrue(stats.problems().get(2).contains("skip.txt:5: "), stats.problems().toString());
        assertEquals(1, stats.malformed(FeedProblem.INVALID_JSON), "the truncated line");
        assertEquals(1, stats.malformed(FeedProblem.BAD_LINE));
        assertEquals(1, stats.malformed(FeedProblem.NOT_A_FRAME), "the stray '}' after the object");
        assertEquals("INVALID_JSON 1, NOT_A_FRAME 1, BAD_LINE 1", stats.malformedKinds());
        assertTrue(stats.toString().contains("malformed 3: INVALID_JSON 1, NOT_A_FRAME 1, BAD_LINE 1"), stats.toString());
    }

    @Test
    void shouldReportGapWhenSkippedMalformedLineWasADiff() throws IOException {
        Path f = write("gap_20240101.txt",
                "1 " + SNAPSHOT.replace("\"lastUpdateId\":100", "\"lastUpdateId\":94"),
                "2 " + DIFF,                                                              // 95-102
                "3 " + DIFF.replace("\"U\":95,\"u\":102", "\"U\":103,\"u\":110").replace("\"E\":", "\"E\":x"),  // malformed
                "4 " + DIFF.replace("\"U\":95,\"u\":102", "\"U\":111,\"u\":120"));
        Log log = new Log();
        ReplayStats stats;
        try (BinanceRecordingReader r = new BinanceRecordingReader(List.of(new RecordingInput(f, "BTCUSDT")), symbols,
                MalformedLinePolicy.SKIP, 16, 100)) {
            stats = r.run(log);
            assertEquals(false, r.isSynced(btc));
        }
        assertEquals(1, stats.malformedLines);
        assertEquals(1, stats.gaps);
        assertEquals("invalid sym=0", log.events.get(log.events.size() - 1));
        assertTrue(stats.problems().get(1).startsWith(f + ":4: depth gap for symbol 0"), stats.problems().toString());
    }
}
