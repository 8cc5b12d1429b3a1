/**
 * Benchmarks of the Flox market-data bus side by side with the LMAX Disruptor 4.0.0 configured
 * equivalently (multi-producer, same ring size, same payload copied in, same wait-strategy
 * family): {@link flox.bench.bus.BusThroughputBenchmark} (JMH, events/s, {@code -prof gc}),
 * {@link flox.bench.bus.BusLatency} (one-hop latency percentiles, HdrHistogram) and
 * {@link flox.bench.bus.BusReport} (the markdown summary). Run them all with
 * {@code ./flox bench bus}.
 */
package flox.bench.bus;
