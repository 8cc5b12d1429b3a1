package flox.connector.binance.internal.orders;

/**
 * Flox's replaces in flight on Binance (issue 14 item 3). Binance's {@code order.cancelReplace}
 * cancels the old order and places a new one for what is left to fill; the tracker expects one
 * REPLACED report with the filled part carried over, and cumulative quantities of the new order
 * that include it. Per replace this keeps: the old and new ids, the new total, the quantity the
 * old order had filled when the request was sent and, once its CANCELED report came, what it
 * had filled in the end (a fill racing the cancel makes it more). {@link OrderEntry} turns the
 * venue's CANCELED + NEW into REPLACED and offsets the new order's later reports by the carried
 * quantity until the order ends.
 *
 * <p>Thread-safe: the sending thread adds, the receiving thread looks up and updates, under one
 * monitor; {@link #isEmpty} is a volatile read so that reports of other orders take no lock.
 * Preallocated; no allocation.
 */
final class Replaces {
    static final int CAPACITY = 256;

    private final long[] origId = new long[CAPACITY];
    private final long[] newId = new long[CAPACITY];
    private final long[] newTotal = new long[CAPACITY];
    private final long[] carriedAtSend = new long[CAPACITY];
    /** The old order's final cumulative quantity from its CANCELED report; -1 until then. */
    private final long[] carriedFinal = new long[CAPACITY];
    /** True once the new order's first report (its NEW) became REPLACED: its later reports are offset. */
    private final boolean[] live = new boolean[CAPACITY];
    private final boolean[] used = new boolean[CAPACITY];
    /** What the new order's reports are offset by, fixed when its REPLACED was made. */
    private final long[] offset = new long[CAPACITY];
    private volatile int count;

    boolean isEmpty() {
        return count == 0;
    }

    /** Adds a replace being sent; false when the table is full (the replace is then refused). */
    synchronized boolean add(long orig, long next, long total, long filledAtSend) {
        for (int i = 0; i < CAPACITY; i++) {
            if (used[i]) continue;
            used[i] = true;
            origId[i] = orig;
            newId[i] = next;
            newTotal[i] = total;
            carriedAtSend[i] = filledAtSend;
            carriedFinal[i] = -1;
            live[i] = false;
            count++;
            return true;
        }
        return false;
    }

    synchronized int byOrig(long id) {
        for (int i = 0; i < CAPACITY; i++) if (used[i] && origId[i] == id) return i;
        return -1;
    }

    synchronized int byNew(long id) {
        for (int i = 0; i < CAPACITY; i++) if (used[i] && newId[i] == id) return i;
        return -1;
    }

    synchronized void remove(int slot) {
        if (slot >= 0 && used[slot]) {
            used[slot] = false;
            count--;
        }
    }

    synchronized void oldOrderEnded(int slot, long cumulative) { carriedFinal[slot] = cumulative; }
    synchronized void newOrderLive(int slot, long carried) {
        live[slot] = true;
        offset[slot] = carried;
    }

    synchronized long offset(int slot) { return offset[slot]; }
    synchronized long origId(int slot) { return origId[slot]; }
    synchronized long newId(int slot) { return newId[slot]; }
    synchronized long newTotal(int slot) { return newTotal[slot]; }
    synchronized boolean isLive(int slot) { return live[slot]; }
    synchronized long carriedFinal(int slot) { return carriedFinal[slot]; }

    /** What the new order carries: the old order's final fill if known, else what it had filled when the replace was sent. */
    synchronized long carried(int slot) {
        return carriedFinal[slot] >= 0 ? carriedFinal[slot] : carriedAtSend[slot];
    }

    synchronized long carriedAtSend(int slot) { return carriedAtSend[slot]; }
}
