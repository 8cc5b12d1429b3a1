/** The preallocated broadcast ring and its two topologies (many-to-many, one-to-many). Private to the bundle. */
package flox.bus.internal.ring;
