package flox.testing;

import static org.ops4j.pax.exam.CoreOptions.bundle;
import static org.ops4j.pax.exam.CoreOptions.cleanCaches;
import static org.ops4j.pax.exam.CoreOptions.composite;
import static org.ops4j.pax.exam.CoreOptions.frameworkProperty;
import static org.ops4j.pax.exam.CoreOptions.junitBundles;
import static org.ops4j.pax.exam.CoreOptions.mavenBundle;
import static org.ops4j.pax.exam.CoreOptions.systemPackages;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.ops4j.pax.exam.Option;

/**
 * A real Flox host for a Pax Exam test (native container: the framework runs in the test's
 * JVM), with the plugin under test inside. {@link #options()} returns what a test's
 * {@code @Configuration} method returns: Felix's SCR, Configuration Admin, Metatype and
 * FileInstall, the host's bundles (flox.api, flox.core, flox.bus, flox.executor.sim, flox.risk,
 * and flox.strategy.samples when asked) from the local Maven repository at the version of this
 * kit, the plugin bundles the test names, and a fresh host home whose {@code etc/} holds the
 * default run's configuration (synthetic market, simulated exchange, risk limits, buses), as
 * changed by the test. Inside the framework the test gets the host's services by
 * {@code @Inject} (OrderGateway, OrderTracker, MarketDataBus, ExecutionBus, SymbolRegistry,
 * LifecycleCoordinator, ...), which Pax Exam waits for.
 *
 * <pre>{@code
 * @Configuration
 * public Option[] config() {
 *     return FloxHost.host()
 *             .plugin(Path.of("target/my.plugin-1.0.0.jar"))
 *             .config(Path.of("etc/my.plugin-demo.cfg"))
 *             .set("flox.risk", "max.order.quantity", "10")
 *             .options();
 * }
 * }</pre>
 *
 * The JVM that runs the test needs {@code --add-exports java.base/jdk.internal.misc=ALL-UNNAMED}
 * (Agrona, inside flox.bus, uses it): put it in failsafe's {@code argLine}. The host bundles
 * must be in the local repository ({@code ./mvnw install} at the Flox root).
 *
 * <p>Not thread-safe: one builder per configuration method. Writes files (the home) only in
 * {@link #options()}.
 */
public final class FloxHost {
    /** The default run's configuration files (bndrun/etc), shipped inside this jar. */
    static final List<String> DEFAULT_ETC = List.of(
            "flox.aggregator.bars-tick.cfg", "flox.aggregator.bars-time.cfg", "flox.aggregator.bookstats.cfg",
            "flox.bus.execution.cfg", "flox.bus.marketdata.cfg", "flox.gateway.cfg", "flox.lifecycle.cfg", "flox.metrics.cfg",
            "flox.plugins.cfg", "flox.recorder.cfg", "flox.risk.cfg", "flox.sim.executor.cfg", "flox.sim.market.cfg",
            "flox.strategy.marketmaker-btc.cfg", "flox.strategy.momentum-eth.cfg", "flox.symbols.cfg", "flox.tracker.cfg", "symbols.csv");
    /** What only flox.strategy.samples reads: left out unless {@link #withSamples()}. */
    private static final List<String> SAMPLES_ETC = List.of(
            "flox.aggregator.bars-tick.cfg", "flox.aggregator.bars-time.cfg", "flox.aggregator.bookstats.cfg", "flox.metrics.cfg",
            "flox.strategy.marketmaker-btc.cfg", "flox.strategy.momentum-eth.cfg");

    /** What only bundles the kit's host does not run read: the recorder (flox.recorder) journals the default run, a plugin's test need not. */
    private static final List<String> NOT_RUN_ETC = List.of("flox.recorder.cfg");

    private final Map<String, String> etc = new LinkedHashMap<>();
    private final List<Path> plugins = new ArrayList<>();
    private boolean samples;
    private Path home;

    private FloxHost() {
        for (String name : DEFAULT_ETC) etc.put(name, resource("etc/" + name));
    }

    /** A host with the default run's configuration, without the sample strategies. */
    public static FloxHost host() {
        return new FloxHost();
    }

