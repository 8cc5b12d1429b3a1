package flox.core.host;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.metrics.StatusContributor;
import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolRegistry;
import java.lang.System.Logger.Level;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.IntSupplier;
import flox.core.plugin.PluginFaultMonitor;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * Builds the one-line host status: lifecycle state, symbols, open orders, components (lifecycle
 * participants plus plugin components that failed to activate, which never became one), plugins, then the
 * fragment of every {@link StatusContributor} service (whiteboard: metrics plugins add events/s,
 * orders, PnL...). Used by the live status line and by {@code flox:status}; {@link #summaries()}
 * gathers the contributors' exit tables. A contributor that throws is left out of that line and
 * reported once. Thread-safe; allocates (cold path, about once a second).
 */
@Component(service = HostStatus.class)
public final class HostStatus {
    private static final System.Logger LOG = System.getLogger("flox.host");

    /** Highest service ranking first, then oldest registration (ServiceReference order, reversed). */
    private final Map<ServiceReference<StatusContributor>, StatusContributor> contributors =
            new ConcurrentSkipListMap<>(Collections.reverseOrder());
    private final Set<String> reportedFailures = ConcurrentHashMap.newKeySet();
    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final LifecycleCoordinator lifecycle;
    private final BundleContext context;
    private final long startedNs = System.nanoTime();
    /** How long the status line says that the last run ended uncleanly. */
    private static final long UNCLEAN_SHOWN_S = 300;
    /** The host's home guard (same bundle); optional: a framework without it shows nothing of the last run. */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile HomeGuard homeGuard;
    private volatile IntSupplier failedActivations = () -> 0;

    @Activate
    public HostStatus(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker,
                      @Reference LifecycleCoordinator lifecycle, BundleContext context) {
        this.symbols = symbols;
        this.tracker = tracker;
        this.lifecycle = lifecycle;
        this.context = context;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addContributor(ServiceReference<StatusContributor> ref, StatusContributor contributor) {
        contributors.put(ref, contributor);
    }

    void removeContributor(ServiceReference<StatusContributor> ref) {
        contributors.remove(ref);
    }

    /**
     * Plugin components whose activation failed: they never became participants, so the
     * lifecycle does not count them; without this the line said "7/7 running" while one was down.
     */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindFaultMonitor(PluginFaultMonitor monitor) {
        failedActivations = monitor::failedActivationCount;
    }

    void unbindFaultMonitor(PluginFaultMonitor monitor) {
        failedActivations = () -> 0;
    }

    /** For tests: where the count of failed plugin component activations comes from. */
    void failedActivations(IntSupplier source) {
        failedActivations = source;
    }

    public String line() {
        List<ParticipantStatus> participants = lifecycle.participants();
        int running = 0;
        int failed = 0;
        for (ParticipantStatus p : participants) {
            if (p.state() == ParticipantState.RUNNING) running++;
            if (p.state() == ParticipantState.FAILED) failed++;
        }
        int notActivated = failedActivations.getAsInt();
        failed += notActivated;
        int components = participants.size() + notActivated;
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
        String host = String.format("flox %-9s | up %02d:%02d:%02d | symbols %d | open orders %d (tracked %d) | components %d/%d running%s | plugins %d/%d active",
                lifecycle.state(), upS / 3600, (upS / 60) % 60, upS % 60, symbols.size(), tracker.openOrderCount(),
                tracker.trackedOrderCount(), running, components, failed > 0 ? ", " + failed + " FAILED (flox:lifecycle, flox:plugins)" : "",
                activePlugins, plugins);
        StringBuilder line = new StringBuilder(host);
        HomeGuard guard = homeGuard;
        if (guard != null && guard.previousRunWarning() != null && upS < UNCLEAN_SHOWN_S) {
            line.append(" | LAST RUN ENDED UNCLEANLY (see the WARNING at start)");
        }
        for (StatusContributor c : contributors.values()) {
            String fragment = call(c, true);
            if (fragment != null && !fragment.isBlank()) line.append(" | ").append(fragment.strip());
        }
        return line.toString();
    }

    /** The contributors' exit tables, separated by blank lines; empty when none has one. */
    public String summaries() {
        StringBuilder out = new StringBuilder();
        for (StatusContributor c : contributors.values()) {
            String table = call(c, false);
            if (table == null || table.isBlank()) continue;
            if (out.length() > 0) out.append(System.lineSeparator());
            out.append(table.stripTrailing()).append(System.lineSeparator());
        }
        return out.toString();
    }

    private String call(StatusContributor c, boolean fragment) {
        try {
            return fragment ? c.statusFragment() : c.summaryTable();
        } catch (RuntimeException e) {
            String key = c.getClass().getName() + (fragment ? "#statusFragment" : "#summaryTable");
            if (reportedFailures.add(key)) {
                LOG.log(Level.WARNING, "status contributor " + key + " failed (left out; reported once): " + e, e);
            }
            return null;
        }
    }

    /** Bundles installed from the host's plugins directory (by FileInstall). */
    static boolean isPlugin(Bundle b) {
        String location = b.getLocation();
        return location != null && (location.contains("/plugins/") || location.contains("\\plugins\\"));
    }
}
