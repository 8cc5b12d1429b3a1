package flox.core.time;

import flox.api.time.NanoClock;
import java.time.Instant;

/** The machine's clock: {@code System.nanoTime()} and the wall clock. Thread-safe; no allocation on {@link #nanoTime()}. */
public final class SystemNanoClock implements NanoClock {
    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    /** Allocates an Instant per call on JDK 17 (no allocation-free wall clock with ns resolution). */
    @Override
    public long epochNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
