/**
 * The lifecycle contract: launch and shutdown phases, participants, coordinator view.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package flox.api.lifecycle;
