/**
 * Simulated exchange: matching engine, order executor, synthetic and recorded market data.
 *
 * <p>Not implemented yet: this bundle is built empty until issue #5 lands. Private
 * package; plugins import only flox.api.
 */
package flox.executor.sim.internal;
