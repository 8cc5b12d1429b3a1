package flox.api.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import java.lang.management.ManagementFactory;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * No allocation after construction: deep books (blocks split and merge), a full small book (the
 * drop rule), sorted and unsorted snapshots, INVALID, clear, and the getters, measured with the
 * thread's allocated bytes (ThreadMXBean) once warm.
 */
class OrderBookAllocationTest {
    static final int SYM = 3;
    static final int UPDATES = 2_048;

    static long sink;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldNotAllocateWhenApplyingAndReading() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        SplittableRandom rnd = new SplittableRandom(42);
        BookUpdate sorted = snapshot(rnd, true);
        BookUpdate unsorted = snapshot(rnd, false);
        BookUpdate invalid = new BookUpdate(1).resetInvalid(SYM);
        BookUpdate[] deltas = new BookUpdate[UPDATES];
        for (int i = 0; i < UPDATES; i++) {
            BookUpdate u = new BookUpdate(64).reset(SYM, BookUpdate.Type.DELTA).updateIds(i, i);
            for (int k = 0; k < 36; k++) {
                // mostly inserts and removals at depths up to a few hundred levels, some far out
                long distance = rnd.nextInt(4) == 0 ? rnd.nextInt(0, 3_000) : rnd.nextInt(0, 400);
                long qty = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 1_000_000);
                if (rnd.nextBoolean()) u.addBid(1_000_000 - distance, qty); else u.addAsk(1_000_001 + distance, qty);
            }
            deltas[i] = u;
        }
        OrderBook deep = new OrderBook(SYM, 20_000);
        OrderBook small = new OrderBook(SYM, 200);
        OrderBook[] books = {deep, small};
        long allocated = -1;
        for (int round = 0; round < 8; round++) { // the first rounds warm up (class loading, JIT)
            long before = threads.getThreadAllocatedBytes(me);
            for (OrderBook book : books) {
                book.apply(round % 2 == 0 ? sorted : unsorted);
                for (BookUpdate u : deltas) {
                    book.apply(u);
                    sink += read(book, u);
                }
                book.setBid(999_990, 5);
                book.setAsk(1_000_010, 0);
                book.apply(invalid);
                book.apply(sorted);
                book.clear();
            }
            allocated = threads.getThreadAllocatedBytes(me) - before;
        }
        assertTrue(deep.droppedLevels() == 0 && small.droppedLevels() > 0, "the small book should hit the drop rule");
        assertEquals(0, allocated, "bytes allocated in the last round of " + 2 * UPDATES + " deltas");
    }

    @Test
    void shouldSeeAllocationWhenThereIsSome() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(me);
        OrderBook book = new OrderBook(SYM, 1_000);
        sink += book.capacity();
        assertTrue(threads.getThreadAllocatedBytes(me) - before >= 32_000, "the meter works (a book allocates its levels)");
    }

    @Test
    void shouldTakeAbout64BytesALevelOfCapacity() {
        // the figure docs/ARCHITECTURE.md gives for the Binance connector's books (20,000 a side)
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(me);
        OrderBook book = new OrderBook(SYM, 20_000);
        long bytes = threads.getThreadAllocatedBytes(me) - before;
        sink += book.capacity();
        assertTrue(bytes >= 1_280_000 && bytes <= 1_400_000, "a 20,000-level book took " + bytes + " bytes");
    }

    static long read(OrderBook book, BookUpdate u) {
        long s = book.bestBidPrice() + book.bestAskPrice() + book.midPrice() + (book.isCrossed() ? 1 : 0);
        for (int i = 0, n = Math.min(book.bidLevels(), 100); i < n; i++) s += book.bidPrice(i) + book.bidQuantity(i);
        for (int i = 0, n = Math.min(book.askLevels(), 100); i < n; i++) s += book.askPrice(i) + book.askQuantity(i);
        if (u.bidCount() > 0) {
            s += book.bidLevelIndex(u.bidPrice(0)) + book.bidQuantityAt(u.bidPrice(0)) + book.bidQuantityAtOrAbove(u.bidPrice(0));
        }
        if (u.askCount() > 0) {
            s += book.askLevelIndex(u.askPrice(0)) + book.askQuantityAt(u.askPrice(0)) + book.askQuantityAtOrBelow(u.askPrice(0));
        }
        return s;
    }

    /** A 1,000-level-a-side snapshot, best first or shuffled. */
    static BookUpdate snapshot(SplittableRandom rnd, boolean sorted) {
        BookUpdate u = new BookUpdate(1_000).reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, 0);
        for (int i = 0; i < 1_000; i++) {
            int k = sorted ? i : (i * 617) % 1_000; // 617 is prime to 1,000: a permutation
            u.addBid(1_000_000 - 2L * k, rnd.nextLong(1, 1_000_000));
            u.addAsk(1_000_001 + 2L * k, rnd.nextLong(1, 1_000_000));
        }
        return u;
    }
}
