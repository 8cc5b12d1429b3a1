/**
 * JMH benchmarks of Flox. Each benchmark class runs a conventional baseline in the same run;
 * compare ratios, not absolute times. Run with {@code -prof gc} and read gc.alloc.rate.norm.
 */
package flox.bench;
