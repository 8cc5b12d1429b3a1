package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link DepthBook} against {@link OrderBook} (the reference: the same levels, validity and
 * capacity rule): seeded random sequences and the BTCUSDT recording applied to both, the best
 * levels, counts, drops and flags compared after every update and every level in order (the
 * listing) at intervals. Depths cross the top's size both ways (spill and refill), capacities
 * from 1 up hit the drop rule in the top and in the table, and the tables grow.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class DepthBookTest {
    static final int SYM = 3;
    static final Path BTC = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "recordings", "hftbacktest",
            "btcusdt_20240808.gz");

    @Test
    void shouldMatchTheOrderBookOnRandomSequences() {
        int[] capacities = {1, 2, 3, 5, 127, 128, 129, 191, 192, 193, 255, 256, 257, 400, 1_000, 5_000};
        long compared = 0;
        for (long seed = 1; seed <= 60; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int capacity = capacities[(int) (seed % capacities.length)];
            compared += run(rnd, capacity, 1, "seed " + seed + " capacity " + capacity);
        }
        assertTrue(compared > 100_000, "the generator should compare many levels, compared " + compared);
    }

    /**
     * Prices on a tick grid, as venues send them (Binance's 0.01 at scale 8 is 1,000,000), a
     * market that moves several windows up and down (the window moves up, and is laid again
     * below), now and then a price off the grid (the tick is learnt again, finer), and grids
     * too coarse for the window (a tick of 1 instead).
     */
    @Test
    void shouldMatchTheOrderBookOnATickGridWithFarMovesAndOffGridPrices() {
        long[] ticks = {1_000_000, 7, 1L << 20, 3L << 49, 1_000_000_007L};
        long compared = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(1_000 + seed);
            long tick = ticks[(int) (seed % ticks.length)];
            int capacity = seed % 4 == 0 ? 300 : 5_000;
            compared += run(rnd, capacity, tick, "seed " + seed + " tick " + tick + " capacity " + capacity);
        }
        assertTrue(compared > 100_000, "the generator should compare many levels, compared " + compared);
    }

    @Test
    void shouldKeepTheBestLevelsWhenASideIsFull() {
        DepthBook book = new DepthBook(SYM, 200);
        OrderBook ref = new OrderBook(SYM, 200);
        BookUpdate u = new BookUpdate(1_000);
        u.reset(SYM, BookUpdate.Type.SNAPSHOT);
        for (int i = 0; i < 300; i++) u.addBid(10_000 - i, 1 + i); // best first: the worst 100 do not fit
        both(u, book, ref, "snapshot");
        assertEquals(100, book.droppedLevels());
        u.reset(SYM, BookUpdate.Type.DELTA);
        u.addBid(20_000, 5); // better than all: the worst (in the table) goes
        u.addBid(1, 5); // worse than all: dropped
        both(u, book, ref, "full side");
        assertEquals(102, book.droppedLevels());
        assertEquals(20_000, book.bestBidPrice());
    }

    @Test
    void shouldListTheTopLevelsInOrderWithinTheUpdatesCapacity() {
        DepthBook book = new DepthBook(SYM, 5_000);
        BookUpdate u = new BookUpdate(5_000);
        u.reset(SYM, BookUpdate.Type.SNAPSHOT);
        SplittableRandom rnd = new SplittableRandom(9);
        for (int i = 0; i < 2_000; i++) u.addAsk(rnd.nextLong(1, 1_000_000), 1 + i);
        book.apply(u);
        BookUpdate out = new BookUpdate(700);
        out.reset(SYM, BookUpdate.Type.SNAPSHOT);
        int left = book.appendLevels(out);
        assertEquals(700, out.askCount());
        assertEquals(book.askLevels() - 700, left);
        for (int i = 1; i < out.askCount(); i++) assertTrue(out.askPrice(i) > out.askPrice(i - 1), "ascending asks at " + i);
        assertEquals(book.bestAskPrice(), out.askPrice(0));
    }

    @Test
    void shouldListOnlyTheDepthItsSnapshotCoveredAsTheBook() {
        DepthBook book = new DepthBook(SYM, 5_000);
        BookUpdate u = new BookUpdate(64);
        u.reset(SYM, BookUpdate.Type.SNAPSHOT).flags(BookUpdate.CONTINUED); // a snapshot in two fragments
        for (int i = 0; i < 5; i++) u.addBid(100 - i, 1);
        book.apply(u);
        u.reset(SYM, BookUpdate.Type.DELTA);
        for (int i = 5; i < 10; i++) u.addBid(100 - i, 1); // bids 100..91
        for (int i = 0; i < 10; i++) u.addAsk(101 + i, 1); // asks 101..110
        book.apply(u);
        assertEquals(91, book.knownBidFloor());
        assertEquals(110, book.knownAskCeiling());
        u.reset(SYM, BookUpdate.Type.DELTA);
        u.addBid(80, 7); // beyond the snapshot's depth: levels between 80 and 91 are unknown
        u.addAsk(120, 7);
        u.addBid(95, 0); // a known level removed
        book.apply(u);
        BookUpdate out = new BookUpdate(64);
        out.reset(SYM, BookUpdate.Type.SNAPSHOT);
        assertEquals(2, book.appendKnownLevels(out), "80 and 120 left out");
        assertEquals(9, out.bidCount());
        assertEquals(91, out.bidPrice(8));
        assertEquals(10, out.askCount());
        assertEquals(110, out.askPrice(9));
        out.reset(SYM, BookUpdate.Type.SNAPSHOT);
        assertEquals(0, book.appendLevels(out), "everything, for those who ask for it");
        assertEquals(80, out.bidPrice(out.bidCount() - 1));
        // a side the snapshot listed empty has no unknown levels: all later ones are listed
        u.reset(SYM, BookUpdate.Type.SNAPSHOT);
        u.addBid(100, 1);
        book.apply(u);
        u.reset(SYM, BookUpdate.Type.DELTA);
        u.addAsk(130, 2);
        u.addBid(50, 2);
        book.apply(u);
        out.reset(SYM, BookUpdate.Type.SNAPSHOT);
        assertEquals(1, book.appendKnownLevels(out), "the bid at 50 is past the snapshot's one level");
        assertEquals(1, out.bidCount());
        assertEquals(1, out.askCount());
        assertEquals(130, out.askPrice(0));
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {20_000, 1_000, 300})
    void shouldMatchTheOrderBookThroughTheBtcusdtRecording(int capacity) throws IOException {
        StaticReplaySymbols symbols = new StaticReplaySymbols();
        int id = symbols.add("BTCUSDT", 8, 8);
        DepthBook book = new DepthBook(id, capacity);
        OrderBook ref = new OrderBook(id, capacity);
        long[] diffs = new long[1];
        try (BinanceRecordingReader r = new BinanceRecordingReader(List.of(RecordingInput.of(BTC)), symbols)) {
            r.run(new ReplayHandler() {
                @Override
                public void onBookUpdate(BookUpdate update) {
                    String where = "update " + update.lastUpdateId() + " (capacity " + capacity + ")";
                    both(update, book, ref, where);
                    if (++diffs[0] % 50 == 0) sameListing(book, ref, where);
                }
            });
        }
        assertEquals(3_450, diffs[0], "the snapshot and every diff after it");
        // the window follows the market without passes over the table: 4 lays and 5 moves here, all
        // sides together, the lays while the snapshot teaches the tick (a regression to one per diff
        // would still be exact, only slow)
        assertTrue(book.windowsLaid() <= 8 && book.windowMoves() <= 20, "windows laid " + book.windowsLaid() + ", moved " + book.windowMoves());
        sameListing(book, ref, "the end");
        assertTrue(capacity < 2_000 || book.askLevels() > 2_000, "the book grows past 2,000 levels: " + book.askLevels());
    }

    @Test
    void shouldAllocateNothingOnceItsTablesHaveGrown() {
        DepthBook book = new DepthBook(SYM, 20_000);
        BookUpdate u = new BookUpdate(64);
        SplittableRandom rnd = new SplittableRandom(5);
        u.reset(SYM, BookUpdate.Type.SNAPSHOT);
        book.apply(u);
        Runnable round = () -> {
            for (int i = 0; i < 4_000; i++) {
                u.reset(SYM, BookUpdate.Type.DELTA);
                for (int j = 0; j < 36; j++) {
                    long p = 1_000_000 + rnd.nextLong(-5_000, 5_000);
                    long q = rnd.nextInt(3) == 0 ? 0 : rnd.nextLong(1, 1_000);
                    if (j % 2 == 0) u.addBid(p, q);
                    else u.addAsk(p, q);
                }
                book.apply(u);
            }
        };
        round.run(); // warm-up: the tables reach their size, the JIT compiles
        round.run();
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = mx.getCurrentThreadAllocatedBytes();
        round.run();
        long bytes = mx.getCurrentThreadAllocatedBytes() - before;
        assertTrue(bytes < 1_024, "4,000 diffs of 36 levels allocated " + bytes + " B");
    }

    @Test
    void shouldRefuseAnotherSymbolsUpdateAndStartInvalid() {
        DepthBook book = new DepthBook(SYM, 10);
        assertFalse(book.isValid());
        BookUpdate u = new BookUpdate(4);
        u.reset(SYM + 1, BookUpdate.Type.SNAPSHOT).addBid(5, 5);
        assertFalse(book.apply(u));
        assertEquals(0, book.bidLevels());
        assertEquals(OrderBook.NO_PRICE, book.bestBidPrice());
        assertEquals(0, book.bestBidQuantity());
    }

    // ------------------------------------------------------------------ the random sequences

    /** {@code tick} 1: unit steps, some extremes; else prices on that grid, far moves and a few off it. */
    private static long run(SplittableRandom rnd, int capacity, long tick, String where) {
        DepthBook book = new DepthBook(SYM, capacity);
        OrderBook ref = new OrderBook(SYM, capacity);
        BookUpdate u = new BookUpdate(600);
        long compared = 0;
        boolean grid = tick != 1;
        long mid = grid ? 6_000_000L * tick : rnd.nextInt(4) == 0 ? rnd.nextLong() : 1_000_000;
        int spread = grid ? 1 + rnd.nextInt(rnd.nextBoolean() ? 3_000 : 150_000) : 1 + rnd.nextInt(rnd.nextBoolean() ? 300 : 3_000);
        for (int step = 0; step < 400; step++) {
            int kind = rnd.nextInt(40);
            if (kind == 0) {
                u.resetInvalid(rnd.nextInt(6) == 0 ? SYM + 1 : SYM);
            } else if (kind <= 3) {
                u.reset(rnd.nextInt(8) == 0 ? SYM + 1 : SYM, BookUpdate.Type.SNAPSHOT);
                int n = rnd.nextInt(2) == 0 ? rnd.nextInt(20) : rnd.nextInt(u.capacity());
                boolean sorted = rnd.nextInt(3) > 0;
                for (int i = 0; i < n; i++) {
                    long d = sorted ? i * (1 + rnd.nextInt(3) / 2) : rnd.nextLong(0, 2L * spread); // sorted with repeats, or not
                    u.addBid(onGrid(rnd, grid, mid - d * tick), quantity(rnd));
                    u.addAsk(onGrid(rnd, grid, mid + (1 + d) * tick), quantity(rnd));
                }
            } else {
                u.reset(SYM, BookUpdate.Type.DELTA);
                if (rnd.nextInt(10) == 0) u.flags(BookUpdate.CONTINUED);
                int n = rnd.nextInt(60);
                for (int i = 0; i < n; i++) {
                    long d = rnd.nextInt(4) == 0 ? rnd.nextLong(0, 8) : rnd.nextLong(0, 2L * spread); // the top, or anywhere
                    if (grid) {
                        if (rnd.nextBoolean()) u.addBid(onGrid(rnd, true, mid - d * tick), quantity(rnd));
                        else u.addAsk(onGrid(rnd, true, mid + (1 + d) * tick), quantity(rnd));
                    } else if (rnd.nextBoolean()) {
                        u.addBid(edge(rnd, mid - d), quantity(rnd));
                    } else {
                        u.addAsk(edge(rnd, mid + 1 + d), quantity(rnd));
                    }
                }
            }
            both(u, book, ref, where + " step " + step);
            compared += 12;
            if (step % 20 == 0 || kind <= 3) compared += sameListing(book, ref, where + " step " + step);
            if (rnd.nextInt(20) == 0) { // the market moves: past the window's end, or to a new best above it
                long move = grid && rnd.nextInt(4) == 0 ? rnd.nextLong(-200_000, 200_001) : rnd.nextLong(-spread, spread + 1);
                mid += move * tick;
            }
        }
        return compared;
    }

    /** On the grid, or (1 in 300 on a grid) off it by a little. */
    private static long onGrid(SplittableRandom rnd, boolean grid, long price) {
        return grid && rnd.nextInt(300) == 0 ? price + 1 + rnd.nextInt(5) : price;
    }

    private static long quantity(SplittableRandom rnd) {
        int k = rnd.nextInt(10);
        if (k < 3) return 0;
        if (k == 3) return -rnd.nextLong(1, 100);
        if (k == 4) return Long.MAX_VALUE - rnd.nextInt(3);
        return rnd.nextLong(1, 1_000);
    }

    private static long edge(SplittableRandom rnd, long price) {
        int k = rnd.nextInt(500);
        if (k == 0) return Long.MIN_VALUE;
        if (k == 1) return Long.MAX_VALUE;
        return price;
    }

    static void both(BookUpdate u, DepthBook book, OrderBook ref, String where) {
        assertEquals(ref.apply(u), book.apply(u), where + ": applied");
        assertEquals(ref.bidLevels(), book.bidLevels(), where + ": bid levels");
        assertEquals(ref.askLevels(), book.askLevels(), where + ": ask levels");
        assertEquals(ref.bestBidPrice(), book.bestBidPrice(), where + ": best bid");
        assertEquals(ref.bestBidQuantity(), book.bestBidQuantity(), where + ": best bid quantity");
        assertEquals(ref.bestAskPrice(), book.bestAskPrice(), where + ": best ask");
        assertEquals(ref.bestAskQuantity(), book.bestAskQuantity(), where + ": best ask quantity");
        assertEquals(ref.droppedLevels(), book.droppedLevels(), where + ": dropped");
        assertEquals(ref.isValid(), book.isValid(), where + ": valid");
        assertEquals(ref.isUpdating(), book.isUpdating(), where + ": updating");
        assertEquals(ref.lastUpdateId(), book.lastUpdateId(), where + ": update id");
    }

    /** Every level of both sides, in order; returns how many values were compared. */
    static long sameListing(DepthBook book, OrderBook ref, String where) {
        BookUpdate out = new BookUpdate(Math.max(1, Math.max(ref.bidLevels(), ref.askLevels())));
        out.reset(SYM, BookUpdate.Type.SNAPSHOT);
        assertEquals(0, book.appendLevels(out), where + ": every level listed");
        assertEquals(ref.bidLevels(), out.bidCount(), where + ": listed bids");
        assertEquals(ref.askLevels(), out.askCount(), where + ": listed asks");
        for (int i = 0; i < out.bidCount(); i++) {
            assertEquals(ref.bidPrice(i), out.bidPrice(i), where + ": bid " + i);
            assertEquals(ref.bidQuantity(i), out.bidQuantity(i), where + ": bid quantity " + i);
        }
        for (int i = 0; i < out.askCount(); i++) {
            assertEquals(ref.askPrice(i), out.askPrice(i), where + ": ask " + i);
            assertEquals(ref.askQuantity(i), out.askQuantity(i), where + ": ask quantity " + i);
        }
        return 2L * (out.bidCount() + out.askCount());
    }
}
