package flox.api.lifecycle;

/**
 * Immutable snapshot of one participant's status. Thread-safe; created on status queries only.
 */
public final class ParticipantStatus {
    private final String name;
    private final LifecyclePhase phase;
    private final ParticipantState state;
    private final String error;
    private final long bundleId;

    /**
     * Creates a snapshot; made by the host's coordinator.
     *
     * @param name     the participant's {@link LifecycleParticipant#name()}
     * @param phase    its phase, or null when it could not be read
     * @param state    its state
     * @param error    the failure, or null
     * @param bundleId the bundle that registered it, or -1
     */
    public ParticipantStatus(String name, LifecyclePhase phase, ParticipantState state, String error, long bundleId) {
        this.name = name;
        this.phase = phase;
        this.state = state;
        this.error = error;
        this.bundleId = bundleId;
    }

    /** {@return the participant's name, as in status and logs} */
    public String name() { return name; }
    /** {@return the participant's phase; null when {@code phase()} threw or returned null (then FAILED)} */
    public LifecyclePhase phase() { return phase; }
    /** {@return the participant's state when the snapshot was taken} */
    public ParticipantState state() { return state; }
    /** {@return the failure, or null} */
    public String error() { return error; }
    /** {@return the bundle that registered the participant, or -1} */
    public long bundleId() { return bundleId; }

    @Override
    public String toString() {
        return name + ' ' + phase + ' ' + state + (error != null ? " (" + error + ')' : "");
    }
}
