package flox.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The fake's WebSocket API ({@code /ws-api/v3}): signed requests, orders matched against the
 * fake's own book and recorded trades, user-data events to subscribed connections, API faults.
 * One account: every known API key trades it, every subscription gets all its events.
 *
 * <p>Called by {@link ApiClient} on Jetty's threads and by {@link FakeBinance}'s player thread
 * (diffs, trades); all state is guarded by the fake's lock, and replies and events are written
 * under it, so a connection sees them in the order the fake decided. Counters are concurrent.
 * Allocates freely (a test tool).
 */
final class OrderApi {
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    static final int WEIGHT_LIMIT = 6000;
    static final int ORDERS_10S_LIMIT = 50;
    static final int ORDERS_1D_LIMIT = 160_000;
    private static final BigDecimal TEN_THOUSAND = BigDecimal.valueOf(10_000);

    /** An API key: HMAC-SHA256 with {@code secret}, or Ed25519 with {@code publicKey}. */
    record Key(String apiKey, String hmacSecret, PublicKey ed25519) {
    }

    /** What the fake enforces of a symbol's exchangeInfo entry (null: no such filter). */
    record Rules(String symbol, String base, String quote, BigDecimal minPrice, BigDecimal maxPrice, BigDecimal tick,
                 BigDecimal lotMin, BigDecimal lotMax, BigDecimal lotStep, BigDecimal mktMin, BigDecimal mktMax, BigDecimal mktStep,
                 BigDecimal minNotional, boolean minNotionalToMarket, BigDecimal notionalMin, BigDecimal notionalMax,
                 boolean notionalMinToMarket) {
        static Rules of(JsonNode s) {
            BigDecimal[] v = new BigDecimal[13];
            boolean[] m = new boolean[2];
            for (JsonNode f : s.path("filters")) {
                switch (f.path("filterType").asText()) {
                    case "PRICE_FILTER" -> { v[0] = dec(f, "minPrice"); v[1] = dec(f, "maxPrice"); v[2] = dec(f, "tickSize"); }
                    case "LOT_SIZE" -> { v[3] = dec(f, "minQty"); v[4] = dec(f, "maxQty"); v[5] = dec(f, "stepSize"); }
                    case "MARKET_LOT_SIZE" -> { v[6] = dec(f, "minQty"); v[7] = dec(f, "maxQty"); v[8] = dec(f, "stepSize"); }
                    case "MIN_NOTIONAL" -> { v[9] = dec(f, "minNotional"); m[0] = f.path("applyToMarket").asBoolean(false); }
                    case "NOTIONAL" -> { v[10] = dec(f, "minNotional"); v[11] = dec(f, "maxNotional"); m[1] = f.path("applyMinToMarket").asBoolean(false); }
                    default -> { }
                }
            }
            return new Rules(s.path("symbol").asText(), s.path("baseAsset").asText(), s.path("quoteAsset").asText(),
                    v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9], m[0], v[10], v[11], m[1]);
        }

