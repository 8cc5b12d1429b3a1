package flox.binance.fake;

import static flox.binance.fake.TestSupport.WAIT;
import static flox.binance.fake.TestSupport.get;
import static flox.binance.fake.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeBinanceApiTest {
    static final String SYMBOL = "BTCUSDT";

    static FakeBinance start() throws Exception {
        return FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).feesBps("1", "5").start();
    }

    /** Plays past the recording's snapshot so the fake has a book. */
    static void reachBook(FakeBinance fake) throws Exception {
        fake.release(7);
        assertTrue(fake.awaitSent(7, WAIT));
    }

    /** The fake's top {@code n} levels of a side, [price, qty]. */
    static List<BigDecimal[]> levels(FakeBinance fake, String side, int n) throws Exception {
        JsonNode d = json(get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=" + n).body());
        List<BigDecimal[]> out = new ArrayList<>();
        for (JsonNode l : d.get(side)) {
            out.add(new BigDecimal[] {new BigDecimal(l.get(0).asText()), new BigDecimal(l.get(1).asText())});
        }
        return out;
    }

    static Map<String, Object> order(String side, String type, Object... kv) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("symbol", SYMBOL);
        p.put("side", side);
        p.put("type", type);
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], kv[i + 1]);
        }
        return p;
    }

    static String s8(BigDecimal v) {
        return v.setScale(8, RoundingMode.HALF_UP).toPlainString();
    }

    static void assertError(JsonNode reply, int status, int code, String msg) {
        assertEquals(status, reply.path("status").asInt(), reply::toString);
        assertEquals(code, reply.path("error").path("code").asInt(), reply::toString);
        if (msg != null) {
            assertEquals(msg, reply.path("error").path("msg").asText());
        }
    }

    // ------------------------------------------------------------------ security

    @Test
    void shouldAcceptTheDocsSignedExampleAtItsTimestamp() throws Exception {
        JsonNode vectors = json(Files.readString(TestSupport.data("binance/docs/signature-vectors.json")));
        JsonNode request = null;
        for (JsonNode v : vectors.get("vectors")) {
            if (v.get("id").asText().equals("wsapi-hmac-stepbystep-ascii")) {
                request = v.get("request");
            }
        }
        assertNotNull(request);
        long ts = request.get("params").get("timestamp").asLong();
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .clockMs(() -> ts + 50).start()) {
            ApiSession api = ApiSession.connect(fake);
            JsonNode reply = api.send(request.toString(), request.get("id").asText());
            assertEquals(200, reply.get("status").asInt(), reply::toString);
            assertEquals("BTCUSDT", reply.get("result").get("symbol").asText());
            JsonNode limits = reply.get("rateLimits");
            assertEquals("ORDERS", limits.get(0).get("rateLimitType").asText());
            assertEquals(1, limits.get(0).get("count").asInt());
            assertEquals("REQUEST_WEIGHT", limits.get(2).get("rateLimitType").asText());
            assertEquals(3, limits.get(2).get("count").asInt(), "2 for the connection, 1 for order.place");

            ObjectNode late = request.deepCopy();
            assertEquals(100, late.get("params").get("recvWindow").asInt());
            try (FakeBinance later = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                    .clockMs(() -> ts + 101).start()) {
                assertError(ApiSession.connect(later).send(late.toString(), late.get("id").asText()), 400, -1021,
                        "Timestamp for this request is outside of the recvWindow.");
            }
        }
    }

    @Test
    void shouldRejectABadSignatureWith1022() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            api.secret = "x" + FakeBinance.DOCS_SECRET_KEY.substring(1);
            assertError(api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", "50000.00", "quantity", "0.001")),
                    400, -1022, "Signature for this request is not valid.");
            assertEquals(0, fake.ordersPlaced());
        }
    }

    @Test
    void shouldRejectUnknownAndMalformedApiKeys() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            api.apiKey = "A".repeat(64);
            assertError(api.call("openOrders.status", Map.of()), 401, -2015, "Invalid API-key, IP, or permissions for action.");
            api.apiKey = "not a key";
            assertError(api.call("openOrders.status", Map.of()), 400, -2014, "API-key format invalid.");
        }
    }

    @Test
    void shouldRejectTimestampsOutsideTheRecvWindowOrAhead() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            long now = System.currentTimeMillis();
            assertError(api.call("openOrders.status", Map.of("timestamp", now - 10_000)), 400, -1021,
                    "Timestamp for this request is outside of the recvWindow.");
            assertEquals(200, api.call("openOrders.status", Map.of("timestamp", now - 10_000, "recvWindow", 60_000)).get("status").asInt());
            assertError(api.call("openOrders.status", Map.of("timestamp", now + 5_000)), 400, -1021,
                    "Timestamp for this request was 1000ms ahead of the server's time.");
        }
    }

    @Test
    void shouldVerifyEd25519SignaturesInBase64() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        String key = "E".repeat(64);
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .ed25519ApiKey(key, pair.getPublic()).start()) {
            ApiSession api = ApiSession.connect(fake);
            long ts = System.currentTimeMillis();
            String payload = "apiKey=" + key + "&timestamp=" + ts;
            Signature s = Signature.getInstance("Ed25519");
            s.initSign(pair.getPrivate());
            s.update(payload.getBytes());
            ObjectNode p = TestSupport.JSON.createObjectNode().put("apiKey", key).put("timestamp", ts)
                    .put("signature", Base64.getEncoder().encodeToString(s.sign()));
            assertEquals(200, api.callRaw("openOrders.status", p).get("status").asInt());
            p.put("timestamp", ts + 1);
            assertError(api.callRaw("openOrders.status", p), 400, -1022, null);
        }
    }

    // ------------------------------------------------------------------ filters

    @Test
    void shouldRejectFilterFailuresWith1013() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            assertError(api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", "50000.005", "quantity", "0.001")),
                    400, -1013, "Filter failure: PRICE_FILTER");
            assertError(api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", "50000.00", "quantity", "0.000015")),
                    400, -1013, "Filter failure: LOT_SIZE");
            assertError(api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", "50000.00", "quantity", "0.0001")),
                    400, -1013, "Filter failure: MIN_NOTIONAL");
            assertEquals(0, fake.ordersPlaced());
        }
    }

    // ------------------------------------------------------------------ matching

    @Test
    void shouldFillAMarketableLimitAtTheBookLevelsAndNotTakeTheSameLiquidityTwice() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            List<BigDecimal[]> asks = levels(fake, "asks", 5);
            BigDecimal extra = new BigDecimal("0.00100");
            BigDecimal qty = asks.get(0)[1].add(extra);
            JsonNode r = api.call("order.place", order("BUY", "LIMIT", "timeInForce", "IOC", "price", asks.get(1)[0].toPlainString(),
                    "quantity", qty.toPlainString(), "newClientOrderId", "taker-1"));
            assertEquals(200, r.get("status").asInt(), r::toString);
            JsonNode res = r.get("result");
            assertEquals("FILLED", res.get("status").asText());
            JsonNode fills = res.get("fills");
            assertEquals(2, fills.size(), res::toString);
            assertEquals(s8(asks.get(0)[0]), fills.get(0).get("price").asText());
            assertEquals(s8(asks.get(0)[1]), fills.get(0).get("qty").asText());
            assertEquals(s8(asks.get(1)[0]), fills.get(1).get("price").asText());
            assertEquals(s8(extra), fills.get(1).get("qty").asText());
            BigDecimal quote = asks.get(0)[0].multiply(asks.get(0)[1]);
            assertEquals(s8(quote.multiply(new BigDecimal("5")).divide(new BigDecimal("10000"), 8, RoundingMode.HALF_UP)),
                    fills.get(0).get("commission").asText(), "taker 5 bps");
            assertEquals("USDT", fills.get(0).get("commissionAsset").asText());

            // the same book, no diff played since: the first level is used up
            JsonNode again = api.call("order.place", order("BUY", "LIMIT", "timeInForce", "IOC", "price", asks.get(0)[0].toPlainString(),
                    "quantity", "0.001", "newOrderRespType", "RESULT"));
            assertEquals("EXPIRED", again.get("result").get("status").asText(), again::toString);
            assertEquals(s8(BigDecimal.ZERO), again.get("result").get("executedQty").asText());
            assertEquals(2, fake.fills());

            // the order's trades, as myTrades tells them (reconciliation asks it)
            JsonNode trades = api.call("myTrades", Map.of("symbol", SYMBOL, "orderId", res.get("orderId").asLong()));
            assertEquals(200, trades.get("status").asInt(), trades::toString);
            JsonNode list = trades.get("result");
            assertEquals(2, list.size(), list::toString);
            assertEquals(fills.get(0).get("tradeId").asLong(), list.get(0).get("id").asLong());
            assertEquals(fills.get(0).get("price").asText(), list.get(0).get("price").asText());
            assertEquals(fills.get(1).get("qty").asText(), list.get(1).get("qty").asText());
            assertEquals(fills.get(0).get("commission").asText(), list.get(0).get("commission").asText());
            assertEquals(false, list.get(0).get("isMaker").asBoolean());
            assertEquals(0, api.call("myTrades", Map.of("symbol", SYMBOL, "orderId", again.get("result").get("orderId").asLong()))
                    .get("result").size(), "an order that did not fill has no trades");
            // the account's trades of the symbol: from a trade id, by time, the most recent, and what may not be combined
            long second = list.get(1).get("id").asLong();
            JsonNode from = api.call("myTrades", Map.of("symbol", SYMBOL, "fromId", second)).get("result");
            assertEquals(1, from.size(), from::toString);
            assertEquals(second, from.get(0).get("id").asLong());
            long time = list.get(0).get("time").asLong();
            assertEquals(2, api.call("myTrades", Map.of("symbol", SYMBOL, "startTime", time)).get("result").size());
            assertEquals(0, api.call("myTrades", Map.of("symbol", SYMBOL, "startTime", time + 1)).get("result").size());
            JsonNode last = api.call("myTrades", Map.of("symbol", SYMBOL, "limit", 1)).get("result");
            assertEquals(second, last.get(0).get("id").asLong(), "no condition: the most recent");
            assertEquals(-1128, api.call("myTrades", Map.of("symbol", SYMBOL, "fromId", second, "startTime", time)).get("error").get("code").asInt());
            assertEquals(-1128, api.call("myTrades", Map.of("symbol", SYMBOL, "orderId", res.get("orderId").asLong(), "startTime", time))
                    .get("error").get("code").asInt());
        }
    }

    @Test
    void shouldOfferALevelAgainOnceADiffNamesItsPrice() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            BigDecimal[] top = levels(fake, "asks", 1).get(0);
            JsonNode r = api.call("order.place", order("BUY", "LIMIT", "timeInForce", "IOC", "price", top[0].toPlainString(),
                    "quantity", top[1].toPlainString(), "newOrderRespType", "RESULT"));
            assertEquals("FILLED", r.get("result").get("status").asText(), r::toString);
            String price = s8(top[0]);
            long diff = fake.releaseUntil(f -> f.depth() && askLevel(f, price) != null && askLevel(f, price).signum() > 0);
            assertTrue(diff > 0, "a later diff sets the ask at " + price);
            assertTrue(fake.awaitSent(diff, WAIT));
            BigDecimal recorded = askLevel(fake.frames().get((int) diff - 1), price);
            BigDecimal best = levels(fake, "asks", 1).get(0)[0];
            assertEquals(0, best.compareTo(top[0]), "still the best ask at that point of the recording");
            JsonNode again = api.call("order.place", order("BUY", "LIMIT", "timeInForce", "IOC", "price", top[0].toPlainString(),
                    "quantity", recorded.add(new BigDecimal("1")).toPlainString(), "newOrderRespType", "RESULT"));
            assertEquals(s8(recorded), again.get("result").get("executedQty").asText(), "the diff's quantity, whole: " + again);
        }
    }

    /** The quantity a depth frame sets for the ask at {@code price} (8 decimals), or null. */
    static BigDecimal askLevel(FakeBinance.Frame f, String price) {
        try {
            for (JsonNode l : json(f.text()).get("data").get("a")) {
                if (new BigDecimal(l.get(0).asText()).compareTo(new BigDecimal(price)) == 0) {
                    return new BigDecimal(l.get(1).asText());
                }
            }
            return null;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldFillAMarketOrderAtTheBestBidAndAnswerAck() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            BigDecimal[] bid = levels(fake, "bids", 1).get(0);
            JsonNode r = api.call("order.place", order("SELL", "MARKET", "quantity", bid[1].min(new BigDecimal("0.001")).toPlainString(),
                    "newOrderRespType", "ACK", "newClientOrderId", "m-1"));
            assertEquals(200, r.get("status").asInt(), r::toString);
            assertEquals(List.of("symbol", "orderId", "orderListId", "clientOrderId", "transactTime"),
                    iterableToList(r.get("result").fieldNames()));
            OrderView v = fake.order("m-1");
            assertEquals("FILLED", v.status());
            assertEquals(0, v.cumulativeQuoteQty().compareTo(bid[0].multiply(v.executedQty())));
        }
    }

    static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void shouldSignTheUtf8PayloadOfTheDocsNonAsciiExample() throws Exception {
        JsonNode vectors = json(Files.readString(TestSupport.data("binance/docs/signature-vectors.json")));
        JsonNode request = null;
        for (JsonNode v : vectors.get("vectors")) {
            if (v.get("id").asText().equals("wsapi-hmac-stepbystep-nonascii")) {
                request = v.get("request");
            }
        }
        assertNotNull(request);
        long ts = request.get("params").get("timestamp").asLong();
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .clockMs(() -> ts).start()) {
            JsonNode reply = ApiSession.connect(fake).send(request.toString(), request.get("id").asText());
            assertError(reply, 400, -1121, "Invalid symbol."); // past the signature: the symbol is not listed
        }
    }

    @Test
    void shouldKillAFillOrKillThatTheBookCannotFillWhole() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            List<BigDecimal[]> bids = levels(fake, "bids", 1);
            JsonNode r = api.call("order.place", order("SELL", "LIMIT", "timeInForce", "FOK", "price", bids.get(0)[0].toPlainString(),
                    "quantity", bids.get(0)[1].add(new BigDecimal("0.001")).toPlainString(), "newOrderRespType", "RESULT"));
            assertEquals("EXPIRED", r.get("result").get("status").asText(), r::toString);
            assertEquals(0, fake.fills());
        }
    }

    @Test
    void shouldFillARestingOrderAsMakerWhenATradePrintsThroughItsPrice() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            assertEquals(0, api.call("userDataStream.subscribe.signature", Map.of()).get("result").get("subscriptionId").asInt());
            BigDecimal bid = levels(fake, "bids", 1).get(0)[0];
            JsonNode r = api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", bid.toPlainString(),
                    "quantity", "0.5", "newClientOrderId", "maker-1", "newOrderRespType", "ACK"));
            assertEquals(200, r.get("status").asInt(), r::toString);
            assertEquals("NEW", api.event().get("x").asText());
            // the first later trade below the order's price
            long through = fake.releaseUntil(f -> f.stream().equals("btcusdt@trade") && new BigDecimal(tradeField(f, "p")).compareTo(bid) < 0);
            assertTrue(through > 0, "the recording has a trade below " + bid);
            assertTrue(fake.awaitSent(through, WAIT));
            BigDecimal tradeQty = new BigDecimal(tradeField(fake.frames().get((int) through - 1), "q"));
            JsonNode fill = api.event();
            assertEquals("TRADE", fill.get("x").asText(), fill::toString);
            assertTrue(fill.get("m").asBoolean(), "maker");
            assertEquals(s8(bid), fill.get("L").asText());
            BigDecimal filled = tradeQty.min(new BigDecimal("0.5"));
            assertEquals(s8(filled), fill.get("l").asText());
            assertEquals(filled.compareTo(new BigDecimal("0.5")) == 0 ? "FILLED" : "PARTIALLY_FILLED", fill.get("X").asText());
            OrderView v = fake.order("maker-1");
            assertEquals(0, filled.compareTo(v.executedQty()));
            assertEquals(fill.get("X").asText(), v.status());
        }
    }

    static String tradeField(FakeBinance.Frame f, String name) {
        try {
            return json(f.text()).get("data").get(name).asText();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void shouldRejectALimitMakerThatWouldTake() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            BigDecimal ask = levels(fake, "asks", 1).get(0)[0];
            assertError(api.call("order.place", order("BUY", "LIMIT_MAKER", "price", ask.toPlainString(), "quantity", "0.001",
                    "newClientOrderId", "lm-1")), 400, -2010, "Order would immediately match and take.");
            JsonNode e = api.event();
            assertEquals("REJECTED", e.get("x").asText());
            assertEquals("WOULD_MATCH_IMMEDIATELY", e.get("r").asText());
            assertEquals("REJECTED", fake.order("lm-1").status());
            assertEquals(0, fake.fills());
        }
    }

    @Test
    void shouldTriggerAStopLossWhenATradeReachesItsStopPrice() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            long first = fake.releaseUntil(f -> f.stream().equals("btcusdt@trade"));
            assertTrue(fake.awaitSent(first, WAIT));
            BigDecimal last = new BigDecimal(tradeField(fake.frames().get((int) first - 1), "p"));
            assertError(api.call("order.place", order("SELL", "STOP_LOSS", "stopPrice", last.toPlainString(), "quantity", "0.001")),
                    400, -2010, "Order would trigger immediately.");
            BigDecimal stop = last.subtract(new BigDecimal("0.01"));
            JsonNode r = api.call("order.place", order("SELL", "STOP_LOSS", "stopPrice", stop.toPlainString(), "quantity", "0.001",
                    "newClientOrderId", "stop-1"));
            assertEquals(200, r.get("status").asInt(), r::toString);
            assertEquals("NEW", fake.order("stop-1").status());
            long trigger = fake.releaseUntil(f -> f.stream().equals("btcusdt@trade") && new BigDecimal(tradeField(f, "p")).compareTo(stop) <= 0);
            assertTrue(trigger > 0);
            assertTrue(fake.awaitSent(trigger, WAIT));
            TestSupport.await("the stop to fill", () -> "FILLED".equals(fake.order("stop-1").status()));
        }
    }

    @Test
    void shouldTriggerAStopLossLimitIntoALimitOrderThatTakesTheBook() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            long first = fake.releaseUntil(f -> f.stream().equals("btcusdt@trade"));
            assertTrue(fake.awaitSent(first, WAIT));
            BigDecimal stop = new BigDecimal(tradeField(fake.frames().get((int) first - 1), "p")).subtract(new BigDecimal("0.01"));
            BigDecimal limit = stop.subtract(new BigDecimal("1000")); // marketable once triggered
            JsonNode r = api.call("order.place", order("SELL", "STOP_LOSS_LIMIT", "timeInForce", "GTC", "stopPrice", stop.toPlainString(),
                    "price", limit.toPlainString(), "quantity", "0.001", "newClientOrderId", "sll-1", "newOrderRespType", "RESULT"));
            assertEquals("NEW", r.get("result").get("status").asText(), r::toString);
            assertEquals(-1, r.get("result").get("workingTime").asLong(), "not working before its trigger");
            JsonNode nw = api.event();
            assertEquals("NEW", nw.get("x").asText());
            assertFalse(nw.get("w").asBoolean());
            long trigger = fake.releaseUntil(f -> f.stream().equals("btcusdt@trade") && new BigDecimal(tradeField(f, "p")).compareTo(stop) <= 0);
            assertTrue(trigger > 0);
            assertTrue(fake.awaitSent(trigger, WAIT));
            JsonNode fill = api.event();
            assertEquals("TRADE", fill.get("x").asText(), fill::toString);
            assertFalse(fill.get("m").asBoolean(), "it took the book");
            assertTrue(new BigDecimal(fill.get("L").asText()).compareTo(limit) >= 0, "at or above its limit");
        }
    }

    // ------------------------------------------------------------------ cancel, replace, status, user data

    @Test
    void shouldCancelByClientIdAndReportTheCancelsNewId() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            BigDecimal below = levels(fake, "bids", 1).get(0)[0].subtract(new BigDecimal("100"));
            api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", below.toPlainString(), "quantity", "0.001",
                    "newClientOrderId", "c-1"));
            JsonNode placed = api.event();
            assertEquals(1, fake.openOrders().size());
            JsonNode r = api.call("order.cancel", Map.of("symbol", SYMBOL, "origClientOrderId", "c-1", "newClientOrderId", "cx-1"));
            assertEquals(200, r.get("status").asInt(), r::toString);
            assertEquals("c-1", r.get("result").get("origClientOrderId").asText());
            assertEquals("cx-1", r.get("result").get("clientOrderId").asText());
            assertEquals("CANCELED", r.get("result").get("status").asText());
            JsonNode e = api.event();
            assertEquals("CANCELED", e.get("x").asText());
            assertEquals("cx-1", e.get("c").asText());
            assertEquals("c-1", e.get("C").asText());
            assertEquals(placed.get("i").asLong(), e.get("i").asLong());
            assertFalse(e.get("w").asBoolean());
            assertTrue(fake.openOrders().isEmpty());
            assertEquals("CANCELED", fake.order("c-1").status());
            assertError(api.call("order.cancel", Map.of("symbol", SYMBOL, "origClientOrderId", "c-1")), 400, -2011, "Unknown order sent.");
        }
    }

    @Test
    void shouldReportEveryDocumentedFieldOfNewTradeAndExpired() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            List<BigDecimal[]> asks = levels(fake, "asks", 1);
            api.call("order.place", order("BUY", "LIMIT", "timeInForce", "IOC", "price", asks.get(0)[0].toPlainString(),
                    "quantity", asks.get(0)[1].add(new BigDecimal("0.001")).toPlainString(), "newClientOrderId", "ioc-1"));
            JsonNode nw = api.event();
            JsonNode trade = api.event();
            JsonNode expired = api.event();
            for (JsonNode e : List.of(nw, trade, expired)) {
                for (String f : List.of("e", "E", "s", "c", "S", "o", "f", "q", "p", "P", "F", "g", "C", "x", "X", "r", "i", "l", "z", "L",
                        "n", "N", "T", "t", "I", "w", "m", "M", "O", "Z", "Y", "Q", "V")) {
                    assertTrue(e.has(f), f + " in " + e);
                }
            }
            assertEquals(List.of("NEW", "TRADE", "EXPIRED"), List.of(nw.get("x").asText(), trade.get("x").asText(), expired.get("x").asText()));
            assertEquals("PARTIALLY_FILLED", trade.get("X").asText());
            assertEquals(s8(asks.get(0)[1]), trade.get("z").asText());
            assertEquals("USDT", trade.get("N").asText());
            assertTrue(trade.get("t").asLong() > 0);
            assertEquals(-1, nw.get("t").asLong());
            assertEquals("UNFILLED_IOC_QUANTITY_EXPIRED", expired.get("eR").asText());
            assertEquals("ioc-1", expired.get("c").asText());
        }
    }

    @Test
    void shouldCancelReplaceAndSendCanceledThenNew() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            String below = levels(fake, "bids", 1).get(0)[0].subtract(new BigDecimal("100")).toPlainString();
            api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", below, "quantity", "0.001", "newClientOrderId", "r-1"));
            api.event();
            JsonNode r = api.call("order.cancelReplace", order("BUY", "LIMIT", "cancelReplaceMode", "STOP_ON_FAILURE",
                    "cancelOrigClientOrderId", "r-1", "timeInForce", "GTC", "price", below, "quantity", "0.002", "newClientOrderId", "r-2"));
            assertEquals(200, r.get("status").asInt(), r::toString);
            assertEquals("SUCCESS", r.get("result").get("cancelResult").asText());
            assertEquals("r-2", r.get("result").get("newOrderResponse").get("clientOrderId").asText());
            JsonNode canceled = api.event();
            JsonNode placed = api.event();
            assertEquals("CANCELED", canceled.get("x").asText());
            assertEquals("r-1", canceled.get("C").asText());
            assertEquals("NEW", placed.get("x").asText());
            assertEquals("r-2", placed.get("c").asText());
            assertEquals(List.of("r-2"), fake.openOrders().stream().map(OrderView::clientOrderId).toList());
        }
    }

    @Test
    void shouldNotPlaceOnStopOnFailureButPlaceOnAllowFailureWhenTheCancelFails() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            String below = levels(fake, "bids", 1).get(0)[0].subtract(new BigDecimal("100")).toPlainString();
            JsonNode stop = api.call("order.cancelReplace", order("BUY", "LIMIT", "cancelReplaceMode", "STOP_ON_FAILURE",
                    "cancelOrigClientOrderId", "nope", "timeInForce", "GTC", "price", below, "quantity", "0.001", "newClientOrderId", "n-1"));
            assertError(stop, 400, -2022, "Order cancel-replace failed.");
            JsonNode data = stop.get("error").get("data");
            assertEquals("NOT_ATTEMPTED", data.get("newOrderResult").asText());
            assertEquals(-2011, data.get("cancelResponse").get("code").asInt());
            assertTrue(data.get("newOrderResponse").isNull());
            assertTrue(fake.openOrders().isEmpty());
            assertEquals(1, stop.get("rateLimits").get(0).get("count").asInt(), "counted in ORDERS");
            assertEquals(0, fake.ordersPlaced(), "but not placed");

            JsonNode allow = api.call("order.cancelReplace", order("BUY", "LIMIT", "cancelReplaceMode", "ALLOW_FAILURE",
                    "cancelOrigClientOrderId", "nope", "timeInForce", "GTC", "price", below, "quantity", "0.001", "newClientOrderId", "n-1"));
            assertError(allow, 409, -2021, "Order cancel-replace partially failed.");
            assertEquals("SUCCESS", allow.get("error").get("data").get("newOrderResult").asText());
            assertEquals("NEW", fake.order("n-1").status());
        }
    }

    @Test
    void shouldAnswerOrderStatusAndOpenOrders() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            String below = levels(fake, "bids", 1).get(0)[0].subtract(new BigDecimal("100")).toPlainString();
            long id = api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", below, "quantity", "0.001",
                    "newClientOrderId", "s-1")).get("result").get("orderId").asLong();
            JsonNode st = api.call("order.status", Map.of("symbol", SYMBOL, "orderId", id));
            assertEquals("s-1", st.get("result").get("clientOrderId").asText());
            assertEquals("NEW", st.get("result").get("status").asText());
            assertTrue(st.get("result").get("isWorking").asBoolean());
            // one IP weight for REST and the API: connection 2, depth 5, order.place 1, order.status 4
            assertEquals(12, st.get("rateLimits").get(0).get("count").asInt());
            JsonNode open = api.call("openOrders.status", Map.of("symbol", SYMBOL));
            assertEquals(1, open.get("result").size());
            assertEquals(id, open.get("result").get(0).get("orderId").asLong());
            assertError(api.call("order.status", Map.of("symbol", SYMBOL, "origClientOrderId", "none")), 400, -2013, "Order does not exist.");
            assertEquals(4, fake.apiRequests());
        }
    }
}
