package flox.core.time;

import flox.api.time.NanoClock;
import java.time.Instant;
import org.osgi.service.component.annotations.Component;

/** The host's {@link NanoClock}: {@code System.nanoTime()} and the wall clock. Thread-safe; no allocation on {@link #nanoTime()}. */
@Component(service = NanoClock.class)
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
