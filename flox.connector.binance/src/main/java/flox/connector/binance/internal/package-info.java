/**
 * Binance spot connector: WebSocket market data and REST / WS-API order entry.
 *
 * <p>Not implemented yet: this bundle is built empty until its issue lands (none filed yet). Private
 * package; plugins import only flox.api.
 */
package flox.connector.binance.internal;
