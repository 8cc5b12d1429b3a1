package flox.strategy.samples.internal.shell;

import flox.api.book.OrderBook;
import flox.api.num.FixedPoint;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.strategy.samples.internal.aggregate.BarSeries;
import flox.strategy.samples.internal.aggregate.BarsComponent;
import flox.strategy.samples.internal.aggregate.BookStats;
import flox.strategy.samples.internal.aggregate.BookStatsComponent;
import flox.strategy.samples.internal.metrics.MetricsComponent;
import flox.strategy.samples.internal.strategy.SampleStrategy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Gogo commands of the samples: {@code flox:positions}, {@code flox:samples},
 * {@code flox:bars [SYMBOL [COUNT]]} and {@code flox:bookstats}. Each returns its text, which
 * the shell prints. Cold path; allocates.
 */
@Component(service = SampleCommands.class, property = {
        "osgi.command.scope=flox",
        "osgi.command.function=positions",
        "osgi.command.function=samples",
        "osgi.command.function=bars",
        "osgi.command.function=bookstats"})
public final class SampleCommands {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    /** Timestamps above this (2001-09-09 in epoch ns) are shown as UTC times, smaller ones as seconds. */
    private static final long EPOCH_NS_THRESHOLD = 1_000_000_000_000_000_000L;

    private final SymbolRegistry symbols;
    private volatile MetricsComponent metrics;
    private volatile BookStatsComponent bookStats;
    private final List<BarsComponent> bars = new CopyOnWriteArrayList<>();
    private final List<SampleStrategy> strategies = new CopyOnWriteArrayList<>();

    @Activate
    public SampleCommands(@Reference SymbolRegistry symbols) {
        this.symbols = symbols;
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsComponent m) { metrics = m; }
    void unbindMetrics(MetricsComponent m) { if (metrics == m) metrics = null; }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindBookStats(BookStatsComponent b) { bookStats = b; }
    void unbindBookStats(BookStatsComponent b) { if (bookStats == b) bookStats = null; }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addBars(BarsComponent b) { bars.add(b); }
    void removeBars(BarsComponent b) { bars.remove(b); }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(SampleStrategy s) { strategies.add(s); }
    void removeStrategy(SampleStrategy s) { strategies.remove(s); }

    /** flox:positions: position, average price, mark, realised and unrealised PnL per strategy and symbol. */
    @Descriptor("position, average price, mark, realised and unrealised PnL per strategy and symbol")
    public String positions() {
        MetricsComponent m = metrics;
        return m == null ? "the metrics collector is not running" : m.report().positionsTable();
    }

    /** flox:samples: the sample strategies' state, then orders, fills, rejects, tick-to-trade (refused orders beside it) and ack latency per strategy id. */
    @Descriptor("the sample strategies' state; orders, fills, rejects, cancels, tick-to-trade with refused orders, and ack latency per strategy")
    public String samples() {
        StringBuilder sb = new StringBuilder();
        for (SampleStrategy s : strategies) sb.append(s.describe()).append(System.lineSeparator());
        if (strategies.isEmpty()) sb.append("no sample strategy configured").append(System.lineSeparator());
        MetricsComponent m = metrics;
        sb.append(m == null ? "the metrics collector is not running" : m.report().strategiesTable());
        return sb.toString();
    }

    /** flox:bars: the last 10 bars of every symbol and bar kind. */
    @Descriptor("the last 10 bars of every symbol and bar kind")
    public String bars() {
        return bars(null, 10);
    }

    /** flox:bars SYMBOL: the last 10 bars of SYMBOL (EXCHANGE:SYMBOL or SYMBOL). */
    @Descriptor("the last 10 bars of a symbol")
    public String bars(@Descriptor("EXCHANGE:SYMBOL or SYMBOL, as flox:symbols shows it") String symbol) {
        return bars(symbol, 10);
    }

    /** flox:bars SYMBOL COUNT (COUNT taken as a String so a bad one gets a Flox message, not a coercion error) */
    @Descriptor("the last COUNT bars of a symbol")
    public String bars(@Descriptor("EXCHANGE:SYMBOL or SYMBOL, as flox:symbols shows it") String symbol,
                       @Descriptor("how many bars, 1 or more") String count) {
        int n;
        try {
            n = Integer.parseInt(count.strip());
        } catch (NumberFormatException e) {
            n = 0;
        }
        if (n < 1) return "flox:bars: COUNT '" + count + "' is not a whole number of bars, 1 or more";
        return bars(symbol, n);
    }

