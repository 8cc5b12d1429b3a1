package flox.api.num;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Rounding parse and rescale against BigDecimal, the reference, on seeded random decimals. */
class FixedPointRoundingTest {
    @Test
    void shouldKeepAnInvalidValueInvalidThroughEveryRescale() {
        // INVALID is Long.MIN_VALUE, whose Math.abs is negative: an upscale once passed the overflow check and wrapped it to 0
        assertEquals(FixedPoint.INVALID, FixedPoint.rescale(FixedPoint.INVALID, 0, 1));
        assertEquals(FixedPoint.INVALID, FixedPoint.rescale(FixedPoint.INVALID, 2, 8));
        assertEquals(FixedPoint.INVALID, FixedPoint.rescale(FixedPoint.INVALID, 8, 2));
        assertEquals(FixedPoint.INVALID, FixedPoint.rescale(FixedPoint.INVALID, 8, 8));
        for (java.math.RoundingMode mode : java.math.RoundingMode.values()) {
            assertEquals(FixedPoint.INVALID, FixedPoint.rescale(FixedPoint.INVALID, 8, 2, mode), mode.toString());
            assertEquals(FixedPoint.INVALID, FixedPoint.rescale(FixedPoint.INVALID, 2, 8, mode), mode.toString());
        }
        assertEquals(-10, FixedPoint.rescale(-1, 0, 1), "a negative value still rescales");
    }

