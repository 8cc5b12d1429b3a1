package flox.strategy.samples.internal.backtest;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.strategy.samples.internal.metrics.LatencyHistogram;
import flox.strategy.samples.internal.metrics.MetricsCollector;
import flox.strategy.samples.internal.metrics.Position;
import flox.strategy.samples.internal.metrics.PositionView;
import flox.strategy.samples.internal.metrics.StrategyStats;
import java.io.IOException;
import java.io.Writer;
import java.util.Arrays;
import java.util.function.IntFunction;

/**
 * What a backtest report plots, sampled from the run itself: per strategy and symbol the metrics
 * collector's own {@link Position} (realised PnL net of fees, unrealised marked to the
 * collector's mid, position) and per symbol the collector's mid, in time buckets of recorded
 * market time (the market events' exchange timestamps, so a replay gives the same series on
 * every run); every fill (time, price, quantity, side, fee) as the execution bus reported it;
 * and each strategy's order counts and tick-to-trade histogram from the collector at the end.
 *
 * <p><b>Buckets.</b> A point holds the state after the last market event of its bucket
 * ({@code bucketNs} wide, from the first event). The points live in preallocated arrays of
 * {@code maxPoints}; when they are full the bucket width doubles and points of the same wider
 * bucket merge (the later one stays), so a recording of any length gives at most
 * {@code maxPoints} points. The maximum drawdown is tracked on every market event, not per
 * bucket, so it is exact whatever the width.
 *
 * <p>Threads: {@link #onBookUpdate}/{@link #onTrade} on the market-data thread (it must be
 * delivered after the metrics collector: the component subscribes with the highest priority
 * number), {@link #onExecution} on the execution thread; with the sync buses of a replay they
 * are one thread. No allocation per event: a series is allocated when a strategy first trades a
 * symbol, a mid series when a symbol is first seen, a counter row when a strategy is first
 * seen. {@link #write} after the run (both threads quiet); it allocates.
 */
public final class BacktestSampler {
    static final int FORMAT_VERSION = 1;

    private final MetricsCollector collector;
    private final OrderTracker tracker;
    private final SymbolRegistry symbols;
    private final int maxPoints;
    private final int maxFills;

    // market-data thread
    private long bucketNs;
    private long firstNs = Long.MIN_VALUE;
    private volatile long marketNs; // also read by the execution thread (a fill's time)
    private int points;              // points in use; the last one is the current bucket's
    private final long[] pointBucket; // bucket index of each point
    private final long[] pointTime;   // market time of the last event in the point's bucket
    private Series[] series = new Series[0];
    private long[][] mids = new long[0][]; // by symbol id, null while not seen
    private StrategyStats[] knownStrategies;
    private Position[][] knownPositionTables = new Position[0][];
    private final PositionView view = new PositionView();
    private long marketEvents;

    // execution thread
    private final OrderState order = new OrderState();
    private final long[] fillTime;
    private final long[] fillPrice;
    private final long[] fillQuantity;
    private final long[] fillFee;
    private final int[] fillFeeScale;
    private final long[] fillWho; // strategy id << 32 | symbol id << 1 | (sell ? 1 : 0)
    private volatile int fills;
    private long fillsDropped;
    private long executions;
    private Counts[] counts = new Counts[0];

    /** One strategy's orders as its execution reports tell (execution thread). */
    static final class Counts {
        final int strategyId;
        long fullyFilled;  // FILLED reports
        long partial;      // PARTIALLY_FILLED reports with a quantity
        long firstFills;   // orders with at least one fill

        Counts(int strategyId) {
            this.strategyId = strategyId;
        }
    }

    /** One strategy's position in one symbol over time. */
    static final class Series {
        final Position position;
        final long[] realised;
        final long[] unrealised;
        final long[] quantity;
        long peak; // equity starts at 0: nothing was filled before the series began
        long maxDrawdown;
        long equity;

        Series(Position position, int capacity) {
            this.position = position;
            realised = new long[capacity];
            unrealised = new long[capacity];
            quantity = new long[capacity];
        }
    }

