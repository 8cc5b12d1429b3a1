package flox.executor.sim.internal.matching;

/**
 * Receives commands released by {@link DelayedCommandRing#drain}. Called on the draining
 * thread; {@code command} is a ring slot, valid only during the call. Should not allocate (the
 * submission hot path).
 */
@FunctionalInterface
public interface SimCommandHandler {
    void onCommand(SimCommand command);
}
