package flox.executor.sim.internal.matching;

/**
 * Open-addressing map from a long key to a non-negative int, with linear probing and
 * backward-shift deletion (no tombstones, so churn never degrades lookups). Fixed capacity,
 * at most half full.
 *
 * <p>Not thread-safe. No allocation after construction.
 */
final class LongIntHashMap {
    /** Returned by {@link #get} when the key is absent. */
    static final int MISSING = -1;

    private final long[] keys;
    private final int[] values; // MISSING marks an empty cell
    private final int mask;
    private final int maxSize;
    private int size;

    /** @param maxSize entries the map must hold */
    LongIntHashMap(int maxSize) {
        int cells = Integer.highestOneBit(Math.max(4, maxSize * 2 - 1)) << 1;
        keys = new long[cells];
        values = new int[cells];
        java.util.Arrays.fill(values, MISSING);
        mask = cells - 1;
        this.maxSize = maxSize;
    }

    int get(long key) {
        for (int i = cell(key); ; i = (i + 1) & mask) {
            int v = values[i];
            if (v == MISSING) return MISSING;
            if (keys[i] == key) return v;
        }
    }

    /** Puts or overwrites; false when the map is full and the key is new. */
    boolean put(long key, int value) {
        if (value < 0) throw new IllegalArgumentException("value must be >= 0");
        for (int i = cell(key); ; i = (i + 1) & mask) {
            if (values[i] == MISSING) {
                if (size == maxSize) return false;
                keys[i] = key;
                values[i] = value;
                size++;
                return true;
            }
            if (keys[i] == key) {
                values[i] = value;
                return true;
            }
        }
    }

    /** Removes the key; returns its value or {@link #MISSING}. */
    int remove(long key) {
        int i = cell(key);
        for (; ; i = (i + 1) & mask) {
            if (values[i] == MISSING) return MISSING;
            if (keys[i] == key) break;
        }
        int removed = values[i];
        // shift back later entries of the cluster whose home is not in (i, j]
        int hole = i;
        for (int j = (i + 1) & mask; values[j] != MISSING; j = (j + 1) & mask) {
            int home = cell(keys[j]);
            boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
            if (movable) {
                keys[hole] = keys[j];
                values[hole] = values[j];
                hole = j;
            }
        }
        values[hole] = MISSING;
        size--;
        return removed;
    }

    int size() {
        return size;
    }

    private int cell(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 32)) & mask;
    }
}