    /**
     * @param bucketNs  first bucket width, in nanoseconds of recorded time
     * @param maxPoints points kept per series (at least 2)
     * @param maxFills  fills kept; later ones are counted as dropped
     */
    public BacktestSampler(MetricsCollector collector, OrderTracker tracker, SymbolRegistry symbols, long bucketNs, int maxPoints, int maxFills) {
        if (bucketNs <= 0 || maxPoints < 2 || maxFills < 0) throw new IllegalArgumentException("bucketNs > 0, maxPoints >= 2, maxFills >= 0");
        this.collector = collector;
        this.tracker = tracker;
        this.symbols = symbols;
        this.bucketNs = bucketNs;
        this.maxPoints = maxPoints;
        this.maxFills = maxFills;
        pointBucket = new long[maxPoints];
        pointTime = new long[maxPoints];
        fillTime = new long[maxFills];
        fillPrice = new long[maxFills];
        fillQuantity = new long[maxFills];
        fillFee = new long[maxFills];
        fillFeeScale = new int[maxFills];
        fillWho = new long[maxFills];
    }

    // ------------------------------------------------------------------ market data

    public void onBookUpdate(BookUpdate update) {
        if (update.isContinued()) return; // the book is consistent after the last fragment
        onMarket(update.symbolId(), update.exchangeTimestampNs());
    }

    public void onTrade(TradeEvent trade) {
        onMarket(trade.symbolId(), trade.exchangeTimestampNs());
    }

    private void onMarket(int symbolId, long exchangeNs) {
        marketEvents++;
        long t = Math.max(marketNs, exchangeNs); // a snapshot carries 0: it keeps the last time
        if (t <= 0) return; // nothing timed yet
        marketNs = t;
        if (firstNs == Long.MIN_VALUE) firstNs = t;
        discover();
        long bucket = (t - firstNs) / bucketNs;
        if (points == 0 || bucket != pointBucket[points - 1]) openPoint(bucket);
        int i = points - 1;
        pointTime[i] = t;
        for (Series s : series) {
            collector.read(s.position, view);
            s.realised[i] = view.realisedScaled;
            s.unrealised[i] = view.unrealisedScaled;
            s.quantity[i] = view.positionScaled;
            long equity = view.realisedScaled + view.unrealisedScaled;
            s.equity = equity;
            if (equity > s.peak) s.peak = equity;
            if (s.peak - equity > s.maxDrawdown) s.maxDrawdown = s.peak - equity;
        }
        if (symbolId >= 0) {
            if (symbolId >= mids.length || mids[symbolId] == null) newMidSeries(symbolId);
            mids[symbolId][i] = collector.mark(symbolId);
        }
    }

    /** A new point for {@code bucket}, after merging buckets if the arrays are full. */
    private void openPoint(long bucket) {
        while (points == maxPoints) {
            bucketNs *= 2;
            int n = 0;
            for (int i = 0; i < points; i++) {
                long b = pointBucket[i] / 2;
                int to = n > 0 && pointBucket[n - 1] == b ? n - 1 : n++; // same wider bucket: the later point stays
                copyPoint(i, to, b);
            }
            points = n;
            bucket = (marketNs - firstNs) / bucketNs;
            if (bucket == pointBucket[points - 1]) return; // the current event falls into the last (merged) point
        }
        int i = points++;
        pointBucket[i] = bucket;
        // a bucket carries the state forward: mids of symbols without an event in it keep their last value
        for (long[] m : mids) if (m != null) m[i] = i > 0 ? m[i - 1] : PositionView.NO_MARK;
        for (Series s : series) {
            s.realised[i] = i > 0 ? s.realised[i - 1] : 0;
            s.unrealised[i] = i > 0 ? s.unrealised[i - 1] : 0;
            s.quantity[i] = i > 0 ? s.quantity[i - 1] : 0;
        }
    }

    private void copyPoint(int from, int to, long bucket) {
        pointBucket[to] = bucket;
        pointTime[to] = pointTime[from];
        for (long[] m : mids) if (m != null) m[to] = m[from];
        for (Series s : series) {
            s.realised[to] = s.realised[from];
            s.unrealised[to] = s.unrealised[from];
            s.quantity[to] = s.quantity[from];
        }
    }

