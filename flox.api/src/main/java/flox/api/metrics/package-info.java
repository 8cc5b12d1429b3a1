/**
 * Metrics the host shows: plugins contribute to the live status line and to the summary printed
 * at exit, and the faults they find in plugins.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.metrics;
