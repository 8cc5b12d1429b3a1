package flox.bench.bus;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.bench.BenchRun;
import flox.bench.Pacer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One-hop latency, publisher to 1 subscriber: the publisher stamps each trade with its intended
 * start time, the subscriber records {@code nanoTime() - stamp} into a preallocated
 * HdrHistogram. Flox async vs the Disruptor ({@code disruptor-single}, the peer of one publisher,
 * and {@code disruptor-multi}), configured as in {@link Contender}, alternately in one JVM: every segment creates a fresh bus (so no idle
 * consumer of the other contender competes for the 2 cores), warms up unrecorded, measures,
 * drains and stops it. Segments rotate over wait strategy x rate x contender, and the contender
 * that goes first alternates by round; the histograms of a configuration are summed over
 * rounds. A segment during which other processes took a noticeable share of the CPU is
 * measured again (up to 3 times), by the same rule for both contenders.
 *
 * <p>Rates: paced at {@code --rate} events/s and saturation. Paced: event {@code i} of a segment
 * is due at {@code start + i / rate} and carries that time as its stamp (its intended start,
 * not the moment it was sent): a publisher behind schedule (descheduled, or waiting for a full
 * ring) sends its backlog as fast as the bus takes it, and every event of the backlog records
 * the time it waited; nothing is dropped, and a segment publishes exactly {@code rate x
 * duration} events (the publisher's worst lag behind schedule is reported). This is the
 * correction for coordinated omission: a stamp taken at send time would leave the stall out.
 * Saturation has no schedule: each event is stamped just before its publish call, which
 * includes any wait for a free slot (the ring fills and latency is mostly queueing). Threads: 2
 * (publisher, consumer) on 2 cores, so busy-spin is allowed; yielding is run too.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.bus.BusLatency [--out FILE] [--rounds 3]
 * [--measure-ms 800] [--warmup-ms 300] [--rate 1000000] [--ring 4096] [--idle busy-spin,yielding]
 * [--rates paced] [--impls flox,disruptor-single,disruptor-multi] [--segments yes] [--promote no]}. {@code --rates paced} leaves out
 * saturation; {@code --impls} may name {@code flox@MS} (the bus monitor sampling every MS ms);
 * {@code --segments yes} prints a line per measured segment (its own percentiles, events above
 * 10 us, other processes' CPU, JIT time, the process's involuntary context switches, CPU per thread).
 * A paced segment is also measured again when its two halves' p50 differ more than
 * {@value #HALVES_SPREAD}x (a regime change the two probes cannot see).
 * Writes one tab-separated line per configuration to {@code --out}: impl, idle, rate (0 =
 * saturation), events, p50, p99, p99.9, max (ns), achieved rate, min/max round trip (ns),
 * publisher + consumer bytes per event (-1: none measured), median of the segments' own p99
 * (ns), JIT ms during measured segments, segments measured again (other processes' CPU, JIT),
 * segments kept although disturbed, segments summed, the publisher's worst lag behind its
 * schedule (ns; paced only), then by machine regime (see {@link #SLOW_NS}): fast segments and
 * their p50, slow segments and their p50, segments measured again because the regime changed.
 */
public final class BusLatency {
    private static final long HIGHEST_NS = 10_000_000_000L;
    private static String[] IMPLS = {"flox", "disruptor-single", "disruptor-multi"};
    /**
     * Other processes' CPU time during a measured segment above which it is measured again (the
     * same rule for both contenders). On 2 cores both busy threads need a core each: another
     * process's burst (e.g. a build) puts publisher and subscriber on one core, which hand over
     * at scheduler ticks (4 ms), and one such episode is ~4,000 events of up to 4 ms latency, half
     * a percent of a segment, enough to decide a p99. /proc/stat counts in 10 ms ticks: noise is
     * about +-20 ms. This JVM's own threads (GC, the bus monitor) count against the contender; the
     * JIT has its own rule ({@link #JIT_LIMIT_MS}).
     */
    private static final long FOREIGN_CPU_LIMIT_MS = 50;
    /**
     * A segment whose probes agree but whose halves' p50 differ more than this (the slow regime's
     * p50 is about 2x the fast one's) changed regime and back between the probes: it is measured
     * again like one whose probes disagree.
     */
    static final double HALVES_SPREAD = 1.5;
    private static final int MAX_REDO = 3;
    /**
     * Core-to-core round trip (ns) at or above which the machine is in its slow regime, and at or
     * above which it is busy (another process held a core). The VM flips between a fast (~70 ns)
     * and a slow (~300-400 ns) regime every few seconds to minutes, and a contender's p50 moves
     * 3x with it (measured: Flox 130 / 410 ns, the SINGLE Disruptor 150 / 530 ns, paced busy-spin),
     * so a p50 summed over segments of both regimes says more about the mix than about the
     * contender. Each segment is probed before and after; one that changed regime (or ran on a busy
     * machine) is measured again like a disturbed one, and the others are also summed per regime.
     */
    static final long SLOW_NS = 150;
    static final long BUSY_NS = 1_000;
    static final String[] REGIMES = {"fast", "slow"};
    /**
     * Before measuring, wait until the JIT has compiled nothing for this long (at most
     * {@link #JIT_WAIT_MAX_MS}): a C2 compilation in a measured segment takes one of the 2 cores
     * both busy threads need (seen: 170 ms of C2 in one segment, p99 3.6 ms).
     */
    private static final long JIT_QUIET_MS = 100;
    private static final long JIT_WAIT_MAX_MS = 3_000;
    /**
     * JIT compilation time during a measured segment above which it is measured again, by the
     * same rule for both contenders (at most {@link #MAX_REDO} times; then it is kept and counted
     * as disturbed). A one-off compilation of a cold path (seen: the bus monitor's tick, called 4
     * times a second, reaches C1 and C2 thresholds a minute into the run) is not the steady state
     * the benchmark measures; a contender that keeps the JIT busy still shows, as kept segments.
     */
    private static final long JIT_LIMIT_MS = 20;
    /** JIT warm-up only: the publisher pauses before this event (see {@link #run}). */
    private static final long STALL_AT = 100_000;

    private final int ring;
    private final long warmupNs;
    private final long measureNs;
    /** --segments: one line per measured segment (tail diagnosis). */
    private boolean perSegment;
    /** --promote no: leave each contender young (see {@link Contender#promoteToOldGeneration()}). */
    private boolean promote = true;

    private BusLatency(int ring, long warmupNs, long measureNs) {
        this.ring = ring;
        this.warmupNs = warmupNs;
        this.measureNs = measureNs;
    }

    /** What one configuration accumulated over rounds. */
    private static final class Acc {
        final Histogram histogram = new Histogram(HIGHEST_NS, 3);
        long events;
        long elapsedNs;
        long bytes;
        long minRoundTrip = Long.MAX_VALUE;
        long maxRoundTrip;
        /** Segments measured again: other processes took CPU, or the JIT compiled meanwhile. */
        int redoneForeign;
        int redoneJit;
        /** Segments kept at the last attempt although still disturbed. */
        int noisy;
        /** C2/C1 compilation time during measured segments (the JIT takes one of the 2 cores). */
        long jitMs;
        /** The publisher's worst lag behind its pacing schedule over the kept segments (ns). */
        long maxLagNs;
        /** Segments measured again because the machine changed regime (or was busy) while they ran. */
        int redoneRegime;
        /** The kept segments of one regime each (fast, slow), summed; a segment kept at its last chance in neither. */
        final Histogram[] byRegime = {new Histogram(HIGHEST_NS, 3), new Histogram(HIGHEST_NS, 3)};
        final int[] segmentsByRegime = new int[2];
        /** Each segment's own p99, in order: how much the summed p99 owes to single segments. */
        final List<Long> segmentP99 = new ArrayList<>();

        long medianSegmentP99() {
            List<Long> sorted = new ArrayList<>(segmentP99);
            java.util.Collections.sort(sorted);
            int n = sorted.size();
            return n == 0 ? 0 : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        BenchRun.underJmhLock(() -> run(args));
    }

    private static void run(String[] args) throws IOException {
        Map<String, String> opt = BenchRun.options(args);
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        long rate = Long.parseLong(opt.getOrDefault("rate", "1000000"));
        String[] idles = opt.getOrDefault("idle", "busy-spin,yielding").split(",");
        BusLatency bench = new BusLatency(Integer.parseInt(opt.getOrDefault("ring", "4096")),
                Long.parseLong(opt.getOrDefault("warmup-ms", "300")) * 1_000_000L,
                Long.parseLong(opt.getOrDefault("measure-ms", "800")) * 1_000_000L);
        long[] rates = "paced".equals(opt.get("rates")) ? new long[] {rate} : new long[] {rate, 0};
        bench.perSegment = opt.containsKey("segments");
        bench.promote = !"no".equals(opt.getOrDefault("promote", "yes"));
        if (opt.containsKey("impls")) IMPLS = opt.get("impls").split(",");

        System.out.printf(Locale.ROOT, "# one-hop latency, 1 publisher -> 1 subscriber, ring %d, %d round(s) of %d ms per configuration%n",
                bench.ring, rounds, bench.measureNs / 1_000_000);
        // JIT warm-up of both contenders' paths (paced and saturated), nothing recorded: the first
        // use of a path allocates (class loading, interpreter), which would show in bytes per event.
        // Every branch a measured segment takes must have been taken here: C2 compiles a branch never
        // seen as an uncommon trap, and the first time a measured segment takes it, the thread
        // deoptimizes and C2 recompiles during the measurement, on one of the 2 cores both busy
        // threads need (seen: the subscriber's first measured event deoptimized the delivery loop of
        // each contender; a paced publisher's first fall-behind deoptimized the publishing loop, and
        // the recompilation took ~100 ms of a core: ms stalls every 8 ms). Hence measured events and
        // a publisher stall in warm-up too, for both contenders alike.
        for (String impl : IMPLS) {
            for (String idle : idles) {
                for (long r : rates) bench.segment(impl, idle, r, 250_000_000L, 250_000_000L, null, true, true);
            }
        }
        Map<String, Acc> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String idle : idles) {
                for (long r : rates) {
                    for (int k = 0; k < IMPLS.length; k++) {
                        String impl = IMPLS[(k + round) % IMPLS.length];
                        Acc acc = results.computeIfAbsent(key(impl, idle, r), x -> new Acc());
                        for (int attempt = 0; !bench.segment(impl, idle, r, bench.warmupNs, bench.measureNs, acc, attempt == MAX_REDO, false); attempt++) {
                        }
                    }
                }
            }
        }
        List<String> lines = new ArrayList<>();
        for (Map.Entry<String, Acc> e : results.entrySet()) {
            Acc a = e.getValue();
            Histogram h = a.histogram;
            String line = String.join("\t", e.getKey(), Long.toString(a.events),
                    Long.toString(h.getValueAtPercentile(50)), Long.toString(h.getValueAtPercentile(99)),
                    Long.toString(h.getValueAtPercentile(99.9)), Long.toString(h.getMaxValue()),
                    Long.toString(a.elapsedNs == 0 ? 0 : a.events * 1_000_000_000L / a.elapsedNs),
                    Long.toString(a.minRoundTrip), Long.toString(a.maxRoundTrip),
                    String.format(Locale.ROOT, "%.4f", a.events == 0 ? -1 : (double) a.bytes / a.events),
                    Long.toString(a.medianSegmentP99()), Long.toString(a.jitMs),
                    Integer.toString(a.redoneForeign), Integer.toString(a.redoneJit), Integer.toString(a.noisy),
                    Integer.toString(a.segmentP99.size()), Long.toString(a.maxLagNs),
                    Integer.toString(a.segmentsByRegime[0]), Long.toString(a.byRegime[0].getValueAtPercentile(50)),
                    Integer.toString(a.segmentsByRegime[1]), Long.toString(a.byRegime[1].getValueAtPercentile(50)),
                    Integer.toString(a.redoneRegime));
            lines.add(line);
            if (a.redoneForeign > 0 || a.redoneJit > 0 || a.redoneRegime > 0 || a.noisy > 0) {
                System.out.printf(Locale.ROOT, "# %s: segments measured again: %d (other processes' CPU > %d ms), %d (JIT > %d ms), %d (machine regime changed);"
                                + " %d kept although still disturbed%n",
                        e.getKey().replace('\t', ' '), a.redoneForeign, FOREIGN_CPU_LIMIT_MS, a.redoneJit, JIT_LIMIT_MS, a.redoneRegime, a.noisy);
            }
            String[] f = line.split("\t");
            System.out.printf(Locale.ROOT, "%-16s %-9s %-10s segments %2d events %,11d  p50 %,9d ns  p99 %,11d ns  p99.9 %,11d ns  max %,13d ns  rate %,11d/s  rt %s-%s ns  %s B/ev  segment p99 median %,d ns  jit %d ms  worst lag %,d ns%n",
                    f[0], f[1], "0".equals(f[2]) ? "saturation" : f[2] + "/s", a.segmentP99.size(), a.events, Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), f[9], f[10], f[11], a.medianSegmentP99(), a.jitMs, a.maxLagNs);
            System.out.printf(Locale.ROOT, "%-16s %-9s %-10s p50 by machine regime: fast %,d ns over %d segment(s), slow %,d ns over %d segment(s)%n",
                    f[0], f[1], "0".equals(f[2]) ? "saturation" : f[2] + "/s", Long.parseLong(f[20]), a.segmentsByRegime[0], Long.parseLong(f[22]), a.segmentsByRegime[1]);
        }
        String out = opt.get("out");
        if (out != null) Files.write(Path.of(out), lines, StandardCharsets.UTF_8);
    }

    private static String key(String impl, String idle, long rate) {
        return impl + "\t" + idle + "\t" + rate;
    }

    /**
     * Runs one contender: warm-up events (unrecorded), then measured events for measureNs;
     * drains and stops the bus; adds to {@code acc} (null: warm-up only). Returns false, adding
     * nothing, when other processes used more than {@link #FOREIGN_CPU_LIMIT_MS} of CPU or the JIT
     * compiled for more than {@link #JIT_LIMIT_MS} while it measured, unless {@code lastChance}:
     * the caller runs the segment again.
     */
    private boolean segment(String impl, String idle, long rate, long warmNs, long measNs, Acc acc, boolean lastChance, boolean warmup) {
        long roundTrip = Probes.roundTripNs();
        LatencySink sink = new LatencySink(HIGHEST_NS, 3);
        Contender c = Contender.create(impl, idle, ring, new BenchSink[] {sink});
        if (promote) Contender.promoteToOldGeneration();
        TradeEvent event = new TradeEvent();
        long[] seq = {0};
        Pacer pacer = rate > 0 ? new Pacer(System::nanoTime, rate) : null;
        long stallAt = warmup ? STALL_AT : -1;
        run(c, event, seq, pacer, warmNs, LatencySink.WARMUP, stallAt);
        long jitWaitMs = Probes.awaitJitQuiet(JIT_QUIET_MS, JIT_WAIT_MAX_MS);
        // /proc is read outside the allocation window: it allocates on this (the publishing) thread
        long[] cpu0 = Probes.cpuTicks();
        Map<String, long[]> threads0 = perSegment ? Probes.threadStats() : null;
        long jit0 = Probes.jitMs(), compilerCpu0 = Probes.compilerCpuMs();
        long bytes0 = Probes.allocatedBytes(c.consumerThreads(), true);
        sink.splitAt(System.nanoTime() + measNs / 2);
        long start = System.nanoTime();
        long measured = run(c, event, seq, pacer, measNs, LatencySink.MEASURED, stallAt);
        long elapsed = System.nanoTime() - start;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sink.measuredCount() < measured && System.nanoTime() - deadline < 0) Thread.yield();
        long bytes = Probes.allocatedBytes(c.consumerThreads(), true) - bytes0;
        // compilations finished during the segment, or compiler CPU (also one still running at its end)
        long jitMs = Math.max(Probes.jitMs() - jit0, Probes.compilerCpuMs() - compilerCpu0);
        Map<String, long[]> threads1 = perSegment ? Probes.threadStats() : null;
        long foreignMs = Probes.foreignCpuMs(cpu0, Probes.cpuTicks());
        c.close();
        long roundTripAfter = Probes.roundTripNs();
        int regime = regime(roundTrip, roundTripAfter);
        double halves = sink.halvesP50Ratio();
        double halvesSpread = Double.isNaN(halves) ? 1 : Math.max(halves, 1 / halves);
        // both probes agree, but the halves do not (paced only: at saturation the p50 is queueing, not the regime)
        boolean flipped = rate > 0 && regime >= 0 && halvesSpread > HALVES_SPREAD;
        if (flipped) regime = -1;
        String problems = c.problems();
        if (sink.measuredCount() != measured || !problems.isEmpty()) {
            throw new IllegalStateException(impl + " " + idle + ": subscriber recorded " + sink.measuredCount() + " of " + measured
                    + " measured events " + problems);
        }
        Histogram h = sink.histogram();
        if (perSegment && !warmup) {
            // per thread that ran: CPU ms and times preempted
            StringBuilder b = new StringBuilder();
            long preempted = 0;
            for (Map.Entry<String, long[]> e : threads1.entrySet()) {
                long[] before = threads0.getOrDefault(e.getKey(), new long[2]);
                long cpuMs = (e.getValue()[0] - before[0]) * 10, pre = e.getValue()[1] - before[1];
                preempted += pre;
                if (cpuMs > 0 || pre > 0) b.append(' ').append(e.getKey()).append('=').append(cpuMs).append("ms/").append(pre);
            }
            System.out.printf(Locale.ROOT, "segment %-16s %-9s %-10s p50 %,7d (halves %.2fx) p99 %,11d p99.9 %,11d max %,11d  >10us %,7d  rt %d/%d ns (%s)  foreign %3d ms  jit %3d ms (waited %d ms)  preempted %3d  thread=cpu/preempted:%s%n",
                    impl, idle, rate == 0 ? "saturation" : rate + "/s", h.getValueAtPercentile(50), halvesSpread, h.getValueAtPercentile(99),
                    h.getValueAtPercentile(99.9), h.getMaxValue(), h.getCountBetweenValues(10_000, Long.MAX_VALUE / 2),
                    roundTrip, roundTripAfter, regime < 0 ? "regime changed or busy" : REGIMES[regime], foreignMs, jitMs, jitWaitMs, preempted, b);
        }
        if (warmup) return true;
        boolean foreign = foreignMs > FOREIGN_CPU_LIMIT_MS, jit = jitMs > JIT_LIMIT_MS, mixed = regime < 0;
        if ((foreign || jit || mixed) && !lastChance) {
            System.out.printf(Locale.ROOT, "# %s %s %s: %s while it measured; measuring it again%n", impl, idle,
                    rate == 0 ? "saturation" : rate + "/s", foreign ? "other processes used " + foreignMs + " ms of CPU"
                            : jit ? "the JIT compiled for " + jitMs + " ms"
                            : flipped ? String.format(Locale.ROOT, "the halves' p50 differ %.1fx (round trips %d and %d ns)", halvesSpread, roundTrip, roundTripAfter)
                            : "the machine changed regime (round trip " + roundTrip + " ns before, " + roundTripAfter + " ns after)");
            if (foreign) acc.redoneForeign++; else if (jit) acc.redoneJit++; else acc.redoneRegime++;
            return false;
        }
        if (foreign || jit || mixed) acc.noisy++;
        if (!mixed) {
            acc.byRegime[regime].add(h);
            acc.segmentsByRegime[regime]++;
        }
        acc.histogram.add(h);
        acc.segmentP99.add(h.getValueAtPercentile(99));
        acc.events += measured;
        acc.elapsedNs += elapsed;
        acc.bytes += bytes;
        acc.jitMs += jitMs;
        if (pacer != null) acc.maxLagNs = Math.max(acc.maxLagNs, pacer.maxLagNs());
        acc.minRoundTrip = Math.min(acc.minRoundTrip, Math.min(roundTrip, roundTripAfter));
        acc.maxRoundTrip = Math.max(acc.maxRoundTrip, Math.max(roundTrip, roundTripAfter));
        return true;
    }

    /** 0 fast, 1 slow: both probes in that regime; -1 the regime changed, or the machine was busy. */
    static int regime(long roundTripBeforeNs, long roundTripAfterNs) {
        int before = regime(roundTripBeforeNs), after = regime(roundTripAfterNs);
        return before == after && before < 2 ? before : -1;
    }

    /** One probe: 0 fast, 1 slow, 2 busy (another process held a core while it ran). */
    private static int regime(long roundTripNs) {
        return roundTripNs < SLOW_NS ? 0 : roundTripNs < BUSY_NS ? 1 : 2;
    }

    /**
     * Publishes for {@code durationNs}, on {@code pacer}'s schedule (null: as fast as possible);
     * returns the count. Paced, every event carries its intended start and the loop ends with
     * the schedule (see {@link Pacer}): a backlog is sent late, never dropped. The publisher
     * pauses 2 ms before event number {@code stallAt} (-1: never), so that the JIT warm-up
     * exercises the catch-up path of pacing.
     */
    private static long run(Contender c, TradeEvent event, long[] seq, Pacer pacer, long durationNs, int mark, long stallAt) {
        long n = 0;
        long id = seq[0];
        final long end = System.nanoTime() + durationNs;
        if (pacer != null) pacer.start(durationNs);
        while (true) {
            if (n == stallAt) LockSupport.parkNanos(2_000_000L);
            long stamp;
            if (pacer != null) {
                stamp = pacer.awaitNext(); // intended start: a late event records its wait
                if (stamp < 0) break;
            } else {
                if ((n & 63) == 0 && System.nanoTime() >= end) break;
                stamp = System.nanoTime();
            }
            event.set(mark, ++id, 100_000_000L + (id & 1023), 1_000L, Side.BUY, 0L, stamp);
            long r = c.publish(event);
            if (r < 0) throw new IllegalStateException("publish #" + id + " refused: " + BusResult.describe(r) + " " + c.problems());
            n++;
        }
        seq[0] = id;
        return n;
    }
}
