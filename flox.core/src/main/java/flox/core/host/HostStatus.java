package flox.core.host;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolRegistry;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Builds the one-line host status: lifecycle state, symbols, open orders, plugins. Used by the
 * live status line and by {@code flox:status}. Thread-safe; allocates (cold path, about once a second).
 */
@Component(service = HostStatus.class)
public final class HostStatus {
    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final LifecycleCoordinator lifecycle;
    private final BundleContext context;
    private final long startedNs = System.nanoTime();

    @Activate
    public HostStatus(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker,
                      @Reference LifecycleCoordinator lifecycle, BundleContext context) {
        this.symbols = symbols;
        this.tracker = tracker;
        this.lifecycle = lifecycle;
        this.context = context;
    }

    public String line() {
        List<ParticipantStatus> participants = lifecycle.participants();
        int running = 0;
        int failed = 0;
        for (ParticipantStatus p : participants) {
            if (p.state() == ParticipantState.RUNNING) running++;
            if (p.state() == ParticipantState.FAILED) failed++;
        }
        int plugins = 0;
        int activePlugins = 0;
        try {
            for (Bundle b : context.getBundles()) {
                if (isPlugin(b)) {
                    plugins++;
                    if (b.getState() == Bundle.ACTIVE) activePlugins++;
                }
            }
        } catch (IllegalStateException stopping) {
            // the context went away while the framework stops
        }
        long upS = (System.nanoTime() - startedNs) / 1_000_000_000L;
        return String.format("flox %-9s | up %02d:%02d:%02d | symbols %d | open orders %d (tracked %d) | components %d/%d running%s | plugins %d/%d active",
                lifecycle.state(), upS / 3600, (upS / 60) % 60, upS % 60, symbols.size(), tracker.openOrderCount(),
                tracker.trackedOrderCount(), running, participants.size(), failed > 0 ? ", " + failed + " FAILED" : "",
                activePlugins, plugins);
    }

    /** Bundles installed from the host's plugins directory (by FileInstall). */
    static boolean isPlugin(Bundle b) {
        String location = b.getLocation();
        return location != null && (location.contains("/plugins/") || location.contains("\\plugins\\"));
    }
}
