package flox.binance.fake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.TreeMap;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One WebSocket API connection ({@code /ws-api/v3}) to {@link FakeBinance}: requests in, replies
 * and user-data events out. Jetty calls the listener methods; {@link OrderApi} calls
 * {@link #send} under the fake's lock, so what a connection gets is in the order the fake decided.
 * Allocates per message (a test tool). Public only because Jetty calls a listener through public
 * lookups; nothing outside the fake makes one.
 */
public final class ApiClient implements Session.Listener.AutoDemanding {
    private final OrderApi api;
    final boolean returnRateLimits;
    private volatile Session session;
    // guarded by the fake's lock
    int nextSubscriptionId;
    final java.util.List<Integer> subscriptions = new java.util.ArrayList<>();
    // pings, as StreamClient's: number -> time sent (ns); guarded by this
    private final TreeMap<Long, Long> unanswered = new TreeMap<>();
    private long pingCount;
    private long lastPingNs;

    /** Set once the connection stopped reading (Fault.ApiStopReading); released early by {@link #release}. */
    private volatile boolean stopped;
    private final java.util.concurrent.CountDownLatch released = new java.util.concurrent.CountDownLatch(1);

    ApiClient(OrderApi api, boolean returnRateLimits) {
        this.api = api;
        this.returnRateLimits = returnRateLimits;
    }

    boolean stopped() {
        return stopped;
    }

    /**
     * Jetty's thread, in the text callback: returns after {@code stallMs} or {@link #release}, so
     * that Jetty reads nothing more from this connection meanwhile (the client's sends then stop
     * completing once the socket's buffers are full). Everything read later is dropped.
     */
    void stopReading(long stallMs) {
        stopped = true;
        try {
            released.await(stallMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Ends a stall early (the fake is closing). */
    void release() {
        released.countDown();
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        synchronized (this) {
            lastPingNs = System.nanoTime();
        }
        api.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        api.handle(this, message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        release(); // once closed, the fake no longer knows it: a stall must not outlive it
        api.closed(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        release();
        api.closed(this);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        long n;
        try {
            n = Long.parseLong(StandardCharsets.US_ASCII.decode(payload).toString());
        } catch (NumberFormatException e) {
            return; // an unsolicited pong does not prevent disconnection
        }
        synchronized (this) {
            if (!unanswered.containsKey(n)) {
                return;
            }
            unanswered.headMap(n, true).clear();
        }
        api.pongReceived();
    }

    synchronized long unansweredFor(long nowNs) {
        return unanswered.isEmpty() ? 0 : nowNs - unanswered.firstEntry().getValue();
    }

    synchronized long sincePing(long nowNs) {
        return nowNs - lastPingNs;
    }

    void ping(long nowNs) {
        Session s = session;
        if (s == null) {
            return;
        }
        long n;
        synchronized (this) {
            n = ++pingCount;
            unanswered.put(n, nowNs);
            lastPingNs = nowNs;
        }
        s.sendPing(ByteBuffer.wrap(Long.toString(n).getBytes(StandardCharsets.US_ASCII)), Callback.NOOP);
    }

    /** Hard close of a connection that stopped answering pings. */
    void drop() {
        api.closed(this);
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
    }

    /** Queues a text frame (Jetty completes a connection's writes in order). */
    void send(String text) {
        Session s = session;
        if (s != null && s.isOpen()) {
            s.sendText(text, Callback.NOOP);
        }
    }

    void close(int code, String reason) {
        Session s = session;
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
        }
    }
}
