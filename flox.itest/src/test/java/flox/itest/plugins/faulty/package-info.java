/**
 * Faulty plugins for {@code FaultyPluginsInFrameworkTest}: plain classes, no DS annotations, so
 * they never activate inside the test bundle. The test packs each with a hand-written DS XML into
 * a plugin jar and drops it into the watched plugins directory; there the plugin's own class
 * loader loads its copy.
 */
package flox.itest.plugins.faulty;
