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

    enum Kind { DISCONNECT, SEQUENCE_GAP, STALE_SNAPSHOT, SLOW_SNAPSHOT, RATE_LIMITED_429, BANNED_418, MALFORMED_FRAME, SERVER_SHUTDOWN }

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
     * Send {@code {"e":"serverShutdown","E":<ms>}} to every stream connection, then close them with
     * 1001 (going away) after {@code closeAfterMs} (negative: leave them open).
     */
    record ServerShutdown(long closeAfterMs) implements Fault {
        public Kind kind() { return Kind.SERVER_SHUTDOWN; }
    }

    static Fault disconnect(int code) { return new Disconnect(code, "fake: scripted disconnect"); }
    static Fault sequenceGap(String symbol) { return new SequenceGap(symbol); }
    static Fault staleSnapshot() { return new StaleSnapshot(); }
    static Fault slowSnapshot(long delayMs) { return new SlowSnapshot(delayMs); }
    static Fault rateLimited(int retryAfterSeconds) { return new RateLimited(retryAfterSeconds); }
    static Fault banned(int retryAfterSeconds) { return new Banned(retryAfterSeconds); }
    static Fault malformedFrame(Malformation how) { return new MalformedFrame(how); }
    static Fault serverShutdown(long closeAfterMs) { return new ServerShutdown(closeAfterMs); }
}
