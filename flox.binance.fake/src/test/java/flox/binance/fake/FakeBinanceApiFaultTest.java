package flox.binance.fake;

import static flox.binance.fake.FakeBinanceApiTest.SYMBOL;
import static flox.binance.fake.FakeBinanceApiTest.assertError;
import static flox.binance.fake.FakeBinanceApiTest.levels;
import static flox.binance.fake.FakeBinanceApiTest.order;
import static flox.binance.fake.FakeBinanceApiTest.reachBook;
import static flox.binance.fake.FakeBinanceApiTest.start;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeBinanceApiFaultTest {
    private static String below(FakeBinance fake) throws Exception {
        return levels(fake, "bids", 1).get(0)[0].subtract(new BigDecimal("100")).toPlainString();
    }

    private static Map<String, Object> resting(String price, String clientId) {
        return order("BUY", "LIMIT", "timeInForce", "GTC", "price", price, "quantity", "0.001", "newClientOrderId", clientId);
    }

    @Test
    void shouldAnswer5xxAndStillPlaceTheOrderWhenExecuted() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            fake.fault(Fault.apiServerError(true));
            assertError(api.call("order.place", resting(below(fake), "u-1")), 503, -1001, null);
            assertEquals("NEW", fake.order("u-1").status(), "the order is on the book");
            assertEquals("NEW", api.event().get("x").asText(), "and its NEW report is sent");
            assertEquals(1, fake.faultsFired(Fault.Kind.API_OUTCOME_UNKNOWN));
            JsonNode st = api.call("order.status", Map.of("symbol", SYMBOL, "origClientOrderId", "u-1"));
            assertEquals("NEW", st.get("result").get("status").asText(), "a query finds it");
        }
    }

    @Test
    void shouldAnswerTimeoutAndDropTheOrderWhenNotExecuted() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            fake.fault(Fault.apiTimeout(false));
            assertError(api.call("order.place", resting(below(fake), "u-2")), 408, -1007, null);
            assertNull(fake.order("u-2"));
            assertError(api.call("order.status", Map.of("symbol", SYMBOL, "origClientOrderId", "u-2")), 400, -2013, null);
            assertEquals(200, api.call("order.place", resting(below(fake), "u-3")).get("status").asInt(), "only the next request");
        }
    }

    @Test
    void shouldRejectTheNextOrderForInsufficientBalance() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            fake.fault(Fault.apiInsufficientBalance());
            assertError(api.call("order.place", resting(below(fake), "b-1")), 400, -2010,
                    "Account has insufficient balance for requested action.");
            JsonNode e = api.event();
            assertEquals("REJECTED", e.get("X").asText());
            assertEquals("INSUFFICIENT_BALANCES", e.get("r").asText());
            assertEquals(200, api.call("order.place", resting(below(fake), "b-2")).get("status").asInt());
            assertEquals(1, fake.ordersRejected());
        }
    }

    @Test
    void shouldRefuseTheNextNewOrderWithAScriptedFilterFailureAndMakeNoOrder() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            fake.fault(Fault.apiFilterFailure("PERCENT_PRICE_BY_SIDE"));
            assertError(api.call("order.place", resting(below(fake), "f-1")), 400, -1013, "Filter failure: PERCENT_PRICE_BY_SIDE");
            assertEquals(1, fake.faultsFired(Fault.Kind.API_FILTER_FAILURE));
            assertTrue(fake.openOrders().isEmpty(), "no order made: " + fake.openOrders());
            assertError(api.call("order.status", Map.of("symbol", SYMBOL, "origClientOrderId", "f-1")), 400, -2013, null);
            assertEquals(200, api.call("order.place", resting(below(fake), "f-2")).get("status").asInt(), "only the next order");
        }
    }

    @Test
    void shouldAnswer429And418WithRetryAfterInData() throws Exception {
        long now = 1_700_000_000_000L;
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .clockMs(() -> now).start()) {
            ApiSession api = ApiSession.connect(fake);
            fake.fault(Fault.apiRateLimited(30_000));
            fake.fault(Fault.apiBanned(120_000));
            JsonNode r = api.call("openOrders.status", Map.of("timestamp", now));
            assertError(r, 429, -1003, null);
            assertEquals(now + 30_000, r.get("error").get("data").get("retryAfter").asLong());
            JsonNode b = api.call("openOrders.status", Map.of("timestamp", now));
            assertError(b, 418, -1003, null);
            assertEquals(now + 120_000, b.get("error").get("data").get("retryAfter").asLong());
            assertTrue(b.get("error").get("msg").asText().contains("banned until " + (now + 120_000)));
            assertEquals(200, api.call("openOrders.status", Map.of("timestamp", now)).get("status").asInt());
        }
    }

    @Test
    void shouldDropTheApiConnections() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            fake.fault(Fault.apiDisconnect(1011));
            assertEquals(1011, api.closeCode.get(TestSupport.WAIT.toMillis(), TimeUnit.MILLISECONDS));
            TestSupport.await("the API connection to go", () -> fake.apiConnectionsOpen() == 0);
            assertEquals(1, fake.faultsFired(Fault.Kind.API_DISCONNECT));
        }
    }

    @Test
    void shouldSendTheNextUserDataEventTwice() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            fake.fault(Fault.userDataDuplicate());
            api.call("order.place", resting(below(fake), "d-1"));
            api.call("order.cancel", Map.of("symbol", SYMBOL, "origClientOrderId", "d-1"));
            JsonNode first = api.event();
            JsonNode second = api.event();
            JsonNode third = api.event();
            assertEquals(first, second, "the same event, twice");
            assertEquals(List.of("NEW", "NEW", "CANCELED"), List.of(first.get("x").asText(), second.get("x").asText(), third.get("x").asText()));
            assertEquals(3, fake.userDataEventsSent());
        }
    }

    @Test
    void shouldDeliverAFillBeforeTheOrdersNew() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            fake.fault(Fault.userDataFillBeforeNew());
            BigDecimal[] ask = levels(fake, "asks", 1).get(0);
            api.call("order.place", order("BUY", "LIMIT", "timeInForce", "GTC", "price", ask[0].toPlainString(), "quantity",
                    ask[1].min(new BigDecimal("0.001")).toPlainString(), "newClientOrderId", "o-1"));
            JsonNode a = api.event();
            JsonNode b = api.event();
            assertEquals(List.of("TRADE", "NEW"), List.of(a.get("x").asText(), b.get("x").asText()));
            assertEquals(a.get("i"), b.get("i"));
            assertTrue(a.get("I").asLong() > b.get("I").asLong(), "the NEW was made first, sent second");
        }
    }

    @Test
    void shouldSendTheWrappedServerShutdownEventThenClose() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            fake.fault(Fault.serverShutdown(100));
            JsonNode e = api.event();
            assertEquals("serverShutdown", e.get("e").asText());
            assertTrue(e.get("E").asLong() > 0);
            assertEquals(1001, api.closeCode.get(TestSupport.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    @Test
    void shouldPingApiConnections() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .pingInterval(java.time.Duration.ofMillis(50)).pongTimeout(java.time.Duration.ofSeconds(5)).start()) {
            ApiSession api = ApiSession.connect(fake);
            TestSupport.await("three pongs", () -> fake.pongsReceived() >= 3);
            assertEquals(0, fake.connectionsDroppedNoPong());
            assertTrue(!api.closeCode.isDone(), "still open");
        }
    }

    @Test
    void shouldFireAnApiFaultScriptedAfterAFrame() throws Exception {
        try (FakeBinance fake = start()) {
            ApiSession api = ApiSession.connect(fake);
            fake.faultAfterFrame(20, Fault.apiDisconnect(4001));
            fake.release(19);
            assertTrue(fake.awaitSent(19, TestSupport.WAIT));
            assertEquals(200, api.call("openOrders.status", Map.of()).get("status").asInt(), "open until frame 20");
            fake.release(1);
            assertEquals(4001, api.closeCode.get(TestSupport.WAIT.toMillis(), TimeUnit.MILLISECONDS));
        }
    }

    /**
     * A fill races a cancel-replace and leaves part of the order: its TRADE (before the reply: it
     * happened first), then the request as usual: the success reply whose cancelResponse counts
     * the raced fill, CANCELED with z including it, and the new order NEW of the quantity asked.
     */
    @Test
    void shouldFillTheOldOrderFirstThenCancelAndReplaceItWhenAFillRacesACancelReplace() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            String price = below(fake);
            api.call("order.place", resting(price, "r-1"));
            assertEquals("NEW", api.event().get("x").asText());
            fake.fault(Fault.cancelReplaceRacedByFill(40_000)); // 0.0004 of the 0.001
            JsonNode r = api.call("order.cancelReplace", order("BUY", "LIMIT", "cancelReplaceMode", "STOP_ON_FAILURE",
                    "cancelOrigClientOrderId", "r-1", "timeInForce", "GTC", "price", price, "quantity", "0.002", "newClientOrderId", "r-2"));
            JsonNode trade = api.events.poll(); // no wait: it was read before the reply, on the same connection
            assertTrue(trade != null, "the raced fill's TRADE came before the reply");
            JsonNode t = trade.get("event");
            assertEquals(List.of("TRADE", "PARTIALLY_FILLED", "r-1"), List.of(t.get("x").asText(), t.get("X").asText(), t.get("c").asText()));
            assertEquals(0, new BigDecimal("0.0004").compareTo(new BigDecimal(t.get("l").asText())));
            assertEquals(0, new BigDecimal("0.0004").compareTo(new BigDecimal(t.get("z").asText())));
            assertEquals(0, new BigDecimal(price).compareTo(new BigDecimal(t.get("L").asText())), "at the order's price");
            assertTrue(t.get("m").asBoolean(), "as a maker");

            assertEquals(200, r.get("status").asInt(), r::toString);
            JsonNode result = r.get("result");
            assertEquals("SUCCESS", result.get("cancelResult").asText());
            assertEquals("SUCCESS", result.get("newOrderResult").asText());
            assertEquals("0.00040000", result.get("cancelResponse").get("executedQty").asText());
            assertEquals("CANCELED", result.get("cancelResponse").get("status").asText());
            assertEquals("r-2", result.get("newOrderResponse").get("clientOrderId").asText());
            JsonNode canceled = api.event();
            assertEquals(List.of("CANCELED", "r-1", "0.00040000"), List.of(canceled.get("x").asText(), canceled.get("C").asText(),
                    canceled.get("z").asText()));
            JsonNode placed = api.event();
            assertEquals(List.of("NEW", "r-2", "0.00200000", "0.00000000"), List.of(placed.get("x").asText(), placed.get("c").asText(),
                    placed.get("q").asText(), placed.get("z").asText()));

            assertEquals(1, fake.faultsFired(Fault.Kind.CANCEL_REPLACE_RACED_BY_FILL));
            OrderView old = fake.order("r-1");
            assertEquals("CANCELED", old.status());
            assertEquals(0, new BigDecimal("0.0004").compareTo(old.executedQty()));
            assertEquals(List.of("r-2"), fake.openOrders().stream().map(OrderView::clientOrderId).toList());
            JsonNode st = api.call("order.status", Map.of("symbol", SYMBOL, "origClientOrderId", "r-1")).get("result");
            assertEquals(List.of("CANCELED", "0.00040000"), List.of(st.get("status").asText(), st.get("executedQty").asText()));
            assertEquals(1, fake.fills());
        }
    }

    /**
     * A fill races a cancel-replace and completes the order: its TRADE with X=FILLED, then the
     * documented STOP_ON_FAILURE refusal (-2022, the cancel -2011, the new order not attempted),
     * and nothing else: no CANCELED, no new order.
     */
    @Test
    void shouldFillTheOldOrderAndRefuseTheCancelReplaceWhenARacedFillCompletesIt() throws Exception {
        try (FakeBinance fake = start()) {
            reachBook(fake);
            ApiSession api = ApiSession.connect(fake);
            api.call("userDataStream.subscribe.signature", Map.of());
            String price = below(fake);
            api.call("order.place", resting(price, "w-1"));
            assertEquals("NEW", api.event().get("x").asText());
            fake.fault(Fault.cancelReplaceRacedByFill(5_000_000)); // more than the 0.001 left: all of it
            JsonNode r = api.call("order.cancelReplace", order("BUY", "LIMIT", "cancelReplaceMode", "STOP_ON_FAILURE",
                    "cancelOrigClientOrderId", "w-1", "timeInForce", "GTC", "price", price, "quantity", "0.002", "newClientOrderId", "w-2"));
            JsonNode trade = api.events.poll();
            assertTrue(trade != null, "the raced fill's TRADE came before the reply");
            JsonNode t = trade.get("event");
            assertEquals(List.of("TRADE", "FILLED", "0.00100000", "0.00100000"), List.of(t.get("x").asText(), t.get("X").asText(),
                    t.get("l").asText(), t.get("z").asText()));

            assertError(r, 400, -2022, "Order cancel-replace failed.");
            JsonNode data = r.get("error").get("data");
            assertEquals("FAILURE", data.get("cancelResult").asText());
            assertEquals("NOT_ATTEMPTED", data.get("newOrderResult").asText());
            assertEquals(-2011, data.get("cancelResponse").get("code").asInt());
            assertEquals("Unknown order sent.", data.get("cancelResponse").get("msg").asText());
            assertTrue(data.get("newOrderResponse").isNull());

            // anything the request caused would come before the next reply on this connection
            JsonNode open = api.call("openOrders.status", Map.of("symbol", SYMBOL));
            assertEquals(0, open.get("result").size());
            assertTrue(api.events.isEmpty(), "no further event: " + api.events);
            assertEquals(1, fake.faultsFired(Fault.Kind.CANCEL_REPLACE_RACED_BY_FILL));
            OrderView old = fake.order("w-1");
            assertEquals("FILLED", old.status());
            assertEquals(0, new BigDecimal("0.001").compareTo(old.executedQty()));
            assertNull(fake.order("w-2"), "never placed");
            assertEquals(1, fake.ordersPlaced());
            assertEquals(0, fake.ordersCanceled());
        }
    }
}
