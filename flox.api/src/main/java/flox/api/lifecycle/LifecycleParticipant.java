package flox.api.lifecycle;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component the host starts and stops in order. Register it as an OSGi service (buses,
 * connectors, strategies and executors do so through their role interfaces); the lifecycle
 * coordinator starts it in its phase, or at once if it arrives after that phase has run, and
 * stops it in the shutdown order.
 *
 * <p>{@link #start()} and {@link #stop()} are called from the coordinator's thread, never
 * concurrently with each other for one participant. They may block briefly and may allocate; so implementations need no locking between
 * start and stop; they need not be thread-safe for those calls (but must publish state safely
 * to their own worker threads).
 * An exception from {@code start()} marks the participant failed and is reported; the others
 * are started regardless.
 */
@ConsumerType
public interface LifecycleParticipant {
    LifecyclePhase phase();

    /** Name shown in status and logs. */
    default String name() {
        return getClass().getSimpleName();
    }

    void start() throws Exception;

    /**
     * Stops gracefully: buses stop fan-out, strategies stop deciding, connectors disconnect,
     * executors finish in-flight work. Should return within a few seconds.
     */
    void stop() throws Exception;
}
