/**
 * Plugin roles: exchange connectors, order executors, strategies and risk checks, the state
 * handover of a strategy swapped at run time, and the one rule by which executors report
 * ({@link flox.api.plugin.ExecutionReports}). A plugin registers its role as an OSGi service
 * (a DS component); connectors, executors and strategies are lifecycle participants, started
 * in their phase.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("2.0.0")
package flox.api.plugin;
