package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How long mismatches last: one update (a disagreement of the feed) or longer (a book gone wrong). */
class TickerCheckTest {
    static final int SYM = 0;
    final List<String> mismatches = new ArrayList<>();
    final List<String> runEnds = new ArrayList<>();
    final BookUpdate u = new BookUpdate(8);
    final BookTicker t = new BookTicker();
    TickerCheck check;

    @BeforeEach
    void snapshot() {
        check = new TickerCheck("BTCUSDT", SYM, 100, mismatches::add, runEnds::add);
        u.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(100, 100);
        u.addBid(1_000, 5);
        u.addAsk(1_001, 5);
        check.onBookUpdate(u);
    }

    /** A diff ending at {@code id} setting the best bid's quantity, then the ticker the venue sends after it. */
    void diffAndTicker(long id, long bookBidQuantity, long tickerBidQuantity) {
        u.reset(SYM, BookUpdate.Type.DELTA).updateIds(id, id);
        u.addBid(1_000, bookBidQuantity);
        check.onBookUpdate(u);
        check.onTicker(t.set(SYM, id, 1_000, tickerBidQuantity, 1_001, 5, 0));
    }

    /** A checkpoint waits for a ticker past its diff: one past every diff so far resolves them all. */
    void tickerPast(long id) {
        check.onTicker(t.set(SYM, id, 1, 1, 2, 1, 0));
    }

    @Test
    void shouldCountAMismatchThatTheNextCheckpointResolvesAsARunOfOne() {
        diffAndTicker(101, 6, 6);
        diffAndTicker(102, 7, 9); // the ticker disagrees once
        diffAndTicker(103, 8, 8);
        diffAndTicker(104, 9, 9);
        tickerPast(105);
        check.finish();
        assertEquals(4, check.checked);
        assertEquals(3, check.matched);
        assertEquals(1, mismatches.size(), mismatches::toString);
        assertEquals(1, check.mismatchRuns);
        assertEquals(1, check.mismatchRunsOfOne);
        assertEquals(1, check.longestMismatchRun);
        assertEquals(0, check.mismatchRunsCut);
        assertEquals(List.of(), runEnds, "a run of one is the expected kind: counted, not said");
        assertTrue(check.mismatchRunsLine().contains("1 run(s): 1 lasted one update"), check.mismatchRunsLine());
    }

    @Test
    void shouldSayHowLongALongerRunLastedAndWhereItEnded() {
        diffAndTicker(101, 6, 6);
        diffAndTicker(102, 7, 70); // the book is wrong for three checkpoints
        diffAndTicker(103, 8, 80);
        diffAndTicker(104, 9, 90);
        diffAndTicker(105, 10, 10);
        diffAndTicker(106, 11, 12); // and once more, for one
        diffAndTicker(107, 12, 12);
        tickerPast(108);
        check.finish();
        assertEquals(4, mismatches.size());
        assertEquals(2, check.mismatchRuns);
        assertEquals(1, check.mismatchRunsOfOne);
        assertEquals(3, check.longestMismatchRun);
        assertEquals(List.of("BTCUSDT: the mismatch from diff u=102 lasted 3 checkpoints (matched again after diff u=105)"), runEnds);
    }

    @Test
    void shouldCutARunAtAGapASnapshotOrTheEndOfTheStream() {
        diffAndTicker(101, 6, 60);
        diffAndTicker(102, 7, 70);
        tickerPast(103);
        check.onBookInvalidated();
        assertEquals(1, check.mismatchRunsCut);
        assertEquals("BTCUSDT: the mismatch from diff u=101 lasted 2 checkpoint(s) until a gap, without matching again", runEnds.get(0));
        snapshot(); // a fresh check: the end of the stream cuts too
        diffAndTicker(101, 6, 60);
        tickerPast(102);
        check.finish();
        check.finish(); // once only
        assertEquals(1, check.mismatchRunsCut);
        assertEquals(1, check.longestMismatchRun);
        assertEquals(0, check.mismatchRunsOfOne, "cut, not resolved by a matching checkpoint");
        assertEquals("BTCUSDT: the mismatch from diff u=101 lasted 1 checkpoint(s) until the end of the stream, without matching again", runEnds.get(1));
    }

    @Test
    void shouldTellTheLiveConnectorOnlyOfMismatches() {
        List<String> only = new ArrayList<>();
        check = new TickerCheck("BTCUSDT", SYM, 100, only::add);
        u.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(100, 100);
        u.addBid(1_000, 5);
        u.addAsk(1_001, 5);
        check.onBookUpdate(u);
        diffAndTicker(101, 6, 60);
        diffAndTicker(102, 7, 70);
        diffAndTicker(103, 8, 8);
        tickerPast(104);
        assertEquals(2, only.size(), "each mismatched checkpoint once, and nothing for the run's end: " + only);
        assertEquals(2, check.longestMismatchRun);
    }
}
