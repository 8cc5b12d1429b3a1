package flox.connector.binance.internal.feed;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.num.FixedPoint;
import flox.api.order.Side;
import java.io.IOException;

/**
 * Decodes the JSON of one recording line (a combined-stream frame or a REST depth snapshot)
 * straight into reusable flyweights: prices and quantities go from the parser's character buffer
 * to fixed-point longs at the symbol's scales, without Strings, BigDecimals or doubles.
 *
 * <p>One Jackson non-blocking parser is fed line after line, so decoding allocates nothing per
 * line. Measured over the BTCUSDT recording (JDK 17, after warm-up): a new blocking parser per
 * line allocated about 705 B/line and took about 1.0 us/line to tokenise; the one fed
 * non-blocking parser allocates 0 B/line and takes about 0.56 us/line. The whole replay path
 * (gunzip, decode, sync, OrderBook apply) allocates about 160 bytes over 40,249 lines
 * ({@code ReplayAllocationTest}) and runs at about 2 us/line. Every line must hold exactly one complete
 * JSON object; a truncated object, trailing content or a parse error is a malformed line, after
 * which the parser, whose state is then unknown, is replaced (the only allocation, on that cold
 * path).
 *
 * <p>Depth diffs and snapshots in exactly the compact form Binance sends are read first by a
 * byte scanner ({@link #scanFrame}): it takes a strict subset of JSON and gives up on anything
 * else, which Jackson then decodes (and refuses, naming the problem). On the BTCUSDT recording's
 * depth frames the scanner takes every frame at about a quarter of Jackson's time
 * ({@code FrameScannerTest} checks that both decode every recorded line, and mutations of them, alike).
 *
 * <p>The frame's kind and symbol come from its {@code "stream"} name ({@code btcusdt@trade}), which
 * Binance sends before {@code "data"}; so the scales are known before the first price. The
 * {@code "s"} inside the data must name the same symbol. Not thread-safe.
 */
final class BinanceFrameDecoder {
    /** Results of {@link #decode}. */
    static final int DEPTH_DIFF = 1;
    static final int SNAPSHOT = 2;
    static final int TRADE = 3;
    static final int BOOK_TICKER = 4;
    static final int SKIPPED_AGG_TRADE = 5;
    static final int SKIPPED_KLINE = 6;
    static final int SKIPPED_OTHER = 7;
    static final int SKIPPED_OTHER_HTTP = 8;
    static final int UNKNOWN_SYMBOL = 9;
    /** {@code {"e":"serverShutdown","E":ms}}: the venue will close this connection soon (a planned disconnect). */
    static final int SERVER_SHUTDOWN = 10;

    private static final int KIND_DEPTH = 1;
    private static final int KIND_TRADE = 2;
    private static final int KIND_BOOK_TICKER = 3;
    private static final int KIND_AGG_TRADE = 4;
    private static final int KIND_KLINE = 5;
    private static final int KIND_OTHER = 6;

    private static final int MAX_SYMBOL_CHARS = 32;

    private final JsonFactory factory = JsonInput.newFactory(); // names of bounded length: what the reused parser keeps is bounded
    private final boolean scan;
    /** The scanner's position in {@code inputBytes}. */
    private int at;
    /** Frames and snapshots the scanner decoded (the rest went through Jackson). */
    private long scannedFrames;
    private final ReplaySymbols symbols;
    private JsonParser parser;
    private ByteArrayFeeder feeder;

    final BookUpdate update;
    final TradeEvent trade = new TradeEvent();
    final BookTicker ticker = new BookTicker();

    private final char[] symbolChars = new char[MAX_SYMBOL_CHARS];
    private final CharView symbolView = new CharView();
    private final CharView text = new CharView();
    private int symbolId;
    private int priceScale;
    private int quantityScale;

    // what is being decoded: its bytes, where it came from (for messages) and when it was received
    private byte[] inputBytes;
    private int inputStart;
    private int inputEnd;
    private String inputName;
    private long inputNumber;
    private long inputReceiveNs;
    /** The symbol of a depth snapshot that names none (hftbacktest files, a REST reply); null if unknown. */
    private String inputSnapshotSymbol;

    BinanceFrameDecoder(ReplaySymbols symbols, int bookLevels) {
        this(symbols, bookLevels, true);
    }

    /** @param scan whether depth diffs and snapshots in Binance's own compact form skip Jackson (false: tests compare the two) */
    BinanceFrameDecoder(ReplaySymbols symbols, int bookLevels, boolean scan) {
        this.symbols = symbols;
        this.update = new BookUpdate(bookLevels);
        this.scan = scan;
        newParser();
    }

