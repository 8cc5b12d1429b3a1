package flox.executor.sim.internal.matching;

/**
 * Deterministic id source of the simulated venue: exec ids and exchange order ids, each
 * increasing from 1. One instance is shared by all engines of an executor, so ids are unique
 * across its symbols and a replay with the same input yields the same ids.
 *
 * <p>Not thread-safe: used on the executor's thread only. No allocation.
 */
public final class SimIdSequence {
    private long lastExecId;
    private long lastExchangeOrderId;

    public long nextExecId() {
        return ++lastExecId;
    }

    public long nextExchangeOrderId() {
        return ++lastExchangeOrderId;
    }

    public long lastExecId() {
        return lastExecId;
    }
}
