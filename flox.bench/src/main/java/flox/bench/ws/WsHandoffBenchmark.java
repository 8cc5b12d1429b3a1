package flox.bench.ws;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * What the connector adds on the receiving thread to hand a received frame to the feed decoder,
 * which reads a byte[] range (Jackson's non-blocking {@code ByteArrayFeeder}): the copy from what
 * each client delivers into a reused byte[], one frame per op, single-threaded (so {@code -prof gc}
 * is this path's own allocation). Frames: a depthUpdate of the recording's median depth size, a
 * trade, a bookTicker (the first of each kind in the recording).
 *
 * <ul>
 *   <li>{@code jdkChars}: the JDK client's {@code CharSequence} part (a heap CharBuffer) narrowed char
 *       by char (Binance's JSON is ASCII; other text would need a UTF-8 encoder).</li>
 *   <li>{@code jettyString}: Jetty's String, {@code getBytes(int, int, byte[], int)} (narrowing, no allocation).</li>
 *   <li>{@code directByteBuffer}, {@code heapByteBuffer}: a Jetty frame payload, absolute bulk get.</li>
 *   <li>{@code newString}: baseline, what a String API costs per frame: the frame's bytes decoded to a new String.</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WsHandoffBenchmark {
    @Param({"depth", "trade", "bookTicker"})
    public String frame;

    private byte[] bytes;
    private CharBuffer chars;
    private String string;
    private ByteBuffer direct;
    private ByteBuffer heap;
    private final byte[] dst = new byte[1 << 16];

    @Setup
    public void setUp() throws Exception {
        byte[][] all = WsFrames.load(WsFrames.recording(), WsFrames.MIX);
        bytes = pick(all, frame);
        string = new String(bytes, StandardCharsets.UTF_8);
        chars = CharBuffer.wrap(string.toCharArray());
        direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        heap = ByteBuffer.wrap(bytes.clone());
    }

    static byte[] pick(byte[][] frames, String kind) {
        if ("depth".equals(kind)) {
            java.util.List<byte[]> depth = new java.util.ArrayList<>();
            for (byte[] f : frames) if (new String(f, 0, Math.min(f.length, 40), StandardCharsets.US_ASCII).contains("@depth")) depth.add(f);
            depth.sort(java.util.Comparator.comparingInt(f -> f.length));
            return depth.get(depth.size() / 2);
        }
        String marker = "@" + kind + "\"";
        for (byte[] f : frames) if (new String(f, 0, Math.min(f.length, 40), StandardCharsets.US_ASCII).contains(marker)) return f;
        throw new IllegalArgumentException("no " + kind + " frame");
    }

    @Benchmark
    public int jdkChars() {
        CharSequence data = chars;
        byte[] b = dst;
        int n = data.length();
        for (int i = 0; i < n; i++) b[i] = (byte) data.charAt(i);
        return n;
    }

    @Benchmark
    @SuppressWarnings("deprecation")
    public int jettyString() {
        String s = string;
        int n = s.length();
        s.getBytes(0, n, dst, 0);
        return n;
    }

    @Benchmark
    public int directByteBuffer() {
        ByteBuffer p = direct;
        int n = p.remaining();
        p.get(p.position(), dst, 0, n);
        return n;
    }

    @Benchmark
    public int heapByteBuffer() {
        ByteBuffer p = heap;
        int n = p.remaining();
        p.get(p.position(), dst, 0, n);
        return n;
    }

    @Benchmark
    public String newString() {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
