package flox.connector.fix.internal.orders;

import flox.connector.fix.internal.wire.FixFields;
import java.util.Locale;

/**
 * Flox's client order ids (longs) as FIX ClOrdID (11) and OrigClOrdID (41): a per-run prefix and
 * the id in decimal ({@code "FLXK3Z9Q2_1736421999616000"}); a cancel request's own ClOrdID adds
 * {@code 'C'} and a per-run cancel number ({@code "FLXK3Z9Q2_1736421999616000C7"}), so every
 * request of a trading day has its own id while each still names its order. Parsed back from a
 * message's text without allocation. An id without this run's prefix is not ours (an earlier run,
 * another program on the session): see docs/ARCHITECTURE.md for what happens to it.
 *
 * <p>Immutable; thread-safe. {@link #orderId}, {@link #isCancelRequest} and the appends (with
 * room in the builder) allocate nothing.
 */
public final class FixClientIds {
    /** {@link #orderId}'s answer for an id that is not this run's. */
    public static final long NOT_OURS = -1;
    /** The longest prefix accepted. */
    public static final int MAX_PREFIX_LENGTH = 24;
    /** The longest id written: the prefix, 19 digits, 'C' and 19 digits. */
    public static final int MAX_LENGTH = MAX_PREFIX_LENGTH + 39;

    private final String prefix;

    /**
     * @param prefix 1 to {@value #MAX_PREFIX_LENGTH} letters, digits, '-', '_', '.' or ':'
     * @throws IllegalArgumentException naming what is wrong
     */
    public FixClientIds(String prefix) {
        if (prefix.isEmpty() || prefix.length() > MAX_PREFIX_LENGTH) {
            throw new IllegalArgumentException("ClOrdID prefix '" + prefix + "' must have 1 to " + MAX_PREFIX_LENGTH + " characters");
        }
        for (int i = 0; i < prefix.length(); i++) {
            char c = prefix.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' || c == ':')) {
                throw new IllegalArgumentException("ClOrdID prefix '" + prefix + "' may hold only letters, digits, '-', '_', '.' and ':'");
            }
        }
        this.prefix = prefix;
    }

    /** The longest operator's lead ({@code client.id.prefix}): room for the run's start time and '_'. */
    public static final int MAX_LEAD_LENGTH = 14;

    /** The prefix of a run started at {@code epochMillis}: "FLX", the start time in base 36, '_' (unique per run, in order). */
    public static FixClientIds forRunStartedAt(long epochMillis) {
        return forRunStartedAt("FLX", epochMillis);
    }

    /**
     * As {@link #forRunStartedAt(long)} with the operator's {@code lead} in place of "FLX": the
     * run's start time still follows, so a configured prefix never repeats ids across restarts.
     *
     * @throws IllegalArgumentException when {@code lead} is empty, longer than {@value #MAX_LEAD_LENGTH} or holds another character
     */
    public static FixClientIds forRunStartedAt(String lead, long epochMillis) {
        if (lead.isEmpty() || lead.length() > MAX_LEAD_LENGTH) {
            throw new IllegalArgumentException("ClOrdID prefix '" + lead + "' must have 1 to " + MAX_LEAD_LENGTH
                    + " characters (the run's start time and '_' follow it)");
        }
        return new FixClientIds(lead + Long.toString(epochMillis, 36).toUpperCase(Locale.ROOT) + "_");
    }

    public String prefix() {
        return prefix;
    }

    /** Appends the ClOrdID of order {@code clientOrderId} (> 0). */
    public StringBuilder appendOrder(long clientOrderId, StringBuilder into) {
        if (clientOrderId <= 0) throw new IllegalArgumentException("client order id " + clientOrderId + " is not positive");
        return into.append(prefix).append(clientOrderId);
    }

    /** Appends the ClOrdID of cancel request {@code cancelNumber} (> 0) of order {@code clientOrderId} (> 0). */
    public StringBuilder appendCancel(long clientOrderId, long cancelNumber, StringBuilder into) {
        if (cancelNumber <= 0) throw new IllegalArgumentException("cancel number " + cancelNumber + " is not positive");
        return appendOrder(clientOrderId, into).append('C').append(cancelNumber);
    }

    /** The order named by {@code s[start, end)} (a cancel request's id names its order), or {@link #NOT_OURS}. */
    public long orderId(CharSequence s, int start, int end) {
        int p = prefix.length();
        if (end - start <= p || end - start > MAX_LENGTH) return NOT_OURS;
        for (int i = 0; i < p; i++) if (s.charAt(start + i) != prefix.charAt(i)) return NOT_OURS;
        long v = 0;
        int i = start + p;
        if (s.charAt(i) == '0') return NOT_OURS; // no leading zeros: one string per id
        for (; i < end; i++) {
            char c = s.charAt(i);
            if (c == 'C') break;
            if (c < '0' || c > '9' || v > (Long.MAX_VALUE - (c - '0')) / 10) return NOT_OURS;
            v = v * 10 + (c - '0');
        }
        if (v <= 0 || i == start + p) return NOT_OURS;
        if (i < end && !isCancelNumber(s, i + 1, end)) return NOT_OURS;
        return v;
    }

    /** Whether {@code s[start, end)} is one of this run's cancel request ids. */
    public boolean isCancelRequest(CharSequence s, int start, int end) {
        if (orderId(s, start, end) == NOT_OURS) return false;
        for (int i = start + prefix.length(); i < end; i++) if (s.charAt(i) == 'C') return true;
        return false;
    }

    private static boolean isCancelNumber(CharSequence s, int from, int to) {
        if (from >= to || to - from > 19 || s.charAt(from) == '0') return false;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** {@link #orderId} of {@code tag}'s value; {@link #NOT_OURS} when absent. */
    public long orderId(FixFields f, int tag) {
        int i = f.find(tag);
        return i < 0 ? NOT_OURS : orderId(f.text(), f.startAt(i), f.endAt(i));
    }

    /** {@link #isCancelRequest} of {@code tag}'s value; false when absent. */
    public boolean isCancelRequest(FixFields f, int tag) {
        int i = f.find(tag);
        return i >= 0 && isCancelRequest(f.text(), f.startAt(i), f.endAt(i));
    }

    public long orderId(CharSequence s) {
        return orderId(s, 0, s.length());
    }
}
