package flox.api.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.event.BookUpdate;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The block layout against {@link ReferenceOrderBook} (the flat-array book it replaced): seeded
 * random sequences of snapshots (sorted, sorted with repeats, unsorted), deltas, INVALID and
 * CONTINUED updates, updates for another symbol, {@code setBid}/{@code setAsk} and
 * {@code clear}, applied to both, and every public getter compared after each step: every level
 * in order and at random, out-of-range levels, lookups of present and absent prices, the sums,
 * counts, best levels, mid, crossing, validity, ids, {@code droppedLevels} and {@code toString}.
 * Capacities from 1 to 5,000 (small ones hit the drop rule, deep books split and merge blocks);
 * prices include repeats, extremes ({@link Long#MIN_VALUE}, {@link Long#MAX_VALUE}) and
 * quantities zero, negative and near {@link Long#MAX_VALUE} (the sums saturate).
 */
class OrderBookDifferentialTest {
    static final int SYM = 7;
    static final int[] CAPACITIES = {1, 2, 3, 5, 15, 16, 17, 31, 48, 63, 64, 65, 100, 129, 500, 1_000, 5_000};

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldMatchTheReferenceBookOnRandomSequences() {
        long checks = 0;
        for (long seed = 1; seed <= 120; seed++) {
            checks += run(seed);
        }
        assertTrue(checks > 1_000_000, "the generator should compare many values, compared " + checks);
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void shouldMatchTheReferenceBookThroughAdversarialOrders() {
        // orders that split blocks at the front, empty them from the middle and keep a side full,
        // where a pool sized for too few blocks would run out
        for (int capacity : new int[] {1, 31, 32, 33, 64, 1_000}) {
            OrderBook book = new OrderBook(SYM, capacity);
            ReferenceOrderBook ref = new ReferenceOrderBook(SYM, capacity);
            SplittableRandom rnd = new SplittableRandom(capacity);
            Gen gen = new Gen(rnd, true);
            String where = "capacity " + capacity;
            int n = capacity + capacity / 2 + 3;
            for (int i = 0; i < n; i++) { // worst first: every level goes in at the top
                both(ref, book, 1_000 + i, 1 + i);
            }
            compareAll(rnd, gen, ref, book, where + " worst first");
            for (int i = 0; i < n; i += 2) { // every other level out
                both(ref, book, 1_000 + i, 0);
            }
            compareAll(rnd, gen, ref, book, where + " every other out");
            for (int i = 0; i < n; i++) { // best first: every level goes in at the bottom (dropped when full)
                both(ref, book, 999 - i, 7);
            }
            compareAll(rnd, gen, ref, book, where + " best first");
            for (int i = 0; i < 3 * n; i++) { // a full side, changed anywhere
                both(ref, book, rnd.nextLong(0, 4 * (long) n), rnd.nextInt(3) == 0 ? 0 : 1 + i);
                if (i % 97 == 0) compareAll(rnd, gen, ref, book, where + " full, step " + i);
            }
            for (int i = 0; i < n; i++) { // emptied from the middle outwards
                long p = ref.bidLevels() == 0 ? 0 : ref.bidPrice(ref.bidLevels() / 2);
                both(ref, book, p, 0);
            }
            compareAll(rnd, gen, ref, book, where + " emptied");
        }
    }

    static void both(ReferenceOrderBook ref, OrderBook book, long price, long qty) {
        ref.setBid(price, qty);
        book.setBid(price, qty);
        ref.setAsk(-price, qty);
        book.setAsk(-price, qty);
    }

    /** One seed's sequence; returns the number of levels compared. */
    static long run(long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int capacity = CAPACITIES[rnd.nextInt(CAPACITIES.length)];
        boolean deep = capacity >= 500 || rnd.nextInt(4) == 0;
        OrderBook book = new OrderBook(SYM, capacity);
        ReferenceOrderBook ref = new ReferenceOrderBook(SYM, capacity);
        Gen gen = new Gen(rnd, deep);
        BookUpdate u = new BookUpdate(6_000);
        int steps = deep ? 100 : 400;
        long compared = 0;
        for (int step = 0; step < steps; step++) {
            String where = "seed " + seed + " capacity " + capacity + " step " + step;
            int op = rnd.nextInt(100);
            if (step == 0 || op < 6) {
                gen.snapshot(u, step == 0 ? 0 : rnd.nextInt(3));
                assertEquals(ref.apply(u), book.apply(u), where);
            } else if (op < 70) {
                gen.delta(u, ref);
                assertEquals(ref.apply(u), book.apply(u), where);
            } else if (op < 72) {
                u.resetInvalid(SYM).updateIds(0, gen.nextId());
                assertEquals(ref.apply(u), book.apply(u), where);
            } else if (op < 74) {
                gen.delta(u, ref);
                u.reset(SYM + 1, rnd.nextBoolean() ? BookUpdate.Type.SNAPSHOT : BookUpdate.Type.DELTA);
                assertEquals(false, book.apply(u), where);
                assertEquals(false, ref.apply(u), where);
            } else if (op < 95) {
                int n = rnd.nextInt(1, 20);
                for (int i = 0; i < n; i++) {
                    boolean bid = rnd.nextBoolean();
                    long p = gen.price(bid, ref);
                    long q = gen.quantity();
                    if (bid) {
                        ref.setBid(p, q);
                        book.setBid(p, q);
                    } else {
                        ref.setAsk(p, q);
                        book.setAsk(p, q);
                    }
                    if (rnd.nextInt(4) == 0) {
                        compareSomeLevels(rnd, ref, book, where + " set " + i);
                    }
                }
            } else if (op < 97) {
                ref.clear();
                book.clear();
            } else {
                gen.mid += rnd.nextLong(-500, 501);
            }
            compared += compareAll(rnd, gen, ref, book, where);
        }
        return compared;
    }

    /** The generator of updates around a drifting mid. */
    static final class Gen {
        final SplittableRandom rnd;
        final boolean deep;
        long mid = 1_000_000;
        long id;

        Gen(SplittableRandom rnd, boolean deep) {
            this.rnd = rnd;
            this.deep = deep;
        }

        long nextId() {
            return id += 1 + rnd.nextInt(3);
        }

        long quantity() {
            int r = rnd.nextInt(100);
            if (r < 20) return 0;
            if (r < 23) return -rnd.nextLong(1, 1_000);
            if (r < 25) return Long.MAX_VALUE - rnd.nextLong(0, 1_000);
            return rnd.nextLong(1, 1_000_000);
        }

        /** A price for one side: mostly near the top, sometimes deep, through the other side, present, extreme. */
        long price(boolean bid, ReferenceOrderBook ref) {
            int r = rnd.nextInt(100);
            int levels = bid ? ref.bidLevels() : ref.askLevels();
            if (r < 30 && levels > 0) { // an existing level, often near the top
                int level = rnd.nextBoolean() ? rnd.nextInt(Math.min(levels, 100)) : rnd.nextInt(levels);
                return bid ? ref.bidPrice(level) : ref.askPrice(level);
            }
            if (r < 31) {
                return switch (rnd.nextInt(4)) {
                    case 0 -> Long.MIN_VALUE;
                    case 1 -> Long.MAX_VALUE;
                    case 2 -> Long.MIN_VALUE + rnd.nextInt(3);
                    default -> Long.MAX_VALUE - rnd.nextInt(3);
                };
            }
            long distance;
            if (r < 70) {
                distance = rnd.nextInt(-3, 120);
            } else if (r < 95) {
                distance = rnd.nextInt(0, deep ? 8_000 : 400);
            } else {
                distance = rnd.nextInt(-400, 0); // through the other side: crossed books
            }
            return bid ? mid - distance : mid + 1 + distance;
        }

        /** A snapshot: 0 strictly best first (as venues send them), 1 best first with repeats, 2 in any order. */
        void snapshot(BookUpdate u, int kind) {
            u.reset(SYM, BookUpdate.Type.SNAPSHOT);
            u.updateIds(id + 1, nextId());
            if (rnd.nextInt(5) == 0) u.flags(BookUpdate.CONTINUED);
            int n = deep ? rnd.nextInt(0, 2_900) : rnd.nextInt(0, 200);
            if (rnd.nextInt(20) == 0) n = 0;
            long bid = mid - rnd.nextInt(0, 3);
            long ask = bid + 1 + rnd.nextInt(0, 3);
            for (int i = 0; i < n; i++) {
                long bq = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? 0 : -5) : rnd.nextLong(1, 1_000_000);
                long aq = rnd.nextInt(10) == 0 ? (rnd.nextBoolean() ? 0 : -5) : rnd.nextLong(1, 1_000_000);
                if (kind == 2) {
                    u.addBid(mid - rnd.nextInt(-5, deep ? 6_000 : 300), bq);
                    u.addAsk(mid + 1 + rnd.nextInt(-5, deep ? 6_000 : 300), aq);
                    continue;
                }
                if (rnd.nextInt(3) != 0) u.addBid(bid, bq);
                if (rnd.nextInt(3) != 0) u.addAsk(ask, aq);
                boolean repeat = kind == 1 && rnd.nextInt(30) == 0;
                bid -= repeat ? 0 : rnd.nextInt(1, 4);
                ask += repeat ? 0 : rnd.nextInt(1, 4);
            }
        }

        /** A delta of 0 to 60 levels, sometimes a fragment (CONTINUED), rarely with a deep burst. */
        void delta(BookUpdate u, ReferenceOrderBook ref) {
            u.reset(SYM, BookUpdate.Type.DELTA);
            u.updateIds(id + 1, nextId());
            if (rnd.nextInt(6) == 0) u.flags(BookUpdate.CONTINUED);
            int n = rnd.nextInt(20) == 0 ? rnd.nextInt(0, 600) : rnd.nextInt(0, 60);
            for (int i = 0; i < n; i++) {
                boolean bid = rnd.nextBoolean();
                long p = price(bid, ref);
                long q = quantity();
                if (bid) {
                    u.addBid(p, q);
                } else {
                    u.addAsk(p, q);
                }
            }
        }
    }

    /** Compares every getter; returns the number of levels compared. */
    static long compareAll(SplittableRandom rnd, Gen gen, ReferenceOrderBook ref, OrderBook book, String where) {
        assertEquals(ref.capacity(), book.capacity(), where);
        assertEquals(ref.symbolId(), book.symbolId(), where);
        assertEquals(ref.bidLevels(), book.bidLevels(), where + ": bid levels");
        assertEquals(ref.askLevels(), book.askLevels(), where + ": ask levels");
        assertEquals(ref.droppedLevels(), book.droppedLevels(), where + ": dropped");
        assertEquals(ref.isValid(), book.isValid(), where + ": valid");
        assertEquals(ref.isUpdating(), book.isUpdating(), where + ": updating");
        assertEquals(ref.isConsistent(), book.isConsistent(), where + ": consistent");
        assertEquals(ref.lastUpdateId(), book.lastUpdateId(), where + ": lastUpdateId");
        assertEquals(ref.bestBidPrice(), book.bestBidPrice(), where);
        assertEquals(ref.bestAskPrice(), book.bestAskPrice(), where);
        assertEquals(ref.bestBidQuantity(), book.bestBidQuantity(), where);
        assertEquals(ref.bestAskQuantity(), book.bestAskQuantity(), where);
        assertEquals(ref.midPrice(), book.midPrice(), where + ": mid");
        assertEquals(ref.isCrossed(), book.isCrossed(), where + ": crossed");
        assertEquals(ref.toString(), book.toString(), where);
        int nb = ref.bidLevels();
        int na = ref.askLevels();
        for (int i = 0; i < nb; i++) {
            if (ref.bidPrice(i) != book.bidPrice(i) || ref.bidQuantity(i) != book.bidQuantity(i)) {
                fail(where + ": bid level " + i + " is " + book.bidPrice(i) + "x" + book.bidQuantity(i) + ", expected " + ref.bidPrice(i) + "x"
                        + ref.bidQuantity(i));
            }
        }
        for (int i = 0; i < na; i++) {
            if (ref.askPrice(i) != book.askPrice(i) || ref.askQuantity(i) != book.askQuantity(i)) {
                fail(where + ": ask level " + i + " is " + book.askPrice(i) + "x" + book.askQuantity(i) + ", expected " + ref.askPrice(i) + "x"
                        + ref.askQuantity(i));
            }
        }
        compareSomeLevels(rnd, ref, book, where);
        for (int level : new int[] {-1, nb, nb + 1, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertSameFailure(() -> ref.bidPrice(level), () -> book.bidPrice(level), where + " bidPrice(" + level + ")");
            assertSameFailure(() -> ref.bidQuantity(level), () -> book.bidQuantity(level), where + " bidQuantity(" + level + ")");
        }
        for (int level : new int[] {-1, na, na + 3, Integer.MIN_VALUE, Integer.MAX_VALUE}) {
            assertSameFailure(() -> ref.askPrice(level), () -> book.askPrice(level), where + " askPrice(" + level + ")");
            assertSameFailure(() -> ref.askQuantity(level), () -> book.askQuantity(level), where + " askQuantity(" + level + ")");
        }
        for (int i = 0; i < 24; i++) {
            boolean bid = rnd.nextBoolean();
            long p = gen.price(bid, ref);
            if (rnd.nextInt(4) == 0) p += rnd.nextBoolean() ? 1 : -1; // next to a level
            lookups(ref, book, p, where);
            lookups(ref, book, bid ? p + 1 : p - 1, where);
        }
        return nb + na;
    }

    static void lookups(ReferenceOrderBook ref, OrderBook book, long p, String where) {
        assertEquals(ref.bidLevelIndex(p), book.bidLevelIndex(p), where + ": bidLevelIndex(" + p + ")");
        assertEquals(ref.askLevelIndex(p), book.askLevelIndex(p), where + ": askLevelIndex(" + p + ")");
        assertEquals(ref.bidQuantityAt(p), book.bidQuantityAt(p), where + ": bidQuantityAt(" + p + ")");
        assertEquals(ref.askQuantityAt(p), book.askQuantityAt(p), where + ": askQuantityAt(" + p + ")");
        assertEquals(ref.bidQuantityAtOrAbove(p), book.bidQuantityAtOrAbove(p), where + ": bidQuantityAtOrAbove(" + p + ")");
        assertEquals(ref.askQuantityAtOrBelow(p), book.askQuantityAtOrBelow(p), where + ": askQuantityAtOrBelow(" + p + ")");
    }

    /** Levels read out of order (backwards, jumps), as the level cache must survive. */
    static void compareSomeLevels(SplittableRandom rnd, ReferenceOrderBook ref, OrderBook book, String where) {
        int nb = ref.bidLevels();
        int na = ref.askLevels();
        for (int i = 0; i < 16; i++) {
            if (nb > 0) {
                int l = rnd.nextBoolean() ? rnd.nextInt(nb) : nb - 1 - rnd.nextInt(Math.min(nb, 70));
                assertEquals(ref.bidPrice(l), book.bidPrice(l), where + ": bid price at " + l);
                assertEquals(ref.bidQuantity(l), book.bidQuantity(l), where + ": bid quantity at " + l);
            }
            if (na > 0) {
                int l = rnd.nextBoolean() ? rnd.nextInt(na) : na - 1 - rnd.nextInt(Math.min(na, 70));
                assertEquals(ref.askPrice(l), book.askPrice(l), where + ": ask price at " + l);
                assertEquals(ref.askQuantity(l), book.askQuantity(l), where + ": ask quantity at " + l);
            }
        }
        for (int l = nb - 1; l >= 0 && l >= nb - 130; l--) { // backwards over a few blocks
            assertEquals(ref.bidPrice(l), book.bidPrice(l), where + ": bid price at " + l + " (backwards)");
        }
    }

    static void assertSameFailure(Runnable expected, Runnable actual, String where) {
        String e = failure(expected);
        String a = failure(actual);
        assertTrue(e != null, where + ": the reference should refuse");
        assertEquals(e, a, where);
    }

    private static String failure(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException ex) {
            return ex.getClass().getName() + ": " + ex.getMessage();
        }
    }
}
