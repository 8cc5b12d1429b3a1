package flox.backtest;

import flox.backtest.BacktestData.Fill;
import flox.backtest.BacktestData.Point;
import flox.backtest.BacktestData.Position;
import flox.backtest.BacktestData.Strategy;
import flox.backtest.BacktestData.Symbol;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes the backtest report: one self-contained HTML file (plots embedded as PNG data URIs, no
 * network reference) from the runs' data files. With several runs (a sweep) a comparison table
 * and the equity curves overlaid come first, then each run. {@code main}: run by ./flox backtest
 * ({@code --out FILE RUN_DIR...}, each RUN_DIR holding data.tsv and params.txt); prints the
 * report's path. Cold; allocates.
 */
public final class Report {
    private final List<BacktestData> runs;
    private final StringBuilder html = new StringBuilder(1 << 20);

    Report(List<BacktestData> runs) {
        this.runs = runs;
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("java.awt.headless", "true");
        Path out = null;
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--out") && i + 1 < args.length) out = Paths.get(args[++i]);
            else if (args[i].startsWith("--")) usage("unknown option " + args[i]);
            else dirs.add(Paths.get(args[i]));
        }
        if (out == null || dirs.isEmpty()) usage("--out FILE and at least one run directory are needed");
        List<BacktestData> runs = new ArrayList<>();
        for (Path d : dirs) {
            Path data = d.resolve("data.tsv");
            if (!Files.isRegularFile(data)) {
                System.err.println("flox: " + data + " is missing: the host did not write its backtest data (see " + d.resolve("host.log") + ")");
                System.exit(3);
            }
            runs.add(BacktestData.read(data));
        }
        write(runs, out);
        System.out.println(out.toAbsolutePath());
    }

    private static void usage(String why) {
        System.err.println("flox: report: " + why + " (usage: Report --out FILE RUN_DIR...)");
        System.exit(2);
    }

    /** Writes the report of {@code runs} to {@code out} (atomically). */
    public static void write(List<BacktestData> runs, Path out) throws IOException {
        String text = new Report(runs).render();
        Path parent = out.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve(out.getFileName() + ".part");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    String render() throws IOException {
        BacktestData first = runs.get(0);
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Flox backtest</title>\n<style>")
                .append("body{font-family:sans-serif;margin:24px;color:#222}table{border-collapse:collapse;margin:8px 0 16px}")
                .append("td,th{border:1px solid #ccc;padding:3px 8px;text-align:right}th{background:#f2f2f2}td.l,th.l{text-align:left}")
                .append("img{display:block;margin:6px 0;border:1px solid #eee}h2{border-bottom:2px solid #333;margin-top:32px}")
                .append(".note{color:#666;font-size:90%}</style></head><body>\n");
        html.append("<h1>Flox backtest</h1>\n<p>").append(esc(first.param("recording", "?"))).append(" &mdash; ").append(runs.size())
                .append(runs.size() == 1 ? " run" : " runs").append(", commit ").append(esc(first.param("commit", "?"))).append("</p>\n");
        if (runs.size() > 1) sweep();
        for (int r = 0; r < runs.size(); r++) run(runs.get(r), r);
        html.append("<p class=\"note\">Equity = realised PnL (net of the fees reported in the quote currency) + unrealised PnL marked to the mid,")
                .append(" as the host's metrics collector keeps them, sampled per time bucket of recorded time; max drawdown is tracked on every market")
                .append(" event. Plots by JFreeChart. See docs/ARCHITECTURE.md, \"Backtest\".</p>\n</body></html>\n");
        return html.toString();
    }

    private void sweep() throws IOException {
        String key = runs.get(0).param("set.key", "value");
        html.append("<h2>Sweep of ").append(esc(key)).append("</h2>\n<table id=\"sweep\"><tr><th class=\"l\">").append(esc(key))
                .append("</th><th class=\"l\">strategy</th><th class=\"l\">symbol</th><th>final PnL</th><th>realised</th><th>unrealised</th><th>max drawdown</th>")
                .append("<th>fills</th><th>orders</th><th>fill ratio</th></tr>\n");
        List<String> names = new ArrayList<>();
        List<double[][]> curves = new ArrayList<>();
        for (int r = 0; r < runs.size(); r++) {
            BacktestData d = runs.get(r);
            String value = d.param("set.value", "?");
            for (Position p : d.positions) {
                Symbol s = d.symbol(p.symbolId());
                Strategy st = d.strategies.get(p.strategyId());
                long realised = p.value("realised");
                long unrealised = p.value("unrealised");
                html.append("<tr><td class=\"l\">").append(esc(value)).append("</td><td class=\"l\">").append(esc(d.strategyName(p.strategyId())))
                        .append("</td><td class=\"l\">").append(esc(s.name())).append("</td><td>").append(money(s, realised + unrealised)).append("</td><td>")
                        .append(money(s, realised)).append("</td><td>").append(money(s, unrealised)).append("</td><td>").append(money(s, p.value("max.drawdown")))
                        .append("</td><td>").append(st == null ? 0 : st.count("fills")).append("</td><td>").append(st == null ? 0 : st.count("orders"))
                        .append("</td><td>").append(ratio(st)).append("</td></tr>\n");
                String who = d.strategyName(p.strategyId());
                names.add("run " + (r + 1) + ": " + key + "=" + value + ", " + (who.contains(s.name()) ? who : who + " " + s.name()));
                curves.add(equity(d, p));
            }
        }
        html.append("</table>\n");
        if (!curves.isEmpty()) img("sweep equity", Charts.lines("Equity per " + key, "PnL (quote)", names, curves, false));
    }

    private void run(BacktestData d, int index) throws IOException {
        String label = d.param("set.key", null) == null ? "run" : d.param("set.key", "") + "=" + d.param("set.value", "");
        html.append("<h2>").append(runs.size() > 1 ? "Run " + (index + 1) + ": " : "").append(esc(label)).append("</h2>\n");
        for (Position p : d.positions) position(d, p);
        for (Strategy s : d.strategies.values()) {
            boolean traded = d.positions.stream().anyMatch(p -> p.strategyId() == s.id());
            if (traded) continue;
            html.append("<h3>").append(esc(s.name())).append(" (#").append(s.id()).append("): no fill</h3>\n");
            orders(d, s);
            tickToTrade(d, s.id());
        }
        parameters(d);
    }

    private void parameters(BacktestData d) {
        html.append("<h3>Parameters</h3>\n<table class=\"params\"><tr><th class=\"l\">parameter</th><th class=\"l\">value</th></tr>\n");
        // configuration files: one row each, their values side by side
        Map<String, StringBuilder> files = new LinkedHashMap<>();
        for (String[] p : d.params) {
            if (p[0].startsWith("etc/")) files.computeIfAbsent(p[0], k -> new StringBuilder()).append(files.containsKey(p[0]) && files.get(p[0]).length() > 0 ? "   " : "").append(p[1]);
            else row(p[0], p[1]);
        }
        files.forEach((file, values) -> row(file, values.toString()));
        row("market events sampled", String.valueOf(d.meta.getOrDefault("market.events", 0L)));
        row("execution reports sampled", String.valueOf(d.meta.getOrDefault("execution.events", 0L)));
        long first = d.meta.getOrDefault("first.ns", 0L);
        long last = d.meta.getOrDefault("last.ns", 0L);
        row("recorded time", first == 0 ? "-" : Instant.ofEpochSecond(0, first) + " .. " + Instant.ofEpochSecond(0, last)
                + String.format(Locale.ROOT, " (%.1f s)", (last - first) / 1e9));
        row("bucket width", String.format(Locale.ROOT, "%.3f s (%d points)", d.meta.getOrDefault("bucket.ns", 0L) / 1e9, d.meta.getOrDefault("points", 0L)));
        if (d.meta.getOrDefault("fills.dropped", 0L) > 0) row("fills not drawn (max.fills reached)", String.valueOf(d.meta.get("fills.dropped")));
        if (d.meta.getOrDefault("fees.not.in.pnl", 0L) > 0) row("fills with a fee in another asset (not in PnL)", String.valueOf(d.meta.get("fees.not.in.pnl")));
        html.append("</table>\n");
    }

    private void row(String k, String v) {
        html.append("<tr><td class=\"l\">").append(esc(k)).append("</td><td class=\"l\">").append(esc(v)).append("</td></tr>\n");
    }

    private void position(BacktestData d, Position p) throws IOException {
        Symbol s = d.symbol(p.symbolId());
        String who = d.strategyName(p.strategyId()) + " (#" + p.strategyId() + ") on " + s.name();
        html.append("<h3>").append(esc(who)).append("</h3>\n");
        long realised = p.value("realised");
        long unrealised = p.value("unrealised");
        html.append("<table class=\"summary\" data-strategy=\"").append(p.strategyId()).append("\" data-symbol=\"").append(esc(s.name()))
                .append("\"><tr><th>final PnL</th><th>realised (net of fees)</th><th>unrealised</th><th>fees</th><th>position</th><th>max drawdown</th><th>fills</th></tr>\n<tr><td class=\"pnl\">")
                .append(money(s, realised + unrealised)).append("</td><td class=\"realised\">").append(money(s, realised)).append("</td><td class=\"unrealised\">")
                .append(money(s, unrealised)).append("</td><td>").append(money(s, p.value("fees"))).append("</td><td>")
                .append(BigDecimal.valueOf(p.value("position"), s.quantityScale()).toPlainString()).append("</td><td class=\"drawdown\">")
                .append(money(s, p.value("max.drawdown"))).append("</td><td class=\"fills\">").append(p.value("fills")).append("</td></tr></table>\n");
        Strategy st = d.strategies.get(p.strategyId());
        if (st != null) orders(d, st);
        double[][] eq = equity(d, p);
        img("equity", Charts.lines("Equity: " + who, "PnL (quote)", List.of("equity"), List.<double[][]>of(eq), false));
        double[][] dd = new double[eq.length][];
        double peak = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < eq.length; i++) {
            peak = Math.max(peak, eq[i][1]);
            dd[i] = new double[] {eq[i][0], eq[i][1] - peak};
        }
        img("drawdown", Charts.drawdown("Drawdown: " + who, "below the peak (quote)", dd));
        List<Point> pts = d.series.getOrDefault(BacktestData.key(p.strategyId(), p.symbolId()), List.of());
        double[][] pos = new double[pts.size()][];
        for (int i = 0; i < pts.size(); i++) pos[i] = new double[] {pts.get(i).timeNs(), s.quantity(pts.get(i).position())};
        img("position", Charts.lines("Position: " + who, "base units", List.of("position"), List.<double[][]>of(pos), true));
        List<long[]> mid = d.mids.getOrDefault(p.symbolId(), List.of());
        double[][] m = new double[mid.size()][];
        for (int i = 0; i < mid.size(); i++) m[i] = new double[] {mid.get(i)[0], s.price(mid.get(i)[1])};
        List<double[]> buys = new ArrayList<>();
        List<double[]> sells = new ArrayList<>();
        for (Fill f : d.fills) {
            if (f.strategyId() != p.strategyId() || f.symbolId() != p.symbolId()) continue;
            (f.sell() ? sells : buys).add(new double[] {f.timeNs(), s.price(f.price())});
        }
        img("price", Charts.priceWithFills("Mid and fills: " + who, "price (quote)", m, buys.toArray(double[][]::new), sells.toArray(double[][]::new)));
        tickToTrade(d, p.strategyId());
    }

    private void orders(BacktestData d, Strategy s) {
        long orders = s.count("orders");
        long fully = s.count("fully.filled");
        long filled = s.count("filled.orders");
        html.append("<table class=\"orders\" data-strategy=\"").append(s.id()).append("\"><tr><th>sent</th><th>filled</th><th>partially filled</th>")
                .append("<th>canceled</th><th>rejected</th><th>refused in submit</th><th>fill reports</th><th>fill ratio</th></tr>\n<tr><td class=\"sent\">")
                .append(orders).append("</td><td class=\"filled\">").append(fully).append("</td><td class=\"partial\">").append(Math.max(0, filled - fully))
                .append("</td><td class=\"canceled\">").append(s.count("cancels")).append("</td><td class=\"rejected\">").append(s.count("rejects"))
                .append("</td><td>").append(s.count("refused")).append("</td><td class=\"fillreports\">").append(s.count("fills")).append("</td><td class=\"ratio\">")
                .append(ratio(s)).append("</td></tr></table>\n<p class=\"note\">sent = orders acknowledged or rejected; filled = orders filled")
                .append(" completely; partially filled = orders with a fill that never filled completely; fill ratio = orders with a fill / sent.</p>\n");
    }

    private void tickToTrade(BacktestData d, int strategyId) throws IOException {
        var sum = d.tickToTrade.get(strategyId);
        List<long[]> buckets = d.tickToTradeBuckets.getOrDefault(strategyId, List.of());
        if (sum == null || buckets.isEmpty()) {
            html.append("<p class=\"note\">tick-to-trade: no order handed to the venue</p>\n");
            return;
        }
        // log2 bins of HdrHistogram's buckets: bin k holds values in [2^k, 2^(k+1)) ns
        int lo = 63;
        int hi = 0;
        for (long[] b : buckets) {
            int k = 63 - Long.numberOfLeadingZeros(Math.max(1, b[0]));
            lo = Math.min(lo, k);
            hi = Math.max(hi, k);
        }
        long[] counts = new long[hi - lo + 1];
        List<String> labels = new ArrayList<>();
        for (long[] b : buckets) counts[63 - Long.numberOfLeadingZeros(Math.max(1, b[0])) - lo] += b[1];
        for (int k = lo; k <= hi; k++) labels.add(nanos(1L << k));
        html.append("<p class=\"t2t\">tick-to-trade (market event to the order handed to the venue): ").append(sum.get("count")).append(" orders, min ")
                .append(nanos(sum.get("min"))).append(", p50 ").append(nanos(sum.get("p50"))).append(", p99 ").append(nanos(sum.get("p99"))).append(", max ")
                .append(nanos(sum.get("max"))).append(" (on the replay's market time: the venue's simulated latency, 0 unless it is configured with one; "
                + "the same every run)</p>\n");
        img("t2t", Charts.histogram("Tick-to-trade: " + d.strategyName(strategyId), "at least (log2 bins)", labels, counts));
    }

    /** Equity (realised + unrealised, in quote units) per point. */
    static double[][] equity(BacktestData d, Position p) {
        Symbol s = d.symbol(p.symbolId());
        List<Point> pts = d.series.getOrDefault(BacktestData.key(p.strategyId(), p.symbolId()), List.of());
        double[][] xy = new double[pts.size()][];
        for (int i = 0; i < pts.size(); i++) xy[i] = new double[] {pts.get(i).timeNs(), s.price(pts.get(i).equity())};
        return xy;
    }

    private void img(String kind, String dataUri) {
        html.append("<img class=\"chart ").append(kind).append("\" alt=\"").append(kind).append("\" width=\"").append(Charts.WIDTH)
                .append("\" height=\"").append(Charts.HEIGHT).append("\" src=\"").append(dataUri).append("\">\n");
    }

    private static String ratio(Strategy s) {
        if (s == null || s.count("orders") == 0) return "-";
        return String.format(Locale.ROOT, "%.1f %%", 100.0 * s.count("filled.orders") / s.count("orders"));
    }

    private static String money(Symbol s, long scaled) {
        return BigDecimal.valueOf(scaled, s.priceScale()).toPlainString();
    }

    static String nanos(long ns) {
        if (ns < 1_000) return ns + "ns";
        if (ns < 1_000_000) return String.format(Locale.ROOT, "%.1fus", ns / 1e3);
        if (ns < 1_000_000_000) return String.format(Locale.ROOT, "%.2fms", ns / 1e6);
        return String.format(Locale.ROOT, "%.2fs", ns / 1e9);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
