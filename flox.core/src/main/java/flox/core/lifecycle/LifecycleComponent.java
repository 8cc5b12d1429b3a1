package flox.core.lifecycle;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecycleState;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.num.FixedPoint;
import flox.api.order.OrderTracker;
import flox.api.order.StrategyPositions;
import flox.api.plugin.ExchangeConnector;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import flox.core.gateway.OrderGatewayComponent;
import flox.core.host.HomeGuard;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.FrameworkListener;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host's {@link LifecycleCoordinator} service (pid {@value #PID}): tracks every
 * {@link LifecycleParticipant} service (whiteboard) and hands it to a {@link LifecycleConductor}.
 *
 * <p>Launch happens once the framework has started all initial bundles and no participant has
 * arrived for a short settle time (at most 10 s after the start), so the initial plugins,
 * including those whose configuration arrives a little later, start phase by phase and not in
 * arrival order. Shutdown runs when the framework begins to stop (system bundle STOPPING, before any other bundle is
 * stopped), or when {@link #shutdown(long)} is called.
 *
 * <p>Strategies come and go through {@link StrategyHandovers}: a departing instance is stopped,
 * then its state is exported and its open orders wait for the next instance with its strategy id,
 * which imports them before it is started (hot swap). A strategy id can be disabled by an operator
 * ({@code flox:disable}): its instances are stopped and new ones are not started until enabled.
 *
 * <p>One instance per strategy id: a second instance with an id a present instance holds is
 * refused (kept stopped, logged once). An instance that took over no state from its predecessor
 * while a {@link StrategyPositions} source counts a position for its id is started disabled
 * (logged once; {@code flox:enable ID} starts it), and so is a returning id when no source is
 * present: it would start flat while the id holds a position.
 */
@Component(service = {LifecycleCoordinator.class, LifecycleComponent.class}, configurationPid = LifecycleComponent.PID, immediate = true)
@Designate(ocd = LifecycleComponent.Config.class)
public final class LifecycleComponent implements LifecycleCoordinator {
    public static final String PID = "flox.lifecycle";
    private static final System.Logger LOG = System.getLogger("flox.lifecycle");

    @ObjectClassDefinition(name = "Flox lifecycle", description = "Launch and shutdown order of the host.")
    public @interface Config {
        @AttributeDefinition(name = "Settle time (ms)", description = "Wait after the framework started before launching, so the initial plugins register first.", min = "0", max = "60000")
        long launch_settle_ms() default 300;

        @AttributeDefinition(name = "Stop timeout (ms)", description = "How long shutdown (and the removal of one participant) may take before it is reported as stuck.", min = "1", max = "600000")
        long stop_timeout_ms() default 10_000;

        @AttributeDefinition(name = "Open orders of a departing strategy", description = "handover: they wait for the next instance with the same "
                + "strategy id, which imports the old instance's state (hot swap); cancel: they are canceled when the instance goes.",
                options = {@org.osgi.service.metatype.annotations.Option(value = "handover"), @org.osgi.service.metatype.annotations.Option(value = "cancel")})
        String handover_orders() default "handover";

        @AttributeDefinition(name = "Handover timeout (ms)", description = "How long a departed strategy's open orders wait for a new instance before they are canceled.", min = "1", max = "3600000")
        long handover_timeout_ms() default 10_000;
    }

    /** One line per failure at ERROR (the cause and where it was thrown); the stack at DEBUG only. */
    private final LifecycleConductor conductor = new LifecycleConductor((name, action, error) -> {
        StackTraceElement[] at = error.getStackTrace();
        LOG.log(Level.ERROR, "lifecycle: " + name + " " + action + " failed: " + error + (at.length > 0 ? " at " + at[0] : ""));
        LOG.log(Level.DEBUG, "lifecycle: " + name + " " + action + " failed", error);
    });
    /** From the configuration (metatype default at activation). */
    private volatile long settleMs;
    private volatile long lastArrivalNs = System.nanoTime();
    /** Launch at the latest this long after the framework started, even if participants keep arriving. */
    private static final long MAX_SETTLE_NS = 10_000_000_000L;
    private volatile long stopTimeoutMs;
    private BundleContext context;
    private SynchronousBundleListener stopListener;
    private FrameworkListener startedListener;
    private Thread launcher;
    private Thread shutdownHook;
    private final ScheduledExecutorService handoverTimer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "flox-handover");
        t.setDaemon(true);
        return t;
    });
    private final StrategyHandovers handovers = new StrategyHandovers(handoverTimer,
            (message, problem) -> LOG.log(problem ? Level.WARNING : Level.INFO, "handover: " + message));
    /** Strategy ids an operator disabled: their instances are not started; owner of the set (pushed to the gateway). */
    private final Set<Integer> disabledIds = ConcurrentHashMap.newKeySet();
    private volatile OrderGatewayComponent gateway;
    private volatile boolean closing;
    /** Where disabledIds persist (state/disabled-strategies); set at activation. */
    private volatile DisabledStrategiesFile disabledFile;
    /** That file could not be read at start: each strategy id is held disabled once, when it first arrives. */
    private volatile boolean disabledFileUnreadable;
    private final Set<Integer> heldForUnreadableFile = ConcurrentHashMap.newKeySet();
    /** Registered only once this host holds its home: a second host on one home launches nothing. */
    @Reference
    private HomeGuard homeGuard;
    private final List<StrategyPositions> positionSources = new java.util.concurrent.CopyOnWriteArrayList<>();

    {
        handovers.positions(new StrategyHandovers.HeldPositions() {
            @Override public boolean available() { return !positionSources.isEmpty(); }
            @Override public String held(int strategyId) { return heldPositions(strategyId); }
        });
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addParticipant(LifecycleParticipant participant, ServiceReference<?> ref) {
        if (isStrategyService(ref)) return; // added by addStrategy, after its handover
        lastArrivalNs = System.nanoTime();
        conductor.add(participant, ref.getBundle() != null ? ref.getBundle().getBundleId() : -1);
    }

    void removeParticipant(LifecycleParticipant participant, ServiceReference<?> ref) {
        if (isStrategyService(ref)) return; // removed by removeStrategy
        // synchronous: the participant's component is deactivated right after this returns
        conductor.remove(participant, stopTimeoutMs);
    }

    // The role interfaces extend LifecycleParticipant: a plugin registered only as a Strategy,
    // ExchangeConnector or OrderExecutor is a participant too. One registered under several of
    // these names is added once (the conductor ignores an object it already has).

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(Strategy strategy, ServiceReference<?> ref) {
        lastArrivalNs = System.nanoTime();
        String bundle = bundleName(ref);
        int id;
        try {
            id = strategy.strategyId();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "lifecycle: strategy " + strategy.getClass().getName() + " of " + bundle + ": strategyId() threw " + e
                    + "; it is kept stopped (it cannot own orders)");
            conductor.add(strategy, bundleId(ref), true);
            return;
        }
        // one conductor task: the pending handover is imported (on the lifecycle thread, as
        // StateHandover promises) before the conductor decides whether to start it; a duplicate
        // id is refused (kept stopped), one that would start flat on a known position is disabled
        Object component = ref.getProperty("component.name");
        boolean[] refused = new boolean[1];
        conductor.add(strategy, bundleId(ref), () -> refused[0] || disabledIds.contains(id), () -> {
            StrategyHandovers.Arrival a = handovers.arrived(strategy, id, bundle, component == null ? null : component.toString());
            if (a.refused != null) {
                refused[0] = true;
                LOG.log(Level.WARNING, "lifecycle: " + a.refused);
            } else if (a.startDisabled != null) {
                disabledIds.add(id);
                saveDisabled(); // held back until the operator enables it, across a restart too
                OrderGatewayComponent g = gateway;
                if (g != null) g.setDisabled(id, true);
                LOG.log(Level.WARNING, "lifecycle: " + a.startDisabled);
            } else if (disabledFileUnreadable && heldForUnreadableFile.add(id) && !disabledIds.contains(id)) {
                // the ids disabled in the last run cannot be known: hold every id once, until the operator decides
                disabledIds.add(id);
                OrderGatewayComponent g = gateway;
                if (g != null) g.setDisabled(id, true);
                LOG.log(Level.WARNING, "lifecycle: strategy " + id + " (" + bundle + ") held DISABLED: " + disabledFile.path()
                        + " could not be read, so whether it was disabled in the last run is unknown; flox:enable " + id + " to start it");
            }
        });
    }

    void removeStrategy(Strategy strategy, ServiceReference<?> ref) {
        // synchronous (bounded): stopped, then its state exported, in one conductor task, before its
        // component is deactivated; if that takes longer than stop.timeout.ms the task still
        // finishes in order (export never overlaps stop) and the delay is reported
        String bundle = bundleName(ref);
        conductor.remove(strategy, stopTimeoutMs, () -> {
            LifecycleState s = conductor.state();
            handovers.departed(strategy, bundle, closing || s == LifecycleState.STOPPING || s == LifecycleState.STOPPED);
        });
    }

    // The host's own tracker and gateway only (a plugin registering one must not receive the
    // host's cancels); unbind compares, because DS binds a replacement before it unbinds the old one.

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = "(component.name=flox.core.order.OrderTrackerComponent)")
    void bindTracker(OrderTracker tracker) {
        handovers.tracker(tracker);
    }

    void unbindTracker(OrderTracker tracker) {
        handovers.trackerGone(tracker);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindGateway(OrderGatewayComponent gateway) {
        // the disabled ids survive the restart of either component: union of both
        for (int id : gateway.disabledStrategies()) disabledIds.add(id);
        for (int id : disabledIds) gateway.setDisabled(id, true);
        this.gateway = gateway;
        handovers.gateway(gateway);
    }

    void unbindGateway(OrderGatewayComponent gateway) {
        if (this.gateway == gateway) this.gateway = null;
        handovers.gatewayGone(gateway);
    }

    private static boolean isStrategyService(ServiceReference<?> ref) {
        Object classes = ref.getProperty(Constants.OBJECTCLASS);
        if (classes instanceof String[]) {
            for (String c : (String[]) classes) if (Strategy.class.getName().equals(c)) return true;
        }
        return false;
    }

    private static long bundleId(ServiceReference<?> ref) {
        return ref.getBundle() != null ? ref.getBundle().getBundleId() : -1;
    }

    private static String bundleName(ServiceReference<?> ref) {
        Bundle b = ref.getBundle();
        return b == null ? "(unregistered)" : b.getSymbolicName() + " " + b.getVersion();
    }

    // Where the host's view of each strategy id's position comes from (see StrategyHandovers.HeldPositions).

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addPositions(StrategyPositions source) {
        positionSources.add(source);
    }

    void removePositions(StrategyPositions source) {
        positionSources.remove(source);
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    volatile SymbolRegistry symbols;

    /** Any source's non-zero positions of the id ("SIM:BTCUSDT -0.00173"), or null when all say flat. */
    private String heldPositions(int strategyId) {
        StringBuilder out = new StringBuilder();
        SymbolRegistry registry = symbols;
        for (StrategyPositions source : positionSources) {
            for (Map.Entry<Integer, Long> e : new java.util.TreeMap<>(source.positions(strategyId)).entrySet()) {
                if (e.getValue() == 0) continue;
                SymbolInfo info = registry == null ? null : registry.symbol(e.getKey());
                String text = info == null ? "symbol " + e.getKey() + " " + e.getValue() + " (scaled)"
                        : info.exchange() + ":" + info.symbol() + " " + FixedPoint.format(e.getValue(), info.quantityScale());
                if (out.indexOf(text) < 0) out.append(out.length() == 0 ? "" : ", ").append(text);
            }
        }
        return out.length() == 0 ? null : out.toString();
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addConnector(ExchangeConnector participant, ServiceReference<?> ref) {
        addParticipant(participant, ref);
    }

    void removeConnector(ExchangeConnector participant, ServiceReference<?> ref) {
        removeParticipant(participant, ref);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addExecutor(OrderExecutor participant, ServiceReference<?> ref) {
        addParticipant(participant, ref);
    }

    void removeExecutor(OrderExecutor participant, ServiceReference<?> ref) {
        removeParticipant(participant, ref);
    }

    @Activate
    void activate(BundleContext context, Map<String, Object> properties) {
        this.context = context;
        configure(properties, true);
        loadDisabled(new DisabledStrategiesFile(new flox.core.config.HomeState(flox.core.config.HomeState.home(context.getProperty("flox.home")))));
        stopListener = event -> {
            if (event.getBundle().getBundleId() == 0 && event.getType() == BundleEvent.STOPPING) {
                LOG.log(Level.INFO, "framework stopping: shutting down in lifecycle order");
                conductor.shutdown(stopTimeoutMs);
            }
        };
        context.addBundleListener(stopListener);
        // SIGTERM / Ctrl-C: the JVM may exit without stopping the framework, so shut down in
        // lifecycle order from a hook; stderr, because java.util.logging resets itself at exit
        shutdownHook = new Thread(() -> {
            if (conductor.state() == LifecycleState.STOPPED) return;
            System.err.println("flox: JVM exiting (signal): shutting down in lifecycle order");
            boolean clean = conductor.shutdown(stopTimeoutMs);
            System.err.println("flox: shutdown " + (clean ? "complete" : "timed out after " + stopTimeoutMs + " ms"));
        }, "flox-shutdown-hook");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Bundle system = context.getBundle(Constants.SYSTEM_BUNDLE_LOCATION);
        if (system.getState() == Bundle.ACTIVE) {
            launchAfterSettle(); // host already running: this bundle was restarted
        } else {
            startedListener = event -> {
                if (event.getType() == FrameworkEvent.STARTED) launchAfterSettle();
            };
            context.addFrameworkListener(startedListener);
        }
    }

    @Modified
    void modified(Map<String, Object> properties) {
        configure(properties, false);
    }

    @Deactivate
    void deactivate() {
        closing = true;
        handovers.close();
        handoverTimer.shutdownNow();
        try {
            handoverTimer.awaitTermination(stopTimeoutMs, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyExiting) {
            // the hook is running or has run
        }
        try {
            context.removeBundleListener(stopListener);
            if (startedListener != null) context.removeFrameworkListener(startedListener);
        } catch (IllegalStateException ignored) {
            // context already invalid while the framework stops
        }
        if (launcher != null) launcher.interrupt();
        conductor.close(stopTimeoutMs);
    }

    /** The ids disabled in the last run are disabled again before any strategy starts (launch comes later). */
    void loadDisabled(DisabledStrategiesFile file) {
        disabledFile = file;
        try {
            java.util.TreeSet<Integer> ids = file.load();
            if (ids.isEmpty()) return;
            disabledIds.addAll(ids);
            OrderGatewayComponent g = gateway;
            if (g != null) for (int id : ids) g.setDisabled(id, true);
            LOG.log(Level.WARNING, "strategies " + ids + " DISABLED (in an earlier run, by flox:disable or held back on a position; " + file.path()
                    + "): not started, new orders refused; flox:enable ID to enable");
        } catch (java.io.IOException e) {
            disabledFileUnreadable = true;
            LOG.log(Level.ERROR, "cannot read " + file.path() + " (" + e.getMessage() + "): every strategy is held DISABLED when it "
                    + "arrives (the ids disabled in the last run are unknown); flox:enable ID starts one; fix or delete the file");
        }
    }

    /** At start an absent or bad key takes the metatype's default; on a running host it keeps the value in force. */
    private void configure(Map<String, Object> properties, boolean atStart) {
        ConfigReader config = new ConfigReader(PID, properties);
        Metatype schema = Metatype.of(Config.class);
        settleMs = schema.longValue(config, "launch.settle.ms", atStart ? schema.defaultLong("launch.settle.ms") : settleMs);
        stopTimeoutMs = schema.longValue(config, "stop.timeout.ms", atStart ? schema.defaultLong("stop.timeout.ms") : stopTimeoutMs);
        String orders = schema.optionValue(config, "handover.orders",
                atStart ? schema.defaultString("handover.orders") : Metatype.option(handovers.policy()));
        handovers.configure(StrategyHandovers.OrdersPolicy.valueOf(orders.toUpperCase(java.util.Locale.ROOT)), schema.longValue(config,
                "handover.timeout.ms", atStart ? schema.defaultLong("handover.timeout.ms") : handovers.timeoutMs()));
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
    }

    private synchronized void launchAfterSettle() {
        if (launcher != null) return;
        launcher = new Thread(() -> {
            // a quiet period: launch once no participant has arrived for settleMs (plugins whose
            // configuration FileInstall delivers after the framework started join the first launch)
            long startNs = System.nanoTime();
            long settleNs = settleMs * 1_000_000;
            try {
                for (long now = System.nanoTime(); now - lastArrivalNs < settleNs || now - startNs < settleNs; now = System.nanoTime()) {
                    if (now - startNs > MAX_SETTLE_NS) break;
                    Thread.sleep(Math.max(1, (settleNs - Math.min(now - lastArrivalNs, now - startNs)) / 1_000_000));
                }
            } catch (InterruptedException e) {
                return;
            }
            LOG.log(Level.INFO, "launching: buses, connectors, strategies, executors");
            conductor.launch();
        }, "flox-lifecycle-launch");
        launcher.setDaemon(true);
        launcher.start();
    }

    @Override
    public LifecycleState state() {
        return conductor.state();
    }

    @Override
    public List<ParticipantStatus> participants() {
        return conductor.participants();
    }

    @Override
    public boolean shutdown(long timeoutMs) {
        return conductor.shutdown(timeoutMs);
    }

    /** Participants currently running. */
    public int runningCount() {
        return conductor.runningCount();
    }

    // ------------------------------------------------------------------ strategies (flox:strategies, enable, disable)

    /** Swaps, pending handovers and orphaned orders. */
    public StrategyHandovers handovers() {
        return handovers;
    }

    /** Lifecycle state of one strategy instance, or null if unknown. */
    public ParticipantState stateOf(Strategy strategy) {
        return conductor.stateOf(strategy);
    }

    public boolean isDisabled(int strategyId) {
        return disabledIds.contains(strategyId);
    }

    /** Ids an operator disabled, ascending. */
    public int[] disabledIds() {
        int[] ids = disabledIds.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(ids);
        return ids;
    }

    /** Writes the disabled ids to state/disabled-strategies; a failure is logged, not thrown. */
    private synchronized void saveDisabled() {
        DisabledStrategiesFile file = disabledFile;
        String error = file == null ? null : file.save(disabledIds());
        if (error != null) LOG.log(Level.WARNING, "disabled strategies NOT PERSISTED (" + error + "): a restart would start them");
    }

    /**
     * Disables or enables a strategy id: its instances are stopped (and not started again) or
     * started. Returns how many instances it applied to; the id stays disabled for instances that
     * arrive later (a swap keeps it disabled).
     */
    public int setEnabled(int strategyId, boolean enabled) {
        OrderGatewayComponent g = gateway;
        if (enabled) {
            disabledIds.remove(strategyId);
            handovers.enabled(strategyId);
        }
        else disabledIds.add(strategyId);
        if (g != null) g.setDisabled(strategyId, !enabled); // before stopping: no new order slips in meanwhile
        saveDisabled();
        int n = 0;
        for (Strategy s : handovers.instances(strategyId)) {
            if (conductor.setEnabled(s, enabled, stopTimeoutMs)) n++;
        }
        LOG.log(Level.INFO, "strategy " + strategyId + (enabled ? " enabled" : " disabled") + " (" + n + " instance" + (n == 1 ? "" : "s") + ")");
        return n;
    }
}
