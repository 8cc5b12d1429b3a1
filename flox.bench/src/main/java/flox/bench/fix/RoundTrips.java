package flox.bench.fix;

import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * One contender's round trips in one segment: the intended start of each order by its id (set
 * by the submitting thread before the order goes out), and on the receiving thread the time from
 * it to the acknowledgement and to the fill. Histograms are written by the one receiving thread
 * and read by the main thread once the counters say every report is in (the counters' volatile
 * writes order them). No allocation per report.
 */
final class RoundTrips {
    static final long HIGHEST_NS = 10_000_000_000L;
    private static final int CAPACITY = 1 << 20;

    private final long[] dueNs = new long[CAPACITY];
    final Histogram ack = new Histogram(HIGHEST_NS, 3);
    final Histogram fill = new Histogram(HIGHEST_NS, 3);
    final AtomicLong acks = new AtomicLong();
    final AtomicLong fills = new AtomicLong();
    final AtomicLong rejects = new AtomicLong();
    volatile Thread receiver;
    private volatile boolean recording;

    /** Submitting thread, before the order goes out. */
    void due(long id, long intendedStartNs) {
        dueNs[(int) (id & (CAPACITY - 1))] = intendedStartNs;
    }

    void onAck(long id, long nowNs) {
        if (receiver == null) receiver = Thread.currentThread();
        if (recording) ack.recordValue(Math.min(HIGHEST_NS, Math.max(0, nowNs - dueNs[(int) (id & (CAPACITY - 1))])));
        acks.getAndIncrement();
    }

    void onFill(long id, long nowNs) {
        if (recording) fill.recordValue(Math.min(HIGHEST_NS, Math.max(0, nowNs - dueNs[(int) (id & (CAPACITY - 1))])));
        fills.getAndIncrement();
    }

    void onReject() {
        rejects.getAndIncrement();
    }

    /** Main thread, while nothing is in flight: a new segment, recorded or not. */
    void reset(boolean record) {
        ack.reset();
        fill.reset();
        acks.set(0);
        fills.set(0);
        rejects.set(0);
        recording = record;
    }
}
