package flox.risk.internal;

import flox.api.num.FixedPoint;
import java.util.regex.Pattern;

/**
 * A configured limit as written: a plain non-negative decimal ("2", "0.5", "100000"); 0 means
 * the limit is off. It is converted to each symbol's scale with {@link #scaledFloor(int)}, rounded
 * down (the stricter side). Immutable and thread-safe; cold path (parsing allocates).
 */
final class DecimalLimit {
    /** Scaled value meaning "no limit": nothing is larger. */
    static final long UNLIMITED = Long.MAX_VALUE;
    static final DecimalLimit OFF = new DecimalLimit("0", true);

    private static final Pattern PLAIN = Pattern.compile("\\d+(\\.\\d+)?");

    private final String text;
    private final boolean off;

    private DecimalLimit(String text, boolean off) {
        this.text = text;
        this.off = off;
    }

    /** The limit, or null when {@code text} is not a plain non-negative decimal that fits a long. */
    static DecimalLimit parse(String text) {
        String t = text.strip();
        if (!PLAIN.matcher(t).matches()) {
            return null;
        }
        int dot = t.indexOf('.');
        int scale = dot < 0 ? 0 : Math.min(t.length() - dot - 1, FixedPoint.MAX_SCALE);
        long v = FixedPoint.parse(t, scale);
        if (v == FixedPoint.INVALID) {
            return null; // too large, or more than 18 significant fraction digits
        }
        return new DecimalLimit(t, v == 0);
    }

    /**
     * Why {@code text} is not a limit (for messages: "'...' is not a plain non-negative decimal
     * such as 2 or 0.5", or "'...' has too many digits"), or null when it is one.
     */
    static String problem(String text) {
        if (parse(text) != null) return null;
        if (!PLAIN.matcher(text.strip()).matches()) return "'" + text + "' is not a plain non-negative decimal such as 2 or 0.5";
        return "'" + text + "' has too many digits: out of range (at most 18 digits)";
    }

    /** True when this limits less than {@code other} (off limits nothing). Cold path. */
    boolean looserThan(DecimalLimit other) {
        if (other.off) return false;
        return off || new java.math.BigDecimal(text).compareTo(new java.math.BigDecimal(other.text)) > 0;
    }

    boolean isOff() {
        return off;
    }

    /**
     * The limit at {@code scale}, rounded down; {@link #UNLIMITED} when off or when it does not
     * fit a long at that scale (a limit that large limits nothing).
     */
    long scaledFloor(int scale) {
        if (off) {
            return UNLIMITED;
        }
        int dot = text.indexOf('.');
        int end = dot < 0 ? text.length() : Math.min(text.length(), scale == 0 ? dot : dot + 1 + scale);
        long v = FixedPoint.parse(text, 0, end, scale);
        return v == FixedPoint.INVALID ? UNLIMITED : v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DecimalLimit && ((DecimalLimit) o).text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return off ? "off" : text;
    }
}
