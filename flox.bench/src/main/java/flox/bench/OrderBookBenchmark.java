package flox.bench;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import java.util.Comparator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link OrderBook} on a 1,000-level book (per side), against the conventional book in the same
 * run: two {@code TreeMap<Long, Long>} (bids in reverse order) doing the same work with boxed
 * keys and values.
 *
 * <ul>
 *   <li>{@code applyDelta}: one venue diff per op, from 4,096 preallocated diffs cycled in order.
 *       Each changes 4 levels within the best 10 (two per side): a third remove a level, the
 *       rest set a quantity, which inserts the level when it was removed before. So the book
 *       stays at about 1,000 levels per side and every op does binary searches plus, for
 *       inserts and removals, short shifts.</li>
 *   <li>{@code applyDeltaAnywhere}: the same, with the levels anywhere in the 1,000: the
 *       layout's worst case, since an insert or removal shifts the levels better than it.</li>
 *   <li>{@code applySnapshot}: one 1,000-level-per-side snapshot per op (the book is emptied and
 *       reloaded; levels listed best first, as the venue sends them).</li>
 *   <li>{@code bestBidAsk}: best bid and ask, price and quantity.</li>
 * </ul>
 *
 * The OrderBook variants must show gc.alloc.rate.norm of about 0 B/op. Each trial checks at
 * teardown that both books hold the same levels (the baseline does the same work) and that the
 * OrderBook dropped nothing.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OrderBookBenchmark {
    static final int SYMBOL = 1;
    static final int LEVELS = 1_000;
    static final int CAPACITY = 1_024;
    static final int DIFFS = 4_096;
    static final int DIFFS_MASK = DIFFS - 1;
    static final long MID = 6_158_322L;       // 61,583.22 at scale 2, tick 0.01
    static final int NEAR_TOP = 10;

    /** The conventional book: sorted maps of boxed prices and quantities. */
    static final class TreeMapBook {
        final TreeMap<Long, Long> bids = new TreeMap<>(Comparator.reverseOrder());
        final TreeMap<Long, Long> asks = new TreeMap<>();

        void apply(BookUpdate u) {
            if (u.type() == BookUpdate.Type.SNAPSHOT) {
                bids.clear();
                asks.clear();
            }
            for (int i = 0; i < u.bidCount(); i++) set(bids, u.bidPrice(i), u.bidQuantity(i));
            for (int i = 0; i < u.askCount(); i++) set(asks, u.askPrice(i), u.askQuantity(i));
        }

        static void set(TreeMap<Long, Long> side, long price, long qty) {
            if (qty <= 0) {
                side.remove(price);
            } else {
                side.put(price, qty);
            }
        }
    }

    static BookUpdate snapshot() {
        BookUpdate s = new BookUpdate(LEVELS);
        s.reset(SYMBOL, BookUpdate.Type.SNAPSHOT).updateIds(0, 1);
        SplittableRandom rnd = new SplittableRandom(7);
        for (int i = 0; i < LEVELS; i++) {
            s.addBid(MID - i, rnd.nextLong(1_000, 500_000));
            s.addAsk(MID + 1 + i, rnd.nextLong(1_000, 500_000));
        }
        return s;
    }

    /**
     * {@link #DIFFS} diffs of 2 bid and 2 ask levels within the best {@code spread} levels. The
     * prices follow a seeded shuffle of those levels, repeated, so every level is written in
     * any {@code DIFFS} consecutive diffs (8,192 writes a side); quantities are seeded random and
     * a third of them 0.
     */
    static BookUpdate[] diffs(int spread) {
        SplittableRandom rnd = new SplittableRandom(11);
        int[] bidOrder = shuffle(spread, rnd);
        int[] askOrder = shuffle(spread, rnd);
        BookUpdate[] out = new BookUpdate[DIFFS];
        for (int k = 0; k < DIFFS; k++) {
            BookUpdate d = new BookUpdate(4).reset(SYMBOL, BookUpdate.Type.DELTA).updateIds(2 + k, 2 + k);
            for (int j = 0; j < 2; j++) {
                int w = 2 * k + j;
                d.addBid(MID - bidOrder[w % spread], rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1_000, 500_000));
                d.addAsk(MID + 1 + askOrder[w % spread], rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1_000, 500_000));
            }
            out[k] = d;
        }
        return out;
    }

    static int[] shuffle(int n, SplittableRandom rnd) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
        return a;
    }

    /** Both books, loaded with the same snapshot, fed the same diffs (near the top). */
    @State(Scope.Thread)
    public static class Books {
        final BookUpdate snapshot = snapshot();
        final BookUpdate[] diffs = diffs(spread());
        final OrderBook book = new OrderBook(SYMBOL, CAPACITY);
        final TreeMapBook treeMap = new TreeMapBook();
        int nextFlox;
        int nextTreeMap;

        /** Levels from the top that the diffs touch. */
        int spread() {
            return NEAR_TOP;
        }

        @Setup(Level.Trial)
        public void load() {
            book.apply(snapshot);
            treeMap.apply(snapshot);
        }

        /**
         * Brings the book that did not run up to the other's diff count, then compares every level.
         * Catching up needs only the last full cycle of diffs: any {@link #DIFFS} consecutive diffs
         * write every level they can touch, so the state depends only on them.
         */
        @TearDown(Level.Trial)
        public void check() {
            int target = Math.max(nextFlox, nextTreeMap);
            for (int i = Math.max(nextFlox, target - DIFFS); i < target; i++) book.apply(diffs[i & DIFFS_MASK]);
            for (int i = Math.max(nextTreeMap, target - DIFFS); i < target; i++) treeMap.apply(diffs[i & DIFFS_MASK]);
            if (book.droppedLevels() != 0) {
                throw new IllegalStateException("the book dropped " + book.droppedLevels() + " levels: capacity too small");
            }
            expectSame(book.bidLevels(), treeMap.bids, true);
            expectSame(book.askLevels(), treeMap.asks, false);
        }

        private void expectSame(int levels, TreeMap<Long, Long> side, boolean bids) {
            if (levels != side.size()) {
                throw new IllegalStateException((bids ? "bids" : "asks") + ": " + levels + " levels vs " + side.size());
            }
            int i = 0;
            for (Map.Entry<Long, Long> e : side.entrySet()) {
                long price = bids ? book.bidPrice(i) : book.askPrice(i);
                long qty = bids ? book.bidQuantity(i) : book.askQuantity(i);
                if (price != e.getKey() || qty != e.getValue()) {
                    throw new IllegalStateException((bids ? "bid" : "ask") + " level " + i + " differs: " + price + "x" + qty + " vs " + e);
                }
                i++;
            }
        }
    }

    /** Diffs anywhere in the 1,000 levels: the worst case of the layout (shifts of ~500 levels on average). */
    @State(Scope.Thread)
    public static class BooksAnywhere extends Books {
        @Override
        int spread() {
            return LEVELS;
        }
    }

    // ------------------------------------------------------------------ Flox

    @Benchmark
    public long applyDelta(Books b) {
        OrderBook book = b.book;
        book.apply(b.diffs[b.nextFlox++ & DIFFS_MASK]);
        return book.bestBidPrice();
    }

    @Benchmark
    public long applyDeltaAnywhere(BooksAnywhere b) {
        OrderBook book = b.book;
        book.apply(b.diffs[b.nextFlox++ & DIFFS_MASK]);
        return book.bestBidPrice();
    }

    @Benchmark
    public long applySnapshot(Books b) {
        OrderBook book = b.book;
        book.apply(b.snapshot);
        return book.bestAskPrice();
    }

    @Benchmark
    public long bestBidAsk(Books b) {
        OrderBook book = b.book;
        return book.bestBidPrice() + book.bestBidQuantity() + book.bestAskPrice() + book.bestAskQuantity();
    }

    // ------------------------------------------------------------------ baseline: TreeMap<Long, Long>

    @Benchmark
    public long treeMapApplyDelta(Books b) {
        TreeMapBook book = b.treeMap;
        book.apply(b.diffs[b.nextTreeMap++ & DIFFS_MASK]);
        return book.bids.isEmpty() ? 0 : book.bids.firstKey();
    }

    @Benchmark
    public long treeMapApplyDeltaAnywhere(BooksAnywhere b) {
        TreeMapBook book = b.treeMap;
        book.apply(b.diffs[b.nextTreeMap++ & DIFFS_MASK]);
        return book.bids.isEmpty() ? 0 : book.bids.firstKey();
    }

    @Benchmark
    public long treeMapApplySnapshot(Books b) {
        TreeMapBook book = b.treeMap;
        book.apply(b.snapshot);
        return book.asks.firstKey();
    }

    @Benchmark
    public long treeMapBestBidAsk(Books b) {
        TreeMapBook book = b.treeMap;
        Map.Entry<Long, Long> bid = book.bids.firstEntry();
        Map.Entry<Long, Long> ask = book.asks.firstEntry();
        return bid.getKey() + bid.getValue() + ask.getKey() + ask.getValue();
    }
}
