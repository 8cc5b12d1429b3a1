package flox.executor.sim.internal.venue;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.OrderRequest;

/**
 * One input to the simulated venue, in a preallocated pooled slot: an order command from the
 * gateway or a market event from the bus. Written by the thread that enqueues it, read by the
 * thread that drains the venue (the queue's release/acquire orders the two). Not thread-safe
 * otherwise; no allocation after construction.
 */
final class VenueInput {
    static final int NEW = 0;
    static final int CANCEL = 1;
    static final int REPLACE = 2;
    static final int BOOK = 3;
    static final int TRADE = 4;

    int kind;
    long enqueuedNs;
    final OrderRequest request = new OrderRequest();
    long clientOrderId;
    long newClientOrderId;
    long newPriceScaled;
    long newQuantityScaled;
    int symbolId;
    /** Market-data slots only (order slots have none: a book of many levels is large). */
    final BookUpdate book;
    final TradeEvent trade = new TradeEvent();
    /** The pool this slot goes back to. */
    final boolean marketData;

    VenueInput(int bookLevels) {
        book = bookLevels > 0 ? new BookUpdate(bookLevels) : null;
        marketData = bookLevels > 0;
    }
}
