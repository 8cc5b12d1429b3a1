package flox.bench.fix;

import flox.bench.Pacer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.HdrHistogram.Histogram;

/**
 * {@code ./flox bench fix}: an order's round trip through Flox's FIX connector beside a bare
 * QuickFIX/J initiator, against the same acceptor (the QuickFIX/J example executor, its own
 * process: {@link ExecutorProcess}) in the same run.
 *
 * <p>Flox ({@link FloxClient}): {@code OrderGateway.submit} on the caller's thread (tracker,
 * the connector's order ring), the connector's sending thread (NewOrderSingle, {@code
 * Session.send}), the executor, QuickFIX/J's receiving thread (the report decoded, applied to the
 * tracker, published on a sync execution bus to the recording subscriber). Bare
 * ({@link BareClient}): {@code Session.send} on the caller's thread, {@code fromApp} on
 * QuickFIX/J's. Two times per order, both from its intended start: to the acknowledgement
 * (OrdStatus 0: ACCEPTED) and to the fill (2: FILLED).
 *
 * <p>Paced at {@code --rate} orders/s ({@link Pacer}: a caller behind schedule sends its
 * backlog late and each order records its wait; coordinated omission corrected). Between
 * orders the caller parks until 50 us before the next is due and spins the rest, so that it
 * does not hold one of the machine's two cores from the threads it measures. Segments of
 * {@code --seconds} alternate between the contenders, the one going first alternating by round,
 * after an unrecorded warm-up of {@code --warmup-seconds} each, alternating in segments of the
 * same length (the executor's JVM, shared by both, warms under both; with one 5 s warm-up
 * segment each, Flox's first recorded segment, after a warm-up that had also warmed the
 * executor for the bare client, had its ack p99 at 4-9 ms where its later ones matched the bare
 * client's 1-2 ms: docs/ARCHITECTURE.md); a segment ends when every order's reports are in
 * (or 30 s passed: the rest are counted lost). Refused orders (not taken by the gateway or the
 * session) are counted beside every percentile. Allocation per order is read per thread
 * (ThreadMXBean): the caller's, Flox's sending thread, and each side's receiving thread.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.fix.FixRoundTrip --out DIR --executor-jars
 * DIR [--rate 1000] [--seconds 5] [--rounds 4] [--warmup-seconds 20] [--flox-idle park|yield|spin]}
 * ({@code send.idle} of Flox's session). Writes DIR/latency-IDLE.tsv and DIR/summary-IDLE.md.
 */
public final class FixRoundTrip {
    /** How long before an order is due the caller stops parking and spins. */
    private static final long SPIN_NS = 50_000;
    private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    /** What one contender did over the recorded segments. */
    static final class Totals {
        final String name;
        final Histogram ack = new Histogram(RoundTrips.HIGHEST_NS, 3);
        final Histogram fill = new Histogram(RoundTrips.HIGHEST_NS, 3);
        final List<Long> ackP50s = new ArrayList<>();
        final List<Long> ackP99s = new ArrayList<>();
        long orders, refused, lost, rejects, segments;
        long callerBytes, senderBytes, receiverBytes;
        long maxLagNs;

        Totals(String name) {
            this.name = name;
        }
    }

    /** One contender as the harness drives it. */
    interface Side {
        boolean submit(long id);

        RoundTrips trips();

