package flox.strategy.samples.internal.metrics;

import flox.api.num.FixedPoint;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;

/**
 * Text views of a {@link MetricsCollector}: the status-line fragment, the exit summary, and the
 * {@code flox:positions} and {@code flox:strategies} tables. PnL is in the quote currency at the
 * symbol's price scale; totals add PnL across symbols, which is meaningful when they share a quote
 * currency (the default symbols all quote in USDT). Thread-safe; allocates (cold path).
 */
public final class MetricsReport {
    private final MetricsCollector collector;
    private final SymbolRegistry symbols;
    private final IntFunction<String> strategyNames;

    /** @param strategyNames name of a strategy id, or null when unknown */
    public MetricsReport(MetricsCollector collector, SymbolRegistry symbols, IntFunction<String> strategyNames) {
        this.collector = collector;
        this.symbols = symbols;
        this.strategyNames = strategyNames;
    }

    /** Sum of fixed-point amounts at mixed scales, kept exact at the largest scale seen. */
    static final class Amount {
        long value;
        int scale;

        void add(long v, int s) {
            if (s > scale) {
                long r = FixedPoint.rescale(value, scale, s);
                if (r == FixedPoint.INVALID) return;
                value = r;
                scale = s;
            }
            long add = FixedPoint.rescale(v, s, scale);
            if (add != FixedPoint.INVALID) value += add;
        }

        String format() {
            return FixedPoint.format(value, scale);
        }
    }

    /** Totals over all strategies. */
    private static final class Totals {
        long orders;
        long filledOrders;
        long fills;
        long rejects;
        final Amount realised = new Amount();
        final Amount unrealised = new Amount();
        final Amount fees = new Amount();
    }

    private Totals totals(List<PositionView> views) {
        Totals t = new Totals();
        for (StrategyStats s : collector.strategies()) {
            t.orders += s.orders();
            t.fills += s.fills();
            t.filledOrders += s.filledOrders();
            t.rejects += s.rejects();
        }
        for (PositionView v : views) {
            t.realised.add(v.realisedScaled, v.priceScale);
            t.unrealised.add(v.unrealisedScaled, v.priceScale);
            t.fees.add(v.feesScaled, v.priceScale);
        }
        return t;
    }

    private List<PositionView> positions(StrategyStats s) {
        List<PositionView> out = new ArrayList<>();
        for (Position p : s.positions()) {
            if (p != null) out.add(collector.read(p, new PositionView()));
        }
        return out;
    }

    private List<PositionView> allPositions() {
        List<PositionView> out = new ArrayList<>();
        for (StrategyStats s : collector.strategies()) out.addAll(positions(s));
        return out;
    }

    /**
     * The status-line fragment: event rates (given), orders, fills, rejects, PnL, tick-to-trade
     * (market event to order handed to the venue) with the orders refused in submit, and the
     * acknowledgement latency (ACCEPTED received by the host after the hand-off). Example:
     * {@code md 98.1k/s exec 1.20k/s | orders 1234 filled 500 fills 567 rejects 3 | pnl 12.34 (r 10.00 u 2.34) | t2t p50 3.10us p99 40.0us refused 0 | ack p50 12.0us p99 80.0us}
     * ("filled": orders with a fill; "fills": fill reports, several for an order filled in parts).
     */
    public String statusFragment(long marketDataPerSecond, long executionsPerSecond) {
        Totals t = totals(allPositions());
        Amount pnl = new Amount();
        pnl.add(t.realised.value, t.realised.scale);
        pnl.add(t.unrealised.value, t.unrealised.scale);
        LatencyHistogram h = collector.tickToTrade();
        LatencyHistogram ack = collector.ackLatency();
        return "md " + rate(marketDataPerSecond) + "/s exec " + rate(executionsPerSecond) + "/s"
                + " | orders " + t.orders + " filled " + t.filledOrders + " fills " + t.fills + " rejects " + t.rejects
                + " | pnl " + pnl.format() + " (r " + t.realised.format() + " u " + t.unrealised.format() + " fees " + t.fees.format() + ")"
                + " | t2t p50 " + latency(h, 50) + " p99 " + latency(h, 99) + " refused " + collector.refused()
                + " | ack p50 " + latency(ack, 50) + " p99 " + latency(ack, 99);
    }

