package flox.api.lifecycle;

/** State of one participant as the coordinator sees it.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum ParticipantState {
    /** Known, waiting for its phase. */
    WAITING,
    STARTING,
    RUNNING,
    /** start() or stop() threw; see {@link ParticipantStatus#error()}. */
    FAILED,
    STOPPING,
    STOPPED
}