    /** New strategies or positions in the collector (array identity: they are replaced when they grow). */
    private void discover() {
        StrategyStats[] all = collector.strategies();
        boolean changed = all != knownStrategies;
        if (!changed) {
            for (int k = 0; k < all.length; k++) {
                if (all[k].positions() != knownPositionsOf(k)) {
                    changed = true;
                    break;
                }
            }
        }
        if (changed) rescan(all);
    }

    private Position[] knownPositionsOf(int k) {
        return k < knownPositionTables.length ? knownPositionTables[k] : null;
    }

    /** Cold: a series for each position not yet followed (zeros before it: nothing was filled). */
    private void rescan(StrategyStats[] all) {
        Position[][] tables = new Position[all.length][];
        for (int k = 0; k < all.length; k++) {
            tables[k] = all[k].positions();
            for (Position p : tables[k]) {
                if (p == null || followed(p)) continue;
                Series[] next = Arrays.copyOf(series, series.length + 1);
                next[series.length] = new Series(p, maxPoints);
                series = next;
            }
        }
        knownStrategies = all;
        knownPositionTables = tables;
    }

    private boolean followed(Position p) {
        for (Series s : series) if (s.position == p) return true;
        return false;
    }

    private void newMidSeries(int symbolId) {
        if (symbolId >= mids.length) mids = Arrays.copyOf(mids, symbolId + 1);
        long[] m = new long[maxPoints];
        Arrays.fill(m, PositionView.NO_MARK);
        mids[symbolId] = m;
    }

    // ------------------------------------------------------------------ executions

    public void onExecution(ExecutionEvent e) {
        executions++;
        ExecType type = e.execType();
        if (type != ExecType.FILLED && type != ExecType.PARTIALLY_FILLED) return;
        if (!tracker.read(e.clientOrderId(), order)) return; // the collector counts it as unattributed
        Counts c = counts(order.strategyId());
        if (type == ExecType.FILLED) c.fullyFilled++;
        if (e.lastQuantityScaled() <= 0) return;
        if (type == ExecType.PARTIALLY_FILLED) c.partial++;
        if (e.cumulativeQuantityScaled() == e.lastQuantityScaled()) c.firstFills++;
        int n = fills;
        if (n == maxFills) {
            fillsDropped++;
            return;
        }
        fillTime[n] = marketNs;
        fillPrice[n] = e.lastPriceScaled();
        fillQuantity[n] = e.lastQuantityScaled();
        fillFee[n] = e.feeAsset() == null ? e.feeScaled() : 0; // a fee in another asset is not in PnL either (the collector counts it)
        fillFeeScale[n] = e.feeScale();
        fillWho[n] = ((long) order.strategyId() << 32) | ((long) e.symbolId() << 1) | (e.side() == Side.SELL ? 1 : 0);
        fills = n + 1;
    }

    private Counts counts(int strategyId) {
        for (Counts c : counts) if (c.strategyId == strategyId) return c;
        Counts c = new Counts(strategyId);
        Counts[] next = Arrays.copyOf(counts, counts.length + 1);
        next[counts.length] = c;
        counts = next;
        return c;
    }

    // ------------------------------------------------------------------ output (cold)

