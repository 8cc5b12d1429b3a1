/**
 * Plugin roles: exchange connectors, order executors, strategies and risk checks.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package flox.api.plugin;
