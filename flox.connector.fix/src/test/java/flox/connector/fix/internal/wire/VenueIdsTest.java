package flox.connector.fix.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class VenueIdsTest {
    @Test
    void shouldKeepANumericIdAsItsNumber() {
        assertEquals(39609648L, VenueIds.toLong("39609648"));
        assertEquals(Long.MAX_VALUE, VenueIds.toLong("9223372036854775807"));
        assertEquals(7, VenueIds.toLong("007"), "digits are read as a number: 007 and 7 are one id");
        assertEquals(0, VenueIds.toLong(""), "empty: none");
    }

    @Test
    void shouldHashAnyOtherIdIntoTheNegativesSoItNeverMeetsANumericOne() {
        for (String id : new String[] {"UUKO20030200001g", "TTN-200302045107-00000012", "20200525O4000007", "9223372036854775808", "0",
                "-5", "ORD 1"}) {
            long v = VenueIds.toLong(id);
            assertTrue(v < 0, id + " -> " + v);
            assertEquals(v, VenueIds.toLong("x" + id + "y", 1, id.length() + 1), "the same id in another text gives the same value");
        }
        assertNotEquals(VenueIds.toLong("TTN-200302045107-00000012"), VenueIds.toLong("TTN-200302045107-00000013"));
    }

    @Test
    void shouldGiveAMillionSequentialVenueIdsAMillionValues() {
        long[] values = new long[1_000_000];
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < values.length; i++) {
            s.setLength(0);
            s.append("TTN-200302045107-").append(i);
            values[i] = VenueIds.toLong(s);
        }
        Arrays.sort(values);
        for (int i = 1; i < values.length; i++) assertTrue(values[i] != values[i - 1], "two ids share " + values[i]);
    }
}
