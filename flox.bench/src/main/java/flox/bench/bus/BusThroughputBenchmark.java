package flox.bench.bus;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
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
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Publish throughput, P publishers (the benchmark threads: {@link #onePublisher} or
 * {@link #twoPublishers}) to N lossless subscribers, Flox vs the LMAX Disruptor configured
 * equivalently (see {@link Contender}: {@code disruptor-single} is the peer of one publisher,
 * {@code disruptor-multi} of two), or Flox's sync mode vs a plain loop calling the same
 * subscribers ({@code flox-sync} vs {@code loop}). One operation = one trade published; every
 * subscriber receives every trade, so the score (summed over the publishing threads) is events/s
 * and deliveries/s are score x N. The publishers are gated by the slowest subscriber (ring of
 * {@link #ringSize}), so in steady state the publish rate is the delivery rate; at the end of
 * every iteration the benchmark waits until every subscriber has received every event
 * published so far and checks each publisher's order (a lost, duplicated or reordered event
 * fails the run). Lag at an iteration's end is at most one ring (well under 1 % of an
 * iteration).
 *
 * <p>Allocation: {@code -prof gc}'s gc.alloc.rate.norm counts every thread of the JVM, so it
 * covers publish and delivery, but also the harness: its last iteration includes the trial
 * tear-down (stopping the bus, ~160 KB on a cold path), which shows as a few hundredths of a
 * byte per op. So the benchmark also measures the publishing and delivering threads alone
 * (ThreadMXBean allocated bytes, measurement iterations only, per event) and writes that to
 * the side file.
 *
 * <p>Threads: P + N (async), P (flox-sync, loop). On 2 cores use "yielding" when P + N > 2.
 *
 * <p>Side file ({@code -Dflox.bench.sidecar=path}, appended, tab-separated): impl, fan-out,
 * idle, ring size, publishers, round trip before / after (ns), publisher + consumer threads'
 * bytes per event (-1: no measured iteration), published events, back-pressured retries.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class BusThroughputBenchmark {
    /**
     * Subscribers (the fan-out degree). Named so that it sorts before {@link #impl}: JMH orders
     * the parameter combinations by parameter name, the last name varying fastest, so the
     * contenders of one fan-out run back to back (interleaved, same machine regime).
     */
    @Param({"1", "2", "4", "8", "16"})
    public int fanOut;

    /**
     * flox (async), flox-sync (publisher delivers), loop (plain loop, the floor of sync delivery),
     * disruptor-single, disruptor-multi; a Disruptor name may end in {@code /batch=N}.
     */
    @Param({"flox", "disruptor-single", "disruptor-multi"})
    public String impl;

    /** Consumer wait strategy: busy-spin (only when P + N <= cores) or yielding. */
    @Param({"yielding"})
    public String idle;

    @Param({"4096"})
    public int ringSize;

    /** One publishing thread: its trades (symbol id = its index), its count. */
    @State(Scope.Thread)
    public static class Publisher {
        final TradeEvent event = new TradeEvent();
        int index;
        long published;

        @Setup(Level.Trial)
        public void join(BusThroughputBenchmark bench, ThreadParams thread) {
            index = thread.getThreadIndex();
            bench.join(this, Thread.currentThread());
        }
    }

    private Contender contender;
    private CountingSink[] sinks;
    private Publisher[] publishers;
    private final List<Thread> measuredThreads = new CopyOnWriteArrayList<>();
    private long backPressured;
    private long roundTripBeforeNs;

    private boolean measuring;
    private long iterationStartPublished;
    private long iterationStartBytes = -1;
    private long measuredEvents;
    private long measuredBytes;

    @Setup(Level.Trial)
    public void setUp(BenchmarkParams params) {
        int threads = params.getThreads();
        if (threads > CountingSink.MAX_PUBLISHERS) throw new IllegalArgumentException("at most " + CountingSink.MAX_PUBLISHERS + " publishers");
        roundTripBeforeNs = Probes.roundTripNs();
        publishers = new Publisher[threads];
        sinks = new CountingSink[fanOut];
        for (int i = 0; i < fanOut; i++) sinks[i] = new CountingSink();
        contender = Contender.create(impl, idle, ringSize, sinks, threads);
        Contender.promoteToOldGeneration();
        measuredThreads.addAll(contender.consumerThreads());
    }

    synchronized void join(Publisher p, Thread thread) {
        publishers[p.index] = p;
        measuredThreads.add(thread);
    }

    /** One publisher; the peer is disruptor-single. */
    @Benchmark
    @Threads(1)
    public long onePublisher(Publisher p) {
        return publish(p);
    }

    /** Two publishers on one bus; the peer is disruptor-multi. */
    @Benchmark
    @Threads(2)
    public long twoPublishers(Publisher p) {
        return publish(p);
    }

    private long publish(Publisher p) {
        long id = ++p.published;
        TradeEvent e = p.event.set(p.index, id, 100_000_000L + (id & 1023), 1_000L, Side.BUY, 0L, 0L);
        long r = contender.publish(e);
        if (r < 0) {
            // Flox waited the whole publish timeout (10 s) for a lossless subscriber: a hang, not a benchmark figure
            synchronized (this) {
                backPressured++;
            }
            throw new IllegalStateException(impl + " x" + fanOut + ": publisher " + p.index + "'s publish #" + id + " refused: "
                    + BusResult.describe(r) + " after the 10 s publish timeout. " + contender.problems());
        }
        return r;
    }

    private long published() {
        long sum = 0;
        for (Publisher p : publishers) {
            if (p != null) sum += p.published;
        }
        return sum;
    }

    private boolean allJoined() {
        for (Publisher p : publishers) {
            if (p == null) return false;
        }
        return true;
    }

    @Setup(Level.Iteration)
    public void beginIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        iterationStartPublished = published();
        // in the first iteration the publishers' own set-up may not have run yet: not measured then
        iterationStartBytes = allJoined() ? Probes.allocatedBytes(measuredThreads, false) : -1;
    }

    /** Waits for every subscriber to have everything published so far; checks order. */
    @TearDown(Level.Iteration)
    public void endIteration() {
        long published = published();
        CountingSink.awaitAll(sinks, published, impl + " x" + fanOut, contender);
        if (measuring && iterationStartBytes >= 0) {
            measuredEvents += published - iterationStartPublished;
            measuredBytes += Probes.allocatedBytes(measuredThreads, false) - iterationStartBytes;
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        contender.close();
        String problems = contender.problems();
        long roundTripAfterNs = Probes.roundTripNs();
        double bytesPerEvent = measuredEvents == 0 ? -1 : (double) measuredBytes / measuredEvents;
        String line = String.join("\t", impl, Integer.toString(fanOut), idle, Integer.toString(ringSize),
                Integer.toString(publishers.length), Long.toString(roundTripBeforeNs), Long.toString(roundTripAfterNs),
                String.format(Locale.ROOT, "%.4f", bytesPerEvent), Long.toString(published()), Long.toString(backPressured));
        System.out.println("[bus] " + line.replace('\t', ' ')
                + " (impl subs idle ring pubs rtBefore rtAfter threadsB/ev published backPressured)");
        if (!problems.isEmpty()) throw new IllegalStateException(impl + " x" + fanOut + ": " + problems);
        String sidecar = System.getProperty("flox.bench.sidecar");
        if (sidecar != null) {
            Files.write(Path.of(sidecar), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
