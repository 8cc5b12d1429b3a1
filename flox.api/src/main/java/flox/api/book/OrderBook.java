package flox.api.book;

import flox.api.event.BookUpdate;

/**
 * A price-level (L2) order book for one symbol, on fixed-point longs at the symbol's scales.
 * Bids are kept best (highest) first, asks best (lowest) first, in preallocated parallel arrays
 * of {@link #capacity()} levels per side. Lookups are binary searches; inserting or removing a
 * level shifts the worse levels with {@link System#arraycopy}, so changes near the top of a deep
 * book cost a copy of the levels behind them (a few hundred nanoseconds for 1,000 levels at
 * worst) and changes near the bottom cost almost nothing.
 *
 * <p>{@link #apply(BookUpdate)} takes a snapshot (replaces the book) or a delta (sets each
 * listed level to the given absolute quantity; quantity 0 removes the level, and removing a
 * price that is not in the book is a no-op). A level that would not fit is dropped from the far
 * end of the book (the worst levels go first) and counted in {@link #droppedLevels()}; the best
 * levels are never lost. Once a level has been dropped that way the book knows nothing beyond its
 * worst level, as with any depth-limited venue snapshot.
 *
 * <p>The book does not check sequence numbers: it applies what it is given and records
 * {@link BookUpdate#lastUpdateId()}. Keeping updates in order (dropping stale ones, detecting
 * gaps, resynchronising from a snapshot) is the feed handler's job.
 *
 * <p>Not thread-safe: one owner thread applies and reads (a bus subscriber, a connector, the
 * simulated exchange); another thread must not even read while it writes. Allocation: the
 * level arrays are allocated once by the constructor; no method allocates.
 */
public final class OrderBook {
    /** Returned by price getters when that side is empty. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final int symbolId;
    private final int capacity;
    /** Descending: bidPrices[0] is the highest bid. */
    private final long[] bidPrices;
    private final long[] bidQuantities;
    /** Ascending: askPrices[0] is the lowest ask. */
    private final long[] askPrices;
    private final long[] askQuantities;
    private int bidCount;
    private int askCount;
    private long lastUpdateId;
    private long droppedLevels;

    /**
     * @param symbolId the symbol whose updates {@link #apply(BookUpdate)} accepts
     * @param capacity maximum levels kept per side
     */
    public OrderBook(int symbolId, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0");
        this.symbolId = symbolId;
        this.capacity = capacity;
        bidPrices = new long[capacity];
        bidQuantities = new long[capacity];
        askPrices = new long[capacity];
        askQuantities = new long[capacity];
    }

    public int capacity() { return capacity; }

    public int symbolId() { return symbolId; }

    /**
     * Applies a snapshot or a delta; returns false (and changes nothing) if it is for another
     * symbol. A snapshot empties the book and loads its levels (a level with quantity 0 is
     * skipped; a price listed twice keeps the later quantity). A delta sets each level to its
     * quantity or removes it when the quantity is 0 or negative. Either way
     * {@link #lastUpdateId()} becomes the update's {@link BookUpdate#lastUpdateId()}.
     */
    public boolean apply(BookUpdate update) {
        if (update.symbolId() != symbolId) {
            return false;
        }
        if (update.type() == BookUpdate.Type.SNAPSHOT) {
            bidCount = 0;
            askCount = 0;
        }
        for (int i = 0, n = update.bidCount(); i < n; i++) {
            setBid(update.bidPrice(i), update.bidQuantity(i));
        }
        for (int i = 0, n = update.askCount(); i < n; i++) {
            setAsk(update.askPrice(i), update.askQuantity(i));
        }
        lastUpdateId = update.lastUpdateId();
        return true;
    }

    /**
     * Sets the bid level at {@code priceScaled} to {@code quantityScaled}, inserting it if new;
     * a quantity of 0 or less removes the level (a no-op when there is none). Does not change
     * {@link #lastUpdateId()}. Meant for feed handlers and the simulated exchange (which takes
     * liquidity out of the book as its own orders trade against it).
     */
    public void setBid(long priceScaled, long quantityScaled) {
        int n = bidCount;
        if (quantityScaled <= 0) {
            int i = bidLevelIndex(priceScaled);
            if (i >= 0) {
                System.arraycopy(bidPrices, i + 1, bidPrices, i, n - i - 1);
                System.arraycopy(bidQuantities, i + 1, bidQuantities, i, n - i - 1);
                bidCount = n - 1;
            }
            return;
        }
        // fast path for a snapshot listed best first: the new level goes after the worst one
        int i = n == 0 || priceScaled < bidPrices[n - 1] ? -n - 1 : bidLevelIndex(priceScaled);
        if (i >= 0) {
            bidQuantities[i] = quantityScaled;
            return;
        }
        i = -i - 1;
        if (i == capacity) {
            droppedLevels++; // worse than every kept level of a full side
            return;
        }
        if (n == capacity) {
            droppedLevels++; // the worst level makes room
            n--;
        }
        System.arraycopy(bidPrices, i, bidPrices, i + 1, n - i);
        System.arraycopy(bidQuantities, i, bidQuantities, i + 1, n - i);
        bidPrices[i] = priceScaled;
        bidQuantities[i] = quantityScaled;
        bidCount = n + 1;
    }

