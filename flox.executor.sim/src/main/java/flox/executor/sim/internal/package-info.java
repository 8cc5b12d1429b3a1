/**
 * Simulated exchange: matching engine, order executor, synthetic and recorded market data.
 *
 * <p>Issue #5 is under way: so far the replay of recorded Binance streams
 * ({@code internal.replay}). Private packages; plugins import only flox.api.
 */
package flox.executor.sim.internal;
