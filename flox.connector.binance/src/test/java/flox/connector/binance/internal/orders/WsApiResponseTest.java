package flox.connector.binance.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.RejectReason;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The WebSocket API's documented replies (testdata/binance/docs): results, errors, rate limits, and what they mean for an order. */
class WsApiResponseTest {
    static final Path DOCS = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "docs");
    /** 2022-06-20T09:08:16.505Z, the documented reply's transactTime: in a 10 s window starting at :10. */
    static final long NOW = 1655716096505L;

    final WsApiResponse reply = new WsApiResponse();
    final RateLimits limits = new RateLimits(0.1);

    static byte[] doc(String name, String id) throws IOException {
        String s = Files.readString(DOCS.resolve(name));
        if (id != null) s = s.replaceFirst("\"id\": \"[^\"]+\"", "\"id\": " + id);
        return s.getBytes(StandardCharsets.UTF_8);
    }

    void decode(byte[] b) throws IOException {
        reply.decode(b, 0, b.length, limits, NOW);
    }

    @Test
    void shouldReadAnOrderPlacedReplyAndItsRateLimits() throws IOException {
        decode(doc("wsapi-response-with-rateLimits.json", "17"));
        assertEquals(17, reply.id);
        assertEquals(200, reply.status);
        assertEquals(0, reply.errorCode);
        assertEquals(12510053279L, reply.orderId);
        assertEquals("a097fe6304b20a7e4fc436", reply.clientOrderId.toString());
        assertEquals("NEW", reply.orderStatus.toString());
        assertEquals("ORDERS 12/50 per 10s, ORDERS 4043/160000 per 1d, REQUEST_WEIGHT 321/6000 per 1m", limits.describe(NOW));
        assertEquals(0, limits.waitMs(RateLimits.ORDERS, 1, NOW));
    }

    @Test
    void shouldTakeAStringIdAsNotOurs() throws IOException {
        decode(doc("wsapi-response-with-rateLimits.json", null));
        assertEquals(-1, reply.id);
    }

    @Test
    void shouldMapAnInsufficientBalanceRefusal() throws IOException {
        decode(doc("error-wsapi-400-insufficient-balance.json", "18"));
        assertEquals(400, reply.status);
        assertEquals(-2010, reply.errorCode);
        assertEquals(BinanceErrors.Outcome.REFUSED, BinanceErrors.outcome(reply.status, reply.errorCode));
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, BinanceErrors.reason(reply.status, reply.errorCode, reply.msg));
    }

    @Test
    void shouldThrottleAfterTooManyOrdersUntilTheWindowEnds() throws IOException {
        decode(doc("error-wsapi-429-too-many-orders.json", "19"));
        assertEquals(BinanceErrors.Outcome.RATE_LIMITED, BinanceErrors.outcome(reply.status, reply.errorCode));
        assertEquals(RejectReason.VENUE_RATE_LIMIT, BinanceErrors.reason(reply.status, reply.errorCode, reply.msg));
        long wait = limits.waitMs(RateLimits.ORDERS, 1, NOW);
        assertEquals(10_000 - NOW % 10_000, wait, "until the 10-second window (aligned to the clock) ends");
        assertEquals(0, limits.waitMs(RateLimits.ORDERS, 1, NOW + wait), "a new window starts at 0");
        assertEquals(0, limits.waitMs(RateLimits.REQUEST_WEIGHT, 1, NOW), "the weight is not exhausted");
    }

    @Test
    void shouldReadABanWithItsRetryAfter() throws IOException {
        decode(doc("error-wsapi-418-ip-banned.json", "20"));
        assertEquals(BinanceErrors.Outcome.BANNED, BinanceErrors.outcome(reply.status, reply.errorCode));
        assertEquals(1659146400000L, reply.retryAfterMs);
    }

    @Test
    void shouldKeepHeadroomBelowEachLimit() {
        RateLimits l = new RateLimits(0.1);
        l.report(RateLimits.ORDERS, 10_000, 50, 44, NOW);
        assertEquals(0, l.waitMs(RateLimits.ORDERS, 1, NOW), "45 of 50 is within 90 %");
        l.spend(RateLimits.ORDERS, 1, NOW);
        assertTrue(l.waitMs(RateLimits.ORDERS, 1, NOW) > 0, "a 46th would pass 90 %");
    }

    @Test
    void shouldTellUnknownOutcomesAndFilterFailuresApart() {
        assertEquals(BinanceErrors.Outcome.UNKNOWN, BinanceErrors.outcome(503, 0), "5XX: outcome unknown, query the order");
        assertEquals(BinanceErrors.Outcome.UNKNOWN, BinanceErrors.outcome(400, -1007));
        assertEquals(RejectReason.INVALID_QUANTITY, BinanceErrors.reason(400, -1013, "Filter failure: LOT_SIZE"));
        assertEquals(RejectReason.INVALID_PRICE, BinanceErrors.reason(400, -1013, "Filter failure: PRICE_FILTER"));
        assertEquals(RejectReason.BELOW_MIN_NOTIONAL, BinanceErrors.reason(400, -1013, "Filter failure: MIN_NOTIONAL"));
        assertEquals(RejectReason.VENUE_REJECT, BinanceErrors.reason(400, -1013, "Filter failure: NOTIONAL"));
        assertEquals(RejectReason.WOULD_TAKE_LIQUIDITY, BinanceErrors.reason(400, -2010, "Order would immediately match and take."));
        assertEquals(RejectReason.UNKNOWN_ORDER, BinanceErrors.reason(400, -2011, "Unknown order sent."));
        assertEquals(RejectReason.UNKNOWN_SYMBOL, BinanceErrors.reason(400, -1121, "Invalid symbol."));
    }

    @Test
    void shouldTellUserDataEventsFromRepliesWithoutParsing() throws IOException {
        byte[] event = Files.readAllBytes(DOCS.resolve("uds-executionReport.json"));
        assertTrue(WsApiResponse.isEvent(event, 0, event.length));
        byte[] r = doc("wsapi-response-with-rateLimits.json", "1");
        assertFalse(WsApiResponse.isEvent(r, 0, r.length));
    }

    @Test
    void shouldRefuseAReplyCutShortAndReadTheNext() throws IOException {
        byte[] r = doc("wsapi-response-with-rateLimits.json", "1");
        IOException cut = assertThrows(IOException.class, () -> reply.decode(r, 0, r.length / 2, limits, NOW));
        assertEquals(ApiProblem.INVALID_JSON, ApiProblem.of(cut), cut.toString());
        byte[] array = "[1, 2]".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        IOException notAnObject = assertThrows(IOException.class, () -> reply.decode(array, 0, array.length, limits, NOW));
        assertEquals(ApiProblem.NOT_A_MESSAGE, ApiProblem.of(notAnObject), notAnObject.toString());
        byte[] noStatus = "{\"id\": \"1\", \"result\": {}}".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        IOException missing = assertThrows(IOException.class, () -> reply.decode(noStatus, 0, noStatus.length, limits, NOW));
        assertEquals(ApiProblem.MISSING_FIELD, ApiProblem.of(missing), missing.toString());
        decode(r);
        assertEquals(200, reply.status);
    }

    @Test
    void shouldAllocateNothingPerReply() throws Exception {
        byte[] r = doc("error-wsapi-400-insufficient-balance.json", "5");
        long bytes = flox.connector.binance.internal.Allocation.leastPerRound(() -> {
            for (int i = 0; i < 20_000; i++) {
                reply.decode(r, 0, r.length, limits, NOW);
                BinanceErrors.reason(reply.status, reply.errorCode, reply.msg);
            }
        }, 20, 1_024);
        assertTrue(bytes < 1_024, bytes + " bytes over 20,000 replies in the least of 20 rounds");
    }
}
