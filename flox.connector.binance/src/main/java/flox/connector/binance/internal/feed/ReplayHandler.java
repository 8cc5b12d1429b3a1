package flox.connector.binance.internal.feed;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;

/**
 * Receives a recording's events in order, on the thread that runs
 * {@link BinanceRecordingReader#run}. Every flyweight is reused for the next event: copy what
 * you keep. The receive time (the recorder's local clock, ns since the epoch) is in each
 * flyweight ({@link BookUpdate#receiveTimestampNs()}, {@link TradeEvent#receiveTimestampNs()},
 * {@link BookTicker#receiveTimestampNs()}).
 *
 * <p>Book updates arrive already synchronised: for each symbol a
 * {@link BookUpdate.Type#SNAPSHOT} first, then contiguous deltas (each one's {@code U} is at most
 * the previous {@code u} + 1). Applying them in order to an {@code OrderBook} rebuilds the
 * venue's book. After a gap, {@link #onBookInvalidated} comes first; the next snapshot (if the
 * recording has one) starts the book again.
 */
public interface ReplayHandler {
    /** A snapshot to load or a delta to apply, in order. Buffered deltas keep their own receive time. */
    void onBookUpdate(BookUpdate update);

    /** A public trade. */
    default void onTrade(TradeEvent trade) {
    }

    /** A best bid/ask ticker. */
    default void onBookTicker(BookTicker ticker) {
    }

    /**
     * The book of {@code symbolId} can no longer be trusted (an update is missing); discard it
     * until the next snapshot. {@code reason} names the file, line and ids (cold path; allocates).
     */
    default void onBookInvalidated(int symbolId, String reason) {
    }
}