        private static BigDecimal dec(JsonNode f, String name) {
            JsonNode n = f.get(name);
            return n == null || n.isNull() ? null : new BigDecimal(n.asText());
        }
    }

    /** An order as the fake holds it. */
    private static final class Order {
        long id;
        String symbol;
        String origClientId;
        String clientId;
        String side;
        String type;
        String tif;
        BigDecimal price = BigDecimal.ZERO;
        BigDecimal stopPrice = BigDecimal.ZERO;
        BigDecimal qty;
        BigDecimal executed = BigDecimal.ZERO;
        BigDecimal quote = BigDecimal.ZERO;
        String status = "NEW";
        long time;
        long updateTime;
        long workingTime = -1;
        boolean working;
        boolean triggered;
        String quoteAsset;
        /** Its trades, for {@code myTrades}. */
        final List<ObjectNode> trades = new ArrayList<>();

        boolean buy() { return "BUY".equals(side); }
        boolean open() { return "NEW".equals(status) || "PARTIALLY_FILLED".equals(status); }
        BigDecimal remaining() { return qty.subtract(executed); }
        boolean stop() { return type.startsWith("STOP_LOSS"); }
    }

    private record Fill(BigDecimal price, BigDecimal qty, BigDecimal commission, long tradeId) {
    }

    /** An error reply: status, code, message, optional data. */
    private record Err(int status, int code, String msg, ObjectNode data) {
        Err(int status, int code, String msg) { this(status, code, msg, null); }
    }

    /** A validated new order, not yet on the book. */
    private record Spec(Rules rules, String side, String type, String tif, BigDecimal price, BigDecimal stopPrice, BigDecimal qty,
                        String clientId, String respType) {
    }

    private final FakeBinance fake;
    private final Object lock;
    private final Map<String, Key> keys;
    private final Map<String, Rules> rules;
    private final BigDecimal makerBps;
    private final BigDecimal takerBps;

    // guarded by lock
    private final Set<ApiClient> clients = new LinkedHashSet<>();
    private final Map<Long, Order> orders = new LinkedHashMap<>();
    private final Map<String, Order> byOrigClientId = new HashMap<>();
    private final Map<String, Map<BigDecimal, BigDecimal>> consumedBids = new HashMap<>();
    private final Map<String, Map<BigDecimal, BigDecimal>> consumedAsks = new HashMap<>();
    private final Map<String, BigDecimal> lastTradePrice = new HashMap<>();
    private final ArrayDeque<Fault> armed = new ArrayDeque<>();
    private int insufficientArmed;
    private final ArrayDeque<Fault.ApiFilterFailure> filterFailuresArmed = new ArrayDeque<>();
    private int duplicateArmed;
    private int fillBeforeNewArmed;
    private int malformedFillArmed;
    private final Map<Long, String> heldNew = new HashMap<>();
    private final List<String> pending = new ArrayList<>();
    private long nextOrderId = 1;
    private long nextTradeId = 1;
    private long nextExecutionId = 1;
    private long nextClientId = 1;
    private long orders10sWindow = -1;
    private long orders10s;
    private long orders1dWindow = -1;
    private long orders1d;

    // counters
    final LongAdder requests = new LongAdder();
    /** Pongs on API connections that echoed one of the fake's pings. */
    final LongAdder pongsReceived = new LongAdder();
    final Map<String, LongAdder> requestsByMethod = new ConcurrentHashMap<>();
    final LongAdder ordersPlaced = new LongAdder();
    final LongAdder ordersRejected = new LongAdder();
    final LongAdder ordersCanceled = new LongAdder();
    final LongAdder ordersExpired = new LongAdder();
    final LongAdder fills = new LongAdder();
    final LongAdder userDataEventsSent = new LongAdder();
    final LongAdder connectionsOpened = new LongAdder();
    private final Map<Fault.Kind, LongAdder> faultsFired;

    OrderApi(FakeBinance fake, Object lock, List<Key> keys, Map<String, Rules> rules, BigDecimal makerBps, BigDecimal takerBps,
             Map<Fault.Kind, LongAdder> faultsFired) {
        this.fake = fake;
        this.lock = lock;
        this.keys = new HashMap<>();
        keys.forEach(k -> this.keys.put(k.apiKey(), k));
        this.rules = rules;
        this.makerBps = makerBps;
        this.takerBps = takerBps;
        this.faultsFired = faultsFired;
    }

    // ------------------------------------------------------------------ connections

    void opened(ApiClient c) {
        fake.addWeight(2); // the docs: opening a connection costs 2 weight
        synchronized (lock) {
            clients.add(c);
        }
        connectionsOpened.increment();
    }

    void closed(ApiClient c) {
        synchronized (lock) {
            clients.remove(c);
        }
    }

    void pongReceived() {
        pongsReceived.increment();
        fake.pongReceived();
    }

    /** A copy of the open API connections (for pings and the serverShutdown event). */
    List<ApiClient> clients() {
        synchronized (lock) {
            return List.copyOf(clients);
        }
    }

    int connectionsOpen() {
        synchronized (lock) {
            return clients.size();
        }
    }

    // ------------------------------------------------------------------ faults

    /** Guarded by the lock: the armed stop-reading fault, or null. */
    private Fault.ApiStopReading stopReadingArmed;

    /** Under the lock: arms an API fault, or fires it now (disconnect). */
    void arm(Fault f) {
        switch (f.kind()) {
            case API_DISCONNECT -> {
                Fault.ApiDisconnect d = (Fault.ApiDisconnect) f;
                fired(f);
                for (ApiClient c : List.copyOf(clients)) {
                    c.close(d.code(), d.reason());
                }
            }
            case API_STOP_READING -> stopReadingArmed = (Fault.ApiStopReading) f;
            case API_INSUFFICIENT_BALANCE -> insufficientArmed++;
            case API_FILTER_FAILURE -> filterFailuresArmed.add((Fault.ApiFilterFailure) f);
            case USER_DATA_DUPLICATE -> duplicateArmed++;
            case USER_DATA_FILL_BEFORE_NEW -> fillBeforeNewArmed++;
            case USER_DATA_MALFORMED_FILL -> malformedFillArmed++;
            default -> armed.add(f);
        }
    }

    private void fired(Fault f) {
        faultsFired.get(f.kind()).increment();
    }

    private Fault takeArmed(Predicate<Fault> match) {
        for (Iterator<Fault> it = armed.iterator(); it.hasNext(); ) {
            Fault f = it.next();
            if (match.test(f)) {
                it.remove();
                return f;
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ requests

    void handle(ApiClient c, String text) {
        if (c.stopped()) return; // a connection that stopped reading: what it reads later is dropped
        Fault.ApiStopReading stop;
        synchronized (lock) {
            stop = stopReadingArmed;
            stopReadingArmed = null;
            if (stop != null) fired(stop);
        }
        if (stop != null) {
            c.stopReading(stop.stallMs()); // holds Jetty's reading of this connection: its socket buffers fill
            return;
        }
        requests.increment();
        JsonNode rq;
        try {
            rq = FakeBinance.JSON.readTree(text);
        } catch (Exception e) {
            rq = null;
        }
        synchronized (lock) {
            if (rq == null || !rq.isObject()) {
                reply(c, NullNode.instance, new Err(400, -2, "fake: not a JSON object"), null, fake.addWeight(1), false);
                return;
            }
            JsonNode id = rq.has("id") ? rq.get("id") : NullNode.instance;
            String method = rq.path("method").asText("");
            requestsByMethod.computeIfAbsent(method, m -> new LongAdder()).increment();
            JsonNode params = rq.path("params");
            boolean rateLimits = c.returnRateLimits && !(params.has("returnRateLimits") && "false".equals(text(params, "returnRateLimits")));
            boolean ordersCounted = method.equals("order.place") || method.equals("order.cancelReplace");
            long weight = fake.addWeight(weight(method, params));
            if (ordersCounted) {
                countOrder();
            }
            Fault refused = takeArmed(f -> (f instanceof Fault.ApiRateLimited r && (r.method() == null || r.method().equals(method)))
                    || f instanceof Fault.ApiBanned);
            if (refused != null) {
                fired(refused);
                long now = fake.nowMs();
                ObjectNode data = NODES.objectNode().put("serverTime", now);
                if (refused instanceof Fault.ApiRateLimited r) {
                    data.put("retryAfter", now + r.retryAfterMs());
                    reply(c, id, new Err(429, -1003, "Too much request weight used; current limit is " + WEIGHT_LIMIT
                            + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.", data),
                            null, weight, rateLimits && ordersCounted, rateLimits);
                } else {
                    long until = now + ((Fault.ApiBanned) refused).retryAfterMs();
                    data.put("retryAfter", until);
                    reply(c, id, new Err(418, -1003, "Way too much request weight used; IP banned until " + until
                            + ". Please use WebSocket Streams for live updates to avoid bans.", data), null, weight, ordersCounted, rateLimits);
                }
                return;
            }
            Fault.ApiOutcomeUnknown unknown = (Fault.ApiOutcomeUnknown) takeArmed(f -> f instanceof Fault.ApiOutcomeUnknown);
            if (unknown != null) {
                fired(unknown);
                if (!unknown.executed()) {
                    reply(c, id, new Err(unknown.status(), unknown.code(), unknown.msg()), null, weight, ordersCounted, rateLimits);
                    return;
                }
            }
            Object result;
            if (ordersCounted && (orders10s > ORDERS_10S_LIMIT || orders1d > ORDERS_1D_LIMIT)) {
                result = orders10s > ORDERS_10S_LIMIT
                        ? new Err(429, -1015, "Too many new orders; current limit is " + ORDERS_10S_LIMIT + " orders per 10 SECOND.")
                        : new Err(429, -1015, "Too many new orders; current limit is " + ORDERS_1D_LIMIT + " orders per 1 DAY.");
            } else {
                result = dispatch(c, method, params);
            }
            if (unknown != null) {
                result = new Err(unknown.status(), unknown.code(), unknown.msg());
            }
            reply(c, id, result instanceof Err e ? e : null, result instanceof Err ? null : (JsonNode) result, weight, ordersCounted, rateLimits);
            flush();
        }
    }

    private static int weight(String method, JsonNode params) {
        return switch (method) {
            case "order.status" -> 4;
            case "openOrders.status" -> params.has("symbol") ? 6 : 80;
            case "myTrades" -> params.has("orderId") ? 5 : 20;
            case "userDataStream.subscribe.signature" -> 2;
            default -> 1;
        };
    }

    private void countOrder() {
        long now = fake.nowMs();
        long w10 = now / 10_000;
        long w1d = now / 86_400_000L; // windows line up with the clock (UTC days)
        if (w10 != orders10sWindow) {
            orders10sWindow = w10;
            orders10s = 0;
        }
        if (w1d != orders1dWindow) {
            orders1dWindow = w1d;
            orders1d = 0;
        }
        orders10s++;
        orders1d++;
    }

    private void reply(ApiClient c, JsonNode id, Err err, JsonNode result, long weight, boolean orderLimits) {
        reply(c, id, err, result, weight, orderLimits, c.returnRateLimits);
    }

    private void reply(ApiClient c, JsonNode id, Err err, JsonNode result, long weight, boolean orderLimits, boolean withLimits) {
        ObjectNode r = NODES.objectNode();
        r.set("id", id);
        r.put("status", err == null ? 200 : err.status());
        if (err == null) {
            r.set("result", result);
        } else {
            ObjectNode e = r.putObject("error").put("code", err.code()).put("msg", err.msg());
            if (err.data() != null) {
                e.set("data", err.data());
            }
        }
        if (withLimits) {
            ArrayNode limits = r.putArray("rateLimits");
            if (orderLimits) {
                limits.addObject().put("rateLimitType", "ORDERS").put("interval", "SECOND").put("intervalNum", 10)
                        .put("limit", ORDERS_10S_LIMIT).put("count", orders10s);
                limits.addObject().put("rateLimitType", "ORDERS").put("interval", "DAY").put("intervalNum", 1)
                        .put("limit", ORDERS_1D_LIMIT).put("count", orders1d);
            }
            limits.addObject().put("rateLimitType", "REQUEST_WEIGHT").put("interval", "MINUTE").put("intervalNum", 1)
                    .put("limit", WEIGHT_LIMIT).put("count", weight);
        }
        c.send(r.toString());
    }

    /** Returns the result node or an {@link Err}. */
    private Object dispatch(ApiClient c, String method, JsonNode p) {
        if (!p.isObject()) {
            return new Err(400, -1102, "Mandatory parameter 'params' was not sent, was empty/null, or malformed.");
        }
        switch (method) {
            case "order.place", "order.cancel", "order.cancelReplace", "order.status", "openOrders.status", "myTrades",
                    "userDataStream.subscribe.signature" -> {
                Err denied = authenticate(p);
                if (denied != null) {
                    return denied;
                }
            }
            default -> {
                return new Err(400, -1020, "fake: method '" + method + "' is not implemented");
            }
        }
        return switch (method) {
            case "order.place" -> place(p);
            case "order.cancel" -> cancel(p);
            case "order.cancelReplace" -> cancelReplace(p);
            case "order.status" -> status(p);
            case "openOrders.status" -> openOrdersStatus(p);
            case "myTrades" -> myTrades(p);
            default -> subscribe(c);
        };
    }

    // ------------------------------------------------------------------ security

    /** The key, the signature over every param but {@code signature} sorted by name, then the timestamp. */
    private Err authenticate(JsonNode p) {
        String apiKey = text(p, "apiKey");
        if (apiKey == null || !apiKey.matches("[A-Za-z0-9]{64}")) {
            return new Err(400, -2014, "API-key format invalid.");
        }
        Key key = keys.get(apiKey);
        if (key == null) {
            return new Err(401, -2015, "Invalid API-key, IP, or permissions for action.");
        }
        String signature = text(p, "signature");
        if (signature == null || signature.isEmpty()) {
            return mandatory("signature");
        }
        if (!verify(key, signingPayload(p), signature)) {
            return new Err(400, -1022, "Signature for this request is not valid.");
        }
        String ts = text(p, "timestamp");
        long timestamp;
        try {
            timestamp = Long.parseLong(ts);
        } catch (NumberFormatException | NullPointerException e) {
            return mandatory("timestamp");
        }
        if (timestamp > 100_000_000_000_000L) {
            timestamp /= 1000; // microseconds
        }
        BigDecimal recvWindow = BigDecimal.valueOf(5000);
        String rw = text(p, "recvWindow");
        if (rw != null) {
            try {
                recvWindow = new BigDecimal(rw);
            } catch (NumberFormatException e) {
                return mandatory("recvWindow");
            }
            if (recvWindow.compareTo(BigDecimal.valueOf(60_000)) > 0) {
                return new Err(400, -1131, "recvWindow must be less than 60000");
            }
        }
        long now = fake.nowMs();
        if (timestamp >= now + 1000) {
            return new Err(400, -1021, "Timestamp for this request was 1000ms ahead of the server's time.");
        }
        if (BigDecimal.valueOf(now - timestamp).compareTo(recvWindow) > 0) {
            return new Err(400, -1021, "Timestamp for this request is outside of the recvWindow.");
        }
        return null;
    }

    /** name=value of every param but {@code signature}, sorted by name, joined with '&' (values as sent, no encoding). */
    static String signingPayload(JsonNode params) {
        TreeMap<String, String> sorted = new TreeMap<>();
        params.fields().forEachRemaining(e -> {
            if (!e.getKey().equals("signature")) {
                JsonNode v = e.getValue();
                sorted.put(e.getKey(), v.isTextual() ? v.textValue() : v.toString());
            }
        });
        StringBuilder sb = new StringBuilder();
        sorted.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : "&").append(k).append('=').append(v));
        return sb.toString();
    }

    private static boolean verify(Key key, String payload, String signature) {
        byte[] bytes = payload.getBytes(StandardCharsets.UTF_8);
        try {
            if (key.hmacSecret() != null) {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(key.hmacSecret().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                return HexFormat.of().formatHex(mac.doFinal(bytes)).equalsIgnoreCase(signature); // HMAC: case does not matter
            }
            Signature s = Signature.getInstance("Ed25519");
            s.initVerify(key.ed25519());
            s.update(bytes);
            return s.verify(Base64.getDecoder().decode(signature));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }

    // ------------------------------------------------------------------ order.place

    private Object place(JsonNode p) {
        Object v = validate(p, "newClientOrderId");
        if (v instanceof Err e) {
            return e;
        }
        Spec spec = (Spec) v;
        List<Fill> fs = new ArrayList<>();
        Object placed = execute(spec, fs);
        if (placed instanceof Err e) {
            return e;
        }
        return orderResponse((Order) placed, spec.respType(), fs);
    }

    /** Parameters and filters (before anything reaches the matching engine): a {@link Spec} or an {@link Err}. */
    private Object validate(JsonNode p, String clientIdParam) {
        String symbol = text(p, "symbol");
        if (symbol == null) {
            return mandatory("symbol");
        }
        Rules r = rules.get(symbol);
        if (r == null) {
            return new Err(400, -1121, "Invalid symbol.");
        }
        String side = text(p, "side");
        if (side == null) {
            return mandatory("side");
        }
        if (!side.equals("BUY") && !side.equals("SELL")) {
            return new Err(400, -1117, "Invalid side.");
        }
        String type = text(p, "type");
        if (type == null) {
            return mandatory("type");
        }
        if (!Set.of("LIMIT", "LIMIT_MAKER", "MARKET", "STOP_LOSS", "STOP_LOSS_LIMIT").contains(type)) {
            return Set.of("TAKE_PROFIT", "TAKE_PROFIT_LIMIT").contains(type)
                    ? new Err(400, -1020, "fake: order type " + type + " is not implemented")
                    : new Err(400, -1116, "Invalid orderType.");
        }
        if (p.has("quoteOrderQty")) {
            return new Err(400, -1020, "fake: quoteOrderQty is not implemented");
        }
        boolean limitPrice = type.equals("LIMIT") || type.equals("LIMIT_MAKER") || type.equals("STOP_LOSS_LIMIT");
        String tif = null;
        if (type.equals("LIMIT") || type.equals("STOP_LOSS_LIMIT")) {
            tif = text(p, "timeInForce");
            if (tif == null) {
                return mandatory("timeInForce");
            }
            if (!Set.of("GTC", "IOC", "FOK").contains(tif)) {
                return new Err(400, -1115, "Invalid timeInForce.");
            }
        }
        BigDecimal price = BigDecimal.ZERO;
        BigDecimal stop = BigDecimal.ZERO;
        BigDecimal qty;
        try {
            if (limitPrice) {
                price = decimal(p, "price");
                if (price == null) {
                    return mandatory("price");
                }
            }
            if (type.startsWith("STOP_LOSS")) {
                stop = decimal(p, "stopPrice");
                if (stop == null) {
                    return mandatory("stopPrice");
                }
            }
            qty = decimal(p, "quantity");
            if (qty == null) {
                return mandatory("quantity");
            }
        } catch (NumberFormatException e) {
            return new Err(400, -1100, "Illegal characters found in a parameter.");
        }
        String respType = text(p, "newOrderRespType");
        if (respType == null) {
            respType = type.equals("LIMIT") || type.equals("MARKET") ? "FULL" : "ACK";
        } else if (!Set.of("ACK", "RESULT", "FULL").contains(respType)) {
            return new Err(400, -1100, "Illegal characters found in parameter 'newOrderRespType'.");
        }
        // filters
        if (limitPrice && !priceOk(r, price) || type.startsWith("STOP_LOSS") && !priceOk(r, stop)) {
            return filter("PRICE_FILTER");
        }
        if (!within(qty, r.lotMin(), r.lotMax(), r.lotStep())) {
            return filter("LOT_SIZE");
        }
        boolean market = type.equals("MARKET") || type.equals("STOP_LOSS");
        if (market && !within(qty, r.mktMin(), r.mktMax(), r.mktStep())) {
            return filter("MARKET_LOT_SIZE");
        }
        BigDecimal notionalPrice = market ? (type.equals("STOP_LOSS") ? stop : lastTradePrice.get(symbol)) : price;
        if (notionalPrice != null) { // a market order before any trade: no reference price, not checked
            BigDecimal notional = notionalPrice.multiply(qty);
            if (r.minNotional() != null && (!market || r.minNotionalToMarket()) && notional.compareTo(r.minNotional()) < 0) {
                return filter("MIN_NOTIONAL");
            }
            if (r.notionalMin() != null && (!market || r.notionalMinToMarket()) && notional.compareTo(r.notionalMin()) < 0
                    || r.notionalMax() != null && notional.compareTo(r.notionalMax()) > 0) {
                return filter("NOTIONAL");
            }
        }
        Fault.ApiFilterFailure scripted = filterFailuresArmed.poll();
        if (scripted != null) {
            fired(scripted);
            return filter(scripted.filterType());
        }
        String clientId = text(p, clientIdParam);
        return new Spec(r, side, type, tif, price, stop, qty, clientId, respType);
    }

    private static boolean priceOk(Rules r, BigDecimal price) {
        if (r.tick() == null) {
            return true;
        }
        return within(price, r.minPrice(), r.maxPrice(), r.tick());
    }

    /** min <= v <= max (a zero bound is off) and (v - min) a multiple of step (a zero step is off). */
    private static boolean within(BigDecimal v, BigDecimal min, BigDecimal max, BigDecimal step) {
        if (v.signum() <= 0) {
            return false;
        }
        if (min != null && min.signum() > 0 && v.compareTo(min) < 0 || max != null && max.signum() > 0 && v.compareTo(max) > 0) {
            return false;
        }
        return step == null || step.signum() == 0 || v.subtract(min == null ? BigDecimal.ZERO : min).remainder(step).signum() == 0;
    }

    private static Err filter(String name) {
        return new Err(400, -1013, "Filter failure: " + name);
    }

    private static Err mandatory(String name) {
        return new Err(400, -1102, "Mandatory parameter '" + name + "' was not sent, was empty/null, or malformed.");
    }

    /** The matching engine: the order is taken (NEW, maybe fills) or rejected (-2010, a REJECTED report). */
    private Object execute(Spec s, List<Fill> fillsOut) {
        String clientId = s.clientId();
        if (clientId != null) {
            for (Order o : orders.values()) {
                if (o.open() && o.clientId.equals(clientId)) {
                    return new Err(400, -2010, "Duplicate order sent.");
                }
            }
        } else {
            clientId = String.format("fake%018d", nextClientId++);
        }
        long now = fake.nowMs();
        Order o = new Order();
        o.id = nextOrderId++;
        o.symbol = s.rules().symbol();
        o.origClientId = clientId;
        o.clientId = clientId;
        o.side = s.side();
        o.type = s.type();
        o.tif = s.tif() != null ? s.tif() : "GTC";
        o.price = s.price();
        o.stopPrice = s.stopPrice();
        o.qty = s.qty();
        o.time = now;
        o.updateTime = now;
        o.quoteAsset = s.rules().quote();
        orders.put(o.id, o);
        byOrigClientId.put(clientId, o);
        String reason = null;
        String msg = null;
        FakeBook book = fake.liveBook(o.symbol);
        BigDecimal last = lastTradePrice.get(o.symbol);
        if (insufficientArmed > 0) {
            insufficientArmed--;
            faultsFired.get(Fault.Kind.API_INSUFFICIENT_BALANCE).increment();
            reason = "INSUFFICIENT_BALANCES";
            msg = "Account has insufficient balance for requested action.";
        } else if (o.type.equals("LIMIT_MAKER") && book != null && crosses(o, book)) {
            reason = "WOULD_MATCH_IMMEDIATELY";
            msg = "Order would immediately match and take.";
        } else if (o.stop() && last != null && (o.buy() ? last.compareTo(o.stopPrice) >= 0 : last.compareTo(o.stopPrice) <= 0)) {
            reason = "STOP_PRICE_WOULD_TRIGGER_IMMEDIATELY";
            msg = "Order would trigger immediately.";
        }
        if (reason != null) {
            o.status = "REJECTED";
            ordersRejected.increment();
            publish(o, report(o, "REJECTED", now).put("r", reason));
            return new Err(400, -2010, msg);
        }
        ordersPlaced.increment();
        boolean rests = !o.stop() && !o.type.equals("MARKET");
        if (rests) {
            o.working = true;
            o.workingTime = now;
        }
        publish(o, report(o, "NEW", now));
        if (!o.stop()) {
            takeLiquidity(o, now, fillsOut);
        }
        return o;
    }

    /** Whether the order would take: the best opposite level with quantity left (after what orders took) is at or through its price. */
    private boolean crosses(Order o, FakeBook book) {
        NavigableMap<BigDecimal, String[]> opposite = o.buy() ? book.asks() : book.bids();
        Map<BigDecimal, BigDecimal> consumed = consumed(o.symbol, !o.buy());
        for (Map.Entry<BigDecimal, String[]> level : opposite.entrySet()) {
            if (new BigDecimal(level.getValue()[1]).compareTo(consumed.getOrDefault(level.getKey(), BigDecimal.ZERO)) > 0) {
                int c = o.price.compareTo(level.getKey());
                return o.buy() ? c >= 0 : c <= 0;
            }
        }
        return false;
    }

    /**
     * A taker: fills against the fake's book at the current point of the timeline, level by level
     * up to its limit (MARKET, triggered STOP_LOSS: no limit), less what earlier orders took from
     * each level since its last diff; then the remainder rests (GTC) or expires (IOC, FOK, market).
     */
    private void takeLiquidity(Order o, long now, List<Fill> fillsOut) {
        boolean market = o.type.equals("MARKET") || o.type.equals("STOP_LOSS");
        FakeBook book = fake.liveBook(o.symbol);
        List<BigDecimal[]> available = new ArrayList<>(); // price, qty
        if (book != null) {
            NavigableMap<BigDecimal, String[]> side = o.buy() ? book.asks() : book.bids();
            Map<BigDecimal, BigDecimal> consumed = consumed(o.symbol, !o.buy());
            BigDecimal need = o.remaining();
            for (Map.Entry<BigDecimal, String[]> level : side.entrySet()) {
                if (need.signum() <= 0) {
                    break;
                }
                BigDecimal px = level.getKey();
                if (!market && (o.buy() ? px.compareTo(o.price) > 0 : px.compareTo(o.price) < 0)) {
                    break;
                }
                BigDecimal q = new BigDecimal(level.getValue()[1]).subtract(consumed.getOrDefault(px, BigDecimal.ZERO));
                if (q.signum() > 0) {
                    BigDecimal take = q.min(need);
                    available.add(new BigDecimal[] {px, take});
                    need = need.subtract(take);
                }
            }
            if (o.tif.equals("FOK") && !market && need.signum() > 0) {
                available.clear(); // fill or kill: nothing unless all of it
            }
            for (BigDecimal[] a : available) {
                consumed.merge(a[0], a[1], BigDecimal::add);
                fillsOut.add(fill(o, a[0], a[1], false, now));
            }
        }
        if (o.open() && (market || !o.tif.equals("GTC"))) {
            String why = market ? "INSUFFICIENT_LIQUIDITY" : o.tif.equals("FOK") ? "UNFILLED_FOK_ORDER_EXPIRED" : "UNFILLED_IOC_QUANTITY_EXPIRED";
            o.status = "EXPIRED";
            o.working = false;
            ordersExpired.increment();
            publish(o, report(o, "EXPIRED", now).put("eR", why));
        }
    }

    private Map<BigDecimal, BigDecimal> consumed(String symbol, boolean bids) {
        return (bids ? consumedBids : consumedAsks).computeIfAbsent(symbol, s -> new HashMap<>());
    }

    private Fill fill(Order o, BigDecimal px, BigDecimal qty, boolean maker, long now) {
        BigDecimal quote = px.multiply(qty);
        BigDecimal commission = quote.multiply(maker ? makerBps : takerBps).divide(TEN_THOUSAND, 8, RoundingMode.HALF_UP);
        o.executed = o.executed.add(qty);
        o.quote = o.quote.add(quote);
        o.updateTime = now;
        o.status = o.remaining().signum() == 0 ? "FILLED" : "PARTIALLY_FILLED";
        if (o.status.equals("FILLED")) {
            o.working = false;
        }
        long tradeId = nextTradeId++;
        fills.increment();
        ObjectNode r = report(o, "TRADE", now);
        r.put("l", s8(qty)).put("L", s8(px)).put("n", s8(commission)).put("N", o.quoteAsset).put("t", tradeId).put("m", maker)
                .put("Y", s8(quote));
        publish(o, r);
        o.trades.add(NODES.objectNode().put("symbol", o.symbol).put("id", tradeId).put("orderId", o.id).put("orderListId", -1)
                .put("price", s8(px)).put("qty", s8(qty)).put("quoteQty", s8(quote)).put("commission", s8(commission))
                .put("commissionAsset", o.quoteAsset).put("time", now).put("isBuyer", o.buy()).put("isMaker", maker).put("isBestMatch", true));
        return new Fill(px, qty, commission, tradeId);
    }

    // ------------------------------------------------------------------ cancel, cancelReplace, status

    private Object cancel(JsonNode p) {
        String symbol = text(p, "symbol");
        if (symbol == null) {
            return mandatory("symbol");
        }
        if (!rules.containsKey(symbol)) {
            return new Err(400, -1121, "Invalid symbol.");
        }
        if (!p.has("orderId") && !p.has("origClientOrderId")) {
            return new Err(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }
        Object c = doCancel(symbol, text(p, "orderId"), text(p, "origClientOrderId"), text(p, "newClientOrderId"));
        return c instanceof Err ? c : cancelResponse((Order) ((Object[]) c)[0], (String) ((Object[]) c)[1]);
    }

    /** {Order, its client id before the cancel}, or an Err. */
    private Object doCancel(String symbol, String orderId, String origClientId, String newClientId) {
        Order o = find(symbol, orderId, origClientId);
        if (o == null || !o.open()) {
            return new Err(400, -2011, "Unknown order sent.");
        }
        long now = fake.nowMs();
        String was = o.clientId;
        o.clientId = newClientId != null ? newClientId : String.format("fake%018d", nextClientId++);
        o.status = "CANCELED";
        o.working = false;
        o.updateTime = now;
        ordersCanceled.increment();
        publish(o, report(o, "CANCELED", now).put("C", was));
        return new Object[] {o, was};
    }

    private Order find(String symbol, String orderId, String origClientId) {
        Order o;
        if (orderId != null) {
            try {
                o = orders.get(Long.parseLong(orderId));
            } catch (NumberFormatException e) {
                return null;
            }
            if (o != null && origClientId != null && !origClientId.equals(o.origClientId)) {
                return null;
            }
        } else {
            o = byOrigClientId.get(origClientId);
        }
        return o != null && o.symbol.equals(symbol) ? o : null;
    }

    private Object cancelReplace(JsonNode p) {
        String mode = text(p, "cancelReplaceMode");
        if (mode == null) {
            return mandatory("cancelReplaceMode");
        }
        if (!mode.equals("STOP_ON_FAILURE") && !mode.equals("ALLOW_FAILURE")) {
            return new Err(400, -1100, "Illegal characters found in parameter 'cancelReplaceMode'.");
        }
        if (!p.has("cancelOrderId") && !p.has("cancelOrigClientOrderId")) {
            return new Err(400, -1102, "Param 'cancelOrigClientOrderId' or 'cancelOrderId' must be sent, but both were empty/null!");
        }
        Object v = validate(p, "newClientOrderId"); // filters are evaluated before cancellation and placement
        if (v instanceof Err e) {
            return e;
        }
        Spec spec = (Spec) v;
        raceFill(spec.rules().symbol(), text(p, "cancelOrderId"), text(p, "cancelOrigClientOrderId"));
        Object canceled = doCancel(spec.rules().symbol(), text(p, "cancelOrderId"), text(p, "cancelOrigClientOrderId"),
                text(p, "cancelNewClientOrderId"));
        ObjectNode data = NODES.objectNode();
        boolean cancelOk = !(canceled instanceof Err);
        data.put("cancelResult", cancelOk ? "SUCCESS" : "FAILURE");
        if (!cancelOk && mode.equals("STOP_ON_FAILURE")) {
            data.put("newOrderResult", "NOT_ATTEMPTED");
            data.set("cancelResponse", errorNode((Err) canceled));
            data.set("newOrderResponse", NullNode.instance);
            return new Err(400, -2022, "Order cancel-replace failed.", data);
        }
        List<Fill> fs = new ArrayList<>();
        Object placed = execute(spec, fs);
        boolean newOk = !(placed instanceof Err);
        data.put("newOrderResult", newOk ? "SUCCESS" : "FAILURE");
        data.set("cancelResponse", cancelOk ? cancelResponse((Order) ((Object[]) canceled)[0], (String) ((Object[]) canceled)[1]) : errorNode((Err) canceled));
        data.set("newOrderResponse", newOk ? orderResponse((Order) placed, spec.respType(), fs) : errorNode((Err) placed));
        if (cancelOk && newOk) {
            return data;
        }
        return cancelOk || newOk ? new Err(409, -2021, "Order cancel-replace partially failed.", data)
                : new Err(400, -2022, "Order cancel-replace failed.", data);
    }

    /**
     * An armed {@link Fault.CancelReplaceRacedByFill} meets the resting order a cancelReplace
     * names: the order fills first, as a maker at its price (completely when the fault's quantity
     * reaches what is left), and that TRADE is sent at once, before the request's reply and the
     * events the request causes, since it happened before the request reached the order. The
     * cancel then finds what is left of it, or nothing (-2011).
     */
    private void raceFill(String symbol, String orderId, String origClientId) {
        if (armed.isEmpty()) {
            return;
        }
        Order o = find(symbol, orderId, origClientId);
        if (o == null || !o.open() || !o.working) {
            return; // not a resting order: the fault waits for one
        }
        Fault f = takeArmed(x -> x instanceof Fault.CancelReplaceRacedByFill);
        if (f == null) {
            return;
        }
        fired(f);
        BigDecimal q = BigDecimal.valueOf(((Fault.CancelReplaceRacedByFill) f).fillQuantityScaled(), 8).min(o.remaining());
        fill(o, o.price, q, true, fake.nowMs());
        flush();
    }

    private static ObjectNode errorNode(Err e) {
        return NODES.objectNode().put("code", e.code()).put("msg", e.msg());
    }

    private Object status(JsonNode p) {
        String symbol = text(p, "symbol");
        if (symbol == null) {
            return mandatory("symbol");
        }
        if (!p.has("orderId") && !p.has("origClientOrderId")) {
            return new Err(400, -1102, "Param 'origClientOrderId' or 'orderId' must be sent, but both were empty/null!");
        }
        Order o = find(symbol, text(p, "orderId"), text(p, "origClientOrderId"));
        return o == null ? new Err(400, -2013, "Order does not exist.") : statusNode(o);
    }

    private Object openOrdersStatus(JsonNode p) {
        String symbol = text(p, "symbol");
        if (symbol != null && !rules.containsKey(symbol)) {
            return new Err(400, -1121, "Invalid symbol.");
        }
        ArrayNode list = NODES.arrayNode();
        for (Order o : orders.values()) {
            if (o.open() && (symbol == null || symbol.equals(o.symbol))) {
                list.add(statusNode(o));
            }
        }
        return list;
    }

    /**
     * The account's trades on a symbol in trade id order, as Binance's {@code myTrades}: of one
     * order ({@code orderId}), from a trade id ({@code fromId}), or by execution time
     * ({@code startTime}, {@code endTime}: at most 24 hours apart); {@code limit} (default 500,
     * at most 1000) from the first match, or the most recent ones when no condition is given.
     */
    private Object myTrades(JsonNode p) {
        String symbol = text(p, "symbol");
        if (symbol == null || !rules.containsKey(symbol)) {
            return new Err(400, -1121, "Invalid symbol.");
        }
        String orderId = text(p, "orderId");
        boolean byTime = p.has("startTime") || p.has("endTime");
        if ((orderId != null || p.has("fromId")) && byTime) { // neither combines with a time range
            return new Err(400, -1128, "Combination of optional parameters invalid.");
        }
        long from = p.has("fromId") ? p.get("fromId").asLong() : Long.MIN_VALUE;
        long start = p.has("startTime") ? p.get("startTime").asLong() : Long.MIN_VALUE;
        long end = p.has("endTime") ? p.get("endTime").asLong() : Long.MAX_VALUE;
        if (p.has("startTime") && p.has("endTime") && end - start > 24L * 3_600_000) {
            return new Err(400, -1127, "More than 24 hours between startTime and endTime.");
        }
        int limit = p.has("limit") ? p.get("limit").asInt() : 500;
        if (limit < 1 || limit > 1000) {
            return new Err(400, -1130, "Invalid data sent for a parameter.");
        }
        List<ObjectNode> all = new ArrayList<>();
        for (Order o : orders.values()) {
            if (!o.symbol.equals(symbol) || (orderId != null && !Long.toString(o.id).equals(orderId))) continue;
            for (ObjectNode t : o.trades) {
                long time = t.get("time").asLong();
                if (t.get("id").asLong() >= from && time >= start && time <= end) all.add(t);
            }
        }
        all.sort((a, b) -> Long.compare(a.get("id").asLong(), b.get("id").asLong()));
        boolean recent = orderId == null && !byTime && !p.has("fromId");
        int first = recent ? Math.max(0, all.size() - limit) : 0;
        ArrayNode list = NODES.arrayNode();
        list.addAll(all.subList(first, Math.min(all.size(), first + limit)));
        return list;
    }

    private Object subscribe(ApiClient c) {
        int id = c.nextSubscriptionId++;
        c.subscriptions.add(id);
        return NODES.objectNode().put("subscriptionId", id);
    }

    // ------------------------------------------------------------------ replies

    private ObjectNode orderResponse(Order o, String respType, List<Fill> fs) {
        ObjectNode r = NODES.objectNode().put("symbol", o.symbol).put("orderId", o.id).put("orderListId", -1)
                .put("clientOrderId", o.origClientId).put("transactTime", o.time);
        if (respType.equals("ACK")) {
            return r;
        }
        r.put("price", s8(o.price)).put("origQty", s8(o.qty)).put("executedQty", s8(o.executed)).put("origQuoteOrderQty", s8(BigDecimal.ZERO))
                .put("cummulativeQuoteQty", s8(o.quote)).put("status", o.status).put("timeInForce", o.tif).put("type", o.type)
                .put("side", o.side);
        if (o.stop()) {
            r.put("stopPrice", s8(o.stopPrice));
        }
        // the docs' examples: the transaction time for an order that went to the book or traded; -1 for a stop not yet triggered
        r.put("workingTime", o.stop() && !o.triggered ? -1 : o.workingTime >= 0 ? o.workingTime : o.time).put("selfTradePreventionMode", "NONE");
        if (respType.equals("FULL")) {
            ArrayNode a = r.putArray("fills");
            for (Fill f : fs) {
                a.addObject().put("price", s8(f.price())).put("qty", s8(f.qty())).put("commission", s8(f.commission()))
                        .put("commissionAsset", o.quoteAsset).put("tradeId", f.tradeId());
            }
        }
        return r;
    }

    private ObjectNode cancelResponse(Order o, String was) {
        ObjectNode r = NODES.objectNode().put("symbol", o.symbol).put("origClientOrderId", was).put("orderId", o.id).put("orderListId", -1)
                .put("clientOrderId", o.clientId).put("transactTime", o.updateTime).put("price", s8(o.price)).put("origQty", s8(o.qty))
                .put("executedQty", s8(o.executed)).put("origQuoteOrderQty", s8(BigDecimal.ZERO)).put("cummulativeQuoteQty", s8(o.quote))
                .put("status", o.status).put("timeInForce", o.tif).put("type", o.type).put("side", o.side);
        if (o.stop()) {
            r.put("stopPrice", s8(o.stopPrice));
        }
        return r.put("selfTradePreventionMode", "NONE");
    }

    private ObjectNode statusNode(Order o) {
        return NODES.objectNode().put("symbol", o.symbol).put("orderId", o.id).put("orderListId", -1).put("clientOrderId", o.clientId)
                .put("price", s8(o.price)).put("origQty", s8(o.qty)).put("executedQty", s8(o.executed)).put("cummulativeQuoteQty", s8(o.quote))
                .put("status", o.status).put("timeInForce", o.tif).put("type", o.type).put("side", o.side).put("stopPrice", s8(o.stopPrice))
                .put("icebergQty", s8(BigDecimal.ZERO)).put("time", o.time).put("updateTime", o.updateTime).put("isWorking", o.working)
                .put("workingTime", o.workingTime).put("origQuoteOrderQty", s8(BigDecimal.ZERO)).put("selfTradePreventionMode", "NONE");
    }

    // ------------------------------------------------------------------ user data

    /** An executionReport with every always-present field of the docs; the caller adds the fill or cancel fields. */
    private ObjectNode report(Order o, String x, long now) {
        ObjectNode r = NODES.objectNode().put("e", "executionReport").put("E", now).put("s", o.symbol).put("c", o.clientId)
                .put("S", o.side).put("o", o.type).put("f", o.tif).put("q", s8(o.qty)).put("p", s8(o.price)).put("P", s8(o.stopPrice))
                .put("F", s8(BigDecimal.ZERO)).put("g", -1).put("C", "").put("x", x).put("X", o.status).put("r", "NONE").put("i", o.id)
                .put("l", s8(BigDecimal.ZERO)).put("z", s8(o.executed)).put("L", s8(BigDecimal.ZERO)).put("n", "0");
        r.putNull("N");
        r.put("T", now).put("t", -1).put("I", nextExecutionId++).put("w", o.working).put("m", false).put("M", false).put("O", o.time)
                .put("Z", s8(o.quote)).put("Y", s8(BigDecimal.ZERO)).put("Q", s8(BigDecimal.ZERO));
        if (o.workingTime >= 0) {
            r.put("W", o.workingTime);
        }
        return r.put("V", "NONE");
    }

    /** Queues an order's event (under the lock); {@link #flush} sends the queue to every subscription. */
    private void publish(Order o, ObjectNode event) {
        String text = event.toString();
        if ("TRADE".equals(event.path("x").asText()) && malformedFillArmed > 0) {
            malformedFillArmed--;
            faultsFired.get(Fault.Kind.USER_DATA_MALFORMED_FILL).increment();
            text = text.substring(0, text.length() / 2); // cut in half: the client cannot read it
        }
        if ("NEW".equals(event.path("x").asText()) && fillBeforeNewArmed > 0) {
            fillBeforeNewArmed--;
            faultsFired.get(Fault.Kind.USER_DATA_FILL_BEFORE_NEW).increment();
            heldNew.put(o.id, text);
            return;
        }
        pending.add(text);
        String held = heldNew.remove(o.id);
        if (held != null) {
            pending.add(held);
        }
    }

    /** Under the lock: writes the queued events to every subscription, in order. */
    private void flush() {
        for (String event : pending) {
            int times = 1;
            if (duplicateArmed > 0) {
                duplicateArmed--;
                faultsFired.get(Fault.Kind.USER_DATA_DUPLICATE).increment();
                times = 2;
            }
            for (int i = 0; i < times; i++) {
                for (ApiClient c : clients) {
                    for (int sub : c.subscriptions) {
                        userDataEventsSent.increment(); // counted before the client can read it
                        c.send("{\"subscriptionId\":" + sub + ",\"event\":" + event + "}");
                    }
                }
            }
        }
        pending.clear();
    }

    // ------------------------------------------------------------------ the timeline (player thread, under the lock)

    /** A diff of {@code symbol} was applied to the fake's book: what orders took at its prices is forgotten. */
    void onDiff(String symbol, JsonNode diff) {
        forget(consumedBids.get(symbol), diff.get("b"));
        forget(consumedAsks.get(symbol), diff.get("a"));
    }

    private static void forget(Map<BigDecimal, BigDecimal> consumed, JsonNode levels) {
        if (consumed == null || consumed.isEmpty() || levels == null) {
            return;
        }
        for (JsonNode l : levels) {
            consumed.remove(new BigDecimal(l.get(0).asText()));
        }
    }

    /** A snapshot of {@code symbol} was reached: the book is new, nothing of it was taken. */
    void onSnapshot(String symbol) {
        consumedBids.remove(symbol);
        consumedAsks.remove(symbol);
    }

    /**
     * A recorded trade: resting orders it prints through fill as makers at their price (buy: the
     * trade below it, sell: above it), up to the trade's size, best price then time first; then
     * stop orders it reaches trigger and take liquidity.
     */
    void onTrade(String symbol, JsonNode trade) {
        BigDecimal px = new BigDecimal(trade.get("p").asText());
        BigDecimal left = new BigDecimal(trade.get("q").asText());
        lastTradePrice.put(symbol, px);
        long now = fake.nowMs();
        List<Order> resting = new ArrayList<>();
        for (Order o : orders.values()) {
            if (o.open() && o.working && o.symbol.equals(symbol)
                    && (o.buy() ? px.compareTo(o.price) < 0 : px.compareTo(o.price) > 0)) {
                resting.add(o);
            }
        }
        resting.sort((a, b) -> {
            int c = a.buy() != b.buy() ? 0 : a.buy() ? b.price.compareTo(a.price) : a.price.compareTo(b.price);
            return c != 0 ? c : Long.compare(a.id, b.id);
        });
        for (Order o : resting) {
            if (left.signum() <= 0) {
                break;
            }
            BigDecimal q = o.remaining().min(left);
            left = left.subtract(q);
            fill(o, o.price, q, true, now);
        }
        for (Order o : List.copyOf(orders.values())) {
            if (o.open() && o.stop() && !o.triggered && o.symbol.equals(symbol)
                    && (o.buy() ? px.compareTo(o.stopPrice) >= 0 : px.compareTo(o.stopPrice) <= 0)) {
                o.triggered = true;
                if (o.type.equals("STOP_LOSS_LIMIT") && o.tif.equals("GTC")) {
                    o.working = true;
                    o.workingTime = now;
                }
                takeLiquidity(o, now, new ArrayList<>());
            }
        }
        flush();
    }

    // ------------------------------------------------------------------ the test's view

    OrderView view(long orderId) {
        synchronized (lock) {
            Order o = orders.get(orderId);
            return o == null ? null : toView(o);
        }
    }

    OrderView viewByClientId(String origClientOrderId) {
        synchronized (lock) {
            Order o = byOrigClientId.get(origClientOrderId);
            return o == null ? null : toView(o);
        }
    }

    List<OrderView> openOrders() {
        synchronized (lock) {
            return orders.values().stream().filter(Order::open).map(OrderApi::toView).toList();
        }
    }

    private static OrderView toView(Order o) {
        return new OrderView(o.id, o.symbol, o.clientId, o.origClientId, o.side, o.type, o.tif, o.status, o.price, o.stopPrice, o.qty,
                o.executed, o.quote, o.working, o.trades.size());
    }

    // ------------------------------------------------------------------ helpers

    private static String text(JsonNode p, String name) {
        JsonNode v = p.get(name);
        if (v == null || v.isNull()) {
            return null;
        }
        return v.isTextual() ? v.textValue() : v.toString();
    }

    private static BigDecimal decimal(JsonNode p, String name) {
        String t = text(p, name);
        return t == null ? null : new BigDecimal(t);
    }

    /** Binance's 8-decimal form: "23416.10000000". */
    static String s8(BigDecimal v) {
        return v.setScale(8, RoundingMode.HALF_UP).toPlainString();
    }
}
