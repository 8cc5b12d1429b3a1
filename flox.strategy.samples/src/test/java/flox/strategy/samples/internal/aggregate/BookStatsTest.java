package flox.strategy.samples.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import flox.api.book.OrderBook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BookStatsTest {
    @Test
    void shouldTrackSpreadAndTopOfBookImbalance() {
        BookStats stats = new BookStats(3);
        OrderBook book = new OrderBook(3, 8);
        book.setBid(100, 30);
        book.setBid(99, 500); // deeper levels do not count
        stats.onBook(book); // one-sided: no spread yet
        book.setAsk(104, 10);
        stats.onBook(book); // spread 4, imbalance (30 - 10) / 40 = +0.5
        book.setAsk(102, 90);
        stats.onBook(book); // spread 2, imbalance (30 - 90) / 120 = -0.5
        book.setBid(100, 0);
        book.setBid(101, 10);
        stats.onBook(book); // spread 1, imbalance (10 - 90) / 100 = -0.8

        BookStats.View v = new BookStats.View();
        stats.read(v);
        assertEquals(3, v.symbolId);
        assertEquals(4, v.updates);
        assertEquals(3, v.twoSidedUpdates);
        assertEquals(101, v.bestBid);
        assertEquals(102, v.bestAsk);
        assertEquals(10, v.bidQuantity);
        assertEquals(90, v.askQuantity);
        assertEquals(1, v.spread);
        assertEquals(-800_000, v.imbalancePpm);
        assertEquals(1, v.spreadMin);
        assertEquals(4, v.spreadMax);
        assertEquals(2, v.spreadMean, "(4 + 2 + 1) / 3, rounded down");
        assertEquals(-266_666, v.imbalanceMeanPpm, "(0.5 - 0.5 - 0.8) / 3");
        assertFalse(v.crossed);
    }

    @Test
    void shouldComputeImbalanceWithoutOverflow() {
        assertEquals(0, BookStats.imbalancePpm(0, 0));
        assertEquals(1_000_000, BookStats.imbalancePpm(5, 0));
        assertEquals(-1_000_000, BookStats.imbalancePpm(0, 5));
        long big = Long.MAX_VALUE / 4;
        assertEquals(333_333, BookStats.imbalancePpm(2 * (big / 3) * 1, big / 3), 1, "(2 - 1) / 3 at huge quantities");
    }
}
