package flox.bench.sim;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.order.RejectReason;
import flox.bench.BenchRun;
import flox.bench.Pacer;
import flox.bench.bus.Probes;
import flox.bus.internal.StandaloneBuses;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * In-process tick-to-trade beside the bus's own one-hop latency, in one run and one harness.
 *
 * <p>A publisher thread stamps a book update's {@code receiveTimestampNs} with its intended
 * start time (below) and publishes it on a market-data bus
 * ({@link StandaloneBuses}, ring 4096, one lossless subscriber). The subscriber is either
 * <ul>
 *   <li>{@link HopRecorder} ("hop"): records {@code nanoTime()} on delivery: the bus's one-hop
 *       latency; or</li>
 *   <li>{@link TickToTradeStrategy} ("t2t"): submits an IOC order through the host's gateway
 *       (tracker, the real risk engine, the simulated exchange; see {@link SimRig}) and records
 *       {@code nanoTime()} once submit returned {@code NONE} (accepted).</li>
 * </ul>
 * Cases (threads that run): hop sync (1: the publisher delivers); t2t sync bus + inline venue
 * (1: the publisher's thread runs the strategy, risk, matching and the reports; 0 bus hops);
 * hop async (2: publisher, subscriber agent); t2t async bus + inline venue (2; 1 bus hop; the
 * strategy's thread matches); t2t async bus + threaded venue (3: the venue matches on its own
 * thread, so "accepted" is "queued for the venue"; 1 bus hop); and, named only, t2t async bus
 * with the strategy inline on the publisher's thread + threaded venue (2: the default run's
 * shape, where the strategies, risk and recorder are inline on the feed's thread).
 *
 * <p>Refused orders (the threaded venue's queue full: {@code BACK_PRESSURED}) have no
 * tick-to-trade time; they are counted and reported beside every percentile of their case
 * (percentiles are of the accepted orders).
 *
 * <p>Every segment builds a fresh bus (and rig), warms up unrecorded (updates of the warm-up
 * symbol), measures, waits until the subscriber handled every measured update, and stops
 * everything. Segments rotate over rate x case, the case that goes first rotating by round; a
 * configuration's histograms are summed over rounds. A first pass of every configuration,
 * unrecorded, warms up the JIT. The core-to-core round trip is probed before each measured
 * segment (the machine's regime, see ANCHORS.md).
 *
 * <p>Rates: paced at {@code --rate} updates/s and saturation. Paced: update {@code i} is due at
 * {@code start + i / rate} and is stamped with that time, not with the moment it was sent, so a
 * publisher behind schedule (descheduled, or held by a full ring or a busy sync subscriber)
 * sends its backlog late and each late update records its wait (coordinated omission
 * corrected; nothing is dropped; the worst lag behind schedule is reported). Saturation: as fast
 * as the bus takes them, stamped just before each publish call (in async mode the ring fills and
 * latency is mostly queueing). Subscriber idle strategy
 * {@code --idle} (default yielding, since the threaded case has 3 threads on 2 cores); the
 * venue's thread uses its own back-off (spin, yield, park 1-100 us).
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.sim.TickToTrade [--out FILE] [--rounds 3]
 * [--measure-ms 800] [--warmup-ms 300] [--rate 100000] [--ring 4096] [--idle yielding]
 * [--cases hop-async,t2t-async-threaded] [--saturation false] [--recording off|on|both]}:
 * {@code --cases} runs only the named cases, {@code --saturation false} only the paced rate (a
 * quicker A/B of one case), {@code --recording} puts the recorder into the tick-to-trade cases
 * (see {@link RecordingTap}; {@code both}: every configuration with and without it, alternating
 * segment by segment in the same run, for {@code ./flox bench recorder}).
 * Writes one tab-separated line per configuration to {@code --out}: kind, bus mode, venue,
 * rate (0 = saturation), threads, events, p50, p99, p99.9, max (ns), achieved rate, min/max round
 * trip (ns), bytes per event (publisher, subscriber and venue threads), refused orders, p50 of
 * each round (ns, comma-separated), segments summed, the publisher's worst lag behind schedule
 * (ns; paced only); with {@code --recording}, three more: recording (on/off), events the recorder's
 * writer committed, events it dropped (its ring full: it never waits).
 */
public final class TickToTrade {
    private static final long HIGHEST_NS = 10_000_000_000L;
    private static final Logger QUIET_BUS = Logger.getLogger("flox.bus"); // SimRig quiets it too, but the hop cases build no rig

    /** One contender: what subscribes, in which bus mode, with which venue. */
    enum Case {
        HOP_SYNC(false, true, false, 1),
        T2T_SYNC_INLINE(true, true, true, 1),
        HOP_ASYNC(false, false, false, 2),
        T2T_ASYNC_INLINE(true, false, true, 2),
        T2T_ASYNC_THREADED(true, false, false, 3),
        /** Async bus, the strategy inline on the publisher's thread, threaded venue: the default run's shape. Named only. */
        T2T_ASYNC_INLINE_STRATEGY(true, false, false, 2);

        final boolean isTickToTrade;
        final boolean isSync;
        final boolean isInlineVenue;
        final int threads;

        Case(boolean isTickToTrade, boolean isSync, boolean isInlineVenue, int threads) {
            this.isTickToTrade = isTickToTrade;
            this.isSync = isSync;
            this.isInlineVenue = isInlineVenue;
            this.threads = threads;
        }

        /** The strategy is called inline on the publisher's thread of an async bus (no agent). */
        boolean isInlineStrategy() {
            return this == T2T_ASYNC_INLINE_STRATEGY;
        }

        String key() {
            return (isTickToTrade ? "t2t" : "hop") + "\t" + (isSync ? "sync" : "async") + "\t"
                    + (isTickToTrade ? (isInlineVenue ? "inline" : isInlineStrategy() ? "threaded/inline-strategy" : "threaded") : "-");
        }
    }

    private final int ring;
    private final String idle;
    private final long warmupNs;
    private final long measureNs;
    /** Whether the recording column is written (the option was given). */
    private boolean recordingColumn;

    private TickToTrade(int ring, String idle, long warmupNs, long measureNs) {
        this.ring = ring;
        this.idle = idle;
        this.warmupNs = warmupNs;
        this.measureNs = measureNs;
    }

    /** What one configuration accumulated over rounds. */
    private static final class Acc {
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        long events;
        long elapsedNs;
        long bytes;
        long refused;
        int segments;
        long maxLagNs;
        long minRoundTrip = Long.MAX_VALUE;
        long maxRoundTrip;
        long recorded;
        long recordingDropped;
        final StringBuilder p50PerRound = new StringBuilder();
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        QUIET_BUS.setLevel(Level.WARNING); // one INFO line per subscriber joining, per bus stop
        BenchRun.underJmhLock(() -> run(args));
    }

    private static void run(String[] args) throws IOException {
        Map<String, String> opt = BenchRun.options(args);
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        long rate = Long.parseLong(opt.getOrDefault("rate", "100000"));
        TickToTrade bench = new TickToTrade(Integer.parseInt(opt.getOrDefault("ring", "4096")), opt.getOrDefault("idle", "yielding"),
                Long.parseLong(opt.getOrDefault("warmup-ms", "300")) * 1_000_000L,
                Long.parseLong(opt.getOrDefault("measure-ms", "800")) * 1_000_000L);
        long[] rates = Boolean.parseBoolean(opt.getOrDefault("saturation", "true")) ? new long[] {rate, 0} : new long[] {rate};
        Case[] cases = cases(opt.get("cases"));
        String recording = opt.get("recording");
        bench.recordingColumn = recording != null;
        boolean[] recordings = recording == null || recording.equals("off") ? new boolean[] {false}
                : recording.equals("on") ? new boolean[] {true}
                : recording.equals("both") ? new boolean[] {false, true} : null;
        if (recordings == null) throw new IllegalArgumentException("--recording is off, on or both, not " + recording);
        for (Case c : cases) {
            if (!c.isTickToTrade && recordings[recordings.length - 1]) throw new IllegalArgumentException("--recording applies to the t2t cases, not " + c);
        }

        System.out.printf(Locale.ROOT, "# tick-to-trade and one-hop, 1 publisher -> 1 subscriber, ring %d, idle %s, %d round(s) of %d ms per configuration%n",
                bench.ring, bench.idle, rounds, bench.measureNs / 1_000_000);
        System.out.printf(Locale.ROOT, "# core-to-core round trip at the start: %d ns%n", Probes.roundTripNs());
        for (long r : new long[] {rate, 0}) {
            // JIT warm-up of every path, the recording one included (its first use links VarHandles and
            // allocates), at both rates even when only the paced one is measured (only saturation gets
            // past the tracker's capacity and compiles eviction): nothing kept
            for (Case c : cases) {
                for (boolean rec : recordings) bench.segment(c, r, rec, 300_000_000L, 200_000_000L, null);
            }
        }
        Map<String, Acc> results = new LinkedHashMap<>();
        for (Case c : cases) {
            for (long r : rates) {
                for (boolean rec : recordings) results.put(bench.key(c, r, rec), new Acc()); // output order: by case, then rate
            }
        }
        int variants = cases.length * recordings.length;
        for (int round = 0; round < rounds; round++) {
            for (long r : rates) {
                for (int k = 0; k < variants; k++) {
                    int v = (k + round) % variants; // the variant that goes first rotates by round
                    Case c = cases[v / recordings.length];
                    boolean rec = recordings[v % recordings.length];
                    bench.segment(c, r, rec, bench.warmupNs, bench.measureNs, results.get(bench.key(c, r, rec)));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (Case c : cases) {
            for (long r : rates) {
              for (boolean rec : recordings) {
                Acc a = results.get(bench.key(c, r, rec));
                Histogram h = a.histogram;
                String line = String.join("\t", c.key() + "\t" + r, Integer.toString(c.threads), Long.toString(a.events),
                        Long.toString(h.getValueAtPercentile(50)), Long.toString(h.getValueAtPercentile(99)),
                        Long.toString(h.getValueAtPercentile(99.9)), Long.toString(h.getMaxValue()),
                        Long.toString(a.elapsedNs == 0 ? 0 : a.events * 1_000_000_000L / a.elapsedNs),
                        Long.toString(a.minRoundTrip), Long.toString(a.maxRoundTrip),
                        String.format(Locale.ROOT, "%.4f", a.events == 0 ? -1 : (double) a.bytes / a.events), Long.toString(a.refused),
                        a.p50PerRound.toString(), Integer.toString(a.segments), Long.toString(a.maxLagNs));
                if (bench.recordingColumn) line += "\t" + (rec ? "on" : "off") + "\t" + a.recorded + "\t" + a.recordingDropped;
                lines.add(line);
                System.out.printf(Locale.ROOT, "%-3s %-5s %-8s %-10s threads %d events %,10d  p50 %,8d ns  p99 %,10d ns  p99.9 %,10d ns  max %,12d ns  rate %,10d/s  rt %d-%d ns  %.4f B/ev  refused %d  p50 by round %s  segments %d  worst lag %,d ns%n",
                        c.isTickToTrade ? "t2t" : "hop", c.isSync ? "sync" : "async", c.isTickToTrade ? (c.isInlineVenue ? "inline" : "threaded") : "-",
                        r == 0 ? "saturation" : r + "/s", c.threads, a.events, h.getValueAtPercentile(50), h.getValueAtPercentile(99),
                        h.getValueAtPercentile(99.9), h.getMaxValue(), a.elapsedNs == 0 ? 0 : a.events * 1_000_000_000L / a.elapsedNs,
                        a.minRoundTrip, a.maxRoundTrip, a.events == 0 ? 0 : (double) a.bytes / a.events, a.refused, a.p50PerRound,
                        a.segments, a.maxLagNs);
                if (bench.recordingColumn) {
                    System.out.printf(Locale.ROOT, "    recording %s: %,d events committed, %,d dropped%n", rec ? "on" : "off", a.recorded, a.recordingDropped);
                }
              }
            }
        }
        String out = opt.get("out");
        if (out != null) Files.write(Path.of(out), lines, StandardCharsets.UTF_8);
    }

    /**
     * The cases named (comma-separated, e.g. {@code hop-async,t2t-async-threaded}), in declaration
     * order; none named: all but {@link Case#T2T_ASYNC_INLINE_STRATEGY} (the recorder's benchmark
     * names it; {@code ./flox bench sim}'s report has no row for it).
     */
    private static Case[] cases(String names) {
        if (names == null) return Arrays.stream(Case.values()).filter(c -> !c.isInlineStrategy()).toArray(Case[]::new);
        List<Case> chosen = new ArrayList<>();
        for (String n : names.split(",")) chosen.add(Case.valueOf(n.strip().toUpperCase(Locale.ROOT).replace('-', '_')));
        return Arrays.stream(Case.values()).filter(chosen::contains).toArray(Case[]::new);
    }

    private String key(Case c, long rate, boolean recording) {
        return c.key() + "\t" + rate + (recordingColumn ? "\t" + recording : "");
    }

    /**
     * One contender: a fresh bus (and rig), warm-up updates (unrecorded), then measured updates
     * for measNs; waits for the subscriber, stops everything, adds to {@code acc} (null: warm-up
     * only).
     */
    private void segment(Case c, long rate, boolean recording, long warmNs, long measNs, Acc acc) {
        System.gc(); // the previous segment's rig and bus are garbage: collect it now, not while measuring
        long roundTrip = acc == null ? 0 : Probes.roundTripNs();
        SimRig rig = c.isTickToTrade ? new SimRig(c.isInlineVenue) : null;
        Histogram histogram = new Histogram(HIGHEST_NS, 3);
        LatencyRecorder recorder = c.isTickToTrade ? new TickToTradeStrategy(rig.gateway, histogram) : new HopRecorder(histogram);
        MarketDataBus bus = StandaloneBuses.marketData(new StandaloneBuses.Options().sync(c.isSync).ringSize(ring).idle(idle)
                .publishTimeoutMs(10_000).stallTimeoutMs(10_000), null);
        StandaloneBuses.subscribe(bus, recorder, "strategy", "lossless", 0, -1, c.isInlineStrategy() ? "inline" : null);
        RecordingTap tap = recording ? new RecordingTap(rig.registry, rig.clock, bus, rig.executionBus) : null;
        List<Thread> threads = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.isAlive() && (t.getName().equals("flox-market-data-strategy") || t.getName().equals("flox-sim-exchange"))) threads.add(t);
        }
        if (threads.size() != c.threads - 1) throw new IllegalStateException(c + ": expected " + (c.threads - 1) + " helper threads, found " + threads);
        if (tap != null) threads.addAll(tap.threads()); // its writer: its bytes count too (the encode is on the rig's threads)
        BookUpdate update = new BookUpdate(4);
        long[] seq = {0};
        Pacer pacer = rate > 0 ? new Pacer(System::nanoTime, rate) : null;
        run(bus, update, seq, pacer, warmNs, SimRig.WARMUP_SYMBOL);
        long bytes0 = Probes.allocatedBytes(threads, true);
        long start = System.nanoTime();
        long measured = run(bus, update, seq, pacer, measNs, SimRig.MEASURED_SYMBOL);
        long elapsed = System.nanoTime() - start;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (recorder.measuredCount() < measured && System.nanoTime() - deadline < 0) Thread.yield();
        long bytes = Probes.allocatedBytes(threads, true) - bytes0;
        String stopReport = StandaloneBuses.stop(bus);
        for (Thread t : threads) {
            if (t.getName().startsWith("flox-market-data")) join(t);
        }
        long[] counters = StandaloneBuses.counters(bus, recorder);
        String problems = rig == null ? "" : rig.problems(c.isInlineVenue ? RejectReason.NONE : RejectReason.BACK_PRESSURED);
        if (rig != null) rig.close();
        long[] recorded = tap == null ? new long[2] : tap.close(bus); // after the execution bus stopped: every report handed on
        if (counters != null && (counters[1] != 0 || counters[2] != 0)) problems += "bus: dropped " + counters[1] + ", errors " + counters[2] + "; ";
        if (stopReport.contains("undelivered")) problems += stopReport;
        if (recorder.measuredCount() != measured || !problems.isEmpty()) {
            throw new IllegalStateException(c + " at " + rate + "/s: subscriber handled " + recorder.measuredCount() + " of " + measured
                    + " measured updates; " + problems);
        }
        if (c.isInlineVenue && c.isTickToTrade && recorder.unrecorded() > 0) {
            throw new IllegalStateException(c + ": " + recorder.unrecorded() + " orders refused with an inline venue");
        }
        if (acc != null) {
            acc.histogram.add(recorder.histogram());
            acc.events += measured;
            acc.elapsedNs += elapsed;
            acc.bytes += bytes;
            acc.refused += recorder.unrecorded();
            acc.segments++;
            acc.recorded += recorded[0];
            acc.recordingDropped += recorded[1];
            if (pacer != null) acc.maxLagNs = Math.max(acc.maxLagNs, pacer.maxLagNs());
            acc.minRoundTrip = Math.min(acc.minRoundTrip, roundTrip);
            acc.maxRoundTrip = Math.max(acc.maxRoundTrip, roundTrip);
            if (acc.p50PerRound.length() > 0) acc.p50PerRound.append(',');
            acc.p50PerRound.append(recorder.histogram().getValueAtPercentile(50));
        }
    }

    /**
     * Publishes book updates of {@code symbol} for {@code durationNs}, on {@code pacer}'s schedule
     * (null: as fast as possible); returns the count. Paced, each update carries its intended
     * start and the loop ends with the schedule (see {@link Pacer}): a backlog is sent late, never
     * dropped.
     */
    private static long run(MarketDataBus bus, BookUpdate update, long[] seq, Pacer pacer, long durationNs, int symbol) {
        long n = 0;
        long id = seq[0];
        final long end = System.nanoTime() + durationNs;
        if (pacer != null) pacer.start(durationNs);
        while (true) {
            long stamp;
            if (pacer != null) {
                stamp = pacer.awaitNext(); // intended start: a late update records its wait
                if (stamp < 0) break;
            } else {
                if ((n & 63) == 0 && System.nanoTime() >= end) break;
                stamp = -1;
            }
            ++id;
            update.reset(symbol, BookUpdate.Type.DELTA).updateIds(id, id);
            update.addBid(SimRig.BEST_BID, 1_000 + (id & 1023));
            update.addAsk(SimRig.BEST_ASK, 1_000 + ((id >> 10) & 1023));
            update.timestamps(0, stamp >= 0 ? stamp : System.nanoTime());
            long r = bus.publishBookUpdate(update);
            if (r < 0) throw new IllegalStateException("publish #" + id + " refused: " + BusResult.describe(r));
            n++;
        }
        seq[0] = id;
        return n;
    }

    private static void join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (t.isAlive()) throw new IllegalStateException(t.getName() + " did not stop within 10 s");
    }
}
