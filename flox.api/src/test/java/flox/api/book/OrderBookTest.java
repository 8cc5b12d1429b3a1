package flox.api.book;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import org.junit.jupiter.api.Test;

class OrderBookTest {
    static final int SYM = 3;

    final BookUpdate update = new BookUpdate(64);

    BookUpdate snapshot(long u) {
        return update.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, u);
    }

    BookUpdate delta(long first, long last) {
        return update.reset(SYM, BookUpdate.Type.DELTA).updateIds(first, last);
    }

    static long[] bids(OrderBook b) {
        long[] out = new long[b.bidLevels() * 2];
        for (int i = 0; i < b.bidLevels(); i++) {
            out[2 * i] = b.bidPrice(i);
            out[2 * i + 1] = b.bidQuantity(i);
        }
        return out;
    }

    static long[] asks(OrderBook b) {
        long[] out = new long[b.askLevels() * 2];
        for (int i = 0; i < b.askLevels(); i++) {
            out[2 * i] = b.askPrice(i);
            out[2 * i + 1] = b.askQuantity(i);
        }
        return out;
    }

    // ------------------------------------------------------------------ empty book

    @Test
    void shouldReportEmptySidesWithSentinels() {
        OrderBook b = new OrderBook(SYM, 8);
        assertEquals(SYM, b.symbolId());
        assertEquals(8, b.capacity());
        assertEquals(0, b.bidLevels());
        assertEquals(0, b.askLevels());
        assertEquals(OrderBook.NO_PRICE, b.bestBidPrice());
        assertEquals(OrderBook.NO_PRICE, b.bestAskPrice());
        assertEquals(0, b.bestBidQuantity());
        assertEquals(0, b.bestAskQuantity());
        assertEquals(OrderBook.NO_PRICE, b.midPrice());
        assertFalse(b.isCrossed());
        assertEquals(0, b.bidQuantityAtOrAbove(0));
        assertEquals(0, b.askQuantityAtOrBelow(Long.MAX_VALUE));
        assertEquals(-1, b.bidLevelIndex(100));
        assertEquals(-1, b.askLevelIndex(100));
        assertThrows(IndexOutOfBoundsException.class, () -> b.bidPrice(0));
        assertThrows(IndexOutOfBoundsException.class, () -> b.askQuantity(0));
        assertThrows(IllegalArgumentException.class, () -> new OrderBook(SYM, 0));
    }

    // ------------------------------------------------------------------ snapshots

    @Test
    void shouldLoadSnapshotSortedWhateverTheInputOrder() {
        OrderBook b = new OrderBook(SYM, 8);
        snapshot(42).addBid(99, 1);
        update.addBid(101, 3);
        update.addBid(100, 2);
        update.addAsk(104, 6);
        update.addAsk(102, 4);
        update.addAsk(103, 5);
        assertTrue(b.apply(update));

        assertArrayEquals(new long[] {101, 3, 100, 2, 99, 1}, bids(b));
        assertArrayEquals(new long[] {102, 4, 103, 5, 104, 6}, asks(b));
        assertEquals(42, b.lastUpdateId());
        assertEquals(101, b.bestBidPrice());
        assertEquals(3, b.bestBidQuantity());
        assertEquals(102, b.bestAskPrice());
        assertEquals(4, b.bestAskQuantity());
        assertEquals(0, b.droppedLevels());
    }

    @Test
    void shouldReplaceTheWholeBookOnSnapshot() {
        OrderBook b = new OrderBook(SYM, 8);
        snapshot(1).addBid(100, 1);
        update.addBid(99, 1);
        update.addAsk(101, 1);
        update.addAsk(102, 1);
        b.apply(update);

        snapshot(2).addBid(50, 7);
        update.addAsk(60, 8);
        b.apply(update);
        assertArrayEquals(new long[] {50, 7}, bids(b));
        assertArrayEquals(new long[] {60, 8}, asks(b));
        assertEquals(2, b.lastUpdateId());

        snapshot(3);
        b.apply(update);
        assertEquals(0, b.bidLevels());
        assertEquals(0, b.askLevels());
        assertEquals(3, b.lastUpdateId());
    }

    @Test
    void shouldSkipZeroQuantityAndKeepLastDuplicateInSnapshot() {
        OrderBook b = new OrderBook(SYM, 8);
        snapshot(1).addBid(100, 0);
        update.addBid(99, 5);
        update.addBid(99, 6);
        update.addAsk(101, 0);
        b.apply(update);
        assertArrayEquals(new long[] {99, 6}, bids(b));
        assertEquals(0, b.askLevels());
    }

    @Test
    void shouldLetLaterEntryWinInBestFirstSnapshotWithRepeatedPrice() {
        OrderBook b = new OrderBook(SYM, 8);
        snapshot(1).addBid(100, 5);
        update.addBid(100, 0);   // a repeat that removes it again
        update.addBid(99, 4);
        update.addAsk(101, 0);   // absent
        update.addAsk(102, 3);
        update.addAsk(103, 2);
        b.apply(update);
        assertArrayEquals(new long[] {99, 4}, bids(b));
        assertArrayEquals(new long[] {102, 3, 103, 2}, asks(b));
        assertEquals(0, b.droppedLevels());
    }

    @Test
    void shouldRefuseUpdateForAnotherSymbolAndChangeNothing() {
        OrderBook b = new OrderBook(SYM, 8);
        snapshot(5).addBid(100, 1);
        b.apply(update);
        update.reset(SYM + 1, BookUpdate.Type.SNAPSHOT).updateIds(0, 9).addBid(1, 1);
        assertFalse(b.apply(update));
        assertArrayEquals(new long[] {100, 1}, bids(b));
        assertEquals(5, b.lastUpdateId());
    }

    // ------------------------------------------------------------------ deltas and removals

    @Test
    void shouldSetInsertAndRemoveLevelsOnDelta() {
        OrderBook b = new OrderBook(SYM, 8);
        snapshot(10).addBid(100, 1);
        update.addBid(98, 1);
        update.addAsk(102, 1);
        update.addAsk(104, 1);
        b.apply(update);

        delta(11, 12).addBid(99, 5);     // insert in the middle
        update.addBid(100, 0);           // remove the best
        update.addBid(101, 7);           // new best
        update.addAsk(104, 9);           // change quantity
        update.addAsk(103, 2);           // insert
        update.addAsk(110, 0);           // remove a missing level: no-op
        b.apply(update);

        assertArrayEquals(new long[] {101, 7, 99, 5, 98, 1}, bids(b));
        assertArrayEquals(new long[] {102, 1, 103, 2, 104, 9}, asks(b));
        assertEquals(12, b.lastUpdateId());

        delta(13, 13).addBid(98, 0);     // remove the worst
        update.addAsk(102, 0);
        update.addAsk(103, 0);
        update.addAsk(104, 0);           // empty the side
        b.apply(update);
        assertArrayEquals(new long[] {101, 7, 99, 5}, bids(b));
        assertEquals(0, b.askLevels());
        assertEquals(OrderBook.NO_PRICE, b.bestAskPrice());
    }

    @Test
    void shouldTreatNegativeQuantityAsRemoval() {
        OrderBook b = new OrderBook(SYM, 4);
        b.setBid(100, 3);
        b.setBid(100, -1);
        assertEquals(0, b.bidLevels());
        b.setAsk(100, 3);
        b.setAsk(100, -5);
        assertEquals(0, b.askLevels());
    }

    @Test
    void shouldLeaveBookUnchangedWhenRemovingMissingLevel() {
        OrderBook b = new OrderBook(SYM, 4);
        b.setBid(100, 1);
        b.setBid(98, 1);
        b.setAsk(101, 1);
        b.setBid(99, 0);
        b.setBid(97, 0);
        b.setBid(101, 0);
        b.setAsk(100, 0);
        b.setAsk(102, 0);
        assertArrayEquals(new long[] {100, 1, 98, 1}, bids(b));
        assertArrayEquals(new long[] {101, 1}, asks(b));
    }

    @Test
    void shouldClearBothSidesAndSequence() {
        OrderBook b = new OrderBook(SYM, 4);
        snapshot(7).addBid(100, 1);
        update.addAsk(101, 1);
        b.apply(update);
        b.clear();
        assertEquals(0, b.bidLevels());
        assertEquals(0, b.askLevels());
        assertEquals(0, b.lastUpdateId());
    }

    // ------------------------------------------------------------------ capacity

    @Test
    void shouldKeepBestLevelsWhenSnapshotExceedsCapacity() {
        OrderBook b = new OrderBook(SYM, 3);
        snapshot(1);
        for (long p = 100; p > 94; p--) update.addBid(p, p);      // 6 bids best first
        for (long p = 106; p >= 101; p--) update.addAsk(p, p);    // 6 asks worst first
        b.apply(update);
        assertArrayEquals(new long[] {100, 100, 99, 99, 98, 98}, bids(b));
        assertArrayEquals(new long[] {101, 101, 102, 102, 103, 103}, asks(b));
        assertEquals(6, b.droppedLevels());
    }

    @Test
    void shouldDropWorstLevelWhenDeltaInsertsIntoFullSide() {
        OrderBook b = new OrderBook(SYM, 3);
        b.setBid(100, 1);
        b.setBid(99, 1);
        b.setBid(98, 1);
        b.setAsk(101, 1);
        b.setAsk(102, 1);
        b.setAsk(103, 1);

        b.setBid(97, 5);     // worse than all kept levels: dropped
        b.setAsk(104, 5);
        assertEquals(2, b.droppedLevels());
        assertArrayEquals(new long[] {100, 1, 99, 1, 98, 1}, bids(b));
        assertArrayEquals(new long[] {101, 1, 102, 1, 103, 1}, asks(b));

        b.setBid(99, 4);     // existing level in a full side: no drop
        assertEquals(2, b.droppedLevels());

        b.setBid(101, 2);    // new best: the worst (98) goes
        b.setAsk(101, 0);
        b.setAsk(100, 3);    // not full after the removal: no drop
        b.setAsk(99, 3);     // full again: 103 goes
        assertEquals(4, b.droppedLevels());
        assertArrayEquals(new long[] {101, 2, 100, 1, 99, 4}, bids(b));
        assertArrayEquals(new long[] {99, 3, 100, 3, 102, 1}, asks(b));
    }

    // ------------------------------------------------------------------ derived values

    @Test
    void shouldDetectCrossedAndLockedBooks() {
        OrderBook b = new OrderBook(SYM, 4);
        b.setBid(100, 1);
        assertFalse(b.isCrossed(), "one side empty");
        b.setAsk(101, 1);
        assertFalse(b.isCrossed());
        b.setAsk(100, 1);
        assertTrue(b.isCrossed(), "locked (bid == ask) counts as crossed");
        b.setAsk(100, 0);
        b.setBid(102, 1);
        assertTrue(b.isCrossed());
        b.setBid(102, 0);
        assertFalse(b.isCrossed());
    }

    @Test
    void shouldComputeMidRoundedDownWithoutOverflow() {
        OrderBook b = new OrderBook(SYM, 4);
        b.setBid(100, 1);
        assertEquals(OrderBook.NO_PRICE, b.midPrice());
        b.setAsk(103, 1);
        assertEquals(101, b.midPrice());
        b.setAsk(102, 1);
        assertEquals(101, b.midPrice());

        OrderBook negative = new OrderBook(SYM, 4);
        negative.setBid(-3, 1);
        negative.setAsk(0, 1);
        assertEquals(-2, negative.midPrice(), "floor(-1.5) = -2");

        OrderBook huge = new OrderBook(SYM, 4);
        huge.setBid(Long.MAX_VALUE - 3, 1);
        huge.setAsk(Long.MAX_VALUE - 1, 1);
        assertEquals(Long.MAX_VALUE - 2, huge.midPrice());
    }

    @Test
    void shouldFindLevelIndexesAndInsertionPoints() {
        OrderBook b = new OrderBook(SYM, 8);
        b.setBid(100, 1);
        b.setBid(98, 1);
        b.setBid(96, 1);
        b.setAsk(101, 1);
        b.setAsk(103, 1);
        assertEquals(0, b.bidLevelIndex(100));
        assertEquals(2, b.bidLevelIndex(96));
        assertEquals(-1, b.bidLevelIndex(101), "better than all: insert at 0");
        assertEquals(-2, b.bidLevelIndex(99));
        assertEquals(-4, b.bidLevelIndex(95));
        assertEquals(1, b.askLevelIndex(103));
        assertEquals(-1, b.askLevelIndex(100));
        assertEquals(-2, b.askLevelIndex(102));
        assertEquals(-3, b.askLevelIndex(104));
        assertEquals(1, b.bidQuantityAt(98));
        assertEquals(0, b.bidQuantityAt(97));
        assertEquals(1, b.askQuantityAt(103));
        assertEquals(0, b.askQuantityAt(102));
    }

    @Test
    void shouldSumQuantityReachableUpToLimit() {
        OrderBook b = new OrderBook(SYM, 8);
        b.setBid(100, 1);
        b.setBid(99, 20);
        b.setBid(97, 300);
        b.setAsk(101, 4);
        b.setAsk(102, 50);
        b.setAsk(104, 600);

        assertEquals(0, b.bidQuantityAtOrAbove(101));
        assertEquals(1, b.bidQuantityAtOrAbove(100));
        assertEquals(21, b.bidQuantityAtOrAbove(99), "the level at the limit counts");
        assertEquals(21, b.bidQuantityAtOrAbove(98));
        assertEquals(321, b.bidQuantityAtOrAbove(97));
        assertEquals(321, b.bidQuantityAtOrAbove(Long.MIN_VALUE));

        assertEquals(0, b.askQuantityAtOrBelow(100));
        assertEquals(4, b.askQuantityAtOrBelow(101));
        assertEquals(54, b.askQuantityAtOrBelow(103));
        assertEquals(654, b.askQuantityAtOrBelow(104));
        assertEquals(654, b.askQuantityAtOrBelow(Long.MAX_VALUE));

        b.setAsk(105, Long.MAX_VALUE - 10);
        assertEquals(Long.MAX_VALUE, b.askQuantityAtOrBelow(105), "saturates");
    }
}
