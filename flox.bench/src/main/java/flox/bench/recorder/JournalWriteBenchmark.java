package flox.bench.recorder;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.bench.bus.Probes;
import flox.bus.internal.StandaloneBuses;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.core.time.SystemNanoClock;
import flox.recorder.internal.journal.Recorder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Stream;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * The journal's write rate beside the bus's 1 publisher -> 1 subscriber throughput, same payload,
 * same run (issue 17's target: a write rate of at least the bus's 1->1). One operation = one event
 * (a {@link TradeEvent}, or a {@link BookUpdate} of one bid and one ask level as the default run's
 * deltas) handed on by the benchmark thread:
 * <ul>
 *   <li>{@code bus}: published on an async market-data bus (one-publisher ring of 4,096, idle
 *       yielding) to one lossless subscriber on its agent thread, as BusThroughputBenchmark's
 *       {@code flox} 1->1 row;</li>
 *   <li>{@code journal}: the recorder's own path, {@link Recorder#onTrade} / {@link Recorder#onBookUpdate}
 *       (what its bus subscriber calls): the event encoded into the recorder's Agrona
 *       ManyToOneRingBuffer (8 MiB, the host's default) on the benchmark thread, and the writer
 *       thread ("flox-recorder") appending it to the mapped segment. Segments of {@link #segmentMb}
 *       MiB in a temp directory, rolled by size during the run (retention: 4 segments), made ahead
 *       and closed (msynced when {@link #sync} is roll) by the writer's segment thread.</li>
 * </ul>
 * The recorder is lossy (a full ring drops), so to measure its rate rather than its drops the
 * benchmark thread waits (yielding) while more than {@link #GATE_BYTES} wait in its ring, as the
 * bus's lossless subscriber gates its publisher; drops are counted and must be 0.
 *
 * <p>"Committed" rate: an event counts when the subscriber received it (bus) or the writer
 * committed it to the segment (journal; {@code JournalWriter.events()}); measured per iteration
 * from its start to its end, before the drain, so a backlog left in a ring is not counted; the
 * JMH score is the hand-on rate (higher by at most the gate's backlog per iteration). At every
 * iteration's end the benchmark waits until everything handed on is committed.
 *
 * <p>Allocation: {@code -prof gc} (whole JVM), and ThreadMXBean bytes of the benchmark thread
 * and the consumer thread (agent or writer), measurement iterations only, per event; a roll the
 * writer does itself (no prepared segment ready) is included; the segment thread's are not.
 *
 * <p>Side file ({@code -Dflox.bench.sidecar=path}, appended, tab-separated): impl, event,
 * segment MiB/sync, committed events/s, threads' bytes per event, events handed on, dropped,
 * segments opened, journal bytes per event (0 for the bus), rolls onto a prepared segment,
 * segments the writer closed itself.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 2)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g", "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED"})
public class JournalWriteBenchmark {
    /** Bytes waiting in the recorder's ring above which the benchmark thread waits. */
    static final int GATE_BYTES = 1 << 20;
    private static final Logger QUIET_BUS = Logger.getLogger("flox.bus");
    private static final Logger QUIET_RECORDER = Logger.getLogger("flox.recorder"); // an INFO line per retention deletion

    /** trade or book; named to sort before {@link #impl}, so bus and journal of one payload run back to back. */
    @Param({"trade", "book"})
    public String event;

    /** bus (the 1->1 baseline) or journal. */
    @Param({"bus", "journal"})
    public String impl;

    /** Journal segment size: small enough to roll several times a second. */
    @Param({"16"})
    public int segmentMb;

    /** roll: each closed segment msynced (the host's default, {@code sync.on.roll=true}); none: left to the kernel. */
    @Param({"roll"})
    public String sync;

    private final TradeEvent trade = new TradeEvent();
    private final BookUpdate book = new BookUpdate(2);
    private long handedOn;
    private long seq;

    private MarketDataBus bus;
    private Counter sink;
    private Recorder recorder;
    private Path dir;
    private final List<Thread> measured = new ArrayList<>();

    private boolean measuring;
    private long iterationStartNs;
    private long iterationStartCommitted;
    private long iterationStartHanded;
    private long iterationStartBytes = -1;
    private long committedEvents;
    private long committedNs;
    private long measuredEvents;
    private long measuredBytes;

    /** Counts what it receives (agent thread), released for the benchmark thread. */
    static final class Counter implements MarketDataSubscriber {
        volatile long count;
        long sum;

        @Override
        public void onTrade(TradeEvent t) {
            sum += t.priceScaled();
            count = count + 1;
        }

        @Override
        public void onBookUpdate(BookUpdate u) {
            sum += u.bidCount();
            count = count + 1;
        }
    }

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp() throws Exception {
        QUIET_BUS.setLevel(Level.WARNING);
        QUIET_RECORDER.setLevel(Level.WARNING);
        measured.add(Thread.currentThread()); // JMH runs set-ups on the benchmark thread
        if (impl.equals("bus")) {
            bus = StandaloneBuses.marketData(new StandaloneBuses.Options().onePublisher(true).ringSize(4096).idle("yielding")
                    .publishTimeoutMs(10_000).stallTimeoutMs(10_000), null);
            sink = new Counter();
            StandaloneBuses.subscribe(bus, sink, "sink", "lossless", 0);
            measured.add(thread("flox-market-data-sink"));
        } else if (impl.equals("journal")) {
            ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
            registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1)
                    .minQuantityScaled(1).build());
            dir = Files.createTempDirectory("flox-journal-bench");
            long segment = (long) segmentMb << 20;
            recorder = new Recorder(dir, segment, 4 * segment, 8 << 20, new Recorder.Filter(EnumSet.allOf(EventKind.class), List.of()),
                    registry, new SystemNanoClock(), sync.equals("roll"));
            recorder.start();
            measured.add(thread("flox-recorder"));
        } else {
            throw new IllegalArgumentException("impl is bus or journal, not " + impl);
        }
    }

    private static Thread thread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && t.getName().equals(name)) return t;
        }
        throw new IllegalStateException("no thread named " + name);
    }

    @Benchmark
    @Threads(1)
    public long record() {
        long id = ++seq;
        long r;
        if (recorder != null) {
            if ((id & 63) == 0) {
                while (recorder.ringBacklog() > GATE_BYTES) Thread.yield();
            }
            if (event.equals("trade")) {
                recorder.onTrade(trade(id));
            } else {
                recorder.onBookUpdate(book(id));
            }
            r = id;
        } else {
            r = event.equals("trade") ? bus.publishTrade(trade(id)) : bus.publishBookUpdate(book(id));
            if (r < 0) throw new IllegalStateException("bus publish #" + id + " refused: " + BusResult.describe(r));
        }
        handedOn++;
        return r;
    }

    private TradeEvent trade(long id) {
        return trade.set(0, id, 6_158_322L + (id & 1023), 1_000L, Side.BUY, 0L, 0L);
    }

    private BookUpdate book(long id) {
        BookUpdate u = book.reset(0, BookUpdate.Type.DELTA).updateIds(id, id);
        u.addBid(6_158_322L, 1_000 + (id & 1023));
        u.addAsk(6_158_323L, 1_000 + ((id >> 10) & 1023));
        u.timestamps(0, id);
        return u;
    }

    private long committed() {
        return recorder != null ? recorder.writer().events() : sink.count;
    }

    private long dropped() {
        if (recorder != null) return recorder.droppedRingFull() + recorder.droppedTooLarge() + recorder.droppedFailed();
        long[] c = StandaloneBuses.counters(bus, sink);
        return c == null ? -1 : c[1] + c[2];
    }

    @Setup(org.openjdk.jmh.annotations.Level.Iteration)
    public void beginIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        iterationStartHanded = handedOn;
        iterationStartBytes = Probes.allocatedBytes(measured, false);
        iterationStartCommitted = committed();
        iterationStartNs = System.nanoTime();
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
    public void endIteration() {
        long end = System.nanoTime();
        long committedAtEnd = committed();
        long deadline = end + 10_000_000_000L;
        while (committed() + dropped() < handedOn) {
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(impl + "/" + event + ": " + committed() + " of " + handedOn + " committed after 10 s"
                        + (recorder != null && recorder.failure() != null ? ": " + recorder.failure() : ""));
            }
            Thread.yield();
        }
        if (measuring) {
            committedEvents += committedAtEnd - iterationStartCommitted;
            committedNs += end - iterationStartNs;
            if (iterationStartBytes >= 0) {
                measuredEvents += handedOn - iterationStartHanded;
                measuredBytes += Probes.allocatedBytes(measured, false) - iterationStartBytes;
            }
        }
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void tearDown() throws IOException {
        long dropped = dropped();
        long segments = 0, rollsPrepared = 0;
        double journalBytesPerEvent = 0;
        long closedOnWriter = 0;
        if (recorder != null) {
            recorder.stop(10_000);
            segments = recorder.writer().segmentsOpened();
            closedOnWriter = recorder.writer().closedOnWriter();
            rollsPrepared = recorder.writer().rollsPrepared();
            journalBytesPerEvent = recorder.writer().events() == 0 ? 0 : (double) recorder.writer().bytes() / recorder.writer().events();
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) files.sorted(Comparator.reverseOrder())::iterator) Files.deleteIfExists(p);
            }
        } else {
            StandaloneBuses.stop(bus);
        }
        double rate = committedNs == 0 ? 0 : committedEvents * 1e9 / committedNs;
        double bytesPerEvent = measuredEvents == 0 ? -1 : (double) measuredBytes / measuredEvents;
        String line = String.join("\t", impl, event, segmentMb + "/" + sync, String.format(Locale.ROOT, "%.0f", rate),
                String.format(Locale.ROOT, "%.4f", bytesPerEvent), Long.toString(handedOn), Long.toString(dropped), Long.toString(segments),
                String.format(Locale.ROOT, "%.1f", journalBytesPerEvent), Long.toString(rollsPrepared), Long.toString(closedOnWriter));
        System.out.println("[recorder] " + line.replace('\t', ' ')
                + " (impl event segmentMb/sync committed/s threadsB/ev handedOn dropped segments journalB/ev rollsPrepared closedOnWriter)");
        if (dropped != 0) throw new IllegalStateException(impl + "/" + event + ": " + dropped + " events dropped");
        String sidecar = System.getProperty("flox.bench.sidecar");
        if (sidecar != null) {
            Files.write(Path.of(sidecar), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }
}
