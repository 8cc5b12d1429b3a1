/**
 * {@code ./flox book-check} (issue 14 item 10): recorded books checked against the venue's
 * bookTicker through the connector's own feed code, without network or OSGi. Private package.
 */
package flox.connector.binance.internal.bookcheck;
