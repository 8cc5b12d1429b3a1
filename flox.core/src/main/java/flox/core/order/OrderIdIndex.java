package flox.core.order;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Open-addressing index from client order id to slot number, linear probing, 4x as many cells
 * as slots. Readers never lock ({@link #find} is wait-free); writers (a new order, an eviction;
 * never an update of an existing order) are serialized by a short spin lock. A key is published
 * with a release store after its slot number, so a reader that sees the key sees its slot.
 * No allocation after construction.
 */
final class OrderIdIndex {
    static final long EMPTY = 0L;
    static final long TOMBSTONE = Long.MIN_VALUE;
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(OrderIdIndex.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final long[] keys;
    private final int[] slotOfCell;
    private final int mask;
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;

    OrderIdIndex(int slots) {
        int size = Integer.highestOneBit(Math.max(16, slots * 4 - 1)) << 1; // load <= 1/4 of keys
        keys = new long[size];
        slotOfCell = new int[size];
        mask = size - 1;
    }

    /** Ids the index can hold: every long but {@link #EMPTY} and {@link #TOMBSTONE}. */
    static boolean isValidId(long id) {
        return id != EMPTY && id != TOMBSTONE;
    }

    /** The slot number of {@code key}, or -1. Wait-free. */
    int slotOf(long key) {
        int cell = find(key);
        return cell < 0 ? -1 : slotOfCell[cell];
    }

    boolean contains(long key) {
        return find(key) >= 0;
    }

    /** Index cell holding {@code key}, or -1. Wait-free for readers. */
    private int find(long key) {
        int cell = hash(key) & mask;
        for (int probes = 0; probes <= mask; probes++) {
            long k = (long) KEYS.getAcquire(keys, cell);
            if (k == key) return cell;
            if (k == EMPTY) return -1;
            cell = (cell + 1) & mask;
        }
        return -1;
    }

    /**
     * Publishes {@code key -> slot}: writes the slot number, then the key with a release store.
     * Reuses the first tombstone on the probe path. False if the key is already present.
     */
    boolean insert(long key, int slot) {
        lock();
        try {
            int cell = hash(key) & mask;
            int reusable = -1;
            for (int probes = 0; probes <= mask; probes++) {
                long k = keys[cell]; // writers are serialized: plain reads suffice
                if (k == key) return false;
                if (k == TOMBSTONE && reusable < 0) reusable = cell;
                if (k == EMPTY) {
                    if (reusable < 0) reusable = cell;
                    break;
                }
                cell = (cell + 1) & mask;
            }
            if (reusable < 0) return false; // cannot happen: 4x as many cells as slots
            slotOfCell[reusable] = slot;
            KEYS.setRelease(keys, reusable, key);
            return true;
        } finally {
            unlock();
        }
    }

    /**
     * Removes {@code key}. A cell followed by an empty one becomes empty again, and so do the
     * tombstones right before it: without this, churn would turn every empty cell into a
     * tombstone and a miss would probe the whole index. Safe for concurrent readers: linear
     * probing never places a key beyond an empty cell of its cluster, so emptying the tail of a
     * cluster hides nothing a reader could be looking for.
     */
    void remove(long key) {
        lock();
        try {
            int cell = find(key);
            if (cell < 0) return;
            if (keys[(cell + 1) & mask] != EMPTY) {
                KEYS.setRelease(keys, cell, TOMBSTONE);
                return;
            }
            KEYS.setRelease(keys, cell, EMPTY);
            for (int prev = (cell - 1) & mask; keys[prev] == TOMBSTONE; prev = (prev - 1) & mask) {
                KEYS.setRelease(keys, prev, EMPTY);
            }
        } finally {
            unlock();
        }
    }

    /** Held for a few probes; a slot lock may be held while taking it, never the other way round. */
    private void lock() {
        while (!LOCK.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    private void unlock() {
        LOCK.setRelease(this, 0);
    }

    private static int hash(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }

    /** Cells holding a key or a tombstone; for tests of hygiene under churn. */
    int cellsInUse() {
        int n = 0;
        for (int i = 0; i <= mask; i++) {
            if ((long) KEYS.getAcquire(keys, i) != EMPTY) n++;
        }
        return n;
    }

    int size() {
        return mask + 1;
    }
}
