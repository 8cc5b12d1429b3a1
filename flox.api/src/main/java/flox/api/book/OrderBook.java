package flox.api.book;

import flox.api.event.BookUpdate;

/**
 * A price-level (L2) order book for one symbol, on fixed-point longs at the symbol's scales.
 * Bids are kept best (highest) first, asks best (lowest) first. Each side is an unrolled list:
 * sorted blocks of up to 32 levels (prices and quantities in parallel arrays) from a pool
 * preallocated for {@link #capacity()} levels, listed in price order with each block's count and
 * worst price. A price is found by galloping over the blocks' worst prices from the top (or from
 * the block found last, as a venue lists a side's levels best first) and a fixed, branch-free
 * search inside the block; inserting or removing a level shifts at most the rest of its block,
 * however deep it is (a full block splits, a block below half full merges with or borrows from
 * a neighbour). Level getters walk the block counts from the top, remembering the last block
 * reached, so reading levels 0, 1, 2... in turn costs O(1) a level. (The flat sorted arrays this
 * replaced shifted every better level on each insert or removal: on the BTCUSDT recording that
 * was about 250 levels, most of the time of a diff; see docs/ARCHITECTURE.md, Order book.)
 *
 * <p>{@link #apply(BookUpdate)} takes a snapshot (replaces the book) or a delta (sets each
 * listed level to the given absolute quantity; quantity 0 removes the level, and removing a
 * price that is not in the book is a no-op). A level that would not fit is dropped from the far
 * end of the book (the worst levels go first) and counted in {@link #droppedLevels()}; the best
 * levels are never lost. Once a level has been dropped that way the book knows nothing beyond its
 * worst level, as with any depth-limited venue snapshot, so size the capacity above the depth the
 * feed reaches (a Binance book built from a 1,000-level snapshot grows past 2,000 levels a side).
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
 * simulated exchange); another thread must not even read while it writes, since even the level
 * getters move the remembered position. Allocation: the constructor allocates the pool (about
 * 32 bytes a level of capacity per side: two longs a level, the pool sized for blocks half
 * full); no method allocates.
 */
