package flox.connector.binance.internal.orders;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
import flox.api.num.FixedPoint;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.connector.binance.internal.feed.CharView;
import flox.connector.binance.internal.feed.ReplaySymbols;
import java.io.IOException;
import java.math.RoundingMode;

/**
 * Binance's user-data {@code executionReport} (wrapped as the WebSocket API delivers it,
 * {@code {"subscriptionId":n,"event":{...}}}, or bare) into an {@link ExecutionEvent}, by the
 * table in docs/ARCHITECTURE.md (Binance connector). The order status {@code X} and the
 * cumulative quantity {@code z} are the truth; the execution type {@code x} only tells a fill
 * ({@code TRADE}) and a self-trade prevention from the rest.
 *
 * <p>One thread (the user-data connection's). Jackson's non-blocking parser, reused; no
 * allocation per report but the first sight of a fee asset (kept for reuse) and messages.
 */
public final class ExecutionReportDecoder {
    /** {@link #decode} results. */
    public static final int REPORT = 1;
    /** A user-data event other than executionReport (balances, account, order list): nothing to apply. */
    public static final int OTHER_EVENT = 2;
    /** An executionReport of an order without this run's client id prefix: counted, handled by the foreign-order policy. */
    public static final int NOT_OURS = 3;
    /** An executionReport for a symbol the registry does not hold under this exchange. */
    public static final int UNKNOWN_SYMBOL = 4;
    /** An executionReport that changes nothing Flox tracks (a self-trade prevention on a live order), counted. */
    public static final int NO_CHANGE = 5;
    /** {@code {"event":{"e":"serverShutdown",..}}}: the venue will close this connection soon. */
    public static final int SERVER_SHUTDOWN = 6;

    private static final int MAX_ASSETS = 64;
    /** Longest fee asset kept for reuse (Binance's are a few characters); a longer one is decoded, not kept. */
    private static final int MAX_ASSET_CHARS = 32;

    private final JsonFactory factory = flox.connector.binance.internal.feed.JsonInput.newFactory(); // names of bounded length: what the reused parser keeps is bounded
    private final ReplaySymbols symbols;
    private final BinanceClientIds ids;
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private final CharView text = new CharView();
    private final char[] symbolChars = new char[32];
    private final CharView symbol = new CharView();
    private final char[] clientChars = new char[BinanceClientIds.MAX_LENGTH];
    private final char[] origClientChars = new char[BinanceClientIds.MAX_LENGTH];
    private final CharView client = new CharView();
    private final CharView origClient = new CharView();
    private final String[] assets = new String[MAX_ASSETS];
    private int assetCount;

    /** The event filled by the last {@link #REPORT}. */
    public final ExecutionEvent event = new ExecutionEvent();
    /** The venue's client id of the last NOT_OURS report ("c", or "C" for a cancel), for the message. */
    private String foreignId;
    private volatile boolean adopting;

    // fields of the report being read
    private boolean isExecutionReport;
    private boolean serverShutdown;
    private int symbolId;
    private Side side;
    private String x;
    private String status;
    private String reason;
    private long price;
    private long quantity;
    private long lastPrice;
    private long lastQuantity;
    private long cumulative;
    private long fee;
    private String feeAsset;
    private boolean maker;
    private long orderId;
    private long tradeId;
    private long transactionMs;
    private boolean haveClient;
    private boolean haveOrigClient;
    private boolean symbolKnown;
    private String problem;

