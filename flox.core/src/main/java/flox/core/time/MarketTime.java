package flox.core.time;

import flox.api.time.MarketClock;

/**
 * A replayed market's time ({@link MarketClock}): what the replay last advanced to, for both
 * monotonic and wall-clock readings. One writer (the replay's thread) advances it with a volatile
 * store; readers on any thread take a volatile load. No allocation.
 */
public final class MarketTime implements MarketClock {
    private volatile long nowNs;

    /** @param startEpochNs the time before the first {@link #advanceTo} (0: none known) */
    public MarketTime(long startEpochNs) {
        this.nowNs = startEpochNs;
    }

    @Override
    public void advanceTo(long recordedEpochNs) {
        if (recordedEpochNs > nowNs) nowNs = recordedEpochNs; // one writer: no lost update
    }

    @Override
    public long nanoTime() {
        return nowNs;
    }

    @Override
    public long epochNanos() {
        return nowNs;
    }
}
