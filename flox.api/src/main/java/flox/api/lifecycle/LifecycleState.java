package flox.api.lifecycle;

/** State of the host as a whole.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum LifecycleState {
    /** Participants are being collected; nothing started yet. */
    CREATED,
    /** Starting participants phase by phase. */
    LAUNCHING,
    /** Every phase has been launched; participants arriving now start at once. */
    RUNNING,
    /** Running the shutdown sequence. */
    STOPPING,
    /** Shutdown done; nothing is started any more. */
    STOPPED
}
