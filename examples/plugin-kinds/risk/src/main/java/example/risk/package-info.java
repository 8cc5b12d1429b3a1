/**
 * An example Flox risk-check plugin: refuses new orders on blocked symbols and above a quantity
 * cap. Private to the bundle (nothing is exported); everything it uses comes from {@code flox.api}.
 */
package example.risk;
