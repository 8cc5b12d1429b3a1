package flox.api.lifecycle;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's lifecycle coordinator: launches participants phase by phase and shuts them down
 * in the reverse order described by {@link LifecyclePhase}.
 *
 * <p>Thread-safe. Queries allocate (snapshots) and are meant for tools, not hot paths.
 */
@ProviderType
public interface LifecycleCoordinator {
    /** {@return the state of the host as a whole} */
    LifecycleState state();

    /** {@return a new snapshot of every known participant, in launch order (by phase)} */
    List<ParticipantStatus> participants();

    /**
     * Runs the shutdown sequence now and waits for it, at most {@code timeoutMs}. The host also
     * runs it on its own when the framework stops or the JVM exits.
     *
     * @param timeoutMs how long to wait, milliseconds
     * @return true if every participant stopped in time
     */
    boolean shutdown(long timeoutMs);
}
