package flox.connector.binance.internal.orders;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.async.ByteArrayFeeder;
import flox.connector.binance.internal.feed.CharView;
import java.io.IOException;

/**
 * One message of Binance's WebSocket API connection, read: a reply to a request
 * ({@code {"id":..,"status":..,"result":{..}|"error":{..},"rateLimits":[..]}}) or a user-data
 * event ({@code {"subscriptionId":..,"event":{..}}}, which {@link #isEvent} tells apart without
 * parsing, for {@link ExecutionReportDecoder}). The reply's {@code rateLimits} go to
 * {@link RateLimits}; of a result it keeps what order entry needs (order id, client id, order
 * status, executed quantity text, subscription id); of a list result (open orders, trades) each
 * entry's ids, prices and quantities.
 *
 * <p>One thread; reused; Jackson's non-blocking parser. No allocation per reply.
 */
public final class WsApiResponse {
    private static final int MAX_TEXT = 256;

    private final JsonFactory factory = flox.connector.binance.internal.feed.JsonInput.newFactory(); // names of bounded length: what the reused parser keeps is bounded
    private JsonParser parser;
    private ByteArrayFeeder feeder;
    private final CharView view = new CharView();

    /** The request id (our requests use whole numbers), or -1 when it was not a number. */
    public long id;
    /** HTTP-like status: 200 on success. */
    public int status;
    /** Binance's error code (negative), or 0. */
    public int errorCode;
    private final char[] msgChars = new char[MAX_TEXT];
    /** The error message (a view, valid until the next decode). */
    public final CharView msg = new CharView();
    /** {@code error.data.retryAfter}: epoch ms when a 429/418 may try again; 0 when absent. */
    public long retryAfterMs;
    /** Result fields, when present (-1 or empty otherwise). */
    public long orderId;
    public long subscriptionId;
    private final char[] clientChars = new char[64];
    public final CharView clientOrderId = new CharView();
    private final char[] statusChars = new char[32];
    public final CharView orderStatus = new CharView();
    private final char[] executedChars = new char[40];
    /** {@code executedQty} of an order result (decimal text), empty when absent. */
    public final CharView executedQty = new CharView();
    private final char[] origQtyChars = new char[40];
    public final CharView origQty = new CharView();
    private final char[] priceChars = new char[40];
    public final CharView price = new CharView();

    private long intervalNum;

    /** Most orders kept from a result that is a list ({@code openOrders.status}); more are counted in {@link #listedTotal}. */
    public static final int MAX_LISTED = 256;
    /** Orders kept from a list result (reconciliation). */
    public int listed;
    /** Orders in the list result, kept or not. */
    public int listedTotal;
    private final long[] listedOrderId = new long[MAX_LISTED];
    private final char[][] listedClientChars = new char[MAX_LISTED][64];
    private final int[] listedClientLength = new int[MAX_LISTED];
    // myTrades entries: the trade's id, time, side of the book, and its decimals as text
    private final long[] listedTradeId = new long[MAX_LISTED];
    private final long[] listedTimeMs = new long[MAX_LISTED];
    private final boolean[] listedMaker = new boolean[MAX_LISTED];
    private static final int TEXT_FIELDS = 8;
    private final char[][][] listedText = new char[TEXT_FIELDS][MAX_LISTED][40];
    private final int[][] listedTextLength = new int[TEXT_FIELDS][MAX_LISTED];
    /** Text fields of a listed trade ({@code myTrades}). */
    public static final int PRICE = 0, QTY = 1, COMMISSION = 2, COMMISSION_ASSET = 3;
    /** Text fields of a listed order ({@code openOrders.status}; its price is {@link #PRICE}). */
    public static final int ORIG_QTY = 4, EXECUTED_QTY = 5, SIDE = 6, STATUS = 7;

    /** The trade id ({@code id}) of listed entry {@code i}, or -1. */
    public long listedTradeId(int i) {
        return listedTradeId[i];
    }

    /** {@code time} of listed entry {@code i} (epoch ms), or 0. */
    public long listedTimeMs(int i) {
        return listedTimeMs[i];
    }

    /** {@code isMaker} of listed entry {@code i}. */
    public boolean listedMaker(int i) {
        return listedMaker[i];
    }

    /** Text field {@code field} ({@link #PRICE}, {@link #QTY}, ...) of listed entry {@code i}, as a view into {@code into}. */
    public CharView listedText(int i, int field, CharView into) {
        return into.set(listedText[field][i], 0, listedTextLength[field][i]);
    }

    /** The venue's order id of listed order {@code i}. */
    public long listedOrderId(int i) {
        return listedOrderId[i];
    }

    /** The client id of listed order {@code i}, as a view into {@code into} (valid until the next decode). */
    public CharView listedClientOrderId(int i, CharView into) {
        return into.set(listedClientChars[i], 0, listedClientLength[i]);
    }

