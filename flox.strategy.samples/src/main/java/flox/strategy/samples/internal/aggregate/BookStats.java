package flox.strategy.samples.internal.aggregate;

import flox.api.book.OrderBook;
import flox.strategy.samples.internal.SeqLock;

/**
 * Top-of-book statistics of one symbol, updated from its book after every change: the current
 * best bid and ask, spread and top-of-book imbalance, and over all two-sided updates the mean,
 * minimum and maximum spread and the mean imbalance.
 *
 * <pre>
 * spread    = best ask - best bid                                   (price scale)
 * imbalance = (bid qty - ask qty) / (bid qty + ask qty) at the top, in ppm: +1,000,000 = all bids
 * </pre>
 *
 * <p>One writer thread ({@link #onBook}); readers on any thread ({@link #read}: seqlock).
 * No allocation.
 */
public final class BookStats {
    public static final long PPM = 1_000_000L;

    private final int symbolId;
    private final SeqLock lock = new SeqLock();
    private long updates;
    private long twoSided;
    private long bestBid = OrderBook.NO_PRICE;
    private long bestAsk = OrderBook.NO_PRICE;
    private long bidQuantity;
    private long askQuantity;
    private long spread;
    private long imbalancePpm;
    private long spreadSum;
    private long spreadMin = Long.MAX_VALUE;
    private long spreadMax = Long.MIN_VALUE;
    private long imbalanceSum;
    private boolean crossed;

    public BookStats(int symbolId) {
        this.symbolId = symbolId;
    }

    public int symbolId() {
        return symbolId;
    }

    /** Writer: the book after an update. */
    public void onBook(OrderBook book) {
        lock.beginWrite();
        try {
            updates++;
            bestBid = book.bestBidPrice();
            bestAsk = book.bestAskPrice();
            bidQuantity = book.bestBidQuantity();
            askQuantity = book.bestAskQuantity();
            if (bestBid == OrderBook.NO_PRICE || bestAsk == OrderBook.NO_PRICE) return;
            crossed = bestBid >= bestAsk;
            spread = bestAsk - bestBid;
            imbalancePpm = imbalancePpm(bidQuantity, askQuantity);
            twoSided++;
            spreadSum += spread;
            if (spread < spreadMin) spreadMin = spread;
            if (spread > spreadMax) spreadMax = spread;
            imbalanceSum += imbalancePpm;
        } finally {
            lock.endWrite();
        }
    }

    /** (bid - ask) / (bid + ask) in ppm; 0 when both are 0. Quantities are non-negative. */
    static long imbalancePpm(long bid, long ask) {
        long total = bid + ask;
        if (total <= 0) return 0; // empty, or (absurdly large) overflowed
        long diff = bid - ask;
        if (Math.abs(diff) < Long.MAX_VALUE / PPM) return diff * PPM / total;
        return diff / (total / PPM); // huge quantities: precision to spare
    }

    /** Any thread: copies a consistent state. */
    public void read(View into) {
        long v;
        do {
            v = lock.beginRead();
            into.updates = updates;
            into.twoSidedUpdates = twoSided;
            into.bestBid = bestBid;
            into.bestAsk = bestAsk;
            into.bidQuantity = bidQuantity;
            into.askQuantity = askQuantity;
            into.spread = spread;
            into.imbalancePpm = imbalancePpm;
            into.crossed = crossed;
            into.spreadMin = spreadMin;
            into.spreadMax = spreadMax;
            into.spreadMean = twoSided == 0 ? 0 : spreadSum / twoSided;
            into.imbalanceMeanPpm = twoSided == 0 ? 0 : imbalanceSum / twoSided;
        } while (!lock.isValid(v));
        into.symbolId = symbolId;
    }

    /** A copy of the statistics; prices at the symbol's price scale, quantities at its quantity scale. */
    public static final class View {
        public int symbolId;
        public long updates;
        /** Updates after which both sides had a price: the ones the spread statistics cover. */
        public long twoSidedUpdates;
        public long bestBid;
        public long bestAsk;
        public long bidQuantity;
        public long askQuantity;
        public long spread;
        public long imbalancePpm;
        public boolean crossed;
        public long spreadMin;
        public long spreadMax;
        public long spreadMean;
        public long imbalanceMeanPpm;
    }
}
