/**
 * Benchmarks of the Flox market-data bus side by side with the LMAX Disruptor 4.0.0 (SINGLE
 * producer for one publisher, MULTI as its own row and for two publishers; same ring size,
 * same payload copied in, same wait-strategy family) and of its sync mode beside a plain loop:
 * {@link flox.bench.bus.BusThroughputBenchmark} (JMH, events/s, {@code -prof gc}),
 * {@link flox.bench.bus.BusLatency} (one-hop latency percentiles from intended start times,
 * HdrHistogram) and {@link flox.bench.bus.BusReport} (the markdown summary). Run them all with
 * {@code ./flox bench bus}.
 */
package flox.bench.bus;
