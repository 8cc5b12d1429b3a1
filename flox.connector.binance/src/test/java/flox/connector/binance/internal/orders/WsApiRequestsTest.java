package flox.connector.binance.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import flox.api.order.OrderRequest;
import flox.api.order.OrderType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.connector.binance.internal.sign.RequestSigner;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** WebSocket API requests as Binance documents them, signed so that an independent HMAC over the sorted parameters agrees. */
class WsApiRequestsTest {
    /** The docs' published example key pair (signature-vectors.json). */
    static final String API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    static final String SECRET = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    final WsApiRequests requests = new WsApiRequests(API_KEY, RequestSigner.hmacSha256(SECRET.toCharArray()), new BinanceClientIds("flxRUN1_"), 5000);
    final OrderRequest order = new OrderRequest();

    /** Sets the test's order: client id, symbol 3, strategy 7. */
    OrderRequest set(long id, Side side, OrderType type, TimeInForce tif, long price, long quantity) {
        return order.clear().clientOrderId(id).symbolId(3).strategyId(7).side(side).orderType(type).timeInForce(tif).priceScaled(price)
                .quantityScaled(quantity);
    }

    JsonNode written(int length) throws Exception {
        return new ObjectMapper().readTree(new String(requests.buffer(), 0, length, StandardCharsets.UTF_8));
    }

    /** Checks the signature the way the venue does: HMAC-SHA256 of every other parameter, sorted by name, name=value joined with &. */
    static void assertSigned(JsonNode params) throws Exception {
        Map<String, String> sorted = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = params.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("signature")) sorted.put(e.getKey(), e.getValue().asText());
        }
        List<String> pairs = new ArrayList<>();
        sorted.forEach((k, v) -> pairs.add(k + "=" + v));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        StringBuilder hex = new StringBuilder();
        for (byte b : mac.doFinal(String.join("&", pairs).getBytes(StandardCharsets.UTF_8))) hex.append(String.format("%02x", b));
        assertEquals(hex.toString(), params.get("signature").asText());
    }

    @Test
    void shouldPlaceALimitOrderSignedWithItsClientIdAndAckReplies() throws Exception {
        set(42, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 5_200_000, 1_000_000);
        JsonNode r = written(requests.place(9, order, "BTCUSDT", 2, 8, 1645423376532L));
        assertEquals(9, r.get("id").asLong());
        assertEquals("order.place", r.get("method").asText());
        JsonNode p = r.get("params");
        assertEquals("BTCUSDT", p.get("symbol").asText());
        assertEquals("SELL", p.get("side").asText());
        assertEquals("LIMIT", p.get("type").asText());
        assertEquals("GTC", p.get("timeInForce").asText());
        assertEquals("52000.00", p.get("price").asText());
        assertEquals("0.01000000", p.get("quantity").asText());
        assertEquals("flxRUN1_42", p.get("newClientOrderId").asText());
        assertEquals("ACK", p.get("newOrderRespType").asText());
        assertEquals(API_KEY, p.get("apiKey").asText());
        assertEquals(1645423376532L, p.get("timestamp").asLong());
        assertEquals(5000, p.get("recvWindow").asLong());
        assertSigned(p);
    }

    @Test
    void shouldMapEveryOrderTypeByTheTable() throws Exception {
        set(43, Side.BUY, OrderType.LIMIT, TimeInForce.POST_ONLY, 5_200_000, 1_000_000);
        JsonNode p = written(requests.place(1, order, "BTCUSDT", 2, 8, 1L)).get("params");
        assertEquals("LIMIT_MAKER", p.get("type").asText());
        assertFalse(p.has("timeInForce"), "LIMIT_MAKER takes no time in force");
        set(44, Side.BUY, OrderType.MARKET, TimeInForce.IOC, 0, 1_000_000);
        p = written(requests.place(2, order, "BTCUSDT", 2, 8, 1L)).get("params");
        assertEquals("MARKET", p.get("type").asText());
        assertFalse(p.has("price"));
        set(45, Side.SELL, OrderType.STOP, TimeInForce.GTC, 0, 1_000_000).stopPriceScaled(5_000_000);
        p = written(requests.place(3, order, "BTCUSDT", 2, 8, 1L)).get("params");
        assertEquals("STOP_LOSS", p.get("type").asText());
        assertEquals("50000.00", p.get("stopPrice").asText());
        set(46, Side.SELL, OrderType.STOP_LIMIT, TimeInForce.IOC, 4_990_000, 1_000_000).stopPriceScaled(5_000_000);
        p = written(requests.place(4, order, "BTCUSDT", 2, 8, 1L)).get("params");
        assertEquals("STOP_LOSS_LIMIT", p.get("type").asText());
        assertEquals("IOC", p.get("timeInForce").asText());
        assertEquals("49900.00", p.get("price").asText());
        assertSigned(p);
        assertFalse(WsApiRequests.supported(OrderType.STOP_LIMIT, TimeInForce.POST_ONLY));
        set(47, Side.SELL, OrderType.STOP_LIMIT, TimeInForce.POST_ONLY, 4_990_000, 1_000_000);
        assertThrows(IllegalArgumentException.class, () -> requests.place(5, order, "BTCUSDT", 2, 8, 1L));
    }

    @Test
    void shouldCancelAndCancelReplaceByClientIdStoppingOnFailure() throws Exception {
        JsonNode r = written(requests.cancel(6, "BTCUSDT", 42, 2L));
        assertEquals("order.cancel", r.get("method").asText());
        assertEquals("flxRUN1_42", r.get("params").get("origClientOrderId").asText());
        assertSigned(r.get("params"));
        r = written(requests.cancelReplace(7, "BTCUSDT", 42, 48, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 5_210_000, 600_000, 0, 2, 8, 3L));
        JsonNode p = r.get("params");
        assertEquals("order.cancelReplace", r.get("method").asText());
        assertEquals("STOP_ON_FAILURE", p.get("cancelReplaceMode").asText());
        assertEquals("flxRUN1_42", p.get("cancelOrigClientOrderId").asText());
        assertEquals("flxRUN1_48", p.get("newClientOrderId").asText());
        assertEquals("0.00600000", p.get("quantity").asText());
        assertSigned(p);
    }

    @Test
    void shouldQueryAndSubscribeToUserData() throws Exception {
        JsonNode r = written(requests.status(8, "BTCUSDT", 42, 4L));
        assertEquals("order.status", r.get("method").asText());
        r = written(requests.openOrders(9, null, 5L));
        assertEquals("openOrders.status", r.get("method").asText());
        assertFalse(r.get("params").has("symbol"));
        r = written(requests.subscribeUserData(10, 6L));
        assertEquals("userDataStream.subscribe.signature", r.get("method").asText());
        assertEquals(4, r.get("params").size(), "apiKey, timestamp, recvWindow, signature");
        assertSigned(r.get("params"));
    }

    @Test
    void shouldAllocateNothingPerRequest() throws Exception {
        set(42, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 5_200_000, 1_000_000);
        long bytes = flox.connector.binance.internal.Allocation.leastPerRound(() -> {
            for (int i = 0; i < 20_000; i++) {
                requests.place(i, order, "BTCUSDT", 2, 8, 1645423376532L + i);
                requests.cancel(i, "BTCUSDT", 42, 1645423376532L + i);
            }
        }, 20, 1_024);
        assertTrue(bytes < 1_024, bytes + " bytes over 20,000 places and cancels in the least of 20 rounds");
    }
}
