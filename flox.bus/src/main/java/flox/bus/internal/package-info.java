/**
 * Event buses (sync and async, JCTools/Agrona based) as OSGi services.
 *
 * <p>Not implemented yet: this bundle is built empty until issue #4 lands. Private
 * package; plugins import only flox.api.
 */
package flox.bus.internal;
