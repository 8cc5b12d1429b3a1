package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * flox.plugins (issue 6 item 7): the host has FileInstall watch the configured directory only
 * when it is writable by its owner alone, and a plugin whose symbolic name is not in the
 * allow-list never resolves. FileInstall itself is not in this framework: the test installs
 * manifest-only bundles from locations in the directory, as FileInstall would.
 */
@Timeout(60)
class PluginsSecurityInFrameworkTest {
    static final String WATCH_PID = "org.apache.felix.fileinstall~flox-plugins";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    Path dir;
    Dictionary<String, Object> previous;
    final List<Bundle> installed = new ArrayList<>();
    LogCapture log;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory("flox-plugins");
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        previous = configAdmin.getConfiguration("flox.plugins", "?").getProperties();
        log = new LogCapture("flox.plugins");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Bundle b : installed) if (b.getState() != Bundle.UNINSTALLED) b.uninstall();
        Configuration c = configAdmin.getConfiguration("flox.plugins", "?");
        if (previous != null) {
            c.update(previous);
        } else if (c.getProperties() != null) {
            long seen = warnings("was deleted; keeping the last good configuration");
            c.delete();
            // the host keeps its last good configuration, saying so; an update racing with SCR's handling of the deletion could be lost
            Await.until("the deletion seen", 10_000, () -> warnings("was deleted; keeping the last good configuration") > seen, log::dump);
        }
        log.close();
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        try (var files = Files.list(dir)) {
            for (Path f : (Iterable<Path>) files::iterator) Files.delete(f);
        }
        Files.deleteIfExists(dir);
    }

    @Test
    void shouldWatchOnlyAPrivateDirectoryAndResolveOnlyAllowedPlugins() throws Exception {
        configure("flox.itest.plugin.good, flox.itest.plugin.broken");
        Await.until("the FileInstall watcher of " + dir, 10_000, () -> dir.toString().equals(watchedDir()), log::dump);
        Configuration watch = watchConfiguration();
        assertEquals(".*\\.jar", watch.getProperties().get("felix.fileinstall.filter"));
        assertEquals("true", watch.getProperties().get("felix.fileinstall.start.new.bundles"));

        Bundle good = install("good.jar", "flox.itest.plugin.good", null);
        Bundle bad = install("bad.jar", "flox.itest.plugin.bad", null);
        Bundle broken = install("broken.jar", "flox.itest.plugin.broken", "flox.itest.no.such.package");
        Bundle elsewhere = context.installBundle("file:/nonexistent/flox-itest/other.jar", jar("flox.itest.plugin.elsewhere", null));
        installed.add(elsewhere);
        wiring().resolveBundles(List.of(good, bad, broken, elsewhere));
        assertEquals(Bundle.RESOLVED, good.getState(), "an allowed plugin resolves");
        assertEquals(Bundle.INSTALLED, bad.getState(), "a plugin not in the allow-list never resolves");
        assertEquals(Bundle.INSTALLED, broken.getState(), "its import is missing");
        assertEquals(Bundle.RESOLVED, elsewhere.getState(), "bundles from other locations are not plugins");
        assertTrue(log.records.stream().map(LogRecord::getMessage).anyMatch(m -> m.equals("plugin flox.itest.plugin.bad (" + dir.resolve("bad.jar")
                + ") is not in the allow-list of flox.plugins; not started")), log.dump());
        wiring().resolveBundles(List.of(bad));
        assertEquals(1, log.records.stream().filter(r -> r.getMessage().startsWith("plugin flox.itest.plugin.bad ")).count(), "logged once");

        String listing = pluginsCommand();
        assertTrue(listing.contains(dir + " (watched)"), listing);
        assertTrue(lineOf(listing, "flox.itest.plugin.bad").contains("INSTALLED") && lineOf(listing, "flox.itest.plugin.bad").contains("not in the allow-list"), listing);
        assertTrue(lineOf(listing, "flox.itest.plugin.broken").contains("unresolved: missing osgi.wiring.package")
                && lineOf(listing, "flox.itest.plugin.broken").contains("flox.itest.no.such.package"), listing);
        assertTrue(lineOf(listing, "flox.itest.plugin.good").contains("RESOLVED"), listing);
        assertTrue(!listing.contains("flox.itest.plugin.elsewhere") && listing.endsWith("3 plugins"), listing);

        // allowed later: resolved (and started) at once
        configure("flox.itest.plugin.good,flox.itest.plugin.bad,flox.itest.plugin.broken");
        Await.until("the newly allowed plugin to resolve", 10_000, () -> bad.getState() == Bundle.ACTIVE || bad.getState() == Bundle.RESOLVED, log::dump);

        // a directory others may write to is refused, with the reason and the fix, and no longer watched
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxrwx"));
        configure("");
        Await.until("the watcher to be deleted", 10_000, () -> watchConfiguration() == null, log::dump);
        Await.until("the refusal in the log", 10_000, () -> log.hasError("not watching " + dir, "writable by", "code execution", "chmod go-w " + dir), log::dump);
        assertTrue(pluginsCommand().contains("NOT watched"), pluginsCommand());

        // a bad allow-list is reported by file and field; the last good one is kept
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        configure("ok.name, not a name");
        Await.until("the bad allow-list reported by field", 10_000, () -> log.hasError("configuration flox.plugins, field allow", "not a name"), log::dump);
        Await.until("the watcher again", 10_000, () -> dir.toString().equals(watchedDir()), log::dump);
    }

    /** Issue 11 item 7: the directory is checked as often as faults are looked for, not only at configuration. */
    @Test
    void shouldStopWatchingAtOnceWhenTheDirectoryBecomesWritableByItsGroup() throws Exception {
        configure("");
        Await.until("the FileInstall watcher of " + dir, 10_000, () -> dir.toString().equals(watchedDir()), log::dump);

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwxr-x")); // no reconfiguration
        Await.until("the watcher deleted", 10_000, () -> watchConfiguration() == null, log::dump);
        Await.until("one warning with the reason and the fix", 10_000, () -> warnings("stopped watching " + dir, "writable by its group", "chmod g-w " + dir) == 1, log::dump);
        String listing = pluginsCommand();
        assertTrue(listing.contains(dir + " (NOT watched: ") && listing.contains("running plugins keep running"), listing);
        Files.write(dir.resolve("dropped.jar"), jar("flox.itest.plugin.dropped", null).readAllBytes());
        awaitChecks(3);
        assertNull(watchConfiguration(), "still not watched");
        assertEquals(1, warnings("stopped watching " + dir), "logged once: " + log.dump());

        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Await.until("the watcher again", 10_000, () -> dir.toString().equals(watchedDir()), log::dump);
        Await.until("a warning naming the jar dropped meanwhile", 10_000, () -> warnings("watching " + dir + " again", "dropped.jar") == 1, log::dump);
        assertTrue(pluginsCommand().contains(dir + " (watched)"), pluginsCommand());
    }

    /** Issue 11 item 7: a deleted or emptied flox.plugins.cfg does not clear the allow-list (a refused plugin stays refused). */
    @Test
    void shouldKeepTheLastAllowListWhenItsFileIsDeletedOrEmptied() throws Exception {
        String file = dir.resolve("flox.plugins.cfg").toString();
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("dir", dir.toString());
        p.put("allow", "flox.itest.plugin.good");
        p.put("felix.fileinstall.filename", "file:" + file); // as FileInstall sets it
        Configuration c = configAdmin.getConfiguration("flox.plugins", "?");
        c.update(p);
        Await.until("the allow-list applied", 10_000, () -> pluginsCommand().contains("allow-list: flox.itest.plugin.good;") && dir.toString().equals(watchedDir()),
                this::pluginsCommand);
        Bundle bad = install("bad.jar", "flox.itest.plugin.bad", null);
        wiring().resolveBundles(List.of(bad));
        assertEquals(Bundle.INSTALLED, bad.getState(), "not in the allow-list");

        c.delete();
        Await.until("a warning naming the deleted file", 10_000, () -> warnings(file + " was deleted", "keeping the last good configuration", "flox.itest.plugin.good") == 1,
                log::dump);
        wiring().resolveBundles(List.of(bad));
        assertEquals(Bundle.INSTALLED, bad.getState(), "still refused");
        String listing = pluginsCommand();
        assertTrue(listing.contains(dir + " (watched); allow-list: flox.itest.plugin.good;") && listing.contains("configuration: " + file + " was deleted"), listing);

        Hashtable<String, Object> empty = new Hashtable<>();
        empty.put("felix.fileinstall.filename", "file:" + file);
        configAdmin.getConfiguration("flox.plugins", "?").update(empty);
        Await.until("a warning naming the emptied file", 10_000, () -> warnings(file + " is empty", "keeping the last good configuration") == 1, log::dump);
        wiring().resolveBundles(List.of(bad));
        assertEquals(Bundle.INSTALLED, bad.getState(), "still refused");
        assertTrue(pluginsCommand().contains("allow-list: flox.itest.plugin.good;"), pluginsCommand());
    }

    private long warnings(String... fragments) {
        return log.records.stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
                .filter(r -> java.util.Arrays.stream(fragments).allMatch(f -> r.getMessage() != null && r.getMessage().contains(f))).count();
    }

    private void awaitChecks(int n) {
        long start = checkCount();
        Await.until(n + " more fault checks", 20_000, () -> checkCount() >= start + n);
    }

    private long checkCount() {
        return (Long) HostCalls.call(context, "(objectClass=flox.core.plugin.PluginFaultMonitor)", "checkCount");
    }

    private void configure(String allow) throws IOException {
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("dir", dir.toString());
        p.put("allow", allow);
        // reaches the component asynchronously: callers wait for its effect
        configAdmin.getConfiguration("flox.plugins", "?").update(p);
    }

    private Configuration watchConfiguration() {
        try {
            Configuration[] cs = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + WATCH_PID + ")");
            return cs == null ? null : cs[0];
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private String watchedDir() {
        Configuration c = watchConfiguration();
        Object d = c == null || c.getProperties() == null ? null : c.getProperties().get("felix.fileinstall.dir");
        return d == null ? null : d.toString();
    }

    private FrameworkWiring wiring() {
        return context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION).adapt(FrameworkWiring.class);
    }

    private Bundle install(String file, String bsn, String imports) throws Exception {
        byte[] bytes = jar(bsn, imports).readAllBytes();
        Path f = Files.write(dir.resolve(file), bytes);
        Bundle b = context.installBundle(f.toUri().toString(), new ByteArrayInputStream(bytes));
        installed.add(b);
        return b;
    }

    private static ByteArrayInputStream jar(String bsn, String imports) throws IOException {
        Manifest m = new Manifest();
        Attributes a = m.getMainAttributes();
        a.put(Attributes.Name.MANIFEST_VERSION, "1.0");
        a.putValue(Constants.BUNDLE_MANIFESTVERSION, "2");
        a.putValue(Constants.BUNDLE_SYMBOLICNAME, bsn);
        a.putValue(Constants.BUNDLE_VERSION, "1.2.3");
        if (imports != null) a.putValue(Constants.IMPORT_PACKAGE, imports);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JarOutputStream j = new JarOutputStream(out, m)) {
            j.flush();
        }
        return new ByteArrayInputStream(out.toByteArray());
    }

    private String pluginsCommand() {
        return HostCalls.command(context, "plugins");
    }

    private static String lineOf(String text, String fragment) {
        for (String line : text.split("\\R")) if (line.contains("  " + fragment + " ")) return line;
        assertNull(fragment, "no line with " + fragment + " in\n" + text);
        return "";
    }
}
