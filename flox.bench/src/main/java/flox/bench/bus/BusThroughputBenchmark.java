package flox.bench.bus;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Publish throughput, 1 publisher (the benchmark thread) to N lossless subscribers, Flox vs
 * the LMAX Disruptor configured equivalently (see {@link Contender}). One operation = one
 * trade published; every subscriber receives every trade, so the score is events/s and
 * deliveries/s are score x N. The publisher is gated by the slowest subscriber (ring of
 * {@link #ringSize}), so in steady state the publish rate is the delivery rate; at the end of
 * every iteration the benchmark waits until every subscriber has received every event
 * published so far and checks their order (a lost, duplicated or reordered event fails the
 * run). Lag at an iteration's end is at most one ring (4,096 events; well under 0.1 % of an
 * iteration).
 *
 * <p>Allocation: {@code -prof gc}'s gc.alloc.rate.norm counts every thread of the JVM, so it
 * covers publish and delivery, but also the harness: its last iteration includes the trial
 * tear-down (stopping the bus, ~160 KB on a cold path), which shows as a few hundredths of a
 * byte per op. So the benchmark also measures the publishing and delivering threads alone
 * (ThreadMXBean allocated bytes, measurement iterations only, per event) and writes that to
 * the side file.
 *
 * <p>Threads: 1 + N (async), 1 (flox-sync). On 2 cores use "yielding" when 1 + N > 2.
 *
 * <p>Side file ({@code -Dflox.bench.sidecar=path}, appended, tab-separated): impl,
 * fan-out, idle, round trip before / after (ns), publisher + consumer threads' bytes per event,
 * published events, back-pressured retries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
@Threads(1)
public class BusThroughputBenchmark {
    /**
     * Subscribers (the fan-out degree). Named so that it sorts before {@link #impl}: JMH orders
     * the parameter combinations by parameter name, the last name varying fastest, so the
     * contenders of one fan-out run back to back (interleaved, same machine regime).
     */
    @Param({"1", "2", "4", "8", "16"})
    public int fanOut;

    /** flox (async), flox-sync (publisher delivers), disruptor. */
    @Param({"flox-sync", "flox", "disruptor"})
    public String impl;

    /** Consumer wait strategy: busy-spin (only when 1 + N <= cores) or yielding. */
    @Param({"yielding"})
    public String idle;

    @Param({"4096"})
    public int ringSize;

    private Contender contender;
    private CountingSink[] sinks;
    private final TradeEvent event = new TradeEvent();
    private long published;
    private long backPressured;
    private long roundTripBeforeNs;

    private boolean measuring;
    private long iterationStartPublished;
    private long iterationStartBytes;
    private long measuredEvents;
    private long measuredBytes;

    @Setup(Level.Trial)
    public void setUp() {
        roundTripBeforeNs = Probes.roundTripNs();
        sinks = new CountingSink[fanOut];
        for (int i = 0; i < fanOut; i++) sinks[i] = new CountingSink();
        contender = Contender.create(impl, idle, ringSize, sinks);
    }

    @Benchmark
    public long publish() {
        long id = ++published;
        TradeEvent e = event.set(7, id, 100_000_000L + (id & 1023), 1_000L, Side.BUY, 0L, 0L);
        long r = contender.publish(e);
        if (r < 0) {
            // Flox waited the whole publish timeout (10 s) for a lossless subscriber: a hang, not a benchmark figure
            backPressured++;
            throw new IllegalStateException(impl + " x" + fanOut + ": publish #" + id + " refused: " + BusResult.describe(r)
                    + " after the 10 s publish timeout. " + contender.problems());
        }
        return r;
    }

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        iterationStartPublished = published;
        iterationStartBytes = Probes.allocatedBytes(contender.consumerThreads(), true);
    }

    /** Waits for every subscriber to have everything published so far; checks order. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long deadline = System.nanoTime() + 10_000_000_000L;
        for (CountingSink s : sinks) {
            while (s.count() < published) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(impl + " x" + fanOut + ": a subscriber has " + s.count() + " of "
                            + published + " events after 10 s: events lost or delivery hung. " + contender.problems());
                }
                Thread.yield();
            }
            if (s.count() != published || s.outOfOrder != 0) {
                throw new IllegalStateException(impl + " x" + fanOut + ": subscriber got " + s.count() + " events for "
                        + published + " published, " + s.outOfOrder + " out of order");
            }
        }
        if (measuring) {
            measuredEvents += published - iterationStartPublished;
            measuredBytes += Probes.allocatedBytes(contender.consumerThreads(), true) - iterationStartBytes;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        contender.close();
        String problems = contender.problems();
        long roundTripAfterNs = Probes.roundTripNs();
        double bytesPerEvent = measuredEvents == 0 ? 0 : (double) measuredBytes / measuredEvents;
        String line = String.join("\t", impl, Integer.toString(fanOut), idle, Long.toString(roundTripBeforeNs),
                Long.toString(roundTripAfterNs), String.format(Locale.ROOT, "%.4f", bytesPerEvent),
                Long.toString(published), Long.toString(backPressured));
        System.out.println("[bus] " + line.replace('\t', ' ') + " (impl subs idle rtBefore rtAfter threadsB/ev published backPressured)");
        if (!problems.isEmpty()) throw new IllegalStateException(impl + " x" + fanOut + ": " + problems);
        String sidecar = System.getProperty("flox.bench.sidecar");
        if (sidecar != null) {
            Files.write(Path.of(sidecar), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
