package flox.api.lifecycle;

/** State of the host as a whole.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum LifecycleState {
    /** Participants are being collected; nothing started yet. */
    CREATED,
    LAUNCHING,
    RUNNING,
    STOPPING,
    STOPPED
}
