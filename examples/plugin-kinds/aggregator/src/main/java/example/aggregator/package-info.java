/**
 * An example Flox aggregator plugin: VWAP and volume of public trades per symbol, shown on the
 * status line. Private to the bundle (nothing is exported); everything it uses comes from
 * {@code flox.api}.
 */
package example.aggregator;
