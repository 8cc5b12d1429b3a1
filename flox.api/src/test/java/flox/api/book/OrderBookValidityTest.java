package flox.api.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import org.junit.jupiter.api.Test;

class OrderBookValidityTest {
    static final int SYM = 3;

    final BookUpdate update = new BookUpdate(16);
    final OrderBook book = new OrderBook(SYM, 16);

    void snapshot(long u, int flags) {
        update.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, u).flags(flags);
        update.addBid(99, 5);
        update.addAsk(101, 7);
        book.apply(update);
    }

    @Test
    void shouldStartInvalidAndStayInvalidThroughDeltasUntilASnapshot() {
        assertFalse(book.isValid(), "no snapshot yet: the venue's book is unknown");
        assertFalse(book.isUpdating());
        update.reset(SYM, BookUpdate.Type.DELTA).updateIds(1, 2).addBid(99, 5);
        update.addAsk(101, 7);
        book.apply(update);
        assertFalse(book.isConsistent(), "a subscriber that joined after the snapshot has only part of the book");
        assertEquals(100, book.midPrice(), "queries still answer from what was applied");
        snapshot(10, 0);
        assertTrue(book.isConsistent());
    }

    @Test
    void shouldClearAndInvalidateOnAnInvalidUpdateWhateverItsLevels() {
        snapshot(10, 0);
        update.resetInvalid(SYM).updateIds(0, 11);
        update.addBid(98, 1); // ignored: an INVALID update carries no book
        assertTrue(book.apply(update));
        assertFalse(book.isValid());
        assertFalse(book.isConsistent());
        assertEquals(0, book.bidLevels());
        assertEquals(0, book.askLevels());
        assertEquals(OrderBook.NO_PRICE, book.midPrice());
        assertEquals(11, book.lastUpdateId());
    }

    @Test
    void shouldStayInvalidThroughDeltasUntilTheNextSnapshot() {
        snapshot(10, 0);
        book.apply(update.resetInvalid(SYM));
        update.reset(SYM, BookUpdate.Type.DELTA).updateIds(11, 12);
        update.addBid(97, 2);
        book.apply(update);
        assertFalse(book.isValid(), "a delta after INVALID does not make the book the venue's");
        snapshot(20, 0);
        assertTrue(book.isValid());
        assertTrue(book.isConsistent());
        assertEquals(100, book.midPrice());
    }

    @Test
    void shouldBeUpdatingBetweenTheFirstAndTheLastFragment() {
        snapshot(10, BookUpdate.CONTINUED);
        assertTrue(book.isValid(), "a snapshot fragment starts a valid book");
        assertTrue(book.isUpdating());
        assertFalse(book.isConsistent());
        update.reset(SYM, BookUpdate.Type.DELTA).updateIds(0, 10).flags(BookUpdate.CONTINUED);
        update.addBid(98, 3);
        book.apply(update);
        assertTrue(book.isUpdating());
        assertEquals(2, book.bidLevels(), "queries answer from the fragments applied so far");
        update.reset(SYM, BookUpdate.Type.DELTA).updateIds(0, 10);
        update.addAsk(102, 4);
        book.apply(update);
        assertFalse(book.isUpdating());
        assertTrue(book.isConsistent());
        assertEquals(2, book.askLevels());
    }

    @Test
    void shouldEndAnOpenFragmentSequenceOnInvalid() {
        snapshot(10, BookUpdate.CONTINUED);
        book.apply(update.resetInvalid(SYM).flags(BookUpdate.INVALID | BookUpdate.CONTINUED));
        assertFalse(book.isUpdating(), "INVALID ends a sequence even if it also says CONTINUED");
        assertFalse(book.isValid());
    }

    @Test
    void shouldIgnoreAnInvalidUpdateForAnotherSymbol() {
        snapshot(10, 0);
        assertFalse(book.apply(update.resetInvalid(SYM + 1)));
        assertTrue(book.isValid());
        assertEquals(100, book.midPrice());
    }

    @Test
    void shouldBeAsNewAfterClear() {
        snapshot(10, BookUpdate.CONTINUED);
        book.clear();
        assertFalse(book.isValid());
        assertFalse(book.isUpdating());
        assertEquals(0, book.bidLevels());
    }
}
