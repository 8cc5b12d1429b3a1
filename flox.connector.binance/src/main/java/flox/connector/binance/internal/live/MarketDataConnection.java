package flox.connector.binance.internal.live;

import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.orders.RequestWeight;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * One combined-stream market-data connection to Binance (issue 14 items 1 and 6) over the JDK's
 * {@code java.net.http} WebSocket and HTTP client, feeding a {@link MarketDataSession}: frames as
 * they arrive, the REST depth snapshots the session asks for, and the loss of the connection;
 * then it reconnects with jittered exponential backoff (a new connection starts the sync again).
 *
 * <p>Threading: one thread ("flox-binance-md") runs every callback that touches the session: the
 * WebSocket listener, the snapshot replies and the reconnects; the HTTP client's own selector
 * thread does the I/O. Allocation: the JDK's WebSocket hands text as a {@code CharSequence}
 * per frame (its cost is measured in {@code ./flox bench ws}); the frame is then encoded into a
 * reused byte buffer and parsed with no further allocation. Snapshots and reconnects allocate.
 */
public final class MarketDataConnection implements AutoCloseable {
    /** What the connection says about itself (to the connector's venue state and flox:binance). */
    public interface Events {
        void connecting(URI uri);

        void connected(URI uri);

        void disconnected(String why, long reconnectInMs);

        /** A REST reply said 429 (rate limited) or 418 (banned); the venue's Retry-After in ms (0: none given). */
        default void limited(int status, long retryAfterMs) {
        }

        /**
         * A snapshot request is held until {@code untilEpochMs} (the next minute): the IP's request
         * weight ({@code used} of {@code limit} this minute) would pass the throttle's margin.
         * Told once per minute held; the snapshot is asked again with the first diff after.
         */
        default void weightHeld(String request, long used, long limit, long untilEpochMs) {
        }
    }

    private final URI streamUri;
    private final URI restBase;
    private final MarketDataSession session;
    private final Events events;
    private final Consumer<String> problems;
    private final ScheduledExecutorService thread;
    private final HttpClient http;
    private final long minBackoffMs;
    private final long maxBackoffMs;
    private final int snapshotLimit;
    /** The account's request weight this minute (shared with the WebSocket API's replies); set before {@link #start}. */
    private volatile RequestWeight weight = new RequestWeight(0.1);
    /** Wall clock of the weight's minutes (tests set their own, the fake's). */
    private volatile LongSupplier clockMs = System::currentTimeMillis;
    /** A connection is ended and opened again after this long (Binance's limit is 24 h); 0: never. */
    private volatile long maxAgeMs = 23L * 3_600_000L + 50L * 60_000L;

    private final TextFrames frames = new TextFrames();
    private volatile WebSocket socket;
    /** Silence after which the link counts as dead (Binance pings every 20 s); checked every sixth of it. */
    private volatile long deadAfterNs = 60_000_000_000L;
    private volatile long lastHeardNs = System.nanoTime();
    private volatile boolean closed;
    /** Set by {@link #lost}, cleared by {@link #connect}: one reconnect per loss. Connection thread only. */
    private boolean reconnectScheduled;
    /** Counts lost connections: a snapshot asked on an earlier one is dropped. Connection thread only. */
    private int generation;
    private int failures;
    private long connects;
    private long reconnects;

    /**
     * @param streamUri {@code wss://stream.binance.com:9443/stream?streams=...}
     * @param restBase {@code https://api.binance.com}
     * @param snapshotLimit levels asked of each snapshot (1000: Binance's weight 50)
     */
    public MarketDataConnection(URI streamUri, URI restBase, MarketDataSessionFactory sessionFactory, Events events, Consumer<String> problems,
                                long minBackoffMs, long maxBackoffMs, int snapshotLimit) {
        this.streamUri = streamUri;
        this.restBase = restBase;
        this.events = events;
        this.problems = problems;
        this.minBackoffMs = minBackoffMs;
        this.maxBackoffMs = maxBackoffMs;
        this.snapshotLimit = snapshotLimit;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flox-binance-md");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().executor(thread).connectTimeout(Duration.ofSeconds(10)).build();
        this.session = sessionFactory.create(new MarketDataSession.SnapshotRequests() {
            @Override public void request(int symbolId, String venueSymbol) { requestSnapshot(symbolId, venueSymbol); }
            @Override public boolean mayRequest(int symbolId, String venueSymbol) { return mayRequestSnapshot(venueSymbol); }
        });
    }

