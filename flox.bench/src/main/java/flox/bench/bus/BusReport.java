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
 * {@code env.txt}) and prints the sync rows beside a plain loop calling the same subscribers (no
 * Disruptor ratio: an in-thread call is not a cross-thread ring), then the side-by-side markdown
 * table {@code case | flox | disruptor | ratio | flox B/op}, ratio oriented so that higher is
 * better for Flox (flox/disruptor for throughput, disruptor/flox for latency), the targets of
 * issue 12 and the conditions of the run. Also writes it to {@code summary.md} in that
 * directory.
 *
 * <p>Every case names the peer's producer type ({@code SINGLE} for one publisher, {@code MULTI}
 * for its own rows and for two publishers) and the publisher count. A target whose row is
 * missing or marked † (the two contenders ran in different machine regimes) is "not measured",
 * never PASS or FAIL; the allocation check fails when a Flox case has no allocation figure.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.bus.BusReport DIR}
 */
public final class BusReport {
    static final String[] RINGS = {"4096", "65536"};
    private static final String SINGLE = "disruptor-single";
    private static final String MULTI = "disruptor-multi";
    /** Below this many bytes per event nothing is allocated per event (less than 1 byte per 100 events). */
    private static final double ZERO_BYTES = 0.01;

    private final Map<String, Double> score = new HashMap<>();
    private final Map<String, Double> gcNorm = new HashMap<>();
    private final Map<String, String[]> side = new HashMap<>();
    private final Map<String, String[]> latency = new HashMap<>();
    /** BusPairedThroughput's windows: "pubs|subs|idle|ring|impl|regime" to the rates (events/s). */
    private final Map<String, List<Double>> paired = new HashMap<>();
    private final List<String> pairedRows = new ArrayList<>();
    /** Windows per contender and regime needed before a regime is compared. */
    static final int MIN_WINDOWS = 2;
    private final List<String> rows = new ArrayList<>();
    private final List<String> syncRows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    /** Flox cases shown in the tables: each must have an allocation figure. */
    private final Map<String, String> floxCases = new java.util.LinkedHashMap<>();
    private boolean regimeMismatch;

    /** One throughput comparison: figures, ratio (null when missing), and whether it is comparable. */
    static final class Row {
        final Double flox;
        final Double peer;
        final Double ratio;
        final boolean dagger;

        Row(Double flox, Double peer, Double ratio, boolean dagger) {
            this.flox = flox;
            this.peer = peer;
            this.ratio = ratio;
            this.dagger = dagger;
        }
    }

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

    /** impl|fanOut|idle|ring|publishers */
    static String key(String impl, String fanOut, String idle, String ring, int publishers) {
        return impl + "|" + fanOut + "|" + idle + "|" + ring + "|" + publishers;
    }

    // ------------------------------------------------------------------ input

    void read(Path dir) throws IOException {
        try (DirectoryStream<Path> csvs = Files.newDirectoryStream(dir, "throughput*.csv")) {
            for (Path csv : csvs) readJmhCsv(csv);
        }
        Path sidecar = dir.resolve("sidecar.tsv");
        if (Files.exists(sidecar)) {
            for (String line : Files.readAllLines(sidecar, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 10) side.put(key(f[0], f[1], f[2], f[3], Integer.parseInt(f[4])), f);
            }
        }
        Path pairedFile = dir.resolve("paired.tsv");
        if (Files.exists(pairedFile)) {
            for (String line : Files.readAllLines(pairedFile, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length < 10 || "mixed".equals(f[6])) continue;
                paired.computeIfAbsent(String.join("|", f[0], f[1], f[2], f[3], f[4], f[6]), k -> new ArrayList<>()).add(parse(f[7]));
            }
        }
        Path lat = dir.resolve("latency.tsv");
        if (Files.exists(lat)) {
            for (String line : Files.readAllLines(lat, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 19) latency.put(f[0] + "|" + f[1] + "|" + f[2], f);
            }
        }
    }

