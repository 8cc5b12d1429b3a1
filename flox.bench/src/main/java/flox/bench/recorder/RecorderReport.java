package flox.bench.recorder;

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
 * Reads what {@code ./flox bench recorder} left in a results directory ({@code jmh.csv} and
 * {@code sidecar.tsv} of {@link JournalWriteBenchmark}, {@code latency.tsv} of
 * {@code TickToTrade --recording both}, {@code replay.tsv} of {@link ReplaySpeed}, {@code env.txt})
 * and writes {@code summary.md}: the table {@code case | flox | baseline | ratio | B/op}, issue
 * 17's targets with PASS/FAIL, and the run's conditions; prints it too.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.recorder.RecorderReport DIR}
 */
public final class RecorderReport {
    /** Bytes per event of the measured threads (ThreadMXBean) below which nothing is allocated per event. */
    private static final double ZERO = 0.01;
    private static final double DEFAULT_RUN_RATE = 20_000; // etc/flox.sim.market.cfg

    private final Map<String, double[]> jmh = new HashMap<>();      // impl|event|segmentMb -> {score, error}
    private final Map<String, Double> gcNorm = new HashMap<>();
    private final Map<String, String[]> sidecar = new LinkedHashMap<>(); // impl|event|segmentMb -> fields (last wins)
    private final Map<String, String[]> latency = new HashMap<>();  // rate|on/off -> fields
    private String[] replay;
    private final List<String> rows = new ArrayList<>();
    private final List<String> targets = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: RecorderReport RESULTS_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        RecorderReport r = new RecorderReport();
        r.read(dir);
        String text = r.render(dir);
        Files.writeString(dir.resolve("summary.md"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }

    private void read(Path dir) throws IOException {
        Path csv = dir.resolve("jmh.csv");
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) {
                List<String> h = BusReport.splitCsv(lines.get(0));
                int bench = h.indexOf("Benchmark"), sc = h.indexOf("Score"), err = h.indexOf("Score Error (99.9%)");
                int ev = h.indexOf("Param: event"), im = h.indexOf("Param: impl"), seg = h.indexOf("Param: segmentMb"), sy = h.indexOf("Param: sync");
                for (String line : lines.subList(1, lines.size())) {
                    List<String> f = BusReport.splitCsv(line);
                    if (f.size() < h.size()) continue;
                    String key = f.get(im) + "|" + f.get(ev) + "|" + f.get(seg) + "/" + (sy < 0 ? "roll" : f.get(sy));
                    String b = f.get(bench);
                    if (b.endsWith(".record")) jmh.put(key, new double[] {num(f.get(sc)), num(f.get(err))});
                    else if (b.endsWith(".record:gc.alloc.rate.norm")) gcNorm.put(key, num(f.get(sc)));
                }
            }
        }
        Path side = dir.resolve("sidecar.tsv");
        if (Files.exists(side)) {
            for (String line : Files.readAllLines(side, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 9) sidecar.put(f[0] + "|" + f[1] + "|" + f[2], f);
            }
        }
        Path lat = dir.resolve("latency.tsv");
        if (Files.exists(lat)) {
            for (String line : Files.readAllLines(lat, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 21) latency.put(f[2] + "|" + f[3] + "|" + f[18], f); // venue (and strategy) shape, rate, recording
            }
        }
        Path rp = dir.resolve("replay.tsv");
        if (Files.exists(rp)) {
            List<String> lines = Files.readAllLines(rp, StandardCharsets.UTF_8);
            if (!lines.isEmpty()) replay = lines.get(0).split("\t");
        }
    }

    private static double num(String s) {
        try {
            return Double.parseDouble(s);
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private String render(Path dir) throws IOException {
        writeRates();
        onOff();
        replay();
        StringBuilder b = new StringBuilder();
        b.append("# Recorder benchmarks (issue 17)\n\n");
        b.append("Command: `./flox bench recorder`. Sources: flox.bench.recorder.JournalWriteBenchmark (JMH, `-prof gc`), ")
                .append("flox.bench.sim.TickToTrade `--cases t2t-async-threaded,t2t-async-inline-strategy --recording both`, flox.bench.recorder.ReplaySpeed.\n\n");
        b.append("| case | flox | baseline | ratio | B/op |\n|---|---|---|---|---|\n");
        for (String r : rows) b.append(r).append('\n');
        b.append("\n## Targets\n\n");
        for (String t : targets) b.append("- ").append(t).append('\n');
        b.append("\n## Notes\n\n");
        for (String n : notes) b.append("- ").append(n).append('\n');
        Path env = dir.resolve("env.txt");
        if (Files.exists(env)) {
            b.append("\n## Conditions\n\n");
            for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) b.append("- ").append(line).append('\n');
        }
        return b.toString();
    }

    /** Journal write rate vs bus 1->1, per payload and segment size. */
    private void writeRates() {
        List<String> segments = new ArrayList<>();
        for (String k : sidecar.keySet()) {
            String[] p = k.split("\\|");
            if (p[0].equals("journal") && !segments.contains(p[2])) segments.add(p[2]);
        }
        boolean allFast = true, allZero = true, any = false;
        StringBuilder fails = new StringBuilder();
        StringBuilder bytesList = new StringBuilder();
        for (String event : new String[] {"trade", "book"}) {
            String[] bus = busRow(event);
            if (bus == null) continue;
            double busRate = num(bus[3]);
            for (String seg : segments) {
                String[] j = sidecar.get("journal|" + event + "|" + seg);
                if (j == null) continue;
                any = true;
                double rate = num(j[3]), threadB = num(j[4]);
                double ratio = rate / busRate;
                Double gc = gcNorm.get("journal|" + event + "|" + seg);
                double[] score = jmh.get("journal|" + event + "|" + seg);
                double[] busScore = jmh.get("bus|" + event + "|" + bus[2]);
                rows.add(String.format(Locale.ROOT, "| journal write rate, %s (%s B/record), %s MiB segments, sync %s (%s rolls, %s onto a prepared segment; %s closed by the writer) vs bus 1->1 | %s ev/s committed (JMH %s) | %s ev/s (JMH %s) | %.2f | %.4f (threads), gc.norm %s |",
                        event, j[8], segMb(seg), syncOf(seg), rolls(j), j.length > 9 ? j[9] : "-", j.length > 10 ? j[10] : "-", mev(rate), jmhText(score), mev(busRate), jmhText(busScore), ratio, threadB,
                        gc == null ? "-" : String.format(Locale.ROOT, "%.3f", gc)));
                if (ratio < 1) {
                    allFast = false;
                    fails.append(String.format(Locale.ROOT, " %s/%s MiB/sync %s %.2f;", event, segMb(seg), syncOf(seg), ratio));
                }
                if (!(threadB < ZERO)) allZero = false;
                if (threadB > 0) {
                    long events = Long.parseLong(j[5]);
                    long segs = Long.parseLong(j[7]);
                    bytesList.append(String.format(Locale.ROOT, " %s/%s MiB/sync %s %.4f B/event (%.0f KB per segment roll if the rolls allocate it all);",
                            event, segMb(seg), syncOf(seg), threadB, segs <= 1 ? 0 : threadB * events / (segs - 1) / 1000));
                }
            }
            rows.add(String.format(Locale.ROOT, "| bus 1 pub -> 1 sub async, %s (baseline) | %s ev/s | - | - | %.4f (threads), gc.norm %s |",
                    event, mev(busRate), num(bus[4]), gcNorm.containsKey("bus|" + event + "|" + bus[2]) ? String.format(Locale.ROOT, "%.3f", gcNorm.get("bus|" + event + "|" + bus[2])) : "-"));
        }
        if (!any) {
            targets.add("FAIL: journal write rate: no results (JournalWriteBenchmark did not run or failed; see jmh.txt)");
            return;
        }
        targets.add((allFast ? "PASS" : "FAIL") + ": journal write rate >= the bus's 1->1 throughput, same payload, same run"
                + (allFast ? "" : " (ratio below 1:" + fails + ")"));
        targets.add((allZero ? "PASS" : "FAIL") + ": 0 B/op on the recording path (publishing thread + writer thread, ThreadMXBean, the writer's rolls included; "
                + "the segment thread, which makes and closes segments ahead, allocates about 20 KB per segment and is not counted)"
                + (bytesList.length() == 0 ? "" : ", threshold " + ZERO + " B/event; not 0:" + bytesList
                        + " (rolls the writer made itself, see the rolls column: about 10 KB each)"));
        notes.add("Write rate: an event counts when the writer thread committed it to the mapped segment (JournalWriter.events()), "
                + "measured from each iteration's start to its end; the JMH score is the hand-on rate (the encode into the recorder's ring). "
                + "The benchmark thread waits while more than 1 MiB waits in the recorder's 8 MiB ring (the recorder itself is lossy), so nothing is dropped. "
                + "The bus baseline is the highest of its samples (it runs once per segmentMb and sync value, which it ignores). "
                + "Segments are rolled by size during the run: on the writer, a SEGMENT_END and a swap to the segment its segment thread made ahead (a sparse file mapped, "
                + "header written, pages touched); the segment thread then closes the old one (msync when sync is roll, unmap, truncate) and applies the retention. "
                + "With no prepared segment ready the writer makes one itself; with 8 closes pending it closes one itself.");
    }

    /** The bus's 1->1 row of {@code event}: the highest of its samples (it runs once per segmentMb value; it ignores it). */
    private String[] busRow(String event) {
        String[] best = null;
        for (Map.Entry<String, String[]> e : sidecar.entrySet()) {
            if (e.getKey().startsWith("bus|" + event + "|") && (best == null || num(e.getValue()[3]) > num(best[3]))) best = e.getValue();
        }
        return best;
    }

    private static String segMb(String seg) {
        int slash = seg.indexOf('/');
        return slash < 0 ? seg : seg.substring(0, slash);
    }

    private static String syncOf(String seg) {
        int slash = seg.indexOf('/');
        return slash < 0 ? "roll" : seg.substring(slash + 1);
    }

    private static String rolls(String[] j) {
        long s = Long.parseLong(j[7]);
        return Long.toString(Math.max(0, s - 1));
    }

    private static String jmhText(double[] s) {
        return s == null ? "-" : String.format(Locale.ROOT, "%.2f ± %.2f M ops/s", s[0] / 1e6, Double.isNaN(s[1]) ? 0 : s[1] / 1e6);
    }

    private static String mev(double rate) {
        return String.format(Locale.ROOT, "%.2f M", rate / 1e6);
    }

    /**
     * Recording on vs off in the sim rig: judged on the default run's shape (the strategy inline
     * on the feed's thread, threaded venue) when it ran, else on the strategy-agent rig; the other
     * shape's rows are reported.
     */
    private void onOff() {
        boolean hostShape = latency.keySet().stream().anyMatch(k -> k.startsWith(INLINE_STRATEGY + "|"));
        boolean judged = false;
        for (String shape : new String[] {INLINE_STRATEGY, "threaded"}) {
            boolean judge = shape.equals(INLINE_STRATEGY) || !hostShape;
            judged |= onOff(shape, judge);
        }
        if (!judged) targets.add("FAIL: recording on vs off: no results (TickToTrade --recording both did not run or failed; see latency.txt)");
    }

    private static final String INLINE_STRATEGY = "threaded/inline-strategy";

    /** One rig shape's rows; its PASS/FAIL when {@code judge}. False when it did not run. */
    private boolean onOff(String shape, boolean judge) {
        String paced = null;
        for (String k : latency.keySet()) {
            String[] p = k.split("\\|");
            if (p[0].equals(shape) && !p[1].equals("0")) paced = p[1];
        }
        String[] satOn = latency.get(shape + "|0|on"), satOff = latency.get(shape + "|0|off");
        String[] pOn = paced == null ? null : latency.get(shape + "|" + paced + "|on"), pOff = paced == null ? null : latency.get(shape + "|" + paced + "|off");
        if (satOn == null || satOff == null || pOn == null || pOff == null) return false;
        boolean host = shape.equals(INLINE_STRATEGY);
        String rig = host ? "strategy inline on the feed's thread + threaded venue: the default run's shape" : "strategy agent + threaded venue";
        String mark = judge ? "" : " (reported; the target is judged on the default run's shape)";
        double tOn = num(satOn[10]), tOff = num(satOff[10]);
        rows.add(String.format(Locale.ROOT, "| market-data throughput, recording on vs off (sim rig, async bus, %s; saturation)%s | %s ev/s | %s ev/s | %.3f | %s (all rig + recorder threads) |",
                rig, mark, mev(tOn), mev(tOff), tOn / tOff, satOn[13]));
        double p50On = num(pOn[6]), p50Off = num(pOff[6]), p99On = num(pOn[7]), p99Off = num(pOff[7]);
        rows.add(String.format(Locale.ROOT, "| tick-to-trade p50 at %s ev/s, recording on vs off (%s)%s | %,.0f ns | %,.0f ns | %.3f | %s |", paced, rig, mark, p50On, p50Off,
                p50On / p50Off, pOn[13]));
        rows.add(String.format(Locale.ROOT, "| tick-to-trade p99 at %s ev/s, recording on vs off (%s; reported, no target) | %,.0f ns | %,.0f ns | %.3f | - |", paced, rig, p99On, p99Off,
                p99On / p99Off));
        String threads = host ? "publisher (running the strategy), venue" : "publisher, strategy agent, venue";
        notes.add(String.format(Locale.ROOT, "On/off, %s: the same rig and bus (ring 4096, idle yielding) with and without the recorder subscribed to both buses as the host "
                + "subscribes it (inline and last on both buses: the publisher encodes into the recorder's ring after the other inline subscribers; host defaults 64 MiB "
                + "segments, 8 MiB ring), segments alternating in one run. Threads: %s; recording adds the recorder's writer and segment threads (on %d cores). "
                + "The recorder committed %s events at saturation, dropped %s (its ring full: it never waits), paced: committed %s, dropped %s. Refused orders (venue queue full) "
                + "at saturation: on %s, off %s.", rig, threads, Runtime.getRuntime().availableProcessors(), satOn[19], satOn[20], pOn[19], pOn[20], satOn[14], satOff[14]));
        if (!judge) return true;
        boolean thr = tOn / tOff >= 0.95, lat = p50On / p50Off <= 1.05;
        targets.add(String.format(Locale.ROOT, "%s: recording on, market-data throughput within 5 %% of off (%s): %.3f (on %s, off %s ev/s)",
                thr ? "PASS" : "FAIL", rig, tOn / tOff, mev(tOn), mev(tOff)));
        targets.add(String.format(Locale.ROOT, "%s: recording on, tick-to-trade p50 within 5 %% of off (%s): %.3f (on %,.0f ns, off %,.0f ns; p50 by round on %s, off %s)",
                lat ? "PASS" : "FAIL", rig, p50On / p50Off, p50On, p50Off, pOn[15], pOff[15]));
        boolean zero = num(pOn[13]) < ZERO && num(satOn[13]) < ZERO;
        targets.add(String.format(Locale.ROOT, "%s: 0 B/op with recording on in the rig (%s, recorder writer): paced %s, saturation %s B/event"
                + " (recording off, the rig alone: paced %s, saturation %s)", zero ? "PASS" : "FAIL", threads, pOn[13], satOn[13], pOff[13], satOff[13]));
        return true;
    }

    private void replay() {
        if (replay == null || replay.length < 7) {
            targets.add("FAIL: replay speed: no results (ReplaySpeed did not run or failed; see replay.txt)");
            return;
        }
        double rate = num(replay[4]), ratio = num(replay[5]);
        rows.add(String.format(Locale.ROOT, "| journal replay, %s events = %s s of the default run's market, pace max | %s ev/s | %,.0f ev/s (real time) | %.1fx | %s (replay thread) |",
                replay[0], replay[1], mev(rate), DEFAULT_RUN_RATE, ratio, replay[6]));
        targets.add(String.format(Locale.ROOT, "%s: replay of a journal of the default run's data at least 10x faster than real time: %.1fx (journal span %s s / median replay wall time; rounds %s ms)",
                ratio >= 10 ? "PASS" : "FAIL", ratio, replay[1], replay[3]));
        notes.add("Replay: ReplaySpeed records the default run's synthetic market (the sim's SyntheticBook, etc/flox.sim.market.cfg settings, 3 symbols, "
                + "20,000 events/s of recorded time) with the real Recorder, then reads it as `./flox run --replay JOURNAL --pace max` does "
                + "(the sim replay's JournalSource over JournalReader) and publishes each event on a sync market-data bus to one subscriber. "
                + "Not included: the strategies, risk and inline venue reacting to each event, and the host's start (not measured: `./flox run` "
                + "would need `./mvnw install`, which helpers may not run).");
    }
}
