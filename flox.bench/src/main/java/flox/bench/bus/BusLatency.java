package flox.bench.bus;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * One-hop latency, publisher to 1 subscriber: the publisher stamps {@code System.nanoTime()}
 * into the trade just before publishing, the subscriber records {@code nanoTime() - stamp}
 * into a preallocated HdrHistogram. Flox async vs the Disruptor, configured as in
 * {@link Contender}, alternately in one JVM: every segment creates a fresh bus (so no idle
 * consumer of the other contender competes for the 2 cores), warms up unrecorded, measures,
 * drains and stops it. Segments rotate over wait strategy x rate x contender, and the contender
 * that goes first alternates by round; the histograms of a configuration are summed over
 * rounds.
 *
 * <p>Rates: paced at {@code --rate} events/s (busy-wait on nanoTime; a publisher more than
 * 1 ms behind its schedule drops the backlog instead of bursting) and saturation (publish as
 * fast as the bus takes it; the ring fills and latency is mostly queueing). Threads: 2
 * (publisher, consumer) on 2 cores, so busy-spin is allowed; yielding is run too.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.bus.BusLatency [--out FILE] [--rounds 3]
 * [--measure-ms 800] [--warmup-ms 300] [--rate 1000000] [--ring 4096] [--idle busy-spin,yielding]}.
 * Writes one tab-separated line per configuration to {@code --out}: impl, idle, rate (0 =
 * saturation), events, p50, p99, p99.9, max (ns), achieved rate, min/max round trip (ns),
 * publisher + consumer bytes per event.
 */
public final class BusLatency {
    private static final long HIGHEST_NS = 10_000_000_000L;
    private static final String[] IMPLS = {"flox", "disruptor"};

