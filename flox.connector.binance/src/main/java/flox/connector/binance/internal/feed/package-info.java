/**
 * Binance's public streams as Flox events (issue 14 item 0): the frame decoder (Jackson's
 * streaming parser into flyweights), the documented depth sync, the bookTicker cross-check and
 * the reader of recordings (hftbacktest and cryptofeed formats) with its statistics. Private
 * package with no DS components: the connector uses it, and flox.executor.sim embeds it for its
 * replay.
 */
package flox.connector.binance.internal.feed;
