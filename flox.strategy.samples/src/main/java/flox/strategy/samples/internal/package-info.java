/**
 * Sample strategies, aggregators and metric collectors.
 *
 * <p>Not implemented yet: this bundle is built empty until issue #5 lands. Private
 * package; plugins import only flox.api.
 */
package flox.strategy.samples.internal;