    public ExecutionReportDecoder(ReplaySymbols symbols, BinanceClientIds ids) {
        this.symbols = symbols;
        this.ids = ids;
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

    /**
     * Decodes one user-data message, bytes {@code [start, end)} of {@code buf}, received at
     * {@code receiveNs} (host monotonic).
     *
     * @return {@link #REPORT} (then {@link #event} holds it), or another result constant
     * @throws IOException when the message is not JSON or an executionReport lacks a field it needs (named)
     */
    public int decode(byte[] buf, int start, int end, long receiveNs) throws IOException {
        reset();
        boolean ok = false;
        try {
            feeder.feedInput(buf, start, flox.connector.binance.internal.feed.JsonInput.trimEnd(buf, start, end));
            expect(JsonToken.START_OBJECT);
            readObject(true);
            // every byte fed must be taken: a trailing partial token would stay in the reused parser
            if (!feeder.needMoreInput()) throw new ApiProblem.Unreadable(ApiProblem.NOT_A_MESSAGE, "content after the JSON object");
            ok = true;
        } finally {
            if (!ok) {
                parser.close();
                newParser();
            }
        }
        if (serverShutdown) return SERVER_SHUTDOWN;
        if (!isExecutionReport) return OTHER_EVENT;
        if (problem != null) throw new ApiProblem.Unreadable(ApiProblem.BAD_VALUE, "executionReport: " + problem);
        return build(receiveNs);
    }

    /**
     * Adopting foreign orders ({@code foreign.orders = adopt}): a report of another's order is
     * decoded as a REPORT under its {@link BinanceClientIds#adoptedId} (the caller adopts it
     * when the tracker does not hold it yet), rather than NOT_OURS. Set before decoding starts.
     */
    public void adopting(boolean on) {
        this.adopting = on;
    }

    /** The venue's order id of the last {@link #NOT_OURS} report. */
    public long foreignOrderId() {
        return orderId;
    }

    /** The symbol id of the last {@link #NOT_OURS} report, or -1 when the symbol is not registered here. */
    public int foreignSymbolId() {
        return symbolKnown ? symbolId : -1;
    }

    /** True when the last {@link #NOT_OURS} report is of an order still open at the venue (NEW, PARTIALLY_FILLED). */
    public boolean foreignIsOpen() {
        return "NEW".equals(status) || "PARTIALLY_FILLED".equals(status) || "PENDING_NEW".equals(status);
    }

    /** The trade id ({@code t}) of the last report, ours or not; -1 when it was no trade. */
    public long tradeId() {
        return tradeId;
    }

    /** The venue's client id of the last {@link #NOT_OURS} report (allocates: for messages). */
    public String foreignClientId() {
        return foreignId;
    }

    private void reset() {
        isExecutionReport = false;
        serverShutdown = false;
        symbolId = -1;
        side = null;
        x = null;
        status = null;
        reason = null;
        price = quantity = lastPrice = lastQuantity = cumulative = fee = 0;
        feeAsset = null;
        maker = false;
        orderId = 0;
        tradeId = -1;
        transactionMs = 0;
        haveClient = haveOrigClient = false;
        symbolKnown = false;
        problem = null;
        foreignId = null;
    }

    /** Reads an object's fields; at the top level an "event" object is the wrapped event. */
    private void readObject(boolean top) throws IOException {
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            if (t != JsonToken.FIELD_NAME) throw new ApiProblem.Unreadable(ApiProblem.NOT_A_MESSAGE, "unexpected " + t);
            String name = parser.currentName();
            JsonToken v = next();
            if (top && name.equals("event") && v == JsonToken.START_OBJECT) {
                readObject(false);
                continue;
            }
            if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
                skip();
                continue;
            }
            field(name, v);
        }
    }

    private void field(String name, JsonToken v) throws IOException {
        if (name.length() != 1) return; // executionReport's fields are one letter (eR, pl, pL... are not used)
        switch (name.charAt(0)) {
            case 'e':
                isExecutionReport = textEquals("executionReport");
                serverShutdown = !isExecutionReport && textEquals("serverShutdown");
                break;
            case 's': symbol(); break;
            case 'c': haveClient = copy(clientChars, client); break;
            case 'C': haveOrigClient = v == JsonToken.VALUE_STRING && copy(origClientChars, origClient); break;
            case 'S': side = textEquals("BUY") ? Side.BUY : textEquals("SELL") ? Side.SELL : null; break;
            case 'x': x = constant(X_TYPES); break;
            case 'X': status = constant(STATUSES); break;
            case 'r': reason = constant(REASONS); break;
            case 'p': price = decimal("p"); break;
            case 'q': quantity = decimal("q"); break;
            case 'l': lastQuantity = decimal("l"); break;
            case 'L': lastPrice = decimal("L"); break;
            case 'z': cumulative = decimal("z"); break;
            case 'n': fee = v == JsonToken.VALUE_NULL ? 0 : feeDecimal(); break;
            case 'N': feeAsset = v == JsonToken.VALUE_NULL ? null : asset(); break;
            case 'm': maker = v == JsonToken.VALUE_TRUE; break;
            case 'i': orderId = parser.getLongValue(); break;
            case 't': tradeId = parser.getLongValue(); break;
            case 'T': transactionMs = parser.getLongValue(); break;
            default: break;
        }
    }

    private static final String[] X_TYPES = {"NEW", "CANCELED", "REPLACED", "REJECTED", "TRADE", "EXPIRED", "TRADE_PREVENTION"};
    private static final String[] STATUSES = {"NEW", "PENDING_NEW", "PARTIALLY_FILLED", "FILLED", "CANCELED", "PENDING_CANCEL", "REJECTED",
            "EXPIRED", "EXPIRED_IN_MATCH"};
    private static final String[] REASONS = {"NONE", "INSUFFICIENT_BALANCES", "WOULD_MATCH_IMMEDIATELY", "STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY",
            "UNKNOWN_ORDER", "DUPLICATE_ORDER", "ORDER_WOULD_TRIGGER_IMMEDIATELY"};

    /** The constant of {@code table} equal to the current text, or "OTHER" (a value Binance added later). */
    private String constant(String[] table) throws IOException {
        for (String c : table) if (textEquals(c)) return c;
        return "OTHER";
    }

    private boolean textEquals(String s) throws IOException {
        text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        return text.contentEquals(s);
    }

    private boolean copy(char[] into, CharView view) throws IOException {
        int n = parser.getTextLength();
        if (n > into.length) { // longer than Binance allows: cannot be ours
            view.set(into, 0, 0);
            return true;
        }
        System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), into, 0, n);
        view.set(into, 0, n);
        return true;
    }

    private void symbol() throws IOException {
        int n = Math.min(parser.getTextLength(), symbolChars.length);
        System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), symbolChars, 0, n);
        symbol.set(symbolChars, 0, n);
        int id = symbols.idOf(symbol);
        symbolKnown = id != ReplaySymbols.UNKNOWN;
        symbolId = id;
    }

    /** A price or quantity at the symbol's scale (Binance's are exact at 8 decimals). */
    private long decimal(String field) throws IOException {
        int scale = symbolKnown ? (field.equals("p") || field.equals("L") ? symbols.priceScale(symbolId) : symbols.quantityScale(symbolId)) : 8;
        char[] c = parser.getTextCharacters();
        int off = parser.getTextOffset();
        long v = FixedPoint.parse(text.set(c, off, parser.getTextLength()), scale);
        if (v == FixedPoint.INVALID && problem == null) problem = "\"" + field + "\" '" + text + "' is not a decimal at scale " + scale;
        return v == FixedPoint.INVALID ? 0 : v;
    }

    /** The commission at 8 decimals, rounded up (a fee paid is never understated). */
    private long feeDecimal() throws IOException {
        text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        long v = FixedPoint.parse(text, 0, text.length(), 8, RoundingMode.UP);
        if (v == FixedPoint.INVALID && problem == null) problem = "\"n\" '" + text + "' is not a decimal";
        return v == FixedPoint.INVALID ? 0 : v;
    }

    private String asset() throws IOException {
        text.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
        for (int i = 0; i < assetCount; i++) if (text.contentEquals(assets[i])) return assets[i];
        String a = text.toString();
        if (assetCount < MAX_ASSETS && a.length() <= MAX_ASSET_CHARS) assets[assetCount++] = a; // kept: a real asset's name, bounded
        return a;
    }

    /** Fills {@link #event} by the mapping table; the result constant. */
    private int build(long receiveNs) throws IOException {
        if (x == null || status == null || side == null || !haveClient) {
            throw new ApiProblem.Unreadable(ApiProblem.MISSING_FIELD, "executionReport without " + (x == null ? "\"x\"" : status == null ? "\"X\"" : side == null ? "\"S\"" : "\"c\""));
        }
        boolean cancel = x.equals("CANCELED") || status.equals("CANCELED");
        // a cancel's "c" is the cancel request's id; the order's own id is "C"
        CharView own = cancel && haveOrigClient && origClient.length() > 0 ? origClient : client;
        long id = ids.parse(own);
        if (id == BinanceClientIds.NOT_OURS) { // another's: an adopted order's id when adopting, else not ours
            id = adopting && symbolKnown ? BinanceClientIds.adoptedId(symbolId, orderId) : BinanceClientIds.NOT_OURS;
            if (id == BinanceClientIds.NOT_OURS) {
                foreignId = own.toString();
                return NOT_OURS;
            }
        }
        if (!symbolKnown) return UNKNOWN_SYMBOL;
        ExecType type;
        OrderStatus venue = null;
        RejectReason why = RejectReason.NONE;
        boolean done;
        switch (status) {
            case "NEW":
            case "PENDING_NEW":
                type = ExecType.ACCEPTED;
                done = false;
                break;
            case "PARTIALLY_FILLED":
                type = ExecType.PARTIALLY_FILLED;
                done = false;
                break;
            case "FILLED":
                type = ExecType.FILLED;
                done = true;
                break;
            case "CANCELED":
                type = ExecType.CANCELED;
                done = true;
                break;
            case "PENDING_CANCEL":
                type = ExecType.PENDING_CANCEL;
                done = false;
                break;
            case "REJECTED":
                type = ExecType.REJECTED;
                why = reason();
                done = true;
                break;
            case "EXPIRED":
                type = ExecType.EXPIRED;
                done = true;
                break;
            case "EXPIRED_IN_MATCH":
                type = ExecType.EXPIRED;
                why = RejectReason.SELF_TRADE_PREVENTION;
                done = true;
                break;
            default:
                throw new ApiProblem.Unreadable(ApiProblem.BAD_VALUE, "executionReport with an order status Flox does not know (\"X\")");
        }
        if (x.equals("TRADE_PREVENTION") && !done) return NO_CHANGE; // part of the order was prevented; it stays live as it was
        if (x.equals("REPLACED")) { // an amend (order.amend.keepPriority) by another program: the venue's view, as a correction
            venue = status.equals("PARTIALLY_FILLED") ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
            type = ExecType.RESTATED;
        }
        ExecutionEvent e = event.reset(type, id, symbolId, side);
        e.order(price, quantity).exchangeOrderId(orderId).timestamps(transactionMs * 1_000_000L, receiveNs);
        e.leaves(done ? 0 : Math.max(0, quantity - cumulative));
        if (venue != null) e.venueStatus(venue);
        if (x.equals("TRADE")) {
            e.fill(lastPrice, lastQuantity, cumulative).execId(tradeId).liquidity(maker ? Liquidity.MAKER : Liquidity.TAKER);
            e.fee(fee, 8, feeAsset);
        } else {
            e.fill(0, 0, cumulative);
        }
        if (why != RejectReason.NONE) e.reason(why, reason);
        return REPORT;
    }

    private RejectReason reason() {
        switch (reason == null ? "NONE" : reason) {
            case "INSUFFICIENT_BALANCES": return RejectReason.INSUFFICIENT_BALANCE;
            case "WOULD_MATCH_IMMEDIATELY": return RejectReason.WOULD_TAKE_LIQUIDITY;
            case "DUPLICATE_ORDER": return RejectReason.DUPLICATE_ORDER_ID;
            case "UNKNOWN_ORDER": return RejectReason.UNKNOWN_ORDER;
            default: return RejectReason.VENUE_REJECT;
        }
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.NOT_AVAILABLE) throw new ApiProblem.Unreadable(ApiProblem.INVALID_JSON, "JSON ends before the object is complete");
        return t;
    }

    private void expect(JsonToken token) throws IOException {
        JsonToken t = next();
        if (t != token) throw new ApiProblem.Unreadable(ApiProblem.NOT_A_MESSAGE, "expected " + token + ", found " + t);
    }

    private void skip() throws IOException {
        int depth = 1;
        while (depth > 0) {
            JsonToken t = next();
            if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
            else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
        }
    }
}
