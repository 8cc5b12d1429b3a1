package flox.connector.fix.internal.orders;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Outgoing MsgSeqNum (34) to the request it carried (kind, order, the replace's new order), so a
 * session-level Reject or a BusinessMessageReject naming it by RefSeqNum (45) becomes that
 * order's refusal. The last {@value #CAPACITY} requests are kept (a reject follows its request
 * within a round trip; an older one finds nothing and is counted by the caller).
 *
 * <p>One writer (the sending thread, inside QuickFIX/J's send, before the message reaches the
 * socket) and one reader (the session's receiving thread): a slot's fields are published by a
 * release store of its sequence number and read after an acquire load of it, and the number is
 * read again after the fields (a seqlock, as the tracker's) to catch a slot overwritten meanwhile. No allocation.
 */
final class SentRequests {
    static final int CAPACITY = 4096;
    static final int NEW = 1;
    static final int CANCEL = 2;
    static final int REPLACE = 3;
    /** An OrderStatusRequest (reconciliation): its refusal is not the order's. */
    static final int STATUS = 4;

    private final AtomicLongArray seqs = new AtomicLongArray(CAPACITY); // 0: empty
    private final int[] kinds = new int[CAPACITY];
    private final long[] orders = new long[CAPACITY];
    private final long[] newOrders = new long[CAPACITY];
    private final int[] symbols = new int[CAPACITY];

    // what the last find() read (the reader's own)
    private int foundKind;
    private long foundOrder;
    private long foundNewOrder;
    private int foundSymbol;

    /** Sending thread: request {@code kind} on {@code order} (and {@code newOrder} for a replace) goes out as {@code msgSeqNum}. */
    void record(int msgSeqNum, int kind, long order, long newOrder, int symbolId) {
        int i = msgSeqNum & (CAPACITY - 1);
        seqs.setRelease(i, 0); // a reader racing this write sees an empty slot, not a mix:
        VarHandle.storeStoreFence(); // the 0 is visible before any field below
        kinds[i] = kind;
        orders[i] = order;
        newOrders[i] = newOrder;
        symbols[i] = symbolId;
        seqs.setRelease(i, msgSeqNum);
    }

    /** Receiving thread: true when {@code msgSeqNum} carried one of the recent requests; its fields are then {@link #kind()} etc. */
    boolean find(long msgSeqNum) {
        if (msgSeqNum <= 0) return false;
        int i = (int) (msgSeqNum & (CAPACITY - 1));
        if (seqs.getAcquire(i) != msgSeqNum) return false;
        foundKind = kinds[i];
        foundOrder = orders[i];
        foundNewOrder = newOrders[i];
        foundSymbol = symbols[i];
        VarHandle.loadLoadFence(); // the fields were read before the check (as StampedLock.validate)
        return seqs.getAcquire(i) == msgSeqNum;
    }

    int kind() {
        return foundKind;
    }

    long order() {
        return foundOrder;
    }

    long newOrder() {
        return foundNewOrder;
    }

    int symbolId() {
        return foundSymbol;
    }
}
