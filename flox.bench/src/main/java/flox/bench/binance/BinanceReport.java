package flox.bench.binance;

import flox.bench.bus.BusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what {@code ./flox bench binance} left in a results directory ({@code jmh.csv}, the
 * path-thread side file {@code sidecar.tsv}, {@code env.txt}) and writes {@code summary.md}: per
 * bus mode and row (flox, databind tree, databind POJO) messages/s, ns per message and per level,
 * B/op three ways (the path's threads for frames in sync, with the once-a-lap resync, and JMH's
 * whole-JVM gc.alloc.rate.norm), the ratio flox / the faster databind binding, the targets of
 * issue 14 item 12 with PASS/FAIL, the flox mix rows apart (the whole stream, no baseline, no
 * target), the WebSocket receive path's allocation as the latest
 * {@code ./flox bench ws} summary beside it ({@code ../ws-*-summary.md}) measured it, and the
 * conditions. Also prints it.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.binance.BinanceReport DIR [--only ROW|BUS]}.
 * {@code --only flox|async} (what {@code ./flox bench ws} runs for its own comparison): only that
 * row was run (besides flox mix, which no target needs), so the targets that need other rows
 * say NOT RUN instead of FAIL.
 */
public final class BinanceReport {
    static final double TARGET_RATIO = 5.0;
    /** BinanceFeedBenchmark's measurement iterations per fork (its {@code @Measurement}). */
    static final int MEASUREMENT_ITERATIONS = 5;
    /** The path threads' own bytes per op (ThreadMXBean): below this, nothing is allocated per op (as the sim report). */
    static final double THREAD_ZERO = 0.01;
    /** gc.alloc.rate.norm counts the whole JVM: below this, noise. */
    static final double GC_NORM_ZERO = 1.0;
    static final String[] BUSES = {"async", "sync"};
    static final String[] ROWS = {"flox", "databindTree", "databindPojo"};
    /** The mixed stream's row (BinanceFeedBenchmark.floxMix): no baseline, no target; {@code ./flox bench ws} judges the client by it. */
    static final String MIX_ROW = "floxMix";

    private final Map<String, double[]> score = new HashMap<>();   // method|bus -> {ops/s, error}
    private final Map<String, Double> gcNorm = new HashMap<>();    // method|bus -> B/op
    private final Map<String, String[]> side = new LinkedHashMap<>(); // method|bus -> sidecar fields, in the file's order
    private int samples;                                            // JMH measurement samples per row (forks x iterations), the largest
    /** The one row|bus this run measured (the others were not run), or null: every row was run. */
    private String only;

