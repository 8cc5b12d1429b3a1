/**
 * Replay of recorded Binance spot market data (hftbacktest and cryptofeed recordings, see
 * ../shared/data/SOURCES.md) as the SIM market: the DS component, its settings and the outcome
 * it reports. The decoding, depth sync and recording reader are flox.connector.binance's
 * (package flox.connector.binance.internal.feed, embedded). Private package.
 */
package flox.executor.sim.internal.replay;
