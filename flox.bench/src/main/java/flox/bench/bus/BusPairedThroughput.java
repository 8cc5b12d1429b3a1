package flox.bench.bus;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.bench.BenchRun;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput of Flox and its Disruptor peer in windows paired in time and classified by machine
 * regime: the throughput targets' judge. The JMH rows measure each contender in its own fork of
 * 5 s, and the VM flips between a fast (~70 ns core-to-core round trip) and a slow (~330 ns)
 * regime within a fork, moving a rate 3-5x (one run: Flox 1 pub -> 4 sub at 28.8 M ev/s, the next
 * 6.1, the round trips probed before and after that fork both fast); no probe can run inside a
 * fork, since the subscribers' threads hold the cores. Here every window is a fresh bus: probe the
 * round trip, start the contender, move it into the old generation (where a host's ring lives;
 * {@code --promote no} leaves it young), publish unmeasured for the warm-up, count the events of the
 * window, stop the publishers, wait for every subscriber to have every event (each checks every
 * publisher's order), stop the contender, probe again. A window whose two probes are not in one
 * regime (fast < {@link BusLatency#SLOW_NS} ns <= slow < {@link BusLatency#BUSY_NS} ns) is
 * measured again, up to 3 times, and then left out of the per-regime figures. The probes cannot
 * see a flip and back between them, so the window is also counted in {@value #SLICES} slices: one
 * whose fastest slice ran more than {@value #STEADY_SPREAD}x its slowest (a regime moves a rate
 * 3-5x; steady windows stayed within 1.1-1.6x) is treated the same way. The contenders of
 * a case alternate, the first one alternating by round; the cases given run in one JVM, every path
 * warmed up first ({@code ./flox bench bus} runs each case in its own JVM, as JMH forks per
 * benchmark, so that one case's JIT profile does not shape another's).
 *
 * <p>The publishing loop is JMH's shape: a volatile stop flag read per event, the trade set and
 * published by the benchmark's own {@link BusThroughputBenchmark} code path (the same
 * {@link Contender} and {@link CountingSink}).
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.bus.BusPairedThroughput [--rounds 6]
 * [--window-ms 1000] [--warmup-ms 400] [--cases 1x1:busy-spin:4096,...] [--promote no] [--out FILE]
 * [--list-cases]}
 * ({@code --out} appends; {@code --list-cases} prints the default cases and exits); a case is
 * {@code PUBLISHERSxSUBSCRIBERS:IDLE:RING}, its peer {@code disruptor-single} for one publisher,
 * {@code disruptor-multi} for two. Writes one tab-separated line per window kept: publishers,
 * subscribers, idle, ring, impl, round, regime (fast, slow or mixed), events/s, round trip
 * before and after (ns).
 */
public final class BusPairedThroughput {
    static final String DEFAULT_CASES = "1x1:busy-spin:4096,1x1:yielding:4096,1x4:yielding:4096,2x1:yielding:4096,"
            + "1x1:busy-spin:65536,1x1:yielding:65536,1x4:yielding:65536,2x1:yielding:65536";
    private static final int MAX_REDO = 3;
    /** Slices of a window, counted apart to see a regime change between the two probes. */
    static final int SLICES = 10;
    /** A window whose fastest slice ran more than this times its slowest is not in one regime. */
    static final double STEADY_SPREAD = 2.0;

    /** One publishing thread: numbers its trades 1, 2, 3... under symbol id = its index. */
    static final class Publisher extends Thread {
        private static final VarHandle COUNT;

        static {
            try {
                COUNT = MethodHandles.lookup().findVarHandle(Publisher.class, "count", long.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Contender contender;
        private final int index;
        private final TradeEvent event = new TradeEvent();
        @SuppressWarnings("unused") private long p01, p02, p03, p04, p05, p06, p07;
        private long count;
        @SuppressWarnings("unused") private long p11, p12, p13, p14, p15, p16, p17;
        private volatile boolean stop;
        private volatile String failure;

        Publisher(Contender contender, int index) {
            super("paired-publisher-" + index);
            this.contender = contender;
            this.index = index;
            setDaemon(true);
        }

        @Override
        public void run() {
            long id = 0;
            while (!stop) {
                id++;
                long r = contender.publish(event.set(index, id, 100_000_000L + (id & 1023), 1_000L, Side.BUY, 0L, 0L));
                if (r < 0) {
                    failure = "publish #" + id + " refused: " + BusResult.describe(r) + " " + contender.problems();
                    return;
                }
                COUNT.setOpaque(this, id);
            }
        }

        long count() {
            return (long) COUNT.getOpaque(this);
        }
    }

    /** One window's result. */
    record Window(String impl, int regime, double rate, long rtBefore, long rtAfter, double spread) {
        /** In one regime by both probes and by its slices. */
        boolean steady() {
            return regime >= 0 && spread <= STEADY_SPREAD;
        }
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        BenchRun.underJmhLock(() -> run(args));
    }

    private static void run(String[] args) throws IOException {
        Map<String, String> opt = BenchRun.options(args);
        if (opt.containsKey("list-cases")) { // for a launcher that runs each case in its own JVM
            System.out.println(String.join(" ", DEFAULT_CASES.split(",")));
            return;
        }
        int rounds = Integer.parseInt(opt.getOrDefault("rounds", "6"));
        long windowNs = Long.parseLong(opt.getOrDefault("window-ms", "1000")) * 1_000_000L;
        long warmupNs = Long.parseLong(opt.getOrDefault("warmup-ms", "400")) * 1_000_000L;
        String[] cases = opt.getOrDefault("cases", DEFAULT_CASES).split(",");
        boolean promote = !"no".equals(opt.getOrDefault("promote", "yes"));
        System.out.printf(Locale.ROOT, "# paired throughput: %d round(s), %d ms windows after %d ms warm-up, contenders alternating, rings %s%n",
                rounds, windowNs / 1_000_000, warmupNs / 1_000_000, promote ? "promoted to the old generation first" : "left young");
        for (String c : cases) { // JIT warm-up of every path, nothing kept
            for (String impl : impls(c)) window(c, impl, warmupNs, windowNs / 2, promote);
        }
        List<String> lines = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            for (String c : cases) {
                String[] impls = impls(c);
                for (int k = 0; k < impls.length; k++) {
                    String impl = impls[(k + round) % impls.length];
                    Window w = null;
                    for (int attempt = 0; attempt <= MAX_REDO; attempt++) {
                        w = window(c, impl, warmupNs, windowNs, promote);
                        if (w.steady()) break;
                        if (w.regime < 0) {
                            System.out.printf(Locale.ROOT, "# %s %s: the machine changed regime (round trip %d ns before, %d ns after); measuring it again%n",
                                    c, impl, w.rtBefore, w.rtAfter);
                        } else {
                            System.out.printf(Locale.ROOT, "# %s %s: the rate moved %.1fx between the window's slices (round trips %d and %d ns); measuring it again%n",
                                    c, impl, w.spread, w.rtBefore, w.rtAfter);
                        }
                    }
                    String regime = !w.steady() ? "mixed" : BusLatency.REGIMES[w.regime];
                    String[] f = c.split(":");
                    String[] pn = f[0].split("x");
                    lines.add(String.join("\t", pn[0], pn[1], f[1], f[2], impl, Integer.toString(round), regime,
                            String.format(Locale.ROOT, "%.0f", w.rate), Long.toString(w.rtBefore), Long.toString(w.rtAfter),
                            String.format(Locale.ROOT, "%.2f", w.spread)));
                    System.out.printf(Locale.ROOT, "window %-22s %-16s round %d  %7.2f M ev/s  rt %d/%d ns  slices %.1fx (%s)%n", c, impl, round,
                            w.rate / 1e6, w.rtBefore, w.rtAfter, w.spread, regime);
                }
            }
        }
        String out = opt.get("out");
        if (out != null) { // appended: one JVM per case writes its lines into the run's one file
            Files.write(Path.of(out), lines, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        }
    }

    /** Flox and its peer for a case {@code PxN:IDLE:RING}: SINGLE for one publisher, MULTI for more. */
    static String[] impls(String c) {
        int publishers = Integer.parseInt(c.substring(0, c.indexOf('x')));
        return new String[] {"flox", publishers == 1 ? "disruptor-single" : "disruptor-multi"};
    }

    /** One fresh contender: warm-up, the measured window, drain and order check, stop; probed before and after. */
    static Window window(String c, String impl, long warmupNs, long windowNs, boolean promote) {
        String[] f = c.split(":");
        String[] pn = f[0].split("x");
        int publishers = Integer.parseInt(pn[0]), fanOut = Integer.parseInt(pn[1]), ring = Integer.parseInt(f[2]);
        long rtBefore = Probes.roundTripNs();
        CountingSink[] sinks = new CountingSink[fanOut];
        for (int i = 0; i < fanOut; i++) sinks[i] = new CountingSink();
        Contender contender = Contender.create(impl, f[1], ring, sinks, publishers);
        if (promote) Contender.promoteToOldGeneration();
        Publisher[] threads = new Publisher[publishers];
        for (int p = 0; p < publishers; p++) threads[p] = new Publisher(contender, p);
        for (Publisher p : threads) p.start();
        LockSupport.parkNanos(warmupNs);
        long c0 = published(threads), t0 = System.nanoTime();
        double slowest = Double.MAX_VALUE, fastest = 0;
        long sliceCount = c0, sliceStart = t0;
        for (int i = 1; i <= SLICES; i++) {
            long until = t0 + windowNs * i / SLICES;
            for (long now = System.nanoTime(); now - until < 0; now = System.nanoTime()) LockSupport.parkNanos(until - now);
            long n = published(threads), t = System.nanoTime();
            double rate = (n - sliceCount) * 1e9 / Math.max(1, t - sliceStart);
            slowest = Math.min(slowest, rate);
            fastest = Math.max(fastest, rate);
            sliceCount = n;
            sliceStart = t;
        }
        long c1 = sliceCount, t1 = sliceStart;
        for (Publisher p : threads) p.stop = true;
        long total = 0;
        for (Publisher p : threads) {
            try {
                p.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
            if (p.isAlive()) throw new IllegalStateException(c + " " + impl + ": a publisher did not stop within 20 s");
            if (p.failure != null) throw new IllegalStateException(c + " " + impl + ": " + p.failure);
            total += p.count();
        }
        CountingSink.awaitAll(sinks, total, c + " " + impl, contender);
        contender.close();
        long rtAfter = Probes.roundTripNs();
        return new Window(impl, BusLatency.regime(rtBefore, rtAfter), (c1 - c0) * 1e9 / (t1 - t0), rtBefore, rtAfter,
                slowest > 0 ? fastest / slowest : Double.POSITIVE_INFINITY);
    }

    private static long published(Publisher[] threads) {
        long sum = 0;
        for (Publisher p : threads) sum += p.count();
        return sum;
    }
}
