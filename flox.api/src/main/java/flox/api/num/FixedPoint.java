package flox.api.num;

import java.math.RoundingMode;

/**
 * Fixed-point helpers. A scaled value {@code v} at scale {@code s} means {@code v / 10^s}:
 * price 61583.22 at scale 8 is {@code 6_158_322_000_000L}.
 *
 * <p>Thread-safe (stateless). {@link #parse(CharSequence, int)} and {@link #pow10(int)} do not
 * allocate; {@link #format(long, int)} allocates its result and is meant for display only.
 */
public final class FixedPoint {
    /** Largest supported scale: 10^18 still fits in a long. */
    public static final int MAX_SCALE = 18;

    /** Returned by {@link #parse(CharSequence, int)} when the text is not a valid decimal at that scale. */
    public static final long INVALID = Long.MIN_VALUE;

    private static final long[] POW10 = new long[MAX_SCALE + 1];
    /** Long.MAX_VALUE / 10^k: the largest magnitude that may be multiplied by 10^k (no division per parse). */
    private static final long[] MAX_BEFORE_POW10 = new long[MAX_SCALE + 1];
    /** Texts this long or shorter hold at most 18 digits: their value cannot overflow while it is read. */
    private static final int FAST_MAX_LENGTH = 18;

    static {
        long p = 1;
        for (int i = 0; i <= MAX_SCALE; i++) {
            POW10[i] = p;
            MAX_BEFORE_POW10[i] = Long.MAX_VALUE / p;
            p *= 10;
        }
    }

    private FixedPoint() {
    }

    /**
     * Powers of ten from a table. No allocation.
     *
     * @param scale the exponent, in [0, {@link #MAX_SCALE}]
     * @return 10^scale
     * @throws ArrayIndexOutOfBoundsException if {@code scale} is outside [0, {@link #MAX_SCALE}]
     */
    public static long pow10(int scale) {
        return POW10[scale];
    }

    /**
     * Parses a plain decimal ("61583.22", "-0.5", "1e-8" is not accepted) into a long at
     * {@code scale}. Extra fractional digits beyond the scale are accepted only when they are
     * zeros ("0.01000000" at scale 2); otherwise the value is not representable and
     * {@link #INVALID} is returned. No allocation.
     *
     * @param text  the decimal: an optional sign, digits, at most one point; no spaces or exponent
     * @param scale decimals of the result, in [0, {@link #MAX_SCALE}]
     * @return the value times 10^scale, or {@link #INVALID} when the text is not such a decimal,
     *     has non-zero digits beyond the scale, does not fit a long or {@code scale} is out of range
     */
    public static long parse(CharSequence text, int scale) {
        return parse(text, 0, text.length(), scale);
    }

    /**
     * As {@link #parse(CharSequence, int)} over {@code text[start, end)}, for parsing straight from
     * a receive buffer. No allocation.
     *
     * @param text  the characters holding the decimal
     * @param start index of its first character
     * @param end   index after its last character
     * @param scale decimals of the result, in [0, {@link #MAX_SCALE}]
     * @return the value times 10^scale, or {@link #INVALID} (an empty range included)
     */
    public static long parse(CharSequence text, int start, int end, int scale) {
        return parse(text, start, end, scale, RoundingMode.UNNECESSARY);
    }

    /**
     * As {@link #parse(CharSequence, int, int, int)}, but digits beyond the scale are rounded
     * with {@code mode} instead of refused: for venue values (a fill price, a fee) with more
     * decimals than the symbol's scale, so that a report is never dropped for its precision.
     * {@link RoundingMode#UNNECESSARY} refuses them as the plain parse does. No allocation.
     *
     * @param text  the characters holding the decimal
     * @param start index of its first character
     * @param end   index after its last character
     * @param scale decimals of the result, in [0, {@link #MAX_SCALE}]
     * @param mode  how to round digits beyond the scale, as {@link java.math.BigDecimal#setScale(int, RoundingMode)}
     * @return the rounded value times 10^scale, or {@link #INVALID} for text that is not a decimal,
     *     a value that does not fit, a null mode or a scale out of range
     */
    public static long parse(CharSequence text, int start, int end, int scale, RoundingMode mode) {
        if (scale < 0 || scale > MAX_SCALE || start >= end || mode == null) {
            return INVALID;
        }
        if (end - start <= FAST_MAX_LENGTH) {
            long v = parseShortUnsigned(text, start, end, scale);
            if (v != INVALID) return v;
        }
        return parseAny(text, start, end, scale, mode);
    }

