package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The diff-depth sync rules, driven by hand. */
class DepthSyncTest {
    static final int SYM = 2;

    /** Records what the sync passes on: "S<L>" for a snapshot, "D<U>-<u>" for a diff, "X" for an invalidation. */
    static final class Log implements ReplayHandler {
        final List<String> events = new ArrayList<>();
        final List<String> reasons = new ArrayList<>();
        long lastBidPrice;

        @Override
        public void onBookUpdate(BookUpdate u) {
            events.add(u.type() == BookUpdate.Type.SNAPSHOT ? "S" + u.lastUpdateId() : "D" + u.firstUpdateId() + "-" + u.lastUpdateId());
            lastBidPrice = u.bidCount() > 0 ? u.bidPrice(0) : -1;
        }

        @Override
        public void onBookInvalidated(int symbolId, String reason) {
            assertEquals(SYM, symbolId);
            events.add("X");
            reasons.add(reason);
        }
    }

    final BookUpdate scratch = new BookUpdate(8);
    final ReplayStats stats = new ReplayStats();
    final Log log = new Log();
    long line;

    void diff(DepthSync s, long first, long last) {
        scratch.reset(SYM, BookUpdate.Type.DELTA).updateIds(first, last).addBid(first, 1); // bid price = U, to tell copies apart
        s.onDiff(scratch, "rec.gz", ++line, log, stats);
    }