public final class OrderBook {
    /** Returned by price getters when that side is empty. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private final int symbolId;
    private final int capacity;
    /** Keys are the prices: descending keys put the highest bid first. */
    private final Side bids;
    /** Keys are {@code ~price} (an order-reversing bijection, no overflow): the lowest ask first. */
    private final Side asks;
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
    public OrderBook(int symbolId, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0");
        this.symbolId = symbolId;
        this.capacity = capacity;
        bids = new Side(capacity);
        asks = new Side(capacity);
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
            bids.clear();
            asks.clear();
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
            Side b = bids;
            for (int i = 0, n = update.bidCount(); i < n; i++) {
                if (b.set(update.bidPrice(i), update.bidQuantity(i))) droppedLevels++;
            }
            Side a = asks;
            for (int i = 0, n = update.askCount(); i < n; i++) {
                if (a.set(~update.askPrice(i), update.askQuantity(i))) droppedLevels++;
            }
        }
        lastUpdateId = update.lastUpdateId();
        return true;
    }

    /**
     * Replaces the bids with a snapshot's. Levels listed strictly best first (as venues send
     * them) are appended block by block with no search; any other order, or a price listed twice,
     * goes level by level through {@link #setBid}, so the later entry for a price wins.
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
        Side side = bids;
        side.clear();
        if (valid < 0) {
            for (int i = 0; i < n; i++) {
                setBid(u.bidPrice(i), u.bidQuantity(i));
            }
            return;
        }
        int kept = Math.min(valid, capacity);
        droppedLevels += valid - kept;
        side.startLoad(kept);
        for (int i = 0, j = 0; j < kept; i++) {
            long q = u.bidQuantity(i);
            if (q > 0) {
                side.append(u.bidPrice(i), q);
                j++;
            }
        }
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
        Side side = asks;
        side.clear();
        if (valid < 0) {
            for (int i = 0; i < n; i++) {
                setAsk(u.askPrice(i), u.askQuantity(i));
            }
            return;
        }
        int kept = Math.min(valid, capacity);
        droppedLevels += valid - kept;
        side.startLoad(kept);
        for (int i = 0, j = 0; j < kept; i++) {
            long q = u.askQuantity(i);
            if (q > 0) {
                side.append(~u.askPrice(i), q);
                j++;
            }
        }
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
        if (bids.set(priceScaled, quantityScaled)) droppedLevels++;
    }

    /**
     * As {@link #setBid(long, long)} for the ask side.
     *
     * @param priceScaled    the level's price at the symbol's price scale
     * @param quantityScaled the level's new absolute quantity at the symbol's quantity scale
     */
    public void setAsk(long priceScaled, long quantityScaled) {
        if (asks.set(~priceScaled, quantityScaled)) droppedLevels++;
    }

    /**
     * Empties both sides, as new: invalid until the next snapshot, not updating;
     * {@link #lastUpdateId()} becomes 0, {@link #droppedLevels()} is kept.
     */
    public void clear() {
        bids.clear();
        asks.clear();
        lastUpdateId = 0;
        valid = false;
        updating = false;
    }

    /** {@return the number of bid levels in the book} */
    public int bidLevels() { return bids.levels; }

    /** {@return the number of ask levels in the book} */
    public int askLevels() { return asks.levels; }

    /**
     * Price of a bid level.
     *
     * @param level 0 for the best bid; must be below {@link #bidLevels()}
     * @return the price at the symbol's price scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #bidLevels()}
     */
    public long bidPrice(int level) {
        Side s = bids;
        return s.keys[s.slot(checkLevel(level, s.levels))];
    }

    /**
     * Quantity of a bid level.
     *
     * @param level 0 for the best bid; must be below {@link #bidLevels()}
     * @return the quantity at the symbol's quantity scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #bidLevels()}
     */
    public long bidQuantity(int level) {
        Side s = bids;
        return s.quantities[s.slot(checkLevel(level, s.levels))];
    }

    /**
     * Price of an ask level.
     *
     * @param level 0 for the best ask; must be below {@link #askLevels()}
     * @return the price at the symbol's price scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #askLevels()}
     */
    public long askPrice(int level) {
        Side s = asks;
        return ~s.keys[s.slot(checkLevel(level, s.levels))];
    }

    /**
     * Quantity of an ask level.
     *
     * @param level 0 for the best ask; must be below {@link #askLevels()}
     * @return the quantity at the symbol's quantity scale
     * @throws IndexOutOfBoundsException if {@code level} is negative or not below {@link #askLevels()}
     */
    public long askQuantity(int level) {
        Side s = asks;
        return s.quantities[s.slot(checkLevel(level, s.levels))];
    }

    /** {@return the best (highest) bid price, or {@link #NO_PRICE} when there are no bids} */
    public long bestBidPrice() { return bids.levels == 0 ? NO_PRICE : bids.bestKey(); }

    /** {@return the best (lowest) ask price, or {@link #NO_PRICE} when there are no asks} */
    public long bestAskPrice() { return asks.levels == 0 ? NO_PRICE : ~asks.bestKey(); }

    /** {@return the quantity at the best bid, 0 when there are no bids} */
    public long bestBidQuantity() { return bids.levels == 0 ? 0 : bids.bestQuantity(); }

    /** {@return the quantity at the best ask, 0 when there are no asks} */
    public long bestAskQuantity() { return asks.levels == 0 ? 0 : asks.bestQuantity(); }

    /**
     * Finds a bid price, galloping over the blocks from the best level.
     *
     * @param priceScaled the price at the symbol's price scale
     * @return the level of the bid at {@code priceScaled}, or {@code -(insertion level) - 1} when
     *     there is none (as {@link java.util.Arrays#binarySearch(long[], long)}): the insertion level
     *     is the number of bids better than that price
     */
    public int bidLevelIndex(long priceScaled) { return bids.levelIndex(priceScaled); }

    /**
     * As {@link #bidLevelIndex(long)} for the asks (better means lower).
     *
     * @param priceScaled the price at the symbol's price scale
     * @return the level of the ask at {@code priceScaled}, or {@code -(number of better asks) - 1}
     *     when there is none
     */
    public int askLevelIndex(long priceScaled) { return asks.levelIndex(~priceScaled); }

    /**
     * {@return the bid quantity at that price, 0 if there is no such bid level}
     * @param priceScaled the price at the symbol's price scale
     */
    public long bidQuantityAt(long priceScaled) { return bids.quantityAt(priceScaled); }

    /**
     * {@return the ask quantity at that price, 0 if there is no such ask level}
     * @param priceScaled the price at the symbol's price scale
     */
    public long askQuantityAt(long priceScaled) { return asks.quantityAt(~priceScaled); }

    /**
     * Total bid quantity at prices {@code >= priceLimit}: what a sell order limited at that price
     * could take from the book.
     *
     * @param priceLimit the limit price at the symbol's price scale
     * @return the sum at the symbol's quantity scale, saturating at {@link Long#MAX_VALUE}
     */
    public long bidQuantityAtOrAbove(long priceLimit) { return bids.quantityUpTo(priceLimit); }

    /**
     * Total ask quantity at prices {@code <= priceLimit}: what a buy order limited at that price
     * could take from the book.
     *
     * @param priceLimit the limit price at the symbol's price scale
     * @return the sum at the symbol's quantity scale, saturating at {@link Long#MAX_VALUE}
     */
    public long askQuantityAtOrBelow(long priceLimit) { return asks.quantityUpTo(~priceLimit); }

    /**
     * {@return (best bid + best ask) / 2 rounded down (towards negative infinity; no overflow), at the price scale, or {@link #NO_PRICE} when a side is empty}
     */
    public long midPrice() {
        if (bids.levels == 0 || asks.levels == 0) {
            return NO_PRICE;
        }
        long b = bids.bestKey();
        long a = ~asks.bestKey();
        return (a & b) + ((a ^ b) >> 1);
    }

    /** {@return true when best bid &gt;= best ask; false when a side is empty} */
    public boolean isCrossed() {
        return bids.levels != 0 && asks.levels != 0 && bids.bestKey() >= ~asks.bestKey();
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
        return "OrderBook[sym=" + symbolId + (valid ? "" : " INVALID") + (updating ? " UPDATING" : "") + " bids=" + bids.levels + " asks="
                + asks.levels + " bid=" + bestBidPrice() + " ask=" + bestAskPrice() + " u=" + lastUpdateId + ']';
    }

    private static int checkLevel(int level, int count) {
        if (level < 0 || level >= count) {
            throw new IndexOutOfBoundsException("level " + level + " of " + count);
        }
        return level;
    }

    /**
     * One side of the book as an unrolled list: levels sorted by a key, highest key (the best
     * level) first, in blocks of up to {@link #BLOCK} levels taken from a pool preallocated for
     * {@code capacity} levels. Block {@code b} holds its levels best first at the front of
     * {@code [b * BLOCK, (b + 1) * BLOCK)} of {@code keys} and {@code quantities}; its unused key
     * slots hold {@link Long#MIN_VALUE}, so a search inside a block can run a fixed number of
     * steps without branches. {@code order} lists the blocks in key order; {@code counts} and
     * {@code lastKeys} (each block's worst key) follow that order, so the search over blocks reads
     * one contiguous array. Every block holds at least {@link #MIN_FILL} levels when there are
     * two or more (a removal below that merges with or borrows from a neighbour), so at most
     * {@code (capacity + 1) / MIN_FILL} blocks are ever in use (the {@code + 1}: an insert into a
     * full side splits before the worst level goes). A slot is a level's index in the pool
     * (block id * BLOCK + offset).
     *
     * <p>The bid side's key is the price, the ask side's {@code ~price} (converted by OrderBook),
     * so one descending order serves both.
     */
    private static final class Side {
        static final int SHIFT = 5;
        /** Levels per block (find's in-block search is written for 32). */
        static final int BLOCK = 1 << SHIFT;
        /** A block (one of several) below this many levels merges with or borrows from a neighbour. */
        static final int MIN_FILL = BLOCK / 2;
        /** Two neighbours with at most this many levels together merge; more, they share evenly. */
        static final int MERGE_FILL = BLOCK;
        /** Levels per block when loading a sorted snapshot: room for inserts before a split. */
        static final int LOAD_FILL = BLOCK * 3 / 4;

        final int capacity;
        /** By slot. */
        final long[] keys;
        final long[] quantities;
        /** Block ids in key order, best first, in [0, blocks). */
        final int[] order;
        /** By position in {@link #order}: levels in the block, and its worst key. */
        final int[] counts;
        final long[] lastKeys;
        /** Free block ids, in [0, freeCount). */
        final int[] free;
        int freeCount;
        int blocks;
        int levels;
        /** A known (block position, level of its first entry) pair: (0, 0) or exact; reset by every change of shape. */
        int cachePos;
        int cacheStart;
        /** Where {@link #find} found (or would insert) a key: block position and offset in it. */
        int foundPos;
        int foundOffset;
        /** Snapshot loading: the levels each block gets (the first {@code loadExtra} one more). */
        int loadPos;
        int loadPerBlock;
        int loadExtra;

        Side(int capacity) {
            this.capacity = capacity;
            int pool = (capacity + 1) / MIN_FILL + 1;
            keys = new long[pool * BLOCK];
            quantities = new long[pool * BLOCK];
            order = new int[pool];
            counts = new int[pool];
            lastKeys = new long[pool];
            free = new int[pool];
            for (int i = 0; i < pool; i++) {
                free[i] = pool - 1 - i; // block 0 first
            }
            freeCount = pool;
        }

        void clear() {
            int[] o = order;
            for (int k = 0, n = blocks; k < n; k++) {
                free[freeCount++] = o[k];
            }
            blocks = 0;
            levels = 0;
            cachePos = 0;
            cacheStart = 0;
        }

        long bestKey() { return keys[order[0] << SHIFT]; }

        long bestQuantity() { return quantities[order[0] << SHIFT]; }

        /**
         * Locates {@code key}: sets {@link #foundPos} and {@link #foundOffset} to its place, or
         * to where it would be inserted (the end of the last block when it is worse than every
         * level); true if present. Gallops over the blocks' worst keys (from the block found last
         * when that is safe, else from the best), binary-searches the bracket, then counts the
         * block's keys above it.
         */
        boolean find(long key) {
            int n = blocks;
            if (n == 0) {
                foundPos = 0;
                foundOffset = 0;
                return false;
            }
            long[] last = lastKeys;
            // start from the last block found when every block before it is better: a venue lists
            // a side's levels best first, so the next level of an update is usually there or after
            int start = foundPos;
            if (start >= n || (start > 0 && last[start - 1] <= key)) {
                start = 0;
            }
            int lo = start;
            int probe = start;
            int step = 1;
            while (probe < n && last[probe] > key) {
                lo = probe + 1;
                probe = start + step;
                step <<= 1;
            }
            int hi = Math.min(probe, n); // the first block whose worst key <= key is in [lo, hi]; n: none
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (last[mid] > key) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            if (lo == n) {
                foundPos = n - 1;
                foundOffset = counts[n - 1];
                return false;
            }
            // count the block's keys above key without branches, in two rounds of independent
            // loads (not a chain of five): first the worst key of each of the first seven groups of
            // four, then three keys of the group found. Unused slots hold Long.MIN_VALUE, never
            // above a key, and the answer is below the block's count (its worst key <= key).
            // Written for BLOCK == 32.
            long[] k = keys;
            int base = order[lo] << SHIFT;
            int l = (k[base + 3] > key ? 4 : 0) + (k[base + 7] > key ? 4 : 0) + (k[base + 11] > key ? 4 : 0)
                    + (k[base + 15] > key ? 4 : 0) + (k[base + 19] > key ? 4 : 0) + (k[base + 23] > key ? 4 : 0)
                    + (k[base + 27] > key ? 4 : 0);
            int g = base + l;
            l += (k[g] > key ? 1 : 0) + (k[g + 1] > key ? 1 : 0) + (k[g + 2] > key ? 1 : 0);
            foundPos = lo;
            foundOffset = l;
            return k[base + l] == key;
        }

        /** Sets a level (see OrderBook.setBid); returns true if a level was dropped for want of room. */
        boolean set(long key, long quantity) {
            boolean found = find(key);
            if (found) {
                if (quantity > 0) {
                    quantities[(order[foundPos] << SHIFT) + foundOffset] = quantity;
                } else {
                    remove(foundPos, foundOffset);
                }
                return false;
            }
            if (quantity <= 0) {
                return false;
            }
            if (levels < capacity) {
                insert(foundPos, foundOffset, key, quantity);
                return false;
            }
            int last = blocks - 1;
            if (foundPos == last && foundOffset == counts[last]) {
                return true; // worse than every kept level of a full side
            }
            insert(foundPos, foundOffset, key, quantity);
            last = blocks - 1;
            remove(last, counts[last] - 1); // the worst level makes room
            return true;
        }

        /** Inserts at offset {@code off} of the block at position {@code pos}, splitting a full block. */
        private void insert(int pos, int off, long key, long quantity) {
            cachePos = 0;
            cacheStart = 0;
            long[] k = keys;
            long[] q = quantities;
            if (blocks == 0) {
                int b = free[--freeCount];
                pad(b, 0);
                order[0] = b;
                counts[0] = 0;
                blocks = 1;
                pos = 0;
                off = 0;
            }
            int c = counts[pos];
            if (c == BLOCK) {
                int half = BLOCK / 2;
                int b = order[pos];
                int nb = free[--freeCount];
                System.arraycopy(k, (b << SHIFT) + half, k, nb << SHIFT, BLOCK - half);
                System.arraycopy(q, (b << SHIFT) + half, q, nb << SHIFT, BLOCK - half);
                pad(b, half);
                pad(nb, BLOCK - half);
                int move = blocks - pos - 1;
                System.arraycopy(order, pos + 1, order, pos + 2, move);
                System.arraycopy(counts, pos + 1, counts, pos + 2, move);
                System.arraycopy(lastKeys, pos + 1, lastKeys, pos + 2, move);
                order[pos + 1] = nb;
                counts[pos] = half;
                counts[pos + 1] = BLOCK - half;
                lastKeys[pos + 1] = lastKeys[pos];
                lastKeys[pos] = k[(b << SHIFT) + half - 1];
                blocks++;
                if (off > half) {
                    pos++;
                    off -= half;
                }
                c = counts[pos];
            }
            int base = order[pos] << SHIFT;
            int at = base + off;
            System.arraycopy(k, at, k, at + 1, c - off);
            System.arraycopy(q, at, q, at + 1, c - off);
            k[at] = key;
            q[at] = quantity;
            counts[pos] = c + 1;
            if (off == c) {
                lastKeys[pos] = key;
            }
            levels++;
        }

        /** Removes the level at offset {@code off} of the block at position {@code pos}; refills an underfull block. */
        private void remove(int pos, int off) {
            cachePos = 0;
            cacheStart = 0;
            long[] k = keys;
            long[] q = quantities;
            int base = order[pos] << SHIFT;
            int c = counts[pos] - 1;
            int at = base + off;
            System.arraycopy(k, at + 1, k, at, c - off);
            System.arraycopy(q, at + 1, q, at, c - off);
            k[base + c] = Long.MIN_VALUE;
            counts[pos] = c;
            levels--;
            if (c > 0) {
                lastKeys[pos] = k[base + c - 1];
            }
            if (c >= MIN_FILL) {
                return;
            }
            if (blocks == 1) {
                if (c == 0) {
                    free[freeCount++] = order[0];
                    blocks = 0;
                }
                return;
            }
            rebalance(pos < blocks - 1 ? pos : pos - 1);
        }

        /** Merges the blocks at positions {@code left} and {@code left + 1}, or shares their levels evenly. */
        private void rebalance(int left) {
            long[] k = keys;
            long[] q = quantities;
            int right = left + 1;
            int lb = order[left] << SHIFT;
            int rb = order[right] << SHIFT;
            int lc = counts[left];
            int rc = counts[right];
            int total = lc + rc;
            if (total <= MERGE_FILL) {
                System.arraycopy(k, rb, k, lb + lc, rc);
                System.arraycopy(q, rb, q, lb + lc, rc);
                free[freeCount++] = order[right];
                counts[left] = total;
                lastKeys[left] = lastKeys[right];
                int move = blocks - right - 1;
                System.arraycopy(order, right + 1, order, right, move);
                System.arraycopy(counts, right + 1, counts, right, move);
                System.arraycopy(lastKeys, right + 1, lastKeys, right, move);
                blocks--;
                return;
            }
            int lt = total >>> 1;
            if (lc > lt) { // the left block's worst levels move to the front of the right one
                int m = lc - lt;
                System.arraycopy(k, rb, k, rb + m, rc);
                System.arraycopy(q, rb, q, rb + m, rc);
                System.arraycopy(k, lb + lt, k, rb, m);
                System.arraycopy(q, lb + lt, q, rb, m);
                pad(lb >>> SHIFT, lt);
            } else { // the right block's best levels move to the end of the left one
                int m = lt - lc;
                System.arraycopy(k, rb, k, lb + lc, m);
                System.arraycopy(q, rb, q, lb + lc, m);
                System.arraycopy(k, rb + m, k, rb, rc - m);
                System.arraycopy(q, rb + m, q, rb, rc - m);
                pad(rb >>> SHIFT, rc - m);
            }
            counts[left] = lt;
            counts[right] = total - lt;
            lastKeys[left] = k[lb + lt - 1];
            lastKeys[right] = k[rb + total - lt - 1];
        }

        /** Sets the keys of block {@code b} from offset {@code from} to its end to Long.MIN_VALUE (the unused slots). */
        private void pad(int b, int from) {
            long[] k = keys;
            for (int i = (b << SHIFT) + from, end = (b + 1) << SHIFT; i < end; i++) {
                k[i] = Long.MIN_VALUE;
            }
        }

        /** Starts loading {@code kept} levels given best first (the side is empty): blocks {@link #LOAD_FILL} full. */
        void startLoad(int kept) {
            if (kept == 0) {
                return;
            }
            // LOAD_FILL a block, but never below MIN_FILL when there are several
            int n = kept <= BLOCK ? 1 : Math.min((kept + LOAD_FILL - 1) / LOAD_FILL, kept / MIN_FILL);
            for (int p = 0; p < n; p++) {
                int b = free[--freeCount];
                pad(b, 0);
                order[p] = b;
                counts[p] = 0;
            }
            blocks = n;
            levels = kept;
            loadPos = 0;
            loadPerBlock = kept / n;
            loadExtra = kept % n;
        }

        /** Appends the next level of a load started by {@link #startLoad}, worse than every level so far. */
        void append(long key, long quantity) {
            int p = loadPos;
            int c = counts[p];
            int at = (order[p] << SHIFT) + c;
            keys[at] = key;
            quantities[at] = quantity;
            lastKeys[p] = key;
            counts[p] = ++c;
            if (c == loadPerBlock + (p < loadExtra ? 1 : 0)) {
                loadPos = p + 1;
            }
        }

        /** The slot of level {@code level} (in range), walking the block counts from the cached position. */
        int slot(int level) {
            int[] cnt = counts;
            int p = cachePos;
            int s = cacheStart;
            if (level < s) {
                if (level < s - level) {
                    p = 0;
                    s = 0;
                } else {
                    do {
                        s -= cnt[--p];
                    } while (level < s);
                }
            }
            for (int c; level >= s + (c = cnt[p]); p++) {
                s += c;
            }
            cachePos = p;
            cacheStart = s;
            return (order[p] << SHIFT) + level - s;
        }

        /** The level of the first entry of the block at position {@code pos} (at most {@code blocks - 1}). */
        private int startOf(int pos) {
            int[] cnt = counts;
            int p = cachePos;
            int s = cacheStart;
            if (pos < p) {
                if (pos < p - pos) {
                    p = 0;
                    s = 0;
                } else {
                    do {
                        s -= cnt[--p];
                    } while (p > pos);
                }
            }
            for (; p < pos; p++) {
                s += cnt[p];
            }
            cachePos = p;
            cacheStart = s;
            return s;
        }

        /** OrderBook.bidLevelIndex on keys. */
        int levelIndex(long key) {
            boolean found = find(key);
            if (blocks == 0) {
                return -1;
            }
            int level = startOf(foundPos) + foundOffset;
            return found ? level : -level - 1;
        }

        long quantityAt(long key) {
            return find(key) ? quantities[(order[foundPos] << SHIFT) + foundOffset] : 0;
        }

        /** Sum of the quantities of the levels with keys {@code >= key}, best first, saturating. */
        long quantityUpTo(long key) {
            boolean found = find(key);
            if (blocks == 0) {
                return 0;
            }
            int endPos = foundPos;
            int endOffset = found ? foundOffset + 1 : foundOffset;
            long[] q = quantities;
            long total = 0;
            for (int p = 0; p <= endPos; p++) {
                int from = order[p] << SHIFT;
                int to = from + (p == endPos ? endOffset : counts[p]);
                for (int i = from; i < to; i++) {
                    long v = q[i];
                    if (total > Long.MAX_VALUE - v) {
                        return Long.MAX_VALUE;
                    }
                    total += v;
                }
            }
            return total;
        }
    }
}