    /** The account's request-weight view (shared with order entry's replies) and its throttle; before {@link #start}. */
    public void requestWeight(RequestWeight weight) {
        this.weight = weight;
    }

    public RequestWeight requestWeight() {
        return weight;
    }

    /** The wall clock of the weight's minutes (default the system's); before {@link #start}. */
    public void clockMs(LongSupplier clock) {
        this.clockMs = clock;
    }

    /** Builds the session with the connection's snapshot requests wired in. */
    @FunctionalInterface
    public interface MarketDataSessionFactory {
        MarketDataSession create(MarketDataSession.SnapshotRequests requests);
    }

    /** Sets the age at which a connection is replaced, on our terms (default 23 h 50 min; 0: never); before {@link #start}. */
    public void maxAgeMs(long ms) {
        this.maxAgeMs = ms;
    }

    public MarketDataSession session() {
        return session;
    }

    /** Sets the silence after which the link is replaced (default 60 s); before {@link #start}. */
    public void deadAfterMs(long ms) {
        this.deadAfterNs = ms * 1_000_000L;
    }

    /** Connects (and keeps reconnecting until {@link #close}); returns at once. */
    public void start() {
        thread.execute(this::connect);
        long checkNs = deadAfterNs / 6;
        thread.scheduleWithFixedDelay(this::checkAlive, checkNs, checkNs, TimeUnit.NANOSECONDS);
    }

    /**
     * Binance pings every 20 s and depth moves every 100 ms: a connection that has heard nothing
     * for a minute is dead even if TCP has not said so (a half-open link); it is replaced, and the
     * books (frozen since) are invalidated by the loss.
     */
    private void checkAlive() {
        WebSocket ws = socket;
        if (ws != null && System.nanoTime() - lastHeardNs > deadAfterNs) {
            ws.abort();
            lost("nothing heard for " + deadAfterNs / 1_000_000 + " ms (no frame, no ping): the link is dead");
        }
    }

    private void connect() {
        reconnectScheduled = false;
        if (closed) return;
        connects++;
        events.connecting(streamUri);
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(streamUri, new Listener())
                .whenCompleteAsync((ws, error) -> {
                    if (error != null) {
                        lost("connect failed: " + MarketDataConnectionSupport.rootMessage(error));
                        return;
                    }
                    if (closed) { // closed while connecting: this socket must not live on
                        ws.abort();
                        return;
                    }
                    socket = ws;
                    failures = 0;
                    lastHeardNs = System.nanoTime();
                    events.connected(streamUri);
                    long maxAge = maxAgeMs;
                    if (maxAge > 0) {
                        thread.schedule(() -> {
                            if (socket == ws) { // still this connection: Binance ends it at 24 h; end it first, on our terms
                                ws.abort();
                                lost("connection older than " + maxAge + " ms (connection.max.age.ms; Binance ends them at 24 h): replaced on our terms");
                            }
                        }, maxAge, TimeUnit.MILLISECONDS);
                    }
                }, thread);
    }

