package flox.itest.hotdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderGateway;
import flox.api.order.RejectReason;
import flox.itest.Await;
import flox.itest.HostCalls;
import flox.itest.LogCapture;
import flox.itest.plugins.faulty.BlockingActivate;
import flox.itest.plugins.faulty.FailingParticipant;
import flox.itest.plugins.faulty.ThrowingActivate;
import flox.itest.plugins.faulty.ThrowingSubscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 6 items 4 and 8: faulty plugins dropped into the running host's plugins directory (FileInstall)
 * — a component whose activate throws, one that blocks in activate, one with an unresolvable import,
 * a subscriber that throws on every event, a participant whose start throws. For each: the host keeps
 * trading (the sample strategies' accepted orders keep growing), {@code flox:plugins} shows the fault
 * beside the bundle, the log ("flox.plugins") has it once, and removing the jar removes the plugin.
 *
 * <p>The plugins are the plain classes of {@code flox.itest.plugins.faulty} packed with hand-written
 * DS descriptions ({@link PluginJar}). Runs only in hotdeploy.bndrun's framework (FileInstall present).
 */
@Timeout(180)
class FaultyPluginsInFrameworkTest {
    static final String PACKAGE = "flox.itest.plugins.faulty";
    static final String PREFIX = "flox.itest.plugin.faulty.";
    static final String MONITOR = "flox.core.plugin.PluginFaultMonitor";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    OrderGateway gateway;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    HotDeployHome home;
    LogCapture log;

    @BeforeEach
    void setUp() throws Exception {
        System.clearProperty(BlockingActivate.RELEASE);
        home = HotDeployHome.prepare(context, configAdmin);
        log = new LogCapture("flox.plugins");
        HotDeployHome.awaitTrading(gateway);
        Await.until("the plugins directory watched", 20_000, () -> plugins().contains(home.plugins + " (watched)"), this::plugins);
    }

    @AfterEach
    void tearDown() throws Exception {
        System.setProperty(BlockingActivate.RELEASE, "true"); // a blocked activate returns, so FileInstall can go on
        try (var jars = Files.list(home.plugins)) {
            for (Path j : (Iterable<Path>) jars::iterator) if (j.getFileName().toString().startsWith("faulty-")) Files.delete(j);
        }
        Await.until("the faulty plugins uninstalled", 30_000, () -> faultyBundles().isEmpty(), () -> faultyBundles().toString());
        System.clearProperty(BlockingActivate.RELEASE);
        log.close();
    }

    // ------------------------------------------------------------------ the cases

    @Test
    void shouldShowAComponentWhoseActivateThrowsAndKeepTrading() throws Exception {
        String bsn = PREFIX + "throwing";
        component(bsn, ThrowingActivate.class, "activate=\"activate\"", "").dropInto(home.plugins, "faulty-throwing.jar");
        String fault = "component " + bsn + " failed to activate: java.lang.IllegalStateException: " + ThrowingActivate.MESSAGE
                + " at " + ThrowingActivate.class.getName() + ".activate(ThrowingActivate.java:";
        Await.until("the activation failure in flox:plugins", 20_000, () -> lineOf(bsn).contains(fault), this::plugins);
        assertTrue(lineOf(bsn).contains("ACTIVE"), "the bundle itself is active: " + plugins());
        // flox:status counts it: it never became a lifecycle participant, yet it is a component that is down
        String status = HostCalls.command(context, "status");
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("components (\\d+)/(\\d+) running, (\\d+) FAILED").matcher(status);
        assertTrue(m.find() && Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2)) && Integer.parseInt(m.group(3)) >= 1,
                "flox:status shows the failed component: " + status);
        Await.until("the activation failure in the log", 10_000, () -> log.hasError("plugin " + bsn + " 1.0.0", fault), log::dump);
        assertKeepsTrading();
        assertLoggedOnce(bsn, "failed to activate");
        removeAndAwaitGone("faulty-throwing.jar", bsn);
    }

    @Test
    void shouldShowAComponentBlockedInActivateWithoutBlockingFloxPlugins() throws Exception {
        String bsn = PREFIX + "blocking";
        component(bsn, BlockingActivate.class, "activate=\"activate\"", "").dropInto(home.plugins, "faulty-blocking.jar");
        String where = "at " + BlockingActivate.class.getName() + ".activate(BlockingActivate.java:";
        // default threshold 5 s (pid flox.plugins, activate.blocked.ms), checked every second
        Await.until("the blocked activation in flox:plugins", 30_000, () -> lineOf(bsn).contains("blocked in activate for"), this::plugins);
        String line = lineOf(bsn);
        assertTrue(line.contains("component " + bsn + " blocked in activate for ") && line.contains(" s on thread fileinstall-")
                && line.contains(where), "thread (FileInstall's, which started the bundle) and frame: " + line);
        Await.until("the blocked activation in the log", 10_000, () -> log.hasError("plugin " + bsn + " 1.0.0", "blocked in activate for", where), log::dump);

        // while it blocks: flox:plugins answers at once, the checks go on (the seconds count up), the host trades
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            for (int i = 0; i < 3; i++) {
                long t0 = System.nanoTime();
                String out = CompletableFuture.supplyAsync(this::plugins, caller).get(5, TimeUnit.SECONDS);
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms < 1_000, "flox:plugins took " + ms + " ms while a plugin blocks in activate");
                assertTrue(out.contains("blocked in activate"), out);
                assertTrue(!out.contains("note:"), "the monitor's SCR query is not stuck either: " + out);
            }
        } finally {
            caller.shutdownNow();
        }
        long seconds = blockedSeconds(lineOf(bsn));
        Await.until("the blocked time counting up", 10_000, () -> blockedSeconds(lineOf(bsn)) > seconds, this::plugins);
        assertKeepsTrading();
        assertLoggedOnce(bsn, "blocked in activate");

        // released: the activation returns, the fault goes, its end is logged
        System.setProperty(BlockingActivate.RELEASE, "true");
        Await.until("the fault gone once activate returned", 20_000, () -> !lineOf(bsn).contains("blocked"), this::plugins);
        Await.until("the end logged", 10_000, () -> log.records.stream().anyMatch(r -> r.getMessage().contains(bsn) && r.getMessage().contains("returned from activate")),
                log::dump);
        removeAndAwaitGone("faulty-blocking.jar", bsn);
    }

    @Test
    void shouldShowAndLogOnceAPluginWithAnUnresolvableImport() throws Exception {
        String bsn = PREFIX + "unresolved";
        PluginJar.bundle(bsn, "1.0.0").importPackage("flox.itest.no.such.pkg;version=\"[1.0,2)\"").dropInto(home.plugins, "faulty-unresolved.jar");
        Await.until("the missing import in flox:plugins", 20_000,
                () -> lineOf(bsn).contains("INSTALLED") && lineOf(bsn).contains("unresolved: missing osgi.wiring.package")
                        && lineOf(bsn).contains("flox.itest.no.such.pkg"), this::plugins);
        Await.until("the missing import in the log", 10_000, () -> log.hasError("plugin " + bsn + " 1.0.0", "unresolved: missing", "flox.itest.no.such.pkg"),
                log::dump);
        assertKeepsTrading();
        assertLoggedOnce(bsn, "unresolved: missing");
        removeAndAwaitGone("faulty-unresolved.jar", bsn);
    }

    @Test
    void shouldShowASubscriberThatThrowsOnEveryEventAndKeepTrading() throws Exception {
        String bsn = PREFIX + "subscriber";
        LogCapture bus = new LogCapture("flox.bus");
        component(bsn, ThrowingSubscriber.class, "", "  <service><provide interface=\"flox.api.bus.MarketDataSubscriber\"/></service>\n"
                        + "  <property name=\"flox.subscriber.required\" type=\"Boolean\" value=\"false\"/>\n").dropInto(home.plugins, "faulty-subscriber.jar");
        String fault = "market-data bus subscriber " + bsn + "#";
        String last = "; last: java.lang.IllegalStateException: " + ThrowingSubscriber.MESSAGE;
        Await.until("the throwing subscriber in flox:plugins", 20_000, () -> lineOf(bsn).contains(fault) && lineOf(bsn).contains(last), this::plugins);
        Await.until("the throwing subscriber in the log", 10_000, () -> log.hasError("plugin " + bsn + " 1.0.0", fault, "threw 1 time" + last), log::dump);
        // reported again (rate-limited) as it goes on throwing: the count shown grows
        Await.until("the count of errors growing", 20_000, () -> lineOf(bsn).matches(".*threw \\d{2,} times.*"), this::plugins);
        assertKeepsTrading();
        assertLoggedOnce(bsn, "bus subscriber");
        bus.close();
        assertOneLineWithoutStack(bus, ThrowingSubscriber.MESSAGE);
        removeAndAwaitGone("faulty-subscriber.jar", bsn);
    }

    @Test
    void shouldShowAParticipantWhoseStartThrows() throws Exception {
        String bsn = PREFIX + "participant";
        LogCapture lifecycle = new LogCapture("flox.lifecycle");
        component(bsn, FailingParticipant.class, "", "  <service><provide interface=\"flox.api.lifecycle.LifecycleParticipant\"/></service>\n").dropInto(home.plugins, "faulty-participant.jar");
        String fault = "lifecycle participant " + FailingParticipant.NAME + ": start failed: java.lang.IllegalStateException: " + FailingParticipant.MESSAGE;
        Await.until("the failed participant in flox:plugins", 20_000, () -> lineOf(bsn).contains(fault), this::plugins);
        Await.until("the failed participant in the log", 10_000, () -> log.hasError("plugin " + bsn + " 1.0.0", fault), log::dump);
        assertKeepsTrading();
        assertLoggedOnce(bsn, "lifecycle participant");
        lifecycle.close();
        assertOneLineWithoutStack(lifecycle, FailingParticipant.MESSAGE);
        removeAndAwaitGone("faulty-participant.jar", bsn);
    }

    /** Issue 11 item 8: an unreadable jar over a running plugin keeps it running; unreadable new jars are logged and shown. */
    @Test
    void shouldKeepTheRunningPluginWhenAnUnreadableJarIsCopiedOverIt() throws Exception {
        String bsn = PREFIX + "overwritten";
        Path file = PluginJar.bundle(bsn, "1.0.0").dropInto(home.plugins, "faulty-overwritten.jar");
        Await.until(bsn + " active", 20_000, () -> bundle(bsn) != null && bundle(bsn).getState() == Bundle.ACTIVE, this::plugins);
        Bundle running = bundle(bsn);
        long modified = running.getLastModified();

        // truncated: the first half of a newer version
        byte[] v2 = PluginJar.bundle(bsn, "2.0.0").header("Bundle-Description", "x".repeat(4000)).build();
        replace(file, java.util.Arrays.copyOf(v2, v2.length / 2));
        Await.until("the truncated jar in flox:plugins", 20_000, () -> plugins().contains("file " + file + ": unreadable, not a complete jar"), this::plugins);
        Await.until("one warning naming it", 10_000, () -> warnings(file + " is not a readable plugin bundle: not a complete jar",
                "the running " + bsn + " 1.0.0 [" + running.getBundleId() + "] is kept") == 1, log::dump);
        assertSame(running, bundle(bsn), "the same bundle");
        assertEquals(Bundle.ACTIVE, running.getState(), "still running");
        assertEquals(modified, running.getLastModified(), "not updated");

        // a jar that is no bundle
        replace(file, PluginJar.bundle(bsn, "2.0.0").header("Bundle-SymbolicName", "").build());
        Await.until("the non-bundle jar in flox:plugins", 20_000, () -> plugins().contains("file " + file + ": unreadable, not an OSGi bundle"), this::plugins);
        assertEquals(Bundle.ACTIVE, running.getState(), "still running");
        assertEquals(modified, running.getLastModified(), "not updated");
        assertTrue(lineOf(bsn).contains(" 1.0.0 ") && lineOf(bsn).contains("ACTIVE"), plugins());

        // dropped in new: garbage, an empty file
        Path garbage = home.plugins.resolve("faulty-garbage.jar");
        replace(garbage, "not a jar at all".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        Path empty = home.plugins.resolve("faulty-empty.jar");
        replace(empty, new byte[0]);
        Await.until("both in flox:plugins", 20_000, () -> plugins().contains("file " + garbage + ": unreadable, not a complete jar")
                && plugins().contains("file " + empty + ": unreadable, the file is empty; nothing was installed from it"), this::plugins);
        Await.until("a warning for each", 10_000, () -> warnings(garbage + " is not a readable plugin bundle") == 1 && warnings(empty + " is not a readable plugin bundle") == 1,
                log::dump);
        Files.delete(garbage);
        Files.delete(empty);

        // a complete jar again: updated, and nothing unreadable shown
        replace(file, PluginJar.bundle(bsn, "2.0.0").build());
        Await.until("updated to 2.0.0", 20_000, () -> lineOf(bsn).contains(" 2.0.0 ") && lineOf(bsn).contains("ACTIVE") && !plugins().contains("unreadable"), this::plugins);
        assertEquals(running.getBundleId(), bundle(bsn).getBundleId(), "updated in place");
        removeAndAwaitGone("faulty-overwritten.jar", bsn);
    }

    /** Issue 11 item 14: a failed activation and an unresolvable plugin make one line each, no stack trace on the console. */
    @Test
    void shouldReportEachPluginFailureInOneLineWithoutStackTraces() throws Exception {
        String throwing = PREFIX + "quiet-throwing";
        String unresolved = PREFIX + "quiet-unresolved";
        java.io.PrintStream out = System.out;
        java.io.PrintStream err = System.err;
        java.io.ByteArrayOutputStream console = new java.io.ByteArrayOutputStream();
        LogCapture all = new LogCapture(""); // every logger
        try {
            System.setOut(new java.io.PrintStream(new Tee(out, console), true));
            System.setErr(new java.io.PrintStream(new Tee(err, console), true));
            component(throwing, ThrowingActivate.class, "activate=\"activate\"", "").dropInto(home.plugins, "faulty-quiet-throwing.jar");
            PluginJar.bundle(unresolved, "1.0.0").importPackage("flox.itest.no.such.pkg;version=\"[1.0,2)\"").dropInto(home.plugins, "faulty-quiet-unresolved.jar");
            Await.until("both failures in the log", 20_000, () -> log.hasError("plugin " + throwing + " 1.0.0", "failed to activate", ThrowingActivate.MESSAGE)
                    && log.hasError("plugin " + unresolved + " 1.0.0", "unresolved: missing"), log::dump);
            long checks = checkCount();
            Await.until("three more fault checks", 20_000, () -> checkCount() >= checks + 3);
        } finally {
            System.setOut(out);
            System.setErr(err);
            all.close();
        }
        String printed = console.toString(java.nio.charset.StandardCharsets.UTF_8);
        for (String bsn : List.of(throwing, unresolved)) {
            List<LogRecord> lines = all.records.stream().filter(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                    .filter(r -> r.getMessage() != null && r.getMessage().contains(bsn)).toList();
            assertEquals(1, lines.size(), "one line at WARNING or above about " + bsn + ": " + all.dump());
            assertTrue(lines.get(0).getThrown() == null, "without a stack trace: " + lines.get(0).getMessage());
        }
        assertTrue(!printed.contains(ThrowingActivate.MESSAGE) && !printed.contains("Unable to resolve " + unresolved) && !printed.contains("\tat "),
                "nothing about them printed on the console besides the log:\n" + printed);
        removeAndAwaitGone("faulty-quiet-throwing.jar", throwing);
        removeAndAwaitGone("faulty-quiet-unresolved.jar", unresolved);
    }

    // ------------------------------------------------------------------ helpers

    /** Issue 11 item 14: the host's own report of a plugin's exception is one line at WARNING or above; its stack only at debug level. */
    private static void assertOneLineWithoutStack(LogCapture capture, String message) {
        List<LogRecord> loud = capture.records.stream().filter(r -> r.getLevel().intValue() >= java.util.logging.Level.WARNING.intValue())
                .filter(r -> r.getMessage() != null && r.getMessage().contains(message)).toList();
        assertTrue(!loud.isEmpty(), "the failure is reported: " + capture.dump());
        for (LogRecord r : loud) assertTrue(r.getThrown() == null, "one line, no stack trace at " + r.getLevel() + ": " + r.getMessage());
    }

    /** Copies what is written to both streams. */
    static final class Tee extends java.io.OutputStream {
        private final java.io.OutputStream a;
        private final java.io.OutputStream b;

        Tee(java.io.OutputStream a, java.io.OutputStream b) {
            this.a = a;
            this.b = b;
        }

        @Override
        public synchronized void write(int c) throws java.io.IOException {
            a.write(c);
            b.write(c);
        }

        @Override
        public synchronized void write(byte[] bytes, int off, int len) throws java.io.IOException {
            a.write(bytes, off, len);
            b.write(bytes, off, len);
        }
    }

    /** Replaces the file atomically, its modification time moved on (as PluginJar.dropInto does). */
    static void replace(Path file, byte[] bytes) throws java.io.IOException {
        Path tmp = Files.createTempFile(file.getParent().getParent(), file.getFileName().toString(), ".part");
        Files.write(tmp, bytes);
        long previous = Files.exists(file) ? Files.getLastModifiedTime(file).toMillis() : 0;
        Files.setLastModifiedTime(tmp, java.nio.file.attribute.FileTime.fromMillis(Math.max(System.currentTimeMillis(), previous + 1_000)));
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    long warnings(String... fragments) {
        return log.records.stream().filter(r -> r.getLevel() == java.util.logging.Level.WARNING)
                .filter(r -> java.util.Arrays.stream(fragments).allMatch(f -> r.getMessage() != null && r.getMessage().contains(f))).count();
    }

    /** A plugin jar of the faulty classes with one immediate component of {@code impl}. */
    static PluginJar component(String bsn, Class<?> impl, String attributes, String body) {
        String xml = PluginJar.componentXml(bsn, impl.getName(), attributes, body);
        // the jar holds every class of the package (plugins import flox.api only)
        return PluginJar.bundle(bsn, "1.0.0").classesOf(PACKAGE).component(bsn, xml)
                .importPackage("flox.api.bus;version=\"[1.0,2)\",flox.api.event;version=\"[1.0,2)\",flox.api.lifecycle;version=\"[1.0,2)\"");
    }

    /** The sample strategies' accepted orders keep growing. */
    void assertKeepsTrading() {
        long before = gateway.count(RejectReason.NONE);
        Await.until("more orders accepted (the host keeps trading)", 20_000, () -> gateway.count(RejectReason.NONE) >= before + 10,
                () -> "accepted " + gateway.count(RejectReason.NONE) + " (was " + before + ")");
    }

    /** Exactly one flox.plugins error about the bundle mentions {@code what}, also after three more checks. */
    void assertLoggedOnce(String bsn, String what) throws Exception {
        long checks = checkCount();
        Await.until("three more fault checks", 20_000, () -> checkCount() >= checks + 3);
        List<LogRecord> matching = log.records.stream()
                .filter(r -> r.getLevel().intValue() >= java.util.logging.Level.SEVERE.intValue())
                .filter(r -> r.getMessage() != null && r.getMessage().contains("plugin " + bsn + " ") && r.getMessage().contains(what))
                .toList();
        assertEquals(1, matching.size(), "logged once: " + log.dump());
    }

    void removeAndAwaitGone(String file, String bsn) throws Exception {
        Files.delete(home.plugins.resolve(file));
        Await.until(bsn + " uninstalled", 20_000, () -> bundle(bsn) == null);
        Await.until(bsn + " gone from flox:plugins", 10_000, () -> !plugins().contains("  " + bsn + " "), this::plugins);
    }

    static long blockedSeconds(String line) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("blocked in activate for (\\d+) s").matcher(line);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }

    List<Bundle> faultyBundles() {
        return java.util.Arrays.stream(context.getBundles()).filter(b -> b.getSymbolicName() != null && b.getSymbolicName().startsWith(PREFIX)).toList();
    }

    Bundle bundle(String bsn) {
        for (Bundle b : context.getBundles()) if (bsn.equals(b.getSymbolicName())) return b;
        return null;
    }

    /** flox:plugins (flox.core's command class is private to it: by reflection). */
    String plugins() {
        return HostCalls.command(context, "plugins");
    }

    long checkCount() {
        return (Long) HostCalls.call(context, "(objectClass=" + MONITOR + ")", "checkCount");
    }

    /** The flox:plugins line of a bundle ("" when not listed). */
    String lineOf(String bsn) {
        for (String line : plugins().split("\\R")) if (line.contains("  " + bsn + " ")) return line;
        return "";
    }
}
