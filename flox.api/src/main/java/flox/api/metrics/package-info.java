/**
 * Metrics the host shows: plugins contribute to the live status line and to the summary printed
 * at exit.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package flox.api.metrics;
