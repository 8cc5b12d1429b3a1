/**
 * Orders: request flyweight, order state view, the tracker and its result codes.
 */
@org.osgi.annotation.bundle.Export
@org.osgi.annotation.versioning.Version("1.2.0")
package flox.api.order;
