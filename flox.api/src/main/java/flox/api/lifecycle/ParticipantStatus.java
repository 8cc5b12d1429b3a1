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

    public ParticipantStatus(String name, LifecyclePhase phase, ParticipantState state, String error, long bundleId) {
        this.name = name;
        this.phase = phase;
        this.state = state;
        this.error = error;
        this.bundleId = bundleId;
    }

    public String name() { return name; }
    public LifecyclePhase phase() { return phase; }
    public ParticipantState state() { return state; }
    /** The failure, or null. */
    public String error() { return error; }
    /** Bundle that registered the participant, or -1. */
    public long bundleId() { return bundleId; }

    @Override
    public String toString() {
        return name + ' ' + phase + ' ' + state + (error != null ? " (" + error + ')' : "");
    }
}
