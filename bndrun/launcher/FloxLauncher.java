import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;

/**
 * Starts the host from the exported host.jar without the bnd launcher inside it, which sets a
 * system-wide security Policy that Java 24 and later refuse (bndtools/bnd#6370; the bnd releases
 * that fixed it are not served here). {@code ./flox run} uses it on those JVMs, as a single-file
 * source program: {@code java --add-exports java.base/jdk.internal.misc=ALL-UNNAMED -cp FELIX.jar
 * FloxLauncher.java host.jar}. It reads host.jar's launcher.properties (what bnd resolved from
 * host.bndrun): every key not starting with "launch." is a framework property, overridden by the
 * JVM's -D properties of the same name, and launch.bundles are installed from host.jar in that
 * order and started; the framework runs until it stops (the host stops it itself on a signal or
 * after --duration: flox.host.process=true), then the JVM exits with 117, the bnd launcher's
 * status for that (1 when the framework stopped on an error).
 */
public final class FloxLauncher {
    /** The exit status of a framework stopped from inside, as the bnd launcher's (./flox and the operator tests expect it). */
    static final int STOPPED = 117;

    private FloxLauncher() { }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) throw new IllegalArgumentException("usage: FloxLauncher HOST_JAR");
        Path jar = Path.of(args[0]);
        Framework framework;
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry("launcher.properties");
            if (entry == null) throw new IllegalStateException(jar + ": no launcher.properties (not a bnd-exported host jar)");
            Properties launch = new Properties();
            try (InputStream in = zip.getInputStream(entry)) {
                launch.load(in);
            }
            Map<String, String> properties = new HashMap<>();
            for (String key : launch.stringPropertyNames()) {
                if (!key.startsWith("launch.")) properties.put(key, launch.getProperty(key));
            }
            for (String key : System.getProperties().stringPropertyNames()) {
                if (properties.containsKey(key) || key.startsWith("flox.") || key.startsWith("gosh.")) properties.put(key, System.getProperty(key));
            }
            // host.bndrun's -runsystempackages: Agrona (in flox.bus and the simulated exchange) uses jdk.internal.misc
            properties.put(Constants.FRAMEWORK_SYSTEMPACKAGES_EXTRA, "jdk.internal.misc,sun.misc");
            framework = ServiceLoader.load(FrameworkFactory.class).iterator().next().newFramework(properties);
            framework.init();
            BundleContext context = framework.getBundleContext();
            List<Bundle> bundles = new ArrayList<>();
            for (String name : launch.getProperty("launch.bundles", "").split(",")) {
                String n = name.trim();
                if (n.isEmpty()) continue;
                ZipEntry b = zip.getEntry(n);
                if (b == null) throw new IllegalStateException(jar + ": launch.bundles names " + n + ", which it does not hold");
                try (InputStream in = zip.getInputStream(b)) {
                    bundles.add(context.installBundle(n, in));
                }
            }
            framework.start();
            for (Bundle b : bundles) { // as the bnd launcher: a bundle that fails to start is reported, the others start
                if (b.getHeaders().get(Constants.FRAGMENT_HOST) != null) continue;
                try {
                    b.start();
                } catch (Exception e) {
                    System.err.println("flox launcher: " + b.getSymbolicName() + " " + b.getVersion() + " did not start: " + e);
                }
            }
        }
        FrameworkEvent end = framework.waitForStop(0);
        System.exit(end.getType() == FrameworkEvent.ERROR ? 1 : STOPPED);
    }
}
