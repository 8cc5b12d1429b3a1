package flox.core.host;

import flox.api.lifecycle.LifecycleCoordinator;
import java.io.PrintStream;
import java.lang.System.Logger.Level;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.BundleException;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the live status line, the optional run duration and the exit summary of the host,
 * driven by framework properties the {@code ./flox} launcher sets:
 * <ul>
 * <li>{@code flox.status.interval.ms}: print the status line this often (0 = never). On a
 * terminal the line is rewritten in place; otherwise one line is printed per interval.</li>
 * <li>{@code flox.run.duration.s}: stop the framework (in lifecycle order) after this many
 * seconds (0 = run until stopped).</li>
 * <li>{@code flox.host.process=true} (host.bndrun): the framework owns the JVM, so SIGTERM (and
 * SIGINT without the interactive shell) stop it from inside like the run duration does ({@link SignalStop}), and the exit
 * summary is printed in every mode, the shell's {@code stop 0} included.</li>
 * </ul>
 * When either is set, the host also prints the {@link flox.api.metrics.StatusContributor}
 * summary tables once at exit: when the framework starts stopping (system bundle STOPPING,
 * before any bundle is stopped, so the contributors are still there) or when the JVM exits on a
 * signal, in both cases after waiting for the lifecycle shutdown, so the tables show the final
 * state. One daemon thread ("flox-status"); stopped on deactivate.
 */
@Component(immediate = true)
public final class HostRunner {
    private static final System.Logger LOG = System.getLogger("flox.host");
    /** How long the exit summary waits for the lifecycle shutdown (which has its own, configured timeout). */
    private static final long SHUTDOWN_WAIT_MS = 30_000;

    private final HostStatus status;
    private final LifecycleCoordinator lifecycle;
    private final BundleContext context;
    private final PrintStream out = System.out;
    private final boolean inPlace = System.console() != null && !"false".equals(System.getProperty("flox.status.inplace"));
    private final Object printLock = new Object();
    private final AtomicBoolean summaryStarted = new AtomicBoolean();
    private final CountDownLatch summaryDone = new CountDownLatch(1);
    private Thread thread;
    private SynchronousBundleListener stopListener;
    private Thread shutdownHook;
    private SignalStop signals;
    private volatile boolean running = true;
    /** The last thing printed was an in-place status line without its newline. */
    private boolean lineOpen;

    @Activate
    public HostRunner(@Reference HostStatus status, @Reference LifecycleCoordinator lifecycle, BundleContext context) {
        this.status = status;
        this.lifecycle = lifecycle;
        this.context = context;
        long intervalMs = longProperty("flox.status.interval.ms", 0);
        long durationS = longProperty("flox.run.duration.s", 0);
        boolean ownsProcess = "true".equals(context.getProperty(HomeGuard.PROCESS_PROPERTY));
        if (intervalMs <= 0 && durationS <= 0 && !ownsProcess) return;
        if (ownsProcess) {
            try {
                String gosh = context.getProperty("gosh.args");
                boolean interactiveShell = gosh == null || !gosh.contains("--nointeractive");
                signals = SignalStop.tryInstall(() -> {
                    synchronized (printLock) {
                        endLine();
                    }
                    LOG.log(Level.INFO, "signal received: stopping the host in lifecycle order");
                    stopFramework();
                }, interactiveShell ? new String[] {"TERM"} : new String[] {"TERM", "INT"});
            } catch (LinkageError e) {
                System.err.println("flox: signals stop the host through JVM shutdown hooks (" + e + ")");
            }
        }
        stopListener = event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) exitSummary();
        };
        context.addBundleListener(stopListener);
        shutdownHook = new Thread(this::exitSummary, "flox-summary-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        thread = new Thread(() -> run(intervalMs, durationS), "flox-status");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        if (signals != null) signals.close();
        if (stopListener != null) {
            try {
                context.removeBundleListener(stopListener);
            } catch (IllegalStateException ignored) {
                // context already invalid while the framework stops
            }
        }
        if (shutdownHook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyExiting) {
                // the hook is running or has run
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            synchronized (printLock) {
                endLine();
            }
        }
    }

    /**
     * Once: waits for the lifecycle shutdown, stops the status line, prints the contributors'
     * tables. A second caller (framework stop and JVM hook racing) waits until the first is done,
     * so the framework does not stop the contributors' bundles while their tables are printed.
     */
    private void exitSummary() {
        if (!summaryStarted.compareAndSet(false, true)) {
            try {
                summaryDone.await(SHUTDOWN_WAIT_MS + 5_000, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return;
        }
        try {
            printSummary();
        } finally {
            summaryDone.countDown();
        }
    }

    private void printSummary() {
        try {
            lifecycle.shutdown(SHUTDOWN_WAIT_MS); // no-op when already done; otherwise waits for it
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "exit summary: lifecycle shutdown failed: " + e);
        }
        running = false;
        if (thread != null) thread.interrupt();
        String tables;
        try {
            tables = status.summaries();
        } catch (RuntimeException e) { // services going away
            return;
        }
        synchronized (printLock) {
            endLine();
            if (!tables.isEmpty()) {
                out.print(tables);
                out.flush();
            }
        }
    }

    private void run(long intervalMs, long durationS) {
        long startNs = System.nanoTime();
        long deadlineNs = durationS > 0 ? startNs + durationS * 1_000_000_000L : Long.MAX_VALUE;
        long tickMs = intervalMs > 0 ? intervalMs : 200;
        while (running) {
            if (intervalMs > 0) print();
            long now = System.nanoTime();
            if (now - deadlineNs >= 0) {
                synchronized (printLock) {
                    endLine();
                }
                LOG.log(Level.INFO, "run duration of " + durationS + " s reached: stopping the host");
                stopFramework();
                return;
            }
            try {
                Thread.sleep(Math.min(tickMs, Math.max(1, (deadlineNs - now) / 1_000_000L)));
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void print() {
        String line;
        try {
            line = status.line();
        } catch (RuntimeException e) { // services going away during shutdown
            return;
        }
        synchronized (printLock) {
            if (!running) return;
            if (inPlace) {
                out.print("\r" + line + "\u001b[K");
                out.flush();
                lineOpen = true;
            } else {
                out.println(line);
            }
        }
    }

    /** Ends an in-place status line so what follows starts on its own line. Under printLock or after the thread ended. */
    private void endLine() {
        if (lineOpen) {
            out.println();
            lineOpen = false;
        }
    }

    private void stopFramework() {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.ERROR, "could not stop the framework: " + e);
        }
    }

    private long longProperty(String key, long fallback) {
        String v = context.getProperty(key);
        if (v == null || v.isBlank()) return fallback;
        try {
            return Long.parseLong(v.strip());
        } catch (NumberFormatException e) {
            LOG.log(Level.ERROR, "property " + key + ": '" + v + "' is not a whole number; using " + fallback);
            return fallback;
        }
    }
}
