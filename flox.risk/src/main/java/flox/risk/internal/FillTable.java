package flox.risk.internal;

/**
 * Cumulative filled quantity per client order id, so that a fill counts once however often its
 * report is seen: the position moves by the growth of the cumulative quantity, and a report that
 * does not grow it (a repeat, a stale one) moves nothing. Orders that ended are retired: kept for
 * the next {@code retained} retirements (a late repeat of their last report is still recognised)
 * and then forgotten, oldest first.
 *
 * <p>Open addressing with linear probing and backward-shift deletion over preallocated arrays.
 * Not thread-safe: one thread at a time (the execution subscriber's delivery thread). No
 * allocation after construction.
 */
final class FillTable {
    static final long EMPTY = Long.MIN_VALUE;

    private final long[] keys;
    private final long[] values;
    private final int mask;
    private final int capacity;
    private int size;
    private final long[] retired;
    private int retiredHead;
    private int retiredCount;

    /** @param capacity orders remembered at once (open with fills plus {@code retained}) */
    FillTable(int capacity, int retained) {
        this.capacity = capacity;
        int slots = Integer.highestOneBit(Math.max(2, capacity) * 2 - 1) << 1;
        keys = new long[slots];
        values = new long[slots];
        mask = slots - 1;
        java.util.Arrays.fill(keys, EMPTY);
        retired = new long[Math.max(1, retained)];
    }

    private static int hash(long key) {
        long h = key * 0x9E37_79B9_7F4A_7C15L;
        return (int) (h ^ (h >>> 32));
    }

    private int slotOf(long id) {
        int i = hash(id) & mask;
        while (true) {
            long k = keys[i];
            if (k == id) return i;
            if (k == EMPTY) return -1;
            i = (i + 1) & mask;
        }
    }

    /** Cumulative quantity recorded for {@code id}, 0 if none. */
    long get(long id) {
        int i = id == EMPTY ? -1 : slotOf(id);
        return i < 0 ? 0 : values[i];
    }

    boolean contains(long id) {
        return id != EMPTY && slotOf(id) >= 0;
    }

    /** Records {@code cumulative} for {@code id}; false when the table is full (nothing recorded). */
    boolean put(long id, long cumulative) {
        if (id == EMPTY) return false;
        int i = hash(id) & mask;
        while (true) {
            long k = keys[i];
            if (k == id) {
                values[i] = cumulative;
                return true;
            }
            if (k == EMPTY) {
                if (size >= capacity) return false;
                keys[i] = id;
                values[i] = cumulative;
                size++;
                return true;
            }
            i = (i + 1) & mask;
        }
    }

    /** Forgets {@code id}; returns what was recorded (0 if none). */
    long remove(long id) {
        int i = id == EMPTY ? -1 : slotOf(id);
        if (i < 0) return 0;
        long v = values[i];
        size--;
        // backward-shift deletion: move later members of the cluster into the hole when their home allows it
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            long k = keys[j];
            if (k == EMPTY) break;
            int home = hash(k) & mask;
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = k;
                values[hole] = values[j];
                hole = j;
            }
        }
        keys[hole] = EMPTY;
        return v;
    }

    /**
     * The order ended: keep its record for the next retirements, then forget it. An id without a
     * record is ignored.
     */
    void retire(long id) {
        if (!contains(id)) return;
        if (retiredCount == retired.length) {
            remove(retired[retiredHead]);
            retired[retiredHead] = id;
            retiredHead = (retiredHead + 1) % retired.length;
        } else {
            retired[(retiredHead + retiredCount) % retired.length] = id;
            retiredCount++;
        }
    }

    int size() {
        return size;
    }

    int capacity() {
        return capacity;
    }
}
