package flox.bench.ws;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.eclipse.jetty.websocket.api.Callback;
import org.eclipse.jetty.websocket.api.Frame;
import org.eclipse.jetty.websocket.api.Session;
import org.eclipse.jetty.websocket.client.WebSocketClient;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/** The clients of {@link WsReceiveBenchmark}, by name (set-up code; the callbacks are the measured part). */
public final class Receivers {
    static final String THREADS = "wsclient";

    private Receivers() {
    }

    static Receiver create(String client, int[] expected) {
        switch (client) {
            case "jdk": return new Jdk(expected, 1);
            case "jdk-batch": return new Jdk(expected, 256);
            case "jetty-text": return new JettyApi(expected, JettyApi.TEXT);
            case "jetty-partial": return new JettyApi(expected, JettyApi.PARTIAL);
            case "jetty-frame": return new JettyApi(expected, JettyApi.FRAME);
            case "jetty-core": return new JettyCore(expected, 0);
            case "jetty-core-64k": return new JettyCore(expected, 1 << 16);
            case "tcp-floor": return new TcpFloor(expected, 1 << 16);
            case "tcp-floor-4k": return new TcpFloor(expected, 1 << 12);
            default: throw new IllegalArgumentException("unknown client " + client);
        }
    }

    /** The JDK's java.net.http.WebSocket: onText gets CharSequence parts; request(n) credits at a time. */
    static final class Jdk extends Receiver implements WebSocket.Listener {
        private final int batch;
        private int credits;
        private ExecutorService executor;
        private WebSocket ws;

        Jdk(int[] expected, int batch) {
            super(expected);
            this.batch = batch;
        }

