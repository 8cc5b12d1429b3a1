package flox.connector.binance.internal.live;

import flox.connector.binance.internal.orders.ApiProblem;
import flox.connector.binance.internal.orders.OrderEntry;
import flox.connector.binance.internal.orders.WsApiResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.CharBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Consumer;

/**
 * The account's WebSocket API connection (issue 14 items 3, 4 and 6) over the JDK's
 * {@code java.net.http} WebSocket: {@link OrderEntry}'s transport. A sending thread
 * ("flox-binance-api") pumps the order queue and writes each signed request; the HTTP client's
 * executor thread ("flox-binance-api-rx") reads replies and user-data events into
 * {@link OrderEntry}. On each (re)connect it subscribes to user data and tells the
 * {@link Events} listener (the component reconciles then); a close or an error reconnects after
 * a jittered exponential wait, and requests sent meanwhile are refused as VENUE_UNAVAILABLE.
 *
 * <p>The JDK's WebSocket takes text as a {@code CharSequence} and answers each send with a
 * future, so a request allocates on the sending thread (never on a strategy's thread: submit
 * only writes into the order queue); receiving allocates as {@code ./flox bench ws} reports.
 */
public final class ApiConnection implements AutoCloseable {
    /** What the connection says about itself. */
    public interface Events {
        void connected(URI uri);

        void disconnected(String why, long reconnectInMs);

        /**
         * A user-data event could not be read: it may have been an executionReport, whose fill the
         * stream does not send again. The orders are to be asked again now (as after a connect),
         * not at the next reconnect. Receiving thread.
         */
        default void userDataUnreadable(String why) {
        }
    }

    private final URI uri;
    private final OrderEntry entry;
    private final Events events;
    private final Consumer<String> problems;
    private final ScheduledExecutorService receiver;
    private final HttpClient http;
    private final Thread sender;
    private final CharBuffer out = CharBuffer.allocate(8192);
    private final TextFrames frames = new TextFrames();
    private final URI restBase;
    private final HttpClient rest = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    /** Venue clock minus ours, in ms, added to every request's timestamp. */
    private volatile long clockOffsetMs;
    private volatile flox.connector.binance.internal.orders.RequestWeight weight;
    private volatile WebSocket socket;
    /** Silence after which the link counts as dead (Binance pings every 20 s); checked every sixth of it. */
    private volatile long deadAfterNs = 60_000_000_000L;
    private volatile long sendTimeoutMs = 10_000;
    /** A connection is ended and opened again after this long (Binance's limit is 24 h); 0: never. */
    private volatile long maxAgeMs = 23L * 3_600_000L + 50L * 60_000L;
    private volatile long lastHeardNs = System.nanoTime();
    private volatile boolean closed;
    /** One reconnect per loss; the receiving thread only. */
    private boolean reconnectScheduled;
    private final ReconnectBackoff backoff;
    private volatile long connects;
    /** Sends that timed out (outcome unknown); the sending thread writes it. */
    private volatile long sendTimeouts;
    private volatile long malformedUserData;
    private volatile long malformedReplies;
    /** Unreadable user-data events and replies by kind ({@link ApiProblem}); written by the receiving thread only. */
    private final AtomicLongArray userDataByKind = new AtomicLongArray(ApiProblem.values().length);
    private final AtomicLongArray repliesByKind = new AtomicLongArray(ApiProblem.values().length);

    public ApiConnection(URI uri, OrderEntry entry, Events events, Consumer<String> problems, long minBackoffMs, long maxBackoffMs) {
        this(uri, null, entry, events, problems, minBackoffMs, maxBackoffMs);
    }

