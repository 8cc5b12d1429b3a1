/**
 * The bus contract: publishers, whiteboard subscribers and their service properties.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package flox.api.bus;
