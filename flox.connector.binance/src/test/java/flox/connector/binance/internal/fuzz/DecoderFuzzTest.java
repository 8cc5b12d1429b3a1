package flox.connector.binance.internal.fuzz;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.feed.ScannerDifferential;
import flox.connector.binance.internal.feed.ReplaySymbols;
import flox.connector.binance.internal.orders.BinanceClientIds;
import flox.connector.binance.internal.orders.ExecutionReportDecoder;
import flox.connector.binance.internal.orders.RateLimits;
import flox.connector.binance.internal.orders.WsApiResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Outside input never breaks the connector's parsers (issue 14 item 9): any bytes as a market-data
 * frame, a REST depth reply, a user-data event or a WebSocket API reply are either taken or refused
 * as malformed (counted, or an IOException naming the problem), never an uncaught exception, and
 * the parser reads the next well-formed message correctly. No allocation growth: what each
 * target's long-lived parsers and session keep stays within a fixed bound however many inputs
 * come ({@link #assertMarketDataBounded} and the others, checked every {@link #CHECK_EVERY}
 * inputs while fuzzing; {@link DecoderFuzzGrowthTest} checks it, that the regression inputs over
 * and over keep no more and allocate no more, and that a well-formed message allocates nothing,
 * under {@code ./mvnw verify}). Under {@code ./mvnw verify} the inputs in
 * src/test/resources/.../DecoderFuzzTestInputs run as regression tests; {@code ./flox fuzz
 * [SECONDS]} fuzzes each target for as long as asked through Jazzer's own driver
 * ({@link MarketDataFuzzer}, {@link UserDataFuzzer}), and {@code JAZZER_FUZZ=1} fuzzes under JUnit
 * for the annotation's duration. A finding is kept as a new input here (a bound passed is found at
 * the input that happened to be checked: the growth may be that of all inputs before it).
 */
class DecoderFuzzTest {
    static final int MAX_BUFFERED = 64;
    static final int BOOK_LEVELS = 1_000;
    /** How often (inputs of one target) fuzzing checks the target's retained state against its bound. */
    static final int CHECK_EVERY = 4_096;
    /**
     * The market-data session's own state at most (Jackson's field-name tables apart): about 0.5 MB
     * fixed, per symbol (two here) {@code MAX_BUFFERED} pooled diffs of up to {@code BOOK_LEVELS}
     * levels (2 MB), a full-depth book's tables at 20,000 levels a side (2.6 MB) and 4,096 waiting
     * checkpoints (160 kB); the parser's token buffers; about 11 MB in all.
     */
    static final long MARKET_DATA_STATE_BOUND = 16L << 20;
    /** The user-data decoders' own state at most: 0.3 MB of reply arrays, 64 fee assets, 16 rate-limit windows, the parsers' token buffers. */
    static final long USER_DATA_STATE_BOUND = 2L << 20;
    /** The scanner differential's four decoders (200-level updates, token buffers). */
    static final long SCANNER_STATE_BOUND = 4L << 20;
    /**
     * Jackson's field-name tables of one parser and its factory at most: the parser's table keeps
     * each new name of a message taken whole, up to about 52,000 names (then Jackson empties it);
     * names are at most {@code JsonInput.MAX_NAME_LENGTH} (256) characters. Measured at most about
     * 19 MB with 250-character names.
     */
    static final long SYMBOL_TABLES_PER_PARSER = 32L << 20;
    static final byte[] GOOD_TRADE = ("{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"E\":1723161255343,\"s\":\"BTCUSDT\","
            + "\"t\":3735683259,\"p\":\"61837.63000000\",\"q\":\"0.02000000\",\"T\":1723161255342,\"m\":true,\"M\":true}}").getBytes(StandardCharsets.UTF_8);
    static final byte[] GOOD_REPLY = "{\"id\":7,\"status\":200,\"result\":{\"orderId\":12}}".getBytes(StandardCharsets.UTF_8);

    static final class Wire implements ReplaySymbols {
        @Override public int idOf(CharSequence s) { return "BTCUSDT".contentEquals(s) ? 0 : "ETHBTC".contentEquals(s) ? 1 : UNKNOWN; }
        @Override public int priceScale(int id) { return 8; }
        @Override public int quantityScale(int id) { return 8; }
    }

