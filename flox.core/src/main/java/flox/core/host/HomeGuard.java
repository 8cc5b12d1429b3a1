package flox.core.host;

import flox.core.config.HomeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
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

    private static final String RUN = "run";
    private static final String RUN_HEADER = "Flox host run marker: 'running' while a host holds this home; 'stopped' after an orderly stop.";

    private final BundleContext context;
    private final Path home;
    private final HomeState state;
    private FileChannel lockChannel;
    private FileLock lock;
    private ServiceRegistration<HomeGuard> registration;
    private volatile String previousRunWarning;

    @Activate
    public HomeGuard(BundleContext context) {
        this.context = context;
        this.home = home(context);
        this.state = new HomeState(home);
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
        return HomeState.home(context.getProperty(HOME_PROPERTY)).normalize();
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
        Path lockFile = state.file("host.lock");
        Path runFile = state.file(RUN);
        try {
            Files.createDirectories(lockFile.getParent());
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
        Map<String, String> previous = readRun();
        if (lock == null) {
            closeQuietly();
            return "the host home " + home + " is in use by another Flox host (pid " + previous.getOrDefault("pid", "unknown")
                    + ", started " + previous.getOrDefault("started", "unknown") + "): refusing to start a second host on it"
                    + " (both would trade every strategy). Stop that host first, or use another --home.";
        }
        if ("running".equals(previous.get("state"))) {
            previousRunWarning = "the last run in " + home + " (pid " + previous.getOrDefault("pid", "unknown") + ", started "
                    + previous.getOrDefault("started", "unknown") + ") ended uncleanly (killed or crashed, no orderly shutdown):"
                    + " its open orders may still rest at the venue; check flox:orders and flox:risk before trading";
            LOG.log(Level.WARNING, previousRunWarning);
        }
        Map<String, String> now = new LinkedHashMap<>();
        now.put("state", "running");
        now.put("pid", Long.toString(ProcessHandle.current().pid()));
        now.put("started", Instant.now().toString());
        try {
            state.write(RUN, RUN_HEADER, now);
        } catch (UncheckedIOException e) {
            closeQuietly();
            return "cannot write " + runFile + " (" + e.getCause().getMessage() + "): refusing to start; the home must be writable";
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
        Map<String, String> run = new LinkedHashMap<>(readRun());
        run.put("state", "stopped");
        run.put("stopped", Instant.now().toString());
        try {
            state.write(RUN, RUN_HEADER, run);
        } catch (UncheckedIOException e) {
            LOG.log(Level.WARNING, "could not record the orderly stop in " + state.file(RUN) + ": " + e.getCause().getMessage()
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

    /** state/run as written by the last host; empty when absent or unreadable (said at WARNING). */
    private Map<String, String> readRun() {
        try {
            Map<String, String> m = state.read(RUN);
            return m != null ? m : Map.of();
        } catch (IOException e) {
            LOG.log(Level.WARNING, "cannot read " + state.file(RUN) + " (" + e.getMessage() + "); treating it as absent");
            return Map.of();
        }
    }
}
