/**
 * Binance spot connector: WebSocket market data and REST / WS-API order entry.
 *
 * <p>In progress (issue 14): the sub-packages hold request signing ({@code sign}), exchangeInfo
 * symbols ({@code symbols}), the feed code the sim embeds ({@code feed}) and {@code ./flox
 * book-check} ({@code bookcheck}); no DS component yet, so the bundle registers nothing. Private
 * packages; plugins import only flox.api.
 */
package flox.connector.binance.internal;