        @Override
        void open(URI uri, int tcpPort) throws Exception {
            AtomicInteger n = new AtomicInteger();
            executor = Executors.newCachedThreadPool(r -> {
                Thread t = new Thread(r, THREADS + "-jdk-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            HttpClient http = HttpClient.newBuilder().executor(executor).build();
            ws = http.newWebSocketBuilder().buildAsync(uri, this).get(30, TimeUnit.SECONDS);
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            credits = batch;
            webSocket.request(batch);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            byte[] b = buf;
            int at = len;
            for (int i = 0, n = data.length(); i < n; i++) b[at++] = (byte) data.charAt(i); // ASCII: Binance JSON
            len = at;
            if (last) frameDone();
            if (--credits == 0) {
                credits = batch;
                webSocket.request(batch);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            fail(error);
        }

        @Override
        void close() {
            if (ws != null) ws.abort();
            if (executor != null) executor.shutdownNow();
        }

        @Override
        String[] threadPrefixes() {
            return new String[] {THREADS, "HttpClient-"};
        }
    }

    /** Jetty 12's WebSocket API client with a text, partial-text or raw-frame listener. */
    public static final class JettyApi extends Receiver {
        static final int TEXT = 0;
        static final int PARTIAL = 1;
        static final int FRAME = 2;
        private final int mode;
        private org.eclipse.jetty.client.HttpClient http;
        private WebSocketClient client;

        JettyApi(int[] expected, int mode) {
            super(expected);
            this.mode = mode;
        }

        @Override
        void open(URI uri, int tcpPort) throws Exception {
            http = jettyHttp();
            client = new WebSocketClient(http);
            client.start();
            Object endpoint = mode == TEXT ? new TextEndpoint() : mode == PARTIAL ? new PartialEndpoint() : new FrameEndpoint();
            // not waited for: Jetty reads the first frames on the upgrading thread, before it completes the connect's
            // future, and against a server that streams without pause that can go on for good (seen: a 30 s timeout
            // with 18 s of CPU spent receiving); a failure reaches the waiting thread through fail()
            client.connect(endpoint, uri).whenComplete((session, error) -> { if (error != null) fail(error); });
        }

        @Override
        void close() throws Exception {
            client.stop();
            http.stop();
        }

        @Override
        String[] threadPrefixes() {
            return new String[] {THREADS};
        }

        @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int): no allocation, ASCII
        private void text(String s, boolean last) {
            int n = s.length();
            s.getBytes(0, n, buf, len);
            len += n;
            if (last) frameDone();
        }

        private void frame(Frame frame, Callback callback) {
            byte op = frame.getOpCode();
            if (op == OpCode.TEXT || op == OpCode.CONTINUATION) {
                copy(JettyApi.this, frame.getPayload());
                if (frame.isFin()) frameDone();
            }
            callback.succeed();
        }

        /** Whole messages as Strings. */
        public final class TextEndpoint implements Session.Listener.AutoDemanding {
            @Override
            public void onWebSocketText(String message) {
                text(message, true);
            }

            @Override
            public void onWebSocketError(Throwable cause) {
                fail(cause);
            }
        }

        /** Message parts as Strings, as the frames arrive. */
        public final class PartialEndpoint implements Session.Listener.AutoDemanding {
            @Override
            public void onWebSocketPartialText(String payload, boolean last) {
                text(payload, last);
            }

            @Override
            public void onWebSocketError(Throwable cause) {
                fail(cause);
            }
        }

        /** Every frame with its payload ByteBuffer (no text listener). */
        public final class FrameEndpoint implements Session.Listener.AutoDemanding {
            @Override
            public void onWebSocketFrame(Frame f, Callback callback) {
                frame(f, callback);
            }

            @Override
            public void onWebSocketError(Throwable cause) {
                fail(cause);
            }
        }
    }

    /** Jetty 12's core WebSocket client: a FrameHandler gets each frame's payload ByteBuffer, demand explicit. */
    static final class JettyCore extends Receiver implements FrameHandler {
        private org.eclipse.jetty.client.HttpClient http;
        private WebSocketCoreClient client;
        private final int inputBufferSize;
        private CoreSession session;

        /** {@code inputBufferSize}: bytes a read asks for (0: Jetty's default, 4,096). */
        JettyCore(int[] expected, int inputBufferSize) {
            super(expected);
            this.inputBufferSize = inputBufferSize;
        }

        @Override
        void open(URI uri, int tcpPort) throws Exception {
            http = jettyHttp();
            client = new WebSocketCoreClient(http, new WebSocketComponents());
            client.start();
            client.connect(this, uri).whenComplete((s, error) -> { if (error != null) fail(error); }); // not waited for: see JettyApi
        }

        @Override
        public void onOpen(CoreSession coreSession, org.eclipse.jetty.util.Callback callback) {
            session = coreSession;
            if (inputBufferSize > 0) coreSession.setInputBufferSize(inputBufferSize);
            callback.succeeded();
            coreSession.demand();
        }

        @Override
        public void onFrame(org.eclipse.jetty.websocket.core.Frame frame, org.eclipse.jetty.util.Callback callback) {
            byte op = frame.getOpCode();
            if (op == OpCode.TEXT || op == OpCode.CONTINUATION) {
                copy(this, frame.getPayload());
                if (frame.isFin()) frameDone();
            }
            callback.succeeded();
            session.demand();
        }

        @Override
        public void onError(Throwable cause, org.eclipse.jetty.util.Callback callback) {
            fail(cause);
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, org.eclipse.jetty.util.Callback callback) {
            callback.succeeded();
        }

        @Override
        void close() throws Exception {
            client.stop();
            http.stop();
        }

        @Override
        String[] threadPrefixes() {
            return new String[] {THREADS};
        }
    }

    /** Not comparable; floor: the same bytes, '\n' after each frame, read from a plain socket into a reused buffer (no copy). */
    static final class TcpFloor extends Receiver {
        private final int readSize;
        private Socket socket;
        private Thread reader;

        TcpFloor(int[] expected, int readSize) {
            super(expected);
            this.readSize = readSize;
        }

        @Override
        void open(URI uri, int tcpPort) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), tcpPort);
            socket.setReceiveBufferSize(1 << 16);
            InputStream in = socket.getInputStream();
            reader = new Thread(() -> read(in), THREADS + "-tcp");
            reader.setDaemon(true);
            reader.start();
        }

        /**
         * Steps from frame to frame by the recording's lengths (as a WebSocket client steps by its
         * frame headers) rather than scanning every byte for '\n'; a frame whose '\n' is not where
         * its length puts it is counted as a mismatch.
         */
        private void read(InputStream in) {
            byte[] b = buf;
            int need = expectedNext() + 1; // bytes left of the current frame, its '\n' included
            try {
                for (int n; (n = in.read(b, 0, readSize)) > 0; ) {
                    int off = 0;
                    while (n - off >= need) {
                        off += need;
                        len = expectedNext();
                        if (b[off - 1] != '\n') len = -1; // torn: a mismatch
                        frameDone();
                        need = expectedNext() + 1;
                    }
                    need -= n - off;
                }
            } catch (IOException e) {
                if (!socket.isClosed()) fail(e);
            }
        }

        @Override
        void close() throws Exception {
            socket.close();
            reader.join(5_000);
        }

        @Override
        String[] threadPrefixes() {
            return new String[] {THREADS};
        }
    }

    static void copy(Receiver r, ByteBuffer payload) {
        if (payload == null) return;
        int n = payload.remaining();
        payload.get(payload.position(), r.buf, r.len, n);
        r.len += n;
    }

    static org.eclipse.jetty.client.HttpClient jettyHttp() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName(THREADS);
        org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();
        http.setExecutor(pool);
        http.setScheduler(new ScheduledExecutorScheduler(THREADS + "-scheduler", true));
        http.start();
        return http;
    }
}
