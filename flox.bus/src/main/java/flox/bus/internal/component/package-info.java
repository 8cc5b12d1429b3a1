/** The buses as OSGi DS components: configuration (metatype) and the flox:buses command. Private to the bundle. */
package flox.bus.internal.component;
