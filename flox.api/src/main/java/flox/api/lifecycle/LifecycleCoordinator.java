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
    LifecycleState state();

    /** Participants in launch order. */
    List<ParticipantStatus> participants();

    /**
     * Runs the shutdown sequence now and waits for it, at most {@code timeoutMs}.
     *
     * @return true if every participant stopped in time
     */
    boolean shutdown(long timeoutMs);
}
