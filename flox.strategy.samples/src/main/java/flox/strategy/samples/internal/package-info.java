/**
 * Sample strategies, aggregators and metric collectors, written against flox.api only.
 * Private package (and sub-packages); nothing here is exported.
 *
 * <ul>
 * <li>{@code strategy}: the market maker and the momentum taker, and the threading shell they share.</li>
 * <li>{@code aggregate}: time and tick bars (OHLCV) and book statistics.</li>
 * <li>{@code metrics}: tick-to-trade and ack-latency histograms, positions and PnL, orders/fills/rejects, the
 * status-line contribution and the exit summary.</li>
 * <li>{@code shell}: Gogo commands.</li>
 * </ul>
 */
package flox.strategy.samples.internal;