    private void readJmhCsv(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
        if (lines.isEmpty()) return;
        List<String> header = splitCsv(lines.get(0));
        int bench = header.indexOf("Benchmark"), sc = header.indexOf("Score");
        int impl = header.indexOf("Param: impl"), fan = header.indexOf("Param: fanOut"), idle = header.indexOf("Param: idle");
        int ring = header.indexOf("Param: ringSize");
        if (bench < 0 || sc < 0 || impl < 0 || fan < 0 || idle < 0 || ring < 0) return;
        for (String line : lines.subList(1, lines.size())) {
            List<String> f = splitCsv(line);
            if (f.size() < header.size()) continue;
            String name = f.get(bench);
            int publishers = name.contains(".twoPublishers") ? 2 : 1;
            String k = key(f.get(impl), f.get(fan), f.get(idle), f.get(ring), publishers);
            double v = parse(f.get(sc));
            if (name.endsWith("Publisher") || name.endsWith("Publishers")) score.put(k, v);
            else if (name.endsWith(":gc.alloc.rate.norm")) gcNorm.put(k, v);
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

    String render(Path dir) throws IOException {
        Map<String, Row> t = new HashMap<>();
        for (String ring : RINGS) {
            String r = " ring " + String.format(Locale.ROOT, "%,d", Integer.parseInt(ring));
            t.put("11busy" + ring, throughputRow("1 pub → 1 sub async, busy-spin (2 threads)," + r + ", vs SINGLE [M ev/s]",
                    key("flox", "1", "busy-spin", ring, 1), key(SINGLE, "1", "busy-spin", ring, 1)));
            throughputRow("1 pub → 1 sub async, busy-spin (2 threads)," + r + ", vs MULTI [M ev/s]",
                    key("flox", "1", "busy-spin", ring, 1), key(MULTI, "1", "busy-spin", ring, 1));
            t.put("11yield" + ring, throughputRow("1 pub → 1 sub async, yielding (2 threads)," + r + ", vs SINGLE [M ev/s]",
                    key("flox", "1", "yielding", ring, 1), key(SINGLE, "1", "yielding", ring, 1)));
            throughputRow("1 pub → 1 sub async, yielding (2 threads)," + r + ", vs MULTI [M ev/s]",
                    key("flox", "1", "yielding", ring, 1), key(MULTI, "1", "yielding", ring, 1));
            t.put("14" + ring, throughputRow("1 pub → 4 sub fan-out async, yielding (5 threads)," + r + ", vs SINGLE [M ev/s]",
                    key("flox", "4", "yielding", ring, 1), key(SINGLE, "4", "yielding", ring, 1)));
            throughputRow("1 pub → 4 sub fan-out async, yielding (5 threads)," + r + ", vs MULTI [M ev/s]",
                    key("flox", "4", "yielding", ring, 1), key(MULTI, "4", "yielding", ring, 1));
            t.put("21" + ring, throughputRow("2 pub → 1 sub async, yielding (3 threads)," + r + ", vs MULTI [M ev/s]",
                    key("flox", "1", "yielding", ring, 2), key(MULTI, "1", "yielding", ring, 2)));
        }
        for (String n : new String[] {"2", "8", "16"}) {
            throughputRow("1 pub → " + n + " sub async, yielding (" + (1 + Integer.parseInt(n)) + " threads), ring 4,096, vs SINGLE [M ev/s]",
                    key("flox", n, "yielding", "4096", 1), key(SINGLE, n, "yielding", "4096", 1));
        }
        // latency: one publisher, ring 4096
        Map<String, String> p50Verdict = new HashMap<>();
        Map<String, String> p50Disturbed = new HashMap<>();
        List<String> p99Lines = new ArrayList<>();
        for (String idle : new String[] {"busy-spin", "yielding"}) {
            for (String rate : new String[] {"1000000", "0"}) {
                String what = "0".equals(rate) ? "saturation" : "paced " + rate(rate);
                String[] fl = latency.get("flox|" + idle + "|" + rate);
                floxCases.put("latency|" + idle + "|" + rate, "1 pub → 1 sub one-hop " + what + ", " + idle);
                for (String peer : new String[] {SINGLE, MULTI}) {
                    String[] dl = latency.get(peer + "|" + idle + "|" + rate);
                    String[] names = {"p50", "p99", "p99.9"};
                    for (int p = 0; p < 3; p++) {
                        Double ratio = latencyRow("1 pub → 1 sub one-hop " + names[p] + ", " + what + ", " + idle + ", ring 4,096, vs "
                                + (peer.equals(SINGLE) ? "SINGLE" : "MULTI"), fl, dl, 4 + p);
                        if (peer.equals(SINGLE) && !"0".equals(rate) && p == 0) {
                            p50Verdict.put(idle, p50ByRegime("1 pub → 1 sub one-hop p50, " + what + ", " + idle + ", ring 4,096, vs SINGLE",
                                    "one-hop p50 at a paced 1 M ev/s ≤ SINGLE's, " + idle, fl, dl, ratio));
                            if (fl != null && dl != null && (!"0".equals(fl[16]) || !"0".equals(dl[16]))) {
                                p50Disturbed.put(idle, String.format(Locale.ROOT, "; segments kept although other processes or the JIT"
                                        + " disturbed them: %s of %s (flox), %s of %s (SINGLE)", fl[16], fl[17], dl[16], dl[17]));
                            }
                        }
                    }
                    if (peer.equals(SINGLE) && !"0".equals(rate)) {
                        p99Lines.add(fl == null || dl == null ? "one-hop p99, " + what + ", " + idle + ": missing"
                                : String.format(Locale.ROOT, "one-hop p99, %s, %s: Flox %s over %s segments, SINGLE %s over %s segments"
                                        + " (medians of the segments' own p99 %s / %s)", what, idle, fmtNs(Long.parseLong(fl[5])), fl[17],
                                        fmtNs(Long.parseLong(dl[5])), dl[17], fmtNs(Long.parseLong(fl[12])), fmtNs(Long.parseLong(dl[12]))));
                    }
                    if (fl != null && dl != null) {
                        notes.add(String.format(Locale.ROOT, "%s, %s, flox / %s: %s / %s events over %s / %s segments%s;"
                                        + " median of the segments' own p99 %s / %s ns; JIT during kept segments %s / %s ms;"
                                        + " measured again for other processes' CPU %s / %s, for the JIT %s / %s; kept although disturbed %s / %s",
                                what, idle, peer, fmtCount(fl[3]), fmtCount(dl[3]), fl[17], dl[17],
                                "0".equals(rate) ? "" : String.format(Locale.ROOT, "; publisher's worst lag behind schedule %s / %s (its backlog is recorded, not dropped)",
                                        fmtNs(Long.parseLong(fl[18])), fmtNs(Long.parseLong(dl[18]))),
                                fmtCount(fl[12]), fmtCount(dl[12]), fl[13], dl[13], fl[14], dl[14], fl[15], dl[15], fl[16], dl[16]));
                    }
                }
            }
        }
        // sync: the publisher delivers; the floor is a plain loop calling the same subscribers
        for (String n : new String[] {"1", "2", "4", "8", "16"}) {
            syncRow("1 pub → " + n + " sub sync (1 thread: the publisher delivers)", key("flox-sync", n, "yielding", "4096", 1),
                    key("loop", n, "yielding", "4096", 1));
        }

        StringBuilder out = new StringBuilder();
        out.append("\n## Flox bus vs LMAX Disruptor 4.0.0 (").append(dir.getFileName()).append(")\n\n");
        out.append("### In-thread delivery (sync mode; no Disruptor peer)\n\n");
        out.append("| case [M ev/s] | flox sync | plain loop | flox/loop | flox B/op |\n|---|---:|---:|---:|---:|\n");
        for (String row : syncRows) out.append(row).append('\n');
        out.append("\nplain loop: the publisher calls the same subscribers with its own event, no bus: the floor of in-thread\n"
                + "delivery. flox/loop is the share of that floor Flox's sync path keeps (1.00 = no cost beyond the calls).\n");

        out.append("\n### Side by side with the Disruptor\n\n");
        out.append("| case | flox | disruptor | ratio | flox B/op |\n|---|---:|---:|---:|---:|\n");
        for (String row : rows) out.append(row).append('\n');
        out.append("\nratio: higher is better for Flox (flox/disruptor for throughput, disruptor/flox for latency). SINGLE / MULTI: the\n"
                + "Disruptor's ProducerType; SINGLE is the peer of one publisher, MULTI of several (and its own row for one).\n");
        out.append("rt F/D: worst core-to-core round trip probed before and after the Flox / Disruptor fork (< 150 ns: fast regime;\n");
        out.append("< 1 µs: slow regime; more: a busy machine, another process held a core).");
        out.append(regimeMismatch ? " †: the two forks ran in different regimes, or another process held a core during one;\n"
                + "that ratio is not comparable and its target is \"not measured\".\n" : "\n");
        out.append("Latency rows: histograms summed over the segments counted in the case (flox / peer), of both machine regimes\n"
                + "unless the row names one; paced rows are timed from each event's intended start, so a publisher's stall is in the figures.\n");
        out.append("flox B/op: bytes allocated per event by the publishing and delivering threads (ThreadMXBean, measurement only);\n");
        out.append("in brackets JMH -prof gc gc.alloc.rate.norm, which counts every thread of the JVM including the harness\n");
        out.append("and the bus stop at the end of the last iteration.\n");

        for (String ring : RINGS) {
            String r = "ring " + String.format(Locale.ROOT, "%,d", Integer.parseInt(ring));
            if (paired.isEmpty()) { // an older results directory: judged on the JMH forks
                targets.add(target("1 pub → 1 sub async ≥ 1.0× SINGLE, busy-spin, " + r, t.get("11busy" + ring), 1.0));
                targets.add(target("1 pub → 1 sub async ≥ 1.0× SINGLE, yielding, " + r, t.get("11yield" + ring), 1.0));
                targets.add(target("1 pub → 4 sub fan-out ≥ 1.0× SINGLE, yielding, " + r, t.get("14" + ring), 1.0));
                targets.add(target("2 pub → 1 sub ≥ 1.0× MULTI, yielding, " + r, t.get("21" + ring), 1.0));
            } else {
                targets.add(pairedTarget("1 pub → 1 sub async ≥ 1.0× SINGLE, busy-spin, " + r, "1", "1", "busy-spin", ring, SINGLE));
                targets.add(pairedTarget("1 pub → 1 sub async ≥ 1.0× SINGLE, yielding, " + r, "1", "1", "yielding", ring, SINGLE));
                targets.add(pairedTarget("1 pub → 4 sub fan-out ≥ 1.0× SINGLE, yielding, " + r, "1", "4", "yielding", ring, SINGLE));
                targets.add(pairedTarget("2 pub → 1 sub ≥ 1.0× MULTI, yielding, " + r, "2", "1", "yielding", ring, MULTI));
            }
        }
        for (String idle : new String[] {"busy-spin", "yielding"}) {
            targets.add(p50Verdict.getOrDefault(idle, "not measured: one-hop p50 at a paced 1 M ev/s ≤ SINGLE's, " + idle + " (result missing)")
                    + p50Disturbed.getOrDefault(idle, ""));
        }
        for (String l : p99Lines) targets.add("reported, no target: " + l);
        targets.add(allocationTarget());
        if (!pairedRows.isEmpty()) {
            out.append("\n### Throughput in paired windows, by machine regime (what the throughput targets are judged on)\n\n");
            out.append("| case | regime | flox [M ev/s] | peer [M ev/s] | ratio |\n|---|---|---:|---:|---:|\n");
            for (String row : pairedRows) out.append(row).append('\n');
            out.append("\nEach window a fresh bus or Disruptor: round trip probed, warm-up, 1 s counted, drained (every subscriber checks each\n"
                    + "publisher's order), stopped, probed again; the contenders alternate, the first one by round. Figures: the median of the\n"
                    + "windows kept in that regime (count in brackets); a window whose probes disagree is measured again (up to 3 times) and\n"
                    + "then left out. A regime is compared when both contenders kept at least " + MIN_WINDOWS + " windows in it. The JMH rows above\n"
                    + "run each contender in its own 5 s fork, within which the machine may change regime unseen: reported, not judged.\n");
        }
        out.append("\n### Targets (issue 12)\n\n");
        for (String x : targets) out.append("- ").append(x).append('\n');
        out.append("\np99 has no target: on a 2-vCPU machine it is decided by which thread loses a core.\n");

        out.append("\n### Conditions\n\n");
        out.append("- Both: the same ring size (4,096 and 65,536 rows for throughput; latency at 4,096), the same TradeEvent payload copied\n"
                + "  into a preallocated entry on publish, one event per publish call (no batch publishing on either side), the same\n"
                + "  subscriber code, one consumer thread per subscriber; Flox subscribers \"lossless\" (required), every Disruptor handler gates.\n"
                + "- Producers: Disruptor SINGLE (no locked instruction; one publishing thread only) for one publisher, MULTI (CAS claim)\n"
                + "  as its own row and for two publishers. Flox: one publisher on its one-publisher ring (publishers=single: a plain\n"
                + "  claim, one release store per publish), two on its many-to-many ring (a claim by CAS on the cursor).\n"
                + "- Consumer batches: the Disruptor's BatchEventProcessor hands a handler everything published since its last turn\n"
                + "  (its default maxBatchSize, unbounded, i.e. up to a ring) and stores its sequence once per batch; a Flox agent\n"
                + "  delivers at most " + floxBatch() + " events a turn (reading up to the cursor with one publisher, checking each slot's\n"
                + "  published mark with two) and stores its position once per\n"
                + "  turn. Align them with `-p impl=disruptor-single/batch=" + floxBatch() + "` (any Disruptor impl takes `/batch=N`).\n"
                + "- Wait strategies: Flox idle \"yielding\" (spin then yield) vs YieldingWaitStrategy (spin 100 then yield); \"busy-spin\"\n"
                + "  vs BusySpinWaitStrategy only where threads ≤ 2 cores. A full ring: the Flox publisher spins, then parks 1-32 µs;\n"
                + "  the Disruptor's claim parks 1 ns at a time (LockSupport.parkNanos(1)).\n"
                + "- Throughput: JMH, 1 fork per case, 2 × 1 s warm-up, 3 × 1 s measurement; the contenders of a case run back to back\n"
                + "  (the side-by-side table). The targets: BusPairedThroughput, 3 JVMs per case of 3 rounds each (as JMH forks per\n"
                + "  benchmark: no case's JIT profile shapes another's, and the JVM-to-JVM spread is in the figures), both contenders\n"
                + "  in each, in windows of a fresh contender each (0.4 s warm-up, 1 s counted), contenders alternating, probed and classified by\n"
                + "  regime as the latency segments are; the publishing loop is JMH's (a volatile stop flag read per event).\n"
                + "  Two publishers: two JMH threads on one bus, each numbering its own trades; every subscriber checks each one's order.\n"
                + "- Latency: one JVM, fresh bus per segment (0.3 s warm-up, 0.8 s measured), contenders alternate (the first one\n"
                + "  alternates by round), histograms summed over the rounds (10 in ./flox bench bus). Paced: each event is stamped\n"
                + "  with its intended start from the schedule (start + i / rate); a publisher behind schedule sends its backlog late\n"
                + "  and each late event records its wait (no dropping; coordinated omission corrected). Saturation: stamped just\n"
                + "  before each publish call. Warm-up runs every measured path once per configuration; each segment starts measuring\n"
                + "  once the JIT has been idle for 100 ms (at most 3 s). A segment during which other processes took > 50 ms of CPU\n"
                + "  or the JIT compiled for > 20 ms is measured again, up to 3 times, by the same rule for both; so is one whose\n"
                + "  core-to-core round trip, probed before and after it, changed regime (fast < 150 ns ≤ slow < 1 µs). The p50 target\n"
                + "  is judged within each regime in which both contenders kept segments (the VM flips between them every few seconds\n"
                + "  to minutes and a p50 moves about 3x with it, so a p50 over both regimes measures the mix); the summed rows are\n"
                + "  reported beside it.\n");
        long rtMin = Long.MAX_VALUE, rtMax = 0;
        for (String[] f : side.values()) {
            for (int i = 5; i <= 6; i++) {
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
                    String rest = line.substring(at + marker.length());
                    int pct = rest.indexOf('%');
                    double busy = parse(pct < 0 ? rest.trim() : rest.substring(0, pct).trim());
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

    /** Flox's per-turn delivery limit, read from the bus (its agent's BATCH_LIMIT); "?" if it moved. */
    private static String floxBatch() {
        try {
            java.lang.reflect.Field f = Class.forName("flox.bus.internal.delivery.SubscriberAgent").getDeclaredField("BATCH_LIMIT");
            f.setAccessible(true);
            return Integer.toString(f.getInt(null));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return "?"; // moved or renamed
        }
    }

    private Row throughputRow(String label, String fk, String dk) {
        int vs = label.indexOf(", vs ");
        floxCases.put(fk, vs < 0 ? label : label.substring(0, vs));
        Double f = score.get(fk), d = score.get(dk);
        Double ratio = f != null && d != null && d > 0 ? f / d : null;
        String[] reg = regimes(fk, dk);
        boolean dagger = reg[1] != null;
        rows.add("| " + label + reg[0] + " | " + (f == null ? "failed/missing" : fmt(f / 1e6)) + " | "
                + (d == null ? "failed/missing" : fmt(d / 1e6)) + " | " + (ratio == null ? "-" : fmt(ratio) + (dagger ? " †" : "")) + " | "
                + bytes(fk) + " |");
        return new Row(f, d, ratio, dagger);
    }

    private void syncRow(String label, String fk, String lk) {
        floxCases.put(fk, label);
        Double f = score.get(fk), l = score.get(lk);
        Double share = f != null && l != null && l > 0 ? f / l : null;
        syncRows.add("| " + label + " | " + (f == null ? "failed/missing" : fmt(f / 1e6)) + " | " + (l == null ? "failed/missing" : fmt(l / 1e6))
                + " | " + (share == null ? "-" : fmt(share)) + " | " + bytes(fk) + " |");
    }

    /**
     * {" · rt F/D ns", non-null when the ratio is not comparable}: the worst core-to-core round
     * trip probed around each contender's fork (the machine regime it ran in). Not comparable:
     * the two ran in different regimes, or another process held a core during either.
     */
    private String[] regimes(String fk, String dk) {
        String[] f = side.get(fk), d = side.get(dk);
        if (f == null || d == null) return new String[] {"", null};
        long rf = Math.max(Long.parseLong(f[5]), Long.parseLong(f[6]));
        long rd = Math.max(Long.parseLong(d[5]), Long.parseLong(d[6]));
        boolean differ = BusLatency.regime(rf, rd) < 0; // different regimes, or a busy machine for either
        if (differ) regimeMismatch = true;
        return new String[] {" · rt " + rf + "/" + rd + " ns" + (differ ? " †" : ""), differ ? "†" : null};
    }

    /** The threads' own bytes per event, or "no data"; with gc.alloc.rate.norm in brackets. */
    private String bytes(String k) {
        String[] s = side.get(k);
        Double gc = gcNorm.get(k);
        double own = s == null ? -1 : parse(s[7]);
        String o = own < 0 || Double.isNaN(own) ? "no data" : String.format(Locale.ROOT, "%.3f", own);
        return gc == null ? o : o + String.format(Locale.ROOT, " (gc %.3f)", gc);
    }

    private Double latencyRow(String label, String[] fl, String[] dl, int col) {
        Long f = fl == null ? null : Long.parseLong(fl[col]);
        Long d = dl == null ? null : Long.parseLong(dl[col]);
        Double ratio = f != null && d != null && f > 0 ? (double) d / f : null;
        String segments = " · " + (fl == null ? "-" : fl[17]) + "/" + (dl == null ? "-" : dl[17]) + " segments";
        double b = fl == null ? -1 : parse(fl[11]);
        rows.add("| " + label + segments + " | " + (f == null ? "missing" : fmtNs(f)) + " | " + (d == null ? "missing" : fmtNs(d)) + " | "
                + (ratio == null ? "-" : fmt(ratio)) + " | " + (b < 0 || Double.isNaN(b) ? "no data" : String.format(Locale.ROOT, "%.3f", b)) + " |");
        return ratio;
    }

    /** Fails when any Flox case shown has no allocation figure, or when there is none at all. */
    private String allocationTarget() {
        double worst = 0;
        String where = "";
        List<String> noData = new ArrayList<>();
        for (Map.Entry<String, String> e : floxCases.entrySet()) {
            double v;
            if (e.getKey().startsWith("latency|")) {
                String[] f = latency.get("flox|" + e.getKey().substring("latency|".length()));
                v = f == null ? -1 : parse(f[11]);
            } else {
                String[] f = side.get(e.getKey());
                v = f == null ? -1 : parse(f[7]);
            }
            if (v < 0 || Double.isNaN(v)) {
                noData.add(e.getValue());
            } else if (v >= worst) {
                worst = v;
                where = e.getValue();
            }
        }
        if (floxCases.isEmpty() || noData.size() == floxCases.size()) {
            return "FAIL: 0 B/op publish and delivery — no allocation data at all";
        }
        if (!noData.isEmpty()) {
            return String.format(Locale.ROOT, "FAIL: 0 B/op publish and delivery — no allocation data for %d case(s): %s (worst of the rest %.4f B/event, %s)",
                    noData.size(), String.join("; ", noData), worst, where);
        }
        return (worst < ZERO_BYTES ? "PASS" : "FAIL") + String.format(Locale.ROOT,
                ": 0 B/op publish and delivery, sync and async, every case (worst %.4f B/event, %s)", worst, where);
    }

    private static String target(String what, Row row, double min) {
        if (row == null || row.ratio == null) return "not measured: " + what + " (result missing)";
        if (row.dagger) return "not measured: " + what + " (ratio " + fmt(row.ratio) + " †: the contenders ran in different machine regimes, or on a busy machine)";
        return (row.ratio >= min ? "PASS" : "FAIL") + ": " + what + " — ratio " + fmt(row.ratio) + " (" + fmt(row.flox / 1e6) + " vs "
                + fmt(row.peer / 1e6) + " M ev/s)" + (row.ratio >= min ? "" : String.format(Locale.ROOT, ", missed by %.0f %%", 100 * (min - row.ratio) / min));
    }

    /**
     * A throughput target judged on the paired windows: within each regime where both contenders
     * kept at least {@link #MIN_WINDOWS} windows, Flox's median against the peer's; PASS when at
     * least 1.0 in every such regime, FAIL when below in any, "not measured" when no regime has
     * enough of both. Adds a row per regime to the paired table.
     */
    private String pairedTarget(String what, String pubs, String subs, String idle, String ring, String peer) {
        List<String> compared = new ArrayList<>();
        boolean pass = true;
        String label = pubs + " pub → " + subs + " sub, " + idle + ", ring " + String.format(Locale.ROOT, "%,d", Integer.parseInt(ring)) + ", vs "
                + (peer.equals(SINGLE) ? "SINGLE" : "MULTI");
        StringBuilder counts = new StringBuilder();
        for (String regime : BusLatency.REGIMES) {
            List<Double> f = paired.getOrDefault(String.join("|", pubs, subs, idle, ring, "flox", regime), List.of());
            List<Double> d = paired.getOrDefault(String.join("|", pubs, subs, idle, ring, peer, regime), List.of());
            counts.append(counts.length() == 0 ? "" : ", ").append(regime).append(' ').append(f.size()).append('/').append(d.size());
            if (f.isEmpty() && d.isEmpty()) continue;
            double fm = median(f), dm = median(d);
            boolean enough = f.size() >= MIN_WINDOWS && d.size() >= MIN_WINDOWS;
            double ratio = dm > 0 ? fm / dm : 0;
            pairedRows.add("| " + label + " | " + regime + " | " + (f.isEmpty() ? "-" : fmt(fm / 1e6) + " (" + f.size() + ")") + " | "
                    + (d.isEmpty() ? "-" : fmt(dm / 1e6) + " (" + d.size() + ")") + " | "
                    + (f.isEmpty() || d.isEmpty() ? "-" : fmt(ratio) + (enough ? "" : " (too few windows: not judged)")) + " |");
            if (!enough) continue;
            compared.add(String.format(Locale.ROOT, "%s regime %s vs %s M ev/s (ratio %s, %d/%d windows)", regime, fmt(fm / 1e6), fmt(dm / 1e6),
                    fmt(ratio), f.size(), d.size()));
            if (ratio < 1.0) pass = false;
        }
        if (compared.isEmpty()) {
            return "not measured: " + what + " (no machine regime with " + MIN_WINDOWS + " paired windows of each: flox/peer " + counts + ")";
        }
        return (pass ? "PASS" : "FAIL") + ": " + what + " — medians of paired windows within each regime: " + String.join("; ", compared);
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) return 0;
        List<Double> sorted = new ArrayList<>(values);
        java.util.Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /**
     * The p50 target, judged within each machine regime in which both contenders kept segments
     * (BusLatency's columns 19-23): PASS when Flox's p50 is at most the peer's in every such
     * regime, FAIL when it is above in any; "not measured" when no regime has segments of both (or
     * the file predates the columns). Adds a table row per regime compared. The p50 summed over
     * both regimes ({@code allRatio}) is reported beside it, not judged: its mix of fast and slow
     * segments differs between the contenders.
     */
    private String p50ByRegime(String label, String what, String[] fl, String[] dl, Double allRatio) {
        if (fl == null || dl == null) return "not measured: " + what + " (result missing)";
        if (fl.length < 24 || dl.length < 24) return "not measured: " + what + " (no p50 by machine regime in latency.tsv)";
        List<String> compared = new ArrayList<>();
        boolean pass = true;
        for (int r = 0; r < BusLatency.REGIMES.length; r++) {
            int fs = Integer.parseInt(fl[19 + 2 * r]), ds = Integer.parseInt(dl[19 + 2 * r]);
            if (fs == 0 || ds == 0) continue;
            long f = Long.parseLong(fl[20 + 2 * r]), d = Long.parseLong(dl[20 + 2 * r]);
            double ratio = f > 0 ? (double) d / f : 0;
            rows.add("| " + label + ", " + BusLatency.REGIMES[r] + " regime · " + fs + "/" + ds + " segments | " + fmtNs(f) + " | " + fmtNs(d)
                    + " | " + fmt(ratio) + " | " + String.format(Locale.ROOT, "%.3f", parse(fl[11])) + " |");
            compared.add(String.format(Locale.ROOT, "%s regime %s vs %s (ratio %s, %d/%d segments)", BusLatency.REGIMES[r], fmtNs(f), fmtNs(d),
                    fmt(ratio), fs, ds));
            if (ratio < 1.0) pass = false;
        }
        String all = allRatio == null ? "" : "; over all segments, both regimes mixed (not judged): ratio " + fmt(allRatio);
        if (compared.isEmpty()) {
            return "not measured: " + what + " (no machine regime in which both kept segments: fast " + fl[19] + "/" + dl[19] + ", slow " + fl[21]
                    + "/" + dl[21] + ")" + all;
        }
        return (pass ? "PASS" : "FAIL") + ": " + what + " — Flox vs SINGLE p50 within each regime: " + String.join("; ", compared) + all;
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
