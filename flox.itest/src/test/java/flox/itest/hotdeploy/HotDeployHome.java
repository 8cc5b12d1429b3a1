package flox.itest.hotdeploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.Hashtable;
import flox.api.order.OrderGateway;
import flox.api.order.RejectReason;
import flox.itest.Await;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The host home of the hot-deploy framework (hotdeploy.bndrun): {@code etc/} is FileInstall's
 * configuration directory (framework property felix.fileinstall.dir) and receives a copy of the
 * default run's configuration (bndrun/etc) with paths made absolute; {@code plugins/} is the
 * plugins directory flox.plugins watches (owner-only, scanned every 200 ms). Idempotent: test
 * classes sharing the framework call {@link #prepare} each.
 */
public final class HotDeployHome {
    public static final String HOME_PROPERTY = "flox.itest.hotdeploy";
    public final Path home;
    public final Path etc;
    public final Path plugins;

    private HotDeployHome(Path home) {
        this.home = home;
        this.etc = home.resolve("etc");
        this.plugins = home.resolve("plugins");
    }

    /**
     * Writes the configuration (only files whose content changed, so FileInstall does not re-apply
     * the others), the same for every test class: paths absolute, the plugins directory here and
     * scanned every 200 ms, a handover timeout of 1.5 s (the tests wait it out); empties the
     * plugins directory of jars.
     */
    public static HotDeployHome prepare(BundleContext context, ConfigurationAdmin configAdmin) throws IOException {
        String dir = context.getProperty(HOME_PROPERTY);
        if (dir == null) {
            throw new IllegalStateException(HOME_PROPERTY + " is not set: the hot-deploy tests run in hotdeploy.bndrun only"
                    + " (one of them: -Dtesting=hotdeploy.bndrun -Dtest=CLASS)");
        }
        HotDeployHome h = new HotDeployHome(Paths.get(dir).toAbsolutePath().normalize());
        Path source = Paths.get(context.getProperty("flox.itest.etc")).toAbsolutePath().normalize();
        Files.createDirectories(h.etc);
        Files.createDirectories(h.plugins);
        Files.setPosixFilePermissions(h.plugins, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (var jars = Files.list(h.plugins)) {
            for (Path j : (Iterable<Path>) jars::iterator) if (j.toString().endsWith(".jar")) Files.delete(j);
        }
        List<Path> files = new ArrayList<>();
        try (var s = Files.list(source)) {
            s.filter(p -> p.toString().endsWith(".cfg")).sorted().forEach(files::add);
        }
        for (Path f : files) {
            String pid = f.getFileName().toString().replaceFirst("\\.cfg$", "");
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(f, StandardCharsets.UTF_8)) {
                p.load(r);
            }
            Map<String, String> values = new TreeMap<>();
            for (String k : p.stringPropertyNames()) values.put(k, p.getProperty(k).strip());
            if (values.containsKey("symbols.file")) values.put("symbols.file", source.resolve("symbols.csv").toString());
            if (pid.equals("flox.plugins")) {
                values.put("dir", h.plugins.toString());
                values.put("poll.ms", "200");
            }
            if (pid.equals("flox.lifecycle")) values.put("handover.timeout.ms", "1500");
            StringBuilder text = new StringBuilder("# written by the hot-deploy tests from " + f + "\n");
            for (Map.Entry<String, String> e : values.entrySet()) {
                text.append(e.getKey()).append('=').append(e.getValue().replace("\\", "\\\\")).append('\n');
            }
            Path target = h.etc.resolve(f.getFileName());
            String t = text.toString();
            if (!Files.exists(target) || !Files.readString(target).equals(t)) Files.writeString(target, t);
        }
        // FileInstall watches etc/ like the host's etc (created here: a directory missing when
        // FileInstall starts is never watched)
        Configuration watch = configAdmin.getFactoryConfiguration("org.apache.felix.fileinstall", "hotdeploy-etc", "?");
        Hashtable<String, Object> p = new Hashtable<>();
        p.put("felix.fileinstall.dir", h.etc.toString());
        p.put("felix.fileinstall.filter", ".*\\.(cfg|config)");
        p.put("felix.fileinstall.poll", "200");
        p.put("felix.fileinstall.noInitialDelay", "true");
        p.put("felix.fileinstall.enableConfigSave", "false");
        watch.updateIfDifferent(p);
        return h;
    }

    /** Waits (bounded) until the default run's sample strategies trade: the host is up and configured. */
    public static void awaitTrading(OrderGateway gateway) {
        Await.until("the sample strategies trading in the simulated exchange", 60_000, () -> gateway.count(RejectReason.NONE) > 20);
    }
}
