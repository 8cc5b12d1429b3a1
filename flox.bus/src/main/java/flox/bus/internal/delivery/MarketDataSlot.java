package flox.bus.internal.delivery;

import flox.api.event.BookUpdate;
import flox.api.event.EventKind;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.bus.internal.ring.BusSlot;

/**
 * Market-data entry: a book update, a trade or a venue state. {@link #book}, {@link #trade} and
 * {@link #venue} are what subscribers get; they point at this slot's own flyweights, or, on the sync path, at the
 * publisher's event (delivered in place, before publish returns). No allocation after construction.
 */
public final class MarketDataSlot extends BusSlot {
    public static final int BOOK = EventKind.BOOK_UPDATE.ordinal();
    public static final int TRADE = EventKind.TRADE.ordinal();
    public static final int VENUE = EventKind.VENUE_STATE.ordinal();

    private final BookUpdate ownBook;
    private final TradeEvent ownTrade;
    private final VenueStateEvent ownVenue = new VenueStateEvent();
    BookUpdate book;
    TradeEvent trade;
    VenueStateEvent venue = ownVenue;

    MarketDataSlot(int bookLevels) {
        this(new BookUpdate(bookLevels), new TradeEvent());
    }

    MarketDataSlot(BookUpdate ownBook, TradeEvent ownTrade) {
        this.ownBook = ownBook;
        this.ownTrade = ownTrade;
        book = ownBook;
        trade = ownTrade;
    }

    /** Copies {@code update} in; the caller checked that it fits. */
    void copyBook(BookUpdate update) {
        if (kind != BOOK) kind = BOOK; // a store only on a change of kind: see BusSlot
        ownBook.copyFrom(update);
        if (book != ownBook) book = ownBook;
    }

    void copyTrade(TradeEvent t) {
        if (kind != TRADE) kind = TRADE;
        ownTrade.copyFrom(t);
        if (trade != ownTrade) trade = ownTrade;
    }

    void copyVenue(VenueStateEvent v) {
        if (kind != VENUE) kind = VENUE;
        ownVenue.copyFrom(v);
        if (venue != ownVenue) venue = ownVenue;
    }

    /** Points at the publisher's event without copying (sync path only). */
    void viewBook(BookUpdate update) {
        kind = BOOK;
        book = update;
    }

    void viewTrade(TradeEvent t) {
        kind = TRADE;
        trade = t;
    }

    void viewVenue(VenueStateEvent v) {
        kind = VENUE;
        venue = v;
    }

    @Override
    public int symbolId() {
        int k = kind;
        if (k == BOOK) return book.symbolId();
        if (k == TRADE) return trade.symbolId();
        if (k == VENUE) return venue.isVenueWide() ? EVERY_SYMBOL : venue.symbolId();
        return -1;
    }

    @Override
    public void copyFrom(BusSlot other) {
        MarketDataSlot o = (MarketDataSlot) other;
        int k = o.kind; // read once: a lossy reader's copy may race a writer (it re-checks afterwards)
        if (k == BOOK) copyBook(o.book);
        else if (k == TRADE) copyTrade(o.trade);
        else if (k == VENUE) copyVenue(o.venue);
        else kind = k; // SKIPPED stays skipped
    }
}
