/**
 * Event flyweights published on the buses: book updates, trades, execution events.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.event;