    private void newParser() {
        try {
            parser = factory.createNonBlockingByteArrayParser();
        } catch (IOException e) {
            throw new IllegalStateException("Jackson cannot create a non-blocking parser", e);
        }
        feeder = (ByteArrayFeeder) parser.getNonBlockingInputFeeder();
    }

    /** Frames and snapshots decoded by the byte scanner rather than Jackson. */
    long scannedFrames() {
        return scannedFrames;
    }

    /** The symbol id of the last decoded event. */
    int symbolId() {
        return symbolId;
    }

    /** The venue symbol of the last decoded event ("BTCUSDT"); allocates (call it once per symbol). */
    String symbolName() {
        return symbolView.toString();
    }

    /**
     * Decodes the current line of {@code src} (a FRAME or HTTP line).
     *
     * @return one of the result constants
     * @throws RecordingFormatException naming file, line and problem
     */
    int decode(RecordingSource src) throws RecordingFormatException {
        input(src.buffer(), src.jsonStart, src.lineEnd, src.name, src.lineNumber, src.receiveNs, src.input.snapshotSymbol());
        return run(src.kind == RecordingSource.Kind.HTTP ? src : null);
    }

    /**
     * Decodes one frame received live: bytes {@code [start, end)} of {@code buf} (a combined-stream
     * frame, UTF-8), received at {@code receiveNs} (host monotonic); {@code where} and
     * {@code number} name it in messages (the connection and the frame's count). No allocation
     * for a well-formed frame.
     *
     * @return one of the result constants
     * @throws RecordingFormatException naming where, number, kind and problem
     */
    int decodeFrame(byte[] buf, int start, int end, long receiveNs, String where, long number) throws RecordingFormatException {
        input(buf, start, end, where, number, receiveNs, null);
        return run(null);
    }

    /**
     * Decodes a REST depth snapshot reply ({@code GET /api/v3/depth}) for {@code venueSymbol}:
     * {@link #SNAPSHOT}, or {@link #UNKNOWN_SYMBOL}.
     */
    int decodeSnapshot(byte[] buf, int start, int end, String venueSymbol, long receiveNs, String where, long number) throws RecordingFormatException {
        input(buf, start, end, where, number, receiveNs, venueSymbol);
        return run(null);
    }

    private void input(byte[] buf, int start, int end, String name, long number, long receiveNs, String snapshotSymbol) {
        inputBytes = buf;
        inputStart = start;
        inputEnd = JsonInput.trimEnd(buf, start, end);
        inputName = name;
        inputNumber = number;
        inputReceiveNs = receiveNs;
        inputSnapshotSymbol = snapshotSymbol;
    }

    /** Decodes the input set by {@link #input}; {@code http} is the recording line of an HTTP response, else null. */
    private int run(RecordingSource http) throws RecordingFormatException {
        boolean ok = false;
        try {
            if (http == null && scan) {
                int scanned = scanFrame();
                if (scanned != 0) {
                    scannedFrames++;
                    ok = true;
                    return scanned;
                }
            }
            int result = http != null ? decodeHttp(http) : decodeFrame();
            ok = true;
            return result;
        } catch (RecordingFormatException e) {
            throw e;
        } catch (IOException e) {
            throw malformed(FeedProblem.INVALID_JSON, "invalid JSON: " + e.getMessage(), e);
        } finally {
            if (!ok) {
                try {
                    parser.close();
                } catch (IOException ignored) {
                    // the parser is being replaced; nothing to release
                }
                newParser();
            }
            inputBytes = null;
        }
    }

    // ------------------------------------------------------------------ line kinds

    private int decodeHttp(RecordingSource src) throws IOException {
        if (!src.urlPathEndsWith("/depth")) {
            return SKIPPED_OTHER_HTTP; // exchangeInfo and other responses are not replayed
        }
        long range = src.urlParameter("symbol");
        if (range < 0) {
            throw malformed(FeedProblem.SNAPSHOT_SYMBOL, "depth snapshot URL without a symbol parameter", null);
        }
        int start = (int) (range >>> 32);
        int end = (int) range;
        if (!setSymbolFromBytes(src.buffer(), start, end)) {
            return UNKNOWN_SYMBOL;
        }
        feed();
        expect(JsonToken.START_OBJECT, "a JSON object");
        next();
        decodeSnapshotFields();
        endOfLine();
        return SNAPSHOT;
    }

