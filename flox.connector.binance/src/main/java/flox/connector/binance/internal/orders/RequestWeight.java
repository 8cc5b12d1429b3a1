package flox.connector.binance.internal.orders;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One account's (Binance counts per IP) REQUEST_WEIGHT in the current clock minute, shared by
 * its two connections: REST replies' {@value #USED_WEIGHT_HEADER} header (depth snapshots,
 * exchangeInfo, the venue's time) and the WebSocket API's {@code rateLimits} (through
 * {@link RateLimits#shareRequestWeight}) report the venue's count, the REST requests the
 * connector sends count their documented weight as sent. The highest count of the minute
 * stands (a report never lowers it: one of an older request may come late); a new minute starts
 * at 0 (Binance's windows line up with the clock). The limit is the lowest per-minute
 * REQUEST_WEIGHT limit the venue states (exchangeInfo's {@code rateLimits} and the API's; each
 * source's latest word); none stated yet: nothing is held.
 *
 * <p>{@link #waitMs} is the throttle of the REST requests: a request whose weight would take the
 * minute's count past the limit less the headroom waits for the next minute rather than risk a
 * 429 (every request after a 429 brings a ban nearer). Order entry keeps its own windows
 * ({@link RateLimits}), which the API's counts (REST included: the count is the IP's) already
 * hold: market-data requests never delay orders here.
 *
 * <p>Thread-safe without locks: the view is one {@link AtomicLong} (minute and count), the
 * limits are volatile. No allocation but {@link #describe}.
 */
public final class RequestWeight {
    /** Binance's used-weight header of every REST reply (the current minute's count, this request included). */
    public static final String USED_WEIGHT_HEADER = "X-MBX-USED-WEIGHT-1M";
    /** GET /api/v3/exchangeInfo (all symbols). */
    public static final int EXCHANGE_INFO_WEIGHT = 20;
    private static final long MINUTE_MS = 60_000L;
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    /** minute (epoch ms / 60,000) << 32 | weight used in it. */
    private final AtomicLong view = new AtomicLong();
    private volatile long exchangeInfoLimit;
    private volatile long apiLimit;
    private final double headroom;
    /** The minute until whose end a request was last held (its end, epoch ms); 0: none yet. */
    private final AtomicLong heldUntilMs = new AtomicLong();
    private final AtomicLong quietUntilMs = new AtomicLong();
    private final AtomicLong holds = new AtomicLong();

    /** @param headroom share of the limit kept unused (0.1: requests wait past 90 %) */
    public RequestWeight(double headroom) {
        if (headroom < 0 || headroom >= 1) throw new IllegalArgumentException("headroom must be in [0, 1)");
        this.headroom = headroom;
    }

    /** Binance's weight of {@code GET /api/v3/depth} with {@code limit} levels: 5 up to 100, 25 up to 500, 50 up to 1000, 250 above. */
    public static int depthWeight(int limit) {
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    /** The count of a {@value #USED_WEIGHT_HEADER} value, or -1 when it is not a number. */
    public static long parseHeader(CharSequence value) {
        if (value == null) return -1;
        int start = 0;
        int end = value.length();
        while (start < end && value.charAt(start) == ' ') start++;
        while (end > start && value.charAt(end - 1) == ' ') end--;
        if (start == end || end - start > 12) return -1;
        long v = 0;
        for (int i = start; i < end; i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The venue's count from a REST reply's {@value #USED_WEIGHT_HEADER} header, if it has one (every Binance reply does, refusals too). */
    public void reportHeader(java.net.http.HttpHeaders headers, long nowMs) {
        headers.firstValue(USED_WEIGHT_HEADER).ifPresent(v -> report(parseHeader(v), nowMs));
    }

    /** The venue's count for the minute of {@code nowMs} (a header or a rateLimits entry): the highest of the minute stands. */
    public void report(long used, long nowMs) {
        if (used < 0) return;
        long minute = nowMs / MINUTE_MS;
        long count = Math.min(used, COUNT_MASK);
        while (true) {
            long v = view.get();
            long m = v >>> 32;
            long next;
            if (minute > m) next = minute << 32 | count;
            else if (minute == m && count > (v & COUNT_MASK)) next = v & ~COUNT_MASK | count;
            else return; // an older minute's, or not above what is known
            if (view.compareAndSet(v, next)) return;
        }
    }

    /** Counts a request of {@code weight} as sent at {@code nowMs} (before the venue's reply says it). */
    public void spend(long weight, long nowMs) {
        long minute = nowMs / MINUTE_MS;
        while (true) {
            long v = view.get();
            long m = v >>> 32;
            long next;
            if (minute > m) next = minute << 32 | Math.min(weight, COUNT_MASK);
            else if (minute == m) next = v & ~COUNT_MASK | Math.min((v & COUNT_MASK) + weight, COUNT_MASK);
            else return; // a clock behind the view's: the view's minute is the later one
            if (view.compareAndSet(v, next)) return;
        }
    }

    /** The weight used in the minute of {@code nowMs}, as far as known (0 in a new minute). */
    public long used(long nowMs) {
        long v = view.get();
        return (v >>> 32) >= nowMs / MINUTE_MS ? v & COUNT_MASK : 0;
    }

    /** The per-minute REQUEST_WEIGHT limit of exchangeInfo's {@code rateLimits} (at each read). */
    public void limitFromExchangeInfo(long limit) {
        if (limit > 0) exchangeInfoLimit = limit;
    }

    /** The per-minute REQUEST_WEIGHT limit of a WebSocket API reply's {@code rateLimits}. */
    public void limitFromApi(long limit) {
        if (limit > 0 && limit != apiLimit) apiLimit = limit;
    }

    /** The lowest limit stated (0: none yet). */
    public long limit() {
        long a = exchangeInfoLimit;
        long b = apiLimit;
        return a <= 0 ? b : b <= 0 ? a : Math.min(a, b);
    }

    /** What the throttle lets the minute's count reach: the limit less the headroom (0: no limit known). */
    public long allowed() {
        long limit = limit();
        return limit <= 0 ? 0 : (long) Math.floor(limit * (1 - headroom));
    }

    /**
     * Milliseconds until a request of {@code weight} may go at {@code nowMs}: 0 when the minute's
     * count plus it stays within {@link #allowed}, else the time to the next minute. A request
     * heavier than the allowance itself goes at the start of a minute (waiting would not help);
     * no limit known: 0.
     */
    /**
     * Until when (epoch ms) the IP is banned (418) or told to wait (429 with a time) on either
     * connection: Binance counts both per IP, and a request during a ban prolongs it, so the
     * other connection keeps quiet too. Only ever moves later. Any thread.
     */
    public void quietUntil(long epochMs) {
        quietUntilMs.accumulateAndGet(epochMs, Math::max);
    }

    /** {@return the end of the IP's ban or wait told by either connection (epoch ms), 0 for none} */
    public long quietUntilMs() {
        return quietUntilMs.get();
    }

    public long waitMs(long weight, long nowMs) {
        long allowed = allowed();
        if (allowed <= 0) return 0;
        long used = used(nowMs);
        if (used == 0 || used + weight <= allowed) return 0;
        return MINUTE_MS - Math.floorMod(nowMs, MINUTE_MS);
    }

    /**
     * A request is held until {@code untilMs} (the end of the minute): counted; true for the first
     * request held in that minute (the caller says it once, in the log), false for the others.
     */
    public boolean held(long untilMs) {
        while (true) {
            long before = heldUntilMs.get();
            if (before >= untilMs) return false;
            if (heldUntilMs.compareAndSet(before, untilMs)) {
                holds.incrementAndGet();
                return true;
            }
        }
    }

    /** Minutes in which at least one request was held. */
    public long holds() {
        return holds.get();
    }

    /** True when a request was held in the minute of {@code nowMs} (it goes in the next). */
    public boolean holding(long nowMs) {
        return heldUntilMs.get() > nowMs;
    }

    /** For flox:binance (allocates): "1170/1200 this minute (REST requests wait past 1080); held in 1 minute(s), holding now". */
    public String describe(long nowMs) {
        long limit = limit();
        StringBuilder sb = new StringBuilder().append(used(nowMs)).append('/');
        if (limit > 0) sb.append(limit).append(" this minute (REST requests wait past ").append(allowed()).append(')');
        else sb.append("? this minute (no limit stated yet: nothing held)");
        sb.append("; held in ").append(holds()).append(" minute(s)");
        if (holding(nowMs)) sb.append(", HOLDING REST requests until the next minute");
        return sb.toString();
    }
}