    /**
     * The common case on a feed's hot path: at most 18 characters of digits and one point, no
     * sign, no more fraction digits than the scale. The value cannot overflow while it is read, so
     * there is no check per digit. {@link #INVALID} for anything else (then the general parse
     * decides, the same way it always did).
     */
    private static long parseShortUnsigned(CharSequence text, int start, int end, int scale) {
        long value = 0;
        int fractionDigits = -1;
        boolean anyDigit = false;
        for (int i = start; i < end; i++) {
            char c = text.charAt(i);
            if (c >= '0' && c <= '9') {
                if (fractionDigits >= 0) {
                    if (fractionDigits == scale) return INVALID; // digits beyond the scale: zeros or rounding, the general parse
                    fractionDigits++;
                }
                value = value * 10 + (c - '0');
                anyDigit = true;
            } else if (c == '.' && fractionDigits < 0) {
                fractionDigits = 0;
            } else {
                return INVALID;
            }
        }
        if (!anyDigit) return INVALID;
        int k = scale - Math.max(fractionDigits, 0);
        return value > MAX_BEFORE_POW10[k] ? INVALID : value * POW10[k];
    }

    private static long parseAny(CharSequence text, int start, int end, int scale, RoundingMode mode) {
        int i = start;
        boolean negative = false;
        char c = text.charAt(i);
        if (c == '-' || c == '+') {
            negative = c == '-';
            if (++i == end) {
                return INVALID;
            }
        }
        long value = 0;
        int digits = 0;
        int fractionDigits = -1;
        int firstDropped = -1; // the first digit beyond the scale, -1: none
        boolean moreDropped = false; // a non-zero digit after it
        for (; i < end; i++) {
            c = text.charAt(i);
            if (c == '.') {
                if (fractionDigits >= 0) {
                    return INVALID;
                }
                fractionDigits = 0;
                continue;
            }
            if (c < '0' || c > '9') {
                return INVALID;
            }
            int d = c - '0';
            digits++;
            if (fractionDigits >= 0) {
                if (fractionDigits == scale) {
                    if (firstDropped < 0) firstDropped = d; else if (d != 0) moreDropped = true;
                    continue;
                }
                fractionDigits++;
            }
            if (value > (Long.MAX_VALUE - d) / 10) {
                return INVALID;
            }
            value = value * 10 + d;
        }
        if (digits == 0) {
            return INVALID;
        }
        long mul = POW10[scale - Math.max(fractionDigits, 0)];
        if (value > Long.MAX_VALUE / mul) {
            return INVALID;
        }
        value *= mul;
        if (firstDropped > 0 || moreDropped) {
            if (mode == RoundingMode.UNNECESSARY) {
                return INVALID;
            }
            if (awayFromZero(mode, negative, firstDropped, moreDropped, (value & 1) == 1)) { // value: the magnitude kept
                if (value == Long.MAX_VALUE) {
                    return INVALID;
                }
                value++;
            }
        }
        return negative ? -value : value;
    }

    /** Whether a magnitude with a dropped fraction rounds away from zero ({@code first} is the first dropped digit). */
    private static boolean awayFromZero(RoundingMode mode, boolean negative, int first, boolean more, boolean odd) {
        switch (mode) {
            case UP: return true;
            case DOWN: return false;
            case CEILING: return !negative;
            case FLOOR: return negative;
            case HALF_UP: return first >= 5;
            case HALF_DOWN: return first > 5 || (first == 5 && more);
            case HALF_EVEN: return first > 5 || (first == 5 && (more || odd));
            default: return false;
        }
    }

