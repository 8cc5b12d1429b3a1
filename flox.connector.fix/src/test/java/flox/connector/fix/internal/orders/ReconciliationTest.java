package flox.connector.fix.internal.orders;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReconciliationTest {
    final Reconciliation r = new Reconciliation(1_000);

    @Test
    void shouldEndTheRoundOnlyWithItsLastUnansweredOrder() {
        r.begin(new long[] {7, 8, 9}, 3, 0);
        assertTrue(r.isActive());
        assertFalse(r.answered(8));
        assertFalse(r.answered(8), "a second answer for the same order changes nothing");
        assertFalse(r.answered(42), "an order not asked about changes nothing");
        assertFalse(r.answered(7));
        assertEquals(1, r.unanswered());
        assertTrue(r.answered(9));
        assertFalse(r.isActive());
        assertFalse(r.answered(9), "after the round, nothing ends it again");
        assertEquals(3, r.asked());
    }

    @Test
    void shouldHandBackTheUnansweredOnceTheWaitLimitPassesAndSetItAgain() {
        r.begin(new long[] {7, 8, 9}, 3, 100);
        r.answered(8);
        assertNull(r.overdue(1_099), "not before the limit");
        long[] again = r.overdue(1_100);
        Arrays.sort(again);
        assertArrayEquals(new long[] {7, 9}, again);
        assertEquals(1, r.overdueRounds());
        assertNull(r.overdue(2_099), "the limit is set again from the time it passed");
        assertEquals(2, r.overdue(2_100).length);
        assertEquals(2, r.overdueRounds());
    }

    @Test
    void shouldDropARoundAtLogoutAndStartANewOneAtTheNextLogon() {
        r.begin(new long[] {7}, 1, 0);
        r.cancel();
        assertFalse(r.answered(7), "an answer after the logout makes nothing LIVE");
        assertNull(r.overdue(10_000));
        r.begin(new long[] {7, 8}, 2, 20_000);
        assertFalse(r.answered(7));
        assertTrue(r.answered(8));
    }

    @Test
    void shouldBeDoneAtOnceWithNothingToAsk() {
        r.begin(new long[0], 0, 0);
        assertFalse(r.isActive());
        assertNull(r.overdue(5_000));
    }
}
