/**
 * The bus contract: publishers, whiteboard subscribers and their service properties. The host
 * implements the buses; plugins publish through them and register subscribers, and a refusal
 * to publish is a {@link flox.api.bus.BusResult} code, never an exception.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package flox.api.bus;
