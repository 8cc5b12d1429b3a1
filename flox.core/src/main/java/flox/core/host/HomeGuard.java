package flox.core.host;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Properties;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One host per home. When the framework owns the process ({@code flox.host.process=true}, set
 * by host.bndrun), takes an exclusive lock on {@code <home>/state/host.lock} and keeps it for
 * the life of the JVM; a second host on the same home is refused, naming the process that holds
 * it, and the JVM halts with {@value #EXIT_HOME_IN_USE} before anything trades. Also keeps
 * {@code <home>/state/run} (running / stopped cleanly), so a start after a kill or crash says
 * so loudly.
 *
 * <p>Registers itself as a service (type {@code HomeGuard}) only once the home is held: the
 * lifecycle requires it, so no participant is launched in a refused host. Without
 * {@code flox.host.process} (in-framework tests) it registers at once and locks nothing.
 * Cold path; one activation.
 */
@Component(immediate = true, service = {})
// registered by hand (not by DS): the capability tells the resolver the service exists
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=flox.core.host.HomeGuard")
public final class HomeGuard {
    private static final System.Logger LOG = System.getLogger("flox.host");
    /** Exit status of a host refused because another one holds its home. */
    public static final int EXIT_HOME_IN_USE = 4;
    public static final String PROCESS_PROPERTY = "flox.host.process";
    public static final String HOME_PROPERTY = "flox.home";

    private final BundleContext context;
    private final Path home;
    private FileChannel lockChannel;
    private FileLock lock;
    private ServiceRegistration<HomeGuard> registration;
    private volatile String previousRunWarning;

    @Activate
    public HomeGuard(BundleContext context) {
        this.context = context;
        this.home = home(context);
        if (!"true".equals(context.getProperty(PROCESS_PROPERTY))) {
            register();
            return;
        }
        String refusal = acquire();
        if (refusal != null) {
            // halt, not exit: nothing of this host has run (the lifecycle needs this service), and
            // an orderly framework stop would only add other bundles' noise to the one line that matters
            LOG.log(Level.ERROR, refusal);
            System.err.println("flox: " + refusal);
            System.out.flush();
            System.err.flush();
            Runtime.getRuntime().halt(EXIT_HOME_IN_USE);
            return;
        }
        register();
    }

    /** The host home: the framework property flox.home, else the working directory. */
    public static Path home(BundleContext context) {
        String h = context.getProperty(HOME_PROPERTY);
        return Paths.get(h != null && !h.isBlank() ? h : System.getProperty("user.dir")).toAbsolutePath().normalize();
    }

    public Path home() {
        return home;
    }

    /** What the start said about the run before (ended uncleanly), or null. */
    public String previousRunWarning() {
        return previousRunWarning;
    }

    private void register() {
        registration = context.registerService(HomeGuard.class, this, null);
    }

    /** Null when the home is now held; otherwise why not. */
    private String acquire() {
        Path state = home.resolve("state");
        Path lockFile = state.resolve("host.lock");
        Path runFile = state.resolve("run");
        try {
            Files.createDirectories(state);
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException sameJvm) {
                lock = null;
            }
        } catch (IOException e) {
            closeQuietly();
            return "cannot lock the host home " + home + " (" + lockFile + ": " + e.getMessage()
                    + "): refusing to start; the home must be writable by the user running the host";
        }
        Properties previous = read(runFile);
        if (lock == null) {
            closeQuietly();
            return "the host home " + home + " is in use by another Flox host (pid " + previous.getProperty("pid", "unknown")
                    + ", started " + previous.getProperty("started", "unknown") + "): refusing to start a second host on it"
                    + " (both would trade every strategy). Stop that host first, or use another --home.";
        }
        if ("running".equals(previous.getProperty("state"))) {
            previousRunWarning = "the last run in " + home + " (pid " + previous.getProperty("pid", "unknown") + ", started "
                    + previous.getProperty("started", "unknown") + ") ended uncleanly (killed or crashed, no orderly shutdown):"
                    + " its open orders may still rest at the venue; check flox:orders and flox:risk before trading";
            LOG.log(Level.WARNING, previousRunWarning);
        }
        Properties now = new Properties();
        now.setProperty("state", "running");
        now.setProperty("pid", Long.toString(ProcessHandle.current().pid()));
        now.setProperty("started", Instant.now().toString());
        try {
            write(runFile, now, "Flox host run marker: 'running' while a host holds this home; 'stopped' after an orderly stop.");
        } catch (IOException e) {
            closeQuietly();
            return "cannot write " + runFile + " (" + e.getMessage() + "): refusing to start; the home must be writable";
        }
        return null;
    }

    @Deactivate
    void deactivate() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // unregistered with the bundle
            }
        }
        if (lock == null) return;
        Path runFile = home.resolve("state").resolve("run");
        Properties run = read(runFile);
        run.setProperty("state", "stopped");
        run.setProperty("stopped", Instant.now().toString());
        try {
            write(runFile, run, "Flox host run marker: 'running' while a host holds this home; 'stopped' after an orderly stop.");
        } catch (IOException e) {
            LOG.log(Level.WARNING, "could not record the orderly stop in " + runFile + ": " + e.getMessage()
                    + " (the next start will report this run as unclean)");
        }
        closeQuietly();
    }

    private void closeQuietly() {
        try {
            if (lock != null) lock.release();
        } catch (IOException | RuntimeException ignored) {
            // the channel closes below
        }
        lock = null;
        try {
            if (lockChannel != null) lockChannel.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
        lockChannel = null;
    }

    private static Properties read(Path file) {
        Properties p = new Properties();
        if (!Files.isRegularFile(file)) return p;
        try (var in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException | IllegalArgumentException e) {
            LOG.log(Level.WARNING, "cannot read " + file + " (" + e.getMessage() + "); treating it as absent");
        }
        return p;
    }

    /** Writes atomically: a temp file in the same directory, forced to disk, then renamed over the target. */
    static void write(Path file, Properties values, String comment) throws IOException {
        StringBuilder text = new StringBuilder("# ").append(comment).append('\n');
        for (String key : new java.util.TreeSet<>(values.stringPropertyNames())) {
            text.append(key).append('=').append(values.getProperty(key)).append('\n');
        }
        Path tmp = file.resolveSibling("." + file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(java.nio.ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8)));
            ch.force(true);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
