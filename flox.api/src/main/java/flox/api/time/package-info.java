/**
 * Clocks, injectable so tests run on fake time.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.0.0")
package flox.api.time;