    private String bars(String symbol, int count) {
        if (symbol != null && !isKnown(symbol)) return "unknown symbol " + symbol + " (flox:symbols lists them)";
        if (bars.isEmpty()) return "no bars configured (etc/" + BarsComponent.PID + "-*.cfg)";
        StringBuilder sb = new StringBuilder();
        for (BarsComponent component : bars) {
            for (BarSeries series : component.series()) {
                if (series == null || !matches(series.symbolId(), symbol)) continue;
                appendBars(sb, component.label(), series, Math.max(1, count));
            }
        }
        return sb.length() == 0 ? "no bars yet" + (symbol != null ? " for " + symbol : "") : sb.toString();
    }

    private void appendBars(StringBuilder sb, String label, BarSeries series, int count) {
        SymbolInfo s = symbols.symbol(series.symbolId());
        int ps = s == null ? 0 : s.priceScale();
        int qs = s == null ? 0 : s.quantityScale();
        BarSeries.Bar[] bars = new BarSeries.Bar[Math.min(count, series.history())];
        for (int i = 0; i < bars.length; i++) bars[i] = new BarSeries.Bar();
        BarSeries.Bar current = new BarSeries.Bar();
        int n = series.read(bars, current);
        sb.append(symbolName(series.symbolId())).append(" - ").append(label).append(" bars (").append(series.completedCount())
                .append(" completed)").append(System.lineSeparator());
        String format = "  %-12s %-12s %14s %14s %14s %14s %16s %8s%s%n";
        sb.append(String.format(Locale.ROOT, format, "start", "end", "open", "high", "low", "close", "volume", "trades", ""));
        for (int i = 0; i < n; i++) appendBar(sb, format, bars[i], ps, qs, "");
        if (current.trades > 0) appendBar(sb, format, current, ps, qs, "  (in progress)");
    }

    private static void appendBar(StringBuilder sb, String format, BarSeries.Bar b, int ps, int qs, String note) {
        sb.append(String.format(Locale.ROOT, format, time(b.startNs), time(b.endNs), FixedPoint.format(b.open, ps),
                FixedPoint.format(b.high, ps), FixedPoint.format(b.low, ps), FixedPoint.format(b.close, ps),
                FixedPoint.format(b.volume, qs), b.trades, note));
    }

    /** flox:bookstats: spread and top-of-book imbalance per symbol. */
    @Descriptor("spread and top-of-book imbalance per symbol")
    public String bookstats() {
        BookStatsComponent b = bookStats;
        if (b == null) return "book statistics are not running";
        String format = "%-16s %14s %14s %12s %12s %12s %12s %10s %10s %10s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, format, "symbol", "bid", "ask", "spread", "mean", "min", "max", "imbalance", "mean imb", "updates"));
        BookStats.View v = new BookStats.View();
        for (BookStats stats : b.stats()) {
            if (stats == null) continue;
            stats.read(v);
            SymbolInfo s = symbols.symbol(v.symbolId);
            int ps = s == null ? 0 : s.priceScale();
            boolean twoSided = v.twoSidedUpdates > 0;
            sb.append(String.format(Locale.ROOT, format, symbolName(v.symbolId), price(v.bestBid, ps), price(v.bestAsk, ps),
                    twoSided ? FixedPoint.format(v.spread, ps) : "-", twoSided ? FixedPoint.format(v.spreadMean, ps) : "-",
                    twoSided ? FixedPoint.format(v.spreadMin, ps) : "-", twoSided ? FixedPoint.format(v.spreadMax, ps) : "-",
                    twoSided ? ratio(v.imbalancePpm) : "-", twoSided ? ratio(v.imbalanceMeanPpm) : "-", v.updates));
        }
        sb.append("imbalance = (bid qty - ask qty) / (bid qty + ask qty) at the top of the book, in [-1, 1]");
        return sb.toString();
    }

    private boolean isKnown(String wanted) {
        for (SymbolInfo s : symbols.symbols()) {
            if (matches(s.symbolId(), wanted)) return true;
        }
        return false;
    }

    private boolean matches(int symbolId, String wanted) {
        if (wanted == null) return true;
        SymbolInfo s = symbols.symbol(symbolId);
        return s != null && (wanted.equalsIgnoreCase(s.exchange() + ':' + s.symbol()) || wanted.equalsIgnoreCase(s.symbol()));
    }

    private String symbolName(int symbolId) {
        SymbolInfo s = symbols.symbol(symbolId);
        return s == null ? "#" + symbolId : s.exchange() + ':' + s.symbol();
    }

    private static String price(long p, int scale) {
        return p == OrderBook.NO_PRICE ? "-" : FixedPoint.format(p, scale);
    }

    private static String ratio(long ppm) {
        return String.format(Locale.ROOT, "%+.3f", ppm / (double) BookStats.PPM);
    }

    /** Epoch times as UTC clock times; others (a source's monotonic clock) as seconds. */
    private static String time(long ns) {
        if (ns > EPOCH_NS_THRESHOLD) return TIME.format(Instant.ofEpochSecond(0, ns));
        return String.format(Locale.ROOT, "%.3fs", ns / 1e9);
    }
}
