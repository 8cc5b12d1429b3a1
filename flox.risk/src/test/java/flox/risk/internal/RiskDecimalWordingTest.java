package flox.risk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A limit that is a decimal but too long says so, not that it is no decimal (issue 11 item 13). */
class RiskDecimalWordingTest {
    @Test
    void shouldSayAnOverlongLimitHasTooManyDigits() {
        StringBuilder errors = new StringBuilder();
        RiskSettings s = RiskSettings.read(RiskComponent.PID, RiskConfigTest.file("max.position", "123456789012345678901"),
                RiskSettings.defaults(), errors);
        String expected = RiskConfigTest.FILE + ", field max.position: '123456789012345678901' has too many digits: out of range"
                + " (at most 18 digits) (0 = off)";
        assertTrue(errors.toString().contains(expected), "missing <" + expected + "> in " + errors);
        assertEquals(RiskSettings.defaults().maxPosition, s.maxPosition, "the last good value is kept");
    }

    @Test
    void shouldSayLettersAreNotADecimal() {
        assertEquals("'abc' is not a plain non-negative decimal such as 2 or 0.5", DecimalLimit.problem("abc"));
        assertEquals(null, DecimalLimit.problem("0.5"));
    }
}
