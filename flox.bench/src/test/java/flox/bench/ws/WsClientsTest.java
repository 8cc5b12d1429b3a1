package flox.bench.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The benchmark's payloads, and that every client it measures receives the server's frames whole and in order. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WsClientsTest {
    private static final Path RECORDING = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance/recordings/hftbacktest/btcusdt_20240808.gz");

    private int[] expected;

    @BeforeAll
    void loadFrames() throws Exception {
        byte[][] frames = WsFrames.load(RECORDING, WsFrames.DEPTH);
        expected = new int[frames.length];
        for (int i = 0; i < frames.length; i++) expected[i] = frames[i].length;
    }

    @Test
    void shouldLoadEveryStreamFrameOfTheRecordingButNotItsRestSnapshot() throws Exception {
        assertEquals(3_451 + 9_757 + 28_040, WsFrames.load(RECORDING, WsFrames.MIX).length);
        assertEquals(3_451, WsFrames.load(RECORDING, WsFrames.DEPTH).length);
    }

    @ParameterizedTest
    @ValueSource(strings = {"jdk", "jdk-batch", "jetty-text", "jetty-partial", "jetty-frame", "jetty-core", "jetty-core-64k", "tcp-floor", "tcp-floor-4k"})
    void shouldReceiveTheServersFramesWholeAndInOrder(String client) throws Exception {
        // a server process per client, as each benchmark fork has
        Receiver r = Receivers.create(client, expected);
        try (ServerProcess server = new ServerProcess(RECORDING, WsFrames.DEPTH)) {
            r.open(server.ws, server.tcpPort);
            try {
                r.awaitFrames(2 * expected.length + 17); // round the recording twice, and into a third
            } finally {
                r.stop();
            }
        }
        assertNull(r.failure());
        assertEquals(0, r.mismatches(), "frames of the wrong length");
        assertTrue(r.published() >= 2L * expected.length + 17);
    }

    @Test
    void shouldCountAFrameOfAnotherLengthThanTheRecordingsAsAMismatch() {
        Receiver r = new Receiver(new int[] {3, 5}) {
            @Override
            void open(URI ws, int tcpPort) {
            }

            @Override
            void close() {
            }

            @Override
            String[] threadPrefixes() {
                return new String[0];
            }
        };
        r.len = 3;
        r.frameDone();
        r.len = 4; // torn or merged
        r.frameDone();
        r.len = 3;
        r.frameDone();
        assertEquals(1, r.mismatches());
        assertEquals(3, r.awaitFrames(3));
    }
}
