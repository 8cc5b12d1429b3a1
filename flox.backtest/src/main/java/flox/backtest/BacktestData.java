package flox.backtest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One run's sampled data as the host's backtest sampler wrote it (flox.strategy.samples'
 * {@code BacktestSampler}: tab-separated lines, format in docs/ARCHITECTURE.md "Backtest"), and
 * the launcher's parameters of the run ({@code params.txt}: key TAB value). Values stay scaled
 * longs here; the report divides by the symbol's scale. Cold; allocates.
 */
public final class BacktestData {
    /** A symbol and its scales. */
    public record Symbol(int id, String name, int priceScale, int quantityScale) {
        double price(long scaled) { return scaled / Math.pow(10, priceScale); }
        double quantity(long scaled) { return scaled / Math.pow(10, quantityScale); }
    }

    /** A strategy's order counts (the metrics collector's, and FILLED reports counted by the sampler). */
    public record Strategy(int id, String name, Map<String, Long> counts) {
        public long count(String key) { return counts.getOrDefault(key, 0L); }
    }

    /** A strategy's position in a symbol at the end (the metrics collector's figures) and its max drawdown. */
    public record Position(int strategyId, int symbolId, Map<String, String> values) {
        public long value(String key) { return Long.parseLong(values.getOrDefault(key, "0")); }
    }

    /** One point of a series: the bucket's last market time and the state then. */
    public record Point(long timeNs, long realised, long unrealised, long position) {
        long equity() { return realised + unrealised; }
    }

    public record Fill(long timeNs, int strategyId, int symbolId, boolean sell, long price, long quantity, long fee, int feeScale) {
    }

    public final Path file;
    public final Map<String, Long> meta = new LinkedHashMap<>();
    public final Map<Integer, Symbol> symbols = new LinkedHashMap<>();
    public final Map<Integer, Strategy> strategies = new LinkedHashMap<>();
    /** Tick-to-trade summary per strategy id: count, min, p50, p99, max (ns). */
    public final Map<Integer, Map<String, Long>> tickToTrade = new LinkedHashMap<>();
    /** Tick-to-trade buckets per strategy id: {highest ns, count}. */
    public final Map<Integer, List<long[]>> tickToTradeBuckets = new LinkedHashMap<>();
    public final List<Position> positions = new ArrayList<>();
    /** "strategyId:symbolId" -> points, in time order. */
    public final Map<String, List<Point>> series = new LinkedHashMap<>();
    /** symbol id -> {time, mid} points. */
    public final Map<Integer, List<long[]>> mids = new LinkedHashMap<>();
    public final List<Fill> fills = new ArrayList<>();
    /** The launcher's parameters of the run, in file order (a key may repeat: one line per configuration value). */
    public final List<String[]> params = new ArrayList<>();

    private BacktestData(Path file) {
        this.file = file;
    }

    static String key(int strategyId, int symbolId) {
        return strategyId + ":" + symbolId;
    }

    /** Reads {@code dataFile} and, when present beside it, {@code params.txt}. */
    public static BacktestData read(Path dataFile) throws IOException {
        BacktestData d = new BacktestData(dataFile);
        List<String> lines = Files.readAllLines(dataFile, StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).startsWith("flox-backtest-data\t1")) {
            throw new IOException(dataFile + ": not a backtest data file of format 1 (first line: "
                    + (lines.isEmpty() ? "none" : lines.get(0)) + "); was it written by this version's host?");
        }
        long t = 0;
        int n = 1;
        try {
            for (String line : lines.subList(1, lines.size())) {
                n++;
                String[] f = line.split("\t");
                switch (f[0]) {
                    case "meta" -> d.meta.put(f[1], Long.parseLong(f[2]));
                    case "symbol" -> d.symbols.put(Integer.parseInt(f[1]), new Symbol(Integer.parseInt(f[1]), f[2], Integer.parseInt(f[3]), Integer.parseInt(f[4])));
                    case "strategy" -> {
                        Map<String, Long> counts = new LinkedHashMap<>();
                        for (int i = 3; i < f.length; i++) {
                            String[] kv = f[i].split("=", 2);
                            counts.put(kv[0], Long.parseLong(kv[1]));
                        }
                        d.strategies.put(Integer.parseInt(f[1]), new Strategy(Integer.parseInt(f[1]), f[2], counts));
                    }
                    case "t2t" -> {
                        Map<String, Long> m = new LinkedHashMap<>();
                        for (int i = 2; i < f.length; i++) {
                            String[] kv = f[i].split("=", 2);
                            m.put(kv[0], Long.parseLong(kv[1]));
                        }
                        d.tickToTrade.put(Integer.parseInt(f[1]), m);
                    }
                    case "t2tbin" -> d.tickToTradeBuckets.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>())
                            .add(new long[] {Long.parseLong(f[2]), Long.parseLong(f[3])});
                    case "position" -> {
                        Map<String, String> m = new LinkedHashMap<>();
                        for (int i = 3; i < f.length; i++) {
                            String[] kv = f[i].split("=", 2);
                            m.put(kv[0], kv[1]);
                        }
                        d.positions.add(new Position(Integer.parseInt(f[1]), Integer.parseInt(f[2]), m));
                    }
                    case "t" -> t = Long.parseLong(f[1]);
                    case "mid" -> d.mids.computeIfAbsent(Integer.parseInt(f[1]), k -> new ArrayList<>()).add(new long[] {t, Long.parseLong(f[2])});
                    case "pnl" -> d.series.computeIfAbsent(key(Integer.parseInt(f[1]), Integer.parseInt(f[2])), k -> new ArrayList<>())
                            .add(new Point(t, Long.parseLong(f[3]), Long.parseLong(f[4]), Long.parseLong(f[5])));
                    case "fill" -> d.fills.add(new Fill(Long.parseLong(f[1]), Integer.parseInt(f[2]), Integer.parseInt(f[3]), "SELL".equals(f[4]),
                            Long.parseLong(f[5]), Long.parseLong(f[6]), Long.parseLong(f[7]), Integer.parseInt(f[8])));
                    default -> throw new IOException("unknown line kind '" + f[0] + "'");
                }
            }
        } catch (RuntimeException | IOException e) {
            throw new IOException(dataFile + " line " + n + ": cannot read it (" + e.getMessage() + ")", e);
        }
        Path params = dataFile.resolveSibling("params.txt");
        if (Files.isRegularFile(params)) {
            for (String line : Files.readAllLines(params, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                String[] kv = line.split("\t", 2);
                d.params.add(new String[] {kv[0], kv.length > 1 ? kv[1] : ""});
            }
        }
        return d;
    }

    /** The first value of parameter {@code key}, or {@code fallback}. */
    public String param(String key, String fallback) {
        for (String[] p : params) if (p[0].equals(key)) return p[1];
        return fallback;
    }

    public Symbol symbol(int id) {
        Symbol s = symbols.get(id);
        return s != null ? s : new Symbol(id, "symbol " + id, 0, 0);
    }

    public String strategyName(int id) {
        Strategy s = strategies.get(id);
        return s != null ? s.name() : "strategy " + id;
    }
}