    @Test
    void shouldLeaveTheBuilderUntouchedWhenItRefusesToAppendInvalid() {
        StringBuilder out = new StringBuilder("px=");
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> FixedPoint.appendTo(out, FixedPoint.INVALID, 2));
        assertEquals("px=", out.toString(), "no stray '-' left behind");
        assertEquals("px=-0.05", FixedPoint.appendTo(out, -5, 2).toString());
    }

    @Test
    void shouldRoundAVenuePriceWithMoreDecimalsThanTheScaleInsteadOfRefusingIt() {
        assertEquals(FixedPoint.INVALID, FixedPoint.parse("61583.225", 2), "the plain parse refuses it");
        assertEquals(6_158_322, FixedPoint.parse("61583.225", 0, 9, 2, RoundingMode.HALF_EVEN));
        assertEquals(6_158_323, FixedPoint.parse("61583.225", 0, 9, 2, RoundingMode.HALF_UP));
        assertEquals(6_158_323, FixedPoint.parse("61583.2250001", 0, 13, 2, RoundingMode.HALF_EVEN));
        assertEquals(-6_158_323, FixedPoint.parse("-61583.225", 0, 10, 2, RoundingMode.FLOOR));
        assertEquals(FixedPoint.INVALID, FixedPoint.parse("61583.225", 0, 9, 2, RoundingMode.UNNECESSARY));
        assertEquals(6_158_322, FixedPoint.parse("61583.2200", 0, 10, 2, RoundingMode.UNNECESSARY), "zeros beyond the scale are exact");
        assertEquals(FixedPoint.INVALID, FixedPoint.parse("1.2.3", 0, 5, 2, RoundingMode.HALF_EVEN));
        assertEquals(FixedPoint.INVALID, FixedPoint.parse("92233720368547758.08", 0, 20, 2, RoundingMode.DOWN), "does not fit");
    }

    /** The reference: BigDecimal's exact value at the scale, INVALID when it is not a plain decimal, not exact or too large. */
    static long reference(String text, int scale) {
        if (!text.matches("[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)")) return FixedPoint.INVALID;
        try {
            BigDecimal v = new BigDecimal(text).setScale(scale, RoundingMode.UNNECESSARY).movePointRight(scale);
            return v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0 || v.compareTo(BigDecimal.valueOf(-Long.MAX_VALUE)) < 0
                    ? FixedPoint.INVALID : v.longValueExact();
        } catch (ArithmeticException e) {
            return FixedPoint.INVALID;
        }
    }

    @Test
    void shouldParseShortAndEdgeDecimalsExactlyAsTheReference() {
        String[] edges = {"0", "5.", ".5", ".", "", "-", "+1", "-0.5", "1..2", "1.2.", "00012.3400", "9.3", "9.22337203685477",
                "922337203685477580", "9223372036854775807", "9223372036854775808", "0.000000000000000001", "0.0000000000000000011",
                "61837.63000000", "0.00100000", "1e5", " 1", "1 ", "12345678901234567.8", "1234567890123456789"};
        for (String e : edges) {
            for (int scale = 0; scale <= FixedPoint.MAX_SCALE; scale++) {
                assertEquals(reference(e, scale), FixedPoint.parse(e, 0, e.length(), scale), "'" + e + "' at scale " + scale);
            }
        }
        SplittableRandom random = new SplittableRandom(42);
        String alphabet = "0123456789.";
        for (int n = 0; n < 300_000; n++) {
            int length = 1 + random.nextInt(20);
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < length; i++) text.append(alphabet.charAt(random.nextInt(random.nextInt(8) == 0 ? 11 : 10)));
            if (random.nextInt(10) == 0) text.insert(0, '-');
            int scale = random.nextInt(FixedPoint.MAX_SCALE + 1);
            String t = text.toString();
            assertEquals(reference(t, scale), FixedPoint.parse(t, 0, t.length(), scale), "'" + t + "' at scale " + scale);
        }
    }

    @Test
    void shouldAgreeWithBigDecimalOnEveryRoundingMode() {
        SplittableRandom random = new SplittableRandom(20261206);
        RoundingMode[] modes = {RoundingMode.UP, RoundingMode.DOWN, RoundingMode.CEILING, RoundingMode.FLOOR,
                RoundingMode.HALF_UP, RoundingMode.HALF_DOWN, RoundingMode.HALF_EVEN};
        for (int n = 0; n < 200_000; n++) {
            int scale = random.nextInt(9);
            int extra = random.nextInt(6);
            long whole = random.nextLong(FixedPoint.pow10(Math.min(9, 18 - scale - extra))); // the scaled value fits a long
            StringBuilder text = new StringBuilder();
            if (random.nextBoolean()) text.append('-');
            text.append(whole);
            int fraction = scale + extra;
            if (fraction > 0) {
                text.append('.');
                for (int i = 0; i < fraction; i++) text.append(random.nextInt(4) == 0 ? '5' : (char) ('0' + random.nextInt(10)));
            }
            String s = text.toString();
            RoundingMode mode = modes[random.nextInt(modes.length)];
            BigDecimal exact = new BigDecimal(s);
            long expected = exact.setScale(scale, mode).unscaledValue().longValueExact();
            assertEquals(expected, FixedPoint.parse(s, 0, s.length(), scale, mode), s + " at scale " + scale + " " + mode);
            long atFraction = exact.movePointRight(fraction).longValueExact();
            assertEquals(expected, FixedPoint.rescale(atFraction, fraction, scale, mode), atFraction + " from " + fraction + " to " + scale + " " + mode);
        }
    }

    @Test
    void shouldParseWithoutAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        String text = "61583.22512345";
        long sum = 0;
        for (int i = 0; i < 100_000; i++) sum += FixedPoint.parse(text, 0, text.length(), 2, RoundingMode.HALF_EVEN);
        threads.getThreadAllocatedBytes(Thread.currentThread().getId()); // its own first call allocates
        long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
        for (int i = 0; i < 100_000; i++) sum += FixedPoint.parse(text, 0, text.length(), 2, RoundingMode.HALF_EVEN);
        long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
        assertEquals(200_000L * 6_158_323, sum);
        org.junit.jupiter.api.Assertions.assertTrue(allocated < 1024, allocated + " bytes allocated by 100,000 rounding parses (one per parse would be megabytes)");
    }
}