    private final int ring;
    private final long warmupNs;
    private final long measureNs;

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
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        // Take JMH's lock as JMH does: another benchmark run on 2 cores would spoil both runs' figures
        try (FileChannel lockFile = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.tryLock();
            for (int i = 0; lock == null && i < 12; i++) {
                if (i == 0) System.out.println("# another JMH run holds " + System.getProperty("java.io.tmpdir") + "/jmh.lock: waiting for it");
                Thread.sleep(5_000);
                lock = lockFile.tryLock();
            }
            if (lock == null) System.out.println("# WARNING: running alongside another benchmark (lock still held after 60 s)");
            run(args);
        }
    }

    private static void run(String[] args) throws IOException {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "3"));
        long rate = Long.parseLong(opt.getOrDefault("rate", "1000000"));
        String[] idles = opt.getOrDefault("idle", "busy-spin,yielding").split(",");
        BusLatency bench = new BusLatency(Integer.parseInt(opt.getOrDefault("ring", "4096")),
                Long.parseLong(opt.getOrDefault("warmup-ms", "300")) * 1_000_000L,
                Long.parseLong(opt.getOrDefault("measure-ms", "800")) * 1_000_000L);
        long[] rates = {rate, 0};

        System.out.printf(Locale.ROOT, "# one-hop latency, 1 publisher -> 1 subscriber, ring %d, %d round(s) of %d ms per configuration%n",
                bench.ring, rounds, bench.measureNs / 1_000_000);
        // JIT warm-up of both contenders' paths (paced and saturated), nothing recorded: the first
        // use of a path allocates (class loading, interpreter), which would show in bytes per event
        for (String impl : IMPLS) {
            for (String idle : idles) {
                for (long r : rates) bench.segment(impl, idle, r, 500_000_000L, 0, null);
            }
        }
        Map<String, Acc> results = new LinkedHashMap<>();
        for (int round = 0; round < rounds; round++) {
            for (String idle : idles) {
                for (long r : rates) {
                    for (int k = 0; k < IMPLS.length; k++) {
                        String impl = IMPLS[(k + round) % IMPLS.length];
                        Acc acc = results.computeIfAbsent(key(impl, idle, r), x -> new Acc());
                        bench.segment(impl, idle, r, bench.warmupNs, bench.measureNs, acc);
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
                    String.format(Locale.ROOT, "%.4f", a.events == 0 ? 0 : (double) a.bytes / a.events));
            lines.add(line);
            String[] f = line.split("\t");
            System.out.printf(Locale.ROOT, "%-10s %-9s %-10s events %,11d  p50 %,9d ns  p99 %,11d ns  p99.9 %,11d ns  max %,13d ns  rate %,11d/s  rt %s-%s ns  %s B/ev%n",
                    f[0], f[1], "0".equals(f[2]) ? "saturation" : f[2] + "/s", a.events, Long.parseLong(f[4]), Long.parseLong(f[5]),
                    Long.parseLong(f[6]), Long.parseLong(f[7]), Long.parseLong(f[8]), f[9], f[10], f[11]);
        }
        String out = opt.get("out");
        if (out != null) Files.write(Path.of(out), lines, StandardCharsets.UTF_8);
    }

    private static String key(String impl, String idle, long rate) {
        return impl + "\t" + idle + "\t" + rate;
    }

    /**
     * Runs one contender: warm-up events (unrecorded), then measured events for measureNs;
     * drains and stops the bus; adds to {@code acc} (null: warm-up only).
     */
    private void segment(String impl, String idle, long rate, long warmNs, long measNs, Acc acc) {
        long roundTrip = acc == null ? 0 : Probes.roundTripNs();
        LatencySink sink = new LatencySink(new Histogram(HIGHEST_NS, 3));
        Contender c = Contender.create(impl, idle, ring, new BenchSink[] {sink});
        TradeEvent event = new TradeEvent();
        long[] seq = {0};
        run(c, event, seq, rate, warmNs, LatencySink.WARMUP);
        long bytes0 = Probes.allocatedBytes(c.consumerThreads(), true);
        long start = System.nanoTime();
        long measured = run(c, event, seq, rate, measNs, LatencySink.MEASURED);
        long elapsed = System.nanoTime() - start;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sink.measuredCount() < measured && System.nanoTime() - deadline < 0) Thread.yield();
        long bytes = Probes.allocatedBytes(c.consumerThreads(), true) - bytes0;
        c.close();
        String problems = c.problems();
        if (sink.measuredCount() != measured || !problems.isEmpty()) {
            throw new IllegalStateException(impl + " " + idle + ": subscriber recorded " + sink.measuredCount() + " of " + measured
                    + " measured events " + problems);
        }
        if (acc != null) {
            acc.histogram.add(sink.histogram());
            acc.events += measured;
            acc.elapsedNs += elapsed;
            acc.bytes += bytes;
            acc.minRoundTrip = Math.min(acc.minRoundTrip, roundTrip);
            acc.maxRoundTrip = Math.max(acc.maxRoundTrip, roundTrip);
        }
    }

    /** Publishes for {@code durationNs}, paced at {@code rate}/s (0 = as fast as possible); returns the count. */
    private static long run(Contender c, TradeEvent event, long[] seq, long rate, long durationNs, int mark) {
        long n = 0;
        long id = seq[0];
        long now = System.nanoTime();
        final long end = now + durationNs;
        final long period = rate > 0 ? 1_000_000_000L / rate : 0;
        long next = now;
        while (true) {
            if (period > 0) {
                while ((now = System.nanoTime()) < next) Thread.onSpinWait();
                if (now - next > 1_000_000) next = now; // fell more than 1 ms behind (descheduled): no catch-up burst
                next += period;
            } else if ((n & 63) == 0) {
                now = System.nanoTime();
            }
            if (now >= end) break;
            event.set(mark, ++id, 100_000_000L + (id & 1023), 1_000L, Side.BUY, 0L, System.nanoTime());
            long r = c.publish(event);
            if (r < 0) throw new IllegalStateException("publish #" + id + " refused: " + BusResult.describe(r) + " " + c.problems());
            n++;
        }
        seq[0] = id;
        return n;
    }
}
