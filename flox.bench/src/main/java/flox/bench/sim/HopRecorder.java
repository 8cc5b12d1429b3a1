package flox.bench.sim;

import flox.api.event.BookUpdate;
import org.HdrHistogram.Histogram;

/**
 * The bus's own one-hop latency: records {@code nanoTime()} on delivery of the book update minus
 * its publish stamp, and does nothing else. Same harness, payload and recording as
 * {@link TickToTradeStrategy}, so the difference between the two is the strategy's work: the
 * decision, the gateway, risk and the venue.
 */
final class HopRecorder extends LatencyRecorder {
    private long checksum;

    HopRecorder(Histogram histogram) {
        super(histogram);
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        long latency = System.nanoTime() - update.receiveTimestampNs();
        checksum += update.bidQuantity(0); // read the payload, as the strategy does
        if (update.symbolId() == SimRig.MEASURED_SYMBOL) measured(Math.max(0, latency));
    }

    long checksum() {
        return checksum;
    }
}
