/**
 * Risk modules: limits and kill switch, in-line on the submission path.
 *
 * <p>Not implemented yet: this bundle is built empty until issue #5 lands. Private
 * package; plugins import only flox.api.
 */
package flox.risk.internal;
