package flox.bench.bus;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what {@code ./flox bench bus} left in a results directory (JMH CSV files
 * {@code throughput*.csv}, the throughput side file {@code sidecar.tsv}, {@code latency.tsv},
 * {@code env.txt}) and prints the side-by-side markdown table {@code case | flox | disruptor |
 * ratio | flox B/op}, ratio oriented so that higher is better for Flox (flox/disruptor for
 * throughput, disruptor/flox for latency), followed by the targets and the conditions of the
 * run. Also writes it to {@code summary.md} in that directory.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.bus.BusReport DIR}
 */
public final class BusReport {
    private final Map<String, Double> score = new HashMap<>();
    private final Map<String, Double> gcNorm = new HashMap<>();
    private final Map<String, String[]> side = new HashMap<>();
    private final Map<String, String[]> latency = new HashMap<>();
    private final List<String> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    /** A round trip at or above this is the slow regime; at or above {@link #BUSY_NS}, a busy machine. */
    private static final long SLOW_NS = 150;
    private static final long BUSY_NS = 1_000;
    private boolean regimeMismatch;

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: BusReport RESULTS_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        BusReport r = new BusReport();
        r.read(dir);
        String text = r.render(dir);
        Files.writeString(dir.resolve("summary.md"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }

    private static String key(String impl, String fanOut, String idle) {
        return impl + "|" + fanOut + "|" + idle;
    }

    // ------------------------------------------------------------------ input

    private void read(Path dir) throws IOException {
        try (DirectoryStream<Path> csvs = Files.newDirectoryStream(dir, "throughput*.csv")) {
            for (Path csv : csvs) readJmhCsv(csv);
        }
        Path sidecar = dir.resolve("sidecar.tsv");
        if (Files.exists(sidecar)) {
            for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 8) side.put(key(f[0], f[1], f[2]), f);
            }
        }
        Path lat = dir.resolve("latency.tsv");
        if (Files.exists(lat)) {
            for (String line : Files.readAllLines(lat, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 12) latency.put(f[0] + "|" + f[1] + "|" + f[2], f);
            }
        }
    }

    private void readJmhCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return;
        List<String> header = splitCsv(lines.get(0));
        int bench = header.indexOf("Benchmark"), sc = header.indexOf("Score");
        int impl = header.indexOf("Param: impl"), fan = header.indexOf("Param: fanOut"), idle = header.indexOf("Param: idle");
        if (bench < 0 || sc < 0 || impl < 0 || fan < 0 || idle < 0) return;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = splitCsv(line);
            if (f.size() < header.size()) continue;
            String k = key(f.get(impl), f.get(fan), f.get(idle));
            double v = parse(f.get(sc));
            if (f.get(bench).endsWith(".publish")) score.put(k, v);
            else if (f.get(bench).endsWith(":gc.alloc.rate.norm")) gcNorm.put(k, v);
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    public static List<String> splitCsv(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '"') {
                if (quoted && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else {
                    quoted = !quoted;
                }
            } else if (c == ',' && !quoted) {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }

    // ------------------------------------------------------------------ output

    private String render(Path dir) throws IOException {
        // headline throughput
        Double r11 = throughputRow("1→1 async, yielding (2 threads) [M ev/s]", "flox", "1", "yielding", "disruptor", "1", "yielding");
        Double r11b = throughputRow("1→1 async, busy-spin (2 threads) [M ev/s]", "flox", "1", "busy-spin", "disruptor", "1", "busy-spin");
        Double r14 = throughputRow("1→4 fan-out async, yielding (5 threads) [M ev/s]", "flox", "4", "yielding", "disruptor", "4", "yielding");
        // latency
        Double p99Busy = null, p99Yield = null;
        for (String idle : new String[] {"busy-spin", "yielding"}) {
            for (String rate : new String[] {"1000000", "0"}) {
                String what = "0".equals(rate) ? "saturation" : "paced " + rate(rate);
                String[] fl = latency.get("flox|" + idle + "|" + rate), dl = latency.get("disruptor|" + idle + "|" + rate);
                String[] names = {"p50", "p99", "p99.9"};
                for (int p = 0; p < 3; p++) {
                    Double ratio = latencyRow("one-hop " + names[p] + ", " + what + ", " + idle, fl, dl, 4 + p);
                    if (p == 1 && !"0".equals(rate)) {
                        if (idle.equals("busy-spin")) p99Busy = ratio; else p99Yield = ratio;
                    }
                }
                if (fl != null && dl != null && !"0".equals(rate)) {
                    notes.add(String.format(Locale.ROOT, "paced %s, %s: achieved %s (flox) / %s (disruptor) ev/s over %s / %s events",
                            rate(rate), idle, fmtCount(fl[8]), fmtCount(dl[8]), fmtCount(fl[3]), fmtCount(dl[3])));
                }
                if (fl != null && dl != null && fl.length >= 14 && dl.length >= 14) {
                    notes.add(String.format(Locale.ROOT, "%s, %s: median of the segments' own p99 %s / %s ns (flox / disruptor);"
                            + " JIT compilation during kept segments %s / %s ms%s", what, idle, fmtCount(fl[12]), fmtCount(dl[12]), fl[13], dl[13],
                            fl.length >= 17 && dl.length >= 17 ? String.format(Locale.ROOT, "; segments measured again for other processes' CPU %s / %s,"
                                    + " for the JIT %s / %s; kept although disturbed %s / %s", fl[14], dl[14], fl[15], dl[15], fl[16], dl[16]) : ""));
                }
            }
        }
        // scaling with subscriber count
        for (String n : new String[] {"1", "2", "4", "8", "16"}) {
            throughputRow("1→" + n + " sync: flox publisher delivers (1 thread) vs disruptor async yielding (" + (1 + Integer.parseInt(n))
                    + " threads) [M ev/s]", "flox-sync", n, "yielding", "disruptor", n, "yielding");
        }
        for (String n : new String[] {"2", "8", "16"}) {
            throughputRow("1→" + n + " async, yielding (" + (1 + Integer.parseInt(n)) + " threads) [M ev/s]", "flox", n, "yielding",
                    "disruptor", n, "yielding");
        }

        StringBuilder out = new StringBuilder();
        out.append("\n## Flox bus vs LMAX Disruptor 4.0.0 (").append(dir.getFileName()).append(")\n\n");
        out.append("| case | flox | disruptor | ratio | flox B/op |\n|---|---:|---:|---:|---:|\n");
        for (String row : rows) out.append(row).append('\n');
        out.append("\nratio: higher is better for Flox (flox/disruptor for throughput, disruptor/flox for latency).\n");
        out.append("rt F/D: worst core-to-core round trip probed before and after the Flox / Disruptor fork (< 150 ns: fast regime;\n");
        out.append("< 1 µs: slow regime; more: a busy machine, another process held a core).");
        out.append(regimeMismatch ? " †: the two forks ran in different conditions; that ratio is not comparable.\n" : "\n");
        out.append("flox B/op: bytes allocated per event by the publishing and delivering threads (ThreadMXBean, measurement only);\n");
        out.append("in brackets JMH -prof gc gc.alloc.rate.norm, which counts every thread of the JVM including the harness\n");
        out.append("and the bus stop at the end of the last iteration.\n");

        targets.add(target("async 1→1 throughput ≥ 1.0× Disruptor (yielding)", r11, 1.0));
        targets.add(target("async 1→1 throughput ≥ 1.0× Disruptor (busy-spin)", r11b, 1.0));
        targets.add(target("async 1→4 throughput ≥ 0.8× Disruptor", r14, 0.8));
        targets.add(target("one-hop p99 at 1 M ev/s ≤ Disruptor's (busy-spin)", p99Busy, 1.0));
        targets.add(target("one-hop p99 at 1 M ev/s ≤ Disruptor's (yielding)", p99Yield, 1.0));
        targets.add(allocationTarget());
        out.append("\n### Targets\n\n");
        for (String t : targets) out.append("- ").append(t).append('\n');

        out.append("\n### Conditions\n\n");
        out.append("- Both: ring 4096, multi-producer (Disruptor ProducerType.MULTI), the same TradeEvent payload copied into a\n"
                + "  preallocated entry on publish, the same subscriber code; Flox subscribers \"lossless\" (required).\n"
                + "- Wait strategies: Flox idle \"yielding\" (spin 100 then yield while its agents + 1 fit the cores, else yield) vs YieldingWaitStrategy (spin 100 then yield); \"busy-spin\" vs\n"
                + "  BusySpinWaitStrategy only where threads ≤ 2 cores. A full ring: the Flox publisher spins, then parks 1-32 µs;\n"
                + "  the Disruptor's multi-producer claim parks 1 ns at a time (LockSupport.parkNanos(1)).\n"
                + "- Throughput: JMH, 1 fork per case, 2 × 1 s warm-up, 3 × 1 s measurement; contenders of a fan-out run back to back.\n"
                + "- Latency: one JVM, fresh bus per segment (0.3 s warm-up, 0.8 s measured), contenders alternate (the first one\n"
                + "  alternates by round), histograms summed over the rounds (10 in ./flox bench bus); the publisher stamps nanoTime just before publish.\n"
                + "  Warm-up runs every measured path once per configuration; each segment starts measuring once the JIT has been idle for 100 ms\n"
                + "  (at most 3 s). A segment during which other processes took > 50 ms of CPU or the JIT compiled for > 20 ms is measured\n"
                + "  again, up to 3 times, by the same rule for both (a compilation or another process takes one of the 2 cores).\n");
        long rtMin = Long.MAX_VALUE, rtMax = 0;
        for (String[] f : side.values()) {
            for (int i = 3; i <= 4; i++) {
                long v = Long.parseLong(f[i]);
                rtMin = Math.min(rtMin, v);
                rtMax = Math.max(rtMax, v);
            }
        }
        for (String[] f : latency.values()) {
            rtMin = Math.min(rtMin, Long.parseLong(f[9]));
            rtMax = Math.max(rtMax, Long.parseLong(f[10]));
        }
        if (rtMax > 0) {
            out.append("- Core-to-core round trip probed around every fork and latency segment: ").append(rtMin).append(" - ")
                    .append(rtMax).append(" ns (fast regime ~70 ns, slow ~400 ns; higher: other load on the machine).\n");
        }
        for (String n : notes) out.append("- ").append(n).append('\n');
        Path env = dir.resolve("env.txt");
        if (Files.exists(env)) {
            for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                out.append("- ").append(line).append('\n');
                String marker = "CPU busy before the run (other processes, 1 s sample): ";
                int at = line.indexOf(marker);
                if (at >= 0) {
                    double busy = parse(line.substring(at + marker.length()).replace("%", "").trim());
                    if (busy >= 15) {
                        out.append("- **WARNING: other processes kept the machine ").append((int) busy)
                                .append(" % busy before the run: they compete for the 2 cores, so cross-thread figures are unreliable,"
                                        + " latency most of all. Re-run on a quiet machine.**\n");
                    }
                }
            }
        }
        return out.toString();
    }

    private Double throughputRow(String label, String fImpl, String fFan, String fIdle, String dImpl, String dFan, String dIdle) {
        String fk = key(fImpl, fFan, fIdle), dk = key(dImpl, dFan, dIdle);
        Double f = score.get(fk), d = score.get(dk);
        Double ratio = f != null && d != null && d > 0 ? f / d : null;
        rows.add("| " + label + regimes(fk, dk) + " | " + (f == null ? "failed/missing" : fmt(f / 1e6)) + " | "
                + (d == null ? "failed/missing" : fmt(d / 1e6)) + " | " + (ratio == null ? "-" : fmt(ratio)) + " | " + bytes(fk) + " |");
        return ratio;
    }

    /**
     * " · rt F/D ns": the worst core-to-core round trip probed around each contender's fork
     * (the machine regime it ran in), and a dagger when the two ran in different regimes.
     */
    private String regimes(String fk, String dk) {
        String[] f = side.get(fk), d = side.get(dk);
        if (f == null || d == null) return "";
        long rf = Math.max(Long.parseLong(f[3]), Long.parseLong(f[4]));
        long rd = Math.max(Long.parseLong(d[3]), Long.parseLong(d[4]));
        boolean differ = regime(rf) != regime(rd);
        if (differ) regimeMismatch = true;
        return " · rt " + rf + "/" + rd + " ns" + (differ ? " †" : "");
    }

    private String bytes(String k) {
        String[] s = side.get(k);
        Double gc = gcNorm.get(k);
        String own = s == null ? "?" : String.format(Locale.ROOT, "%.3f", Double.parseDouble(s[5]));
        return gc == null ? own : own + String.format(Locale.ROOT, " (gc %.3f)", gc);
    }

    /** 0 fast, 1 slow, 2 busy (another process held a core while the probe ran). */
    private static int regime(long roundTripNs) {
        return roundTripNs < SLOW_NS ? 0 : roundTripNs < BUSY_NS ? 1 : 2;
    }

    private Double latencyRow(String label, String[] fl, String[] dl, int col) {
        Long f = fl == null ? null : Long.parseLong(fl[col]);
        Long d = dl == null ? null : Long.parseLong(dl[col]);
        Double ratio = f != null && d != null && f > 0 ? (double) d / f : null;
        rows.add("| " + label + " | " + (f == null ? "missing" : fmtNs(f)) + " | " + (d == null ? "missing" : fmtNs(d)) + " | "
                + (ratio == null ? "-" : fmt(ratio)) + " | "
                + (fl == null ? "?" : String.format(Locale.ROOT, "%.3f", Double.parseDouble(fl[11]))) + " |");
        return ratio;
    }

    private String allocationTarget() {
        double worst = 0;
        String where = "";
        for (Map.Entry<String, String[]> e : side.entrySet()) {
            if (!e.getKey().startsWith("flox")) continue;
            double v = Double.parseDouble(e.getValue()[5]);
            if (v >= worst) {
                worst = v;
                where = e.getKey();
            }
        }
        for (Map.Entry<String, String[]> e : latency.entrySet()) {
            if (!e.getKey().startsWith("flox")) continue;
            double v = Double.parseDouble(e.getValue()[11]);
            if (v >= worst) {
                worst = v;
                where = e.getKey();
            }
        }
        boolean ok = worst < 0.01; // < 1 byte per 100 events: nothing allocated per event
        return (ok ? "PASS" : "FAIL") + String.format(Locale.ROOT, ": 0 B/op publish and delivery, sync and async (worst %.4f B/event, %s)",
                worst, where.replace('|', ' '));
    }

    private static String target(String what, Double ratio, double min) {
        if (ratio == null) return "n/a: " + what + " (missing result)";
        return (ratio >= min ? "PASS" : "FAIL") + ": " + what + " — ratio " + fmt(ratio);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, v >= 100 ? "%.0f" : v >= 10 ? "%.1f" : "%.2f", v);
    }

    public static String fmtNs(long ns) {
        if (ns < 10_000) return ns + " ns";
        if (ns < 1_000_000) return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
        return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
    }

    private static String rate(String perSecond) {
        long r = Long.parseLong(perSecond);
        return r % 1_000_000 == 0 ? r / 1_000_000 + " M ev/s" : fmtCount(perSecond) + " ev/s";
    }

    private static String fmtCount(String n) {
        return String.format(Locale.ROOT, "%,d", Long.parseLong(n));
    }
}
