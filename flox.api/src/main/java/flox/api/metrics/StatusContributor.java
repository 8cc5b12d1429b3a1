package flox.api.metrics;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A plugin's part of the host's status: register it as an OSGi service (whiteboard) and the
 * host appends {@link #statusFragment()} to its live status line and prints
 * {@link #summaryTable()} when it exits (after the lifecycle shutdown, while plugins are still
 * installed). Contributors are shown in service-ranking order, then in order of registration.
 *
 * <p>Called from the host's status thread (about once a status interval), from the shell
 * ({@code flox:status}) and once at exit, possibly concurrently: implementations must be
 * thread-safe. These are cold paths: they may allocate, but should return within milliseconds
 * and must not block on the hot paths. An exception is caught and reported by the host and the
 * contributor is left out of that line.
 */
@ConsumerType
public interface StatusContributor {
    /**
     * Called about once a status interval and by {@code flox:status}.
     *
     * @return a short text for the status line, e.g. {@code "orders 12 fills 3"}; empty to show nothing
     */
    String statusFragment();

    /**
     * Called once at exit.
     *
     * @return a multi-line table to print; empty to print nothing
     */
    String summaryTable();
}
