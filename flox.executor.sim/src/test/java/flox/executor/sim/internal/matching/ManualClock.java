package flox.executor.sim.internal.matching;

import flox.api.time.NanoClock;

/** A clock tests move by hand. */
final class ManualClock implements NanoClock {
    static final long EPOCH_OFFSET_NS = 1_767_225_600_000_000_000L; // 2026-01-01

    long nowNs = 1_000;

    @Override
    public long nanoTime() {
        return nowNs;
    }

    @Override
    public long epochNanos() {
        return EPOCH_OFFSET_NS + nowNs;
    }

    void advance(long ns) {
        nowNs += ns;
    }
}
