package flox.connector.binance.internal.feed;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;

/**
 * A feed's full-depth book of one symbol: the same levels, validity and capacity rule as
 * {@link OrderBook} (a level that would not fit is dropped from the far end and counted), kept
 * for what a feed asks of it: apply diffs, read the best levels after each, and now and then list
 * the top levels in order (the connector's periodic snapshot). Per side, the best levels (up to
 * {@link #TOP}) sit in a small sorted array and the rest in an open-addressing hash table by
 * price, so a change below the top is one probe, whatever the depth: on Binance, 29 % of level
 * changes land below the best 256 levels (the BTCUSDT recording). Levels move between the two in
 * batches: the top's worst half goes down when the top is full, the best levels below come up
 * when the top empties. Listing the levels below the top in order sorts them (heapsort, no
 * allocation).
 *
 * <p>One thread (the connector's feed thread). Allocation: the constructor; a side's hash table
 * doubles (a new array) when it passes half full, so only at a new high-water mark of depth,
 * never in steady state; nothing else allocates. See docs/ARCHITECTURE.md, "Binance connector:
 * the full-depth book".
 */
public final class DepthBook {
    /** Most levels a side keeps in its sorted top. */
    static final int TOP = 256;
    /** Levels a full top keeps: the rest, its worst, go down to the table. */
    static final int KEEP = TOP / 2;
    /** Levels an empty top takes up from the table. */
    static final int REFILL = TOP * 3 / 4;
    private static final int INITIAL_TABLE = 1024;

    private final int symbolId;
    private final int capacity;
    /** Keys are the prices: higher is better. */
    private final Side bids;
    /** Keys are {@code ~price} (an order-reversing bijection): the lowest ask has the highest key. */
    private final Side asks;
    private long lastUpdateId;
    private long droppedLevels;
    private boolean valid;
    private boolean updating;

    /**
     * @param symbolId the symbol whose updates {@link #apply} accepts
     * @param capacity most levels kept per side
     */
    public DepthBook(int symbolId, int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0");
        this.symbolId = symbolId;
        this.capacity = capacity;
        bids = new Side(capacity);
        asks = new Side(capacity);
    }

