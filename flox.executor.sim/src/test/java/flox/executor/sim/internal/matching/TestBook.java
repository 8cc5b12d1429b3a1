package flox.executor.sim.internal.matching;

import flox.api.event.BookUpdate;

/**
 * A plain external book for tests: sorted arrays, best first, applies {@link BookUpdate}
 * snapshots and deltas. Not thread-safe; no allocation after construction.
 */
final class TestBook implements MarketLevels {
    private final long[] bidPx;
    private final long[] bidQty;
    private final long[] askPx;
    private final long[] askQty;
    private int bids;
    private int asks;

    TestBook(int capacity) {
        bidPx = new long[capacity];
        bidQty = new long[capacity];
        askPx = new long[capacity];
        askQty = new long[capacity];
    }

    void apply(BookUpdate u) {
        if (u.type() == BookUpdate.Type.SNAPSHOT) {
            bids = 0;
            asks = 0;
        }
        for (int i = 0; i < u.bidCount(); i++) setBid(u.bidPrice(i), u.bidQuantity(i));
        for (int i = 0; i < u.askCount(); i++) setAsk(u.askPrice(i), u.askQuantity(i));
    }

    void setBid(long px, long qty) {
        bids = set(bidPx, bidQty, bids, px, qty, true);
    }

    void setAsk(long px, long qty) {
        asks = set(askPx, askQty, asks, px, qty, false);
    }

    private static int set(long[] prices, long[] qtys, int n, long px, long qty, boolean descending) {
        int i = 0;
        while (i < n && (descending ? prices[i] > px : prices[i] < px)) i++;
        if (i < n && prices[i] == px) {
            if (qty > 0) {
                qtys[i] = qty;
                return n;
            }
            System.arraycopy(prices, i + 1, prices, i, n - i - 1);
            System.arraycopy(qtys, i + 1, qtys, i, n - i - 1);
            return n - 1;
        }
        if (qty <= 0) return n;
        if (n == prices.length) {
            if (i == n) return n; // beyond the kept depth
            n--; // drop the worst
        }
        System.arraycopy(prices, i, prices, i + 1, n - i);
        System.arraycopy(qtys, i, qtys, i + 1, n - i);
        prices[i] = px;
        qtys[i] = qty;
        return n + 1;
    }

    @Override public int askLevels() { return asks; }
    @Override public long askPrice(int level) { return askPx[level]; }
    @Override public long askQuantity(int level) { return askQty[level]; }
    @Override public int bidLevels() { return bids; }
    @Override public long bidPrice(int level) { return bidPx[level]; }
    @Override public long bidQuantity(int level) { return bidQty[level]; }
}
