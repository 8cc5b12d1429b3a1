package flox.binance.fake;

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

    ApiClient(OrderApi api, boolean returnRateLimits) {
        this.api = api;
        this.returnRateLimits = returnRateLimits;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        api.opened(this);
    }

    @Override
    public void onWebSocketText(String message) {
        api.handle(this, message);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        api.closed(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        api.closed(this);
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
