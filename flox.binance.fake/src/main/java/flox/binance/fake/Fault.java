package flox.binance.fake;

/**
 * A scripted fault for {@link FakeBinance#fault} (now) or {@link FakeBinance#faultAfterFrame}
 * (once frame k has been played). Stream faults act on the next frame that qualifies, REST faults
 * on the next reply that qualifies; each is counted in {@link FakeBinance#faultsFired} when it
 * takes effect.
 */
public sealed interface Fault {
    /** The kind, for counting. */
    Kind kind();

    enum Kind {
        DISCONNECT, SEQUENCE_GAP, STALE_SNAPSHOT, SLOW_SNAPSHOT, RATE_LIMITED_429, BANNED_418, MALFORMED_FRAME, SERVER_SHUTDOWN,
        API_OUTCOME_UNKNOWN, API_INSUFFICIENT_BALANCE, API_FILTER_FAILURE, API_RATE_LIMITED_429, API_BANNED_418, API_DISCONNECT, API_STOP_READING,
        USER_DATA_DUPLICATE, USER_DATA_FILL_BEFORE_NEW, USER_DATA_MALFORMED_FILL, CANCEL_REPLACE_RACED_BY_FILL
    }

    /** How a malformed frame is broken: cut in half, or its opening brace replaced by {@code <}. */
    enum Malformation { TRUNCATED, NOT_JSON }

    /** Close every stream connection with {@code code} (a WebSocket close code) and {@code reason}. */
    record Disconnect(int code, String reason) implements Fault {
        public Kind kind() { return Kind.DISCONNECT; }
    }

    /** Drop the next diff of {@code symbol} (BTCUSDT) on the wire; the fake's own book still applies it. */
    record SequenceGap(String symbol) implements Fault {
        public Kind kind() { return Kind.SEQUENCE_GAP; }
    }

    /** The next depth reply is the book of {@code FakeBinance.Builder#staleLagDiffs} diffs ago. */
    record StaleSnapshot() implements Fault {
        public Kind kind() { return Kind.STALE_SNAPSHOT; }
    }

    /** The next depth reply is taken at once and sent {@code delayMs} later. */
    record SlowSnapshot(long delayMs) implements Fault {
        public Kind kind() { return Kind.SLOW_SNAPSHOT; }
    }

    /** The next REST reply is 429 with {@code Retry-After: retryAfterSeconds}. */
    record RateLimited(int retryAfterSeconds) implements Fault {
        public Kind kind() { return Kind.RATE_LIMITED_429; }
    }

    /** The next REST reply is 418 (IP banned) with {@code Retry-After: retryAfterSeconds}. */
    record Banned(int retryAfterSeconds) implements Fault {
        public Kind kind() { return Kind.BANNED_418; }
    }

    /** The next frame sent to any client is broken as {@code how}; its diff still counts in the fake's book. */
    record MalformedFrame(Malformation how) implements Fault {
        public Kind kind() { return Kind.MALFORMED_FRAME; }
    }

    /**
     * Send {@code {"stream":"!serverShutdown","data":{"e":"serverShutdown","E":<ms>}}} (as the streams
     * doc shows it on a combined stream) to every stream connection, then close them with
     * 1001 (going away) after {@code closeAfterMs} (negative: leave them open).
     */
    record ServerShutdown(long closeAfterMs) implements Fault {
        public Kind kind() { return Kind.SERVER_SHUTDOWN; }
    }

    /**
     * WebSocket API: the next request is answered {@code status} with {@code code} and {@code msg}
     * (execution status unknown). {@code executed}: the request still takes effect (an order is
     * placed, its user-data events are sent); otherwise it is dropped.
     */
    record ApiOutcomeUnknown(int status, int code, String msg, boolean executed) implements Fault {
        public Kind kind() { return Kind.API_OUTCOME_UNKNOWN; }
    }

    /** WebSocket API: the next new order (order.place, or cancelReplace's new order) is rejected -2010, insufficient balance. */
    record ApiInsufficientBalance() implements Fault {
        public Kind kind() { return Kind.API_INSUFFICIENT_BALANCE; }
    }

    /**
     * WebSocket API: the next new order (order.place, or cancelReplace's new order) that passes the
     * fake's own checks is refused 400, -1013 "Filter failure: {@code filterType}" before anything
     * happens to it (no order is made, no event sent; a cancelReplace cancels nothing), as when
     * the venue's filters changed after the client read exchangeInfo.
     */
    record ApiFilterFailure(String filterType) implements Fault {
        public ApiFilterFailure {
            if (filterType == null || filterType.isBlank()) throw new IllegalArgumentException("a filter failure names its filter type");
        }

        public Kind kind() { return Kind.API_FILTER_FAILURE; }
    }

    /**
     * WebSocket API: the next request ({@code method} null) or the next one of {@code method} is
     * answered 429, -1003, {@code data.retryAfter} = now + {@code retryAfterMs}.
     */
    record ApiRateLimited(long retryAfterMs, String method) implements Fault {
        ApiRateLimited(long retryAfterMs) {
            this(retryAfterMs, null);
        }

        public Kind kind() { return Kind.API_RATE_LIMITED_429; }
    }

