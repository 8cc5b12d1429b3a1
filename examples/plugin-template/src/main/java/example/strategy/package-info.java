/**
 * An example Flox strategy plugin: a mean-reversion taker on one symbol. Private to the bundle
 * (nothing is exported); everything it uses comes from {@code flox.api}.
 */
package example.strategy;