    public static void main(String[] args) throws IOException {
        boolean onlyGiven = args.length == 3 && args[1].equals("--only");
        if (args.length != 1 && !onlyGiven) {
            System.err.println("usage: BinanceReport RESULTS_DIR [--only ROW|BUS]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        BinanceReport r = new BinanceReport();
        if (onlyGiven) r.only = args[2];
        r.read(dir);
        String text = r.render(dir);
        Files.writeString(dir.resolve("summary.md"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }

    void read(Path dir) throws IOException {
        Path csv = dir.resolve("jmh.csv");
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                List<String> h = BusReport.splitCsv(lines.get(0));
                int bench = h.indexOf("Benchmark"), sc = h.indexOf("Score"), err = h.indexOf("Score Error (99.9%)"), pBus = h.indexOf("Param: bus"),
                        n = h.indexOf("Samples");
                for (String line : lines.subList(1, lines.size())) {
                    List<String> f = BusReport.splitCsv(line);
                    if (bench < 0 || sc < 0 || pBus < 0 || f.size() <= Math.max(sc, pBus)) continue;
                    String name = f.get(bench);
                    int colon = name.indexOf(':');
                    String full = colon < 0 ? name : name.substring(0, colon);
                    if (!full.contains("BinanceFeedBenchmark")) continue;
                    String key = full.substring(full.lastIndexOf('.') + 1) + "|" + f.get(pBus);
                    if (colon < 0) {
                        score.put(key, new double[] {parse(f.get(sc)), err < 0 ? Double.NaN : parse(f.get(err))});
                        if (n >= 0) samples = Math.max(samples, (int) parse(f.get(n)));
                    }
                    else if (name.endsWith(":gc.alloc.rate.norm")) gcNorm.put(key, parse(f.get(sc)));
                }
            }
        }
        Path sc = dir.resolve("sidecar.tsv");
        if (Files.exists(sc)) {
            for (String line : Files.readAllLines(sc, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 11) side.put(f[0] + "|" + f[1], f);
            }
        }
    }

    String render(Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        String[] any = side.entrySet().stream().filter(e -> !e.getKey().startsWith(MIX_ROW + "|")).map(Map.Entry::getValue).findFirst().orElse(null);
        s.append("## Binance depthUpdate: parse, sync, book apply, bus publish (").append(dir.getFileName()).append(")\n\n");
        s.append("One op = one combined-stream depthUpdate frame of testdata/binance/recordings/hftbacktest/btcusdt_20240808.gz, from its bytes to\n")
                .append("the book update delivered to the bus's one subscriber")
                .append(any == null ? "" : String.format(Locale.ROOT, " (%s consecutive diffs after the recording's REST snapshot, mean %s B and %s levels a frame)",
                        grouped(any[7]), any[8], any[9]))
                .append(".\n`flox`: the live connector's `MarketDataSession.onFrame` (a byte scanner into flyweights for depth frames in Binance's compact form,\n")
                .append("Jackson's non-blocking parser for any other form, fixed point, DepthSync,\n")
                .append("the connector's full-depth DepthBook, publish in 32-level fragments). `databind tree` / `databind POJO`: Jackson databind\n")
                .append("`readTree` / `readValue` into a POJO with `BigDecimal[][]` levels, the same sync rule, a `TreeMap<BigDecimal, BigDecimal>` per\n")
                .append("side, the levels converted to the bus's fixed point and published the same way. Same bus (the host's flox.bus, default\n")
                .append("settings), same subscriber, same frames; a test (`BinanceFeedTest`) checks that all three end with the same book and\n")
                .append("deliver the same levels.\n\n");
        s.append("| path | bus | messages/s | ns/message | ns/level | B/op, path threads, frames in sync | B/op, with the resync once a lap | B/op, JVM (gc.alloc.rate.norm) |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String bus : BUSES) {
            for (String row : ROWS) appendRow(s, row, bus, true);
        }
        s.append("\nmessages/s: JMH throughput ± 99.9 % error. Path threads: the benchmark thread and, with the async bus, the bus's delivery\n")
                .append("thread (ThreadMXBean over the measurement iterations); \"frames in sync\" leaves out the bytes allocated during the\n")
                .append("resyncs (measured around them). gc.alloc.rate.norm divides the whole JVM's allocation (JMH's harness, the bus's monitor\n")
                .append("thread) by the ops, so a constant background shows more per op the slower the op.\n");

        s.append("\n### Ratio flox / databind (the faster binding of each bus mode)\n\n");
        for (String bus : BUSES) {
            double[] flox = score.get("flox|" + bus);
            String best = bestDatabind(bus);
            if (only != null) {
                s.append("- ").append(bus).append(": not run (this run measured ").append(only).append(" only)\n");
                continue;
            }
            if (flox == null || best == null) {
                s.append("- ").append(bus).append(": not measured (a row is missing)\n");
                continue;
            }
            double[] b = score.get(best + "|" + bus);
            String other = best.equals("databindTree") ? "databindPojo" : "databindTree";
            double[] o = score.get(other + "|" + bus);
            s.append(String.format(Locale.ROOT, "- %s: flox %s messages/s / %s %s = **%.2fx**%s%n", bus, fmt0(flox[0]), label(best), fmt0(b[0]), flox[0] / b[0],
                    o == null ? "" : String.format(Locale.ROOT, " (%s %s: %.2fx)", label(other), fmt0(o[0]), flox[0] / o[0])));
        }

        mixSection(s);

        s.append("\n### Targets (issue 14 item 12)\n\n");
        for (String bus : BUSES) s.append("- ").append(ratioTarget(bus)).append('\n');
        for (String bus : BUSES) s.append("- ").append(allocationTarget(bus)).append('\n');
        s.append("\nThe async bus is the host's default mode; sync delivers on the publishing thread (the op then includes the delivery).\n");

        s.append("\n### WebSocket receive path (measured apart: `./flox bench ws`)\n\n");
        if (only != null) {
            s.append("Part of a `./flox bench ws` run: its summary (the directory above) sets the WebSocket client's cost per\n"
                    + "depthUpdate frame, and per frame of the mix, against this run's figures.\n");
        } else {
            s.append(wsPath(dir.toAbsolutePath().getParent()));
        }

        s.append("\n### Conditions\n\n");
        s.append("- Laps: the frames are cycled in order; when a lap is done the next op resyncs as after a reconnect (connection lost:\n"
                + "  the book published INVALID; the lap's first frame buffered; the snapshot asked for and answered with the recording's\n"
                + "  REST snapshot, 1,000 levels a side, decoded, applied and published in fragments; the buffered frame applied). Its time\n"
                + "  is in messages/s, its allocation in the \"with the resync\" and gc columns. Every op applies one diff (flox mix: every\n"
                + "  diff op; a trade op delivers one trade): each trial checks no gap, no stale diff, nothing malformed or refused,\n"
                + "  and every diff and snapshot delivered whole.\n");
        s.append("- Bus: StandaloneBuses market-data bus with the host's defaults (ring 4,096, 32 levels, multi-publisher, backoff idle),\n"
                + "  one lossless subscriber that reads every level. Symbol BINANCE:BTCUSDT at Binance's wire scale (8 decimals,\n"
                + "  prices and quantities) as the connector registers its symbols.\n");
        s.append("- Databind: jackson-databind 2.23.0, ObjectReaders built once, FAIL_ON_UNKNOWN_PROPERTIES off; no Afterburner/Blackbird.\n");
        int forks = Math.max(1, samples / MEASUREMENT_ITERATIONS);
        s.append("- JMH: ").append(forks).append(forks == 1 ? " fork" : " forks").append(" per row, 5 × 1 s warm-up each (the JIT needs more than 3 s on 2 busy cores), ")
                .append(MEASUREMENT_ITERATIONS).append(" × 1 s measurement, -prof gc; -Xms1g -Xmx1g.\n");
        Path env = dir.resolve("env.txt");
        if (Files.exists(env)) {
            for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                s.append("- ").append(line).append('\n');
                double during = percentAfter(line, "CPU used by other processes during the benchmarks: ");
                if (during >= 10) {
                    s.append("- **WARNING: other processes used ").append((int) during)
                            .append(" % of the machine while the benchmarks ran: absolute figures are low and noisy; compare rows of this run"
                                    + " (the ratio), not runs.**\n");
                }
                double before = percentAfter(line, "CPU busy before the run (other processes, 1 s sample): ");
                if (before >= 15) {
                    s.append("- **WARNING: the machine was ").append((int) before).append(" % busy before the run.**\n");
                }
            }
        }
        return s.toString();
    }

    /** The path threads' bytes per op outside the resyncs. */
    private static double steady(String[] f) {
        return parse(f[2]) - parse(f[3]);
    }

    private String bestDatabind(String bus) {
        double[] t = score.get("databindTree|" + bus), p = score.get("databindPojo|" + bus);
        if (t == null && p == null) return null;
        if (t == null) return "databindPojo";
        if (p == null) return "databindTree";
        return t[0] >= p[0] ? "databindTree" : "databindPojo";
    }

    private String ratioTarget(String bus) {
        double[] flox = score.get("flox|" + bus);
        String best = bestDatabind(bus);
        String what = "parse, sync, apply and publish ≥ " + (int) TARGET_RATIO + "x the databind baseline, " + bus + " bus";
        if (only != null && !only.equals("flox|" + bus)) return "NOT RUN: " + what + " — this run measured " + only + " only";
        if (only != null) return "NOT RUN: " + what + " — this run measured " + only + " only (no databind row to compare with)";
        if (flox == null || best == null) return "FAIL: " + what + " — not measured (a row is missing)";
        double[] b = score.get(best + "|" + bus);
        double ratio = flox[0] / b[0];
        // the ratio's range from the rows' 99.9 % errors
        String range = "";
        if (!Double.isNaN(flox[1]) && !Double.isNaN(b[1])) {
            double lo = Math.max(0, flox[0] - flox[1]) / (b[0] + b[1]);
            range = String.format(Locale.ROOT, "; within the 99.9 %% errors %.2fx to %s", lo,
                    b[0] - b[1] <= 0 ? "unbounded" : String.format(Locale.ROOT, "%.2fx", (flox[0] + flox[1]) / (b[0] - b[1])));
        }
        return String.format(Locale.ROOT, "%s: %s — %.2fx (flox %s / %s %s messages/s%s)",
                ratio >= TARGET_RATIO ? "PASS" : "FAIL", what, ratio, fmt0(flox[0]), label(best), fmt0(b[0]), range);
    }

    private String allocationTarget(String bus) {
        String[] f = side.get("flox|" + bus);
        Double gc = gcNorm.get("flox|" + bus);
        double[] v = score.get("flox|" + bus);
        String what = "0 B/op from frame bytes to bus publish, " + bus + " bus";
        if (only != null && !only.equals("flox|" + bus)) return "NOT RUN: " + what + " — this run measured " + only + " only";
        if (f == null) return "FAIL: " + what + " — no allocation data (sidecar.tsv has no flox row)";
        double steady = steady(f);
        StringBuilder b = new StringBuilder();
        b.append(steady < THREAD_ZERO ? "PASS" : "FAIL").append(": ").append(what).append(" — ")
                .append(String.format(Locale.ROOT, "%.4f B/op on the path threads for frames in sync (< %.2f: nothing per frame)", steady, THREAD_ZERO));
        b.append(String.format(Locale.ROOT, "; with the once-a-lap resync %.4f B/op (%s B a resync, over %s frames a lap)", parse(f[2]), grouped(f[4]), grouped(f[7])));
        if (gc != null) {
            b.append(String.format(Locale.ROOT, "; gc.alloc.rate.norm %.2f B/op (%s the ~%.0f B/op noise bound", gc, gc < GC_NORM_ZERO ? "below" : "above", GC_NORM_ZERO));
            if (gc >= GC_NORM_ZERO && v != null) {
                double others = gc - parse(f[2]);
                b.append(String.format(Locale.ROOT, ": %.2f B/op of it, %.2f MB/s, is allocated by the JVM's other threads (neither the benchmark thread nor the bus's delivery thread: JMH's harness, the bus's monitor)", others,
                        others * v[0] / 1e6));
            }
            b.append(')');
        }
        return b.toString();
    }

    /** The ws bench's figures for depthUpdate frames, from the newest ws-*-summary.md beside the results directories. */
    static String wsPath(Path results) throws IOException {
        Path latest = flox.bench.BenchRun.newestSummary(results, "ws");
        StringBuilder s = new StringBuilder();
        s.append("Not in the rows above: they start from the frame's bytes. What the WebSocket client allocates and costs before the\n"
                + "bytes reach `onFrame` is measured by `./flox bench ws`");
        if (latest == null) {
            return s.append("; no bench/results/ws-*-summary.md found: run it.\n").toString();
        }
        s.append(" (newest summary: bench/results/").append(latest.getFileName()).append("; its own run and conditions), on the same\n"
                + "recording's depthUpdate frames:\n\n");
        s.append("| client | B/frame, client threads | client CPU ns/frame |\n|---|---:|---:|\n");
        List<String> lines = Files.readAllLines(latest, StandardCharsets.UTF_8);
        List<String> handoff = new ArrayList<>();
        for (String line : lines) {
            String[] c = line.split("\\|");
            if (c.length >= 9 && "depth".equals(c[2].trim())) {
                String client = c[1].trim();
                if (client.equals("jdk") || client.equals("jetty-core") || client.startsWith("tcp-floor (")) {
                    String note = client.equals("jdk") ? "jdk (java.net.http: MarketDataConnection's client before the switch)"
                            : client.equals("jetty-core") ? "jetty-core (the client MarketDataConnection uses)" : client;
                    s.append("| ").append(note).append(" | ").append(c[6].trim()).append(" | ").append(c[8].trim()).append(" |\n");
                }
            }
            if (c.length >= 3 && (c[1].trim().equals("heapByteBuffer") || c[1].trim().equals("directByteBuffer"))) {
                handoff.add(c[1].trim() + " " + c[2].trim());
            }
        }
        if (!handoff.isEmpty()) {
            s.append("\nJetty's payload into the decoder's byte[] (the ws bench's ByteBuffer hand-offs, median depthUpdate): ")
                    .append(String.join("; ", handoff)).append(".\n");
        }
        return s.toString();
    }

    /** The floxMix rows, when measured: a frame of the whole stream on average. */
    private void mixSection(StringBuilder s) {
        String[] any = null;
        for (String bus : BUSES) if (any == null) any = side.get(MIX_ROW + "|" + bus);
        if (any == null && score.keySet().stream().noneMatch(k -> k.startsWith(MIX_ROW + "|"))) return;
        s.append("\n### The mixed stream (flox, no baseline)\n\n");
        s.append("One op = one frame of the recording's combined stream from the same first diff on, in recorded order");
        if (any != null && any.length >= 14) {
            s.append(String.format(Locale.ROOT, " (%s frames a lap: %s depthUpdates, %s trades, %s bookTickers; mean %s B a frame)",
                    grouped(any[7]), grouped(any[11]), grouped(any[12]), grouped(any[13]), any[8]));
        }
        s.append(": the same `MarketDataSession.onFrame`; a trade is published, a bookTicker checked against the book (not published).\n")
                .append("What `./flox bench ws` sets a WebSocket client's cost per frame of the mix against.\n\n");
        s.append("| path | bus | frames/s | ns/frame | B/op, path threads, frames in sync | B/op, with the resync once a lap | B/op, JVM (gc.alloc.rate.norm) |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|\n");
        for (String bus : BUSES) appendRow(s, MIX_ROW, bus, false);
    }

    /**
     * A table row of {@code row} on {@code bus}, nothing when neither JMH nor the side file has it:
     * messages/s, ns each, ns per level when {@code perLevel}, then the three B/op columns.
     */
    private void appendRow(StringBuilder s, String row, String bus, boolean perLevel) {
        String key = row + "|" + bus;
        double[] v = score.get(key);
        String[] f = side.get(key);
        Double gc = gcNorm.get(key);
        if (v == null && f == null) return;
        double ns = v == null ? Double.NaN : 1e9 / v[0];
        s.append("| ").append(label(row)).append(" | ").append(bus)
                .append(" | ").append(v == null ? "failed/missing" : fmt0(v[0]) + " ± " + fmt0(v[1]))
                .append(" | ").append(fmt0(ns));
        if (perLevel) s.append(" | ").append(fmt1(ns / (f == null ? Double.NaN : parse(f[9]))));
        s.append(" | ").append(f == null ? "?" : fmt4(steady(f)))
                .append(" | ").append(f == null ? "?" : fmt4(parse(f[2])) + " (" + grouped(f[4]) + " B a resync)")
                .append(" | ").append(gc == null ? "?" : fmt1(gc)).append(" |\n");
    }

    private static String label(String row) {
        return switch (row) {
            case "flox" -> "flox";
            case MIX_ROW -> "flox mix";
            case "databindTree" -> "databind tree";
            case "databindPojo" -> "databind POJO";
            default -> row;
        };
    }

    private static double percentAfter(String line, String marker) {
        int at = line.indexOf(marker);
        if (at < 0) return Double.NaN;
        String rest = line.substring(at + marker.length());
        int end = rest.indexOf('%');
        return end < 0 ? Double.NaN : parse(rest.substring(0, end).trim());
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String grouped(String number) {
        double v = parse(number);
        return Double.isNaN(v) ? number : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String fmt4(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.4f", v);
    }
}
