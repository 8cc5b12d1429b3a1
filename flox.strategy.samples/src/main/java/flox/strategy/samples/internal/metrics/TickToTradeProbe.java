package flox.strategy.samples.internal.metrics;

import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A strategy's tick-to-trade, measured on its own thread as the bench measures it: from the
 * market event it decided on (the trigger) to {@code submit} returning with the order handed to
 * the venue. Refused orders ({@code submit} returned a reject reason) have no time and are
 * counted. The probe also keeps, per client order id, the moment the order was handed over, so
 * the metrics collector can measure the acknowledgement latency when the ACCEPTED report
 * arrives: {@code arrival - handed}.
 *
 * <p>Per order: {@link #submitting(long)} before {@code submit} (the id's time is then
 * {@link #IN_FLIGHT}: an executor may report ACCEPTED before submit returns), then
 * {@link #handed(long, long, long)} or {@link #refused(long)}.
 *
 * <p>The hand-off times live in a direct-mapped ring keyed by client order id
 * ({@code id & mask}). A slot is overwritten by the id {@code capacity} later, long after its
 * ACCEPTED report in any sane run; a lookup that finds another id returns {@link #NONE}. Each
 * slot is a tiny seqlock: the id is invalidated, the time written, then the id published with a
 * release store; a reader that sees the same id before and after reading the time has a
 * matching pair.
 *
 * <p>One writer (the strategy's decision thread, one owner at a time), any readers. No
 * allocation.
 */
public final class TickToTradeProbe {
    /** Returned by {@link #handedNs(long)} for an id not (or no longer) in the ring. */
    public static final long NONE = Long.MIN_VALUE;
    /** Returned by {@link #handedNs(long)} while the id's {@code submit} has not returned. */
    public static final long IN_FLIGHT = Long.MIN_VALUE + 1;
    private static final long INVALID_ID = Long.MIN_VALUE;

    private final int mask;
    private final AtomicLongArray ids;
    private final AtomicLongArray times;
    private final LatencyHistogram tickToTrade = new LatencyHistogram();
    private final AtomicLong refused = new AtomicLong();

    /** @param capacity slots, a power of two */
    public TickToTradeProbe(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        mask = capacity - 1;
        ids = new AtomicLongArray(capacity);
        times = new AtomicLongArray(capacity);
        for (int i = 0; i < capacity; i++) ids.setPlain(i, INVALID_ID);
    }

    /** Writer, before {@code submit}: order {@code clientOrderId} is being handed over. */
    public void submitting(long clientOrderId) {
        put(clientOrderId, IN_FLIGHT);
    }

    /**
     * Writer, right after {@code submit} returned accepted: records tick-to-trade
     * {@code handedNs - triggerNs} and keeps {@code handedNs} for the order's acknowledgement.
     */
    public void handed(long clientOrderId, long triggerNs, long handedNs) {
        put(clientOrderId, handedNs);
        tickToTrade.record(handedNs - triggerNs);
    }

    /** Writer, after {@code submit} returned a reject reason: counted, no time. */
    public void refused(long clientOrderId) {
        put(clientOrderId, NONE);
        refused.setRelease(refused.getPlain() + 1);
    }

    private void put(long clientOrderId, long timeNs) {
        int i = (int) clientOrderId & mask;
        ids.setOpaque(i, INVALID_ID);
        VarHandle.storeStoreFence();
        times.setOpaque(i, timeNs);
        ids.setRelease(i, clientOrderId);
    }

    /**
     * Any thread: when {@code clientOrderId} was handed to the venue, {@link #IN_FLIGHT} while its
     * submit runs, or {@link #NONE} (never stamped, refused, or overwritten).
     */
    public long handedNs(long clientOrderId) {
        int i = (int) clientOrderId & mask;
        if (ids.getAcquire(i) != clientOrderId) return NONE;
        long t = times.getOpaque(i);
        VarHandle.loadLoadFence();
        return ids.getOpaque(i) == clientOrderId ? t : NONE;
    }

    /** Tick-to-trade of the orders handed over (single writer: this probe's owner). */
    public LatencyHistogram tickToTrade() {
        return tickToTrade;
    }

    /** Orders the gateway refused in {@code submit}: no tick-to-trade time. */
    public long refused() {
        return refused.getAcquire();
    }
}
