package flox.executor.sim.internal.matching;

import flox.api.event.ExecutionEvent;

/**
 * Receives the engine's execution reports, in the order they happen. The executor applies each
 * to the order tracker and publishes it on the execution bus.
 *
 * <p>Called on the engine's thread. {@code report} is the engine's one reusable flyweight: valid
 * only during the call; copy what you keep. Must not call back into the engine, and should not
 * allocate (it runs on the execution-report hot path).
 */
@FunctionalInterface
public interface ExecutionSink {
    void onReport(ExecutionEvent report);
}
