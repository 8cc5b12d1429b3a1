package flox.connector.fix.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.connector.fix.internal.Allocation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FixClientIdsTest {
    final FixClientIds ids = new FixClientIds("FLXK3Z9Q2_");

    @Test
    void shouldParseBackEveryOrderIdItWrites() {
        for (long id : new long[] {1, 9, 10, 1736421999616000L, Long.MAX_VALUE}) {
            String s = ids.appendOrder(id, new StringBuilder()).toString();
            assertEquals(id, ids.orderId(s), s);
            assertFalse(ids.isCancelRequest(s, 0, s.length()));
        }
        assertEquals("FLXK3Z9Q2_42", ids.appendOrder(42, new StringBuilder()).toString());
    }

    @Test
    void shouldNameTheOrderOfACancelRequest() {
        String s = ids.appendCancel(1736421999616000L, 7, new StringBuilder()).toString();
        assertEquals("FLXK3Z9Q2_1736421999616000C7", s);
        assertEquals(1736421999616000L, ids.orderId(s));
        assertTrue(ids.isCancelRequest(s, 0, s.length()));
        String longest = ids.appendCancel(Long.MAX_VALUE, Long.MAX_VALUE, new StringBuilder()).toString();
        assertEquals(Long.MAX_VALUE, ids.orderId(longest));
        assertTrue(longest.length() <= FixClientIds.MAX_LENGTH);
    }

    @Test
    void shouldNotTakeIdsOfOtherRunsOrPrograms() {
        for (String s : new String[] {"FLXK3Z9Q3_42", "FLXK3Z9Q2_", "FLXK3Z9Q2", "IREACH_t182_LLOYLN.nx83e.j#a1", "FIXTESTA05", "FLXK3Z9Q2_042",
                "FLXK3Z9Q2_0", "FLXK3Z9Q2_9223372036854775808", "FLXK3Z9Q2_42C", "FLXK3Z9Q2_42C0", "FLXK3Z9Q2_42C7x", "FLXK3Z9Q2_42x",
                "FLXK3Z9Q2_C7", "FLXK3Z9Q2_-42", ""}) {
            assertEquals(FixClientIds.NOT_OURS, ids.orderId(s), s);
            assertFalse(ids.isCancelRequest(s, 0, s.length()), s);
        }
    }

    @Test
    void shouldGiveEachRunItsOwnPrefixSoIdsNeverCrossRuns() {
        FixClientIds first = FixClientIds.forRunStartedAt(1736421999616L);
        FixClientIds next = FixClientIds.forRunStartedAt(1736421999617L);
        assertNotEquals(first.prefix(), next.prefix());
        String id = first.appendOrder(5, new StringBuilder()).toString();
        assertEquals(5, first.orderId(id));
        assertEquals(FixClientIds.NOT_OURS, next.orderId(id), "an earlier run's order is not this run's");
    }

    @Test
    void shouldRefuseAPrefixAVenueMightMangle() {
        assertThrows(IllegalArgumentException.class, () -> new FixClientIds(""));
        assertThrows(IllegalArgumentException.class, () -> new FixClientIds("FLX 1"));
        assertThrows(IllegalArgumentException.class, () -> new FixClientIds("FLX\u00011"));
        assertThrows(IllegalArgumentException.class, () -> new FixClientIds("x".repeat(FixClientIds.MAX_PREFIX_LENGTH + 1)));
    }

    @Test
    void shouldWriteAndParseWithoutAllocating() throws Exception {
        StringBuilder b = new StringBuilder(FixClientIds.MAX_LENGTH);
        long bytes = Allocation.leastPerRound(() -> {
            for (long i = 1; i < 10_000; i++) {
                b.setLength(0);
                ids.appendCancel(1736421999616000L + i, i, b);
                if (ids.orderId(b, 0, b.length()) != 1736421999616000L + i || !ids.isCancelRequest(b, 0, b.length())) throw new AssertionError(b);
            }
        }, 20, 1);
        assertEquals(0, bytes);
    }
}
