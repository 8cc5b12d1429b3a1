package flox.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PluginAllowListTest {
    @TempDir
    Path tmp;

    @Test
    void shouldParseACommaSeparatedListAndReportWhatIsNotASymbolicName() {
        Set<String> bad = new LinkedHashSet<>();
        assertEquals(List.of("com.example.a", "b-c_d"), List.copyOf(PluginAllowList.parse(" com.example.a, ,b-c_d ,", bad)));
        assertTrue(bad.isEmpty());
        PluginAllowList.parse("ok, not ok, x;y", bad);
        assertEquals(List.of("not ok", "x;y"), List.copyOf(bad));
        assertTrue(PluginAllowList.parse("", bad).isEmpty());
        assertTrue(PluginAllowList.parse(null, bad).isEmpty());
    }

    @Test
    void shouldTellPluginLocationsFromOthers() {
        Path dir = tmp.resolve("plugins");
        PluginAllowList p = new PluginAllowList(dir, Set.of());
        String abs = dir.toAbsolutePath().normalize().toString();
        assertTrue(p.isPlugin(dir.resolve("a.jar").toUri().toString()), "file: URI as FileInstall writes it");
        assertTrue(p.isPlugin("file:" + abs + "/a.jar"));
        assertTrue(p.isPlugin("reference:file:" + abs + "/a.jar"));
        assertTrue(p.isPlugin(abs + "/a.jar"));
        assertFalse(p.isPlugin("file:" + abs + "-other/a.jar"), "a sibling directory with the same prefix");
        assertFalse(p.isPlugin("file:" + tmp.toAbsolutePath() + "/a.jar"));
        assertFalse(p.isPlugin("reference:file:/opt/host/bundles/flox.core.jar"));
        assertFalse(p.isPlugin("System Bundle"));
        assertFalse(p.isPlugin(null));
        assertEquals(abs, p.directory());
    }

    @Test
    void shouldRefuseOnlyPluginsNotInANonEmptyList() {
        Path dir = tmp.resolve("plugins");
        String plugin = dir.resolve("x.jar").toUri().toString();
        PluginAllowList any = new PluginAllowList(dir, Set.of());
        assertFalse(any.refuses(plugin, "whatever"), "an empty list allows every plugin");
        PluginAllowList some = new PluginAllowList(dir, Set.of("com.example.good"));
        assertFalse(some.refuses(plugin, "com.example.good"));
        assertTrue(some.refuses(plugin, "com.example.bad"));
        assertTrue(some.refuses(plugin, null));
        assertFalse(some.refuses("file:/elsewhere/x.jar", "com.example.bad"), "bundles from elsewhere are not plugins");
    }
}
