package flox.connector.binance.internal.live;

import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.orders.RequestWeight;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.FutureCallback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.CoreClientUpgradeRequest;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * One combined-stream market-data connection to Binance (issue 14 items 1 and 6) over Jetty 12's
 * core WebSocket client, feeding a {@link MarketDataSession}: frames as they arrive, the REST depth
 * snapshots the session asks for (the JDK's {@code java.net.http} client), and the loss of the
 * connection; then it reconnects with jittered exponential backoff (a new connection starts the
 * sync again).
 *
 * <p>Threading: the session and this connection's state are guarded by one lock
 * ({@code sessionLock}). Jetty's reading thread ("flox-binance-ws-N") holds it for each frame, so a
 * frame goes from the socket to the bus without a hand-off; every task on the connection's own
 * thread ("flox-binance-md": snapshot replies, reconnects, timers, commands) holds it too. Jetty
 * reads the next frame only after the last one was handled (explicit demand).
 *
 * <p>Allocation: a frame's payload is copied from Jetty's buffer into a reused byte[] and parsed
 * with no further allocation; what Jetty itself allocates per frame is measured by
 * {@code ./flox bench ws} (docs/ARCHITECTURE.md, "WebSocket client choice"). Pings, snapshots and
 * reconnects allocate.
 */
public final class MarketDataConnection implements AutoCloseable {
    /** The largest message taken (Binance's depth frames are a few KiB); a larger one ends the connection. */
    static final int MAX_MESSAGE_BYTES = 4 << 20;

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
    /** Guards {@link #session} and the fields below marked so; see the class comment. */
    private final Object sessionLock = new Object();
    /** Runs a task on the connection's thread holding {@link #sessionLock}; none after {@link #close}. */
    private final Executor guarded;
    private final HttpClient http;
    private final org.eclipse.jetty.client.HttpClient wsHttp;
    private final WebSocketCoreClient wsClient;
    private final int snapshotLimit;
    /** The account's request weight this minute (shared with the WebSocket API's replies); set before {@link #start}. */
    private volatile RequestWeight weight = new RequestWeight(0.1);
    /** Wall clock of the weight's minutes (tests set their own, the fake's). */
    private volatile LongSupplier clockMs = System::currentTimeMillis;
    /** A connection is ended and opened again after this long (Binance's limit is 24 h); 0: never. */
    private volatile long maxAgeMs = 23L * 3_600_000L + 50L * 60_000L;

    /** The message being received; under sessionLock. */
    private final FrameBytes frames = new FrameBytes(MAX_MESSAGE_BYTES);
    /** The open connection, null when none; written under sessionLock. */
    private volatile Link link;
    /** Silence after which the link counts as dead (Binance pings every 20 s); checked every sixth of it. */
    private volatile long deadAfterNs = 60_000_000_000L;
    private volatile long lastHeardNs = System.nanoTime();
    private volatile boolean closed;
    /** Counts lost connections: a snapshot asked on an earlier one is dropped. Under sessionLock. */
    private int generation;
    private final ReconnectBackoff backoff;
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
        this.backoff = new ReconnectBackoff(minBackoffMs, maxBackoffMs);
        this.snapshotLimit = snapshotLimit;
        this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flox-binance-md");
            t.setDaemon(true);
            return t;
        });
        this.guarded = task -> {
            try {
                thread.execute(guard(task));
            } catch (RejectedExecutionException closedMeanwhile) {
                // after close: Jetty's late news (a connect that failed as it stopped) has nowhere to go
            }
        };
        this.http = HttpClient.newBuilder().executor(thread).connectTimeout(Duration.ofSeconds(10)).build();
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("flox-binance-ws");
        pool.setDaemon(true);
        this.wsHttp = new org.eclipse.jetty.client.HttpClient();
        wsHttp.setExecutor(pool);
        wsHttp.setScheduler(new ScheduledExecutorScheduler("flox-binance-ws-scheduler", true));
        wsHttp.setConnectTimeout(10_000);
        this.wsClient = new WebSocketCoreClient(wsHttp, new WebSocketComponents());
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
        try {
            wsClient.start(); // starts the HTTP client it was given too
        } catch (Exception e) {
            throw new IllegalStateException(streamUri.getHost() + ": the WebSocket client did not start: " + e, e);
        }
        guarded.execute(this::connect);
        long checkNs = deadAfterNs / 6;
        thread.scheduleWithFixedDelay(guard(this::checkAlive), checkNs, checkNs, TimeUnit.NANOSECONDS);
    }

    /** {@code task} holding the session lock. */
    private Runnable guard(Runnable task) {
        return () -> {
            synchronized (sessionLock) {
                task.run();
            }
        };
    }

    /**
     * Binance pings every 20 s and depth moves every 100 ms: a connection that has heard nothing
     * for a minute is dead even if TCP has not said so (a half-open link); it is replaced, and the
     * books (frozen since) are invalidated by the loss. Under sessionLock.
     */
    private void checkAlive() {
        Link l = link;
        if (l != null && System.nanoTime() - lastHeardNs > deadAfterNs) {
            lost(l, "nothing heard for " + deadAfterNs / 1_000_000 + " ms (no frame, no ping): the link is dead");
            l.abort();
        }
    }

    /** Opens a new link. Under sessionLock, on the connection's thread. */
    private void connect() {
        if (closed) return;
        connects++;
        events.connecting(streamUri);
        Link l = new Link();
        try {
            CoreClientUpgradeRequest upgrade = CoreClientUpgradeRequest.from(wsClient, streamUri, l);
            upgrade.timeout(10, TimeUnit.SECONDS);
            wsClient.connect(upgrade).whenComplete((coreSession, error) -> {
                if (error != null) guarded.execute(() -> lost(l, "connect failed: " + MarketDataConnectionSupport.rootMessage(error)));
            });
        } catch (IOException | RuntimeException e) {
            lost(l, "connect failed: " + MarketDataConnectionSupport.rootMessage(e));
        }
    }

    /** The link's upgrade succeeded (Jetty's thread, under sessionLock): false when it must not live on. */
    private boolean opened(Link l) {
        if (closed || l.ended) return false; // closed while connecting
        link = l;
        backoff.connected();
        lastHeardNs = System.nanoTime();
        events.connected(streamUri);
        long maxAge = maxAgeMs;
        if (maxAge > 0) {
            thread.schedule(guard(() -> {
                if (link == l) { // still this connection: Binance ends it at 24 h; end it first, on our terms
                    lost(l, "connection older than " + maxAge + " ms (connection.max.age.ms; Binance ends them at 24 h): replaced on our terms");
                    l.abort();
                }
            }), maxAge, TimeUnit.MILLISECONDS);
        }
        return true;
    }

    /**
     * The link is gone (once per link; under sessionLock): the session invalidates its books;
     * unless closed, reconnect after a jittered, growing wait.
     */
    private void lost(Link l, String why) {
        if (l.ended) return; // already handled (an abort is followed by the close it caused)
        l.ended = true;
        if (link == l) link = null;
        frames.reset();
        generation++;
        session.onConnectionLost(why);
        if (closed) return;
        long wait = backoff.nextWaitMs();
        reconnects++;
        events.disconnected(why, wait);
        thread.schedule(guard(this::connect), wait, TimeUnit.MILLISECONDS);
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
        }, guarded);
    }

    /**
     * One WebSocket connection's frames (Jetty's core FrameHandler). Jetty calls it on its own
     * threads, one call at a time (the next frame is read only on demand, after this one).
     */
    private final class Link implements FrameHandler {
        /** Set once by {@link #lost}; under sessionLock. */
        boolean ended;
        private volatile CoreSession coreSession;

        @Override
        public void onOpen(CoreSession s, Callback callback) {
            coreSession = s;
            s.setIdleTimeout(Duration.ZERO); // liveness is checkAlive's (Binance pings every 20 s), not Jetty's 30 s idle timeout
            s.setMaxFrameSize(MAX_MESSAGE_BYTES);
            callback.succeeded();
            boolean keep;
            synchronized (sessionLock) {
                keep = opened(this);
            }
            if (keep) {
                s.demand();
            } else {
                s.abort();
            }
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            byte op = frame.getOpCode();
            if (op == OpCode.PING) {
                lastHeardNs = System.nanoTime();
                // answered with a pong echoing the payload; the ping's buffer is released once the pong is written
                ByteBuffer echo = ByteBuffer.allocate(frame.getPayloadLength());
                if (frame.hasPayload()) echo.put(frame.getPayload().slice()).flip();
                CoreSession s = coreSession;
                s.sendFrame(new Frame(OpCode.PONG, echo), Callback.from(() -> {
                    callback.succeeded();
                    s.demand();
                }, callback::failed), false);
                return;
            }
            if (op == OpCode.CLOSE) {
                callback.succeeded(); // Jetty answers the close, then calls onClosed
                return;
            }
            boolean keep = true;
            if (op == OpCode.TEXT || op == OpCode.CONTINUATION) {
                lastHeardNs = System.nanoTime();
                synchronized (sessionLock) {
                    keep = take(frame);
                }
            } else if (op == OpCode.PONG) {
                lastHeardNs = System.nanoTime();
            } // a binary frame: not Binance's; skipped
            callback.succeeded();
            if (keep) {
                coreSession.demand();
            } else {
                abort();
            }
        }

        /** Under sessionLock: a text frame into the session; false when the link must end. */
        private boolean take(Frame frame) {
            if (ended) return false; // lost meanwhile (silence, age): nothing more from it
            int taken = frames.take(frame.getPayload(), frame.isFin());
            if (taken < 0) {
                lost(this, "a message longer than " + MAX_MESSAGE_BYTES + " bytes: not a Binance stream message");
                return false;
            }
            if (taken > 0) session.onFrame(frames.bytes(), 0, frames.length(), System.nanoTime());
            if (session.takeShutdownAnnounced()) {
                // planned disconnect announced: reconnect now (the books resync) rather than be dropped mid-stream
                lost(this, "the venue announced serverShutdown; reconnecting now");
                return false;
            }
            return true;
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            callback.succeeded(); // onClosed follows with the cause
        }

        @Override
        public void onClosed(CloseStatus status, Callback callback) {
            callback.succeeded();
            String why;
            if (status.getCause() != null) {
                why = "connection error: " + MarketDataConnectionSupport.rootMessage(status.getCause());
            } else {
                String reason = status.getReason();
                why = "closed by the venue (" + status.getCode() + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")";
            }
            synchronized (sessionLock) {
                lost(this, why);
            }
        }

        void abort() {
            CoreSession s = coreSession;
            if (s != null) s.abort();
        }

        /** Sends a close frame and waits up to {@code ms} for it to be written. */
        void closeGracefully(long ms) {
            CoreSession s = coreSession;
            if (s == null) return;
            FutureCallback sent = new FutureCallback();
            s.close(CloseStatus.NORMAL, "stopping", sent);
            try {
                sent.get(ms, TimeUnit.MILLISECONDS);
            } catch (Exception e) {
                // not written in time: aborted by the caller
            }
        }
    }

    public long connects() { return connects; }
    public long reconnects() { return reconnects; }
    public boolean isConnected() { return link != null; }

    /** Closes the connection and stops reconnecting; the threads end. */
    @Override
    public void close() {
        closed = true;
        Link l = link;
        if (l != null) {
            l.closeGracefully(2_000);
            l.abort();
            synchronized (sessionLock) {
                lost(l, "stopping");
            }
        }
        synchronized (sessionLock) {
            session.close();
        }
        thread.shutdownNow();
        try {
            thread.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            wsClient.stop(); // and the HTTP client and its threads
        } catch (Exception e) {
            problems.accept(streamUri.getHost() + ": the WebSocket client did not stop cleanly: " + e);
        }
    }

    /** Runs {@code task} on the connection's thread every {@code periodMs} (the first time after one period) until {@link #close}. */
    public void every(long periodMs, Runnable task) {
        thread.scheduleWithFixedDelay(guard(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                problems.accept(streamUri.getHost() + ": periodic task failed: " + e);
            }
        }), periodMs, periodMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the connection's thread after {@code delayMs}. */
    public void later(long delayMs, Runnable task) {
        thread.schedule(guard(task), delayMs, TimeUnit.MILLISECONDS);
    }

    /** Runs {@code task} on the connection's thread (no wait). */
    public void onThread(Runnable task) {
        thread.execute(guard(task));
    }

    /** For tests and commands: runs {@code task} on the connection's thread and waits for it. */
    public <T> T onThread(java.util.concurrent.Callable<T> task) throws Exception {
        CompletableFuture<T> f = new CompletableFuture<>();
        thread.execute(guard(() -> {
            try {
                f.complete(task.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        }));
        return f.get(10, TimeUnit.SECONDS);
    }
}
