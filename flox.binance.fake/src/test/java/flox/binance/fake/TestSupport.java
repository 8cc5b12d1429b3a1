package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Test data, a JDK WebSocket client that keeps what it receives, HTTP calls and bounded waits. */
final class TestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration WAIT = Duration.ofSeconds(10);
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestSupport() {
    }

    static Path data(String relative) {
        String configured = System.getProperty("flox.data.dir");
        Path dir = configured != null ? Path.of(configured) : Path.of("..", "testdata");
        Path f = dir.resolve(relative);
        assertTrue(Files.exists(f) || Files.isDirectory(f.getParent()), "missing test data " + f);
        return f;
    }

    static Path btcusdt() {
        return data("binance/recordings/hftbacktest/btcusdt_20240808.gz");
    }

    static Path cryptofeed() {
        return data("binance/recordings/cryptofeed/BINANCE");
    }

    /** A secret file {@code dir/name} holding {@code value}, readable by its owner only (the secrets convention refuses others). */
    static Path secretFile(Path dir, String name, String value) throws java.io.IOException {
        Path f = dir.resolve(name);
        java.nio.file.Files.writeString(f, value + "\n");
        java.nio.file.Files.setPosixFilePermissions(f, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return f;
    }

    static Path exchangeInfo() {
        return data("binance/recordings/cryptofeed/exchangeInfo-excerpt-20211012.json");
    }

    /** Waits for {@code condition} until the deadline; fails with {@code what} if it never holds. */
    static void await(String what, BooleanSupplier condition) {
        await(what, condition, WAIT);
    }

    /** As {@link #await(String, BooleanSupplier)}, for at most {@code limit}. */
    static void await(String what, BooleanSupplier condition, Duration limit) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting for " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    static HttpResponse<String> get(FakeBinance fake, String pathAndQuery) throws Exception {
        return getAsync(fake, pathAndQuery).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
    }

    static CompletableFuture<HttpResponse<String>> getAsync(FakeBinance fake, String pathAndQuery) {
        HttpRequest rq = HttpRequest.newBuilder(URI.create(fake.restBaseUrl() + pathAndQuery)).timeout(WAIT).GET().build();
        return HTTP.sendAsync(rq, HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    /** A JDK WebSocket client: whole text messages in a queue, the close code, pings answered (the JDK pongs). */
    static final class WsClient implements WebSocket.Listener {
        final LinkedBlockingQueue<String> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        static WsClient connect(FakeBinance fake, String... streams) throws Exception {
            int before = fake.connectionsOpen();
            long opened = fake.connectionsOpened();
            WsClient c = new WsClient();
            c.ws = HTTP.newWebSocketBuilder().buildAsync(URI.create(fake.streamUrl(streams)), c).get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            await("the fake to register the connection", () -> fake.connectionsOpened() > opened);
            return c;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                messages.add(partial.toString());
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

        /** The next {@code n} messages, failing if they do not come in time. */
        List<String> take(int n) throws InterruptedException {
            List<String> out = new ArrayList<>(n);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < n) {
                String m = messages.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (m == null) {
                    throw new AssertionError("received " + out.size() + " of " + n + " messages in time");
                }
                out.add(m);
            }
            return out;
        }

        int closeCodeWithin() throws Exception {
            return closeCode.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        }

        void abort() {
            if (ws != null) {
                ws.abort();
            }
        }
    }
}
