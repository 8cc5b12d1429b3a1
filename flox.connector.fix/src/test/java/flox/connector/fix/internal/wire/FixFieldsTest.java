package flox.connector.fix.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.num.FixedPoint;
import flox.connector.fix.internal.Allocation;
import java.math.RoundingMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class FixFieldsTest {
    static final String ER = "8=FIX.4.4\u00019=146\u000135=8\u000134=3\u000149=EXEC\u000156=BANZAI\u000111=FLXA_17\u000114=0.5\u0001"
            + "31=1.07791\u000139=1\u0001150=F\u0001453=2\u0001448=P1\u0001448=P2\u000120011=WB\u000110=058\u0001";

    final FixFields f = new FixFields();
    final CharSlice v = new CharSlice();

    @Test
    void shouldFindLowAndCustomTagsAndTheFirstOfARepeatedTag() {
        assertTrue(f.wrap(ER));
        assertEquals(16, f.count());
        assertEquals('8', f.character(35, ' '));
        assertTrue(f.value(11, v));
        assertEquals("FLXA_17", v.toString());
        assertTrue(f.valueEquals(20011, "WB"), "a tag beyond the direct table is found by a scan");
        assertTrue(f.valueEquals(448, "P1"), "the first occurrence wins");
        assertEquals(3, f.integer(34, -1));
        assertEquals(50, f.decimal(14, 2, RoundingMode.UNNECESSARY, -1));
        assertEquals(108, f.decimal(31, 2, RoundingMode.HALF_EVEN, -1), "rounded when asked");
        assertEquals(FixFields.INVALID, f.decimal(31, 2, RoundingMode.UNNECESSARY, -1), "refused when not");
        assertFalse(f.has(38));
        assertEquals(-7, f.integer(38, -7));
        assertEquals(-1, f.length(38));
        assertFalse(f.value(38, v));
        assertEquals(0, v.length());
    }

    @Test
    void shouldForgetTheTagsOfThePreviousMessage() {
        assertTrue(f.wrap(ER));
        assertTrue(f.wrap("8=FIX.4.4\u000135=0\u000110=001\u0001"));
        assertFalse(f.has(11));
        assertFalse(f.has(20011));
        assertEquals('0', f.character(35, ' '));
    }

    @Test
    void shouldReadLogDelimitersAndAMessageWithoutItsLastDelimiter() {
        String line = "8=FIX.4.4;9=5;35=8;11=IREACH_t182_LLOYLN.nx83e.j#a1;58=[Order Limit price deviates];10=231";
        assertTrue(f.wrap(line, 0, line.length(), ';'));
        assertTrue(f.valueEquals(11, "IREACH_t182_LLOYLN.nx83e.j#a1"));
        assertTrue(f.valueEquals(10, "231"));
        String piped = "prefix 8=FIX.4.4|35=D|11=90092P|";
        assertTrue(f.wrap(piped, 7, piped.length(), '|'));
        assertTrue(f.valueEquals(11, "90092P"));
    }

    @Test
    void shouldReadADataFieldByItsLengthEvenWithADelimiterInside() {
        assertTrue(f.wrap("35=A\u000195=5\u000196=a\u0001b=c\u0001553=user\u000110=000\u0001"));
        assertTrue(f.valueEquals(96, "a\u0001b=c"));
        assertTrue(f.valueEquals(553, "user"));
    }

    @Test
    void shouldRefuseFieldsThatAreNotTagEqualsValue() {
        assertFalse(f.wrap("35=8\u0001abc=1\u0001"));
        assertNotNull(f.problem());
        assertFalse(f.has(35), "nothing of a refused message is kept");
        assertFalse(f.wrap("35=8\u0001=1\u0001"));
        assertFalse(f.wrap("35=8\u000158\u0001"));
        assertFalse(f.wrap("0=1\u0001"));
        StringBuilder huge = new StringBuilder();
        for (int i = 0; i <= FixFields.MAX_FIELDS; i++) huge.append("58=x\u0001");
        assertFalse(f.wrap(huge));
        assertTrue(f.wrap("35=8\u0001"));
        assertEquals(null, f.problem());
    }

    @Test
    void shouldIndexAndReadWithoutAllocating() throws Exception {
        long bytes = Allocation.leastPerRound(() -> {
            for (int i = 0; i < 1000; i++) {
                f.wrap(ER);
                f.value(11, v);
                f.decimal(31, 8, RoundingMode.UNNECESSARY, 0);
                f.character(150, ' ');
                f.valueEquals(20011, "WB");
            }
        }, 20, 1);
        assertEquals(0, bytes);
        assertEquals(107_791_000L, FixedPoint.parse("1.07791", 8));
    }
}
