package flox.bench.ws;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * The payloads of the WebSocket benchmarks: the combined-stream frames of an hftbacktest
 * recording ({@code <receive ns> <frame>} lines, gzip), in recorded order, without the REST
 * snapshot line (not a stream frame). Set-up code only.
 */
public final class WsFrames {
    /** Every frame as recorded (depthUpdate, trade and bookTicker mixed). */
    public static final String MIX = "mix";
    /** Only the depthUpdate frames. */
    public static final String DEPTH = "depth";

    /** Default recording, relative to the repository root. */
    public static final String DEFAULT_RECORDING = "testdata/binance/recordings/hftbacktest/btcusdt_20240808.gz";

    private WsFrames() {
    }

    /** The recording named by {@code -Dflox.bench.ws.recording}, else the default one under the working directory. */
    public static Path recording() {
        return Path.of(System.getProperty("flox.bench.ws.recording", DEFAULT_RECORDING));
    }

    /** The frames of {@code kind} ({@link #MIX} or {@link #DEPTH}), each as its UTF-8 bytes. */
    public static byte[][] load(Path recording, String kind) throws IOException {
        if (!MIX.equals(kind) && !DEPTH.equals(kind)) throw new IllegalArgumentException("frames is mix or depth, not " + kind);
        List<byte[]> out = new ArrayList<>();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(recording), 1 << 16), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                int sp = line.indexOf(' ');
                if (sp < 0) continue;
                String frame = line.substring(sp + 1);
                if (!frame.startsWith("{\"stream\":")) continue; // the REST depth snapshot
                if (DEPTH.equals(kind) && !frame.contains("@depth")) continue;
                out.add(frame.getBytes(StandardCharsets.UTF_8));
            }
        }
        if (out.isEmpty()) throw new IOException("no frames of kind " + kind + " in " + recording);
        return out.toArray(new byte[0][]);
    }

    /** Mean frame size in bytes. */
    public static double meanSize(byte[][] frames) {
        long sum = 0;
        for (byte[] f : frames) sum += f.length;
        return (double) sum / frames.length;
    }
}
