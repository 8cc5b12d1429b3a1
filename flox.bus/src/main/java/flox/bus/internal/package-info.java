/**
 * The buses' implementation, private to the bundle (plugins import only flox.api): the ring in
 * {@code ring}, the engines and their delivery in {@code delivery}, the OSGi components,
 * metatype and shell command in {@code component}; {@link flox.bus.internal.StandaloneBuses}
 * builds buses outside OSGi (benchmarks, tests).
 */
package flox.bus.internal;
