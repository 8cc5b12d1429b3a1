package flox.bench.ws;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Text frames received from a loopback Jetty 12 WebSocket server ({@link WsFrameServer}, its own
 * process: its allocation is not in this JVM's {@code -prof gc} figure) by each client, one op =
 * one frame (ops/s = frames/s; gc.alloc.rate.norm = the whole JVM's bytes per frame). The server
 * streams the recording's frames round and round as fast as the client reads them; each client's
 * callback copies the frame into the byte[] the feed decoder would read (see {@link Receivers}).
 *
 * <p>The callbacks run on the libraries' threads, not the benchmark thread (which only waits, 1,024
 * frames an invocation), so the benchmark also measures the client library's threads alone
 * (ThreadMXBean allocated bytes over the measurement iterations, divided by the frames received
 * meanwhile) and the threads the callback ran on, printed as a {@code [ws]} line and appended to
 * {@code -Dflox.bench.sidecar=path}: client, frames, client threads' B/frame, callback threads'
 * B/frame, frames measured, callback thread count, mean frame bytes, and the client threads' CPU time
 * per frame (ThreadMXBean; the receive cost on our side whatever the server's pace, which a shared
 * 2-core machine may set: frames/s is bounded by the server process too).
 *
 * <p>{@code jetty-core-64k} and {@code tcp-floor-4k} change only the bytes a read asks for (Jetty's
 * default input buffer is 4,096 bytes, the floor's 65,536): at saturation, reads per frame set much
 * of the CPU per frame.
 *
 * <p>{@code tcp-floor} is not comparable (no WebSocket framing, no HTTP upgrade): the floor of
 * reading the same bytes on loopback into a reused buffer.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class WsReceiveBenchmark {
    static final int BATCH = 1_024;
    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Param({"jdk", "jdk-batch", "jetty-text", "jetty-partial", "jetty-frame", "jetty-core", "jetty-core-64k", "tcp-floor", "tcp-floor-4k"})
    public String client;

    @Param({"mix", "depth"})
    public String frames;

    private ServerProcess server;
    private Receiver receiver;
    private double meanBytes;

    private boolean measuring;
    private final Map<Long, Long> startBytes = new HashMap<>();
    private final Map<Long, Long> startCpu = new HashMap<>();
    private long startFrames;
    private long measuredFrames;
    private long clientBytes;
    private long callbackBytes;
    private long clientCpuNs;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        Path recording = WsFrames.recording();
        byte[][] payloads = WsFrames.load(recording, frames);
        int[] expected = new int[payloads.length];
        for (int i = 0; i < payloads.length; i++) expected[i] = payloads[i].length;
        meanBytes = WsFrames.meanSize(payloads);

        server = new ServerProcess(recording, frames);
        receiver = Receivers.create(client, expected);
        receiver.open(server.ws, server.tcpPort);
    }

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        startBytes.clear();
        startCpu.clear();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!isClientThread(t)) continue;
            startBytes.put(t.getId(), THREADS.getThreadAllocatedBytes(t.getId()));
            startCpu.put(t.getId(), THREADS.getThreadCpuTime(t.getId()));
        }
        for (Thread t : receiver.callbackThreads) startBytes.putIfAbsent(t.getId(), THREADS.getThreadAllocatedBytes(t.getId()));
        startFrames = receiver.published();
    }

    @TearDown(Level.Iteration)
    public void endIteration() {
        long endFrames = receiver.published();
        if (!measuring) return;
        long all = 0;
        long cpu = 0;
        Map<Long, Long> seen = new HashMap<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (!isClientThread(t)) continue;
            long delta = delta(t);
            seen.put(t.getId(), delta);
            all += delta;
            long now = THREADS.getThreadCpuTime(t.getId());
            if (now > 0) cpu += now - startCpu.getOrDefault(t.getId(), 0L);
        }
        long callbacks = 0;
        for (Thread t : receiver.callbackThreads) {
            Long d = seen.get(t.getId());
            callbacks += d != null ? d : delta(t);
        }
        measuredFrames += endFrames - startFrames;
        clientBytes += all;
        callbackBytes += callbacks;
        clientCpuNs += cpu;
    }

    private long delta(Thread t) {
        long now = THREADS.getThreadAllocatedBytes(t.getId());
        if (now < 0) return 0; // ended
        return now - startBytes.getOrDefault(t.getId(), 0L);
    }

    private boolean isClientThread(Thread t) {
        for (String p : receiver.threadPrefixes()) {
            if (t.getName().startsWith(p)) return true;
        }
        return false;
    }

    @TearDown(Level.Trial)
    public void tearDown(BenchmarkParams params) throws Exception {
        long mismatches = receiver.mismatches();
        Throwable failure = receiver.failure();
        try {
            receiver.stop();
        } finally {
            server.close();
        }
        report();
        if (failure != null) throw new IllegalStateException(client + " failed", failure);
        if (mismatches != 0) throw new IllegalStateException(client + ": " + mismatches + " frames of the wrong length (lost, torn or reordered)");
    }

    private void report() throws IOException {
        double perClient = measuredFrames == 0 ? -1 : (double) clientBytes / measuredFrames;
        double perCallback = measuredFrames == 0 ? -1 : (double) callbackBytes / measuredFrames;
        double cpuPerFrame = measuredFrames == 0 ? -1 : (double) clientCpuNs / measuredFrames;
        String line = String.join("\t", client, frames, String.format(Locale.ROOT, "%.2f", perClient),
                String.format(Locale.ROOT, "%.2f", perCallback), Long.toString(measuredFrames),
                Integer.toString(receiver.callbackThreads.size()), String.format(Locale.ROOT, "%.1f", meanBytes),
                String.format(Locale.ROOT, "%.1f", cpuPerFrame));
        System.out.println("[ws] " + line.replace('\t', ' ')
                + " (client, frames, client threads' B/frame, callback threads' B/frame, frames measured, callback threads, mean frame bytes, client threads' CPU ns/frame)");
        String sidecar = System.getProperty("flox.bench.sidecar");
        if (sidecar != null) {
            Files.write(Path.of(sidecar), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long receive() {
        return receiver.awaitFrames(BATCH);
    }
}
