/**
 * Plugin roles: exchange connectors, order executors, strategies and risk checks, and the
 * state handover of a strategy swapped at run time.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package flox.api.plugin;