    public WsApiResponse() {
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

    /** True when the message is a user-data event (its first field is {@code subscriptionId} or {@code event}). No allocation. */
    public static boolean isEvent(byte[] buf, int start, int end) {
        int i = start;
        while (i < end && buf[i] != '"') i++;
        return startsWith(buf, i + 1, end, "subscriptionId\"") || startsWith(buf, i + 1, end, "event\"");
    }

    private static boolean startsWith(byte[] buf, int at, int end, String s) {
        if (end - at < s.length()) return false;
        for (int i = 0; i < s.length(); i++) if (buf[at + i] != s.charAt(i)) return false;
        return true;
    }

    /**
     * Reads a reply, bytes {@code [start, end)} of {@code buf}; its rate limits are reported to
     * {@code limits} at wall-clock {@code nowMs}.
     *
     * @throws IOException when it is not a reply (JSON cut short, no status)
     */
    public void decode(byte[] buf, int start, int end, RateLimits limits, long nowMs) throws IOException {
        id = -1;
        status = 0;
        errorCode = 0;
        msg.set(msgChars, 0, 0);
        retryAfterMs = 0;
        orderId = -1;
        subscriptionId = -1;
        clientOrderId.set(clientChars, 0, 0);
        orderStatus.set(statusChars, 0, 0);
        executedQty.set(executedChars, 0, 0);
        origQty.set(origQtyChars, 0, 0);
        price.set(priceChars, 0, 0);
        listed = 0;
        listedTotal = 0;
        boolean ok = false;
        try {
            feeder.feedInput(buf, start, flox.connector.binance.internal.feed.JsonInput.trimEnd(buf, start, end));
            if (next() != JsonToken.START_OBJECT) throw new ApiProblem.Unreadable(ApiProblem.NOT_A_MESSAGE, "a WebSocket API reply is a JSON object");
            for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
                String name = name(t);
                JsonToken v = next();
                switch (name) {
                    case "id": id = v == JsonToken.VALUE_NUMBER_INT ? parser.getLongValue() : -1; skip(v); break;
                    case "status": status = (int) whole(v, "status"); break;
                    case "result":
                        if (v == JsonToken.START_OBJECT) result();
                        else if (v == JsonToken.START_ARRAY) resultList();
                        else skip(v);
                        break;
                    case "error": if (v == JsonToken.START_OBJECT) error(); else skip(v); break;
                    case "rateLimits": if (v == JsonToken.START_ARRAY) rateLimits(limits, nowMs); else skip(v); break;
                    default: skip(v);
                }
            }
            // every byte fed must be taken: a trailing partial token would stay in the reused parser
            if (!feeder.needMoreInput()) throw new ApiProblem.Unreadable(ApiProblem.NOT_A_MESSAGE, "content after the JSON object");
            ok = true;
        } finally {
            if (!ok) {
                parser.close();
                newParser();
            }
        }
        if (status == 0) throw new ApiProblem.Unreadable(ApiProblem.MISSING_FIELD, "a WebSocket API reply without \"status\"");
    }

