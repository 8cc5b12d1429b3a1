package flox.connector.binance.internal.live;

import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongUnaryOperator;

/**
 * The wait before a reconnect: exponential from the configured first wait, doubled per failed
 * attempt up to the maximum, with "equal jitter" (half the step fixed, half uniformly random), so
 * connections dropped together do not come back together. A connect that succeeds starts over.
 * Used by one connection's threads one at a time (the caller serializes); allocates nothing.
 */
final class ReconnectBackoff {
    private final long firstMs;
    private final long maxMs;
    /** Given a bound, a uniform random value in [0, bound). */
    private final LongUnaryOperator random;
    private int failures;

    ReconnectBackoff(long firstMs, long maxMs) {
        this(firstMs, maxMs, bound -> ThreadLocalRandom.current().nextLong(bound));
    }

    /** {@code random}: a uniform value in [0, bound) for a bound of at least 1 (tests pass a seeded one). */
    ReconnectBackoff(long firstMs, long maxMs, LongUnaryOperator random) {
        this.firstMs = firstMs;
        this.maxMs = maxMs;
        this.random = random;
    }

    /** The wait before the next attempt (ms), in [step / 2, step] where step doubles per failure up to the maximum. */
    long nextWaitMs() {
        long step = Math.min(maxMs, firstMs << Math.min(failures, 20));
        failures++;
        return step / 2 + random.applyAsLong(step / 2 + 1);
    }

    /** A connection was made: the next loss waits the first step again. */
    void connected() {
        failures = 0;
    }

    /** Attempts failed since the last connection. */
    int failures() {
        return failures;
    }
}
