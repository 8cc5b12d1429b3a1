/**
 * Binance's exchangeInfo as registry definitions (issue 14 item 2). Private package; no DS components.
 */
package flox.connector.binance.internal.symbols;