    /** As {@link #setBid(long, long)} for the ask side. */
    public void setAsk(long priceScaled, long quantityScaled) {
        int n = askCount;
        if (quantityScaled <= 0) {
            int i = askLevelIndex(priceScaled);
            if (i >= 0) {
                System.arraycopy(askPrices, i + 1, askPrices, i, n - i - 1);
                System.arraycopy(askQuantities, i + 1, askQuantities, i, n - i - 1);
                askCount = n - 1;
            }
            return;
        }
        int i = n == 0 || priceScaled > askPrices[n - 1] ? -n - 1 : askLevelIndex(priceScaled);
        if (i >= 0) {
            askQuantities[i] = quantityScaled;
            return;
        }
        i = -i - 1;
        if (i == capacity) {
            droppedLevels++;
            return;
        }
        if (n == capacity) {
            droppedLevels++;
            n--;
        }
        System.arraycopy(askPrices, i, askPrices, i + 1, n - i);
        System.arraycopy(askQuantities, i, askQuantities, i + 1, n - i);
        askPrices[i] = priceScaled;
        askQuantities[i] = quantityScaled;
        askCount = n + 1;
    }

    /** Empties both sides; {@link #lastUpdateId()} becomes 0, {@link #droppedLevels()} is kept. */
    public void clear() {
        bidCount = 0;
        askCount = 0;
        lastUpdateId = 0;
    }

    public int bidLevels() { return bidCount; }

    public int askLevels() { return askCount; }

    /** Level 0 is the best; {@code level} must be below {@link #bidLevels()}. */
    public long bidPrice(int level) { return bidPrices[checkLevel(level, bidCount)]; }

    public long bidQuantity(int level) { return bidQuantities[checkLevel(level, bidCount)]; }

    /** Level 0 is the best; {@code level} must be below {@link #askLevels()}. */
    public long askPrice(int level) { return askPrices[checkLevel(level, askCount)]; }

    public long askQuantity(int level) { return askQuantities[checkLevel(level, askCount)]; }

    /** Best bid price or {@link #NO_PRICE}. */
    public long bestBidPrice() { return bidCount == 0 ? NO_PRICE : bidPrices[0]; }

    /** Best ask price or {@link #NO_PRICE}. */
    public long bestAskPrice() { return askCount == 0 ? NO_PRICE : askPrices[0]; }

    /** Quantity at the best bid, 0 when there are no bids. */
    public long bestBidQuantity() { return bidCount == 0 ? 0 : bidQuantities[0]; }

    /** Quantity at the best ask, 0 when there are no asks. */
    public long bestAskQuantity() { return askCount == 0 ? 0 : askQuantities[0]; }

    /**
     * Level index of the bid at {@code priceScaled}, or {@code -(insertion level) - 1} when there
     * is none (as {@link java.util.Arrays#binarySearch(long[], long)}): the insertion level is
     * the number of bids better than that price.
     */
    public int bidLevelIndex(long priceScaled) {
        long[] p = bidPrices;
        int lo = 0;
        int hi = bidCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = p[mid];
            if (v > priceScaled) {
                lo = mid + 1;
            } else if (v < priceScaled) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** As {@link #bidLevelIndex(long)} for the asks (better means lower). */
    public int askLevelIndex(long priceScaled) {
        long[] p = askPrices;
        int lo = 0;
        int hi = askCount - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = p[mid];
            if (v < priceScaled) {
                lo = mid + 1;
            } else if (v > priceScaled) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -(lo + 1);
    }

    /** Quantity at the price on that side, 0 if no such level. */
    public long bidQuantityAt(long priceScaled) {
        int i = bidLevelIndex(priceScaled);
        return i >= 0 ? bidQuantities[i] : 0;
    }

    public long askQuantityAt(long priceScaled) {
        int i = askLevelIndex(priceScaled);
        return i >= 0 ? askQuantities[i] : 0;
    }

    /**
     * Total bid quantity at prices {@code >= priceLimit}: what a sell order limited at that price
     * could take from the book. Saturates at {@link Long#MAX_VALUE}.
     */
    public long bidQuantityAtOrAbove(long priceLimit) {
        int i = bidLevelIndex(priceLimit);
        int end = i >= 0 ? i + 1 : -i - 1;
        return sum(bidQuantities, end);
    }

    /**
     * Total ask quantity at prices {@code <= priceLimit}: what a buy order limited at that price
     * could take from the book. Saturates at {@link Long#MAX_VALUE}.
     */
    public long askQuantityAtOrBelow(long priceLimit) {
        int i = askLevelIndex(priceLimit);
        int end = i >= 0 ? i + 1 : -i - 1;
        return sum(askQuantities, end);
    }

    /**
     * (best bid + best ask) / 2 rounded down (towards negative infinity; no overflow), or
     * {@link #NO_PRICE} when a side is empty.
     */
    public long midPrice() {
        if (bidCount == 0 || askCount == 0) {
            return NO_PRICE;
        }
        long b = bidPrices[0];
        long a = askPrices[0];
        return (a & b) + ((a ^ b) >> 1);
    }

    /** Best bid &gt;= best ask; false when a side is empty. */
    public boolean isCrossed() {
        return bidCount != 0 && askCount != 0 && bidPrices[0] >= askPrices[0];
    }

    /** Venue sequence of the last applied update ({@link BookUpdate#lastUpdateId()}); 0 after {@link #clear()}. */
    public long lastUpdateId() { return lastUpdateId; }

    /** Levels dropped because a side was full, since creation. */
    public long droppedLevels() { return droppedLevels; }

    @Override
    public String toString() {
        return "OrderBook[sym=" + symbolId + " bids=" + bidCount + " asks=" + askCount
                + " bid=" + bestBidPrice() + " ask=" + bestAskPrice() + " u=" + lastUpdateId + ']';
    }

    private static long sum(long[] quantities, int end) {
        long total = 0;
        for (int i = 0; i < end; i++) {
            long q = quantities[i];
            if (total > Long.MAX_VALUE - q) {
                return Long.MAX_VALUE;
            }
            total += q;
        }
        return total;
    }

    private static int checkLevel(int level, int count) {
        if (level < 0 || level >= count) {
            throw new IndexOutOfBoundsException("level " + level + " of " + count);
        }
        return level;
    }
}
