package flox.core.host;

import java.io.PrintStream;
import java.lang.System.Logger.Level;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the live status line and the optional run duration of the host, driven by framework
 * properties the {@code ./flox} launcher sets:
 * <ul>
 * <li>{@code flox.status.interval.ms}: print the status line this often (0 = never). On a
 * terminal the line is rewritten in place; otherwise one line is printed per interval.</li>
 * <li>{@code flox.run.duration.s}: stop the framework (in lifecycle order) after this many
 * seconds (0 = run until stopped).</li>
 * </ul>
 * One daemon thread ("flox-status"); stopped on deactivate.
 */
@Component(immediate = true)
public final class HostRunner {
    private static final System.Logger LOG = System.getLogger("flox.host");

    private final HostStatus status;
    private final BundleContext context;
    private final PrintStream out = System.out;
    private final boolean inPlace = System.console() != null && !"false".equals(System.getProperty("flox.status.inplace"));
    private Thread thread;
    private volatile boolean running = true;

    @Activate
    public HostRunner(@Reference HostStatus status, BundleContext context) {
        this.status = status;
        this.context = context;
        long intervalMs = longProperty("flox.status.interval.ms", 0);
        long durationS = longProperty("flox.run.duration.s", 0);
        if (intervalMs <= 0 && durationS <= 0) return;
        thread = new Thread(() -> run(intervalMs, durationS), "flox-status");
        thread.setDaemon(true);
        thread.start();
    }

    @Deactivate
    void deactivate() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (inPlace) out.println();
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
                if (intervalMs > 0 && inPlace) out.println();
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
        if (inPlace) {
            out.print("\r" + line + "\u001b[K");
            out.flush();
        } else {
            out.println(line);
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