        /** Flox's sending thread, or null. */
        Thread sender();
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        Path jars = null;
        long rate = 1_000;
        int seconds = 5, rounds = 4, warmupSeconds = 20;
        String idle = "park";
        for (int i = 0; i < args.length; i += 2) {
            String v = i + 1 < args.length ? args[i + 1] : null;
            if (v == null) throw new IllegalArgumentException(args[i] + " needs a value");
            switch (args[i]) {
                case "--out" -> out = Path.of(v);
                case "--executor-jars" -> jars = Path.of(v);
                case "--rate" -> rate = Long.parseLong(v);
                case "--seconds" -> seconds = Integer.parseInt(v);
                case "--rounds" -> rounds = Integer.parseInt(v);
                case "--warmup-seconds" -> warmupSeconds = Integer.parseInt(v);
                case "--flox-idle" -> idle = v;
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        if (out == null || jars == null) throw new IllegalArgumentException("--out DIR and --executor-jars DIR are required");
        if (!idle.equals("park") && !idle.equals("yield") && !idle.equals("spin")) {
            throw new IllegalArgumentException("--flox-idle is park, yield or spin: " + idle);
        }
        if (rate <= 0 || seconds <= 0 || rounds <= 0 || warmupSeconds < 0) {
            throw new IllegalArgumentException("--rate, --seconds and --rounds must be above 0, --warmup-seconds at least 0: "
                    + rate + ", " + seconds + ", " + rounds + ", " + warmupSeconds);
        }
        Files.createDirectories(out);
        Logger.getLogger("quickfix").setLevel(Level.WARNING);
        Logger.getLogger("flox").setLevel(Level.WARNING);
        Logger.getLogger("flox.fix").setLevel(Level.WARNING);
        Logger.getLogger("flox.bus").setLevel(Level.WARNING);
        Path work = Files.createTempDirectory("flox-bench-fix");
        try (ExecutorProcess executor = new ExecutorProcess(work, jars);
             FloxClient flox = new FloxClient(executor.port, work.resolve("flox-store"), idle);
             BareClient bare = new BareClient(executor.port, work.resolve("bare-store"))) {
            await("both sessions logged on", () -> flox.isLoggedOn() && bare.isLoggedOn(), 60, executor);
            Thread floxSender = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith("flox-fix-send-")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no flox-fix-send thread"));
            Side floxSide = new Side() {
                @Override public boolean submit(long id) { return flox.submit(id); }
                @Override public RoundTrips trips() { return flox.trips; }
                @Override public Thread sender() { return floxSender; }
            };
            Side bareSide = new Side() {
                @Override public boolean submit(long id) { return bare.submit(id); }
                @Override public RoundTrips trips() { return bare.trips; }
                @Override public Thread sender() { return null; }
            };
            Totals floxTotals = new Totals("flox");
            Totals bareTotals = new Totals("quickfixj");
            long[] nextId = {1, 1};
            System.err.printf(Locale.ROOT, "fix: warm-up, %d s each at %d orders/s, alternating in segments of up to %d s%n",
                    warmupSeconds, rate, seconds);
            for (int done = 0; done < warmupSeconds; done += seconds) {
                int s = Math.min(seconds, warmupSeconds - done);
                segment(floxSide, rate, s, nextId, 0, null, executor);
                segment(bareSide, rate, s, nextId, 1, null, executor);
            }
            for (int r = 0; r < rounds; r++) {
                boolean floxFirst = r % 2 == 0;
                for (int k = 0; k < 2; k++) {
                    boolean isFlox = (k == 0) == floxFirst;
                    segment(isFlox ? floxSide : bareSide, rate, seconds, nextId, isFlox ? 0 : 1, isFlox ? floxTotals : bareTotals, executor);
                }
                System.err.printf(Locale.ROOT, "fix: round %d/%d: ack p50 flox %.1f us, quickfixj %.1f us; p99 flox %.1f us, quickfixj %.1f us%n",
                        r + 1, rounds, floxTotals.ackP50s.get(r) / 1e3, bareTotals.ackP50s.get(r) / 1e3,
                        floxTotals.ackP99s.get(r) / 1e3, bareTotals.ackP99s.get(r) / 1e3);
            }
            if (flox.openOrders() > 0) System.err.println("fix: " + flox.openOrders() + " orders still open in Flox's tracker");
            write(out, idle, rate, seconds, rounds, warmupSeconds, floxTotals, bareTotals);
        }
    }

    /** One segment of {@code seconds} at {@code rate}; recorded into {@code totals} unless null (warm-up). */
    private static void segment(Side side, long rate, int seconds, long[] nextId, int which, Totals totals, ExecutorProcess executor)
            throws InterruptedException {
        RoundTrips trips = side.trips();
        trips.reset(totals != null);
        Thread caller = Thread.currentThread();
        long caller0 = THREADS.getThreadAllocatedBytes(caller.getId());
        Thread sender = side.sender();
        long sender0 = sender == null ? 0 : THREADS.getThreadAllocatedBytes(sender.getId());
        Thread receiver = trips.receiver;
        long receiver0 = receiver == null ? 0 : THREADS.getThreadAllocatedBytes(receiver.getId());
        Pacer pacer = new Pacer(System::nanoTime, rate).start(seconds * 1_000_000_000L);
        long sent = 0, refused = 0;
        long due;
        long period = 1_000_000_000L / rate;
        long last = System.nanoTime() - period;
        while (true) {
            // park until shortly before the next order is due, then the pacer spins the rest: a caller spinning the whole gap
            // would hold one of the machine's two cores from the threads under test
            long wait = last + period - SPIN_NS - System.nanoTime();
            if (wait > 0) LockSupport.parkNanos(wait);
            if ((due = pacer.awaitNext()) < 0) break;
            last = due;
            long id = nextId[which]++;
            trips.due(id, due);
            if (side.submit(id)) sent++;
            else refused++;
        }
        long callerBytes = THREADS.getThreadAllocatedBytes(caller.getId()) - caller0;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while ((trips.fills.get() + trips.rejects.get() < sent || trips.acks.get() + trips.rejects.get() < sent) && System.nanoTime() - deadline < 0) {
            Thread.sleep(1);
        }
        if (totals == null) return;
        long lost = Math.max(0, sent - trips.fills.get() - trips.rejects.get());
        if (lost > 0) System.err.println("fix: " + totals.name + ": " + lost + " orders without a fill after 30 s; executor:\n" + executor.output());
        totals.ack.add(trips.ack);
        totals.fill.add(trips.fill);
        totals.ackP50s.add(trips.ack.getValueAtPercentile(50));
        totals.ackP99s.add(trips.ack.getValueAtPercentile(99));
        totals.orders += sent;
        totals.refused += refused;
        totals.lost += lost;
        totals.rejects += trips.rejects.get();
        totals.segments++;
        totals.callerBytes += callerBytes;
        if (sender != null) totals.senderBytes += THREADS.getThreadAllocatedBytes(sender.getId()) - sender0;
        Thread rx = trips.receiver;
        if (rx != null && receiver != null) totals.receiverBytes += THREADS.getThreadAllocatedBytes(rx.getId()) - receiver0;
        totals.maxLagNs = Math.max(totals.maxLagNs, pacer.maxLagNs());
    }

    private static void await(String what, BooleanSupplier condition, int seconds, ExecutorProcess executor) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException(what + ": not within " + seconds + " s; executor:\n" + executor.output());
            Thread.sleep(10);
        }
    }