    void snapshot(DepthSync s, long lastUpdateId) {
        scratch.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, lastUpdateId).addBid(1, 1);
        s.onSnapshot(scratch, "rec.gz", ++line, log, stats);
    }

    @Test
    void shouldBufferUntilSnapshotDropStaleAndApplyFromTheDiffCoveringLPlusOne() {
        DepthSync s = new DepthSync(SYM, 100);
        diff(s, 189, 202);
        diff(s, 203, 207);
        diff(s, 208, 224);
        assertFalse(s.isSynced());
        assertEquals(3, s.bufferedDiffs());
        assertTrue(log.events.isEmpty(), "nothing passed on before the snapshot");

        snapshot(s, 218); // 189-202 and 203-207 are stale, 208 <= 219 <= 224 covers L+1
        diff(s, 225, 237);
        assertEquals(List.of("S218", "D208-224", "D225-237"), log.events);
        assertEquals(2, stats.diffsStale);
        assertEquals(2, stats.diffsApplied);
        assertEquals(1, stats.snapshotsApplied);
        assertEquals(0, stats.gaps);
        assertTrue(s.isSynced());
        assertEquals(237, s.bookId());
        assertEquals(0, s.bufferedDiffs());
    }

    @Test
    void shouldPassOnBufferedCopiesNotTheReusedUpdate() {
        DepthSync s = new DepthSync(SYM, 100);
        diff(s, 10, 11);
        diff(s, 12, 13); // scratch now holds 12-13: the buffered 10-11 must be its own copy
        List<Long> bidPrices = new ArrayList<>();
        ReplayHandler h = new ReplayHandler() {
            @Override
            public void onBookUpdate(BookUpdate u) {
                bidPrices.add(u.bidPrice(0));
            }
        };
        scratch.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, 9).addBid(1, 1);
        s.onSnapshot(scratch, "rec.gz", 3, h, stats);
        assertEquals(List.of(1L, 10L, 12L), bidPrices);
    }

    @Test
    void shouldDropLiveStaleDiffsAndDiffsEndingAtTheBookId() {
        DepthSync s = new DepthSync(SYM, 100);
        snapshot(s, 100);
        diff(s, 90, 100); // u == book id: nothing new
        diff(s, 95, 99);
        diff(s, 101, 105);
        diff(s, 103, 104); // old, after the book moved on
        assertEquals(List.of("S100", "D101-105"), log.events);
        assertEquals(3, stats.diffsStale);
    }

    @Test
    void shouldReportGapWithFileAndLineThenResyncOnNextSnapshot() {
        DepthSync s = new DepthSync(SYM, 100);
        snapshot(s, 100);
        diff(s, 101, 110);
        diff(s, 115, 120); // 111..114 missing
        assertEquals(List.of("S100", "D101-110", "X"), log.events);
        assertEquals(1, stats.gaps);
        assertFalse(s.isSynced());
        String reason = log.reasons.get(0);
        assertTrue(reason.startsWith("rec.gz:3: "), reason);
        assertTrue(reason.contains("book is at update 110") && reason.contains("U=115") && reason.contains("111..114"), reason);
        assertEquals(List.of(reason), stats.problems());

        diff(s, 121, 125); // buffered, like the diff that showed the gap
        assertEquals(2, s.bufferedDiffs());
        snapshot(s, 122);  // 115-120 stale, 121-125 covers 123
        diff(s, 126, 126);
        assertEquals(List.of("S100", "D101-110", "X", "S122", "D121-125", "D126-126"), log.events);
        assertTrue(s.isSynced());
        assertEquals(1, stats.gaps);
    }

    @Test
    void shouldRefuseASnapshotOlderThanTheBufferedDiffsBeforePassingItOnAndKeepThemForTheNext() {
        DepthSync s = new DepthSync(SYM, 100);
        diff(s, 50, 60);
        diff(s, 61, 70);
        assertFalse(s.onSnapshot(snapshotUpdate(40), "rec.gz", ++line, log, stats), "the venue says: fetch again. Diff 50-60 does not cover 41.");
        assertEquals(List.of(), log.events, "a stale snapshot is never passed on (then invalidated)");
        assertEquals(1, stats.snapshotsStale);
        assertEquals(0, stats.gaps, "counted apart from gaps");
        assertTrue(stats.problems().get(0).contains("stale depth snapshot for symbol 2: lastUpdateId 40 but the first buffered diff"), stats.problems().toString());
        assertEquals(2, s.bufferedDiffs(), "both diffs are kept for the next snapshot");
        assertFalse(s.isSynced());
        snapshot(s, 65);
        assertEquals(List.of("S65", "D61-70"), log.events);
        assertEquals(1, stats.diffsStale);
        assertTrue(s.isSynced());
    }

    BookUpdate snapshotUpdate(long lastUpdateId) {
        scratch.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, lastUpdateId).addBid(1, 1);
        return scratch;
    }

    @Test
    void shouldKeepTheRestBufferedWhenTheGapIsInTheMiddleOfTheBuffer() {
        DepthSync s = new DepthSync(SYM, 100);
        diff(s, 10, 20);
        diff(s, 21, 30);
        diff(s, 35, 40); // 31..34 missing
        diff(s, 41, 50);
        snapshot(s, 15);
        assertEquals(List.of("S15", "D10-20", "D21-30", "X"), log.events);
        assertEquals(2, s.bufferedDiffs());
        snapshot(s, 36);
        assertEquals(List.of("S15", "D10-20", "D21-30", "X", "S36", "D35-40", "D41-50"), log.events);
    }

    @Test
    void shouldIgnoreOlderSnapshotAndReplaceWithNewerWhileInSync() {
        DepthSync s = new DepthSync(SYM, 100);
        snapshot(s, 100);
        diff(s, 101, 110);
        snapshot(s, 110); // not newer than the book
        snapshot(s, 105);
        assertEquals(2, stats.snapshotsIgnored);
        snapshot(s, 130); // newer: the book restarts from it
        diff(s, 111, 120); // now stale
        diff(s, 121, 135);
        assertEquals(List.of("S100", "D101-110", "S130", "D121-135"), log.events);
        assertEquals(0, stats.gaps);
        assertEquals(1, stats.diffsStale);
    }

    @Test
    void shouldDropOldestBufferedDiffWhenBufferIsFull() {
        DepthSync s = new DepthSync(SYM, 3);
        for (long u = 1; u <= 5; u++) diff(s, u, u);
        assertEquals(3, s.bufferedDiffs());
        assertEquals(2, stats.bufferedDiffsDropped);
        snapshot(s, 2); // needs 3: it was kept
        assertEquals(List.of("S2", "D3-3", "D4-4", "D5-5"), log.events);

        DepthSync t = new DepthSync(SYM, 2);
        log.events.clear();
        for (long u = 1; u <= 4; u++) diff(t, u, u);
        snapshot(t, 1); // needs 2: dropped, so the snapshot is refused as stale (a newer one is needed)
        assertEquals(List.of(), log.events);
        assertEquals(1, stats.snapshotsStale);
    }

    @Test
    void shouldCopyDiffsLargerThanThePooledCapacity() {
        DepthSync s = new DepthSync(SYM, 10);
        BookUpdate big = new BookUpdate(500);
        big.reset(SYM, BookUpdate.Type.DELTA).updateIds(5, 6);
        for (int i = 0; i < 300; i++) big.addAsk(1000 + i, i + 1);
        s.onDiff(big, "rec.gz", 1, log, stats);
        big.reset(SYM, BookUpdate.Type.DELTA); // the reader reuses its update
        int[] asks = {-1};
        s.onSnapshot(scratch.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, 4), "rec.gz", 2, new ReplayHandler() {
            @Override
            public void onBookUpdate(BookUpdate u) {
                if (u.type() == BookUpdate.Type.DELTA) asks[0] = u.askCount();
            }
        }, stats);
        assertEquals(300, asks[0]);
    }
}
