package flox.strategy.samples.internal.strategy;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Hands execution reports from the execution bus's thread to the strategy's decision thread:
 * a single-producer single-consumer ring of preallocated primitive records (type, client order
 * id, last fill price and quantity, cumulative quantity). The decision thread drains it before
 * each decision, so the strategy's state has one owner and needs no lock, and a report
 * delivered re-entrantly (a synchronous executor reporting inside {@code submit}) is applied
 * after the decision, never in the middle of it.
 *
 * <p>One producer thread at a time and one consumer thread at a time (hand-overs between
 * threads need a happens-before edge, which the strategy driver provides). {@link #offer}
 * returns false when full (backpressure as a value). No allocation.
 */
public final class ExecutionInbox {
    private static final ExecType[] TYPES = ExecType.values();
    private static final int FIELDS = 5;

    /** Receives drained records. */
    public interface Handler {
        void onExecution(ExecType type, long clientOrderId, long lastPriceScaled, long lastQuantityScaled, long cumulativeQuantityScaled);
    }

    private final long[] records;
    private final int mask;
    private final AtomicLong head = new AtomicLong(); // next to read, written by the consumer
    private final AtomicLong tail = new AtomicLong(); // next to write, written by the producer

    /** @param capacity records, a power of two */
    public ExecutionInbox(int capacity) {
        if (capacity <= 0 || Integer.bitCount(capacity) != 1) throw new IllegalArgumentException("capacity must be a power of two");
        records = new long[capacity * FIELDS];
        mask = capacity - 1;
    }

    public int capacity() {
        return mask + 1;
    }

    /** Producer: copies the report; false if the ring is full. */
    public boolean offer(ExecutionEvent e) {
        long t = tail.getPlain();
        if (t - head.getAcquire() > mask) return false;
        int i = (int) (t & mask) * FIELDS;
        records[i] = e.execType().ordinal();
        records[i + 1] = e.clientOrderId();
        records[i + 2] = e.lastPriceScaled();
        records[i + 3] = e.lastQuantityScaled();
        records[i + 4] = e.cumulativeQuantityScaled();
        tail.setRelease(t + 1);
        return true;
    }

    /** Consumer: hands every waiting record to {@code handler} in order; returns how many. */
    public int drain(Handler handler) {
        long h = head.getPlain();
        long t = tail.getAcquire();
        if (h == t) return 0;
        for (long s = h; s < t; s++) {
            int i = (int) (s & mask) * FIELDS;
            handler.onExecution(TYPES[(int) records[i]], records[i + 1], records[i + 2], records[i + 3], records[i + 4]);
            head.setRelease(s + 1);
        }
        return (int) (t - h);
    }

    /** Records waiting (approximate from other threads). */
    public int size() {
        return (int) (tail.getAcquire() - head.getAcquire());
    }
}