    /**
     * Writes everything as tab-separated lines (the format is in docs/ARCHITECTURE.md, "Backtest",
     * and read by flox.backtest's report generator). Lines starting with {@code t2t} hold
     * measured latencies: the only ones that differ between two runs of one replay.
     */
    public void write(Writer out, IntFunction<String> strategyNames) throws IOException {
        discover();
        StringBuilder b = new StringBuilder(1 << 16);
        b.append("flox-backtest-data\t").append(FORMAT_VERSION).append('\n');
        line(b, "meta", "market.events", marketEvents);
        line(b, "meta", "execution.events", executions);
        line(b, "meta", "bucket.ns", bucketNs);
        line(b, "meta", "first.ns", firstNs == Long.MIN_VALUE ? 0 : firstNs);
        line(b, "meta", "last.ns", marketNs);
        line(b, "meta", "points", points);
        line(b, "meta", "fills", fills);
        line(b, "meta", "fills.dropped", fillsDropped);
        line(b, "meta", "unattributed", collector.unattributed());
        line(b, "meta", "fees.not.in.pnl", collector.feesNotInPnl());
        for (int id = 0; id < mids.length; id++) {
            if (mids[id] == null) continue;
            SymbolInfo info = symbols.symbol(id);
            b.append("symbol\t").append(id).append('\t').append(info == null ? "?" : info.exchange() + ":" + info.symbol())
                    .append('\t').append(info == null ? 0 : info.priceScale()).append('\t').append(info == null ? 0 : info.quantityScale()).append('\n');
        }
        for (StrategyStats s : collector.strategies()) {
            int id = s.strategyId();
            Counts c = null;
            for (Counts x : counts) if (x.strategyId == id) c = x;
            String name = strategyNames.apply(id);
            b.append("strategy\t").append(id).append('\t').append(name == null ? "strategy " + id : name)
                    .append("\torders=").append(s.orders()).append("\tfills=").append(s.fills())
                    .append("\tfilled.orders=").append(s.filledOrders()).append("\tfully.filled=").append(c == null ? 0 : c.fullyFilled)
                    .append("\tpartial.fills=").append(c == null ? 0 : c.partial)
                    .append("\trejects=").append(s.rejects()).append("\tcancels=").append(s.cancels())
                    .append("\trefused=").append(collector.refused(id)).append('\n');
            LatencyHistogram h = collector.tickToTrade(id);
            b.append("t2t\t").append(id).append("\tcount=").append(h.count()).append("\tmin=").append(h.min()).append("\tp50=")
                    .append(h.valueAtPercentile(50)).append("\tp99=").append(h.valueAtPercentile(99)).append("\tmax=").append(h.max()).append('\n');
            h.forEachBucket((value, count) -> b.append("t2tbin\t").append(id).append('\t').append(value).append('\t').append(count).append('\n'));
        }
        for (Series s : series) {
            collector.read(s.position, view);
            b.append("position\t").append(view.strategyId).append('\t').append(view.symbolId).append("\trealised=").append(view.realisedScaled)
                    .append("\tunrealised=").append(view.unrealisedScaled).append("\tposition=").append(view.positionScaled)
                    .append("\tfees=").append(view.feesScaled).append("\tfills=").append(view.fills).append("\tmark=").append(view.markScaled)
                    .append("\tmax.drawdown=").append(s.maxDrawdown).append("\toverflowed=").append(view.overflowed).append('\n');
        }
        out.append(b);
        b.setLength(0);
        for (int i = 0; i < points; i++) {
            b.append("t\t").append(pointTime[i]).append('\n');
            for (int id = 0; id < mids.length; id++) {
                if (mids[id] != null && mids[id][i] != PositionView.NO_MARK) b.append("mid\t").append(id).append('\t').append(mids[id][i]).append('\n');
            }
            for (Series s : series) {
                b.append("pnl\t").append(s.position.strategyId()).append('\t').append(s.position.symbolId()).append('\t').append(s.realised[i])
                        .append('\t').append(s.unrealised[i]).append('\t').append(s.quantity[i]).append('\n');
            }
            if (b.length() > 1 << 15) {
                out.append(b);
                b.setLength(0);
            }
        }
        for (int i = 0; i < fills; i++) {
            long who = fillWho[i];
            b.append("fill\t").append(fillTime[i]).append('\t').append(who >>> 32).append('\t').append((int) (who & 0xFFFF_FFFFL) >>> 1)
                    .append('\t').append((who & 1) == 1 ? "SELL" : "BUY").append('\t').append(fillPrice[i]).append('\t').append(fillQuantity[i])
                    .append('\t').append(fillFee[i]).append('\t').append(fillFeeScale[i]).append('\n');
            if (b.length() > 1 << 15) {
                out.append(b);
                b.setLength(0);
            }
        }
        out.append(b);
    }

    private static void line(StringBuilder b, String kind, String key, long value) {
        b.append(kind).append('\t').append(key).append('\t').append(value).append('\n');
    }

    // ------------------------------------------------------------------ for tests

    int points() { return points; }
    long bucketNs() { return bucketNs; }
    int fills() { return fills; }
}