    /** The connection is gone: the session invalidates its books; reconnect after a jittered, growing wait. */
    private void lost(String why) {
        if (reconnectScheduled) return; // already handled (an abort can be followed by the close or error it caused)
        generation++;
        socket = null;
        session.onConnectionLost(why);
        if (closed) return;
        long base = Math.min(maxBackoffMs, minBackoffMs << Math.min(failures, 20));
        long wait = base / 2 + ThreadLocalRandom.current().nextLong(base / 2 + 1); // "equal jitter": half fixed, half random
        failures++;
        reconnects++;
        events.disconnected(why, wait);
        reconnectScheduled = true;
        thread.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    /**
     * On this thread, before each snapshot request: false (held; the session asks again with the
     * next diff) while its weight would take the IP's count this minute past the throttle's margin.
     */
    private boolean mayRequestSnapshot(String venueSymbol) {
        long now = clockMs.getAsLong();
        RequestWeight w = weight;
        if (now < w.quietUntilMs()) return false; // banned or told to wait (here or on the WebSocket API): said when told
        long waitMs = w.waitMs(RequestWeight.depthWeight(snapshotLimit), now);
        if (waitMs <= 0) return true;
        if (w.held(now + waitMs)) events.weightHeld("depth snapshot of " + venueSymbol, w.used(now), w.limit(), now + waitMs);
        return false;
    }

    /** The venue's count of the IP's weight this minute, from a REST reply's header (every reply has it, refusals too). */
    private void readWeight(HttpResponse<?> response) {
        if (response == null) return;
        weight.reportHeader(response.headers(), clockMs.getAsLong());
    }

    /** Called by the session on this thread: fetch GET /api/v3/depth for the symbol, answer on this thread. */
    private void requestSnapshot(int symbolId, String venueSymbol) {
        int asked = generation;
        weight.spend(RequestWeight.depthWeight(snapshotLimit), clockMs.getAsLong());
        HttpRequest request = HttpRequest.newBuilder(restBase.resolve("/api/v3/depth?symbol=" + venueSymbol + "&limit=" + snapshotLimit))
                .timeout(Duration.ofSeconds(30)).GET().build();
        http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).whenCompleteAsync((response, error) -> {
            readWeight(response);
            long retryAfterMs = 0;
            if (response != null && (response.statusCode() == 429 || response.statusCode() == 418)) {
                // the IP's, whatever connection asked: taken even for a reply to a connection since lost
                retryAfterMs = response.headers().firstValue("Retry-After").map(v -> {
                    try {
                        return Long.parseLong(v.strip()) * 1000L;
                    } catch (NumberFormatException e) {
                        return 60_000L;
                    }
                }).orElse(60_000L);
                events.limited(response.statusCode(), retryAfterMs);
                weight.quietUntil(clockMs.getAsLong() + retryAfterMs); // order entry keeps quiet too
            }
            if (asked != generation) return; // asked on a connection since lost: the new one syncs anew
            if (error != null || response.statusCode() != 200) {
                session.onSnapshotFailed(symbolId, retryAfterMs);
                String why = error != null ? MarketDataConnectionSupport.rootMessage(error) : "HTTP " + response.statusCode();
                problems.accept(streamUri.getHost() + ": depth snapshot of " + venueSymbol + " failed (" + why + "); asked again with the next diff");
                return;
            }
            byte[] body = response.body();
            session.onSnapshot(symbolId, body, 0, body.length, System.nanoTime());
        }, thread);
    }

    /** The frame's chars, encoded as UTF-8 into the reused buffer (ASCII, as Binance's frames are, is one byte a char). */
    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastHeardNs = System.nanoTime();
            if (frames.take(data, last)) session.onFrame(frames.bytes(), 0, frames.length(), System.nanoTime());
            if (session.takeShutdownAnnounced()) {
                // planned disconnect announced: reconnect now (the books resync) rather than be dropped mid-stream
                webSocket.abort();
                thread.execute(() -> lost("the venue announced serverShutdown; reconnecting now"));
                return null;
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
            lastHeardNs = System.nanoTime();
            webSocket.request(1); // the JDK answers with a pong echoing the payload
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            thread.execute(() -> lost("closed by the venue (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            thread.execute(() -> lost("connection error: " + MarketDataConnectionSupport.rootMessage(error)));
        }
    }

    public long connects() { return connects; }
    public long reconnects() { return reconnects; }
    public boolean isConnected() { return socket != null; }

    /** Closes the connection and stops reconnecting; the thread ends. */
    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "stopping").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // not answered in time: aborted below
            }
            ws.abort();
        }
        session.close();
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs {@code task} on the connection's thread every {@code periodMs} (the first time after one period) until {@link #close}. */
    public void every(long periodMs, Runnable task) {
        thread.scheduleWithFixedDelay(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                problems.accept(streamUri.getHost() + ": periodic task failed: " + e);
            }
        }, periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the connection's thread after {@code delayMs}. */
    public void later(long delayMs, Runnable task) {
        thread.schedule(task, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the connection's thread (no wait). */
    public void onThread(Runnable task) {
        thread.execute(task);
    }

    /** For tests and commands: runs {@code task} on the connection's thread and waits for it. */
    public <T> T onThread(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        thread.execute(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f.get(10, TimeUnit.SECONDS);
    }
}