    private int decodeFrame() throws IOException {
        feed();
        expect(JsonToken.START_OBJECT, "a JSON object");
        JsonToken t = next();
        if (t != JsonToken.FIELD_NAME) {
            throw malformed(FeedProblem.NOT_A_FRAME, "empty JSON object", null);
        }
        String first = parser.currentName();
        if ("lastUpdateId".equals(first) || "bids".equals(first) || "asks".equals(first)) {
            // a REST depth snapshot written as is (hftbacktest): the symbol comes from the file
            String symbol = inputSnapshotSymbol;
            if (symbol == null) {
                throw malformed(FeedProblem.SNAPSHOT_SYMBOL, "depth snapshot without a symbol, and the file name is not <symbol>_<yyyymmdd>.gz, which would give it:"
                        + " pass --symbol SYMBOL to ./flox run --replay (symbol= in flox.sim.replay.cfg)", null);
            }
            if (!setSymbolFromString(symbol)) {
                skipRestOfObject();
                endOfLine();
                return UNKNOWN_SYMBOL;
            }
            decodeSnapshotFields();
            endOfLine();
            return SNAPSHOT;
        }
        int kind = 0;
        int result = 0;
        for (; t == JsonToken.FIELD_NAME; t = next()) {
            String name = parser.currentName();
            if ("stream".equals(name)) {
                expect(JsonToken.VALUE_STRING, "the stream name as a string");
                if (text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()).contentEquals("!serverShutdown")) {
                    // web-socket-streams.md: {"stream":"!serverShutdown","data":{"e":"serverShutdown","E":ms}}
                    next();
                    skipRestOfObject();
                    endOfLine();
                    return SERVER_SHUTDOWN;
                }
                kind = parseStreamName();
            } else if ("data".equals(name)) {
                if (kind == 0) {
                    throw malformed(FeedProblem.NOT_A_FRAME, "\"data\" before \"stream\" in a combined-stream frame", null);
                }
                result = decodeData(kind);
            } else if ("e".equals(name) && kind == 0) {
                // an event outside the combined-stream envelope: the only one Binance sends is serverShutdown
                if (next() == JsonToken.VALUE_STRING
                        && text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength()).contentEquals("serverShutdown")) {
                    result = SERVER_SHUTDOWN;
                } else {
                    skipValue();
                }
            } else {
                next();
                skipValue();
            }
        }
        if (t != JsonToken.END_OBJECT) {
            throw malformed(FeedProblem.NOT_A_FRAME, "unexpected " + t + " in the frame", null);
        }
        if (result == SERVER_SHUTDOWN) {
            endOfLine();
            return result;
        }
        if (result == 0) {
            throw malformed(FeedProblem.NOT_A_FRAME, kind == 0 ? "not a combined-stream frame (no \"stream\")" : "frame without \"data\"", null);
        }
        endOfLine();
        return result;
    }

    /** Sets kind and symbol from {@code <symbol>@<type>}; returns the kind. */
    private int parseStreamName() throws IOException {
        char[] chars = parser.getTextCharacters();
        int off = parser.getTextOffset();
        int len = parser.getTextLength();
        int at = -1;
        for (int i = 0; i < len; i++) {
            if (chars[off + i] == '@') {
                at = i;
                break;
            }
        }
        if (at <= 0 || at > MAX_SYMBOL_CHARS || at == len - 1) {
            throw malformed(FeedProblem.NOT_A_FRAME, "stream name '" + new String(chars, off, len) + "' is not <symbol>@<type>", null);
        }
        for (int i = 0; i < at; i++) {
            char c = chars[off + i];
            symbolChars[i] = c >= 'a' && c <= 'z' ? (char) (c - ('a' - 'A')) : c;
        }
        symbolView.set(symbolChars, 0, at);
        text.set(chars, off + at + 1, len - at - 1);
        if (text.contentEquals("depth") || text.contentEquals("depth@100ms") || text.contentEquals("depth@1000ms")) {
            return KIND_DEPTH;
        }
        if (text.contentEquals("trade")) {
            return KIND_TRADE;
        }
        if (text.contentEquals("bookTicker")) {
            return KIND_BOOK_TICKER;
        }
        if (text.contentEquals("aggTrade")) {
            return KIND_AGG_TRADE;
        }
        if (text.startsWith("kline_")) {
            return KIND_KLINE;
        }
        return KIND_OTHER; // partial depth (depth5, depth20@100ms...), ticker, miniTicker...
    }

    private int decodeData(int kind) throws IOException {
        JsonToken t = next();
        if (kind >= KIND_AGG_TRADE) {
            skipValue();
            return kind == KIND_AGG_TRADE ? SKIPPED_AGG_TRADE : kind == KIND_KLINE ? SKIPPED_KLINE : SKIPPED_OTHER;
        }
        if (t != JsonToken.START_OBJECT) {
            throw malformed(FeedProblem.NOT_A_FRAME, "\"data\" is not an object", null);
        }
        if (!resolveSymbol()) {
            skipValue();
            return UNKNOWN_SYMBOL;
        }
        switch (kind) {
            case KIND_DEPTH:
                decodeDepthUpdate();
                return DEPTH_DIFF;
            case KIND_TRADE:
                decodeTrade();
                return TRADE;
            default:
                decodeBookTicker();
                return BOOK_TICKER;
        }
    }

    // ------------------------------------------------------------------ payloads

    private void decodeDepthUpdate() throws IOException {
        BookUpdate u = update.reset(symbolId, BookUpdate.Type.DELTA);
        long first = -1;
        long last = -1;
        long eventMs = 0;
        boolean bids = false;
        boolean asks = false;
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            String name = parser.currentName();
            next();
            switch (name) {
                case "e": checkText("depthUpdate", "e"); break;
                case "E": eventMs = longValue("E"); break;
                case "s": checkSymbol(); break;
                case "U": first = longValue("U"); break;
                case "u": last = longValue("u"); break;
                case "b": readLevels(u, true); bids = true; break;
                case "a": readLevels(u, false); asks = true; break;
                default: skipValue();
            }
        }
        if (first < 0 || last < 0 || !bids || !asks) {
            throw malformed(FeedProblem.MISSING_FIELD, "depthUpdate without " + (first < 0 ? "\"U\"" : last < 0 ? "\"u\"" : !bids ? "\"b\"" : "\"a\""), null);
        }
        if (first > last) {
            throw malformed(FeedProblem.BAD_VALUE, "depthUpdate with U " + first + " > u " + last, null);
        }
        u.updateIds(first, last).timestamps(eventMs * 1_000_000L, inputReceiveNs);
    }

    private void decodeSnapshotFields() throws IOException {
        // positioned on the first FIELD_NAME of the root object
        BookUpdate u = update.reset(symbolId, BookUpdate.Type.SNAPSHOT);
        long last = -1;
        boolean bids = false;
        boolean asks = false;
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_OBJECT; t = next()) {
            if (t != JsonToken.FIELD_NAME) {
                throw malformed(FeedProblem.NOT_A_FRAME, "unexpected " + t + " in the depth snapshot", null);
            }
            String name = parser.currentName();
            next();
            switch (name) {
                case "lastUpdateId": last = longValue("lastUpdateId"); break;
                case "bids": readLevels(u, true); bids = true; break;
                case "asks": readLevels(u, false); asks = true; break;
                default: skipValue();
            }
        }
        if (last < 0 || !bids || !asks) {
            throw malformed(FeedProblem.MISSING_FIELD, "depth snapshot without " + (last < 0 ? "\"lastUpdateId\"" : !bids ? "\"bids\"" : "\"asks\""), null);
        }
        u.updateIds(0, last).timestamps(0, inputReceiveNs);
    }

    private void decodeTrade() throws IOException {
        long tradeId = -1;
        long price = FixedPoint.INVALID;
        long qty = FixedPoint.INVALID;
        long tradeMs = -1;
        int buyerIsMaker = -1;
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            String name = parser.currentName();
            JsonToken v = next();
            switch (name) {
                case "e": checkText("trade", "e"); break;
                case "s": checkSymbol(); break;
                case "t": tradeId = longValue("t"); break;
                case "p": price = decimal(priceScale, "p"); break;
                case "q": qty = decimal(quantityScale, "q"); break;
                case "T": tradeMs = longValue("T"); break;
                case "m":
                    if (v != JsonToken.VALUE_TRUE && v != JsonToken.VALUE_FALSE) {
                        throw malformed(FeedProblem.BAD_VALUE, "\"m\" is not a boolean", null);
                    }
                    buyerIsMaker = v == JsonToken.VALUE_TRUE ? 1 : 0;
                    break;
                default: skipValue();
            }
        }
        if (tradeId < 0 || price == FixedPoint.INVALID || qty == FixedPoint.INVALID || tradeMs < 0 || buyerIsMaker < 0) {
            throw malformed(FeedProblem.MISSING_FIELD, "trade without " + (tradeId < 0 ? "\"t\"" : price == FixedPoint.INVALID ? "\"p\""
                    : qty == FixedPoint.INVALID ? "\"q\"" : tradeMs < 0 ? "\"T\"" : "\"m\""), null);
        }
        // the buyer is the maker: the seller took liquidity
        trade.set(symbolId, tradeId, price, qty, buyerIsMaker == 1 ? Side.SELL : Side.BUY, tradeMs * 1_000_000L, inputReceiveNs);
    }

    private void decodeBookTicker() throws IOException {
        long updateId = -1;
        long bid = FixedPoint.INVALID;
        long bidQty = FixedPoint.INVALID;
        long ask = FixedPoint.INVALID;
        long askQty = FixedPoint.INVALID;
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            String name = parser.currentName();
            next();
            switch (name) {
                case "u": updateId = longValue("u"); break;
                case "s": checkSymbol(); break;
                case "b": bid = decimal(priceScale, "b"); break;
                case "B": bidQty = decimal(quantityScale, "B"); break;
                case "a": ask = decimal(priceScale, "a"); break;
                case "A": askQty = decimal(quantityScale, "A"); break;
                default: skipValue();
            }
        }
        if (updateId < 0 || bid == FixedPoint.INVALID || bidQty == FixedPoint.INVALID || ask == FixedPoint.INVALID || askQty == FixedPoint.INVALID) {
            throw malformed(FeedProblem.MISSING_FIELD, "bookTicker without " + (updateId < 0 ? "\"u\"" : bid == FixedPoint.INVALID ? "\"b\""
                    : bidQty == FixedPoint.INVALID ? "\"B\"" : ask == FixedPoint.INVALID ? "\"a\"" : "\"A\""), null);
        }
        ticker.set(symbolId, updateId, bid, bidQty, ask, askQty, inputReceiveNs);
    }

    /** {@code [["price","qty"], ...]} into one side of {@code u}; positioned on START_ARRAY. */
    private void readLevels(BookUpdate u, boolean bids) throws IOException {
        String side = bids ? "bid" : "ask";
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw malformed(FeedProblem.BAD_VALUE, side + " levels are not an array", null);
        }
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            if (t != JsonToken.START_ARRAY) {
                throw malformed(FeedProblem.BAD_VALUE, side + " level is not a [price, quantity] array", null);
            }
            if (next() != JsonToken.VALUE_STRING) {
                throw malformed(FeedProblem.BAD_VALUE, side + " level price is not a string", null);
            }
            long price = decimal(priceScale, bids ? "bid price" : "ask price"); // constants: no concatenation per level
            if (next() != JsonToken.VALUE_STRING) {
                throw malformed(FeedProblem.BAD_VALUE, side + " level quantity is not a string", null);
            }
            long qty = decimal(quantityScale, bids ? "bid quantity" : "ask quantity");
            for (t = next(); t != JsonToken.END_ARRAY; t = next()) {
                skipValue(); // later Binance versions may add elements; ignore them
            }
            if (!(bids ? u.addBid(price, qty) : u.addAsk(price, qty))) {
                throw malformed(FeedProblem.TOO_MANY_LEVELS, "more than " + u.capacity() + " " + side + " levels (raise the reader's book levels)", null);
            }
        }
    }

    // ------------------------------------------------------------------ values

    private long decimal(int scale, String field) throws RecordingFormatException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw malformed(FeedProblem.BAD_VALUE, "\"" + field + "\" is not a decimal string", null);
        }
        try {
            text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        } catch (IOException e) {
            throw malformed(FeedProblem.BAD_VALUE, "unreadable \"" + field + "\": " + e.getMessage(), e);
        }
        long v = FixedPoint.parse(text, scale);
        if (v == FixedPoint.INVALID || v < 0) {
            throw malformed(FeedProblem.BAD_VALUE, field + " '" + text + "' is not a non-negative decimal with at most " + scale + " significant decimals", null);
        }
        return v;
    }

    private long longValue(String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_NUMBER_INT) {
            throw malformed(FeedProblem.BAD_VALUE, "\"" + field + "\" is not an integer", null);
        }
        return parser.getLongValue();
    }

    private void checkText(String expected, String field) throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw malformed(FeedProblem.BAD_VALUE, "\"" + field + "\" is not a string", null);
        }
        text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (!text.contentEquals(expected)) {
            throw malformed(FeedProblem.WRONG_STREAM, "\"" + field + "\" is '" + text + "' in a " + expected + " stream", null);
        }
    }

    /** The data's "s" must name the stream's symbol. */
    private void checkSymbol() throws IOException {
        if (parser.currentToken() != JsonToken.VALUE_STRING) {
            throw malformed(FeedProblem.BAD_VALUE, "\"s\" is not a string", null);
        }
        text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        if (!text.contentEquals(symbolView)) {
            throw malformed(FeedProblem.WRONG_STREAM, "\"s\" is '" + text + "' in a stream of " + symbolView, null);
        }
    }

    private boolean setSymbolFromBytes(byte[] bytes, int start, int end) throws RecordingFormatException {
        int n = end - start;
        if (n <= 0 || n > MAX_SYMBOL_CHARS) {
            throw malformed(FeedProblem.SNAPSHOT_SYMBOL, "bad symbol parameter in the URL", null);
        }
        for (int i = 0; i < n; i++) {
            symbolChars[i] = (char) (bytes[start + i] & 0xff);
        }
        symbolView.set(symbolChars, 0, n);
        return resolveSymbol();
    }

    private boolean setSymbolFromString(String symbol) throws RecordingFormatException {
        int n = symbol.length();
        if (n == 0 || n > MAX_SYMBOL_CHARS) {
            throw malformed(FeedProblem.SNAPSHOT_SYMBOL, "bad snapshot symbol '" + symbol + "'", null);
        }
        symbol.getChars(0, n, symbolChars, 0);
        symbolView.set(symbolChars, 0, n);
        return resolveSymbol();
    }

    private boolean resolveSymbol() {
        int id = symbols.idOf(symbolView);
        if (id == ReplaySymbols.UNKNOWN) {
            return false;
        }
        symbolId = id;
        priceScale = symbols.priceScale(id);
        quantityScale = symbols.quantityScale(id);
        return true;
    }

    // ------------------------------------------------------------------ the scanner (depth frames in Binance's form)

    private static final byte[] FRAME_START = ascii("{\"stream\":\"");
    private static final byte[] DEPTH = ascii("depth");
    private static final byte[] AT_100MS = ascii("@100ms");
    private static final byte[] AT_1000MS = ascii("@1000ms");
    private static final byte[] DATA_DEPTH_UPDATE = ascii("\",\"data\":{\"e\":\"depthUpdate\",\"E\":");
    private static final byte[] FIELD_S = ascii(",\"s\":\"");
    private static final byte[] FIELD_FIRST_ID = ascii("\",\"U\":");
    private static final byte[] FIELD_LAST_ID = ascii(",\"u\":");
    private static final byte[] FIELD_BIDS = ascii(",\"b\":[");
    private static final byte[] FIELD_ASKS = ascii(",\"a\":[");
    private static final byte[] FRAME_END = ascii("}}");
    private static final byte[] SNAPSHOT_START = ascii("{\"lastUpdateId\":");
    private static final byte[] SNAPSHOT_BIDS = ascii(",\"bids\":[");
    private static final byte[] SNAPSHOT_ASKS = ascii(",\"asks\":[");
    private static final byte[] LEVEL_MIDDLE = ascii("\",\"");
    /** Digits of the longest integer the scanner reads (no overflow check per digit needed). */
    private static final int MAX_INT_DIGITS = 18;
    /** Characters of the longest decimal the scanner reads, as FixedPoint's unchecked parse. */
    private static final int MAX_DECIMAL_CHARS = 18;

    /**
     * Decodes a depthUpdate frame or a depth snapshot straight from its bytes when it has exactly
     * the compact form Binance sends (its field order, no spaces, no escapes, plain decimals), and
     * the symbol is known. Returns {@link #DEPTH_DIFF} or {@link #SNAPSHOT}, or 0 for anything
     * else (another stream, another form, every malformed frame): then nothing is decided and
     * Jackson decodes the frame, naming any problem. What the scanner takes is valid JSON that
     * Jackson would decode to the same update (a test compares the two over the recordings and
     * over mutated frames). Why: docs/ARCHITECTURE.md, "Binance connector: parse-to-publish benchmark".
     */
    private int scanFrame() {
        byte[] b = inputBytes;
        at = inputStart;
        if (inputSnapshotSymbol != null && skip(b, SNAPSHOT_START)) return scanSnapshot(b);
        if (!skip(b, FRAME_START)) return 0;
        int symbolStart = at;
        int end = inputEnd;
        while (at < end && b[at] != '@') {
            byte c = b[at];
            if (!(c >= 'a' && c <= 'z' || c >= '0' && c <= '9')) return 0;
            at++;
        }
        int symbolLength = at - symbolStart;
        if (symbolLength == 0 || symbolLength > MAX_SYMBOL_CHARS || at == end) return 0;
        at++;
        if (!skip(b, DEPTH)) return 0;
        if (at < end && b[at] == '@' && !skip(b, AT_100MS) && !skip(b, AT_1000MS)) return 0;
        if (!skip(b, DATA_DEPTH_UPDATE)) return 0;
        long eventMs = scanInteger(b);
        if (eventMs < 0 || !skip(b, FIELD_S)) return 0;
        for (int i = 0; i < symbolLength; i++) {
            byte c = b[symbolStart + i];
            char upper = (char) (c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c);
            if (at == end || b[at] != upper) return 0;
            symbolChars[i] = upper;
            at++;
        }
        if (!skip(b, FIELD_FIRST_ID)) return 0;
        long first = scanInteger(b);
        if (first < 0 || !skip(b, FIELD_LAST_ID)) return 0;
        long last = scanInteger(b);
        if (last < first) return 0;
        symbolView.set(symbolChars, 0, symbolLength);
        if (!resolveSymbol()) return 0;
        BookUpdate u = update.reset(symbolId, BookUpdate.Type.DELTA);
        if (!skip(b, FIELD_BIDS) || !scanLevels(b, u, true) || !skip(b, FIELD_ASKS) || !scanLevels(b, u, false)) return 0;
        if (!skip(b, FRAME_END) || at != end) return 0;
        u.updateIds(first, last).timestamps(eventMs * 1_000_000L, inputReceiveNs);
        return DEPTH_DIFF;
    }

    /** {@code {"lastUpdateId":N,"bids":[...],"asks":[...]}} (positioned after the id's key) for the symbol given with the input. */
    private int scanSnapshot(byte[] b) {
        long last = scanInteger(b);
        if (last < 0) return 0;
        String symbol = inputSnapshotSymbol;
        int n = symbol.length();
        if (n == 0 || n > MAX_SYMBOL_CHARS) return 0;
        symbol.getChars(0, n, symbolChars, 0);
        symbolView.set(symbolChars, 0, n);
        if (!resolveSymbol()) return 0;
        BookUpdate u = update.reset(symbolId, BookUpdate.Type.SNAPSHOT);
        if (!skip(b, SNAPSHOT_BIDS) || !scanLevels(b, u, true) || !skip(b, SNAPSHOT_ASKS) || !scanLevels(b, u, false)) return 0;
        if (at == inputEnd || b[at] != '}' || ++at != inputEnd) return 0;
        u.updateIds(0, last).timestamps(0, inputReceiveNs);
        return SNAPSHOT;
    }

    /** {@code ["price","quantity"],...]} (positioned after the opening bracket) into one side of {@code u}. */
    private boolean scanLevels(byte[] b, BookUpdate u, boolean bids) {
        int end = inputEnd;
        if (at < end && b[at] == ']') {
            at++;
            return true;
        }
        for (;;) {
            if (at + 2 > end || b[at] != '[' || b[at + 1] != '"') return false;
            at += 2;
            long price = scanDecimal(b, priceScale);
            if (price < 0 || !skip(b, LEVEL_MIDDLE)) return false;
            long quantity = scanDecimal(b, quantityScale);
            if (quantity < 0 || at + 3 > end || b[at] != '"' || b[at + 1] != ']') return false;
            if (!(bids ? u.addBid(price, quantity) : u.addAsk(price, quantity))) return false; // too many: Jackson's path says so
            byte next = b[at + 2];
            at += 3;
            if (next == ']') return true;
            if (next != ',') return false;
        }
    }

    /**
     * A plain decimal up to its closing quote (not consumed): digits and at most one point, at
     * most {@link #MAX_DECIMAL_CHARS} characters, fraction digits beyond {@code scale} only zeros;
     * at {@code scale}. -1 for anything else (FixedPoint's parse, through Jackson's path, decides those).
     */
    private long scanDecimal(byte[] b, int scale) {
        int i = at;
        int limit = Math.min(inputEnd, i + MAX_DECIMAL_CHARS + 1);
        long value = 0;
        int digits = 0;
        for (; i < limit; i++) { // the integer part
            int d = b[i] - '0';
            if (d < 0 || d > 9) break;
            value = value * 10 + d;
            digits++;
        }
        int fractionDigits = 0;
        if (i < limit && b[i] == '.') {
            int fractionStart = ++i;
            if (scale >= 8 && i + 8 <= limit) { // eight fraction digits at once (Binance sends 8 decimals)
                long eight = eightDigits(b, i);
                if (eight >= 0) {
                    value = value * 100_000_000L + eight;
                    fractionDigits = 8;
                    i += 8;
                }
            }
            for (; i < limit; i++) {
                int d = b[i] - '0';
                if (d < 0 || d > 9) break;
                if (fractionDigits < scale) {
                    value = value * 10 + d;
                    fractionDigits++;
                } else if (d != 0) {
                    return -1; // not representable at the scale: refused by Jackson's path
                } // else a zero beyond the scale, as FixedPoint takes it
            }
            digits += i - fractionStart;
        }
        if (i == limit || b[i] != '"' || digits == 0) return -1;
        at = i;
        int shift = scale - fractionDigits;
        if (shift == 0) return value;
        // value < 10^digits: the product fits a long when digits + shift <= 18; else check (rare)
        long multiplier = FixedPoint.pow10(shift);
        if (digits + shift > MAX_INT_DIGITS && value > Long.MAX_VALUE / multiplier) return -1;
        return value * multiplier;
    }

    private static final java.lang.invoke.VarHandle LONG_LE = java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);

    /**
     * The value of the eight ASCII digits at {@code b[i..i+8)}, or -1 when any is not a digit
     * (one load and three multiplications instead of eight dependent ones: SWAR, after
     * Lemire, "Fast number parsing", and Mula's digit check).
     */
    static long eightDigits(byte[] b, int i) {
        long v = (long) LONG_LE.get(b, i); // the first digit in the lowest byte
        if ((v & 0xF0F0F0F0F0F0F0F0L) != 0x3030303030303030L) return -1; // every byte 0x30..0x3F
        if (((v + 0x0606060606060606L) & 0xF0F0F0F0F0F0F0F0L) != 0x3030303030303030L) return -1; // ..and at most 0x39
        v = (v & 0x0F0F0F0F0F0F0F0FL) * 2561 >>> 8; // pairs: 10 x first + second
        v = (v & 0x00FF00FF00FF00FFL) * 6553601 >>> 16; // fours
        return (v & 0x0000FFFF0000FFFFL) * 42949672960001L >>> 32; // eight
    }

    /** A JSON integer of at most 18 digits without sign or leading zero; -1 for anything else. */
    private long scanInteger(byte[] b) {
        int start = at;
        int limit = Math.min(inputEnd, start + MAX_INT_DIGITS + 1);
        long value = 0;
        int i = start;
        for (; i < limit; i++) {
            byte c = b[i];
            if (c < '0' || c > '9') break;
            value = value * 10 + (c - '0');
        }
        int digits = i - start;
        if (digits == 0 || digits > MAX_INT_DIGITS || (digits > 1 && b[start] == '0')) return -1;
        at = i;
        return value;
    }

    /** Consumes {@code expected} if the input continues with it. */
    private boolean skip(byte[] b, byte[] expected) {
        int n = expected.length;
        if (at + n > inputEnd) return false;
        for (int i = 0; i < n; i++) {
            if (b[at + i] != expected[i]) return false;
        }
        at += n;
        return true;
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }

    // ------------------------------------------------------------------ parser plumbing

    private void feed() throws IOException {
        feeder.feedInput(inputBytes, inputStart, inputEnd);
    }

    /** The next token; the line ending first means the JSON was cut short. */
    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.NOT_AVAILABLE) {
            throw malformed(FeedProblem.INVALID_JSON, "JSON ends before the object is complete (truncated line?)", null);
        }
        return t;
    }

    private void expect(JsonToken expected, String what) throws IOException {
        JsonToken t = next();
        if (t != expected) {
            throw malformed(FeedProblem.NOT_A_FRAME, "expected " + what + ", found " + t, null);
        }
    }

    /** Skips the value at the current token (a scalar, or a whole object/array). */
    private void skipValue() throws IOException {
        JsonToken t = parser.currentToken();
        if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
            int depth = 1;
            while (depth > 0) {
                t = next();
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                }
            }
        }
    }

    private void skipRestOfObject() throws IOException {
        for (JsonToken t = parser.currentToken(); t != JsonToken.END_OBJECT; t = next()) {
            if (t == JsonToken.FIELD_NAME) {
                next();
                skipValue();
            }
        }
    }

    /**
     * After the root object: the input must hold nothing else. The parser must have taken every
     * byte fed (trailing whitespace is not fed): a trailing partial token (a number, an open string)
     * would otherwise stay in the reused parser and spoil the next message.
     */
    private void endOfLine() throws IOException {
        if (!feeder.needMoreInput()) {
            throw malformed(FeedProblem.NOT_A_FRAME, "content after the JSON object", null);
        }
    }

    private RecordingFormatException malformed(FeedProblem kind, String problem, Throwable cause) {
        return new RecordingFormatException(inputName, inputNumber, kind, problem, cause);
    }
}