    /** The exit summary: one row per strategy (continuation rows for further symbols) and a total. */
    public String summaryTable() {
        StrategyStats[] all = collector.strategies();
        if (all.length == 0) return "";
        String format = "%-28s %8s %8s %8s %8s  %-24s %14s %14s %12s %10s %10s %8s %10s %10s%n";
        StringBuilder sb = new StringBuilder();
        sb.append("Strategies (PnL in quote currency, realised net of fees; orders = sent; filled = orders with at least one fill; fills = fill reports,").append(System.lineSeparator())
                .append("several for an order filled in parts; t2t = tick-to-trade, market event to order handed to the venue (submit returned);").append(System.lineSeparator())
                .append("refused = orders the gateway refused in submit, no t2t time; ack = ACCEPTED report received by the host after the hand-off)")
                .append(System.lineSeparator());
        sb.append(String.format(Locale.ROOT, format, "strategy", "orders", "filled", "fills", "rejects", "position", "realised", "unrealised", "fees", "t2t p50", "t2t p99",
                "refused", "ack p50", "ack p99"));
        List<PositionView> everything = new ArrayList<>();
        for (StrategyStats s : all) {
            List<PositionView> views = positions(s);
            everything.addAll(views);
            Amount realised = new Amount();
            Amount unrealised = new Amount();
            Amount fees = new Amount();
            for (PositionView v : views) {
                realised.add(v.realisedScaled, v.priceScale);
                unrealised.add(v.unrealisedScaled, v.priceScale);
                fees.add(v.feesScaled, v.priceScale);
            }
            String first = views.isEmpty() ? "-" : position(views.get(0));
            LatencyHistogram t2t = collector.tickToTrade(s.strategyId());
            sb.append(String.format(Locale.ROOT, format, strategyLabel(s.strategyId()), s.orders(), s.filledOrders(), s.fills(), s.rejects(), first,
                    views.isEmpty() ? "-" : realised.format(), views.isEmpty() ? "-" : unrealised.format(), views.isEmpty() ? "-" : fees.format(),
                    latency(t2t, 50), latency(t2t, 99),
                    collector.refused(s.strategyId()), latency(s.ackLatency(), 50), latency(s.ackLatency(), 99)));
            for (int i = 1; i < views.size(); i++) {
                sb.append(String.format(Locale.ROOT, format, "", "", "", "", "", position(views.get(i)), "", "", "", "", "", "", "", ""));
            }
        }
        Totals t = totals(everything);
        LatencyHistogram t2t = collector.tickToTrade();
        sb.append(String.format(Locale.ROOT, format, "total", t.orders, t.filledOrders, t.fills, t.rejects, "",
                everything.isEmpty() ? "-" : t.realised.format(), everything.isEmpty() ? "-" : t.unrealised.format(),
                everything.isEmpty() ? "-" : t.fees.format(), latency(t2t, 50), latency(t2t, 99),
                collector.refused(), latency(collector.ackLatency(), 50), latency(collector.ackLatency(), 99)));
        long notInPnl = collector.feesNotInPnl();
        if (notInPnl > 0) {
            sb.append(notInPnl).append(" fill(s) charged a fee in another asset than the quote currency: not in PnL").append(System.lineSeparator());
        }
        return sb.toString();
    }

