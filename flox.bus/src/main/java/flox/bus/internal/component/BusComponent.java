package flox.bus.internal.component;

import flox.api.bus.SubscriberProperties;
import flox.api.event.EventKind;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.metrics.PluginFaults;
import flox.api.symbol.SymbolRegistry;
import flox.bus.internal.delivery.BusSettings;
import flox.bus.internal.delivery.FanOutBus;
import flox.bus.internal.delivery.Subscription;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * What both bus components share: the configured engine, the whiteboard of subscribers (bound
 * before or after activation), reconfiguration in place, and the BUS lifecycle phase.
 *
 * <p>The engine is opened at activation, so a bus works in a framework without the lifecycle
 * coordinator too; the coordinator's stop is the first step of shutdown (stop fan-out, drain,
 * report), and its start opens it again. A configuration change that is valid replaces the
 * engine: the old one is stopped and drained, the subscribers move to the new one (joining at
 * its start), which takes over the old one's totals; publishes during the switch get CLOSED. An invalid change is reported and the
 * bus keeps running as it was.
 *
 * <p>A subscriber that throws is reported, with the bundle that registered it, to the host's
 * {@link PluginFaults} service when there is one (an optional, dynamic reference; see
 * {@link Subscription#onError}). Only the host's implementation binds ({@link #HOST_PLUGIN_FAULTS}):
 * it is called on the delivery thread, so one a plugin registers must not be.
 *
 * <p>The DS annotations here (registry, activation, configuration change, deactivation, fault
 * book) are inherited by both components (bnd {@code -dsannotations-options: inherit}); each
 * declares only its subscriber reference, whose service type differs.
 *
 * <p>Thread-safe: whiteboard and configuration callbacks synchronize on this component;
 * publishing goes straight to the current engine (one volatile read).
 */
abstract class BusComponent<E extends FanOutBus<?>> implements LifecycleParticipant {
    /**
     * Target of the {@link PluginFaults} reference: flox.core's component (its component name), not
     * an implementation some plugin registers (it would be called on the delivery thread).
     */
    static final String HOST_PLUGIN_FAULTS = "(component.name=flox.core.plugin.PluginFaultMonitor)";
    private final String pid;
    private final String busName;
    private final int kindsCarried;
    private final Map<Object, Map<String, Object>> listeners = new LinkedHashMap<>();
    private SymbolRegistry symbols;
    private volatile BusSettings settings = BusSettings.defaults();
    private PluginFaults faults;
    volatile E engine;

    BusComponent(String pid, String busName, int kindsCarried) {
        this.pid = pid;
        this.busName = busName;
        this.kindsCarried = kindsCarried;
    }

    abstract E newEngine(String name, BusSettings settings, SymbolRegistry symbols);

    final SymbolRegistry symbols() {
        return symbols;
    }

    @Reference
    final void setSymbolRegistry(SymbolRegistry registry) {
        this.symbols = registry; // static reference: set before activation, never changed after
    }

    @Activate
    final synchronized void activate(Map<String, Object> properties) {
        StringBuilder errors = new StringBuilder();
        settings = BusSettings.read(pid, properties, BusConfig.class, BusSettings.defaults(BusConfig.class), errors);
        if (errors.length() > 0) FanOutBus.LOG.log(Level.ERROR, errors.toString());
        E e = newEngine(busName, settings, symbols);
        e.faults(faults);
        for (Map.Entry<Object, Map<String, Object>> l : listeners.entrySet()) subscribe(e, l.getKey(), l.getValue());
        e.open();
        engine = e;
        FanOutBus.LOG.log(Level.INFO, busName + " ready: " + settings);
    }

    @Modified
    final synchronized void modified(Map<String, Object> properties) {
        StringBuilder errors = new StringBuilder();
        BusSettings next = BusSettings.read(pid, properties, BusConfig.class, BusSettings.defaults(BusConfig.class), errors); // absent keys: defaults
        if (errors.length() > 0) {
            FanOutBus.LOG.log(Level.ERROR, errors + "; " + busName + " keeps running as it was (" + settings + ")");
            return;
        }
        if (next.equals(settings)) return;
        E old = engine;
        boolean wasOpen = old.isOpen();
        old.stop();
        E fresh = newEngine(busName, next, symbols);
        fresh.status().carryTotalsFrom(old.status()); // before the subscribers leave it: flox:buses keeps counting from the bus's start
        for (Object l : listeners.keySet()) old.unsubscribe(l);
        fresh.faults(faults);
        for (Map.Entry<Object, Map<String, Object>> l : listeners.entrySet()) subscribe(fresh, l.getKey(), l.getValue());
        if (wasOpen) fresh.open();
        engine = fresh;
        settings = next;
        FanOutBus.LOG.log(Level.INFO, busName + " reconfigured: " + next);
    }

    @Deactivate
    final synchronized void deactivate() {
        E e = engine;
        if (e == null) return;
        e.stop();
        for (Object l : listeners.keySet()) e.unsubscribe(l);
        engine = null;
    }

    final synchronized void bind(Object listener, Map<String, Object> properties) {
        listeners.put(listener, properties);
        E e = engine;
        if (e != null) subscribe(e, listener, properties);
    }

    final synchronized void updated(Object listener, Map<String, Object> properties) {
        E e = engine;
        if (e != null) e.unsubscribe(listener);
        bind(listener, properties);
    }

    final void unbind(Object listener) {
        E e;
        synchronized (this) {
            listeners.remove(listener);
            e = engine;
        }
        if (e != null) e.unsubscribe(listener);
    }

    /** The host's fault book arrived (or, with null, left). */
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            target = HOST_PLUGIN_FAULTS, unbind = "pluginFaultsGone")
    final synchronized void pluginFaults(PluginFaults f) {
        faults = f;
        E e = engine;
        if (e != null) e.faults(f);
    }

    final synchronized void pluginFaultsGone(PluginFaults f) {
        if (faults == f) pluginFaults(null);
    }

    private void subscribe(E e, Object listener, Map<String, Object> properties) {
        Subscription s = describe(listener, properties);
        if (s != null) e.subscribe(s);
    }

    /** Reads the subscriber's service properties; null (and an error naming the subscriber and property) if unusable. */
    private Subscription describe(Object listener, Map<String, Object> p) {
        Object componentName = p.get("component.name");
        long serviceId = p.get(Constants.SERVICE_ID) instanceof Long ? (Long) p.get(Constants.SERVICE_ID) : -1;
        // the service reference's properties: the framework stamps the registering bundle
        long bundleId = p.get(Constants.SERVICE_BUNDLEID) instanceof Long ? (Long) p.get(Constants.SERVICE_BUNDLEID) : -1;
        String name = (componentName != null ? componentName.toString() : listener.getClass().getName()) + "#" + serviceId;
        List<String> problems = new ArrayList<>();

        int kinds = kindsCarried;
        List<String> kindNames = strings(p.get(SubscriberProperties.EVENT_KINDS));
        if (kindNames != null) {
            kinds = 0;
            for (String k : kindNames) {
                try {
                    int bit = 1 << EventKind.valueOf(k.toUpperCase(Locale.ROOT)).ordinal();
                    if ((bit & kindsCarried) == 0) problems.add(k + " is not carried by the " + busName);
                    kinds |= bit & kindsCarried;
                } catch (IllegalArgumentException ex) {
                    problems.add("unknown event kind '" + k + "'");
                }
            }
        }
        List<String> symbolList = strings(p.get(SubscriberProperties.SYMBOLS));
        String[] symbolNames = symbolList == null ? null : symbolList.toArray(new String[0]);
        int priority = 0;
        Object pr = p.get(SubscriberProperties.PRIORITY);
        if (pr != null) {
            try {
                priority = pr instanceof Number ? ((Number) pr).intValue() : Integer.parseInt(pr.toString().strip());
            } catch (NumberFormatException ex) {
                problems.add(SubscriberProperties.PRIORITY + " '" + pr + "' is not a whole number (using 0)");
            }
        }
        boolean lossy = false;
        Object policy = p.get(SubscriberProperties.POLICY);
        if (policy != null) {
            String v = policy.toString().strip().toLowerCase(Locale.ROOT);
            if (v.equals(SubscriberProperties.POLICY_LOSSY)) {
                lossy = true;
            } else if (!v.equals(SubscriberProperties.POLICY_LOSSLESS)) {
                problems.add(SubscriberProperties.POLICY + " '" + policy + "' is not lossless or lossy (using lossless)");
            }
        }
        boolean required = true;
        Object req = p.get(SubscriberProperties.REQUIRED);
        if (req != null) required = req instanceof Boolean ? (Boolean) req : Boolean.parseBoolean(req.toString().strip());
        int delivery = Subscription.MODE_DEFAULT;
        Object dv = p.get(SubscriberProperties.DELIVERY);
        if (dv != null) {
            String v = dv.toString().strip().toLowerCase(Locale.ROOT);
            if (v.equals(SubscriberProperties.DELIVERY_INLINE)) {
                delivery = Subscription.INLINE;
            } else if (v.equals(SubscriberProperties.DELIVERY_AGENT)) {
                delivery = Subscription.AGENT;
            } else {
                problems.add(SubscriberProperties.DELIVERY + " '" + dv + "' is not inline or agent (the bus's mode decides)");
            }
        }
        if (lossy && delivery == Subscription.INLINE) problems.add("a lossy subscriber is served by its own agent, not inline");
        int ranking = p.get(Constants.SERVICE_RANKING) instanceof Integer ? (Integer) p.get(Constants.SERVICE_RANKING) : 0;

        if (!problems.isEmpty()) {
            FanOutBus.LOG.log(Level.ERROR, busName + ": subscriber " + name + ": " + String.join("; ", problems));
        }
        if (kinds == 0) {
            FanOutBus.LOG.log(Level.ERROR, busName + ": subscriber " + name + " wants no event kind this bus carries ("
                    + SubscriberProperties.EVENT_KINDS + "=" + kindNames + "); not subscribed");
            return null;
        }
        return new Subscription(listener, name, priority, ranking, serviceId, bundleId, kinds, symbolNames, lossy, !lossy && required, delivery);
    }

    /** A list-valued service property; null when absent (absent means "all"). */
    private static List<String> strings(Object v) {
        return v == null ? null : flox.core.config.ConfigReader.list(v);
    }

    // ------------------------------------------------------------------ lifecycle (BUS phase)

    @Override
    public final LifecyclePhase phase() {
        return LifecyclePhase.BUS;
    }

    @Override
    public final String name() {
        return busName;
    }

    @Override
    public final void start() {
        E e = engine;
        if (e != null) e.open();
    }

    @Override
    public final void stop() {
        E e = engine;
        if (e != null) e.stop();
    }

    /** The settings last applied (the defaults before activation). */
    final BusSettings settings() {
        return settings;
    }

    /** The current engine, for status and commands; null when inactive. */
    final E engine() {
        return engine;
    }

    final String pid() {
        return pid;
    }
}
