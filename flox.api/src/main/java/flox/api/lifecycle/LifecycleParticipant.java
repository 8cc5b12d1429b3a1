package flox.api.lifecycle;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A component the host starts and stops in order. Register it as an OSGi service (buses,
 * connectors, strategies and executors do so through their role interfaces); the lifecycle
 * coordinator starts it in its phase, or at once if it arrives after that phase has run, and
 * stops it in the shutdown order.
 *
 * <p>{@link #start()} and {@link #stop()} are called from the coordinator's thread, never
 * concurrently with each other for one participant, so implementations need no locking between
 * start and stop (but must publish state safely to their own worker threads). They may block
 * briefly and may allocate.
 * An exception from {@code start()} marks the participant failed and is reported; the others
 * are started regardless.
 */
@ConsumerType
public interface LifecycleParticipant {
    /**
     * Called once, when the participant arrives; role interfaces answer it by default.
     *
     * @return the phase the participant starts and stops in; never null (null marks it failed)
     */
    LifecyclePhase phase();

    /** {@return the name shown in status and logs; the class's simple name by default} */
    default String name() {
        return getClass().getSimpleName();
    }

    /**
     * Starts the participant: buses begin fan-out, connectors connect, strategies begin deciding,
     * executors accept orders. Should return promptly; long work (a connection) goes to the
     * participant's own thread.
     *
     * @throws Exception on failure: the participant is marked failed, the others still start
     */
    void start() throws Exception;

    /**
     * Stops gracefully: buses stop fan-out, strategies stop deciding, connectors disconnect,
     * executors finish in-flight work. Should return within a few seconds.
     *
     * @throws Exception on failure: the participant is marked failed, the others still stop
     */
    void stop() throws Exception;
}
