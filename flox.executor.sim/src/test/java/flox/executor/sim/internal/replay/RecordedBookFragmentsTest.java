package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.ReplayHandler;
import flox.connector.binance.internal.feed.StaticReplaySymbols;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import flox.api.event.BookFragments;
import flox.api.event.BookUpdate;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The recorded BTCUSDT book through a bus of the default 32 levels: how many venue updates do
 * not fit, and that publishing them as {@link BookFragments} rebuilds the same book, level for
 * level, after every update.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RecordedBookFragmentsTest {
    static final int BUS_LEVELS = 32; // the market-data bus's default book.levels

    static final class Check implements ReplayHandler {
        final OrderBook whole;
        final OrderBook parts;
        final BookFragments fragments = new BookFragments();
        final BookUpdate fragment = new BookUpdate(BUS_LEVELS);
        int diffs;
        int deepDiffs;
        int snapshots;
        int deepSnapshots;
        int deepestSide;
        int deepestDiffSide;
        long fragmentsSent;
        int midUpdateQueries;
        int mismatches;
        String firstMismatch;

        Check(int symbolId) {
            whole = new OrderBook(symbolId, 5_000);
            parts = new OrderBook(symbolId, 5_000);
        }

        @Override
        public void onBookUpdate(BookUpdate u) {
            boolean deep = u.bidCount() > BUS_LEVELS || u.askCount() > BUS_LEVELS;
            if (u.type() == BookUpdate.Type.SNAPSHOT) {
                snapshots++;
                if (deep) deepSnapshots++;
            } else {
                diffs++;
                if (deep) deepDiffs++;
            }
            deepestSide = Math.max(deepestSide, Math.max(u.bidCount(), u.askCount()));
            if (u.type() == BookUpdate.Type.DELTA) deepestDiffSide = Math.max(deepestDiffSide, Math.max(u.bidCount(), u.askCount()));
            whole.apply(u);
            fragments.start(u, BUS_LEVELS);
            while (fragments.next(fragment)) {
                fragmentsSent++;
                parts.apply(fragment);
                if (parts.isUpdating()) midUpdateQueries++;
            }
            if (!parts.isConsistent() || !same(whole, parts)) {
                if (mismatches++ == 0) firstMismatch = "after u=" + u.lastUpdateId() + ": " + whole + " vs " + parts;
            }
        }

        static boolean same(OrderBook a, OrderBook b) {
            if (a.bidLevels() != b.bidLevels() || a.askLevels() != b.askLevels() || a.lastUpdateId() != b.lastUpdateId()) return false;
            for (int i = 0; i < a.bidLevels(); i++) {
                if (a.bidPrice(i) != b.bidPrice(i) || a.bidQuantity(i) != b.bidQuantity(i)) return false;
            }
            for (int i = 0; i < a.askLevels(); i++) {
                if (a.askPrice(i) != b.askPrice(i) || a.askQuantity(i) != b.askQuantity(i)) return false;
            }
            return true;
        }
    }

    @Test
    void shouldRebuildTheRecordedBookFromFragmentsWithinTheDefaultBusLimit() throws IOException {
        StaticReplaySymbols symbols = new StaticReplaySymbols();
        int btc = symbols.add("BTCUSDT", 2, 8);
        Check check = new Check(btc);
        try (BinanceRecordingReader reader = new BinanceRecordingReader(
                List.of(RecordingInput.of(SharedData.file("binance/recordings/hftbacktest/btcusdt_20240808.gz"))), symbols)) {
            reader.run(check);
        }
        System.out.printf("BTCUSDT at %d levels: %d of %d diffs deeper (%.1f %%, deepest side %d), %d of %d snapshots (deepest side %d), %d fragments%n",
                BUS_LEVELS, check.deepDiffs, check.diffs, 100.0 * check.deepDiffs / check.diffs, check.deepestDiffSide, check.deepSnapshots,
                check.snapshots, check.deepestSide, check.fragmentsSent);
        assertEquals(0, check.mismatches, check.firstMismatch);
        assertEquals(3_449, check.diffs);
        assertEquals(1, check.snapshots);
        assertEquals(1, check.deepSnapshots, "the 1,000-level snapshot does not fit");
        assertEquals(455, check.deepDiffs, "13.2 % of the diffs do not fit 32 levels");
        assertEquals(685, check.deepestDiffSide);
        assertEquals(1_000, check.deepestSide);
        assertTrue(check.midUpdateQueries > 0, "the book was seen between fragments");
    }
}
