package flox.api.book;

import flox.api.event.BookUpdate;

/**
 * Test-only copy of {@link OrderBook} as it was before the block layout (commit c7b8ca9): one
 * sorted flat array per side anchored at the worst end. The differential tests apply the same
 * updates to both and compare every getter; it is the specification the new layout must keep.
 * Do not change it except to rename. Public for flox.bench, whose {@code OrderBookApplyBenchmark}
 * takes it from flox.api's test jar as its baseline.
 *
 * <p>Original class comment:
 *
 * A price-level (L2) order book for one symbol, on fixed-point longs at the symbol's scales.
 * Bids are kept best (highest) first, asks best (lowest) first, in preallocated parallel arrays
 * of {@link #capacity()} levels per side. Each side occupies the high end of its arrays (the best
 * level at index {@code capacity - levels}, the worst at {@code capacity - 1}), so inserting or
 * removing a level shifts only the levels <em>better</em> than it, with one
 * {@link System#arraycopy} per array: changes near the top, where the market and the matching
 * engine work, move a handful of levels however deep the book is. (Measured on the BTCUSDT
 * recording: of 97,272 inserts and removals, 70 % had more than 1,000 worse levels behind them
 * but 79 % had fewer than 500 better ones in front.) Lookups gallop from the best level and then
 * binary-search the bracket, so a price {@code k} levels from the top costs about
 * {@code 2 log2(k)} comparisons.
 *
 * <p>{@link #apply(BookUpdate)} takes a snapshot (replaces the book) or a delta (sets each
 * listed level to the given absolute quantity; quantity 0 removes the level, and removing a
 * price that is not in the book is a no-op). A level that would not fit is dropped from the far
 * end of the book (the worst levels go first) and counted in {@link #droppedLevels()}; the best
 * levels are never lost. Once a level has been dropped that way the book knows nothing beyond its
 * worst level, as with any depth-limited venue snapshot. A full side is also the slow case: a new
 * level then shifts the worse levels instead, so size the capacity above the depth the feed
 * reaches (a Binance book built from a 1,000-level snapshot grows past 2,000 levels a side).
 *
 * <p><b>Validity.</b> A book is valid ({@link #isValid()}) from a snapshot until an update flagged
 * {@link BookUpdate#INVALID}, which clears it; the next snapshot makes it valid again. A new (or
 * {@link #clear cleared}) book is invalid: deltas alone do not make a venue's book, so a
 * subscriber that joins after a feed's snapshot waits for the next one (connectors resend them
 * periodically, see {@link flox.api.plugin.ExchangeConnector}). An update flagged {@link BookUpdate#CONTINUED} opens (or continues) a fragmented
 * venue update: until a fragment without the flag (or an INVALID update) is applied,
 * {@link #isUpdating()} is true. Queries answer from the levels applied so far, so mid-update
 * they may show a book the venue never had (one side half replaced, even crossed); decide only
 * when {@link #isConsistent()} (valid and not updating). The book applies every update whatever
 * its state; only the caller can refuse to act on it.
 *
 * <p>The book does not check sequence numbers: it applies what it is given and records
 * {@link BookUpdate#lastUpdateId()}. Keeping updates in order (dropping stale ones, detecting
 * gaps, resynchronising from a snapshot) is the feed handler's job.
 *
 * <p>Not thread-safe: one owner thread applies and reads (a bus subscriber, a connector, the
 * simulated exchange); another thread must not even read while it writes. Allocation: the
 * level arrays are allocated once by the constructor; no method allocates.
 */
public final class ReferenceOrderBook {
    /** Returned by price getters when that side is empty. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final int symbolId;
    private final int capacity;
    /** Descending in [capacity - bidCount, capacity): the highest bid first. */
    private final long[] bidPrices;
    private final long[] bidQuantities;
    /** Ascending in [capacity - askCount, capacity): the lowest ask first. */
    private final long[] askPrices;
    private final long[] askQuantities;
    private int bidCount;
    private int askCount;
    private long lastUpdateId;
    private long droppedLevels;
    private boolean valid;
    private boolean updating;

