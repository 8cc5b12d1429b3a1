package flox.bench.binance;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;

/**
 * The one subscriber of the benchmark's market-data bus: consumes each book update (reads its
 * header and every level, as a strategy reading the book would) and counts what it got, so the
 * benchmark can check at the end that every applied diff reached it whole. One thread (the
 * bus's delivery thread); read the counts after the bus is stopped. No allocation.
 */
final class BookSink implements MarketDataSubscriber {
    long updates;
    /** Complete deltas: the last (or only) fragment of a diff. */
    long deltas;
    /** Complete snapshots (their last fragment). */
    long snapshots;
    long invalids;
    long levels;
    long checksum;
    long trades;
    private boolean inSnapshot;

    @Override
    public void onTrade(TradeEvent t) {
        trades++;
        checksum += t.priceScaled() ^ t.quantityScaled();
    }

    @Override
    public void onBookUpdate(BookUpdate u) {
        updates++;
        if (u.isInvalid()) {
            invalids++;
            return;
        }
        long sum = u.lastUpdateId();
        int bids = u.bidCount(), asks = u.askCount();
        for (int i = 0; i < bids; i++) sum += u.bidPrice(i) ^ u.bidQuantity(i);
        for (int i = 0; i < asks; i++) sum += u.askPrice(i) ^ u.askQuantity(i);
        checksum += sum;
        levels += bids + asks;
        if (u.type() == BookUpdate.Type.SNAPSHOT) inSnapshot = true; // a snapshot's later fragments are deltas
        if (u.isContinued()) return;
        if (inSnapshot) snapshots++;
        else deltas++;
        inSnapshot = false;
    }
}
