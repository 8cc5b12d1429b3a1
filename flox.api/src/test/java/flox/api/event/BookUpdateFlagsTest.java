package flox.api.event;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BookUpdateFlagsTest {
    @Test
    void shouldSendInvalidAsAnEmptySnapshotFlaggedInvalid() {
        BookUpdate u = new BookUpdate(4);
        u.reset(1, BookUpdate.Type.DELTA).addBid(10, 1);
        u.resetInvalid(7).updateIds(5, 6);
        assertEquals(7, u.symbolId());
        assertEquals(BookUpdate.Type.SNAPSHOT, u.type(), "a reader that ignores the flag still sees an empty book");
        assertEquals(0, u.bidCount());
        assertTrue(u.isInvalid());
        assertFalse(u.isContinued());
        assertEquals(6, u.lastUpdateId());
    }

    @Test
    void shouldClearFlagsOnReset() {
        BookUpdate u = new BookUpdate(4).flags(BookUpdate.CONTINUED);
        assertTrue(u.isContinued());
        u.reset(1, BookUpdate.Type.DELTA);
        assertEquals(0, u.flags());
    }

    @Test
    void shouldCopyFlags() {
        BookUpdate from = new BookUpdate(4);
        from.reset(2, BookUpdate.Type.DELTA).flags(BookUpdate.CONTINUED).addAsk(11, 3);
        BookUpdate to = new BookUpdate(4);
        assertTrue(to.copyFrom(from));
        assertEquals(BookUpdate.CONTINUED, to.flags());
        assertTrue(to.copyFrom(from.resetInvalid(2)));
        assertTrue(to.isInvalid());
        assertFalse(to.isContinued());
    }

    @Test
    void shouldRefuseUnknownFlagBits() {
        assertThrows(IllegalArgumentException.class, () -> new BookUpdate(1).flags(4));
    }
}
