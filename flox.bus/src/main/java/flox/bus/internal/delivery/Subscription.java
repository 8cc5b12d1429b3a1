package flox.bus.internal.delivery;

import flox.api.metrics.PluginFaults;
import flox.bus.internal.ring.BusSlot;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One whiteboard subscriber as a bus sees it: what it wants (event kinds, symbols), how it is
 * served (policy, required, delivery order) and its counters.
 *
 * <p>Threading: {@link #wants} and the counters' writers run on the delivering thread (the
 * subscriber's consumer, or in sync mode the publisher holding the delivery lock: one at a
 * time); counters are single-writer longs published with release stores, read by any thread.
 * The symbol filter is replaced as a whole (volatile) when the registry grows. No allocation
 * on the delivery path; error reporting allocates (rare, rate-limited).
 *
 * <p>A throwing subscriber is also reported to the host's {@link PluginFaults} (when there is
 * one), with the bundle that registered it: at the same rate as the log, the first error and
 * then at most once a second.
 */
public final class Subscription {
    private static final VarHandle DELIVERED;
    private static final VarHandle DROPPED;
    private static final VarHandle ERRORS;
    private static final long ERROR_LOG_INTERVAL_NS = 1_000_000_000L;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            DELIVERED = l.findVarHandle(Subscription.class, "delivered", long.class);
            DROPPED = l.findVarHandle(Subscription.class, "dropped", long.class);
            ERRORS = l.findVarHandle(Subscription.class, "errors", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Object listener;
    final String name;
    final int priority;
    final int ranking;
    final long serviceId;
    /** The bundle that registered the subscriber service; -1 when not known (standalone buses). */
    final long bundleId;
    /** Bit per {@link flox.api.event.EventKind} ordinal. */
    final int kindMask;
    /** "EXCHANGE:SYMBOL" entries wanted; null for every symbol. */
    final String[] symbolNames;
    final boolean lossy;
    /** Lossless and gating the publisher for good (as opposed to until it stalls). */
    final boolean required;
    /** What it asked for: {@link #INLINE}, {@link #AGENT}, or {@link #MODE_DEFAULT} (sync: inline, async: agent). */
    final int delivery;
    public static final int MODE_DEFAULT = 0, INLINE = 1, AGENT = 2;

    /** Indexed by symbol id; null means every symbol. Replaced as a whole. */
    volatile boolean[] symbolFilter;
    /** Declared symbols not (yet) in the registry, for status; replaced as a whole. */
    volatile String unresolvedSymbols = "";

    @SuppressWarnings("unused") private volatile long delivered;
    @SuppressWarnings("unused") private volatile long dropped;
    @SuppressWarnings("unused") private volatile long errors;
    private long errorsAtLastLog;
    private long lastErrorLogNs;
    volatile String lastError = "";

    /** The consumer serving it when decoupled (async mode, or lossy in sync mode); null when inline. */
    volatile SubscriberAgent<?> agent;
    /** First sequence delivered to it (the point it joined at); {@link #START_AT_NEXT} until the first locked publish meets it (async inline). */
    volatile long startSequence;
    static final long START_AT_NEXT = Long.MAX_VALUE;
    /** Set and cleared by the monitor. */
    volatile boolean stalled;
    /** Cleared by unsubscribe before it returns: a sync delivery in progress skips it from then on. */
    volatile boolean active = true;
    /** Age of the oldest event it has not been delivered yet, as of the monitor's last look. */
    volatile long lagNs;
    /** Runs {@link #agent} when decoupled. */
    volatile org.agrona.concurrent.AgentRunner runner;

    // the monitor's own bookkeeping (monitor thread only)
    long monitorLastPosition = Long.MIN_VALUE;
    long monitorLastProgressNs;

    Subscription(Object listener, String name, int priority, int ranking, long serviceId, int kindMask,
                 String[] symbolNames, boolean lossy, boolean required) {
        this(listener, name, priority, ranking, serviceId, -1, kindMask, symbolNames, lossy, required);
    }

    Subscription(Object listener, String name, int priority, int ranking, long serviceId, long bundleId, int kindMask,
                 String[] symbolNames, boolean lossy, boolean required) {
        this(listener, name, priority, ranking, serviceId, bundleId, kindMask, symbolNames, lossy, required, MODE_DEFAULT);
    }

    public Subscription(Object listener, String name, int priority, int ranking, long serviceId, long bundleId, int kindMask,
                        String[] symbolNames, boolean lossy, boolean required, int delivery) {
        this.listener = listener;
        this.delivery = lossy ? AGENT : delivery;
        this.bundleId = bundleId;
        this.name = name;
        this.priority = priority;
        this.ranking = ranking;
        this.serviceId = serviceId;
        this.kindMask = kindMask & ~(1 << BusSlot.SKIPPED); // a skipped slot is never anybody's
        this.symbolNames = symbolNames;
        this.lossy = lossy;
        this.required = required && !lossy; // a lossy subscriber never gates
        this.symbolFilter = symbolNames == null ? null : new boolean[0];
    }

    /** True when this subscriber takes the slot's event: its kind, and its symbol when it filters by symbol (read only then). */
    boolean wants(BusSlot slot) {
        if ((kindMask & (1 << slot.kind)) == 0) return false;
        boolean[] filter = symbolFilter;
        if (filter == null) return true;
        int symbolId = slot.symbolId();
        return (symbolId >= 0 && symbolId < filter.length && filter[symbolId]) || symbolId == BusSlot.EVERY_SYMBOL;
    }

    /** True when the publisher's thread delivers to it on a bus of the given mode. */
    boolean inlineOn(boolean syncMode) {
        return delivery == INLINE || (syncMode && delivery == MODE_DEFAULT);
    }

    /** Delivery order in sync mode: priority ascending, then service ranking descending, then service id. */
    static int compareDeliveryOrder(Subscription a, Subscription b) {
        if (a.priority != b.priority) return Integer.compare(a.priority, b.priority);
        if (a.ranking != b.ranking) return Integer.compare(b.ranking, a.ranking);
        return Long.compare(a.serviceId, b.serviceId);
    }

    // --------------------------------------------------------------- counters (delivering thread)

    void addDelivered(long n) {
        DELIVERED.setRelease(this, delivered + n);
    }

    void addDropped(long n) {
        DROPPED.setRelease(this, dropped + n);
    }

    public long delivered() { return delivered; }
    public long dropped() { return dropped; }
    public long errors() { return errors; }

    /**
     * Counts a subscriber exception; logs the first and then at most one line a second with the
     * count, and reports to {@code faults} (may be null) at the same moments. Runs only when the
     * subscriber threw: the delivery path itself never gets here.
     *
     * <p>Never throws: it runs in the delivery's catch, and the exception's {@code toString},
     * {@code getMessage} and stack trace (printed by the logger) are the plugin's code, as may be
     * {@code faults}; whatever they throw is contained here.
     */
    void onError(Throwable t, String busName, System.Logger log, PluginFaults faults, long nowNs) {
        long n = errors + 1;
        ERRORS.setRelease(this, n);
        if (n == 1 || nowNs - lastErrorLogNs >= ERROR_LOG_INTERVAL_NS) {
            String text = describe(t);
            lastError = text;
            try {
                if (n == 1) {
                    // one line for the operator; the stack only at debug level (issue 11 item 14)
                    StackTraceElement[] at = t.getStackTrace();
                    log.log(Level.ERROR, busName + ": subscriber " + name + " threw " + text + (at.length > 0 ? " at " + at[0] : "")
                            + "; counted, other subscribers unaffected");
                    log.log(Level.DEBUG, busName + ": subscriber " + name + " threw", t);
                } else {
                    log.log(Level.ERROR, busName + ": subscriber " + name + " threw " + (n - errorsAtLastLog)
                            + " more time(s) (" + n + " in all); last: " + text);
                }
            } catch (Throwable logging) { // printing the plugin's exception threw: say so without it
                logQuietly(log, busName + ": subscriber " + name + " threw " + text + " (its stack trace could not be printed: "
                        + logging.getClass().getName() + ")");
            }
            lastErrorLogNs = nowNs;
            errorsAtLastLog = n;
            if (faults != null && bundleId >= 0) report(faults, busName, n, text, log);
        }
    }

    /** {@code t.toString()}, or its class name when that throws (a plugin's exception, a plugin's code). */
    static String describe(Throwable t) {
        try {
            return String.valueOf(t);
        } catch (Throwable e) {
            return t.getClass().getName() + " (its toString threw " + e.getClass().getName() + ")";
        }
    }

    private static void logQuietly(System.Logger log, String message) {
        try {
            log.log(Level.ERROR, message);
        } catch (Throwable ignored) { // nothing more to do on a delivery thread
        }
    }

    private void report(PluginFaults faults, String busName, long n, String text, System.Logger log) {
        try {
            faults.report(bundleId, busName + " bus subscriber " + name, "threw " + n + (n == 1 ? " time" : " times") + "; last: " + text);
        } catch (Throwable e) { // the fault book must not break delivery, whatever it throws
            logQuietly(log, busName + ": could not report the fault of subscriber " + name + ": " + describe(e));
        }
    }

    String policyName() {
        return lossy ? "lossy" : required ? "lossless,required" : "lossless";
    }

    @Override
    public String toString() {
        return name;
    }
}
