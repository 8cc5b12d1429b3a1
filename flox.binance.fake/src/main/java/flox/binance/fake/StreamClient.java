package flox.binance.fake;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Session;

/**
 * One combined-stream connection to {@link FakeBinance}: its subscribed streams, its writes in
 * flight (for {@link FakeBinance#awaitSent}) and its pings. Jetty calls the listener methods;
 * the player thread calls {@link #send} under the fake's lock; the ping thread calls the ping
 * methods. Allocates per frame (a test tool). Public only because Jetty calls a listener through
 * public lookups; nothing outside the fake makes one.
 */
public final class StreamClient implements Session.Listener.AutoDemanding {
    private final FakeBinance fake;
    private final Set<String> streams;
    private volatile Session session;
    /** Positions of the frames written but not yet completed, oldest first. */
    private final ConcurrentLinkedDeque<Long> inFlight = new ConcurrentLinkedDeque<>();
    private volatile long startPosition;

    // pings: number -> time sent (ns); guarded by this
    private final TreeMap<Long, Long> unanswered = new TreeMap<>();
    private long pingCount;
    private long lastPingNs;

    StreamClient(FakeBinance fake, Set<String> streams) {
        this.fake = fake;
        this.streams = streams;
    }

    @Override
    public void onWebSocketOpen(Session s) {
        this.session = s;
        synchronized (this) {
            lastPingNs = System.nanoTime();
        }
        fake.opened(this);
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason, Callback callback) {
        fake.closed(this);
        callback.succeed();
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        fake.closed(this);
    }

    @Override
    public void onWebSocketPong(ByteBuffer payload) {
        String text = StandardCharsets.US_ASCII.decode(payload).toString();
        long n;
        try {
            n = Long.parseLong(text);
        } catch (NumberFormatException e) {
            return; // an unsolicited pong does not prevent disconnection
        }
        synchronized (this) {
            if (!unanswered.containsKey(n)) {
                return;
            }
            unanswered.headMap(n, true).clear();
        }
        fake.pongReceived();
    }

    void startAt(long played) {
        startPosition = played;
    }

    boolean subscribed(String stream) {
        return streams.contains(stream);
    }

    /** Every frame up to {@code position} this connection was to get has been written (or it is gone). */
    boolean writtenUpTo(long position) {
        Long oldest = inFlight.peekFirst();
        return oldest == null || oldest > position || startPosition >= position;
    }

    /** Under the fake's lock, in position order. {@code stream} null: not a stream frame (serverShutdown). */
    void send(long position, String stream, String text) {
        Session s = session;
        if (s == null || !s.isOpen()) {
            return;
        }
        Long p = position;
        inFlight.addLast(p);
        s.sendText(text, Callback.from(() -> done(p, stream), x -> done(p, null)));
    }

    private void done(Long position, String stream) {
        fake.countSent(stream); // counted before awaitSent can see the write complete
        inFlight.remove(position);
        fake.wakeWaiters();
    }

    void close(int code, String reason) {
        Session s = session;
        if (s != null) {
            s.close(code, reason, Callback.NOOP);
        }
    }

    /** Hard close of a connection that stopped answering pings (it may not read a close frame). */
    void drop() {
        fake.closed(this);
        Session s = session;
        if (s != null) {
            s.disconnect();
        }
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
}
