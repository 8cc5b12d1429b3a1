/**
 * Symbols: dense int ids, instrument metadata on fixed-point scales, and the registry.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.symbol;
