package flox.api.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.event.BookUpdate;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Seeded random snapshots and deltas against a reference model: one {@link TreeMap} per side
 * holding every level the feed ever set (unbounded), from which the expected capped book is the
 * best {@code capacity} levels. The comparison after each update covers every level, the
 * derived values and the quantity-up-to-limit helpers.
 *
 * <p>The capped book can only equal the top of the unbounded model while no removal has exposed
 * a level the capped book already dropped. So the model is capped the same way: a level that
 * does not fit is forgotten (as the book forgets it), and the number forgotten must equal
 * {@link OrderBook#droppedLevels()}.
 */
class OrderBookRandomizedTest {
    static final int SYM = 1;

    /** The reference: two sorted maps, trimmed to capacity after each level. */
    static final class Model {
        final int capacity;
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();
        long dropped;
        long lastUpdateId;

        Model(int capacity) {
            this.capacity = capacity;
        }

        void apply(BookUpdate u) {
            if (u.type() == BookUpdate.Type.SNAPSHOT) {
                bids.clear();
                asks.clear();
            }
            for (int i = 0; i < u.bidCount(); i++) set(bids, u.bidPrice(i), u.bidQuantity(i));
            for (int i = 0; i < u.askCount(); i++) set(asks, u.askPrice(i), u.askQuantity(i));
            lastUpdateId = u.lastUpdateId();
        }

        void set(TreeMap<Long, Long> side, long price, long qty) {
            if (qty <= 0) {
                side.remove(price);
                return;
            }
            side.put(price, qty);
            if (side.size() > capacity) {
                side.pollLastEntry();
                dropped++;
            }
        }

        static long reachable(TreeMap<Long, Long> side, long limit) {
            long sum = 0;
            for (long q : side.headMap(limit, true).values()) sum += q;
            return sum;
        }
    }

    static void assertSame(Model m, OrderBook b, String where) {
        assertEquals(m.bids.size(), b.bidLevels(), where + ": bid levels");
        assertEquals(m.asks.size(), b.askLevels(), where + ": ask levels");
        int i = 0;
        for (Map.Entry<Long, Long> e : m.bids.entrySet()) {
            if (e.getKey() != b.bidPrice(i) || e.getValue() != b.bidQuantity(i)) {
                fail(where + ": bid level " + i + " is " + b.bidPrice(i) + "x" + b.bidQuantity(i) + ", expected " + e);
            }
            i++;
        }
        i = 0;
        for (Map.Entry<Long, Long> e : m.asks.entrySet()) {
            if (e.getKey() != b.askPrice(i) || e.getValue() != b.askQuantity(i)) {
                fail(where + ": ask level " + i + " is " + b.askPrice(i) + "x" + b.askQuantity(i) + ", expected " + e);
            }
            i++;
        }
        assertEquals(m.bids.isEmpty() ? OrderBook.NO_PRICE : m.bids.firstKey(), b.bestBidPrice(), where);
        assertEquals(m.asks.isEmpty() ? OrderBook.NO_PRICE : m.asks.firstKey(), b.bestAskPrice(), where);
        boolean crossed = !m.bids.isEmpty() && !m.asks.isEmpty() && m.bids.firstKey() >= m.asks.firstKey();
        assertEquals(crossed, b.isCrossed(), where + ": crossed");
        if (!m.bids.isEmpty() && !m.asks.isEmpty()) {
            assertEquals(Math.floorDiv(m.bids.firstKey() + m.asks.firstKey(), 2), b.midPrice(), where + ": mid");
        } else {
            assertEquals(OrderBook.NO_PRICE, b.midPrice(), where + ": mid");
        }
        assertEquals(m.dropped, b.droppedLevels(), where + ": dropped");
        assertEquals(m.lastUpdateId, b.lastUpdateId(), where + ": lastUpdateId");
    }

    @ParameterizedTest(name = "seed {0}, capacity {1}")
    @CsvSource({"1, 8", "2, 32", "3, 1000", "4, 1", "5, 64"})
    void shouldMatchTreeMapModel(long seed, int capacity) {
        SplittableRandom rnd = new SplittableRandom(seed);
        OrderBook book = new OrderBook(SYM, capacity);
        Model model = new Model(capacity);
        BookUpdate u = new BookUpdate(256);
        long mid = 10_000;
        long seq = 0;
        int crossedSeen = 0;
        for (int step = 0; step < 20_000; step++) {
            boolean snapshot = step == 0 || rnd.nextInt(500) == 0;
            u.reset(SYM, snapshot ? BookUpdate.Type.SNAPSHOT : BookUpdate.Type.DELTA);
            u.updateIds(seq + 1, seq += 1 + rnd.nextInt(5));
            mid += rnd.nextInt(-3, 4);
            int levels = snapshot ? rnd.nextInt(0, 200) : rnd.nextInt(0, 12);
            if (snapshot && rnd.nextInt(3) != 0) {
                // as venues send them: best first, with gaps, some zero quantities, rarely a repeat
                long bid = mid - rnd.nextInt(0, 3);
                long ask = bid + 1 + rnd.nextInt(0, 3);
                for (int k = 0; k < levels / 2; k++) {
                    u.addBid(bid, rnd.nextInt(8) == 0 ? 0 : rnd.nextLong(1, 1_000_000));
                    u.addAsk(ask, rnd.nextInt(8) == 0 ? 0 : rnd.nextLong(1, 1_000_000));
                    bid -= rnd.nextInt(50) == 0 ? 0 : rnd.nextInt(1, 4);
                    ask += rnd.nextInt(50) == 0 ? 0 : rnd.nextInt(1, 4);
                }
                levels = 0;
            }
            for (int k = 0; k < levels; k++) {
                // mostly near the top, sometimes deep, sometimes through the other side (crossing)
                int distance = rnd.nextInt(10) == 0 ? rnd.nextInt(0, 300) : rnd.nextInt(-2, 15);
                long qty = snapshot || rnd.nextInt(3) != 0 ? rnd.nextLong(1, 1_000_000) : 0;
                if (rnd.nextBoolean()) {
                    u.addBid(mid - distance, qty);
                } else {
                    u.addAsk(mid + 1 + distance, qty);
                }
            }
            assertTrue(book.apply(u));
            model.apply(u);
            assertSame(model, book, "seed " + seed + " step " + step);
            if (book.isCrossed()) crossedSeen++;

            long limit = mid + rnd.nextInt(-20, 21);
            assertEquals(Model.reachable(model.bids, limit), book.bidQuantityAtOrAbove(limit), "step " + step);
            assertEquals(Model.reachable(model.asks, limit), book.askQuantityAtOrBelow(limit), "step " + step);
            long probe = mid + rnd.nextInt(-20, 21);
            assertEquals(model.bids.getOrDefault(probe, 0L), book.bidQuantityAt(probe));
            assertEquals(model.asks.getOrDefault(probe, 0L), book.askQuantityAt(probe));
        }
        assertTrue(crossedSeen > 0, "the generator should produce crossed books too");
        if (capacity < 100) {
            assertTrue(book.droppedLevels() > 0, "the generator should overflow small books");
        }
    }
}
