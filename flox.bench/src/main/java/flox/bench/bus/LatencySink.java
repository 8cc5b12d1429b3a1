package flox.bench.bus;

import flox.api.event.TradeEvent;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.HdrHistogram.Histogram;

/**
 * Latency subscriber: records {@code nanoTime() - receiveTimestampNs} (stamped by the publisher
 * just before publish) into a preallocated histogram, for events marked as measured (symbol id
 * {@link #MEASURED}; warm-up events carry another id). Values above the histogram's range are
 * clamped. {@link Histogram#recordValue} does not allocate within range. The measured events go
 * into two halves by their stamp ({@link #splitAt}), one histogram each, so that a segment whose
 * halves ran in different machine regimes can be told apart; {@link #histogram} sums them.
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

    private final Histogram firstHalf;
    private final Histogram secondHalf;
    private final long highest;
    /** Stamps at or after this are the second half; set by the publisher before the measured events (the ring publishes it). */
    private long splitAtNs = Long.MAX_VALUE;
    @SuppressWarnings("unused") private volatile long measuredCount;

    /** Two histograms of {@code highestNs} and {@code significantDigits}, one per half. */
    LatencySink(long highestNs, int significantDigits) {
        this.firstHalf = new Histogram(highestNs, significantDigits);
        this.secondHalf = new Histogram(highestNs, significantDigits);
        this.highest = firstHalf.getHighestTrackableValue();
    }

    /** The publisher's thread, before it publishes the measured events: where the second half starts. */
    void splitAt(long stampNs) {
        splitAtNs = stampNs;
    }

    @Override
    public void onTrade(TradeEvent trade) {
        long stamp = trade.receiveTimestampNs();
        long latency = System.nanoTime() - stamp;
        if (trade.symbolId() == MEASURED) {
            (splitAtNs == Long.MAX_VALUE || stamp - splitAtNs < 0 ? firstHalf : secondHalf).recordValue(Math.max(0, Math.min(latency, highest)));
            MEASURED_COUNT.setRelease(this, (long) MEASURED_COUNT.get(this) + 1);
        }
    }

    /** Read only after the consumer thread has stopped: the first half's p50 / the second half's, or NaN if a half is empty. */
    double halvesP50Ratio() {
        if (firstHalf.getTotalCount() == 0 || secondHalf.getTotalCount() == 0) return Double.NaN;
        return (double) Math.max(1, firstHalf.getValueAtPercentile(50)) / Math.max(1, secondHalf.getValueAtPercentile(50));
    }

    long measuredCount() {
        return (long) MEASURED_COUNT.getAcquire(this);
    }

    /** Read only after the consumer thread has stopped: both halves summed, in a new histogram (the halves stay as they are). */
    Histogram histogram() {
        Histogram both = firstHalf.copy();
        both.add(secondHalf);
        return both;
    }
}
