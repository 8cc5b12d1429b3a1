package flox.connector.binance.internal.orders;

/**
 * Flox's client order ids (longs) as Binance's {@code newClientOrderId}: a per-run prefix and
 * the id in decimal ({@code "flxK3Z9Q2_1736421999616000"}), within Binance's pattern
 * {@code ^[a-zA-Z0-9-_]{1,36}$}, and parsed back from a report's {@code c} or {@code C}. The
 * prefix tells this run's orders from other runs' and other programs' on the same account; an
 * id without it is not ours (the connector counts it and applies its policy for foreign orders).
 *
 * <p>Orders of others that the host adopts get ids of their own ({@link #adoptedId}).
 *
 * <p>Immutable; thread-safe. {@link #write} and {@link #parse} allocate nothing.
 */
public final class BinanceClientIds {
    /** Binance's longest client order id. */
    public static final int MAX_LENGTH = 36;
    /** {@link #parse}'s answer for an id that is not this run's. */
    public static final long NOT_OURS = -1;

    private final String prefix;

    /**
     * @param prefix letters, digits, '-' or '_', at most 16 characters (leaving 20 for the id)
     * @throws IllegalArgumentException naming what is wrong
     */
    public BinanceClientIds(String prefix) {
        if (prefix.isEmpty() || prefix.length() > 16) throw new IllegalArgumentException("client id prefix '" + prefix + "' must have 1 to 16 characters");
        for (int i = 0; i < prefix.length(); i++) {
            if (!allowed(prefix.charAt(i))) throw new IllegalArgumentException("client id prefix '" + prefix + "' may hold only letters, digits, '-' and '_'");
        }
        this.prefix = prefix;
    }

    /** A prefix for a run started at {@code epochMillis}: "flx", the start time in base 36 and '_' (unique per run, in order). */
    public static BinanceClientIds forRunStartedAt(long epochMillis) {
        return new BinanceClientIds("flx" + Long.toString(epochMillis, 36).toUpperCase(java.util.Locale.ROOT) + "_");
    }

    public String prefix() {
        return prefix;
    }

    private static boolean allowed(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    }

    /** Writes the venue id of {@code clientOrderId} (> 0) as ASCII into {@code out} at {@code at}; returns the offset after it. */
    public int write(long clientOrderId, byte[] out, int at) {
        if (clientOrderId <= 0) throw new IllegalArgumentException("client order id " + clientOrderId + " is not positive");
        for (int i = 0; i < prefix.length(); i++) out[at++] = (byte) prefix.charAt(i);
        int digits = 1;
        for (long t = clientOrderId; t >= 10; t /= 10) digits++;
        long v = clientOrderId;
        for (int i = digits - 1; i >= 0; i--) {
            out[at + i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return at + digits;
    }

    /** Appends the venue id of {@code clientOrderId} (> 0) to {@code into} (no allocation when it has room). */
    public StringBuilder append(long clientOrderId, StringBuilder into) {
        if (clientOrderId <= 0) throw new IllegalArgumentException("client order id " + clientOrderId + " is not positive");
        return into.append(prefix).append(clientOrderId);
    }

    /** Symbol ids an adopted order's id can carry (12 bits). */
    static final int ADOPTED_SYMBOLS = 1 << 12;

    /**
     * The host's id for an adopted venue order ({@code foreign.orders = adopt}): negative, so it
     * never meets an id the gateway hands out (positive), and made of the venue's order id and
     * the symbol id ({@code -(venueOrderId << 12 | symbolId)}), because Binance's order ids are
     * unique per symbol only. Derived again from any later report's {@code s} and {@code i}: no
     * table. {@link #NOT_OURS} when either does not fit (symbol id 4,096 or more, order id 2^51
     * or more).
     */
    public static long adoptedId(int symbolId, long venueOrderId) {
        if (symbolId < 0 || symbolId >= ADOPTED_SYMBOLS || venueOrderId <= 0 || venueOrderId >= 1L << 51) return NOT_OURS;
        return -(venueOrderId << 12 | symbolId);
    }

    /** True for an id made by {@link #adoptedId}. */
    public static boolean isAdopted(long clientOrderId) {
        return clientOrderId < 0 && clientOrderId != NOT_OURS && clientOrderId != Long.MIN_VALUE;
    }

    /** The venue's order id inside an {@link #adoptedId}. */
    public static long venueOrderIdOf(long adoptedId) {
        return -adoptedId >>> 12;
    }

    /** The client order id in {@code venueId}, or {@link #NOT_OURS} when it has not this run's prefix and a decimal id after it. */
    public long parse(CharSequence venueId) {
        int n = venueId.length();
        int p = prefix.length();
        if (n <= p || n > MAX_LENGTH || n - p > 19) return NOT_OURS;
        for (int i = 0; i < p; i++) if (venueId.charAt(i) != prefix.charAt(i)) return NOT_OURS;
        long v = 0;
        for (int i = p; i < n; i++) {
            char c = venueId.charAt(i);
            if (c < '0' || c > '9') return NOT_OURS;
            if (v > (Long.MAX_VALUE - (c - '0')) / 10) return NOT_OURS; // beyond a long
            v = v * 10 + (c - '0');
        }
        return v > 0 ? v : NOT_OURS;
    }
}
