/**
 * The simulated venue's matching engine: one {@link flox.executor.sim.internal.matching.SimMatchingEngine}
 * per symbol matches the host's orders against the external market book
 * ({@link flox.executor.sim.internal.matching.MarketLevels}) and reports every outcome as an
 * execution report. Plain Java, single-threaded, zero allocation in steady state; the executor
 * component owns the thread, the latency ({@link flox.executor.sim.internal.matching.DelayedCommandRing})
 * and the wiring to the tracker and the execution bus.
 *
 * <p>Private package: not exported.
 */
package flox.executor.sim.internal.matching;
