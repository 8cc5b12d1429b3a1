package flox.risk.internal;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The mid price of each symbol, from an {@link OrderBook} per symbol built from the market-data
 * bus's book updates: the reference of the price band, and the price of market orders in the
 * notional check. A book flagged invalid publishes {@link #BOOK_INVALID} instead of a mid until
 * its next snapshot; while a fragmented update is being applied the last mid stands (a
 * half-applied book is no reference).
 *
 * <p>Thread-safety: <b>one writer</b> at a time ({@link #onBookUpdate}; the market-data
 * subscriber's delivery thread) owns the books; any thread may read {@link #mid(int)}, which is a
 * lock-free acquire load of a value the writer publishes with a release store after each update.
 * The mid table grows (copy, then publish the new array) when a symbol id beyond it first appears;
 * only the writer writes either array, so no update is lost.
 *
 * <p>Allocation: a book per symbol the first time the symbol is seen (and the arrays when they
 * grow); nothing per update afterwards.
 */
final class ReferencePrices {
    static final long NO_PRICE = OrderBook.NO_PRICE;
    /** In place of a mid: the symbol's book is invalid (no price is, so orders are refused). */
    static final long BOOK_INVALID = Long.MIN_VALUE + 1;

    private final int bookLevels;
    private OrderBook[] books;
    private volatile AtomicLongArray mids;

    ReferencePrices(int initialSymbols, int bookLevels) {
        this.bookLevels = bookLevels;
        int n = Math.max(16, initialSymbols);
        books = new OrderBook[n];
        mids = filled(n);
    }

    private static AtomicLongArray filled(int n) {
        AtomicLongArray a = new AtomicLongArray(n);
        for (int i = 0; i < n; i++) a.set(i, NO_PRICE);
        return a;
    }

    /**
     * Mid of the symbol, {@link #NO_PRICE} when a side of its book is empty or no book was seen,
     * or {@link #BOOK_INVALID}. Lock-free.
     */
    long mid(int symbolId) {
        AtomicLongArray m = mids;
        return symbolId >= 0 && symbolId < m.length() ? m.getAcquire(symbolId) : NO_PRICE;
    }

    /** Applies the update to the symbol's book and publishes its mid. Single writer. */
    void onBookUpdate(BookUpdate update) {
        int id = update.symbolId();
        if (id < 0) return;
        if (id >= books.length) grow(id);
        OrderBook book = books[id];
        if (book == null) {
            book = new OrderBook(id, bookLevels);
            books[id] = book;
        }
        book.apply(update);
        if (book.isUpdating()) return; // the last consistent mid stands until the last fragment
        long mid = book.isValid() ? book.midPrice() : BOOK_INVALID;
        AtomicLongArray m = mids;
        if (m.getPlain(id) != mid) m.setRelease(id, mid);
    }

    private void grow(int id) {
        int n = Math.max(id + 1, books.length * 2);
        books = Arrays.copyOf(books, n);
        AtomicLongArray old = mids;
        AtomicLongArray next = filled(n);
        for (int i = 0; i < old.length(); i++) next.set(i, old.getPlain(i));
        mids = next;
    }

    /** The symbol's book for display (cold path, racy against the writer: best prices only). */
    OrderBook book(int symbolId) {
        OrderBook[] b = books;
        return symbolId >= 0 && symbolId < b.length ? b[symbolId] : null;
    }
}
