/**
 * Metrics the host shows: plugins contribute to the live status line and to the summary printed
 * at exit ({@link flox.api.metrics.StatusContributor}), and host components report the faults
 * they find in plugins ({@link flox.api.metrics.PluginFaults}).
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.metrics;
