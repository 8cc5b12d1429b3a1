package flox.strategy.samples.internal.metrics;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * What the metrics collector knows about one strategy id: order, fill and reject counts, its
 * acknowledgement latency, the tick-to-trade of its detached probes and its position per symbol.
 * Written by the collector's execution thread only (the retired tick-to-trade under the
 * collector's lock); read by anyone (counters are published with release stores, positions
 * through their seqlock, the position table through a volatile reference replaced when a symbol
 * is first traded). Allocates only when the strategy first trades a symbol.
 */
public final class StrategyStats {
    static final int ORDERS = 0;
    static final int FILLS = 1;
    static final int REJECTS = 2;
    static final int CANCELS = 3;
    /** ACCEPTED reports with no hand-off time: the order was not stamped (or overwritten), or its submit had not returned. */
    static final int ACK_UNMEASURED = 4;
    /** Orders with at least one fill (FILLS counts fill reports: a partly filled order has several). */
    static final int FILLED_ORDERS = 5;
    private static final int COUNTERS = 6;

    private final int strategyId;
    private final AtomicLongArray counters = new AtomicLongArray(COUNTERS);
    private final LatencyHistogram ackLatency = new LatencyHistogram();
    /** Tick-to-trade and refusals of probes detached from the collector (a replaced instance's). */
    final LatencyHistogram retiredTickToTrade = new LatencyHistogram(); // written under the collector's lock
    long retiredRefused; // guarded by the collector's lock
    private volatile Position[] positions = new Position[0];

    StrategyStats(int strategyId) {
        this.strategyId = strategyId;
    }

    public int strategyId() { return strategyId; }
    public long orders() { return counters.getAcquire(ORDERS); }
    /** Fill reports (executions): an order filled in three parts counts three. */
    public long fills() { return counters.getAcquire(FILLS); }
    /** Orders with at least one fill. */
    public long filledOrders() { return counters.getAcquire(FILLED_ORDERS); }
    public long rejects() { return counters.getAcquire(REJECTS); }
    public long cancels() { return counters.getAcquire(CANCELS); }
    /** ACCEPTED report received by the host (its receive time) minus the order's hand-off to the venue. */
    public LatencyHistogram ackLatency() { return ackLatency; }
    /** ACCEPTED reports without a hand-off time (see {@link MetricsCollector}). */
    public long ackUnmeasured() { return counters.getAcquire(ACK_UNMEASURED); }

    /** Writer only. */
    void increment(int counter) {
        counters.setRelease(counter, counters.getPlain(counter) + 1);
    }

    /** Writer only: the position in {@code symbolId}, created (allocating) on first use. */
    Position position(int symbolId, int priceScale, int quantityScale) {
        Position[] table = positions;
        if (symbolId < table.length && table[symbolId] != null) return table[symbolId];
        Position[] next = Arrays.copyOf(table, Math.max(table.length, symbolId + 1));
        Position p = new Position(strategyId, symbolId, priceScale, quantityScale);
        next[symbolId] = p;
        positions = next;
        return p;
    }

    /** Any thread: positions by symbol id (null where never traded). Do not modify. */
    public Position[] positions() {
        return positions;
    }
}
