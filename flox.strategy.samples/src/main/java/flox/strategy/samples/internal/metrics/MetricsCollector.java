package flox.strategy.samples.internal.metrics;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.num.FixedPoint;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.math.RoundingMode;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The metrics collector's logic, without OSGi: counts market-data and execution events, keeps a
 * book per symbol to mark positions to the mid (no mark while the book is invalid; the last mark
 * stands between the fragments of one update), and per strategy counts orders, fills, rejects
 * and cancels, gathers tick-to-trade, measures the acknowledgement latency and keeps positions
 * and PnL.
 *
 * <p><b>Attribution.</b> Execution reports carry no strategy id, so the collector reads the
 * order from the host's {@link OrderTracker} (lock-free, no allocation) and takes its
 * {@link OrderState#strategyId()}. Reports for orders the tracker no longer knows are counted as
 * unattributed.
 *
 * <p><b>Counting.</b> orders = ACCEPTED + REJECTED reports (every new order gets exactly one of
 * them: the venue acknowledges or refuses it, and the host's gateway reports its own refusals as
 * REJECTED); fills = PARTIALLY_FILLED and FILLED reports with a last quantity; rejects =
 * REJECTED; cancels = CANCELED.
 *
 * <p><b>Tick-to-trade</b> is measured by each strategy in its {@link TickToTradeProbe}: market
 * event to {@code submit} returned with the order handed to the venue; refused orders are
 * counted. The collector sums the attached probes (and what detached ones recorded) when asked.
 *
 * <p><b>Acknowledgement latency</b> is {@code received - handed} for each ACCEPTED report: the
 * report's {@link ExecutionEvent#receiveTimestampNs()} (host monotonic time when the host received
 * or, a simulated venue, made it; the collector's clock at arrival when the report has none) minus
 * the hand-off time the strategy stamped for the order, so the collector's own delivery (an agent
 * that may sleep) is not in it. An ACCEPTED report without a hand-off time, or received before
 * it, is counted as unmeasured: the order was
 * not stamped (not a sample strategy's, or overwritten in the ring), or its {@code submit} had
 * not returned yet (an inline venue acknowledges inside {@code submit}; a threaded one may beat
 * the strategy's thread).
 *
 * <p>Threads: {@link #onBookUpdate} and {@link #onTrade} from one market-data thread at a time,
 * {@link #onExecution} from one execution thread at a time; neither allocates in steady state
 * (a book per symbol, a stats entry per strategy and a position per strategy and symbol are
 * allocated when first seen). {@link #attach}/{@link #detach} and all queries are thread-safe;
 * queries allocate (cold path). A strategy's row is created (allocating) on its first report or
 * by {@link #register}.
 */
public final class MetricsCollector {
    /** Hand-off times further than this from the clock are not believed. */
    static final long MAX_PLAUSIBLE_AGE_NS = 10_000_000_000L;

    private final OrderTracker tracker;
    private final SymbolRegistry symbols;
    private final NanoClock clock;
    private final int bookLevels;

    // market-data thread
    private OrderBook[] books = new OrderBook[0];
    private volatile AtomicLongArray marks = new AtomicLongArray(0);
    private final AtomicLong bookUpdates = new AtomicLong();
    private final AtomicLong trades = new AtomicLong();

    // execution thread
    private final OrderState order = new OrderState();
    private volatile StrategyStats[] strategies = new StrategyStats[0];
    private final LatencyHistogram ackLatency = new LatencyHistogram();
    private final AtomicLong executions = new AtomicLong();
    private final AtomicLong unattributed = new AtomicLong();
    private final AtomicLong feesNotInPnl = new AtomicLong();

    // any thread (cold)
    private volatile Probe[] probes = new Probe[0];

    private record Probe(int strategyId, TickToTradeProbe probe) {
    }

    public MetricsCollector(OrderTracker tracker, SymbolRegistry symbols, NanoClock clock, int bookLevels) {
        this.tracker = tracker;
        this.symbols = symbols;
        this.clock = clock;
        this.bookLevels = bookLevels;
    }

    // ------------------------------------------------------------------ market data (one thread)

    public void onBookUpdate(BookUpdate update) {
        bookUpdates.setRelease(bookUpdates.getPlain() + 1);
        int symbolId = update.symbolId();
        if (symbolId < 0) return;
        OrderBook book = symbolId < books.length ? books[symbolId] : null;
        if (book == null) book = newBook(symbolId);
        book.apply(update);
        if (book.isUpdating()) return; // the last mark stands until the last fragment
        long mid = book.isValid() ? book.midPrice() : OrderBook.NO_PRICE; // no mark on an invalid book
        AtomicLongArray m = marks;
        m.setRelease(symbolId, mid == OrderBook.NO_PRICE ? PositionView.NO_MARK : mid);
    }

    public void onTrade(TradeEvent trade) {
        trades.setRelease(trades.getPlain() + 1);
    }

    private OrderBook newBook(int symbolId) {
        if (symbolId >= books.length) books = Arrays.copyOf(books, symbolId + 1);
        OrderBook book = new OrderBook(symbolId, bookLevels);
        books[symbolId] = book;
        AtomicLongArray m = marks;
        if (symbolId >= m.length()) {
            AtomicLongArray grown = new AtomicLongArray(symbolId + 1);
            for (int i = 0; i < grown.length(); i++) grown.setPlain(i, i < m.length() ? m.get(i) : PositionView.NO_MARK);
            marks = grown;
        }
        return book;
    }

    /** Any thread: the mid of {@code symbolId} as last seen, or {@link PositionView#NO_MARK}. */
    public long mark(int symbolId) {
        AtomicLongArray m = marks;
        return symbolId >= 0 && symbolId < m.length() ? m.getAcquire(symbolId) : PositionView.NO_MARK;
    }

    // ------------------------------------------------------------------ executions (one thread)

    public void onExecution(ExecutionEvent e) {
        executions.setRelease(executions.getPlain() + 1);
        if (!tracker.read(e.clientOrderId(), order)) {
            unattributed.setRelease(unattributed.getPlain() + 1);
            return;
        }
        StrategyStats s = stats(order.strategyId());
        ExecType type = e.execType();
        switch (type) {
            case ACCEPTED:
                s.increment(StrategyStats.ORDERS);
                measureAck(s, e);
                break;
            case REJECTED:
                s.increment(StrategyStats.ORDERS);
                s.increment(StrategyStats.REJECTS);
                break;
            case PARTIALLY_FILLED:
            case FILLED:
                if (e.lastQuantityScaled() > 0) {
                    s.increment(StrategyStats.FILLS);
                    // the order's first fill: all it has filled is this one (cumulative, so a repeated report is not first)
                    if (e.cumulativeQuantityScaled() == e.lastQuantityScaled()) s.increment(StrategyStats.FILLED_ORDERS);
                    Position p = position(s, e.symbolId());
                    p.applyFill(e.side(), e.lastPriceScaled(), e.lastQuantityScaled());
                    if (e.feeScaled() != 0) applyFee(p, e);
                }
                break;
            case CANCELED:
                s.increment(StrategyStats.CANCELS);
                break;
            default:
                break;
        }
    }

    /**
     * A fee in the quote currency (no asset named) goes into the position's PnL, rounded up to the
     * price unit; one in another asset (BNB...) cannot be priced here: counted, left out of PnL.
     */
    private void applyFee(Position p, ExecutionEvent e) {
        long fee = e.feeAsset() == null ? FixedPoint.rescale(e.feeScaled(), e.feeScale(), p.priceScale(), RoundingMode.CEILING) : FixedPoint.INVALID;
        if (fee == FixedPoint.INVALID) {
            feesNotInPnl.setRelease(feesNotInPnl.getPlain() + 1);
            return;
        }
        p.applyFee(fee);
    }

    /** Fills whose fee is in another asset than the quote currency (or does not fit): not in PnL. Any thread. */
    public long feesNotInPnl() {
        return feesNotInPnl.getAcquire();
    }

    private void measureAck(StrategyStats s, ExecutionEvent e) {
        long received = e.receiveTimestampNs();
        long arrival = received != 0 ? received : clock.nanoTime();
        TickToTradeProbe probe = probeOf(s.strategyId());
        long handed = probe == null ? TickToTradeProbe.NONE : probe.handedNs(e.clientOrderId());
        long latency = arrival - handed;
        if (handed == TickToTradeProbe.NONE || handed == TickToTradeProbe.IN_FLIGHT || latency < 0 || latency > MAX_PLAUSIBLE_AGE_NS) {
            s.increment(StrategyStats.ACK_UNMEASURED);
            return;
        }
        s.ackLatency().record(latency);
        ackLatency.record(latency);
    }

    private StrategyStats stats(int strategyId) {
        for (StrategyStats s : strategies) {
            if (s.strategyId() == strategyId) return s;
        }
        return register(strategyId);
    }

    /**
     * Any thread (cold): makes sure {@code strategyId} has a row, e.g. a configured strategy that
     * has not traded yet. Creation is serialized; lookups on the execution thread stay lock-free.
     */
    public synchronized StrategyStats register(int strategyId) {
        StrategyStats[] all = strategies;
        for (StrategyStats s : all) {
            if (s.strategyId() == strategyId) return s;
        }
        StrategyStats[] next = Arrays.copyOf(all, all.length + 1);
        StrategyStats s = new StrategyStats(strategyId);
        next[all.length] = s;
        strategies = next;
        return s;
    }

    private Position position(StrategyStats s, int symbolId) {
        Position[] table = s.positions();
        if (symbolId >= 0 && symbolId < table.length && table[symbolId] != null) return table[symbolId];
        SymbolInfo info = symbols.symbol(symbolId);
        return s.position(symbolId, info != null ? info.priceScale() : 0, info != null ? info.quantityScale() : 0);
    }

    private TickToTradeProbe probeOf(int strategyId) {
        for (Probe p : probes) {
            if (p.strategyId == strategyId) return p.probe;
        }
        return null;
    }

    // ------------------------------------------------------------------ probes (any thread, cold)

    /** A strategy announces where it measures its tick-to-trade and stamps its hand-off times. */
    public synchronized void attach(int strategyId, TickToTradeProbe probe) {
        register(strategyId);
        Probe[] current = probes;
        Probe[] next = Arrays.copyOf(current, current.length + 1);
        next[current.length] = new Probe(strategyId, probe);
        probes = next;
    }

    /** The probe's tick-to-trade and refusals stay in the strategy's row. */
    public synchronized void detach(int strategyId, TickToTradeProbe probe) {
        Probe[] current = probes;
        Probe[] next = Arrays.stream(current).filter(p -> !(p.strategyId == strategyId && p.probe == probe)).toArray(Probe[]::new);
        if (next.length == current.length) return;
        StrategyStats s = register(strategyId);
        s.retiredTickToTrade.add(probe.tickToTrade());
        s.retiredRefused += probe.refused();
        probes = next;
    }

    // ------------------------------------------------------------------ queries (any thread, allocate)

    public long bookUpdates() { return bookUpdates.getAcquire(); }
    public long trades() { return trades.getAcquire(); }
    public long executions() { return executions.getAcquire(); }
    /** Execution reports for orders the tracker did not know (any more). */
    public long unattributed() { return unattributed.getAcquire(); }
    /** Acknowledgement latency over all strategies. */
    public LatencyHistogram ackLatency() { return ackLatency; }

    /** Tick-to-trade over all strategies: a copy (allocates). */
    public synchronized LatencyHistogram tickToTrade() {
        LatencyHistogram sum = new LatencyHistogram();
        for (StrategyStats s : strategies) sum.add(s.retiredTickToTrade);
        for (Probe p : probes) sum.add(p.probe.tickToTrade());
        return sum;
    }

    /** Tick-to-trade of {@code strategyId}: a copy (allocates). */
    public synchronized LatencyHistogram tickToTrade(int strategyId) {
        LatencyHistogram sum = new LatencyHistogram();
        StrategyStats s = strategy(strategyId);
        if (s != null) sum.add(s.retiredTickToTrade);
        for (Probe p : probes) {
            if (p.strategyId == strategyId) sum.add(p.probe.tickToTrade());
        }
        return sum;
    }

    /** Orders the gateway refused in submit (no tick-to-trade time), over all strategies. */
    public synchronized long refused() {
        long n = 0;
        for (StrategyStats s : strategies) n += s.retiredRefused;
        for (Probe p : probes) n += p.probe.refused();
        return n;
    }

    /** Orders of {@code strategyId} the gateway refused in submit. */
    public synchronized long refused(int strategyId) {
        StrategyStats s = strategy(strategyId);
        long n = s == null ? 0 : s.retiredRefused;
        for (Probe p : probes) {
            if (p.strategyId == strategyId) n += p.probe.refused();
        }
        return n;
    }

    /** Strategies seen so far, in order of their first report. Do not modify. */
    public StrategyStats[] strategies() {
        return strategies;
    }

    /** The stats of {@code strategyId}, or null if it has had no report yet. */
    public StrategyStats strategy(int strategyId) {
        for (StrategyStats s : strategies) {
            if (s.strategyId() == strategyId) return s;
        }
        return null;
    }

    /** Any thread (cold; allocates): the non-zero net positions of {@code strategyId}, symbol id -> quantity (scaled). */
    public java.util.Map<Integer, Long> positions(int strategyId) {
        StrategyStats s = strategy(strategyId);
        if (s == null) return java.util.Map.of();
        java.util.Map<Integer, Long> out = new java.util.TreeMap<>();
        PositionView v = new PositionView();
        for (Position p : s.positions()) {
            if (p == null) continue;
            p.read(v, PositionView.NO_MARK);
            if (v.positionScaled != 0) out.put(p.symbolId(), v.positionScaled);
        }
        return out;
    }

    /** Reads a position with its current mark. */
    public PositionView read(Position p, PositionView into) {
        p.read(into, mark(p.symbolId()));
        return into;
    }
}
