package flox.risk.internal;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Net position (filled buys minus filled sells, in base units at the symbol's quantity scale)
 * per (strategy id, symbol id) pair: a preallocated, insert-only open-addressing table.
 *
 * <p>Thread-safety: <b>one writer</b> at a time ({@link #add}; the execution subscriber's
 * delivery thread), any number of lock-free readers ({@link #slotOf}, {@link #position}; the
 * submitting threads). An insert writes the value, then publishes the key with a release store,
 * so a reader that sees a key sees its value; values are updated with release stores and read
 * with acquire loads. Pairs are never removed, so a reader's probe never misses a published key.
 * Capacity is fixed; when it is full a new pair is refused ({@link #add} returns false).
 *
 * <p>Allocation: the arrays at construction; nothing afterwards.
 */
final class PositionTable {
    /** No pair has it: the symbol half would be -1, and symbol ids are never negative. */
    private static final long EMPTY = -1L;

    private final AtomicLongArray keys;
    private final AtomicLongArray values;
    private final int mask;
    private final int capacity;
    private volatile int size;

    PositionTable(int capacity) {
        this.capacity = capacity;
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1; // power of two >= 2 x capacity
        keys = new AtomicLongArray(slots);
        values = new AtomicLongArray(slots);
        mask = slots - 1;
        for (int i = 0; i < slots; i++) keys.set(i, EMPTY);
    }

    static long key(int strategyId, int symbolId) {
        return ((long) strategyId << 32) | (symbolId & 0xFFFF_FFFFL);
    }

    private static int hash(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }

    /** Slot of the pair, or -1 if it has no position yet. Lock-free; no allocation. */
    int slotOf(int strategyId, int symbolId) {
        if (symbolId < 0) return -1;
        long key = key(strategyId, symbolId);
        int i = hash(key) & mask;
        for (int n = 0; n <= mask; n++) {
            long k = keys.getAcquire(i);
            if (k == key) return i;
            if (k == EMPTY) return -1;
            i = (i + 1) & mask;
        }
        return -1;
    }

    /** Position in {@code slot} (from {@link #slotOf}). */
    long position(int slot) {
        return values.getAcquire(slot);
    }

    /** Position of the pair, 0 if none. */
    long position(int strategyId, int symbolId) {
        int slot = slotOf(strategyId, symbolId);
        return slot < 0 ? 0 : values.getAcquire(slot);
    }

    /** Adds {@code delta} to the pair's position; false if the pair is new and the table is full. Single writer. */
    boolean add(int strategyId, int symbolId, long delta) {
        if (symbolId < 0) return false;
        long key = key(strategyId, symbolId);
        int i = hash(key) & mask;
        for (int n = 0; n <= mask; n++) {
            long k = keys.getPlain(i);
            if (k == key) {
                values.setRelease(i, Products.addSaturated(values.getPlain(i), delta));
                return true;
            }
            if (k == EMPTY) {
                if (size >= capacity) return false;
                values.setRelease(i, delta);
                keys.setRelease(i, key);
                size = size + 1;
                return true;
            }
            i = (i + 1) & mask;
        }
        return false;
    }

    boolean isFull() {
        return size >= capacity;
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }

    /** Visits every pair (cold path: commands). */
    void forEach(Visitor v) {
        for (int i = 0; i <= mask; i++) {
            long k = keys.getAcquire(i);
            if (k != EMPTY) v.visit((int) (k >> 32), (int) k, values.getAcquire(i));
        }
    }

    interface Visitor {
        void visit(int strategyId, int symbolId, long position);
    }
}
