package flox.binance.fake;

import static flox.binance.fake.TestSupport.WAIT;
import static flox.binance.fake.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.binance.fake.TestSupport.WsClient;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeBinanceStreamTest {

    private static List<String> expected(FakeBinance fake, long from, long to, Set<String> streams) {
        return fake.frames().stream().filter(f -> f.position() > from && f.position() <= to && streams.contains(f.stream()))
                .map(FakeBinance.Frame::text).toList();
    }

    @Test
    void shouldSendTheSubscribedStreamsOnlyInRecordedOrder() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).start()) {
            WsClient c = WsClient.connect(fake, "btcusdt@depth@100ms", "btcusdt@trade");
            fake.release(500);
            assertTrue(fake.awaitSent(500, WAIT));
            List<String> want = expected(fake, 0, 500, Set.of("btcusdt@depth@100ms", "btcusdt@trade"));
            assertTrue(want.size() > 50 && want.size() < 500, "the first 500 frames mix the three streams: " + want.size());
            assertEquals(want, c.take(want.size()));
            assertTrue(c.messages.isEmpty(), "no bookTicker frame, nothing more");
            assertEquals(want.stream().filter(t -> t.contains("@trade")).count(), fake.framesSent("btcusdt@trade"));
            assertEquals(0, fake.framesSent("btcusdt@bookTicker"));
            c.abort();
        }
    }

    @Test
    void shouldGiveEachNewConnectionTheStreamFromTheCurrentPosition() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).start()) {
            Set<String> s = Set.of("btcusdt@bookTicker");
            WsClient first = WsClient.connect(fake, "btcusdt@bookTicker");
            fake.release(100);
            assertTrue(fake.awaitSent(100, WAIT));
            WsClient second = WsClient.connect(fake, "btcusdt@bookTicker");
            fake.release(100);
            assertTrue(fake.awaitSent(200, WAIT));
            List<String> all = expected(fake, 0, 200, s);
            List<String> late = expected(fake, 100, 200, s);
            assertEquals(all, first.take(all.size()));
            assertEquals(late, second.take(late.size()));
            assertTrue(late.size() < all.size());
            assertEquals(2, fake.connectionsOpened());
            first.abort();
            second.abort();
        }
    }

    @Test
    void shouldReleaseUntilAMatchingFrame() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).start()) {
            WsClient c = WsClient.connect(fake, "btcusdt@depth@100ms");
            long p = fake.releaseUntil(f -> f.depth() && f.lastUpdateId() >= 50093239300L);
            FakeBinance.Frame target = fake.frames().get((int) p - 1);
            assertTrue(target.depth() && target.lastUpdateId() >= 50093239300L);
            assertTrue(fake.awaitSent(p, WAIT));
            List<String> want = expected(fake, 0, p, Set.of("btcusdt@depth@100ms"));
            assertEquals(want, c.take(want.size()));
            assertEquals(target.text(), want.get(want.size() - 1));
            assertEquals(p, fake.played());
            c.abort();
        }
    }

    @Test
    void shouldPlayACryptofeedRecordingAsFastAsReadOnceAClientConnects() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.cryptofeed()).pacing(Pacing.asFastAsRead()).start()) {
            assertEquals(0, fake.played(), "nothing played before the first connection");
            WsClient c = WsClient.connect(fake, "nknusdt@depth@100ms", "nknusdt@bookTicker");
            await("the end of the recording", fake::isFinished);
            assertTrue(fake.awaitSent(fake.frames().size(), WAIT));
            List<String> want = expected(fake, 0, fake.frames().size(), Set.of("nknusdt@depth@100ms", "nknusdt@bookTicker"));
            assertEquals(150 + 74, want.size());
            assertEquals(want, c.take(want.size()));
            c.abort();
        }
    }

    @Test
    void shouldKeepTheRecordedGapsDividedByTheSpeed() throws Exception {
        double speed = 4;
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).pacing(Pacing.original(speed)).start()) {
            List<FakeBinance.Frame> frames = fake.frames();
            int k = 1;
            while (frames.get(k).receiveNs() - frames.get(0).receiveNs() < 2_000_000_000L) {
                k++;
            }
            int n = k + 1; // the first frame 2 s (recorded) after the first
            long spanNs = frames.get(n - 1).receiveNs() - frames.get(0).receiveNs();
            long expectNs = (long) (spanNs / speed);
            assertTrue(expectNs > 100_000_000L && expectNs < 5_000_000_000L, "a span worth measuring: " + expectNs);
            long t0 = System.nanoTime();
            WsClient c = WsClient.connect(fake, "btcusdt@trade");
            await("frame " + n, () -> fake.played() >= n);
            long elapsed = System.nanoTime() - t0;
            assertTrue(elapsed >= expectNs * 9 / 10, "played " + n + " frames in " + elapsed / 1_000_000 + " ms, recorded span / speed "
                    + expectNs / 1_000_000 + " ms");
            c.abort();
        }
    }

    @Test
    void shouldPingAndKeepAClientThatPongs() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt())
                .pingInterval(Duration.ofMillis(50)).pongTimeout(Duration.ofSeconds(5)).start()) {
            WsClient c = WsClient.connect(fake, "btcusdt@trade");
            await("three pongs", () -> fake.pongsReceived() >= 3);
            assertTrue(fake.pingsSent() >= 3);
            assertEquals(1, fake.connectionsOpen());
            assertEquals(0, fake.connectionsDroppedNoPong());
            assertFalse(c.closeCode.isDone(), () -> "the client was closed: " + c.closeCode);
            c.abort();
        }
    }

    @Test
    void shouldDropAClientThatDoesNotPong() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt())
                .pingInterval(Duration.ofMillis(100)).pongTimeout(Duration.ofSeconds(1)).start();
             Socket raw = new Socket("127.0.0.1", fake.port())) {
            WsClient live = WsClient.connect(fake, "btcusdt@trade");
            // a handshake by hand, then silence: this client never reads, so never pongs
            OutputStream out = raw.getOutputStream();
            out.write(("GET /stream?streams=btcusdt@trade HTTP/1.1\r\nHost: 127.0.0.1:" + fake.port() + "\r\nUpgrade: websocket\r\n"
                    + "Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = raw.getInputStream();
            StringBuilder head = new StringBuilder();
            while (head.indexOf("\r\n\r\n") < 0) {
                int b = in.read();
                assertTrue(b >= 0, "handshake reply cut: " + head);
                head.append((char) b);
            }
            assertTrue(head.toString().startsWith("HTTP/1.1 101"), head.toString());
            await("the silent client dropped", () -> fake.connectionsDroppedNoPong() == 1);
            raw.setSoTimeout((int) WAIT.toMillis());
            byte[] buf = new byte[4096];
            while (in.read(buf) >= 0) {
                // the pings it never answered, then the end of the connection
            }
            assertEquals(1, fake.connectionsDroppedNoPong());
            assertFalse(live.closeCode.isDone(), () -> "the client that pongs was closed: " + live.closeCode);
            TestSupport.await("only the client that pongs left", () -> fake.connectionsOpen() == 1);
            live.abort();
        }
    }
}
