package flox.strategy.samples.internal.metrics;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Where a strategy leaves, for each order it sends, the time of the market event that made it
 * decide (the trigger), so the metrics collector can measure tick-to-trade when the order's
 * ACCEPTED report arrives: {@code accepted - trigger}.
 *
 * <p>A direct-mapped ring keyed by client order id ({@code id & mask}): the strategy stamps
 * before it submits (an executor may report ACCEPTED before submit returns), the collector looks
 * the id up later. A slot is overwritten by the id {@code capacity} later, long after its ACCEPTED
 * report in any sane run; a lookup that finds another id returns {@link #NONE} and the order is
 * simply not measured.
 *
 * <p>One writer (the strategy's decision thread), any readers. Each slot is a tiny seqlock:
 * the id is invalidated, the time written, then the id published with a release store; a reader
 * that sees the same id before and after reading the time has a matching pair. No allocation.
 */
public final class TickToTradeProbe {
    /** Returned by {@link #triggerNs(long)} for an id not (or no longer) in the ring. */
    public static final long NONE = Long.MIN_VALUE;
    private static final long INVALID_ID = Long.MIN_VALUE;

    private final int mask;
    private final AtomicLongArray ids;
    private final AtomicLongArray triggers;

    /** @param capacity slots, a power of two */
    public TickToTradeProbe(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        mask = capacity - 1;
        ids = new AtomicLongArray(capacity);
        triggers = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) ids.setPlain(i, INVALID_ID);
    }

    /** Writer: records that order {@code clientOrderId} was decided on the event of {@code triggerNs}. */
    public void stamp(long clientOrderId, long triggerNs) {
        int i = (int) clientOrderId & mask;
        ids.setOpaque(i, INVALID_ID);
        VarHandle.storeStoreFence();
        triggers.setOpaque(i, triggerNs);
        ids.setRelease(i, clientOrderId);
    }

    /** Any thread: the trigger time stamped for {@code clientOrderId}, or {@link #NONE}. */
    public long triggerNs(long clientOrderId) {
        int i = (int) clientOrderId & mask;
        if (ids.getAcquire(i) != clientOrderId) return NONE;
        long t = triggers.getOpaque(i);
        VarHandle.loadLoadFence();
        return ids.getOpaque(i) == clientOrderId ? t : NONE;
    }
}
