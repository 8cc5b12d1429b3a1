package flox.connector.binance.internal.feed;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;

/**
 * A feed's full-depth book of one symbol: the same levels, validity and capacity rule as
 * {@link OrderBook} (a level that would not fit is dropped from the far end and counted), kept
 * for what a feed asks of it: apply diffs, read the best levels after each, and now and then list
 * the top levels in order (the connector's periodic snapshot). Per side, every level is in an
 * open-addressing hash table by price, and a bitmap over the {@link Side#WINDOW} price ticks
 * below a window top marks which of them hold a level, so the best level is the window's first
 * set bit: a change is one probe and, within the window, one bit, whatever the depth, and nothing
 * shifts. The tick is learnt from the prices (their differences' greatest common divisor), so a
 * venue's tick size needs no configuration; on the BTCUSDT recording 94 % of level changes fall
 * within 65,536 ticks of the best. Listing in order reads the bitmap, then sorts the levels below
 * the window (heapsort, no allocation).
 *
 * <p>One thread (the connector's feed thread). Allocation: the constructor; a side's hash table
 * doubles (a new array) when it passes half full, so only at a new high-water mark of depth,
 * never in steady state; nothing else allocates. See docs/ARCHITECTURE.md, "Binance connector:
 * the full-depth book".
 */
