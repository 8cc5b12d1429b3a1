package flox.connector.binance.internal.orders;

/**
 * Binance's rate limits as the venue reports them (each WebSocket API reply's {@code rateLimits}
 * array, REST's {@code X-MBX-USED-WEIGHT-*} and {@code X-MBX-ORDER-COUNT-*} headers): per limit
 * type and window, the limit and the count used. Windows line up with the clock (a 1-minute
 * window starts at :00, a 10-second one at :00, :10, ...; a day at 00:00 UTC), so a count
 * belongs to the window it was reported in and starts again at 0 in the next. {@link #waitMs}
 * throttles before a limit is reached: it keeps {@code headroom} of each limit unused.
 *
 * <p>Thread-safe: the order connection's sending and receiving threads both use it (an
 * uncontended monitor; never a strategy's thread). No allocation after the first report of each
 * window kind.
 */
public final class RateLimits {
    public static final int REQUEST_WEIGHT = 0;
    public static final int ORDERS = 1;
    public static final int RAW_REQUESTS = 2;
    private static final int MAX_WINDOWS = 16;

    private final int[] type = new int[MAX_WINDOWS];
    private final long[] windowMs = new long[MAX_WINDOWS];
    private final long[] limit = new long[MAX_WINDOWS];
    private final long[] count = new long[MAX_WINDOWS];
    /** Start of the window the count was reported in. */
    private final long[] windowStartMs = new long[MAX_WINDOWS];
    private int windows;
    private final double headroom;
    /** The account's REQUEST_WEIGHT view the REST requests are throttled by (null: none); told each 1-minute weight report. */
    private volatile RequestWeight shared;

    /** @param headroom share of each limit kept unused (0.1: throttle at 90 %) */
    public RateLimits(double headroom) {
        if (headroom < 0 || headroom >= 1) throw new IllegalArgumentException("headroom must be in [0, 1)");
        this.headroom = headroom;
    }

    /** The type constant of Binance's {@code rateLimitType} text, or -1. */
    public static int typeOf(CharSequence s) {
        if (equal(s, "REQUEST_WEIGHT")) return REQUEST_WEIGHT;
        if (equal(s, "ORDERS")) return ORDERS;
        if (equal(s, "RAW_REQUESTS")) return RAW_REQUESTS;
        return -1;
    }

    /** Milliseconds of Binance's {@code interval} ({@code SECOND}, {@code MINUTE}, {@code HOUR}, {@code DAY}) times {@code intervalNum}, or -1. */
    public static long windowMsOf(CharSequence interval, long intervalNum) {
        long unit = equal(interval, "SECOND") ? 1_000L : equal(interval, "MINUTE") ? 60_000L : equal(interval, "HOUR") ? 3_600_000L
                : equal(interval, "DAY") ? 86_400_000L : -1;
        return unit < 0 || intervalNum <= 0 ? -1 : unit * intervalNum;
    }

    private static boolean equal(CharSequence a, String b) {
        if (a.length() != b.length()) return false;
        for (int i = 0; i < b.length(); i++) if (a.charAt(i) != b.charAt(i)) return false;
        return true;
    }

    /** The 1-minute REQUEST_WEIGHT reports go to {@code weight} too (the market-data side's REST throttle; the count is the IP's). */
    public void shareRequestWeight(RequestWeight weight) {
        this.shared = weight;
    }

    /** A ban or a wait with a time told on the WebSocket API: the shared view holds REST too ({@link RequestWeight#quietUntil}). */
    public void quietUntil(long epochMs) {
        RequestWeight w = shared;
        if (w != null) w.quietUntil(epochMs);
    }

    /** {@return the end of a ban or wait the REST side was told (epoch ms), 0 for none or no shared view} */
    public long sharedQuietUntilMs() {
        RequestWeight w = shared;
        return w == null ? 0 : w.quietUntilMs();
    }

    /** Records the venue's report of one window at wall-clock time {@code nowMs}. */
    public synchronized void report(int limitType, long windowMillis, long windowLimit, long used, long nowMs) {
        if (limitType < 0 || windowMillis <= 0) return;
        RequestWeight w = shared;
        if (w != null && limitType == REQUEST_WEIGHT && windowMillis == 60_000L) {
            w.limitFromApi(windowLimit);
            w.report(used, nowMs);
        }
        int i = find(limitType, windowMillis);
        if (i < 0) {
            if (windows == MAX_WINDOWS) return;
            i = windows++;
            type[i] = limitType;
            windowMs[i] = windowMillis;
        }
        limit[i] = windowLimit;
        count[i] = used;
        windowStartMs[i] = nowMs - Math.floorMod(nowMs, windowMillis);
    }

    /** Counts {@code cost} against every window of {@code limitType} as sent (before the venue's reply says it). */
    public synchronized void spend(int limitType, long cost, long nowMs) {
        for (int i = 0; i < windows; i++) {
            if (type[i] != limitType) continue;
            roll(i, nowMs);
            count[i] += cost;
        }
    }

    /**
     * Milliseconds to wait before a request costing {@code cost} of {@code limitType} keeps every
     * window of that type under its limit less the headroom: 0 when it may go now.
     */
    public synchronized long waitMs(int limitType, long cost, long nowMs) {
        long wait = 0;
        for (int i = 0; i < windows; i++) {
            if (type[i] != limitType) continue;
            roll(i, nowMs);
            long allowed = (long) Math.floor(limit[i] * (1 - headroom));
            if (count[i] + cost > allowed) wait = Math.max(wait, windowStartMs[i] + windowMs[i] - nowMs);
        }
        return wait;
    }

    private void roll(int i, long nowMs) {
        long start = nowMs - Math.floorMod(nowMs, windowMs[i]);
        if (start != windowStartMs[i]) {
            windowStartMs[i] = start;
            count[i] = 0;
        }
    }

    private int find(int limitType, long windowMillis) {
        for (int i = 0; i < windows; i++) if (type[i] == limitType && windowMs[i] == windowMillis) return i;
        return -1;
    }

    /** "weight 321/6000": the fullest REQUEST_WEIGHT window, for the status line; empty before any report (allocates). */
    public synchronized String brief(long nowMs) {
        int best = -1;
        for (int i = 0; i < windows; i++) {
            if (type[i] != REQUEST_WEIGHT || limit[i] <= 0) continue;
            roll(i, nowMs);
            if (best < 0 || count[i] * limit[best] > count[best] * limit[i]) best = i;
        }
        return best < 0 ? "" : "weight " + count[best] + "/" + limit[best];
    }

    /** "REQUEST_WEIGHT 321/6000 per 1m, ORDERS 12/50 per 10s": for flox:binance (allocates). */
    public synchronized String describe(long nowMs) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < windows; i++) {
            roll(i, nowMs);
            if (sb.length() > 0) sb.append(", ");
            sb.append(type[i] == REQUEST_WEIGHT ? "REQUEST_WEIGHT" : type[i] == ORDERS ? "ORDERS" : "RAW_REQUESTS").append(' ')
                    .append(count[i]).append('/').append(limit[i]).append(" per ").append(span(windowMs[i]));
        }
        return sb.length() == 0 ? "none reported yet" : sb.toString();
    }

    private static String span(long ms) {
        if (ms % 86_400_000L == 0) return ms / 86_400_000L + "d";
        if (ms % 3_600_000L == 0) return ms / 3_600_000L + "h";
        if (ms % 60_000L == 0) return ms / 60_000L + "m";
        return ms / 1_000L + "s";
    }
}
