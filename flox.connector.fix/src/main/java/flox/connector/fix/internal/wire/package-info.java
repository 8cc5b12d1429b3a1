/**
 * FIX tag=value read without allocation: a field index over a received message's text
 * ({@link flox.connector.fix.internal.wire.FixFields}), UTC timestamps and venue id strings as longs.
 * Private package.
 */
package flox.connector.fix.internal.wire;