public final class DepthBook {
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
     * How deep the book is known: the worst key of each side's last snapshot (a REST snapshot
     * lists its top levels only; a level beyond it that no diff has touched is unknown, so the
     * book past it has holes). Long.MIN_VALUE: no snapshot yet, nothing is cut. See {@link #appendKnownLevels}.
     */
    private long bidKnownFloor = Long.MIN_VALUE;
    private long askKnownFloor = Long.MIN_VALUE;
    /** True from a snapshot's first fragment to its last (its levels set the known depth). */
    private boolean inSnapshot;

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
            inSnapshot = false;
            bidKnownFloor = Long.MIN_VALUE;
            askKnownFloor = Long.MIN_VALUE;
            lastUpdateId = update.lastUpdateId();
            return true;
        }
        updating = update.isContinued();
        if (update.type() == BookUpdate.Type.SNAPSHOT) {
            valid = true;
            bids.clear();
            asks.clear();
            inSnapshot = true;
            bidKnownFloor = Long.MAX_VALUE; // lowered to the snapshot's worst level below
            askKnownFloor = Long.MAX_VALUE;
        }
        Side b = bids;
        for (int i = 0, n = update.bidCount(); i < n; i++) {
            long key = update.bidPrice(i);
            if (b.set(key, update.bidQuantity(i))) droppedLevels++;
            if (inSnapshot && key < bidKnownFloor) bidKnownFloor = key;
        }
        Side a = asks;
        for (int i = 0, n = update.askCount(); i < n; i++) {
            long key = ~update.askPrice(i);
            if (a.set(key, update.askQuantity(i))) droppedLevels++;
            if (inSnapshot && key < askKnownFloor) askKnownFloor = key;
        }
        if (!updating && inSnapshot) {
            inSnapshot = false;
            // a side the snapshot listed empty has no levels the venue did not send: any later one is known
            if (bidKnownFloor == Long.MAX_VALUE) bidKnownFloor = Long.MIN_VALUE;
            if (askKnownFloor == Long.MAX_VALUE) askKnownFloor = Long.MIN_VALUE;
        }
        lastUpdateId = update.lastUpdateId();
        return true;
    }

    /** Empties the book and makes it invalid, as {@link OrderBook#clear()}. */
    public void clear() {
        bids.clear();
        asks.clear();
        bidKnownFloor = Long.MIN_VALUE;
        askKnownFloor = Long.MIN_VALUE;
        inSnapshot = false;
        lastUpdateId = 0;
        valid = false;
        updating = false;
    }

    public int symbolId() { return symbolId; }
    public int capacity() { return capacity; }
    public int bidLevels() { return bids.levels(); }
    public int askLevels() { return asks.levels(); }
    public long bestBidPrice() { return bids.tableCount == 0 ? OrderBook.NO_PRICE : bids.bestKey(); }
    public long bestAskPrice() { return asks.tableCount == 0 ? OrderBook.NO_PRICE : ~asks.bestKey(); }
    public long bestBidQuantity() { return bids.tableCount == 0 ? 0 : bids.bestQuantity(); }
    public long bestAskQuantity() { return asks.tableCount == 0 ? 0 : asks.bestQuantity(); }
    public boolean isValid() { return valid; }
    public boolean isUpdating() { return updating; }
    public boolean isConsistent() { return valid && !updating; }
    public long lastUpdateId() { return lastUpdateId; }
    public long droppedLevels() { return droppedLevels; }

    /**
     * Adds up to {@code out.capacity()} levels a side, best first, to {@code out} (which the
     * caller has reset); returns the bid and ask levels left out. The window's levels come in
     * order from its bitmap; the levels below it are sorted: O(n log n) in their number, no
     * allocation once the listing buffer has grown with the table.
     */
    public int appendLevels(BookUpdate out) {
        return append(out, Long.MIN_VALUE, Long.MIN_VALUE);
    }

    /**
     * As {@link #appendLevels}, down to the depth the last snapshot covered only: a level beyond
     * it may have unknown neighbours (levels no diff has touched since), so a listing that claims
     * to be the book (a republished snapshot) leaves it out rather than show a hole as an empty
     * price. The levels left out are in the count returned.
     */
    public int appendKnownLevels(BookUpdate out) {
        return append(out, bidKnownFloor, askKnownFloor);
    }

    private int append(BookUpdate out, long bidFloor, long askFloor) {
        int max = out.capacity();
        int left = 0;
        Side b = bids;
        int nb = b.sortedForListing(max);
        int listed = 0;
        for (; listed < nb && b.listedKey(listed) >= bidFloor; listed++) out.addBid(b.listedKey(listed), b.listedQuantity(listed));
        left += b.levels() - listed;
        Side a = asks;
        int na = a.sortedForListing(max);
        listed = 0;
        for (; listed < na && a.listedKey(listed) >= askFloor; listed++) out.addAsk(~a.listedKey(listed), a.listedQuantity(listed));
        left += a.levels() - listed;
        return left;
    }

    /** The worst bid and ask price the last snapshot listed (how deep the book is known), or NO_PRICE before any. */
    public long knownBidFloor() { return bidKnownFloor == Long.MIN_VALUE || bidKnownFloor == Long.MAX_VALUE ? OrderBook.NO_PRICE : bidKnownFloor; }

    public long knownAskCeiling() { return askKnownFloor == Long.MIN_VALUE || askKnownFloor == Long.MAX_VALUE ? OrderBook.NO_PRICE : ~askKnownFloor; }

    /** Times either side's window was laid (a pass over its table), and moved up. For tests. */
    long windowsLaid() { return bids.windowsLaid + asks.windowsLaid; }
    long windowMoves() { return bids.windowMoves + asks.windowMoves; }

    @Override
    public String toString() {
        return "DepthBook[symbol=" + symbolId + ", bids=" + bids.levels() + ", asks=" + asks.levels() + ", valid=" + valid + "]";
    }

    /**
     * One side. Keys: higher is better. Invariants: every level is in the table; every key on the
     * side's grid (its anchor plus a multiple of {@code tick}) within the window, from
     * {@code windowTop} down to {@code windowTop - (WINDOW - 1) * tick}, has its bit set, and no
     * key lies above {@code windowTop}; every key is on the grid, since the tick divides every
     * difference seen since the side was last cleared. So when the side has levels, the best is
     * the window's first set bit ({@code bestOffset}): the window moves up with a better key, and
     * when its last bit clears it is laid again below the best left (a pass over the table).
     */
    static final class Side {
        /** Ticks the bitmap covers below the window top. */
        static final int WINDOW = 1 << 16;
        /** Ticks left free above a new best when the window moves up (or is laid). */
        static final int HEADROOM = WINDOW / 16;
        /** A coarser grid than this is not used (the window would overflow): the tick stays 1. */
        static final long MAX_TICK = Long.MAX_VALUE / WINDOW;

        final int capacity;
        /** Open addressing, linear probing; a quantity of 0 marks a free slot. */
        long[] tableKeys = new long[INITIAL_TABLE];
        long[] tableQuantities = new long[INITIAL_TABLE];
        int tableShift = 64 - Integer.numberOfTrailingZeros(INITIAL_TABLE);
        int tableCount;

        /** The first key since the side was cleared; every key differs from it by a multiple of {@link #gcd}. */
        boolean anchored;
        long anchor;
        /** Unsigned greatest common divisor of the keys' differences from the anchor; 0 while there is none. */
        long gcd;
        /** True once {@link #gcd} exceeded {@link #MAX_TICK}: the tick stays 1 until cleared. */
        boolean coarse;
        /** The grid's step: {@link #gcd} when it is 1 to {@link #MAX_TICK}, else 1; {@code tickOdd << tickShift}. */
        long tick = 1;
        int tickShift;
        /** The inverse of the tick's odd part modulo 2^64, and the largest quotient of an exact division by it. */
        long tickInverse = 1;
        long tickMaxQuotient = -1L;
        long span = WINDOW;

        boolean windowed;
        long windowTop;
        /** Bit {@code o} (word {@code o >>> 6}): a level at {@code windowTop - o * tick}. */
        final long[] bits = new long[WINDOW / 64];
        /** The first set bit, {@link #WINDOW} when none. */
        int bestOffset = WINDOW;

        /** Times the window was laid (a pass over the table) and moved up, since the side was made (for tests). */
        long windowsLaid;
        long windowMoves;
        /** Listing: keys best first (filled by {@link #sortedForListing}). */
        long[] listing = new long[0];

        Side(int capacity) {
            this.capacity = capacity;
        }

        int levels() { return tableCount; }

        long bestKey() { return windowTop - bestOffset * tick; }

        long bestQuantity() { return tableQuantities[slotOf(bestKey())]; }

        void clear() {
            if (tableCount > 0) {
                java.util.Arrays.fill(tableQuantities, 0L);
                tableCount = 0;
            }
            clearBits();
            windowed = false;
            anchored = false;
            gcd = 0;
            coarse = false;
            setTick(1);
        }

        private void clearBits() {
            if (bestOffset != WINDOW) java.util.Arrays.fill(bits, 0L);
            bestOffset = WINDOW;
        }

        /** Sets a level (quantity 0 or less removes it); true if a level was dropped for want of room. */
        boolean set(long key, long quantity) {
            int slot = slotOf(key);
            if (slot >= 0) {
                if (quantity > 0) {
                    tableQuantities[slot] = quantity;
                } else {
                    removeSlot(slot);
                    unmark(key);
                }
                return false;
            }
            if (quantity <= 0) return false;
            boolean dropped = false;
            if (tableCount >= capacity) {
                int worst = worstSlot();
                long worstKey = tableKeys[worst];
                if (key < worstKey) return true; // worse than every kept level of a full side
                removeSlot(worst);
                unmark(worstKey);
                dropped = true;
            }
            tablePut(key, quantity);
            mark(key);
            return dropped;
        }

        /** A new key (in the table already): learns the grid, then sets its bit or moves the window. */
        private void mark(long key) {
            if (!anchored) {
                anchored = true;
                anchor = key;
            } else if (!coarse) {
                long difference = key >= anchor ? key - anchor : anchor - key; // unsigned, exact
                if (difference != 0 && (gcd == 0 || !divides(difference))) {
                    gcd = gcd == 0 ? difference : gcdUnsigned(gcd, difference);
                    long newTick = Long.compareUnsigned(gcd, MAX_TICK) > 0 ? 1 : gcd;
                    if (newTick == 1) coarse = newTick != gcd;
                    if (newTick != tick) {
                        setTick(newTick);
                        layWindow();
                        return;
                    }
                }
            }
            if (!windowed || bestOffset == WINDOW) { // a new side, or its only level
                layWindow();
                return;
            }
            if (key > windowTop) {
                moveUp(key);
                return;
            }
            long d = windowTop - key; // negative: beyond a long, far below
            if (d < 0 || d >= span) return; // below the window
            int o = (int) ((d >>> tickShift) * tickInverse);
            bits[o >>> 6] |= 1L << o;
            if (o < bestOffset) bestOffset = o;
        }

        /** A removed key: clears its bit; lays the window again when that was its last. */
        private void unmark(long key) {
            if (!windowed) return;
            long d = windowTop - key;
            if (d < 0 || d >= span) return; // below the window: no bit
            int o = (int) ((d >>> tickShift) * tickInverse);
            bits[o >>> 6] &= ~(1L << o);
            if (o == bestOffset) {
                bestOffset = nextSetBit(o + 1);
                if (bestOffset == WINDOW && tableCount > 0) layWindow();
            }
        }

        /** True if the tick divides the unsigned {@code n} (its odd part by the inverse's test, its power of two by the low bits). */
        private boolean divides(long n) {
            if ((n & ((1L << tickShift) - 1)) != 0) return false;
            return Long.compareUnsigned((n >>> tickShift) * tickInverse, tickMaxQuotient) <= 0;
        }

        private void setTick(long t) {
            tick = t;
            tickShift = Long.numberOfTrailingZeros(t);
            long odd = t >>> tickShift;
            long inverse = odd; // Newton's iteration: each step doubles the correct low bits (3, 6, ... 96)
            for (int i = 0; i < 5; i++) inverse *= 2 - odd * inverse;
            tickInverse = inverse;
            tickMaxQuotient = Long.divideUnsigned(-1L, odd);
            span = WINDOW * t;
        }

        static long gcdUnsigned(long a, long b) {
            while (b != 0) {
                long r = Long.remainderUnsigned(a, b);
                a = b;
                b = r;
            }
            return a;
        }

        /** The window top goes to {@code key} plus the headroom; bits move down with it. */
        private void moveUp(long key) {
            windowMoves++;
            long room = HEADROOM * tick;
            long top = key + room;
            if (top < key) top = key; // no room above a key near Long.MAX_VALUE
            long up = top - windowTop; // > 0, unless beyond a long
            if (up <= 0 || up >= span) {
                clearBits();
            } else {
                shiftDown((int) ((up >>> tickShift) * tickInverse));
            }
            windowTop = top;
            int o = (int) (((top - key) >>> tickShift) * tickInverse);
            bits[o >>> 6] |= 1L << o;
            bestOffset = o;
        }

        /** Every bit to {@code s} (0 < s < WINDOW) offsets further from the top; those past the window end go. */
        private void shiftDown(int s) {
            long[] b = bits;
            int ws = s >>> 6;
            int bs = s & 63;
            for (int i = b.length - 1; i >= 0; i--) {
                int from = i - ws;
                long hi = from >= 0 ? b[from] : 0;
                long lo = from - 1 >= 0 ? b[from - 1] : 0;
                b[i] = bs == 0 ? hi : (hi << bs) | (lo >>> (64 - bs));
            }
        }

        private int nextSetBit(int from) {
            long[] b = bits;
            int i = from >>> 6;
            if (i >= b.length) return WINDOW;
            long w = b[i] & (-1L << from);
            while (w == 0) {
                if (++i == b.length) return WINDOW;
                w = b[i];
            }
            return (i << 6) + Long.numberOfTrailingZeros(w);
        }

        /** Lays the window below the table's best key plus the headroom and marks every key in it (one pass, two with the best). */
        private void layWindow() {
            windowsLaid++;
            clearBits();
            if (tableCount == 0) {
                windowed = false;
                return;
            }
            long[] tk = tableKeys;
            long[] tq = tableQuantities;
            long best = Long.MIN_VALUE;
            for (int s = 0; s < tq.length; s++) {
                if (tq[s] != 0 && tk[s] > best) best = tk[s];
            }
            long top = best + HEADROOM * tick;
            if (top < best) top = best;
            windowTop = top;
            windowed = true;
            long[] b = bits;
            int first = WINDOW;
            for (int s = 0; s < tq.length; s++) {
                if (tq[s] == 0) continue;
                long d = top - tk[s];
                if (d < 0 || d >= span) continue;
                int o = (int) ((d >>> tickShift) * tickInverse);
                b[o >>> 6] |= 1L << o;
                if (o < first) first = o;
            }
            bestOffset = first;
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

        /** Puts up to {@code max} keys best first in {@link #listing}; returns how many. */
        int sortedForListing(int max) {
            int n = Math.min(max, tableCount);
            if (listing.length < n) listing = new long[tableQuantities.length / 2]; // the table's most
            long[] l = listing;
            int m = 0;
            for (int o = bestOffset; o < WINDOW && m < n; o = nextSetBit(o + 1)) l[m++] = windowTop - o * tick;
            if (m < n) { // the levels below the window, sorted
                int below = 0;
                long[] tk = tableKeys;
                long[] tq = tableQuantities;
                if (l.length < tableCount) listing = l = java.util.Arrays.copyOf(l, tableQuantities.length / 2);
                for (int s = 0; s < tq.length; s++) {
                    if (tq[s] == 0) continue;
                    long d = windowTop - tk[s];
                    if (d < 0 || d >= span) l[m + below++] = tk[s];
                }
                heapSortDescending(l, m, below);
            }
            return n;
        }

        long listedKey(int i) {
            return listing[i];
        }

        long listedQuantity(int i) {
            return tableQuantities[slotOf(listing[i])];
        }

        /** Sorts {@code a[from, from + n)} highest first, in place (a min-heap, each minimum moved to the end). */
        static void heapSortDescending(long[] a, int from, int n) {
            for (int i = n / 2 - 1; i >= 0; i--) siftDown(a, from, i, n);
            for (int end = n - 1; end > 0; end--) {
                long t = a[from];
                a[from] = a[from + end];
                a[from + end] = t;
                siftDown(a, from, 0, end);
            }
        }

        private static void siftDown(long[] a, int from, int i, int n) {
            long v = a[from + i];
            while (true) {
                int c = 2 * i + 1;
                if (c >= n) break;
                if (c + 1 < n && a[from + c + 1] < a[from + c]) c++;
                if (a[from + c] >= v) break;
                a[from + i] = a[from + c];
                i = c;
            }
            a[from + i] = v;
        }
    }
}