    /**
     * Creates an empty, invalid book; allocates its level arrays, the only allocation it makes.
     *
     * @param symbolId the symbol whose updates {@link #apply(BookUpdate)} accepts
     * @param capacity maximum levels kept per side
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public ReferenceOrderBook(int symbolId, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0");
        this.symbolId = symbolId;
        this.capacity = capacity;
        bidPrices = new long[capacity];
        bidQuantities = new long[capacity];
        askPrices = new long[capacity];
        askQuantities = new long[capacity];
    }

    /** {@return the most levels kept per side, as given to the constructor} */
    public int capacity() { return capacity; }

    /** {@return the symbol whose updates {@link #apply(BookUpdate)} accepts} */
    public int symbolId() { return symbolId; }

    /**
     * Applies a snapshot or a delta; returns false (and changes nothing) if it is for another
     * symbol. A snapshot empties the book and loads its levels as if each were set in turn (a
     * level with quantity 0 is absent; a price listed twice takes the later entry) and makes the
     * book valid. A delta sets each level to its
     * quantity or removes it when the quantity is 0 or negative. An {@link BookUpdate#INVALID}
     * update empties the book, ignores its levels and makes the book invalid. Every update sets
     * {@link #isUpdating()} to its {@link BookUpdate#CONTINUED} flag (INVALID ends a sequence),
     * and {@link #lastUpdateId()} becomes its {@link BookUpdate#lastUpdateId()}.
     *
     * @param update the update to apply; read during the call only, not kept
     * @return true if applied, false if {@code update} is for another symbol
     */
    public boolean apply(BookUpdate update) {
        if (update.symbolId() != symbolId) {
            return false;
        }
        if (update.isInvalid()) {
            bidCount = 0;
            askCount = 0;
            valid = false;
            updating = false;
            lastUpdateId = update.lastUpdateId();
            return true;
        }
        updating = update.isContinued();
        if (update.type() == BookUpdate.Type.SNAPSHOT) {
            valid = true;
            loadBids(update);
            loadAsks(update);
        } else {
            for (int i = 0, n = update.bidCount(); i < n; i++) {
                setBid(update.bidPrice(i), update.bidQuantity(i));
            }
            for (int i = 0, n = update.askCount(); i < n; i++) {
                setAsk(update.askPrice(i), update.askQuantity(i));
            }
        }
        lastUpdateId = update.lastUpdateId();
        return true;
    }

