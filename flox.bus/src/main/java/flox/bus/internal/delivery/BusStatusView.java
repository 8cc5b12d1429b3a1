package flox.bus.internal.delivery;

/**
 * The {@code flox:buses} table of one {@link FanOutBus}, with the totals carried over from the
 * engines it replaced (a live configuration change). Called by the flox:buses command and by
 * the component's reconfiguration, on their threads; cold path, allocates.
 */
public final class BusStatusView {
    private final FanOutBus<?> bus;
    /** Counters of the engines this one replaced (a configuration change), added to its own in {@link #describe}. */
    private long carriedPublished, carriedBackPressured, carriedClosed, carriedInvalid, carriedStalls, carriedSkipped;
    private int replaced;
    /** Per listener: delivered, dropped, errors in the engines this one replaced. */
    private final java.util.Map<Object, long[]> carriedPerListener = new java.util.IdentityHashMap<>();

    BusStatusView(FanOutBus<?> bus) {
        this.bus = bus;
    }

    /**
     * Takes over the totals of {@code old}, whose engine this one replaces (call after old is stopped,
     * before the switch): flox:buses then counts since the bus started, not since the last mode change.
     */
    public void carryTotalsFrom(BusStatusView old) {
        synchronized (old.bus.subscriptionLock) {
            for (Subscription sub : old.bus.all) {
                long[] c = old.carriedPerListener.getOrDefault(sub.listener, new long[3]);
                carriedPerListener.put(sub.listener, new long[] {c[0] + sub.delivered(), c[1] + sub.dropped(), c[2] + sub.errors()});
            }
        }
        carriedPublished = old.carriedPublished + old.bus.published();
        carriedBackPressured = old.carriedBackPressured + old.bus.backPressured();
        carriedClosed = old.carriedClosed + old.bus.refusedClosed();
        carriedInvalid = old.carriedInvalid + old.bus.refusedInvalid();
        carriedStalls = old.carriedStalls + old.bus.stalls();
        carriedSkipped = old.carriedSkipped + old.bus.skipped();
        replaced = old.replaced + 1;
    }

    /**
     * The {@code flox:buses} view of the bus: counters per bus and per subscriber, since the bus
     * started (across live mode changes). The subscribers' counters are read before the bus's: a
     * subscriber has never been delivered more than was published before it was read, so the
     * view never shows more delivered than published.
     */
    public String describe() {
        Subscription[] subs = bus.all;
        long[][] counts = new long[subs.length][];
        for (int i = 0; i < subs.length; i++) {
            long[] c = carriedPerListener.getOrDefault(subs[i].listener, new long[3]);
            counts[i] = new long[] {c[0] + subs[i].delivered(), c[1] + subs[i].dropped(), c[2] + subs[i].errors()};
        }
        long skippedNow = carriedSkipped + bus.skipped();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-12s %-6s %-7s %12s %10s %8s %8s %6s  %s%n", bus.name(), bus.isSync() ? "sync" : "async", bus.isOpen() ? "open" : "stopped",
                (carriedPublished + bus.published()) + " pub", (carriedBackPressured + bus.backPressured()) + " bp", (carriedClosed + bus.refusedClosed()) + " cl",
                (carriedInvalid + bus.refusedInvalid()) + " inv", (carriedStalls + bus.stalls()) + " st",
                "ring " + bus.ring.size() + (bus.singlePublisher ? ", one publisher" : "")
                        + (bus.refusedOtherThread() > 0 ? ", " + bus.refusedOtherThread() + " refused (second publisher thread)" : "")
                        + (skippedNow > 0 ? ", " + skippedNow + " skipped (copy threw)" : "")
                        + (replaced > 0 ? ", totals since start (mode changed live " + replaced + (replaced == 1 ? " time)" : " times)") : "")));
        if (subs.length == 0) sb.append("    (no subscribers)").append(System.lineSeparator());
        else sb.append(String.format("    %-40s %-18s %-6s %12s %10s %8s %8s %9s  %s%n", "subscriber", "policy", "thread", "delivered", "dropped",
                "errors", "depth", "lag ms", "state"));
        for (int i = 0; i < subs.length; i++) {
            Subscription sub = subs[i];
            String state = sub.stalled ? "STALLED" : sub.agent != null && sub.agent.reader.detached ? "detached" : "ok";
            if (!sub.unresolvedSymbols.isEmpty()) state += " (unknown symbols: " + sub.unresolvedSymbols + ")";
            if (!sub.lastError.isEmpty()) state += " last error: " + sub.lastError;
            sb.append(String.format("    %-40s %-18s %-6s %12d %10d %8d %8d %9.1f  %s%n", sub.name, sub.policyName(), sub.agent != null ? "own" : "inline",
                    counts[i][0], counts[i][1], counts[i][2], bus.depth(sub), sub.lagNs / 1e6, state));
        }
        String stop = bus.lastStopReport();
        if (!stop.isEmpty()) sb.append("    last stop: ").append(stop).append(System.lineSeparator());
        return sb.toString();
    }
}
