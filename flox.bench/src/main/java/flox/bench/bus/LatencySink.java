package flox.bench.bus;

import flox.api.event.TradeEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * Latency subscriber: records {@code nanoTime() - receiveTimestampNs} (stamped by the publisher
 * just before publish) into a preallocated histogram, for events marked as measured (symbol id
 * {@link #MEASURED}; warm-up events carry another id). Values above the histogram's range are
 * clamped. {@link Histogram#recordValue} does not allocate within range.
 */
final class LatencySink extends BenchSink {
    static final int WARMUP = 0;
    static final int MEASURED = 1;
    private static final VarHandle MEASURED_COUNT;

    static {
        try {
            MEASURED_COUNT = MethodHandles.lookup().findVarHandle(LatencySink.class, "measuredCount", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final Histogram histogram;
    private final long highest;
    @SuppressWarnings("unused") private volatile long measuredCount;

    LatencySink(Histogram histogram) {
        this.histogram = histogram;
        this.highest = histogram.getHighestTrackableValue();
    }

    @Override
    public void onTrade(TradeEvent trade) {
        long latency = System.nanoTime() - trade.receiveTimestampNs();
        if (trade.symbolId() == MEASURED) {
            histogram.recordValue(Math.max(0, Math.min(latency, highest)));
            MEASURED_COUNT.setRelease(this, (long) MEASURED_COUNT.get(this) + 1);
        }
    }

    long measuredCount() {
        return (long) MEASURED_COUNT.getAcquire(this);
    }

    /** Read only after the consumer thread has stopped. */
    Histogram histogram() {
        return histogram;
    }
}