    private void result() throws IOException {
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            String name = name(t);
            JsonToken v = next();
            switch (name) {
                case "orderId": orderId = whole(v, "orderId"); break;
                case "subscriptionId": subscriptionId = whole(v, "subscriptionId"); break;
                case "clientOrderId": if (string(v)) copy(clientChars, clientOrderId); break;
                case "status": if (string(v)) copy(statusChars, orderStatus); break;
                case "executedQty": if (string(v)) copy(executedChars, executedQty); break;
                case "origQty": if (string(v)) copy(origQtyChars, origQty); break;
                case "price": if (string(v)) copy(priceChars, price); break;
                default: skip(v);
            }
        }
    }

    /** A result that is a list of orders or trades: ids, times and the text fields named above. */
    private void resultList() throws IOException {
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            if (t != JsonToken.START_OBJECT) {
                skip(t);
                continue;
            }
            int i = listedTotal++;
            boolean keep = i < MAX_LISTED;
            if (keep) {
                listedOrderId[i] = -1;
                listedClientLength[i] = 0;
                listedTradeId[i] = -1;
                listedTimeMs[i] = 0;
                listedMaker[i] = false;
                for (int field = 0; field < TEXT_FIELDS; field++) listedTextLength[field][i] = 0;
            }
            for (JsonToken f = next(); f != JsonToken.END_OBJECT; f = next()) {
                String name = name(f);
                JsonToken v = next();
                if (keep && name.equals("orderId") && v == JsonToken.VALUE_NUMBER_INT) {
                    listedOrderId[i] = parser.getLongValue();
                } else if (keep && name.equals("clientOrderId") && v == JsonToken.VALUE_STRING) {
                    int n = Math.min(parser.getTextLength(), 64);
                    System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), listedClientChars[i], 0, n);
                    listedClientLength[i] = n;
                } else if (keep && name.equals("id") && v == JsonToken.VALUE_NUMBER_INT) {
                    listedTradeId[i] = parser.getLongValue();
                } else if (keep && name.equals("time") && v == JsonToken.VALUE_NUMBER_INT) {
                    listedTimeMs[i] = parser.getLongValue();
                } else if (keep && name.equals("isMaker")) {
                    listedMaker[i] = v == JsonToken.VALUE_TRUE;
                } else if (keep && v == JsonToken.VALUE_STRING && textField(name) >= 0) {
                    int field = textField(name);
                    int n = Math.min(parser.getTextLength(), 40);
                    System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), listedText[field][i], 0, n);
                    listedTextLength[field][i] = n;
                } else {
                    skip(v);
                }
            }
            if (keep) listed++;
        }
    }

    private static int textField(String name) {
        switch (name) {
            case "price": return PRICE;
            case "qty": return QTY;
            case "commission": return COMMISSION;
            case "commissionAsset": return COMMISSION_ASSET;
            case "origQty": return ORIG_QTY;
            case "executedQty": return EXECUTED_QTY;
            case "side": return SIDE;
            case "status": return STATUS;
            default: return -1;
        }
    }

    private void error() throws IOException {
        for (JsonToken t = next(); t != JsonToken.END_OBJECT; t = next()) {
            String name = name(t);
            JsonToken v = next();
            switch (name) {
                case "code": errorCode = (int) whole(v, "code"); break;
                case "msg": if (string(v)) copy(msgChars, msg); break;
                case "data":
                    if (v != JsonToken.START_OBJECT) {
                        skip(v);
                        break;
                    }
                    for (JsonToken d = next(); d != JsonToken.END_OBJECT; d = next()) {
                        String dn = name(d);
                        JsonToken dv = next();
                        if (dn.equals("retryAfter") && dv == JsonToken.VALUE_NUMBER_INT) retryAfterMs = parser.getLongValue();
                        else skip(dv);
                    }
                    break;
                default: skip(v);
            }
        }
    }

    private void rateLimits(RateLimits limits, long nowMs) throws IOException {
        for (JsonToken t = next(); t != JsonToken.END_ARRAY; t = next()) {
            if (t != JsonToken.START_OBJECT) {
                skip(t);
                continue;
            }
            int type = -1;
            long window = -1;
            long lim = 0;
            long used = 0;
            for (JsonToken f = next(); f != JsonToken.END_OBJECT; f = next()) {
                String name = name(f);
                JsonToken v = next();
                switch (name) {
                    case "rateLimitType": if (string(v)) type = RateLimits.typeOf(text()); break;
                    case "interval": if (string(v)) window = RateLimits.windowMsOf(text(), 1); break;
                    case "intervalNum": intervalNum = whole(v, "intervalNum"); break;
                    case "limit": lim = whole(v, "limit"); break;
                    case "count": used = whole(v, "count"); break;
                    default: skip(v);
                }
            }
            if (window > 0 && intervalNum > 0) limits.report(type, window * intervalNum, lim, used, nowMs);
            intervalNum = 0;
        }
    }

    /** The current field's name; refuses anything else where a field must come. */
    private String name(JsonToken t) throws IOException {
        if (t != JsonToken.FIELD_NAME) throw new ApiProblem.Unreadable(ApiProblem.NOT_A_MESSAGE, "unexpected " + t + " where a field name must come");
        return parser.currentName();
    }

    /** True when {@code v} is a string; otherwise skips it (a value of another type where a string must be: ignored). */
    private boolean string(JsonToken v) throws IOException {
        if (v == JsonToken.VALUE_STRING) return true;
        skip(v);
        return false;
    }

    private long whole(JsonToken v, String field) throws IOException {
        if (v != JsonToken.VALUE_NUMBER_INT) throw new ApiProblem.Unreadable(ApiProblem.BAD_VALUE, "\"" + field + "\" is not a whole number");
        return parser.getLongValue();
    }

    private CharView text() throws IOException {
        return view.set(parser.getTextCharacters(), parser.getTextOffset(), parser.getTextLength());
    }

    private void copy(char[] into, CharView target) throws IOException {
        int n = Math.min(parser.getTextLength(), into.length);
        System.arraycopy(parser.getTextCharacters(), parser.getTextOffset(), into, 0, n);
        target.set(into, 0, n);
    }

    private JsonToken next() throws IOException {
        JsonToken t = parser.nextToken();
        if (t == null || t == JsonToken.NOT_AVAILABLE) throw new ApiProblem.Unreadable(ApiProblem.INVALID_JSON, "JSON ends before the object is complete");
        return t;
    }

    private void skip(JsonToken t) throws IOException {
        if (t != JsonToken.START_OBJECT && t != JsonToken.START_ARRAY) return;
        int depth = 1;
        while (depth > 0) {
            JsonToken n = next();
            if (n == JsonToken.START_OBJECT || n == JsonToken.START_ARRAY) depth++;
            else if (n == JsonToken.END_OBJECT || n == JsonToken.END_ARRAY) depth--;
        }
    }
}