    /**
     * Converts {@code value} from scale {@code from} to scale {@code to}, rounding with
     * {@code mode} when digits are dropped ({@link RoundingMode#UNNECESSARY}: as
     * {@link #rescale(long, int, int)}). No allocation.
     *
     * @param value the scaled value
     * @param from  its scale, in [0, {@link #MAX_SCALE}]
     * @param to    the scale wanted, in [0, {@link #MAX_SCALE}]
     * @param mode  how to round dropped digits, as {@link java.math.BigDecimal#setScale(int, RoundingMode)}
     * @return the value at scale {@code to}; {@link #INVALID} when it overflows, when
     *     {@code value} is {@link #INVALID} (or, with UNNECESSARY, when digits would be lost)
     */
    public static long rescale(long value, int from, int to, RoundingMode mode) {
        if (value == INVALID) return INVALID; // never a valid-looking number out of an invalid one
        if (to >= from || mode == RoundingMode.UNNECESSARY) {
            return rescale(value, from, to);
        }
        long div = POW10[from - to];
        long q = value / div;
        long r = value % div;
        if (r == 0) {
            return q;
        }
        boolean negative = value < 0;
        long rem = Math.abs(r);
        long half = div / 2;
        int first = rem > half ? 6 : rem == half ? 5 : 0; // as a first dropped digit: only its comparison with a half matters
        return awayFromZero(mode, negative, first, false, (Math.abs(q) & 1) == 1) ? (negative ? q - 1 : q + 1) : q;
    }

    /**
     * Formats a scaled value as a plain decimal with exactly {@code scale} fraction digits
     * ({@code format(6158322, 2)} is "61583.22"). Allocates: for display and logs.
     *
     * @param scaled the value at {@code scale}
     * @param scale  its decimals, in [0, {@link #MAX_SCALE}]
     * @return the decimal text, with a leading '-' when negative
     * @throws IllegalArgumentException if {@code scaled} is {@link Long#MIN_VALUE} (which is
     *     {@link #INVALID}) and {@code scale} is not 0
     */
    public static String format(long scaled, int scale) {
        if (scale == 0) {
            return Long.toString(scaled);
        }
        StringBuilder sb = new StringBuilder(24);
        appendTo(sb, scaled, scale);
        return sb.toString();
    }

    /**
     * Appends a scaled value to {@code out} as {@link #format(long, int)} writes it; allocates
     * nothing beyond what {@code out} grows by.
     *
     * @param out    where to append
     * @param scaled the value at {@code scale}
     * @param scale  its decimals, in [0, {@link #MAX_SCALE}]
     * @return {@code out}
     * @throws IllegalArgumentException if {@code scaled} is {@link Long#MIN_VALUE}; nothing is
     *     appended then
     */
    public static StringBuilder appendTo(StringBuilder out, long scaled, int scale) {
        if (scaled == Long.MIN_VALUE) { // before anything is appended: a refused value leaves out as it was
            throw new IllegalArgumentException("Long.MIN_VALUE has no positive counterpart");
        }
        if (scaled < 0) {
            out.append('-');
            scaled = -scaled;
        }
        long p = POW10[scale];
        out.append(scaled / p);
        if (scale > 0) {
            out.append('.');
            long frac = scaled % p;
            for (long q = p / 10; q > 0; q /= 10) {
                out.append((char) ('0' + (frac / q) % 10));
            }
        }
        return out;
    }

    /**
     * Converts {@code value} from scale {@code from} to scale {@code to} exactly. No allocation.
     *
     * @param value the scaled value
     * @param from  its scale, in [0, {@link #MAX_SCALE}]
     * @param to    the scale wanted, in [0, {@link #MAX_SCALE}]
     * @return the value at scale {@code to}, or {@link #INVALID} when precision would be lost, it
     *     overflows, or {@code value} is {@link #INVALID}
     */
    public static long rescale(long value, int from, int to) {
        if (value == INVALID) return INVALID; // Math.abs(INVALID) is negative: it would pass the overflow check and wrap to 0
        if (from == to) {
            return value;
        }
        if (to > from) {
            long mul = POW10[to - from];
            if (Math.abs(value) > Long.MAX_VALUE / mul) {
                return INVALID;
            }
            return value * mul;
        }
        long div = POW10[from - to];
        return value % div == 0 ? value / div : INVALID;
    }
}