    static final class CountingBus implements MarketDataBus {
        long trades;
        long books;
        long lastTradeId;

        @Override public long publishBookUpdate(BookUpdate u) { books++; return 1; }
        @Override public int maxBookLevels() { return 32; }
        @Override public long publishTrade(TradeEvent t) { trades++; lastTradeId = t.tradeId(); return 1; }
        @Override public long publishVenueState(VenueStateEvent s) { return 1; }
    }

    final CountingBus bus = new CountingBus();
    final MarketDataSession session = new MarketDataSession("fuzz", new Wire(), bus, (id, n) -> { }, m -> { }, BOOK_LEVELS, MAX_BUFFERED);
    final ExecutionReportDecoder reports = new ExecutionReportDecoder(new Wire(), new BinanceClientIds("flxF_"));
    final WsApiResponse replies = new WsApiResponse();
    final RateLimits limits = new RateLimits(0.1);

    @FuzzTest(maxDuration = "30s")
    void shouldTakeOrRefuseAnyMarketDataFrameAndReadTheNextGoodOne(byte[] input) {
        session.onFrame(input, 0, input.length, 1);
        session.onSnapshot(0, input, 0, input.length, 2);
        long trades = bus.trades;
        session.onFrame(GOOD_TRADE, 0, GOOD_TRADE.length, 3);
        assertEquals(trades + 1, bus.trades, "the next good frame is read");
        assertEquals(3735683259L, bus.lastTradeId);
        assertTrue(session.stats().bufferedDiffsDropped >= 0);
        if (++marketDataInputs % CHECK_EVERY == 0) assertMarketDataBounded();
    }

    final ScannerDifferential scanner = new ScannerDifferential();

    /** The market-data decoder's byte scanner decodes any input as Jackson does (or leaves it to Jackson). */
    @FuzzTest(maxDuration = "30s")
    void shouldDecodeAnyDepthFrameAsJacksonDoes(byte[] input) {
        scanner.check(input);
        if (++scannerInputs % CHECK_EVERY == 0) assertScannerBounded();
    }

    @FuzzTest(maxDuration = "30s")
    void shouldTakeOrRefuseAnyUserDataEventOrReply(byte[] input) throws IOException {
        try {
            reports.decode(input, 0, input.length, 1);
        } catch (IOException expected) {
            // malformed: refused, named
        }
        try {
            replies.decode(input, 0, input.length, limits, 1);
        } catch (IOException expected) {
            // malformed: refused, named
        }
        WsApiResponse.isEvent(input, 0, input.length);
        replies.decode(GOOD_REPLY, 0, GOOD_REPLY.length, limits, 1);
        assertEquals(7, replies.id, "the next good reply is read");
        assertEquals(12, replies.orderId);
        if (++userDataInputs % CHECK_EVERY == 0) assertUserDataBounded();
    }

    // ------------------------------------------------------------------ retained state

    private long marketDataInputs;
    private long scannerInputs;
    private long userDataInputs;

    Retained marketDataState() {
        return Retained.of("session", session, "bus", bus);
    }

    Retained scannerState() {
        return Retained.of("scanner", scanner);
    }

    Retained userDataState() {
        return Retained.of("reports", reports, "replies", replies, "limits", limits);
    }

    void assertMarketDataBounded() {
        assertBounded("market-data", marketDataState(), MARKET_DATA_STATE_BOUND, 1, marketDataInputs);
    }

    void assertScannerBounded() {
        assertBounded("scanner", scannerState(), SCANNER_STATE_BOUND, 4, scannerInputs);
    }

    void assertUserDataBounded() {
        assertBounded("user-data", userDataState(), USER_DATA_STATE_BOUND, 2, userDataInputs);
    }

    static void assertBounded(String target, Retained state, long ownBound, int parsers, long inputs) {
        if (state.own() > ownBound || state.symbolTables > parsers * SYMBOL_TABLES_PER_PARSER) {
            throw new AssertionError("the " + target + " target keeps more than its bound (" + (ownBound >> 20) + " MB, and "
                    + (parsers * SYMBOL_TABLES_PER_PARSER >> 20) + " MB of field-name tables) after " + inputs + " inputs: " + state);
        }
    }
}
