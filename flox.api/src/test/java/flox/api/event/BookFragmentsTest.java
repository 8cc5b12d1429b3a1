package flox.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BookFragmentsTest {
    final BookFragments fragments = new BookFragments();
    final BookUpdate fragment = new BookUpdate(3);

    static String describe(BookUpdate u) {
        return u.type() + " " + u.flags() + " b" + u.bidCount() + " a" + u.askCount() + " u" + u.lastUpdateId() + " rx" + u.receiveTimestampNs();
    }

    List<String> split(BookUpdate u, int max) {
        List<String> out = new ArrayList<>();
        fragments.start(u, max);
        while (fragments.next(fragment)) out.add(describe(fragment));
        return out;
    }

    @Test
    void shouldSplitADeepSnapshotIntoASnapshotThenContinuedDeltas() {
        BookUpdate u = new BookUpdate(8).reset(1, BookUpdate.Type.SNAPSHOT).updateIds(5, 9).timestamps(11, 12);
        for (int i = 0; i < 7; i++) u.addBid(100 - i, 1);
        for (int i = 0; i < 2; i++) u.addAsk(101 + i, 1);
        int c = BookUpdate.CONTINUED;
        assertEquals(List.of("SNAPSHOT " + c + " b3 a2 u9 rx12", "DELTA " + c + " b3 a0 u9 rx12", "DELTA 0 b1 a0 u9 rx12"), split(u, 3));
        assertEquals(3, BookFragments.count(u, 3));
    }

    @Test
    void shouldCopyAnUpdateThatFitsAndAnInvalidOneWhole() {
        BookUpdate u = new BookUpdate(8).reset(1, BookUpdate.Type.DELTA).updateIds(5, 9);
        u.addBid(100, 0);
        assertEquals(List.of("DELTA 0 b1 a0 u9 rx0"), split(u, 3));
        assertEquals(List.of("DELTA 0 b0 a0 u9 rx0"), split(u.reset(1, BookUpdate.Type.DELTA).updateIds(5, 9), 3), "an empty update is one fragment");
        assertEquals(List.of("SNAPSHOT " + BookUpdate.INVALID + " b0 a0 u9 rx0"), split(u.resetInvalid(1).updateIds(0, 9), 3));
        assertEquals(1, BookFragments.count(u, 3));
    }

    @Test
    void shouldLimitFragmentsToTheTargetsCapacity() {
        BookUpdate u = new BookUpdate(8).reset(1, BookUpdate.Type.DELTA);
        for (int i = 0; i < 5; i++) u.addAsk(101 + i, 1);
        assertEquals(2, split(u, 100).size(), "3 levels fit the fragment");
    }

    @Test
    void shouldGiveTheSameBookAppliedInFragmentsAsWhole() {
        Random r = new Random(13);
        OrderBook whole = new OrderBook(1, 256);
        OrderBook parts = new OrderBook(1, 256);
        BookUpdate u = new BookUpdate(64);
        for (int round = 0; round < 2_000; round++) {
            u.reset(1, round % 50 == 0 ? BookUpdate.Type.SNAPSHOT : BookUpdate.Type.DELTA).updateIds(round, round);
            for (int i = 0, n = r.nextInt(40); i < n; i++) u.addBid(1_000 - r.nextInt(100), r.nextInt(3));
            for (int i = 0, n = r.nextInt(40); i < n; i++) u.addAsk(1_001 + r.nextInt(100), r.nextInt(3));
            whole.apply(u);
            fragments.start(u, 3);
            while (fragments.next(fragment)) {
                parts.apply(fragment);
                assertEquals(fragment.isContinued(), parts.isUpdating());
            }
            assertTrue(parts.isConsistent());
            assertEquals(whole.toString(), parts.toString());
            assertEquals(whole.bidLevels(), parts.bidLevels());
            for (int i = 0; i < whole.bidLevels(); i++) assertEquals(whole.bidQuantity(i), parts.bidQuantity(i));
            for (int i = 0; i < whole.askLevels(); i++) assertEquals(whole.askPrice(i) * 31 + whole.askQuantity(i), parts.askPrice(i) * 31 + parts.askQuantity(i));
        }
        assertFalse(fragments.next(fragment));
    }
}
