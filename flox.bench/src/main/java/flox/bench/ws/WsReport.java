package flox.bench.ws;

import flox.bench.bus.BusReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads what {@code ./flox bench ws} left in a results directory ({@code jmh.csv}, the
 * client-thread side file {@code sidecar.tsv}, {@code env.txt}) and writes {@code summary.md}:
 * per client and payload frames/s, B/frame (whole JVM and the client library's threads) and the
 * client threads' CPU per frame; the hand-off into the decoder's byte[]; and whether the
 * library's cost dominates Flox's own parse-to-publish of the same frames (depthUpdates: the
 * binance summary's flox async row; the mix: its flox mix async row), as measured in this run
 * (or the newest ./flox bench binance), for the client with the least B/frame on the mix and for
 * the one in use ({@link #IN_USE}). Also prints it.
 *
 * <p>Usage: {@code java -cp benchmarks.jar flox.bench.ws.WsReport DIR}
 */
public final class WsReport {
    /** The client MarketDataConnection uses: judged besides the least-B/frame one. */
    static final String IN_USE = "jetty-core";
    static final String[] CLIENTS = {"jdk", "jdk-batch", "jetty-text", "jetty-partial", "jetty-frame", "jetty-core", "jetty-core-64k", "tcp-floor", "tcp-floor-4k"};
    static final String[] HANDOFFS = {"jdkChars", "jettyString", "heapByteBuffer", "directByteBuffer", "newString"};

    private final Map<String, double[]> receive = new LinkedHashMap<>(); // client|frames -> {score, error, gc norm}
    private final Map<String, double[]> handoff = new LinkedHashMap<>(); // method|frame -> {ns, error, gc norm}
    private final Map<String, String[]> side = new LinkedHashMap<>();   // client|frames -> sidecar fields

    /**
     * This run's own parse-to-publish summaries, labelled ({@code ./flox bench ws} runs
     * BinanceFeedBenchmark's flox and floxMix async rows before and after the client forks, into
     * binance-before/ and binance-after/). Empty when none; {@link #verdict} then falls back to
     * the newest {@code ./flox bench binance} summary (another run: the VM's regime may differ).
     */
    static Map<String, Path> depthSummaries(Path dir) {
        Map<String, Path> found = new LinkedHashMap<>();
        for (String when : new String[] {"before", "after"}) {
            Path p = dir.resolve("binance-" + when).resolve("summary.md");
            if (Files.exists(p)) found.put("this run, " + when + " the client forks: " + dir.getFileName() + "/binance-" + when, p);
        }
        return found;
    }

    /** The newest bench/results/binance-*-summary.md beside this run's directory, or null. */
    static Path newestDepthSummary(Path dir) {
        try {
            return flox.bench.BenchRun.newestSummary(dir.toAbsolutePath().getParent(), "binance");
        } catch (IOException e) {
            return null;
        }
    }

    /** ns/message of the flox async row of {@code summary} (a binance summary), or NaN when there is none. */
    public static double depthPipelineNs(Path summary) {
        return pipelineNs(summary, "flox");
    }

    /** ns/frame of the flox mix async row of {@code summary} (a binance summary), or NaN when there is none. */
    public static double mixPipelineNs(Path summary) {
        return pipelineNs(summary, "flox mix");
    }

    private static double pipelineNs(Path summary, String row) {
        if (summary == null) return Double.NaN;
        try {
            for (String line : Files.readAllLines(summary, StandardCharsets.UTF_8)) {
                String[] c = line.split("\\|");
                if (c.length > 4 && c[1].trim().equals(row) && c[2].trim().equals("async")) {
                    double ns = parse(c[4].trim().replace(",", ""));
                    return ns > 0 ? ns : Double.NaN;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            System.err.println("usage: WsReport RESULTS_DIR");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        WsReport r = new WsReport();
        r.read(dir);
        String text = r.render(dir);
        Files.writeString(dir.resolve("summary.md"), text, StandardCharsets.UTF_8);
        System.out.print(text);
    }

    void read(Path dir) throws IOException {
        Path csv = dir.resolve("jmh.csv");
        if (Files.exists(csv)) {
            List<String> lines = Files.readAllLines(csv, StandardCharsets.UTF_8);
            List<String> h = BusReport.splitCsv(lines.get(0));
            int bench = h.indexOf("Benchmark"), sc = h.indexOf("Score"), err = h.indexOf("Score Error (99.9%)");
            int pClient = h.indexOf("Param: client"), pFrames = h.indexOf("Param: frames"), pFrame = h.indexOf("Param: frame");
            for (String line : lines.subList(1, lines.size())) {
                List<String> f = BusReport.splitCsv(line);
                String name = f.get(bench);
                boolean norm = name.endsWith(":gc.alloc.rate.norm");
                if (name.contains(":") && !norm) continue;
                String base = norm ? name.substring(0, name.indexOf(':')) : name;
                String method = base.substring(base.lastIndexOf('.') + 1);
                String key;
                Map<String, double[]> into;
                if (base.contains("WsReceiveBenchmark")) {
                    key = f.get(pClient) + "|" + f.get(pFrames);
                    into = receive;
                } else if (base.contains("WsHandoffBenchmark")) {
                    key = method + "|" + f.get(pFrame);
                    into = handoff;
                } else {
                    continue;
                }
                double[] v = into.computeIfAbsent(key, k -> new double[] {Double.NaN, Double.NaN, Double.NaN});
                if (norm) {
                    v[2] = parse(f.get(sc));
                } else {
                    v[0] = parse(f.get(sc));
                    v[1] = err < 0 ? Double.NaN : parse(f.get(err));
                }
            }
        }
        Path sc = dir.resolve("sidecar.tsv");
        if (Files.exists(sc)) {
            for (String line : Files.readAllLines(sc, StandardCharsets.UTF_8)) {
                String[] f = line.split("\t");
                if (f.length >= 8) side.put(f[0] + "|" + f[1], f);
            }
        }
    }

    String render(Path dir) throws IOException {
        StringBuilder s = new StringBuilder();
        s.append("## WebSocket clients per received frame (").append(dir.getFileName()).append(")\n\n");
        s.append("Frames of testdata/binance/recordings/hftbacktest/btcusdt_20240808.gz (mix: every frame as recorded, depthUpdate, trade and\n")
                .append("bookTicker; depth: depthUpdate only), streamed round and round by a loopback Jetty 12.1.14 WebSocket server in its own\n")
                .append("process; each client's callback copies the frame into the byte[] the feed decoder reads. One op = one frame.\n\n");
        s.append("| client | frames | mean B | frames/s | B/frame, JVM (gc.alloc.rate.norm) | B/frame, client threads | B/frame, callback threads | client CPU ns/frame |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (String frames : new String[] {"mix", "depth"}) {
            for (String c : CLIENTS) {
                double[] v = receive.get(c + "|" + frames);
                String[] f = side.get(c + "|" + frames);
                if (v == null && f == null) continue;
                String label = c.startsWith("tcp-floor") ? c + " (not comparable; floor)" : c;
                s.append("| ").append(label).append(" | ").append(frames).append(" | ").append(f == null ? "-" : f[6])
                        .append(" | ").append(v == null ? "-" : fmt0(v[0]) + " ± " + fmt0(v[1]))
                        .append(" | ").append(v == null ? "-" : fmt1(v[2]))
                        .append(" | ").append(f == null ? "-" : f[2])
                        .append(" | ").append(f == null ? "-" : f[3] + " (" + f[5] + " thr)")
                        .append(" | ").append(f == null ? "-" : f[7]).append(" |\n");
            }
        }
        s.append("\nClients: `jdk` java.net.http.WebSocket, request(1) per onText; `jdk-batch` the same with request(256);\n")
                .append("`jetty-text` Jetty's WebSocket API client, onWebSocketText(String); `jetty-partial` onWebSocketPartialText(String, last);\n")
                .append("`jetty-frame` the API client with only onWebSocketFrame(Frame, Callback) (payload ByteBuffer); `jetty-core` Jetty's core\n")
                .append("client, a FrameHandler with explicit demand (`-64k`: 65,536-byte reads instead of Jetty's 4,096); `tcp-floor` the same bytes,\n")
                .append("'\\n' after each frame, read 65,536 bytes at a time (`-4k`: 4,096) from a plain socket into a reused buffer, stepping by the\n")
                .append("frame lengths: no HTTP upgrade, no WebSocket framing; not comparable, the floor. Client threads: the library's own\n")
                .append("(selector, executor; ThreadMXBean over the measurement iterations); callback threads: those the callback ran on.\n")
                .append("frames/s is bounded by the server process on the same 2 cores as much as by the client: compare clients by\n")
                .append("client CPU ns/frame and B/frame.\n\n");

        s.append("### Hand-off into the decoder's byte[] (ns/op, B/op; one frame per op, single thread)\n\n");
        s.append("| from | depthUpdate (median) | trade | bookTicker |\n|---|---:|---:|---:|\n");
        for (String m : HANDOFFS) {
            s.append("| ").append(m);
            for (String fr : new String[] {"depth", "trade", "bookTicker"}) {
                double[] v = handoff.get(m + "|" + fr);
                s.append(" | ").append(v == null ? "-" : fmt1(v[0]) + " ns, " + fmt1(v[2]) + " B");
            }
            s.append(" |\n");
        }
        s.append("\n`jdkChars`: the JDK's CharSequence narrowed char by char (ASCII); `jettyString`: String.getBytes(int, int, byte[], int);\n")
                .append("`heapByteBuffer`/`directByteBuffer`: a payload ByteBuffer, bulk get; `newString`: baseline, a String made per frame.\n\n");

        s.append("### Verdict (computed)\n\n");
        String best = null;
        double bestBytes = Double.MAX_VALUE;
        for (String c : CLIENTS) {
            if (c.startsWith("tcp-floor")) continue;
            String[] f = side.get(c + "|mix");
            if (f == null) continue;
            double b = parse(f[2]);
            if (b < bestBytes) {
                bestBytes = b;
                best = c;
            }
        }
        if (best == null) {
            s.append("- not measured: no client rows in sidecar.tsv\n");
        } else {
            Map<String, Path> summaries = depthSummaries(dir);
            Path newest = newestDepthSummary(dir);
            for (String client : best.equals(IN_USE) ? new String[] {best} : new String[] {best, IN_USE}) {
                String role = client.equals(IN_USE) && client.equals(best) ? "the client in use and the one with the least B/frame on the mix"
                        : client.equals(IN_USE) ? "the client MarketDataConnection uses" : "the WebSocket client with the least B/frame on the mix";
                for (String frames : new String[] {"mix", "depth"}) verdict(s, client, role, frames, summaries, newest);
            }
        }
        Path env = dir.resolve("env.txt");
        if (Files.exists(env)) {
            s.append("\n### Conditions\n\n");
            for (String line : Files.readAllLines(env, StandardCharsets.UTF_8)) s.append("- ").append(line).append('\n');
        }
        return s.toString();
    }

    /**
     * One client's verdict on one kind of frames: its CPU beyond the floor's against Flox's own
     * parse-to-publish of the same frames in each of {@code summaries}; when none of them has that
     * figure, against the newest binance summary in bench/results ({@code newest}).
     */
    private void verdict(StringBuilder s, String client, String role, String frames, Map<String, Path> summaries, Path newest) {
        String[] f = side.get(client + "|" + frames);
        String[] floor = side.get("tcp-floor|" + frames);
        if (f == null) return;
        double cpu = parse(f[7]);
        double floorCpu = floor == null ? 0 : parse(floor[7]);
        double lib = cpu - floorCpu;
        String measured = String.format(Locale.ROOT, "- %s (%s), %s frames: %s B/frame on its threads; "
                + "CPU %.0f ns/frame, of which %.0f ns beyond the floor's read of the same bytes (%.0f ns): ", client, role, frames, f[2], cpu, lib, floorCpu);
        boolean depth = frames.equals("depth");
        String what = depth ? "a depthUpdate's parse, sync, book apply and publish (flox async"
                : "a mixed-stream frame's mean parse, sync, apply and publish (flox mix async";
        Map<String, Double> figures = new LinkedHashMap<>();
        for (Map.Entry<String, Path> e : summaries.entrySet()) {
            double ns = depth ? depthPipelineNs(e.getValue()) : mixPipelineNs(e.getValue());
            if (!Double.isNaN(ns)) figures.put(e.getKey(), ns);
        }
        if (figures.isEmpty() && newest != null) {
            double ns = depth ? depthPipelineNs(newest) : mixPipelineNs(newest);
            if (!Double.isNaN(ns)) figures.put("newest ./flox bench binance, another run: bench/results/" + newest.getFileName(), ns);
        }
        int dominates = 0;
        for (Map.Entry<String, Double> e : figures.entrySet()) {
            double pipeline = e.getValue();
            if (lib > pipeline) dominates++;
            s.append(measured).append(String.format(Locale.ROOT, "%s the %.0f ns of %s, %s) (%.2fx).%n",
                    lib > pipeline ? "DOMINATES" : "does not dominate", pipeline, what, e.getKey(), lib / pipeline));
        }
        int judged = figures.size();
        if (judged == 0) {
            s.append(measured).append("NOT JUDGED: no figure of ").append(what)
                    .append(") in this run's binance summaries or the newest in bench/results (./flox bench binance measures it).\n");
        } else if (judged > 1) {
            String who = "- " + client + ", " + frames + " frames: ";
            s.append(dominates == judged ? who + "the client's cost DOMINATES against every parse-to-publish figure of this run\n"
                    : dominates == 0 ? who + "the client's cost does not dominate against any parse-to-publish figure of this run\n"
                    : who + "SPLIT: the client's cost dominates against " + dominates + " of " + judged
                            + " parse-to-publish figures of this run (the two paths cost about the same; the regime decides)\n");
        }
    }

    private static double parse(String s) {
        try {
            return Double.parseDouble(s.replace(',', '.'));
        } catch (NumberFormatException e) {
            return Double.NaN;
        }
    }

    private static String fmt0(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%,.0f", v);
    }

    private static String fmt1(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }
}
