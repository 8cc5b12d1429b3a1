package flox.api.lifecycle;

/** State of the host as a whole. */
public enum LifecycleState {
    /** Participants are being collected; nothing started yet. */
    CREATED,
    LAUNCHING,
    RUNNING,
    STOPPING,
    STOPPED
}
