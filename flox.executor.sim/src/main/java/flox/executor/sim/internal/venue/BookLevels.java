package flox.executor.sim.internal.venue;

import flox.api.book.OrderBook;
import flox.executor.sim.internal.matching.MarketLevels;

/** {@link MarketLevels} over an {@link OrderBook}. Same thread rules as the book; no allocation. */
final class BookLevels implements MarketLevels {
    private final OrderBook book;

    BookLevels(OrderBook book) {
        this.book = book;
    }

    @Override public int askLevels() { return book.askLevels(); }
    @Override public long askPrice(int level) { return book.askPrice(level); }
    @Override public long askQuantity(int level) { return book.askQuantity(level); }
    @Override public int bidLevels() { return book.bidLevels(); }
    @Override public long bidPrice(int level) { return book.bidPrice(level); }
    @Override public long bidQuantity(int level) { return book.bidQuantity(level); }
}
