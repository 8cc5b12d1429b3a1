package flox.connector.fix.internal.wire;

import flox.api.num.FixedPoint;
import java.math.RoundingMode;

/**
 * An index of one FIX message's fields over its text (what QuickFIX/J's
 * {@code Message.toRawString()} keeps, or a log line): {@link #wrap} scans the message once and
 * records each field's tag and value bounds; lookups by tag are then a table read (tags below
 * {@value #DIRECT_TAGS}) or a scan (higher, custom tags). The first occurrence of a tag wins
 * (a tag repeated inside a group is not the message's own). Data fields (RawData 96,
 * EncodedText 355, ...) are read by their length field, so a delimiter inside them is data.
 *
 * <p>Not thread-safe: one per reading thread, reused for every message. No allocation.
 */
public final class FixFields {
    /** SOH, FIX's field delimiter on the wire. */
    public static final char SOH = '\u0001';
    /** Tags below this are found by table; above, by a scan of the fields. */
    public static final int DIRECT_TAGS = 1024;
    /** Fields kept per message; a longer message is refused by {@link #wrap}. */
    public static final int MAX_FIELDS = 2048;
    /** {@link #integer} and {@link #decimal} for a value that is not a number. */
    public static final long INVALID = FixedPoint.INVALID;

    private final short[] byTag = new short[DIRECT_TAGS]; // field index + 1; 0: absent
    private final int[] tags = new int[MAX_FIELDS];
    private final int[] starts = new int[MAX_FIELDS];
    private final int[] ends = new int[MAX_FIELDS];
    private int count;
    private CharSequence text = "";
    private String problem;

    /**
     * Indexes {@code text[start, end)}, fields separated by {@code delimiter} (SOH on the wire; '|'
     * or ';' in some logs). Returns false, with {@link #problem()} saying why, when a field is not
     * {@code tag=value} with a positive decimal tag or the message has more than {@link #MAX_FIELDS}.
     */
    public boolean wrap(CharSequence text, int start, int end, char delimiter) {
        clearIndex();
        this.text = text;
        problem = null;
        int i = start;
        int dataLength = -1; // the value length of a data field announced by its length field
        while (i < end) {
            int tag = 0;
            int tagStart = i;
            char c;
            while (i < end && (c = text.charAt(i)) != '=') {
                if (c < '0' || c > '9' || tag > 100_000_000) return malformed("a tag that is not a number at offset " + (tagStart - start));
                tag = tag * 10 + (c - '0');
                i++;
            }
            if (i == end || i == tagStart || tag == 0) return malformed("a field without a tag or '=' at offset " + (tagStart - start));
            int valueStart = ++i;
            int valueEnd;
            if (dataLength >= 0 && isDataTag(tag) && valueStart + dataLength <= end) {
                valueEnd = valueStart + dataLength;
            } else {
                valueEnd = valueStart;
                while (valueEnd < end && text.charAt(valueEnd) != delimiter) valueEnd++;
            }
            if (count == MAX_FIELDS) return malformed("more than " + MAX_FIELDS + " fields");
            tags[count] = tag;
            starts[count] = valueStart;
            ends[count] = valueEnd;
            if (tag < DIRECT_TAGS && byTag[tag] == 0) byTag[tag] = (short) (count + 1);
            count++;
            dataLength = isLengthTag(tag) ? (int) Math.min(Integer.MAX_VALUE, Math.max(-1, parseInteger(valueStart, valueEnd))) : -1;
            i = valueEnd + 1;
        }
        return true;
    }

    /** {@link #wrap} of the whole text with SOH. */
    public boolean wrap(CharSequence text) {
        return wrap(text, 0, text.length(), SOH);
    }

    private boolean malformed(String why) {
        problem = why;
        clearIndex();
        return false;
    }

    private void clearIndex() {
        for (int i = 0; i < count; i++) {
            int t = tags[i];
            if (t < DIRECT_TAGS) byTag[t] = 0;
        }
        count = 0;
    }

    /** Why the last {@link #wrap} failed; null when it did not. */
    public String problem() {
        return problem;
    }

    public CharSequence text() {
        return text;
    }

    public int count() {
        return count;
    }

    public int tagAt(int field) {
        return tags[field];
    }

    public int startAt(int field) {
        return starts[field];
    }

    public int endAt(int field) {
        return ends[field];
    }

    /** The index of the first field with {@code tag}, or -1. */
    public int find(int tag) {
        if (tag > 0 && tag < DIRECT_TAGS) return byTag[tag] - 1;
        for (int i = 0; i < count; i++) if (tags[i] == tag) return i;
        return -1;
    }

    public boolean has(int tag) {
        return find(tag) >= 0;
    }

    /** Points {@code into} at the value of {@code tag}; false (and {@code into} empty) when absent. */
    public boolean value(int tag, CharSlice into) {
        int f = find(tag);
        if (f < 0) {
            into.clear();
            return false;
        }
        into.set(text, starts[f], ends[f]);
        return true;
    }

    /** The value's length, or -1 when absent. */
    public int length(int tag) {
        int f = find(tag);
        return f < 0 ? -1 : ends[f] - starts[f];
    }

    /** The value of a one-character field (ExecType, OrdStatus, Side...); {@code absent} when missing, longer or empty. */
    public char character(int tag, char absent) {
        int f = find(tag);
        if (f < 0 || ends[f] - starts[f] != 1) return absent;
        return text.charAt(starts[f]);
    }

    /** Whether {@code tag} is present and its value equals {@code s}. */
    public boolean valueEquals(int tag, CharSequence s) {
        int f = find(tag);
        if (f < 0 || ends[f] - starts[f] != s.length()) return false;
        for (int i = 0, p = starts[f]; i < s.length(); i++, p++) if (text.charAt(p) != s.charAt(i)) return false;
        return true;
    }

    /** A non-negative integer value; {@code absent} when missing, {@link #INVALID} when not digits or beyond a long. */
    public long integer(int tag, long absent) {
        int f = find(tag);
        return f < 0 ? absent : parseInteger(starts[f], ends[f]);
    }

    private long parseInteger(int from, int to) {
        if (from >= to) return INVALID;
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') return INVALID;
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) return INVALID;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /**
     * A decimal value at {@code scale}, digits beyond it rounded by {@code mode}
     * ({@link RoundingMode#UNNECESSARY}: refused); {@code absent} when missing,
     * {@link #INVALID} when not a decimal or out of range.
     */
    public long decimal(int tag, int scale, RoundingMode mode, long absent) {
        int f = find(tag);
        return f < 0 ? absent : FixedPoint.parse(text, starts[f], ends[f], scale, mode);
    }

    /** Length fields whose next field is data of that many characters (FIX 4.4). */
    private static boolean isLengthTag(int tag) {
        switch (tag) {
            case 90: case 93: case 95: case 212: case 348: case 350: case 352: case 354: case 356: case 358: case 360: case 362:
            case 364: case 445: case 618: case 621:
                return true;
            default:
                return false;
        }
    }

    private static boolean isDataTag(int tag) {
        switch (tag) {
            case 91: case 89: case 96: case 213: case 349: case 351: case 353: case 355: case 357: case 359: case 361: case 363:
            case 365: case 446: case 619: case 622:
                return true;
            default:
                return false;
        }
    }
}
