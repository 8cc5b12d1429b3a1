/**
 * Order books built from market data: a fixed-point L2 book that connectors, the simulated
 * exchange and strategies share.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.1.0")
package flox.api.book;