    /** The Flox version this kit provisions (its own). */
    public static String floxVersion() {
        Properties p = new Properties();
        try (InputStream in = FloxHost.class.getResourceAsStream("flox-testing.properties")) {
            if (in == null) throw new IllegalStateException("flox-testing.properties is missing from the flox.testing jar");
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p.getProperty("flox.version");
    }

    /** Also runs flox.strategy.samples with its default configuration (two sample strategies, bars, book stats, metrics). */
    public FloxHost withSamples() {
        samples = true;
        return this;
    }

    /** The plugin bundle {@code jar} is installed and started in the host (after the host's own bundles). */
    public FloxHost plugin(Path jar) {
        if (!Files.isRegularFile(jar)) throw new IllegalArgumentException(jar.toAbsolutePath() + ": no such plugin jar (build it first: mvn package)");
        plugins.add(jar.toAbsolutePath());
        return this;
    }

    /** Copies the configuration file {@code cfg} (NAME.cfg: pid or factory pid-name) into the host's etc/, replacing one of that name. */
    public FloxHost config(Path cfg) {
        try {
            etc.put(cfg.getFileName().toString(), Files.readString(cfg, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(cfg.toAbsolutePath() + ": cannot read", e);
        }
        return this;
    }

    /**
     * Sets {@code key=value} in etc/{@code name}.cfg ({@code name}: a pid, e.g. {@code flox.risk},
     * or a factory pid and instance, e.g. {@code example.strategy-demo}), replacing the key's line
     * or adding it; a file not there yet is made.
     */
    public FloxHost set(String name, String key, String value) {
        String file = name + ".cfg";
        String text = etc.getOrDefault(file, "");
        StringBuilder out = new StringBuilder();
        boolean found = false;
        for (String line : text.split("\n", -1)) {
            if (!found && line.startsWith(key + "=")) {
                out.append(key).append('=').append(value).append('\n');
                found = true;
            } else if (!line.isEmpty()) {
                out.append(line).append('\n');
            }
        }
        if (!found) out.append(key).append('=').append(value).append('\n');
        etc.put(file, out.toString());
        return this;
    }

    /** Removes etc/{@code name}.cfg (its component then has no configuration). */
    public FloxHost remove(String name) {
        etc.remove(name + ".cfg");
        return this;
    }

    /** The symbols file: its data lines ({@code exchange,symbol,...} as in symbols.csv, whose header is kept). */
    public FloxHost symbols(String... lines) {
        String header = etc.get("symbols.csv").lines().filter(l -> l.startsWith("#") || l.startsWith("exchange,")).reduce("", (a, b) -> a + b + "\n");
        etc.put("symbols.csv", header + String.join("\n", lines) + "\n");
        return this;
    }

    /** The host home written by {@link #options()} (etc/, plugins/, state/), or null before. */
    public Path home() {
        return home;
    }

    /** Writes a fresh host home and returns the Pax Exam options that boot the host in it. */
    public Option[] options() {
        try {
            home = Files.createTempDirectory("flox-host");
            Path etcDir = Files.createDirectories(home.resolve("etc"));
            Files.createDirectories(home.resolve("plugins"));
            Files.setPosixFilePermissions(home.resolve("plugins"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
            for (Map.Entry<String, String> f : etc.entrySet()) {
                if (!samples && SAMPLES_ETC.contains(f.getKey()) || NOT_RUN_ETC.contains(f.getKey())) continue;
                String text = f.getValue();
                if (f.getKey().equals("flox.symbols.cfg")) text = text.replace("symbols.file=etc/symbols.csv", "symbols.file=" + etcDir.resolve("symbols.csv"));
                Files.writeString(etcDir.resolve(f.getKey()), text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the host home", e);
        }
        String v = floxVersion();
        List<Option> o = new ArrayList<>();
        o.add(cleanCaches());
        o.add(junitBundles());
        // Agrona (embedded in flox.bus and the simulated exchange) uses jdk.internal.misc
        o.add(systemPackages("jdk.internal.misc", "sun.misc",
                "com.sun.management")); // a test reads a thread's allocated bytes (com.sun.management.ThreadMXBean)
        // the host's bundles come from the local repository; third-party bundles missing there are fetched from Maven Central
        o.add(systemProperty("org.ops4j.pax.url.mvn.localRepository").value(localRepository()));
        o.add(systemProperty("org.ops4j.pax.url.mvn.repositories").value("https://repo1.maven.org/maven2@id=central"));
        o.add(systemProperty("org.ops4j.pax.url.mvn.useFallbackRepositories").value("false"));
        o.add(frameworkProperty("flox.home").value(home.toString()));
        // quiet: SCR's and Pax Logging's debug lines would bury the host's own
        o.add(frameworkProperty("ds.loglevel").value("warn"));
        o.add(systemProperty("org.ops4j.pax.logging.DefaultServiceLog.level").value("WARN"));
        o.add(frameworkProperty("felix.fileinstall.dir").value(home.resolve("etc").toString()));
        o.add(frameworkProperty("felix.fileinstall.filter").value(".*\\.(cfg|config)"));
        o.add(frameworkProperty("felix.fileinstall.poll").value("200"));
        o.add(frameworkProperty("felix.fileinstall.noInitialDelay").value("true"));
        o.add(frameworkProperty("felix.fileinstall.log.level").value("2"));
        o.add(frameworkProperty("felix.fileinstall.enableConfigSave").value("false"));
        o.add(mavenBundle("org.osgi", "org.osgi.util.function", "1.2.0"));
        o.add(mavenBundle("org.osgi", "org.osgi.util.promise", "1.3.0"));
        o.add(mavenBundle("org.osgi", "org.osgi.service.component", "1.5.1"));
        o.add(mavenBundle("org.osgi", "org.osgi.service.log", "1.5.0"));
        o.add(mavenBundle("org.apache.felix", "org.apache.felix.configadmin", "1.9.26"));
        o.add(mavenBundle("org.apache.felix", "org.apache.felix.metatype", "1.2.4"));
        o.add(mavenBundle("org.apache.felix", "org.apache.felix.scr", "2.2.18"));
        o.add(mavenBundle("org.apache.felix", "org.apache.felix.fileinstall", "3.7.4"));
        o.add(mavenBundle("org.jctools", "jctools-core", "4.0.7"));
        o.add(mavenBundle("com.fasterxml.jackson.core", "jackson-core", "2.23.0"));
        o.add(floxBundle("flox.api", v));
        o.add(floxBundle("flox.core", v));
        o.add(floxBundle("flox.bus", v));
        o.add(floxBundle("flox.executor.sim", v));
        o.add(floxBundle("flox.risk", v));
        if (samples) o.add(floxBundle("flox.strategy.samples", v));
        for (Path p : plugins) o.add(bundle(p.toUri().toString()));
        return new Option[] {composite(o.toArray(new Option[0]))};
    }

    /**
     * A host bundle: from the local repository, or, when the system property
     * {@value #REACTOR_PROPERTY} names a Flox checkout, from its modules' target/ (the kit's own
     * tests in the Flox build, which run before anything is installed).
     */
    private static Option floxBundle(String module, String version) {
        String reactor = System.getProperty(REACTOR_PROPERTY);
        if (reactor == null || reactor.isBlank()) return mavenBundle("dev.flox", module, version);
        Path jar = Path.of(reactor, module, "target", module + "-" + version + ".jar");
        if (!Files.isRegularFile(jar)) throw new IllegalStateException(jar + ": not built (" + REACTOR_PROPERTY + "=" + reactor + ")");
        return bundle(jar.toUri().toString());
    }

    /** System property naming a Flox checkout whose built bundles replace the local repository's. */
    public static final String REACTOR_PROPERTY = "flox.testing.reactor";

    private static String localRepository() {
        String r = System.getProperty("maven.repo.local");
        return r != null && !r.isBlank() ? r : Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
    }

    private static String resource(String name) {
        try (InputStream in = FloxHost.class.getResourceAsStream(name)) {
            if (in == null) throw new IllegalStateException(name + " is missing from the flox.testing jar");
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
