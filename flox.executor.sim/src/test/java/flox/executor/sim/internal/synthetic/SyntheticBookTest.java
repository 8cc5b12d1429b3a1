package flox.executor.sim.internal.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SyntheticBookTest {
    static final long TICK = 1;       // 0.01 at price scale 2
    static final long LOT = 1_000;    // 0.01 at quantity scale 5

    /** Applies the generator's events to a plain reference book and checks it stays a sane market. */
    @Test
    void shouldProduceAConsistentUncrossedBookWithTradesAtTheTouch() {
        int depth = 10;
        SyntheticBook gen = new SyntheticBook(3, 6_000_000, TICK, LOT, depth, 20, 10, 20, 42);
        BookUpdate u = new BookUpdate(32);
        TradeEvent t = new TradeEvent();
        TreeMap<Long, Long> bids = new TreeMap<>();
        TreeMap<Long, Long> asks = new TreeMap<>();
        int trades = 0;
        int books = 0;
        boolean lastWasTrade = false;
        for (int i = 0; i < 200_000; i++) {
            // a resent snapshot must equal the book built from deltas (not right after a trade: then it is one change newer)
            boolean snapshotRequested = i % 1000 == 1 && !lastWasTrade;
            if (snapshotRequested) gen.requestSnapshot();
            int kind = gen.next(u, t, i);
            lastWasTrade = kind == SyntheticBook.TRADE;
            if (snapshotRequested) {
                assertEquals(SyntheticBook.BOOK, kind, "a requested snapshot comes next");
                TreeMap<Long, Long> before = new TreeMap<>(bids);
                TreeMap<Long, Long> beforeAsks = new TreeMap<>(asks);
                bids.clear();
                asks.clear();
                apply(bids, u, true);
                apply(asks, u, false);
                assertEquals(before, bids, "snapshot bids equal the delta-built book at event " + i);
                assertEquals(beforeAsks, asks, "snapshot asks equal the delta-built book at event " + i);
                continue;
            }
            if (kind == SyntheticBook.TRADE) {
                trades++;
                assertEquals(3, t.symbolId());
                long touch = t.aggressorSide() == Side.BUY ? asks.firstKey() : bids.lastKey();
                long available = t.aggressorSide() == Side.BUY ? asks.get(touch) : bids.get(touch);
                assertEquals(touch, t.priceScaled(), "trades happen at the touch");
                assertTrue(t.quantityScaled() > 0 && t.quantityScaled() <= available, "within the displayed quantity");
                assertEquals(0, t.quantityScaled() % LOT);
                continue;
            }
            books++;
            assertEquals(i == 0 ? BookUpdate.Type.SNAPSHOT : BookUpdate.Type.DELTA, u.type(), "event " + i);
            if (u.type() == BookUpdate.Type.SNAPSHOT) {
                bids.clear();
                asks.clear();
            }
            apply(bids, u, true);
            apply(asks, u, false);
            // deltas carry every change (a trade's book change is the next event): the book always matches
            assertTrue(bids.lastKey() < asks.firstKey(), "never crossed at event " + i);
            assertEquals(gen.bestBidPriceScaled(), bids.lastKey(), "best bid at event " + i);
            assertEquals(gen.bestAskPriceScaled(), asks.firstKey(), "best ask at event " + i);
            assertEquals(depth, bids.size(), "bid depth at event " + i);
            assertEquals(depth, asks.size(), "ask depth at event " + i);
            for (Map.Entry<Long, Long> e : bids.entrySet()) assertEquals(0, e.getKey() % TICK);
        }
        assertTrue(trades > 15_000 && trades < 25_000, "about 10% trades: " + trades);
        assertTrue(books > 150_000);
    }

    private static void apply(TreeMap<Long, Long> side, BookUpdate u, boolean bid) {
        int n = bid ? u.bidCount() : u.askCount();
        for (int i = 0; i < n; i++) {
            long px = bid ? u.bidPrice(i) : u.askPrice(i);
            long qty = bid ? u.bidQuantity(i) : u.askQuantity(i);
            if (qty == 0) side.remove(px); else side.put(px, qty);
        }
    }

    @Test
    void shouldRepeatTheSameSequenceForTheSameSeed() {
        assertEquals(checksum(7), checksum(7));
        assertTrue(checksum(7) != checksum(8));
    }

    private static long checksum(long seed) {
        SyntheticBook gen = new SyntheticBook(0, 300_000, TICK, LOT, 5, 10, 10, 30, seed);
        BookUpdate u = new BookUpdate(16);
        TradeEvent t = new TradeEvent();
        long sum = 0;
        for (int i = 0; i < 10_000; i++) {
            if (gen.next(u, t, i) == SyntheticBook.TRADE) {
                sum = sum * 31 + t.priceScaled() * 7 + t.quantityScaled();
            } else {
                for (int k = 0; k < u.bidCount(); k++) sum = sum * 31 + u.bidPrice(k) + u.bidQuantity(k);
                for (int k = 0; k < u.askCount(); k++) sum = sum * 31 - u.askPrice(k) + u.askQuantity(k);
            }
        }
        return sum;
    }
}
