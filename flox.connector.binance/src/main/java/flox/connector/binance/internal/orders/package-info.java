/**
 * Binance order entry's pieces (issue 14 items 3 and 4): client ids and the user-data
 * executionReport decoder. Private package; no DS components.
 */
package flox.connector.binance.internal.orders;