    /** As {@link OrderBook#apply}: a snapshot replaces, a delta sets each level (0 removes), INVALID clears. */
    public boolean apply(BookUpdate update) {
        if (update.symbolId() != symbolId) return false;
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
            bids.clear();
            asks.clear();
        }
        Side b = bids;
        for (int i = 0, n = update.bidCount(); i < n; i++) {
            if (b.set(update.bidPrice(i), update.bidQuantity(i))) droppedLevels++;
        }
        Side a = asks;
        for (int i = 0, n = update.askCount(); i < n; i++) {
            if (a.set(~update.askPrice(i), update.askQuantity(i))) droppedLevels++;
        }
        lastUpdateId = update.lastUpdateId();
        return true;
    }

    /** Empties the book and makes it invalid, as {@link OrderBook#clear()}. */
    public void clear() {
        bids.clear();
        asks.clear();
        lastUpdateId = 0;
        valid = false;
        updating = false;
    }

    public int symbolId() { return symbolId; }
    public int capacity() { return capacity; }
    public int bidLevels() { return bids.levels(); }
    public int askLevels() { return asks.levels(); }
    public long bestBidPrice() { return bids.topCount == 0 ? OrderBook.NO_PRICE : bids.bestKey(); }
    public long bestAskPrice() { return asks.topCount == 0 ? OrderBook.NO_PRICE : ~asks.bestKey(); }
    public long bestBidQuantity() { return bids.topCount == 0 ? 0 : bids.bestQuantity(); }
    public long bestAskQuantity() { return asks.topCount == 0 ? 0 : asks.bestQuantity(); }
    public boolean isValid() { return valid; }
    public boolean isUpdating() { return updating; }
    public boolean isConsistent() { return valid && !updating; }
    public long lastUpdateId() { return lastUpdateId; }
    public long droppedLevels() { return droppedLevels; }

    /**
     * Adds up to {@code out.capacity()} levels a side, best first, to {@code out} (which the
     * caller has reset); returns the bid and ask levels left out. Sorts the levels below the top
     * when more than the top is asked for: O(n log n) in the side's depth, no allocation.
     */
    public int appendLevels(BookUpdate out) {
        int max = out.capacity();
        int left = 0;
        Side b = bids;
        int nb = b.sortedForListing(max);
        for (int i = 0; i < nb; i++) out.addBid(b.listedKey(i), b.listedQuantity(i));
        left += b.levels() - nb;
        Side a = asks;
        int na = a.sortedForListing(max);
        for (int i = 0; i < na; i++) out.addAsk(~a.listedKey(i), a.listedQuantity(i));
        left += a.levels() - na;
        return left;
    }

    @Override
    public String toString() {
        return "DepthBook[symbol=" + symbolId + ", bids=" + bids.levels() + ", asks=" + asks.levels() + ", valid=" + valid + "]";
    }

    /**
     * One side. Keys: higher is better. The top holds {@code topCount} keys ascending (the best
     * last, where most changes land, so inserts there shift little); every key at or above
     * {@link #bound} is in the top, every key in the table is below it. The top is empty only
     * when the whole side is.
     */
    static final class Side {
        final int capacity;
        /** Key and quantity of each level, interleaved (one copy shifts both). */
        final long[] top = new long[2 * TOP];
        int topCount;
        /** Keys at or above it are in the top; {@code Long.MIN_VALUE} while the table is empty. */
        long bound = Long.MIN_VALUE;
        /** Open addressing, linear probing; a quantity of 0 marks a free slot. */
        long[] tableKeys = new long[INITIAL_TABLE];
        long[] tableQuantities = new long[INITIAL_TABLE];
        int tableShift = 64 - Integer.numberOfTrailingZeros(INITIAL_TABLE);
        int tableCount;
        /** Listing: the table's keys sorted best first (filled by {@link #sortedForListing}). */
        long[] listing = new long[0];

        Side(int capacity) {
            this.capacity = capacity;
        }

        int levels() { return topCount + tableCount; }

        long bestKey() { return top[2 * topCount - 2]; }

        long bestQuantity() { return top[2 * topCount - 1]; }

        void clear() {
            topCount = 0;
            if (tableCount > 0) {
                java.util.Arrays.fill(tableQuantities, 0L);
                tableCount = 0;
            }
            bound = Long.MIN_VALUE;
        }

        /** Sets a level (quantity 0 or less removes it); true if a level was dropped for want of room. */
        boolean set(long key, long quantity) {
            if (key >= bound) return setTop(key, quantity);
            int slot = slotOf(key);
            if (slot >= 0) {
                if (quantity > 0) {
                    tableQuantities[slot] = quantity;
                } else {
                    removeSlot(slot);
                }
                return false;
            }
            if (quantity <= 0) return false;
            if (levels() < capacity) {
                tablePut(key, quantity);
                return false;
            }
            int worst = worstSlot();
            if (key < tableKeys[worst]) return true; // worse than every kept level of a full side
            removeSlot(worst);
            tablePut(key, quantity);
            return true;
        }

        private boolean setTop(long key, long quantity) {
            int i = topSearch(key);
            if (i >= 0) {
                if (quantity > 0) {
                    top[2 * i + 1] = quantity;
                } else {
                    removeTop(i);
                }
                return false;
            }
            if (quantity <= 0) return false;
            boolean dropped = false;
            if (levels() >= capacity) {
                if (tableCount > 0) {
                    removeSlot(worstSlot()); // every table key is below this one
                } else if (key < top[0]) {
                    return true; // worse than every kept level of a full side
                } else {
                    removeTop(0);
                    i = topSearch(key);
                }
                dropped = true;
            }
            if (topCount == TOP) {
                spill();
                if (key < bound) {
                    tablePut(key, quantity);
                    return dropped;
                }
                i = topSearch(key);
            }
            int at = 2 * (-i - 1);
            long[] t = top;
            System.arraycopy(t, at, t, at + 2, 2 * topCount - at);
            t[at] = key;
            t[at + 1] = quantity;
            topCount++;
            return dropped;
        }

        /**
         * Index of {@code key} in the top, or {@code -(insertion point) - 1}: a binary search
         * whose steps are conditional moves, not branches (the venue's changes are unpredictable).
         */
        private int topSearch(long key) {
            int n = topCount;
            if (n == 0) return -1;
            long[] t = top;
            int base = 0;
            while (n > 1) {
                int half = n >>> 1;
                base = t[2 * (base + half)] <= key ? base + half : base;
                n -= half;
            }
            long k = t[2 * base];
            if (k == key) return base;
            return k < key ? -base - 2 : -base - 1;
        }

        private void removeTop(int i) {
            long[] t = top;
            System.arraycopy(t, 2 * i + 2, t, 2 * i, 2 * (topCount - i - 1));
            topCount--;
            if (topCount == 0 && tableCount > 0) refill();
        }

        /** The top is full: all but its best {@link #KEEP} levels go to the table. */
        private void spill() {
            long[] t = top;
            int down = TOP - KEEP;
            for (int i = 0; i < down; i++) tablePut(t[2 * i], t[2 * i + 1]);
            System.arraycopy(t, 2 * down, t, 0, 2 * KEEP);
            topCount = KEEP;
            bound = t[0];
        }

        /** The top emptied: the table's best {@link #REFILL} levels come up (one pass over the table). */
        private void refill() {
            long[] t = top;
            long[] tk = tableKeys;
            long[] tq = tableQuantities;
            int n = 0;
            for (int s = 0; s < tq.length; s++) {
                long quantity = tq[s];
                if (quantity == 0) continue;
                long key = tk[s];
                if (n == REFILL && key <= t[0]) continue;
                int at = 0; // insertion point in the ascending top
                while (at < n && t[2 * at] < key) at++;
                if (n == REFILL) { // the worst candidate makes room
                    at--;
                    System.arraycopy(t, 2, t, 0, 2 * at);
                } else {
                    System.arraycopy(t, 2 * at, t, 2 * at + 2, 2 * (n - at));
                    n++;
                }
                t[2 * at] = key;
                t[2 * at + 1] = quantity;
            }
            for (int i = 0; i < n; i++) removeSlot(slotOf(t[2 * i]));
            topCount = n;
            bound = tableCount == 0 ? Long.MIN_VALUE : t[0];
        }

        private int index(long key) {
            return (int) ((key * 0x9E3779B97F4A7C15L) >>> tableShift);
        }

        /** The slot holding {@code key}, or -1. */
        private int slotOf(long key) {
            long[] tk = tableKeys;
            long[] tq = tableQuantities;
            int mask = tq.length - 1;
            for (int s = index(key); ; s = (s + 1) & mask) {
                if (tq[s] == 0) return -1;
                if (tk[s] == key) return s;
            }
        }

        /** Puts a key known to be absent. */
        private void tablePut(long key, long quantity) {
            if ((tableCount + 1) * 2 > tableQuantities.length) grow();
            long[] tk = tableKeys;
            long[] tq = tableQuantities;
            int mask = tq.length - 1;
            int s = index(key);
            while (tq[s] != 0) s = (s + 1) & mask;
            tk[s] = key;
            tq[s] = quantity;
            tableCount++;
        }

        /** Removes a slot, moving later entries of its cluster back so that every probe still finds them. */
        private void removeSlot(int slot) {
            long[] tk = tableKeys;
            long[] tq = tableQuantities;
            int mask = tq.length - 1;
            int hole = slot;
            for (int s = (slot + 1) & mask; tq[s] != 0; s = (s + 1) & mask) {
                int home = index(tk[s]);
                // the entry at s may fill the hole if its home is not in (hole, s] cyclically
                if (((s - home) & mask) >= ((s - hole) & mask)) {
                    tk[hole] = tk[s];
                    tq[hole] = tq[s];
                    hole = s;
                }
            }
            tq[hole] = 0;
            tableCount--;
            if (tableCount == 0) bound = Long.MIN_VALUE;
        }

        /** The slot of the table's lowest key (the table is not empty); one pass over it. */
        private int worstSlot() {
            long[] tk = tableKeys;
            long[] tq = tableQuantities;
            int worst = -1;
            for (int s = 0; s < tq.length; s++) {
                if (tq[s] != 0 && (worst < 0 || tk[s] < tk[worst])) worst = s;
            }
            return worst;
        }

        private void grow() {
            long[] oldKeys = tableKeys;
            long[] oldQuantities = tableQuantities;
            int size = oldQuantities.length * 2;
            tableKeys = new long[size];
            tableQuantities = new long[size];
            tableShift--;
            tableCount = 0;
            for (int s = 0; s < oldQuantities.length; s++) {
                if (oldQuantities[s] != 0) tablePut(oldKeys[s], oldQuantities[s]);
            }
        }

        // ---------------------------------------------------------------- listing in order

        private int listedTop;

        /** Prepares levels best first for {@link #listedKey}; returns how many (at most {@code max}). */
        int sortedForListing(int max) {
            int n = Math.min(max, levels());
            listedTop = Math.min(n, topCount);
            if (n > topCount) {
                if (listing.length < tableCount) listing = new long[tableQuantities.length / 2]; // the table's most
                long[] l = listing;
                int m = 0;
                long[] tq = tableQuantities;
                long[] tk = tableKeys;
                for (int s = 0; s < tq.length; s++) {
                    if (tq[s] != 0) l[m++] = tk[s];
                }
                heapSortDescending(l, m);
            }
            return n;
        }

        long listedKey(int i) {
            return i < listedTop ? top[2 * (topCount - 1 - i)] : listing[i - listedTop];
        }

        long listedQuantity(int i) {
            return i < listedTop ? top[2 * (topCount - 1 - i) + 1] : tableQuantities[slotOf(listing[i - listedTop])];
        }

        /** Sorts {@code a[0, n)} highest first, in place (a min-heap, each minimum moved to the end). */
        static void heapSortDescending(long[] a, int n) {
            for (int i = n / 2 - 1; i >= 0; i--) siftDown(a, i, n);
            for (int end = n - 1; end > 0; end--) {
                long t = a[0];
                a[0] = a[end];
                a[end] = t;
                siftDown(a, 0, end);
            }
        }

        private static void siftDown(long[] a, int i, int n) {
            long v = a[i];
            while (true) {
                int c = 2 * i + 1;
                if (c >= n) break;
                if (c + 1 < n && a[c + 1] < a[c]) c++;
                if (a[c] >= v) break;
                a[i] = a[c];
                i = c;
            }
            a[i] = v;
        }
    }
}
