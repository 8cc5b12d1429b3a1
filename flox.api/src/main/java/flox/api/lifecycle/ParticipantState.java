package flox.api.lifecycle;

/** State of one participant as the coordinator sees it.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum ParticipantState {
    /** Known, waiting for its phase. */
    WAITING,
    /** {@code start()} is running. */
    STARTING,
    /** {@code start()} returned. */
    RUNNING,
    /**
     * {@code start()} or {@code stop()} threw, or {@code name()}/{@code phase()} threw or the phase
     * was null; see {@link ParticipantStatus#error()}.
     */
    FAILED,
    /** {@code stop()} is running. */
    STOPPING,
    /** {@code stop()} returned; it may be started again (a strategy after {@code flox:enable}). */
    STOPPED
}
