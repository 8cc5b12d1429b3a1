/**
 * FIX 4.4 order entry: client order ids, execution reports into Flox's events, the order-entry
 * queue and sender. Private package; see docs/ARCHITECTURE.md, "FIX connector".
 */
package flox.connector.fix.internal.orders;
