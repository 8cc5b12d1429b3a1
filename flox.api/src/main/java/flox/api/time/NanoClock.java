package flox.api.time;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of time in nanoseconds. The host registers the system clock as a service;
 * tests and replays inject their own, so no component reads {@code System.nanoTime()} directly.
 *
 * <p>Implementations must be thread-safe; {@link #nanoTime()} must not allocate.
 */
@ConsumerType
public interface NanoClock {
    /** {@return monotonic nanoseconds, for measuring intervals and event receive times; not related to wall time} */
    long nanoTime();

    /** {@return wall-clock time as nanoseconds since the Unix epoch; may jump} */
    long epochNanos();
}
