package flox.itest.hotdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.itest.Await;
import flox.itest.HostCalls;
import flox.itest.LogCapture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.Hashtable;
import java.util.List;
import java.util.UUID;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 13 item 9: a venue plugin following the secrets convention (flox.api.secret) in the real
 * host. Its configuration holds a file reference to the key in a private property, and, as an
 * operator's mistake, the secret itself pasted into another private property. Neither secret
 * appears in any service's properties, in anything the host logs (every level, every logger), or
 * in the output of the flox: commands; the pasted one is refused naming only its field.
 */
@Timeout(120)
class SecretsInFrameworkTest {
    static final String PID = "flox.itest.secret";
    /** The read-only flox: commands, run without arguments (kill, unkill, enable and disable change the host). */
    static final List<String> COMMANDS = List.of("status", "plugins", "lifecycle", "buses", "orders", "positions", "risk", "strategies",
            "symbols", "samples", "bars", "bookstats");

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    HotDeployHome home;
    Path secretDir;
    Path jar;
    LogCapture everything;
    Level rootLevel;

    @BeforeEach
    void setUp() throws Exception {
        home = HotDeployHome.prepare(context, configAdmin);
        secretDir = Files.createTempDirectory("flox-secret", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        Logger root = Logger.getLogger("");
        rootLevel = root.getLevel();
        root.setLevel(Level.ALL); // FINE and below too: a secret at DEBUG is as leaked as one at ERROR
        everything = new LogCapture("");
    }

    @AfterEach
    void tearDown() throws Exception {
        everything.close();
        Logger.getLogger("").setLevel(rootLevel);
        Configuration c = configAdmin.getConfiguration(PID, "?");
        c.delete();
        if (jar != null) Files.deleteIfExists(jar);
        Await.until("the secret plugin uninstalled", 20_000, () -> Arrays.stream(context.getBundles())
                .noneMatch(b -> "flox.itest.plugin.secret".equals(b.getSymbolicName())));
        try (var files = Files.list(secretDir)) {
            for (Path p : (Iterable<Path>) files::iterator) Files.delete(p);
        }
        Files.delete(secretDir);
    }

    @Test
    void shouldNeverShowASecretInServicePropertiesTheLogOrTheFloxCommands() throws Exception {
        String key = "KEY-" + UUID.randomUUID();
        String pasted = "PASTED-" + UUID.randomUUID();
        Path keyFile = secretDir.resolve("api.key");
        Files.write(keyFile, (key + "\n").getBytes(StandardCharsets.UTF_8));
        Files.setPosixFilePermissions(keyFile, PosixFilePermissions.fromString("rw-------"));

        Hashtable<String, Object> props = new Hashtable<>();
        props.put(".api.key", "file:" + keyFile);
        props.put(".api.secret", pasted); // the operator pasted the secret where its reference belongs
        props.put("venue.name", "SECRETX"); // a public property: copied into service properties, as every non-private one is
        configAdmin.getConfiguration(PID, "?").update(props);
        assertEquals(pasted, configAdmin.getConfiguration(PID, "?").getProperties().get(".api.secret"),
                "the pasted secret is in the host (Configuration Admin), so the checks below can find it if it leaks");

        String xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<scr:component xmlns:scr=\"http://www.osgi.org/xmlns/scr/v1.4.0\" name=\"flox.itest.plugin.secret\" immediate=\"true\""
                + " configuration-policy=\"require\" configuration-pid=\"" + PID + "\" activate=\"activate\">\n"
                + "<property name=\"flox.itest.probe\" type=\"String\" value=\"secret\"/>"
                + "<service><provide interface=\"java.util.function.LongSupplier\"/></service>\n"
                + "  <implementation class=\"flox.itest.plugins.secret.SecretVenue\"/>\n</scr:component>\n";
        jar = PluginJar.bundle("flox.itest.plugin.secret", "1.0.0").classesOf("flox.itest.plugins.secret")
                .importPackage("flox.api.secret;version=\"[1.0,2)\"").component("secret", xml).dropInto(home.plugins, "secret.jar");

        Await.until("the plugin resolved its key from the file", 20_000, () -> probe() != null && probe().getAsLong() == key.length(),
                everything::dump);
        Await.until("the pasted secret refused, naming its field", 10_000,
                () -> everything.hasError("secret venue: .api.secret: expected env:NAME", "is not shown"), everything::dump);

        ServiceReference<?>[] all = context.getAllServiceReferences(null, null);
        assertNotNull(all);
        ServiceReference<?> plugin = context.getServiceReferences(LongSupplier.class.getName(), "(flox.itest.probe=secret)")[0];
        assertEquals("SECRETX", plugin.getProperty("venue.name"), "public configuration properties do reach service properties");
        assertFalse(Arrays.asList(plugin.getPropertyKeys()).contains(".api.key"), "private ones do not");
        for (ServiceReference<?> r : all) {
            for (String k : r.getPropertyKeys()) {
                String v = text(r.getProperty(k));
                assertFalse(v.contains(key) || v.contains(pasted), "service " + text(r.getProperty("objectClass")) + " property " + k + " holds a secret");
            }
        }

        for (String command : COMMANDS) {
            String out = HostCalls.command(context, command);
            assertNotNull(out, command);
            assertFalse(out.contains(key) || out.contains(pasted), "flox:" + command + " shows a secret");
        }
        assertTrue(HostCalls.command(context, "plugins").contains("flox.itest.plugin.secret"), "flox:plugins lists the plugin");

        assertTrue(everything.records.size() > 0);
        for (LogRecord r : everything.records) {
            String line = logged(r);
            assertFalse(line.contains(key) || line.contains(pasted), () -> "logged by " + r.getLoggerName() + " at " + r.getLevel() + ": "
                    + line.replace(key, "<the key>").replace(pasted, "<the pasted secret>"));
        }
    }

    LongSupplier probe() {
        ServiceReference<?>[] refs;
        try {
            refs = context.getServiceReferences(LongSupplier.class.getName(), "(flox.itest.probe=secret)");
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        if (refs == null) return null;
        LongSupplier s = (LongSupplier) context.getService(refs[0]);
        context.ungetService(refs[0]);
        return s;
    }

    /** A record as any handler could print it: message, parameters, and the whole chain of causes. */
    static String logged(LogRecord r) {
        StringBuilder sb = new StringBuilder(String.valueOf(r.getMessage()));
        if (r.getParameters() != null) for (Object p : r.getParameters()) sb.append(' ').append(text(p));
        for (Throwable t = r.getThrown(); t != null; t = t.getCause()) sb.append(' ').append(t);
        return sb.toString();
    }

    static String text(Object v) {
        if (v instanceof Object[]) return Arrays.deepToString((Object[]) v);
        if (v instanceof Dictionary) {
            StringBuilder sb = new StringBuilder();
            for (Enumeration<?> e = ((Dictionary<?, ?>) v).elements(); e.hasMoreElements(); ) sb.append(text(e.nextElement())).append(',');
            return sb.toString();
        }
        return String.valueOf(v);
    }
}
