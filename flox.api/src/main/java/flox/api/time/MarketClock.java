package flox.api.time;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's clock when it follows a replayed market's recorded time instead of the machine's
 * (the host started with the framework property {@code flox.clock=market}, as {@code ./flox run
 * --replay} and {@code ./flox backtest} start it). The host registers it besides
 * {@link NanoClock}, as the same object: {@link #nanoTime()} and {@link #epochNanos()} both
 * return the recorded time (epoch nanoseconds) the replay last advanced to, so strategies'
 * timers, risk's order rate and the simulated venue's stamps run on market time, and a replay
 * gives the same orders at any speed. Before the first {@link #advanceTo} both return the start
 * the host was given, or 0.
 *
 * <p>One writer (the replay's thread) advances it; any thread reads it. No allocation.
 */
@ProviderType
public interface MarketClock extends NanoClock {
    /**
     * Moves the market's time to {@code recordedEpochNs}; an earlier time leaves it where it is
     * (time never goes back). Called by the replay before it publishes each event.
     *
     * @param recordedEpochNs the event's recorded time, nanoseconds since the Unix epoch
     */
    void advanceTo(long recordedEpochNs);
}
