/**
 * Fixed-point arithmetic helpers for scaled long prices and quantities.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.num;