    /** WebSocket API: the next request is answered 418 (IP banned), -1003, {@code data.retryAfter} = now + {@code retryAfterMs}. */
    record ApiBanned(long retryAfterMs) implements Fault {
        public Kind kind() { return Kind.API_BANNED_418; }
    }

    /** WebSocket API: close every API connection with {@code code} (user-data subscriptions end with it). */
    record ApiDisconnect(int code, String reason) implements Fault {
        public Kind kind() { return Kind.API_DISCONNECT; }
    }

    /**
     * WebSocket API: the connection that carries the next request stops reading. That request and
     * every later one on it are never handled; once the socket's buffers are full (see
     * {@link FakeBinance.Builder#apiReceiveBufferBytes}) the client's sends stop completing, as with
     * a venue or a network path that stalls. The connection reads again (and drops what it reads)
     * after {@code stallMs} or when the fake closes.
     */
    record ApiStopReading(long stallMs) implements Fault {
        public Kind kind() { return Kind.API_STOP_READING; }
    }

    /** User data: the next event is sent twice to each subscription. */
    record UserDataDuplicate() implements Fault {
        public Kind kind() { return Kind.USER_DATA_DUPLICATE; }
    }

    /**
     * User data: the next order's NEW executionReport is held back and sent right after that
     * order's next event (its first fill, or its cancel), so the client sees them reordered.
     */
    record UserDataFillBeforeNew() implements Fault {
        public Kind kind() { return Kind.USER_DATA_FILL_BEFORE_NEW; }
    }

    /** User data: the next fill's executionReport is sent cut in half (unreadable); the order is filled at the fake all the same. */
    record UserDataMalformedFill() implements Fault {
        public Kind kind() { return Kind.USER_DATA_MALFORMED_FILL; }
    }

    /**
     * WebSocket API: the next {@code order.cancelReplace} that passes its filters and names a
     * resting order (open and working) finds that order filled, as a maker at its own price, by
     * {@code fillQuantityScaled} (1e-8 units; completely when that reaches what is left of it)
     * before the request reaches it, as when a fill races the cancel at the venue. The fill's
     * TRADE executionReport is sent first (it happened first), then the request is handled as
     * Binance handles it then: a partial fill leaves the order open, so it is canceled (CANCELED,
     * {@code z} including the raced fill) and the new order placed (NEW, the quantity as
     * requested), the reply a success; a complete fill leaves nothing to cancel, so the reply is
     * -2022 with {@code cancelResult} FAILURE ({@code cancelResponse} -2011 "Unknown order sent.")
     * and, with STOP_ON_FAILURE, {@code newOrderResult} NOT_ATTEMPTED. Counted when the fill is made.
     */
    record CancelReplaceRacedByFill(long fillQuantityScaled) implements Fault {
        public CancelReplaceRacedByFill {
            if (fillQuantityScaled <= 0) throw new IllegalArgumentException("a raced fill needs a positive quantity: " + fillQuantityScaled);
        }

        public Kind kind() { return Kind.CANCEL_REPLACE_RACED_BY_FILL; }
    }

    static Fault disconnect(int code) { return new Disconnect(code, "fake: scripted disconnect"); }
    static Fault sequenceGap(String symbol) { return new SequenceGap(symbol); }
    static Fault staleSnapshot() { return new StaleSnapshot(); }
    static Fault slowSnapshot(long delayMs) { return new SlowSnapshot(delayMs); }
    static Fault rateLimited(int retryAfterSeconds) { return new RateLimited(retryAfterSeconds); }
    static Fault banned(int retryAfterSeconds) { return new Banned(retryAfterSeconds); }
    static Fault malformedFrame(Malformation how) { return new MalformedFrame(how); }
    static Fault serverShutdown(long closeAfterMs) { return new ServerShutdown(closeAfterMs); }
    /** 503 with -1001 (Binance: a 5XX does not mean the request failed). */
    static Fault apiServerError(boolean executed) {
        return new ApiOutcomeUnknown(503, -1001, "Internal error; unable to process your request. Please try again.", executed);
    }
    /** -1007; the status the venue pairs it with is not documented, the fake says 408. */
    static Fault apiTimeout(boolean executed) {
        return new ApiOutcomeUnknown(408, -1007, "Timeout waiting for response from backend server. Send status unknown; execution status unknown.", executed);
    }
    static Fault apiInsufficientBalance() { return new ApiInsufficientBalance(); }
    static Fault apiFilterFailure(String filterType) { return new ApiFilterFailure(filterType); }
    static Fault apiRateLimited(long retryAfterMs) { return new ApiRateLimited(retryAfterMs); }
    static Fault apiBanned(long retryAfterMs) { return new ApiBanned(retryAfterMs); }
    static Fault apiDisconnect(int code) { return new ApiDisconnect(code, "fake: scripted API disconnect"); }
    static Fault apiStopReading(long stallMs) { return new ApiStopReading(stallMs); }
    static Fault userDataDuplicate() { return new UserDataDuplicate(); }
    static Fault userDataFillBeforeNew() { return new UserDataFillBeforeNew(); }
    static Fault userDataMalformedFill() { return new UserDataMalformedFill(); }
    static Fault cancelReplaceRacedByFill(long fillQuantityScaled) { return new CancelReplaceRacedByFill(fillQuantityScaled); }
}
