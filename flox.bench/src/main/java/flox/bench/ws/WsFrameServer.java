package flox.bench.ws;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.core.CloseStatus;
import org.eclipse.jetty.websocket.core.CoreSession;
import org.eclipse.jetty.websocket.core.Frame;
import org.eclipse.jetty.websocket.core.FrameHandler;
import org.eclipse.jetty.websocket.core.OpCode;
import org.eclipse.jetty.websocket.core.server.WebSocketUpgradeHandler;

/**
 * The loopback server of {@link WsReceiveBenchmark}, run as its own process so that its
 * allocation stays out of the benchmark JVM's {@code -prof gc} figure. A Jetty 12 WebSocket
 * server (core API) on 127.0.0.1 whose {@code /ws} streams the recording's frames as text frames,
 * round and round, as fast as the client takes them (at most 512 frames queued, flushed every
 * 32), until the client goes; and a plain TCP port streaming the same frames' bytes, '\n' after
 * each, for the floor. Prints {@code READY <ws port> <tcp port> <frames> <mean bytes>} and exits
 * when its standard input closes (the benchmark's teardown, or the benchmark JVM's death).
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.ws.WsFrameServer RECORDING mix|depth}
 */
public final class WsFrameServer {
    private static final int IN_FLIGHT = 512;
    private static final int FLUSH_EVERY = 32;

    private WsFrameServer() {
    }

    public static void main(String[] args) throws Exception {
        byte[][] frames = WsFrames.load(Path.of(args[0]), args[1]);
        QueuedThreadPool pool = new QueuedThreadPool(8, 2);
        pool.setName("ws-server");
        Server server = new Server(pool);
        ServerConnector connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = new WebSocketUpgradeHandler();
        ws.addMapping("/ws", (request, response, callback) -> new Streamer(frames));
        ws.getConfiguration().setMaxTextMessageSize(1 << 20);
        server.setHandler(ws);
        server.start();

        ServerSocket tcp = new ServerSocket(0, 4, InetAddress.getLoopbackAddress());
        byte[] joined = joined(frames);
        Thread acceptor = new Thread(() -> acceptTcp(tcp, joined), "ws-server-tcp");
        acceptor.setDaemon(true);
        acceptor.start();

        System.out.printf("READY %d %d %d %.1f%n", connector.getLocalPort(), tcp.getLocalPort(), frames.length, WsFrames.meanSize(frames));
        System.out.flush();
        InputStream in = System.in;
        while (in.read() >= 0) {
            // wait for the parent to close our stdin
        }
        server.stop();
        System.exit(0);
    }

    private static byte[] joined(byte[][] frames) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] f : frames) {
            out.writeBytes(f);
            out.write('\n');
        }
        return out.toByteArray();
    }

    private static void acceptTcp(ServerSocket tcp, byte[] joined) {
        while (true) {
            try {
                Socket s = tcp.accept();
                s.setTcpNoDelay(true);
                Thread t = new Thread(() -> {
                    try (Socket c = s; OutputStream out = c.getOutputStream()) {
                        while (true) out.write(joined);
                    } catch (IOException gone) {
                        // the client closed
                    }
                }, "ws-server-tcp-writer");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Streams the frames to one client from its own thread; back-pressured by the client's reading. */
    private static final class Streamer implements FrameHandler {
        private final byte[][] frames;
        private final Semaphore window = new Semaphore(IN_FLIGHT);
        private volatile boolean open;

        Streamer(byte[][] frames) {
            this.frames = frames;
        }

        @Override
        public void onOpen(CoreSession session, Callback callback) {
            open = true;
            callback.succeeded();
            session.demand();
            Thread sender = new Thread(() -> send(session), "ws-server-sender");
            sender.setDaemon(true);
            sender.start();
        }

        private void send(CoreSession session) {
            Callback release = Callback.from(window::release, failure -> {
                open = false;
                window.release();
            });
            try {
                for (long i = 0; open; i++) {
                    while (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                        if (!open) return;
                    }
                    byte[] f = frames[(int) (i % frames.length)];
                    session.sendFrame(new Frame(OpCode.TEXT, true, ByteBuffer.wrap(f)), release, (i % FLUSH_EVERY) != FLUSH_EVERY - 1);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onFrame(Frame frame, Callback callback) {
            callback.succeeded();
        }

        @Override
        public void onError(Throwable cause, Callback callback) {
            open = false;
            callback.succeeded();
        }

        @Override
        public void onClosed(CloseStatus closeStatus, Callback callback) {
            open = false;
            callback.succeeded();
        }
    }
}
