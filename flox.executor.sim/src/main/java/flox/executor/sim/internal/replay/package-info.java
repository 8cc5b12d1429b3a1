/**
 * Replay of recorded Binance spot market data (hftbacktest and cryptofeed recordings, see
 * ../shared/data/SOURCES.md): line and frame decoding with Jackson's streaming parser straight
 * into fixed-point flyweights, and the venue's diff-depth synchronisation (buffer diffs until
 * a snapshot, drop stale ones, require contiguity, report gaps). Private package.
 */
package flox.executor.sim.internal.replay;
