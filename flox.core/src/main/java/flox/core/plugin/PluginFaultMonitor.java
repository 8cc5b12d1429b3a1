package flox.core.plugin;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.metrics.PluginFaults;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceListener;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.service.cm.SynchronousConfigurationListener;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Faults of plugins at run time (pid {@value PluginHost#PID}, read: {@code check.interval.ms},
 * {@code activate.blocked.ms}; described by {@link PluginHost.Config}). It is the host's
 * {@link PluginFaults}: host components report what they find (a bus subscriber that throws), and
 * a check every {@code check.interval.ms} (its own daemon thread, "flox-plugins-check") finds:
 * <ul>
 *   <li>components of plugin bundles whose activation failed (SCR's
 *   {@link ComponentConfigurationDTO#FAILED_ACTIVATION} and its {@code failure});</li>
 *   <li>activations that do not return ({@link ActivationWatch}: a plugin frame above SCR's
 *   activation in some thread's stack for {@code activate.blocked.ms});</li>
 *   <li>lifecycle participants of any bundle that FAILED (start or stop threw);</li>
 *   <li>what {@link PluginHost#problemList} says (unresolved requirements, framework errors), to
 *   log it (flox:plugins shows it from PluginHost already).</li>
 * </ul>
 * Each check first has {@link PluginHost#recheckDirectory} check the plugins directory's
 * ownership and permissions again.
 * Each fault is logged once, on "flox.plugins" ({@link FaultBook}); {@code flox:plugins} shows
 * the current ones ({@link #faults}).
 *
 * <p><b>Never blocked by a plugin.</b> {@link #faults} reads published state only. The check
 * itself never calls SCR: the SCR queries run on a second thread ("flox-plugins-scr"), at most
 * one at a time, and the check uses the last completed result; a query that does not return is
 * reported (as a host note) instead of stalling the checks, which keep looking at thread stacks.
 *
 * <p><b>Cost, and what it gives up.</b> Looking for blocked activations needs the threads' stacks
 * ({@link Thread#getAllStackTraces}: a global safepoint, some tens of microseconds with a few
 * hundred threads, plus garbage). On a trading host that is not paid once a second for ever: the
 * stacks are sampled only while an activation of a plugin component can be in progress, i.e.
 * <ul>
 *   <li>within {@code activate.blocked.ms} + {@value #SAMPLE_GRACE_MS} ms after an event that
 *   starts activations: a plugin bundle STARTING, STARTED or UPDATED (a synchronous bundle
 *   listener), a configuration change (a {@link SynchronousConfigurationListener}: called on the
 *   thread that changes it, before SCR hears of it), SCR's component state changing (its
 *   {@code service.changecount}), and this monitor's own activation;</li>
 *   <li>and for as long as an activation of a plugin component is being tracked
 *   ({@link ActivationWatch#tracking}), so one that blocks is followed until it returns.</li>
 * </ul>
 * Each sample's stacks are looked at further only when they hold SCR's activation frame; only
 * then are their frames looked up in the plugin jars. The trade-off: an activation that starts
 * with none of these signals (a delayed component of a plugin activated when some thread first
 * gets its service, long after its bundle started and with SCR's state unchanged) and blocks is
 * not reported, unless some other such event opens a window while it is blocked. Failed
 * activations (SCR's state) are found regardless.
 */
@Component(name = "flox.core.plugin.PluginFaultMonitor", // flox.bus binds PluginFaults by this name only (its target filter)
        service = {PluginFaults.class, PluginFaultMonitor.class}, configurationPid = PluginHost.PID, immediate = true)
public final class PluginFaultMonitor implements PluginFaults {
    private static final System.Logger LOG = System.getLogger("flox.plugins");
    /** How long after {@code activate.blocked.ms} the stacks are still sampled after an event that may start an activation. */
    static final long SAMPLE_GRACE_MS = 10_000;

    private final PluginHost host;
    private final BundleContext context;
    private final FaultBook book;
    private final ActivationWatch activations = new ActivationWatch();
    private final SampleWindow window = new SampleWindow();
    private final ScheduledExecutorService checker = Executors.newSingleThreadScheduledExecutor(daemon("flox-plugins-check"));
    private final ExecutorService scrQueries = Executors.newSingleThreadExecutor(daemon("flox-plugins-scr"));

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile ServiceComponentRuntime scr;
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile LifecycleCoordinator lifecycle;

    /** From the configuration; an absent or bad key takes the metatype's default ({@link PluginHost.Config}). */
    private volatile long intervalMs;
    private volatile long blockedMs;
    private ScheduledFuture<?> schedule;

    /** Last completed SCR query: failed activations and component names, per bundle. */
    private volatile ScrSnapshot scrSnapshot = ScrSnapshot.EMPTY;
    /** When the SCR query in progress started; 0 when none is. */
    private volatile long scrQueryStartedNs;
    /** A problem of the checks themselves (SCR query stuck), or null. */
    private volatile String note;
    private boolean noteLogged;
    /** Checks completed (for status and for tests that wait for a few more). */
    private final AtomicLong checks = new AtomicLong();
    /** Stack samples taken (for status and tests). */
    private final AtomicLong stackSamples = new AtomicLong();

    private final SynchronousBundleListener bundleListener = this::bundleChanged;
    /** SCR's service.changecount moved: some component's state changed. */
    private final ServiceListener scrListener = event -> activationMayStart();
    private ServiceRegistration<?> configListener;

    @Activate
    public PluginFaultMonitor(@Reference PluginHost host, BundleContext context, Map<String, Object> properties) {
        this.host = host;
        this.context = context;
        this.book = new FaultBook(id -> exists(context, id));
        configure(properties);
        context.addBundleListener(bundleListener);
        try {
            context.addServiceListener(scrListener, "(" + Constants.OBJECTCLASS + "=" + ServiceComponentRuntime.class.getName() + ")");
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e); // a constant filter
        }
        // synchronous: on the thread that changes the configuration, so an activation that blocks CM's event thread cannot hide it
        SynchronousConfigurationListener onConfiguration = event -> activationMayStart();
        configListener = context.registerService(SynchronousConfigurationListener.class, onConfiguration, null);
        activationMayStart(); // plugins may be starting already
        reschedule();
    }

    private void bundleChanged(BundleEvent event) {
        switch (event.getType()) {
            case BundleEvent.STARTING:
            case BundleEvent.UPDATED:
                if (host.isPlugin(event.getBundle())) activationMayStart();
                book.forget(event.getBundle().getBundleId());
                break;
            case BundleEvent.STARTED:
                if (host.isPlugin(event.getBundle())) activationMayStart();
                break;
            case BundleEvent.UNINSTALLED:
                book.forget(event.getBundle().getBundleId());
                break;
            default:
        }
    }

    private static boolean exists(BundleContext context, long bundleId) {
        try {
            Bundle b = context.getBundle(bundleId);
            return b != null && b.getState() != Bundle.UNINSTALLED;
        } catch (IllegalStateException stopping) { // our context is no longer valid: nothing to show anyway
            return false;
        }
    }

    /** An activation of a plugin component may start now: sample stacks for a while. Any thread; a brief lock, no allocation. */
    private void activationMayStart() {
        window.open(System.nanoTime(), (blockedMs + SAMPLE_GRACE_MS) * 1_000_000L);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        long before = intervalMs;
        configure(properties);
        if (intervalMs != before) reschedule();
    }

    @Deactivate
    void deactivate() {
        try {
            context.removeBundleListener(bundleListener);
            context.removeServiceListener(scrListener);
            configListener.unregister();
        } catch (IllegalStateException ignored) {
            // the framework is stopping
        }
        checker.shutdownNow();
        scrQueries.shutdownNow(); // a query stuck in SCR stays stuck; its thread is a daemon and ends with it
        try {
            checker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void configure(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PluginHost.PID, properties);
        Metatype schema = Metatype.of(PluginHost.Config.class);
        intervalMs = schema.longValue(config, "check.interval.ms", schema.defaultLong("check.interval.ms"));
        blockedMs = schema.longValue(config, "activate.blocked.ms", schema.defaultLong("activate.blocked.ms"));
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
    }

    private synchronized void reschedule() {
        if (schedule != null) schedule.cancel(false);
        try {
            schedule = checker.scheduleWithFixedDelay(this::checkSafely, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException deactivated) {
            schedule = null;
        }
    }

    // ------------------------------------------------------------------ PluginFaults

    /** Records the fault; logged once by the next check. Any thread; no logging, no waiting. */
    @Override
    public void report(long bundleId, String source, String fault) {
        book.report(bundleId, source, fault);
    }

    // ------------------------------------------------------------------ for flox:plugins (never blocks)

    /** The current faults of a bundle (empty when none). */
    public List<String> faults(long bundleId) {
        return book.faults(bundleId);
    }

    /** Bundles with faults now, ascending (plugins and others: a host bundle's subscriber may throw too). */
    public Collection<Long> bundlesWithFaults() {
        return book.bundles();
    }

    /** Components of installed plugins whose activation failed, as the last SCR query found (for the status line). */
    public int failedActivationCount() {
        int n = 0;
        for (ScrSnapshot.Failure f : scrSnapshot.failures) {
            Bundle b = context.getBundle(f.bundleId);
            if (b != null && b.getState() != Bundle.UNINSTALLED) n++;
        }
        return n;
    }

    /** A problem of the checks themselves, or null. */
    public String note() {
        return note;
    }

    /** How many times the checks have sampled the threads' stacks since activation. */
    public long stackSampleCount() {
        return stackSamples.get();
    }

    /** How many checks have completed since activation. */
    public long checkCount() {
        return checks.get();
    }

    public long intervalMs() {
        return intervalMs;
    }

    /** 0: blocked activations are not looked for. */
    public long blockedMs() {
        return blockedMs;
    }

    // ------------------------------------------------------------------ the check

    private void checkSafely() {
        try {
            check(System.nanoTime());
        } catch (RuntimeException e) { // a bundle going away mid-check, a framework stopping: try again next time
            LOG.log(Level.DEBUG, "flox.plugins: fault check failed: " + e, e);
        }
    }

    void check(long nowNs) {
        host.recheckDirectory(); // its protections hold continuously, not only at configuration
        List<Bundle> plugins = host.plugins();
        Map<Long, Bundle> byId = new HashMap<>();
        boolean anyActive = false;
        for (Bundle b : plugins) {
            byId.put(b.getBundleId(), b);
            anyActive |= (b.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0;
        }
        List<FaultBook.Observation> found = new ArrayList<>();

        querySCR(plugins, nowNs);
        ScrSnapshot snapshot = scrSnapshot;
        for (ScrSnapshot.Failure f : snapshot.failures) {
            if (byId.containsKey(f.bundleId)) found.add(new FaultBook.Observation(f.bundleId, "scr:" + f.component, f.text, true, 1));
        }

        LifecycleCoordinator lc = lifecycle;
        if (lc != null) {
            for (ParticipantStatus p : lc.participants()) {
                if (p.state() == ParticipantState.FAILED && p.bundleId() >= 0) {
                    found.add(new FaultBook.Observation(p.bundleId(), "lifecycle:" + p.name(),
                            "lifecycle participant " + p.name() + ": " + p.error(), true, 1));
                }
            }
        }

        long blockedNs = blockedMs * 1_000_000L;
        if (blockedNs > 0) {
            // stacks only while a plugin component may be activating (the sample is a safepoint); none: episodes end
            boolean sample = anyActive && (window.isOpen(nowNs) || activations.tracking());
            Map<Thread, StackTraceElement[]> stacks = sample ? Thread.getAllStackTraces() : Map.of();
            if (sample) stackSamples.incrementAndGet();
            for (ActivationWatch.Activation a : activations.check(stacks, ownerOf(plugins), nowNs, blockedNs)) {
                String component = snapshot.componentName(a.bundleId, a.componentClass);
                found.add(new FaultBook.Observation(a.bundleId, "blocked:" + a.threadId + ':' + a.componentClass,
                        (component != null ? "component " + component + " " : "") + a.text(), true, 1));
            }
            for (ActivationWatch.Activation a : activations.ended()) {
                String component = snapshot.componentName(a.bundleId, a.componentClass);
                LOG.log(Level.INFO, describe(a.bundleId, byId.get(a.bundleId)) + ": " + (component != null ? "component " + component : a.componentClass)
                        + " returned from activate (or its thread moved on) after " + a.seconds() + " s on thread " + a.threadName);
            }
        }

        for (Bundle b : plugins) {
            for (String problem : host.problemList(b)) {
                if (problem.startsWith(PluginHost.REFUSED)) continue; // logged once by the resolver hook
                found.add(new FaultBook.Observation(b.getBundleId(), "host:" + problem, problem, false, 2));
            }
        }

        for (FaultBook.NewFault f : book.check(found)) {
            LOG.log(Level.ERROR, describe(f.bundleId, byId.get(f.bundleId)) + ": " + f.text);
        }
        String n = note;
        if (n != null && !noteLogged) LOG.log(Level.WARNING, "flox.plugins: " + n);
        noteLogged = n != null;
        checks.incrementAndGet();
    }

    /** Starts an SCR query unless one is running; notes one that has not returned for long. */
    private void querySCR(List<Bundle> plugins, long nowNs) {
        ServiceComponentRuntime runtime = scr;
        if (runtime == null) {
            scrSnapshot = ScrSnapshot.EMPTY;
            return;
        }
        long started = scrQueryStartedNs;
        if (started != 0) {
            long stuckAfterNs = Math.max(blockedMs, 5 * intervalMs) * 1_000_000L;
            if (nowNs - started >= stuckAfterNs) {
                note = "the query of SCR's component states has not returned for " + (nowNs - started) / 1_000_000_000L
                        + " s (a component activation holding SCR's lock?); failed activations found meanwhile are not shown";
            }
            return;
        }
        List<Bundle> active = new ArrayList<>();
        for (Bundle b : plugins) if ((b.getState() & (Bundle.ACTIVE | Bundle.STARTING | Bundle.STOPPING)) != 0) active.add(b);
        if (active.isEmpty()) {
            scrSnapshot = ScrSnapshot.EMPTY;
            return;
        }
        scrQueryStartedNs = nowNs == 0 ? 1 : nowNs;
        try {
            scrQueries.execute(() -> {
                try {
                    scrSnapshot = ScrSnapshot.query(runtime, active);
                } catch (RuntimeException e) { // a bundle uninstalled mid-query, SCR going away
                    LOG.log(Level.DEBUG, "flox.plugins: SCR query failed: " + e, e);
                } finally {
                    scrQueryStartedNs = 0;
                    note = null;
                }
            });
        } catch (RejectedExecutionException deactivated) {
            scrQueryStartedNs = 0;
        }
    }

    /** Which plugin bundle's content holds a class (by its .class entry, without loading anything); cached per check. */
    private static ActivationWatch.Owner ownerOf(List<Bundle> plugins) {
        Map<String, Long> cache = new HashMap<>();
        return className -> cache.computeIfAbsent(className, name -> {
            String entry = name.replace('.', '/') + ".class";
            long found = -1;
            for (Bundle b : plugins) {
                try {
                    if (b.getState() != Bundle.UNINSTALLED && b.getEntry(entry) != null) found = Math.max(found, b.getBundleId());
                } catch (IllegalStateException uninstalled) {
                    // gone meanwhile
                }
            }
            return found;
        });
    }

    /** "plugin NAME VERSION [ID] (FILE)" or, for a bundle not from the plugins directory, "bundle NAME [ID]". */
    private String describe(long bundleId, Bundle plugin) {
        if (plugin != null) {
            return "plugin " + plugin.getSymbolicName() + " " + plugin.getVersion() + " [" + bundleId + "] (" + PluginHost.fileOf(plugin.getLocation()) + ")";
        }
        Bundle b = context.getBundle(bundleId);
        return "bundle " + (b != null ? b.getSymbolicName() : "?") + " [" + bundleId + "]";
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    /**
     * Until when stacks are sampled: opened (or extended) by events that may start an activation.
     * Thread-safe; {@link #open} is called from framework and CM threads, rarely.
     */
    static final class SampleWindow {
        private long untilNs;
        private boolean opened;

        /** Open until at least {@code nowNs + lengthNs} (an earlier deadline is extended, a later one kept). */
        synchronized void open(long nowNs, long lengthNs) {
            long until = nowNs + lengthNs;
            if (!opened || until - untilNs > 0) untilNs = until;
            opened = true;
        }

        synchronized boolean isOpen(long nowNs) {
            return opened && nowNs - untilNs < 0;
        }
    }

    // ------------------------------------------------------------------ SCR

    /** What one SCR query found: failed activations and, for naming blocked ones, implementation class -> component name. */
    static final class ScrSnapshot {
        static final ScrSnapshot EMPTY = new ScrSnapshot(List.of(), Map.of());

        static final class Failure {
            final long bundleId;
            final String component;
            final String text;

            Failure(long bundleId, String component, String text) {
                this.bundleId = bundleId;
                this.component = component;
                this.text = text;
            }
        }

        final List<Failure> failures;
        final Map<Long, Map<String, String>> names;

        ScrSnapshot(List<Failure> failures, Map<Long, Map<String, String>> names) {
            this.failures = failures;
            this.names = names;
        }

        String componentName(long bundleId, String implementationClass) {
            Map<String, String> n = names.get(bundleId);
            return n == null ? null : n.get(implementationClass);
        }

        static ScrSnapshot query(ServiceComponentRuntime scr, List<Bundle> bundles) {
            List<Failure> failures = new ArrayList<>();
            Map<Long, Map<String, String>> names = new HashMap<>();
            for (Bundle b : bundles) {
                for (ComponentDescriptionDTO d : scr.getComponentDescriptionDTOs(b)) {
                    names.computeIfAbsent(b.getBundleId(), k -> new HashMap<>()).put(d.implementationClass, d.name);
                    for (ComponentConfigurationDTO c : scr.getComponentConfigurationDTOs(d)) {
                        if (c.state == ComponentConfigurationDTO.FAILED_ACTIVATION) {
                            failures.add(new Failure(b.getBundleId(), d.name, "component " + d.name + " failed to activate: " + summary(c.failure)));
                            break;
                        }
                    }
                }
            }
            return new ScrSnapshot(failures, names);
        }
    }

    /**
     * One line from SCR's failure text (a stack trace): the root cause (the last "Caused by:",
     * else the first line) and the first frame under it, e.g.
     * "java.lang.IllegalStateException: boom at com.acme.Foo.activate(Foo.java:12)".
     */
    static String summary(String failure) {
        if (failure == null || failure.isBlank()) return "(no reason given)";
        String[] lines = failure.split("\\R");
        int cause = 0;
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].startsWith("Caused by: ")) cause = i;
        }
        String head = lines[cause].startsWith("Caused by: ") ? lines[cause].substring("Caused by: ".length()) : lines[cause];
        for (int i = cause + 1; i < lines.length; i++) {
            String l = lines[i].strip();
            if (l.startsWith("at ")) return head.strip() + " " + l;
            if (l.startsWith("Caused by: ") || l.startsWith("...")) break;
        }
        return head.strip();
    }
}
