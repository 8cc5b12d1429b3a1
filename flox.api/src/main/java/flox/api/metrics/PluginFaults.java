package flox.api.metrics;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Where host components report a fault of a plugin they found at run time (a bus subscriber that
 * throws, a participant whose start failed), so {@code flox:plugins} shows it beside the bundle and
 * the log has it once. Implemented by the host; reporters look it up as an optional service.
 *
 * <p>Thread-safe. Not for hot paths: callers report rate-limited (e.g. the first fault and then at
 * most once a second), and a call may allocate.
 */
@ProviderType
public interface PluginFaults {
    /**
     * Records the latest fault of bundle {@code bundleId} found by {@code source}.
     *
     * @param bundleId the plugin bundle (the one that registered the faulty service)
     * @param source   what found it, e.g. "market-data bus subscriber example.strategy"
     * @param fault    what is wrong, e.g. "threw 1,234 times; last: IllegalStateException: boom"
     */
    void report(long bundleId, String source, String fault);
}