    private static void write(Path out, String idle, long rate, int seconds, int rounds, int warmupSeconds, Totals flox, Totals bare)
            throws java.io.IOException {
        StringBuilder tsv = new StringBuilder("side\tkind\torders\tsegments\tp50_ns\tp99_ns\tp999_ns\tmax_ns\trefused\tlost\trejected\tack_p50_per_round_ns\n");
        for (Totals t : List.of(flox, bare)) {
            for (String kind : List.of("ack", "fill")) {
                Histogram h = kind.equals("ack") ? t.ack : t.fill;
                tsv.append(t.name).append('\t').append(kind).append('\t').append(t.orders).append('\t').append(t.segments).append('\t')
                        .append(h.getValueAtPercentile(50)).append('\t').append(h.getValueAtPercentile(99)).append('\t')
                        .append(h.getValueAtPercentile(99.9)).append('\t').append(h.getMaxValue()).append('\t').append(t.refused).append('\t')
                        .append(t.lost).append('\t').append(t.rejects).append('\t').append(t.ackP50s).append('\n');
            }
        }
        Files.writeString(out.resolve("latency-" + idle + ".tsv"), tsv, StandardCharsets.UTF_8);

        StringBuilder md = new StringBuilder("## Flox's sending thread: send.idle = " + idle + switch (idle) {
            case "park" -> " (the default: it sleeps when idle and each order after a pause wakes it)\n\n";
            case "yield" -> " (it never sleeps but yields its core to any other runnable thread: no wake-up)\n\n";
            default -> " (it never sleeps: a core held)\n\n";
        });
        md.append(String.format(Locale.ROOT, "Same run, same acceptor (QuickFIX/J example executor 2.3.1, its own process, loopback), paced at %,d "
                + "orders/s, %d rounds of %d s per contender (alternating, after a warm-up of %d s each, alternating too); times from each order's intended start "
                + "(coordinated omission corrected). Flox: OrderGateway.submit -> tracker -> order ring -> sending thread -> Session.send "
                + "... ExecutionReport -> decoded -> tracker -> sync execution bus -> subscriber. Bare: Session.send on the caller's thread "
                + "... fromApp. Both on QuickFIX/J 2.3.2 with the same session settings.%n%n", rate, rounds, seconds, warmupSeconds));
        md.append("| case | flox | quickfixj | ratio |\n|---|---:|---:|---:|\n");
        row(md, "ack p50 (us)", flox.ack.getValueAtPercentile(50), bare.ack.getValueAtPercentile(50));
        row(md, "ack p99 (us)", flox.ack.getValueAtPercentile(99), bare.ack.getValueAtPercentile(99));
        row(md, "ack p99.9 (us)", flox.ack.getValueAtPercentile(99.9), bare.ack.getValueAtPercentile(99.9));
        row(md, "fill p50 (us)", flox.fill.getValueAtPercentile(50), bare.fill.getValueAtPercentile(50));
        row(md, "fill p99 (us)", flox.fill.getValueAtPercentile(99), bare.fill.getValueAtPercentile(99));
        row(md, "fill p99.9 (us)", flox.fill.getValueAtPercentile(99.9), bare.fill.getValueAtPercentile(99.9));
        md.append("\nratio = quickfixj / flox (latency: >= 1 means Flox is as fast or faster).\n\n");
        md.append("| | flox | quickfixj |\n|---|---:|---:|\n");
        md.append(String.format(Locale.ROOT, "| orders (segments) | %,d (%d) | %,d (%d) |%n", flox.orders, flox.segments, bare.orders, bare.segments));
        md.append(String.format(Locale.ROOT, "| refused at submit / rejected / lost | %d / %d / %d | %d / %d / %d |%n", flox.refused, flox.rejects, flox.lost,
                bare.refused, bare.rejects, bare.lost));
        md.append(String.format(Locale.ROOT, "| ack p50 per round (us) | %s | %s |%n", us(flox.ackP50s), us(bare.ackP50s)));
        md.append(String.format(Locale.ROOT, "| ack p99 per round (us) | %s | %s |%n", us(flox.ackP99s), us(bare.ackP99s)));
        md.append(String.format(Locale.ROOT, "| caller's thread, B/order | %.1f | %.1f |%n", per(flox.callerBytes, flox.orders), per(bare.callerBytes, bare.orders)));
        md.append(String.format(Locale.ROOT, "| sending thread, B/order | %.1f | (the caller's) |%n", per(flox.senderBytes, flox.orders)));
        md.append(String.format(Locale.ROOT, "| receiving thread, B/order (ack + fill) | %.1f | %.1f |%n", per(flox.receiverBytes, flox.orders),
                per(bare.receiverBytes, bare.orders)));
        md.append(String.format(Locale.ROOT, "| worst lag behind schedule (us) | %.1f | %.1f |%n", flox.maxLagNs / 1e3, bare.maxLagNs / 1e3));
        double floxSend = per(flox.callerBytes + flox.senderBytes, flox.orders), bareSend = per(bare.callerBytes, bare.orders);
        double floxReceive = per(flox.receiverBytes, flox.orders), bareReceive = per(bare.receiverBytes, bare.orders);
        md.append(String.format(Locale.ROOT, "%nAllocation: QuickFIX/J's own is the bare client's (%.0f B an order to send, %.0f B to receive the ack "
                + "and the fill). Flox's beyond it, same run: %+.0f B an order on the send side (caller + sending thread), %+.0f B on the receive "
                + "side.%n", bareSend, bareReceive, floxSend - bareSend, floxReceive - bareReceive));
        double p50 = ratio(bare.ack.getValueAtPercentile(50), flox.ack.getValueAtPercentile(50));
        double p99 = ratio(bare.ack.getValueAtPercentile(99), flox.ack.getValueAtPercentile(99));
        boolean measured = flox.orders > 0 && bare.orders > 0 && flox.lost == 0 && bare.lost == 0;
        md.append(String.format(Locale.ROOT, "%nTarget (issue 15): round trip through Flox <= 1.1x the bare client's p50 and p99 (ratio >= 0.91): "
                + "ack p50 %.2f, p99 %.2f: **%s**%n", p50, p99, !measured ? "NOT MEASURED" : p50 >= 0.91 && p99 >= 0.91 ? "PASS" : "FAIL"));
        Files.writeString(out.resolve("summary-" + idle + ".md"), md, StandardCharsets.UTF_8);
        System.out.print(md);
    }

    private static void row(StringBuilder md, String name, long flox, long bare) {
        md.append(String.format(Locale.ROOT, "| %s | %.1f | %.1f | %.2f |%n", name, flox / 1e3, bare / 1e3, ratio(bare, flox)));
    }

    private static double ratio(long bare, long flox) {
        return flox == 0 ? Double.NaN : (double) bare / flox;
    }

    private static double per(long bytes, long orders) {
        return orders == 0 ? Double.NaN : (double) bytes / orders;
    }

    private static String us(List<Long> ns) {
        StringBuilder b = new StringBuilder();
        for (long v : ns) b.append(b.length() == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.0f", v / 1e3));
        return b.toString();
    }
}
