package flox.binance.fake;

import static flox.binance.fake.TestSupport.WAIT;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * A JDK WebSocket client of the fake's WebSocket API: signs requests (HMAC-SHA256 with the docs'
 * key pair by default, the venue's rule written out independently of the fake), waits for the
 * reply with the request's id and keeps user-data events apart.
 */
final class ApiSession implements WebSocket.Listener {
    final LinkedBlockingQueue<JsonNode> replies = new LinkedBlockingQueue<>();
    final LinkedBlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private final AtomicLong ids = new AtomicLong();
    String apiKey = FakeBinance.DOCS_API_KEY;
    String secret = FakeBinance.DOCS_SECRET_KEY;
    WebSocket ws;

    static ApiSession connect(FakeBinance fake) throws Exception {
        long opened = fake.apiConnectionsOpened();
        ApiSession s = new ApiSession();
        s.ws = TestSupport.HTTP.newWebSocketBuilder().buildAsync(URI.create(fake.apiUrl()), s).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        TestSupport.await("the fake to register the API connection", () -> fake.apiConnectionsOpened() > opened);
        return s;
    }

    /** Signs {@code params} (apiKey and timestamp added unless given) and returns the reply. */
    JsonNode call(String method, Map<String, ?> params) throws Exception {
        TreeMap<String, Object> p = new TreeMap<>(params);
        p.putIfAbsent("apiKey", apiKey);
        p.putIfAbsent("timestamp", System.currentTimeMillis());
        StringBuilder payload = new StringBuilder();
        p.forEach((k, v) -> payload.append(payload.length() == 0 ? "" : "&").append(k).append('=').append(v));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        ObjectNode json = TestSupport.JSON.valueToTree(p);
        json.put("signature", HexFormat.of().formatHex(mac.doFinal(payload.toString().getBytes(StandardCharsets.UTF_8))));
        return callRaw(method, json);
    }

    /** Sends {@code params} as given and returns the reply. */
    JsonNode callRaw(String method, JsonNode params) throws Exception {
        String id = "rq-" + ids.incrementAndGet();
        ObjectNode rq = TestSupport.JSON.createObjectNode().put("id", id).put("method", method);
        rq.set("params", params);
        return send(rq.toString(), id);
    }

    JsonNode send(String text, String id) throws Exception {
        ws.sendText(text, true).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        JsonNode r = replies.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (r == null) {
            throw new AssertionError("no reply to " + id);
        }
        if (!id.equals(r.path("id").asText())) {
            throw new AssertionError("reply to another request: " + r);
        }
        return r;
    }

    /** The next user-data event's inner object. */
    JsonNode event() throws InterruptedException {
        JsonNode e = events.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        if (e == null) {
            throw new AssertionError("no user-data event in time");
        }
        return e.get("event");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                JsonNode n = TestSupport.JSON.readTree(partial.toString());
                (n.has("event") ? events : replies).add(n);
            } catch (Exception e) {
                replies.add(TestSupport.JSON.createObjectNode().put("unreadable", partial.toString()));
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }
}