    /**
     * Replaces the bids with a snapshot's. Levels listed strictly best first (as venues send
     * them) are written straight to their places; any other order, or a price listed twice, goes
     * level by level through {@link #setBid}, so the later entry for a price wins.
     */
    private void loadBids(BookUpdate u) {
        int n = u.bidCount();
        int valid = 0;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long p = u.bidPrice(i);
            if (i > 0 && p >= previous) {
                valid = -1; // not strictly best first (a repeated price included): level by level
                break;
            }
            previous = p;
            if (u.bidQuantity(i) > 0) {
                valid++;
            }
        }
        bidCount = 0;
        if (valid < 0) {
            for (int i = 0; i < n; i++) {
                setBid(u.bidPrice(i), u.bidQuantity(i));
            }
            return;
        }
        int kept = Math.min(valid, capacity);
        droppedLevels += valid - kept;
        for (int i = 0, j = capacity - kept; j < capacity; i++) {
            long q = u.bidQuantity(i);
            if (q > 0) {
                bidPrices[j] = u.bidPrice(i);
                bidQuantities[j++] = q;
            }
        }
        bidCount = kept;
    }

    /** As {@link #loadBids} for the asks. */
    private void loadAsks(BookUpdate u) {
        int n = u.askCount();
        int valid = 0;
        long previous = 0;
        for (int i = 0; i < n; i++) {
            long p = u.askPrice(i);
            if (i > 0 && p <= previous) {
                valid = -1; // not strictly best first (a repeated price included): level by level
                break;
            }
            previous = p;
            if (u.askQuantity(i) > 0) {
                valid++;
            }
        }
        askCount = 0;
        if (valid < 0) {
            for (int i = 0; i < n; i++) {
                setAsk(u.askPrice(i), u.askQuantity(i));
            }
            return;
        }
        int kept = Math.min(valid, capacity);
        droppedLevels += valid - kept;
        for (int i = 0, j = capacity - kept; j < capacity; i++) {
            long q = u.askQuantity(i);
            if (q > 0) {
                askPrices[j] = u.askPrice(i);
                askQuantities[j++] = q;
            }
        }
        askCount = kept;
    }

    /**
     * Sets the bid level at {@code priceScaled} to {@code quantityScaled}, inserting it if new;
     * a quantity of 0 or less removes the level (a no-op when there is none). Does not change
     * {@link #lastUpdateId()}. Meant for feed handlers and the simulated exchange (which takes
     * liquidity out of the book as its own orders trade against it).
     *
     * @param priceScaled    the level's price at the symbol's price scale
     * @param quantityScaled the level's new absolute quantity at the symbol's quantity scale
     */
    public void setBid(long priceScaled, long quantityScaled) {
        int n = bidCount;
        int i = bidLevelIndex(priceScaled);
        if (i >= 0) {
            if (quantityScaled > 0) {
                bidQuantities[capacity - n + i] = quantityScaled;
            } else {
                removeLevel(bidPrices, bidQuantities, n, i);
                bidCount = n - 1;
            }
        } else if (quantityScaled > 0) {
            bidCount = insertLevel(bidPrices, bidQuantities, n, -i - 1, priceScaled, quantityScaled);
        }
    }

    /**
     * As {@link #setBid(long, long)} for the ask side.
     *
     * @param priceScaled    the level's price at the symbol's price scale
     * @param quantityScaled the level's new absolute quantity at the symbol's quantity scale
     */
    public void setAsk(long priceScaled, long quantityScaled) {
        int n = askCount;
        int i = askLevelIndex(priceScaled);
        if (i >= 0) {
            if (quantityScaled > 0) {
                askQuantities[capacity - n + i] = quantityScaled;
            } else {
                removeLevel(askPrices, askQuantities, n, i);
                askCount = n - 1;
            }
        } else if (quantityScaled > 0) {
            askCount = insertLevel(askPrices, askQuantities, n, -i - 1, priceScaled, quantityScaled);
        }
    }

    /** Removes level {@code level} of a side of {@code n} levels: the better levels move one place towards the worse end. */
    private void removeLevel(long[] prices, long[] quantities, int n, int level) {
        int start = capacity - n;
        System.arraycopy(prices, start, prices, start + 1, level);
        System.arraycopy(quantities, start, quantities, start + 1, level);
    }

    /** Inserts a level at {@code level} (that many levels are better) into a side of {@code n}; returns the new count. */
    private int insertLevel(long[] prices, long[] quantities, int n, int level, long price, long quantity) {
        int start = capacity - n;
        if (n < capacity) {
            // the better levels move one place towards the free end
            System.arraycopy(prices, start, prices, start - 1, level);
            System.arraycopy(quantities, start, quantities, start - 1, level);
            prices[start - 1 + level] = price;
            quantities[start - 1 + level] = quantity;
            return n + 1;
        }
        droppedLevels++;
        if (level == capacity) {
            return n; // worse than every kept level of a full side
        }
        // full: the worst level makes room, the worse levels move one place down
        System.arraycopy(prices, level, prices, level + 1, capacity - 1 - level);
        System.arraycopy(quantities, level, quantities, level + 1, capacity - 1 - level);
        prices[level] = price;
        quantities[level] = quantity;
        return n;
    }

    /**
     * Empties both sides, as new: invalid until the next snapshot, not updating;
     * {@link #lastUpdateId()} becomes 0, {@link #droppedLevels()} is kept.
     */
    public void clear() {
        bidCount = 0;
        askCount = 0;
        lastUpdateId = 0;
        valid = false;
        updating = false;
    }

    /** {@return the number of bid levels in the book} */
    public int bidLevels() { return bidCount; }

    /** {@return the number of ask levels in the book} */
    public int askLevels() { return askCount; }

    /**
     * Price of a bid level.
     *
     * @param level 0 for the best bid; must be below {@link #bidLevels()}
     * @return the price at the symbol's price scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #bidLevels()}
     */
    public long bidPrice(int level) { return bidPrices[capacity - bidCount + checkLevel(level, bidCount)]; }

    /**
     * Quantity of a bid level.
     *
     * @param level 0 for the best bid; must be below {@link #bidLevels()}
     * @return the quantity at the symbol's quantity scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #bidLevels()}
     */
    public long bidQuantity(int level) { return bidQuantities[capacity - bidCount + checkLevel(level, bidCount)]; }

    /**
     * Price of an ask level.
     *
     * @param level 0 for the best ask; must be below {@link #askLevels()}
     * @return the price at the symbol's price scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #askLevels()}
     */
    public long askPrice(int level) { return askPrices[capacity - askCount + checkLevel(level, askCount)]; }

    /**
     * Quantity of an ask level.
     *
     * @param level 0 for the best ask; must be below {@link #askLevels()}
     * @return the quantity at the symbol's quantity scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #askLevels()}
     */
    public long askQuantity(int level) { return askQuantities[capacity - askCount + checkLevel(level, askCount)]; }

    /** {@return the best (highest) bid price, or {@link #NO_PRICE} when there are no bids} */
    public long bestBidPrice() { return bidCount == 0 ? NO_PRICE : bidPrices[capacity - bidCount]; }

    /** {@return the best (lowest) ask price, or {@link #NO_PRICE} when there are no asks} */
    public long bestAskPrice() { return askCount == 0 ? NO_PRICE : askPrices[capacity - askCount]; }

    /** {@return the quantity at the best bid, 0 when there are no bids} */
    public long bestBidQuantity() { return bidCount == 0 ? 0 : bidQuantities[capacity - bidCount]; }

    /** {@return the quantity at the best ask, 0 when there are no asks} */
    public long bestAskQuantity() { return askCount == 0 ? 0 : askQuantities[capacity - askCount]; }

    /**
     * Finds a bid price, galloping from the best level.
     *
     * @param priceScaled the price at the symbol's price scale
     * @return the level of the bid at {@code priceScaled}, or {@code -(insertion level) - 1} when
     *     there is none (as {@link java.util.Arrays#binarySearch(long[], long)}): the insertion level
     *     is the number of bids better than that price
     */
    public int bidLevelIndex(long priceScaled) {
        long[] p = bidPrices;
        int start = capacity - bidCount;
        // gallop from the best level (probes at levels 0, 1, 2, 4, 8...), then binary search the
        // bracket: prices near the top, the common case, take a few well-predicted comparisons
        int lo = start;
        int probe = start;
        int step = 1;
        while (probe < capacity && p[probe] > priceScaled) {
            lo = probe + 1;
            probe = start + step;
            step <<= 1;
        }
        int hi = Math.min(probe, capacity - 1);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = p[mid];
            if (v > priceScaled) {
                lo = mid + 1;
            } else if (v < priceScaled) {
                hi = mid - 1;
            } else {
                return mid - start;
            }
        }
        return -(lo - start + 1);
    }

    /**
     * As {@link #bidLevelIndex(long)} for the asks (better means lower).
     *
     * @param priceScaled the price at the symbol's price scale
     * @return the level of the ask at {@code priceScaled}, or {@code -(number of better asks) - 1}
     *     when there is none
     */
    public int askLevelIndex(long priceScaled) {
        long[] p = askPrices;
        int start = capacity - askCount;
        int lo = start;
        int probe = start;
        int step = 1;
        while (probe < capacity && p[probe] < priceScaled) {
            lo = probe + 1;
            probe = start + step;
            step <<= 1;
        }
        int hi = Math.min(probe, capacity - 1);
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            long v = p[mid];
            if (v < priceScaled) {
                lo = mid + 1;
            } else if (v > priceScaled) {
                hi = mid - 1;
            } else {
                return mid - start;
            }
        }
        return -(lo - start + 1);
    }

    /**
     * {@return the bid quantity at that price, 0 if there is no such bid level}
     * @param priceScaled the price at the symbol's price scale
     */
    public long bidQuantityAt(long priceScaled) {
        int i = bidLevelIndex(priceScaled);
        return i >= 0 ? bidQuantities[capacity - bidCount + i] : 0;
    }

    /**
     * {@return the ask quantity at that price, 0 if there is no such ask level}
     * @param priceScaled the price at the symbol's price scale
     */
    public long askQuantityAt(long priceScaled) {
        int i = askLevelIndex(priceScaled);
        return i >= 0 ? askQuantities[capacity - askCount + i] : 0;
    }

    /**
     * Total bid quantity at prices {@code >= priceLimit}: what a sell order limited at that price
     * could take from the book.
     *
     * @param priceLimit the limit price at the symbol's price scale
     * @return the sum at the symbol's quantity scale, saturating at {@link Long#MAX_VALUE}
     */
    public long bidQuantityAtOrAbove(long priceLimit) {
        int i = bidLevelIndex(priceLimit);
        int end = i >= 0 ? i + 1 : -i - 1;
        return sum(bidQuantities, capacity - bidCount, end);
    }

    /**
     * Total ask quantity at prices {@code <= priceLimit}: what a buy order limited at that price
     * could take from the book.
     *
     * @param priceLimit the limit price at the symbol's price scale
     * @return the sum at the symbol's quantity scale, saturating at {@link Long#MAX_VALUE}
     */
    public long askQuantityAtOrBelow(long priceLimit) {
        int i = askLevelIndex(priceLimit);
        int end = i >= 0 ? i + 1 : -i - 1;
        return sum(askQuantities, capacity - askCount, end);
    }

    /**
     * {@return (best bid + best ask) / 2 rounded down (towards negative infinity; no overflow), at the price scale, or {@link #NO_PRICE} when a side is empty}
     */
    public long midPrice() {
        if (bidCount == 0 || askCount == 0) {
            return NO_PRICE;
        }
        long b = bidPrices[capacity - bidCount];
        long a = askPrices[capacity - askCount];
        return (a & b) + ((a ^ b) >> 1);
    }

    /** {@return true when best bid &gt;= best ask; false when a side is empty} */
    public boolean isCrossed() {
        return bidCount != 0 && askCount != 0 && bidPrices[capacity - bidCount] >= askPrices[capacity - askCount];
    }

    /**
     * False until the first snapshot and from an {@link BookUpdate#INVALID} update until the next
     * snapshot: the venue's book is unknown. Not to be traded on.
     *
     * @return true from a snapshot until an INVALID update or {@link #clear()}
     */
    public boolean isValid() { return valid; }

    /** {@return true after a {@link BookUpdate#CONTINUED} fragment until the update's last fragment} */
    public boolean isUpdating() { return updating; }

    /**
     * {@return true when valid and not in the middle of a fragmented update: the book is the venue's as of {@link #lastUpdateId()}}
     */
    public boolean isConsistent() { return valid && !updating; }

    /**
     * {@return the venue sequence of the last applied update ({@link BookUpdate#lastUpdateId()}); 0 after {@link #clear()}}
     */
    public long lastUpdateId() { return lastUpdateId; }

    /** {@return the levels dropped because a side was full, since creation ({@link #clear()} keeps it)} */
    public long droppedLevels() { return droppedLevels; }

    @Override
    public String toString() {
        return "OrderBook[sym=" + symbolId + (valid ? "" : " INVALID") + (updating ? " UPDATING" : "") + " bids=" + bidCount + " asks=" + askCount
                + " bid=" + bestBidPrice() + " ask=" + bestAskPrice() + " u=" + lastUpdateId + ']';
    }

    /** Sum of {@code levels} quantities from index {@code start}, saturating. */
    private static long sum(long[] quantities, int start, int levels) {
        long total = 0;
        for (int i = start, end = start + levels; i < end; i++) {
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