    /** flox:positions: a row per strategy and symbol. */
    public String positionsTable() {
        String format = "%-28s %-16s %16s %16s %16s %14s %14s %8s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, format, "strategy", "symbol", "position", "avg price", "mark", "realised", "unrealised", "fills"));
        int rows = 0;
        for (PositionView v : allPositions()) {
            sb.append(String.format(Locale.ROOT, format, strategyLabel(v.strategyId), symbolName(v.symbolId),
                    FixedPoint.format(v.positionScaled, v.quantityScale),
                    v.positionScaled == 0 ? "-" : FixedPoint.format(v.averagePriceScaled, v.priceScale),
                    v.markScaled == PositionView.NO_MARK ? "-" : FixedPoint.format(v.markScaled, v.priceScale),
                    FixedPoint.format(v.realisedScaled, v.priceScale),
                    FixedPoint.format(v.unrealisedScaled, v.priceScale), v.fills + (v.overflowed ? " OVERFLOW" : "")));
            rows++;
        }
        sb.append(rows).append(rows == 1 ? " position" : " positions");
        if (collector.unattributed() > 0) sb.append(", ").append(collector.unattributed()).append(" reports for orders the tracker no longer knew");
        return sb.toString();
    }

    /**
     * flox:samples: counts, tick-to-trade (with refused orders) and acknowledgement latency
     * percentiles per strategy.
     */
    public String strategiesTable() {
        String format = "%-28s %8s %8s %8s %8s %8s | %8s %8s %9s %9s %9s %9s | %8s %9s %9s %9s %9s %10s%n";
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, format, "strategy", "orders", "filled", "fills", "rejects", "cancels",
                "t2t n", "refused", "t2t p50", "t2t p99", "p99.9", "max", "ack n", "ack p50", "ack p99", "p99.9", "max", "unmeasured"));
        for (StrategyStats s : collector.strategies()) {
            LatencyHistogram h = collector.tickToTrade(s.strategyId());
            LatencyHistogram a = s.ackLatency();
            sb.append(String.format(Locale.ROOT, format, strategyLabel(s.strategyId()), s.orders(), s.filledOrders(), s.fills(), s.rejects(), s.cancels(),
                    h.count(), collector.refused(s.strategyId()), latency(h, 50), latency(h, 99), latency(h, 99.9), max(h),
                    a.count(), latency(a, 50), latency(a, 99), latency(a, 99.9), max(a), s.ackUnmeasured()));
        }
        sb.append("t2t: market event to order handed to the venue (submit returned); refused: refused in submit, no t2t time; ack: ACCEPTED")
                .append(System.lineSeparator())
                .append("report received by the host (its receive time) after the hand-off; unmeasured: ACCEPTED with no hand-off time, or received before it "
                        + "(acknowledged before submit returned, or not stamped)")
                .append(System.lineSeparator());
        sb.append("market data: ").append(collector.bookUpdates()).append(" book updates, ").append(collector.trades())
                .append(" trades; executions: ").append(collector.executions());
        return sb.toString();
    }

    private String strategyLabel(int strategyId) {
        String name = strategyNames.apply(strategyId);
        return name == null ? Integer.toString(strategyId) : strategyId + " " + name;
    }

    private String symbolName(int symbolId) {
        SymbolInfo s = symbols.symbol(symbolId);
        return s == null ? "#" + symbolId : s.exchange() + ':' + s.symbol();
    }

    private String position(PositionView v) {
        SymbolInfo s = symbols.symbol(v.symbolId);
        return FixedPoint.format(v.positionScaled, v.quantityScale) + ' ' + (s == null ? "#" + v.symbolId : s.symbol());
    }

    private static String max(LatencyHistogram h) {
        return h.count() == 0 ? "-" : LatencyHistogram.formatNanos(h.max());
    }

    static String latency(LatencyHistogram h, double percentile) {
        return h.count() == 0 ? "-" : LatencyHistogram.formatNanos(h.valueAtPercentile(percentile));
    }

    /** 950, 98.1k, 1.25M. */
    static String rate(long perSecond) {
        if (perSecond < 1_000) return Long.toString(perSecond);
        if (perSecond < 1_000_000) return String.format(Locale.ROOT, perSecond < 10_000 ? "%.2fk" : perSecond < 100_000 ? "%.1fk" : "%.0fk", perSecond / 1e3);
        return String.format(Locale.ROOT, "%.2fM", perSecond / 1e6);
    }
}
