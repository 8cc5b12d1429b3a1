/**
 * Issue 14 item 12, {@code ./flox bench binance}: one Binance depthUpdate frame from its bytes
 * to the book update delivered on the market-data bus, through the live connector's
 * {@code MarketDataSession} ({@link flox.bench.binance.BinanceFeedBenchmark}), beside a Jackson
 * databind baseline doing the same work the conventional way
 * ({@link flox.bench.binance.DatabindFeed}: a tree or a POJO, a {@code TreeMap<BigDecimal,
 * BigDecimal>} book), on the same frames ({@link flox.bench.binance.DepthLap}), bus and
 * subscriber; {@link flox.bench.binance.BinanceReport} writes the summary, with the WebSocket
 * receive path's allocation as {@code ./flox bench ws} measured it.
 */
package flox.bench.binance;
