package flox.bench.binance;

import flox.api.bus.MarketDataBus;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.bench.bus.Probes;
import flox.bus.internal.StandaloneBuses;
import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.feed.RegistryReplaySymbols;
import flox.connector.binance.internal.feed.ReplayStats;
import flox.connector.binance.internal.symbols.ExchangeInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.runner.IterationType;

/**
 * Issue 14 item 12: one Binance depthUpdate frame per op, from the frame's bytes to the book
 * update delivered on the market-data bus, messages/s and B/op, beside a Jackson databind
 * baseline in the same run.
 *
 * <ul>
 *   <li>{@code flox}: the live connector's own path, {@link MarketDataSession#onFrame} (what
 *       {@code MarketDataConnection} calls for each received frame): Jackson's non-blocking parser
 *       fed the bytes into flyweights, prices and quantities to fixed point, the venue's sync rule
 *       ({@code DepthSync}), the full-depth {@code DepthBook} the connector keeps (its bookTicker
 *       cross-check records a checkpoint per diff), and the publish on the bus, split into
 *       fragments of the bus's 32-level limit when deeper.</li>
 *   <li>{@code databindTree}, {@code databindPojo}: the same frames through {@link DatabindFeed}:
 *       Jackson databind into a {@code JsonNode} tree or a POJO with {@code BigDecimal[][]} levels,
 *       the same sync rule, a {@code TreeMap<BigDecimal, BigDecimal>} per side, the levels
 *       converted to the bus's fixed point and published on the same bus.</li>
 *   <li>{@code floxMix}: {@code flox} on the mixed lap ({@link DepthLap#mixFrames}: the same diffs
 *       with the recording's trades and bookTickers between them, one frame per op): what a
 *       frame of the whole stream costs on average, for {@code ./flox bench ws}'s verdict on
 *       the WebSocket client's cost per frame of the mix. No baseline and no target.</li>
 * </ul>
 *
 * <p>The bus is the host's (flox.bus {@code MarketDataFanOut} through {@link StandaloneBuses}), with
 * the host's default settings (ring 4,096, 32 levels, multi-publisher, backoff idle) and one
 * lossless subscriber ({@link BookSink}, which reads every level); {@code bus=async} is the host's
 * default mode (the subscriber on the bus's thread), {@code bus=sync} delivers on the publishing
 * thread, so the op then includes the delivery.
 *
 * <p><b>Laps.</b> The frames are the depthUpdates of the BTCUSDT recording that follow its REST
 * snapshot ({@link DepthLap}: 3,449 consecutive diffs, cycled in order). When the lap is done the
 * next op resyncs legitimately, as after a reconnect: the connection is reported lost (the book is
 * published INVALID), the lap's first frame arrives and is buffered, the session asks for a
 * snapshot, and the recording's snapshot (1,000 levels a side) is answered, decoded, applied and
 * published in fragments, then the buffered frame on top. So every op applies one real diff with
 * no gap and no stale diff, and one op in 3,449 also carries a resync. Its time is in the score
 * and its allocation in B/op; the benchmark thread's bytes during the resyncs are also measured
 * apart (ThreadMXBean around them), so that the per-frame path's own bytes can be told from
 * the once-a-lap resync's. The baseline rows resync the same way with their own binding.
 *
 * <p>Each trial checks at teardown that every op applied exactly one diff (floxMix: every diff op;
 * and the subscriber got one trade per trade frame) (no gap, no stale diff,
 * nothing malformed or refused), that the subscriber received every diff and snapshot whole and
 * the bus dropped nothing, and appends a line to the side file {@code -Dflox.bench.sidecar}
 * (tab-separated: benchmark, bus, the path threads' B/op over the measurement iterations (the
 * benchmark thread and, async, the bus's delivery thread; ThreadMXBean), of which the resyncs'
 * B/op, bytes per resync, measured ops, measured laps, frames per lap, mean frame bytes, mean
 * levels per frame, delivery threads, depthUpdates, trades and bookTickers a lap), also printed
 * as a {@code [binance]} line. JMH's
 * gc.alloc.rate.norm counts the whole JVM besides (the harness, the bus's monitor thread).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class BinanceFeedBenchmark {
    static final String EXCHANGE = "BINANCE";
    static final String SYMBOL = "BTCUSDT";
    static final String SINK = "book-sink";
    /** Levels a side of one venue update or snapshot, as the live connector sizes them. */
    static final int BOOK_LEVELS = 5_000;
    /** Prices and quantities at Binance's wire scale, 8 decimals, as the connector registers its symbols. */
    static final int PRICE_SCALE = ExchangeInfo.WIRE_SCALE;
    static final int QUANTITY_SCALE = ExchangeInfo.WIRE_SCALE;
    /** The connector's max.buffered.diffs default. */
    static final int MAX_BUFFERED = 1_000;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private static final Logger BUS_LOG = Logger.getLogger("flox.bus");

    static {
        BUS_LOG.setLevel(Level.WARNING); // keeps the bus's INFO lines (a subscriber joined, stopped) out of the output
    }

    /** async: the host's default bus mode; sync: delivery on the publishing thread. */
    @Param({"async", "sync"})
    public String bus;

    byte[][] frames;
    /** floxMix: each frame's kind ({@link DepthLap#DEPTH} ...); null for the diff-only rows. */
    byte[] kinds;
    /** floxMix: ops by frame kind. */
    final long[] kindOps = new long[3];
    int[] lapKinds = new int[3];
    byte[] snapshot;
    double meanFrameBytes;
    double meanLevels;
    /** The bus's delivery thread (async; none in sync mode): with the benchmark thread, the path's threads. */
    final List<Thread> deliveryThreads = new ArrayList<>();
    ConcurrentSymbolRegistry registry;
    MarketDataBus marketData;
    BookSink sink;
    int symbolId;

    MarketDataSession session;
    boolean snapshotAsked;
    long problems;
    String lastProblem;
    DatabindFeed<?, ?> databind;

    int next;
    long ops;
    long laps;
    long resyncBytes;

    private boolean measuring;
    private long iterationOps, iterationBytes, iterationResyncBytes, iterationLaps;
    private long measuredOps, measuredBytes, measuredResyncBytes, measuredLaps;

    @Setup(org.openjdk.jmh.annotations.Level.Trial)
    public void setUp(BenchmarkParams params) throws IOException, SymbolRegistrationException {
        DepthLap lap = DepthLap.load(DepthLap.recording());
        String method = method(params);
        if (method.equals("floxMix")) {
            frames = lap.mixFrames;
            kinds = lap.mixKinds;
            meanFrameBytes = DepthLap.meanSize(frames);
            meanLevels = (double) lap.levels / frames.length;
            for (byte k = 0; k < 3; k++) lapKinds[k] = lap.mixCount(k);
        } else {
            frames = lap.frames;
            meanFrameBytes = lap.meanSize();
            meanLevels = lap.meanLevels();
            lapKinds[DepthLap.DEPTH] = frames.length;
        }
        snapshot = lap.snapshot;
        registry = new ConcurrentSymbolRegistry();
        symbolId = registry.register(SymbolInfo.builder(EXCHANGE, SYMBOL).priceScale(PRICE_SCALE).quantityScale(QUANTITY_SCALE)
                .tickSizeScaled(1_000_000).lotSizeScaled(1_000).minQuantityScaled(1_000).build()); // tick 0.01, step 0.00001
        marketData = StandaloneBuses.marketData(new StandaloneBuses.Options().sync("sync".equals(bus)), registry);
        sink = new BookSink();
        StandaloneBuses.subscribe(marketData, sink, SINK, "lossless", 0);
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("flox-market-data-" + SINK)) deliveryThreads.add(t);
        }
        if ("async".equals(bus) && deliveryThreads.size() != 1) throw new IllegalStateException("the async bus's delivery thread not found");
        switch (method) {
            case "flox", "floxMix" -> session = new MarketDataSession("bench", new RegistryReplaySymbols(registry, EXCHANGE), marketData,
                    (id, name) -> snapshotAsked = true, this::problem, BOOK_LEVELS, MAX_BUFFERED);
            case "databindTree" -> databind = new DatabindFeed.Tree(registry, EXCHANGE, marketData, BOOK_LEVELS);
            case "databindPojo" -> databind = new DatabindFeed.Pojo(registry, EXCHANGE, marketData, BOOK_LEVELS);
            default -> throw new IllegalStateException("no set-up for " + method);
        }
        next = frames.length; // the first op syncs from the snapshot
    }

    private void problem(String message) {
        problems++;
        lastProblem = message;
    }

    static String method(BenchmarkParams params) {
        return params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
    }

    // ------------------------------------------------------------------ the ops

    @Benchmark
    public long flox() {
        int i = next;
        if (i == frames.length) {
            resyncFlox();
            i = 1;
        } else {
            byte[] f = frames[i++];
            session.onFrame(f, 0, f.length, System.nanoTime());
        }
        next = i;
        ops++;
        return session.frames();
    }

    @Benchmark
    public long floxMix() {
        int i = next;
        if (i == frames.length) {
            resyncFlox(); // the mixed lap starts with a diff
            i = 0;
        } else {
            byte[] f = frames[i];
            session.onFrame(f, 0, f.length, System.nanoTime());
        }
        kindOps[kinds[i]]++;
        next = i + 1;
        ops++;
        return session.frames();
    }

    /** A lap is done: the connection is lost, the first frame buffered, the snapshot asked for and answered. */
    private void resyncFlox() {
        long before = THREADS.getCurrentThreadAllocatedBytes();
        laps++;
        session.onConnectionLost("lap done");
        byte[] f = frames[0];
        session.onFrame(f, 0, f.length, System.nanoTime());
        if (!snapshotAsked) throw new IllegalStateException("the session did not ask for a snapshot");
        snapshotAsked = false;
        session.onSnapshot(symbolId, snapshot, 0, snapshot.length, System.nanoTime());
        resyncBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    @Benchmark
    public long databindTree() {
        return databind();
    }

    @Benchmark
    public long databindPojo() {
        return databind();
    }

    private long databind() {
        int i = next;
        DatabindFeed<?, ?> d = databind;
        if (i == frames.length) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            laps++;
            d.onConnectionLost();
            byte[] f = frames[0];
            d.onFrame(f, 0, f.length, System.nanoTime());
            if (!d.requested) throw new IllegalStateException("the baseline did not ask for a snapshot");
            d.onSnapshot(snapshot, 0, snapshot.length, System.nanoTime());
            resyncBytes += THREADS.getCurrentThreadAllocatedBytes() - before;
            i = 1;
        } else {
            byte[] f = frames[i++];
            d.onFrame(f, 0, f.length, System.nanoTime());
        }
        next = i;
        ops++;
        return d.frames;
    }

    // ------------------------------------------------------------------ the path threads' allocation (benchmark thread, the bus's delivery thread)

    @Setup(org.openjdk.jmh.annotations.Level.Iteration)
    public void beginIteration(IterationParams params) {
        measuring = params.getType() == IterationType.MEASUREMENT;
        iterationOps = ops;
        iterationLaps = laps;
        iterationResyncBytes = resyncBytes;
        iterationBytes = Probes.allocatedBytes(deliveryThreads, true);
    }

    @TearDown(org.openjdk.jmh.annotations.Level.Iteration)
    public void endIteration() {
        long bytes = Probes.allocatedBytes(deliveryThreads, true) - iterationBytes;
        if (!measuring) return;
        measuredOps += ops - iterationOps;
        measuredLaps += laps - iterationLaps;
        measuredResyncBytes += resyncBytes - iterationResyncBytes;
        measuredBytes += bytes;
    }

    // ------------------------------------------------------------------ checks and the side file

    @TearDown(org.openjdk.jmh.annotations.Level.Trial)
    public void check(BenchmarkParams params) {
        String method = method(params);
        String stopped = StandaloneBuses.stop(marketData); // drains: the subscriber has everything published
        long[] counters = StandaloneBuses.counters(marketData, sink);
        StringBuilder wrong = new StringBuilder();
        long applied, stale, gaps, refused;
        if (session != null) {
            ReplayStats s = session.stats();
            applied = s.diffsApplied;
            stale = s.diffsStale;
            gaps = s.gaps;
            refused = session.publishRefusals();
            if (s.malformedLines != 0 || s.unknownSymbolFrames != 0 || problems != 0) {
                wrong.append(s.malformedLines).append(" malformed, ").append(s.unknownSymbolFrames).append(" of unknown symbols, ")
                        .append(problems).append(" problems (last: ").append(lastProblem).append("); ");
            }
            if (session.resyncs() != laps - 1) wrong.append(session.resyncs()).append(" resyncs after ").append(laps).append(" laps; ");
        } else {
            applied = databind.diffsApplied;
            stale = databind.diffsStale;
            gaps = databind.gaps;
            refused = databind.publishRefusals;
            if (databind.skipped != 0 || databind.snapshotsStale != 0 || databind.snapshotsApplied != laps) {
                wrong.append(databind.skipped).append(" frames skipped, ").append(databind.snapshotsStale).append(" stale snapshots, ")
                        .append(databind.snapshotsApplied).append(" snapshots applied in ").append(laps).append(" laps; ");
            }
        }
        long diffOps = kinds == null ? ops : kindOps[DepthLap.DEPTH];
        if (kinds != null && sink.trades != kindOps[DepthLap.TRADE]) {
            wrong.append("the subscriber got ").append(sink.trades).append(" trades for ").append(kindOps[DepthLap.TRADE]).append(" trade frames; ");
        }
        if (applied != diffOps || stale != 0 || gaps != 0 || refused != 0) {
            wrong.append(diffOps).append(" diff ops but ").append(applied).append(" diffs applied, ").append(stale).append(" stale, ").append(gaps)
                    .append(" gaps, ").append(refused).append(" publishes refused; ");
        }
        if (sink.deltas != diffOps || sink.snapshots != laps || sink.invalids != laps - 1) {
            wrong.append("the subscriber got ").append(sink.deltas).append(" diffs, ").append(sink.snapshots).append(" snapshots, ")
                    .append(sink.invalids).append(" INVALID for ").append(diffOps).append(" diff ops in ").append(laps).append(" laps; ");
        }
        if (counters == null || counters[1] != 0 || counters[2] != 0) {
            wrong.append("bus: ").append(counters == null ? "subscriber gone" : counters[1] + " dropped, " + counters[2] + " errors").append("; ");
        }
        double perOp = measuredOps == 0 ? Double.NaN : (double) measuredBytes / measuredOps;
        double resyncPerOp = measuredOps == 0 ? Double.NaN : (double) measuredResyncBytes / measuredOps;
        double perLap = measuredLaps == 0 ? Double.NaN : (double) measuredResyncBytes / measuredLaps;
        String line = String.join("\t", method, bus, fmt(perOp), fmt(resyncPerOp), String.format(Locale.ROOT, "%.0f", perLap),
                Long.toString(measuredOps), Long.toString(measuredLaps), Integer.toString(frames.length),
                String.format(Locale.ROOT, "%.1f", meanFrameBytes), String.format(Locale.ROOT, "%.1f", meanLevels),
                Integer.toString(deliveryThreads.size()), Integer.toString(lapKinds[DepthLap.DEPTH]), Integer.toString(lapKinds[DepthLap.TRADE]),
                Integer.toString(lapKinds[DepthLap.BOOK_TICKER]));
        System.out.println("[binance] " + line.replace('\t', ' ') + " (benchmark, bus, path threads' B/op, of which the resyncs' B/op,"
                + " B per resync, measured ops, laps, frames/lap, mean frame B, mean levels/frame, delivery threads,"
                + " depthUpdates, trades and bookTickers a lap)");
        if (!wrong.isEmpty()) throw new IllegalStateException(method + " bus=" + bus + ": " + wrong + "bus stop: " + stopped);
        String sidecar = System.getProperty("flox.bench.sidecar");
        if (sidecar == null) return;
        try {
            Files.write(Path.of(sidecar), (line + "\n").getBytes(StandardCharsets.UTF_8), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new IllegalStateException("cannot append to " + sidecar, e);
        }
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