    /**
     * @param restBase the REST API ({@code GET /api/v3/time} sets the offset of the requests'
     *        timestamps to the venue's clock at each connect and after a -1021), or null
     */
    public ApiConnection(URI uri, URI restBase, OrderEntry entry, Events events, Consumer<String> problems, long minBackoffMs, long maxBackoffMs) {
        this.restBase = restBase;
        this.uri = uri;
        this.entry = entry;
        this.events = events;
        this.problems = problems;
        this.backoff = new ReconnectBackoff(minBackoffMs, maxBackoffMs);
        this.receiver = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flox-binance-api-rx");
            t.setDaemon(true);
            return t;
        });
        this.http = HttpClient.newBuilder().executor(receiver).connectTimeout(Duration.ofSeconds(10)).build();
        this.sender = new Thread(this::pump, "flox-binance-api");
        this.sender.setDaemon(true);
    }

    /** The transport {@link OrderEntry} sends through (the sending thread only). */
    public OrderEntry.Transport transport() {
        return this::send;
    }

    /** Sets how long a send may wait for the client to take it (default 10 s) before its outcome counts as unknown; before {@link #start}. */
    public void sendTimeoutMs(long ms) {
        this.sendTimeoutMs = ms;
    }

    /** Sets the age at which a connection is replaced, on our terms (default 23 h 50 min; 0: never); before {@link #start}. */
    public void maxAgeMs(long ms) {
        this.maxAgeMs = ms;
    }

    /** Sets the silence after which the link is replaced (default 60 s); before {@link #start}. */
    public void deadAfterMs(long ms) {
        this.deadAfterNs = ms * 1_000_000L;
    }

    /** The account's request-weight view: told the used-weight header of the venue's time replies (REST: counted per IP); before {@link #start}. */
    public void requestWeight(flox.connector.binance.internal.orders.RequestWeight weight) {
        this.weight = weight;
    }

    public void start() {
        sender.start();
        receiver.execute(this::connect);
        long checkNs = deadAfterNs / 6;
        receiver.scheduleWithFixedDelay(this::checkAlive, checkNs, checkNs, TimeUnit.NANOSECONDS);
    }

    /**
     * Binance pings every 20 s: a connection that has heard nothing (no message, no ping) for a
     * minute is dead even if TCP has not said so (a half-open link); it is replaced.
     */
    private void checkAlive() {
        WebSocket ws = socket;
        if (ws != null && System.nanoTime() - lastHeardNs > deadAfterNs) {
            ws.abort();
            lost("nothing heard for " + deadAfterNs / 1_000_000 + " ms (no message, no ping): the link is dead");
        }
    }

    private void connect() {
        reconnectScheduled = false;
        if (closed) return;
        syncClock();
        connects++;
        http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10)).buildAsync(uri, new Listener()).whenCompleteAsync((ws, error) -> {
            if (error != null) {
                lost("connect failed: " + MarketDataConnectionSupport.rootMessage(error));
                return;
            }
            if (closed) { // closed while connecting: this socket must not live on
                ws.abort();
                return;
            }
            socket = ws;
            backoff.connected();
            entry.subscribeUserData();
            lastHeardNs = System.nanoTime();
            long maxAge = maxAgeMs;
            if (maxAge > 0) {
                receiver.schedule(() -> { // Binance ends a connection at 24 h: end it first, on our terms
                    if (socket == ws) { // still this connection
                        ws.abort();
                        lost("connection older than " + maxAge + " ms (connection.max.age.ms; Binance ends them at 24 h): replaced on our terms");
                    }
                }, maxAge, TimeUnit.MILLISECONDS);
            }
            events.connected(uri);
        }, receiver);
    }

    private void lost(String why) {
        if (reconnectScheduled) return;
        socket = null;
        entry.onConnectionLost(); // no new order until the next connection is subscribed and reconciled
        if (closed) return;
        long wait = backoff.nextWaitMs();
        // banned or weight-limited (the venue drops the connection with a 418): a connect attempt before the venue's
        // time would be a request during the ban, which prolongs it
        long quietMs = entry.quietUntilMs() - System.currentTimeMillis();
        if (quietMs > wait) {
            wait = quietMs;
            why = why + "; the venue's ban or rate limit ends first";
        }
        events.disconnected(why, wait);
        reconnectScheduled = true;
        receiver.schedule(this::connect, wait, TimeUnit.MILLISECONDS);
    }

    /** Sending thread: one request as a text frame; waits until the JDK has taken it (its next send may not start before). */
    private boolean send(byte[] frame, int length) {
        WebSocket ws = socket;
        if (ws == null || length > out.capacity()) return false;
        out.clear();
        for (int i = 0; i < length; i++) out.put((char) (frame[i] & 0xff)); // requests are ASCII JSON
        out.flip();
        try {
            ws.sendText(out, true).get(sendTimeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            // the JDK may still send it: its outcome is unknown, so it counts as sent; the connection is replaced and the
            // reconnect's reconciliation asks the venue about every open order
            sendTimeouts++;
            problems.accept(uri.getHost() + ": a request was not taken within " + sendTimeoutMs + " ms: outcome unknown; reconnecting");
            ws.abort();
            receiver.execute(() -> lost("a send did not complete within " + sendTimeoutMs + " ms"));
            return true;
        } catch (Exception e) {
            problems.accept(uri.getHost() + ": a request could not be sent (" + MarketDataConnectionSupport.rootMessage(e) + ")");
            return false;
        }
    }

    /** Sending thread: pumps the order queue, spinning briefly, then yielding, then parking up to 1 ms when idle. */
    private void pump() {
        int idle = 0;
        while (!closed) {
            int n;
            try {
                n = entry.doWork(System.currentTimeMillis() + clockOffsetMs, 64);
            } catch (Throwable t) { // never expected (each command catches its own): the thread must not die silently
                problems.accept(uri.getHost() + ": the order sending thread failed (" + t + "); it goes on");
                n = 0;
            }
            String p = entry.takeProblem();
            if (p != null) problems.accept(p);
            if (n > 0) {
                idle = 0;
            } else if (++idle < 100) {
                Thread.onSpinWait();
            } else if (idle < 200) {
                Thread.yield();
            } else {
                LockSupport.parkNanos(Math.min(1_000_000L, 1_000L << Math.min(idle - 200, 10)));
            }
        }
    }

    /**
     * Receiving thread: the venue's clock from {@code GET /api/v3/time}, taken at the midpoint of
     * the request; an offset of an hour or more is refused as implausible (logged) and the last one
     * kept. Without a REST base, or when the venue does not answer, the offset stays as it was.
     */
    private void syncClock() {
        if (restBase == null) return;
        try {
            long t0 = System.currentTimeMillis();
            // its own client: a blocking send on the WebSocket client's single executor thread would wait for itself
            java.net.http.HttpResponse<String> r = rest.send(java.net.http.HttpRequest.newBuilder(restBase.resolve("/api/v3/time"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            long t1 = System.currentTimeMillis();
            flox.connector.binance.internal.orders.RequestWeight w = weight;
            if (w != null) w.reportHeader(r.headers(), t1);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"serverTime\"\\s*:\\s*(\\d+)").matcher(r.body());
            if (r.statusCode() != 200 || !m.find()) { // said: a venue clock apart from ours fails every signed request (-1021)
                problems.accept(uri.getHost() + ": GET /api/v3/time answered " + r.statusCode() + " without a serverTime; timestamps as they were ("
                        + clockOffsetMs + " ms from ours)");
                return;
            }
            long offset = Long.parseLong(m.group(1)) - (t0 + t1) / 2;
            if (Math.abs(offset) >= 3_600_000L) {
                problems.accept(uri.getHost() + ": the venue's clock is " + offset + " ms from ours: not applied (fix the host's clock)");
                return;
            }
            clockOffsetMs = offset;
            entry.venueClockOffsetMs(offset);
        } catch (Exception e) {
            problems.accept(uri.getHost() + ": GET /api/v3/time failed (" + MarketDataConnectionSupport.rootMessage(e) + "); timestamps as they were");
        }
    }

    /** The offset of the requests' timestamps to the venue's clock, in ms. */
    public long clockOffsetMs() {
        return clockOffsetMs;
    }

    private void receive() {
        byte[] bytes = frames.bytes();
        int n = frames.length();
        boolean event = WsApiResponse.isEvent(bytes, 0, n);
        try {
            if (event) entry.onUserData(bytes, 0, n, System.nanoTime());
            else entry.onReply(bytes, 0, n, System.currentTimeMillis(), System.nanoTime());
        } catch (IOException e) {
            // counted and said once per kind; a user-data event may have carried a fill: the orders are asked again
            ApiProblem kind = ApiProblem.of(e);
            if (event) {
                malformedUserData++;
                if (userDataByKind.getAndIncrement(kind.ordinal()) == 0) {
                    problems.accept(uri.getHost() + ": a user-data event that cannot be read (" + kind + ": " + e.getMessage() + "); the orders are asked "
                            + "again at once, as after a connect (a lost executionReport is not sent again); further ones of this kind are counted");
                }
                events.userDataUnreadable(e.getMessage());
            } else {
                malformedReplies++;
                if (repliesByKind.getAndIncrement(kind.ordinal()) == 0) {
                    problems.accept(uri.getHost() + ": a WebSocket API reply that cannot be read (" + kind + ": " + e.getMessage() + "); its request stays "
                            + "pending until the reconnect's reconciliation; further ones of this kind are counted");
                }
            }
        }
        String p = entry.takeProblem();
        if (p != null) problems.accept(p);
        if (entry.takeTimeResyncWanted()) receiver.execute(this::syncClock);
        if (entry.takeShutdownAnnounced()) {
            WebSocket ws = socket;
            if (ws != null) ws.abort(); // planned disconnect announced: reconnect now, between requests, not in the middle of them
            receiver.execute(() -> lost("the venue announced serverShutdown; reconnecting now"));
        }
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            lastHeardNs = System.nanoTime();
            if (frames.take(data, last)) receive();
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onPing(WebSocket webSocket, java.nio.ByteBuffer message) {
            lastHeardNs = System.nanoTime();
            webSocket.request(1); // the JDK answers with a pong echoing the payload
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            receiver.execute(() -> lost("closed by the venue (" + statusCode + (reason == null || reason.isEmpty() ? "" : " " + reason) + ")"));
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            receiver.execute(() -> lost("connection error: " + MarketDataConnectionSupport.rootMessage(error)));
        }
    }

    public boolean isConnected() { return socket != null; }
    public long connects() { return connects; }
    public long sendTimeouts() { return sendTimeouts; }
    /** User-data events that could not be read (each asks the orders again). */
    public long malformedUserData() { return malformedUserData; }
    /** WebSocket API replies that could not be read. */
    public long malformedReplies() { return malformedReplies; }

    /** Unreadable user-data events and replies by kind, e.g. "user data INVALID_JSON 2; replies MISSING_FIELD 1"; "" when none (allocates). */
    public String malformedByKind() {
        StringBuilder sb = new StringBuilder();
        appendKinds(sb, "user data", userDataByKind);
        appendKinds(sb, "replies", repliesByKind);
        return sb.toString();
    }

    private static void appendKinds(StringBuilder sb, String what, AtomicLongArray counts) {
        boolean any = false;
        for (ApiProblem k : ApiProblem.values()) {
            long n = counts.get(k.ordinal());
            if (n == 0) continue;
            sb.append(any ? ", " : (sb.length() > 0 ? "; " : "") + what + " ").append(k).append(' ').append(n);
            any = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        WebSocket ws = socket;
        socket = null;
        if (ws != null) {
            try {
                ws.sendClose(WebSocket.NORMAL_CLOSURE, "stopping").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // not answered in time: aborted below
            }
            ws.abort();
        }
        LockSupport.unpark(sender);
        try {
            sender.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        receiver.shutdownNow();
    }
}
