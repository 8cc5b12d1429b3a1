package flox.core.plugin;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;

/**
 * The faults of plugin bundles, and which of them have been logged. Two kinds:
 * <ul>
 *   <li><b>reported</b> by host components ({@link flox.api.metrics.PluginFaults}: a bus
 *   subscriber that throws, ...), one per bundle and source, the latest text kept; forgotten when
 *   the bundle starts again, is updated or uninstalled ({@link #forget}); reports for a bundle that
 *   no longer exists are ignored;</li>
 *   <li><b>observed</b> by the monitor's periodic check (a failed or blocked activation, a failed
 *   participant, an unresolved bundle): each check passes the complete current set, and what is
 *   no longer there is gone.</li>
 * </ul>
 * A fault is logged once: a reported one on the first check after its first report, an observed
 * one when it has been seen on {@code confirmChecks} consecutive checks. One that goes away and
 * comes back is a new fault.
 *
 * <p>Thread-safe: {@link #report} from any thread (a map update, no logging); {@link #check}
 * on the monitor's thread; {@link #faults} from any thread (the shell), from published
 * immutable state. Cold path; allocates.
 */
final class FaultBook {
    /** Sources kept per bundle; more are ignored (a plugin with hundreds of throwing subscribers is still shown). */
    static final int MAX_SOURCES = 32;

    /** A fault seen by a check. */
    static final class Observation {
        final long bundleId;
        final String key;
        final String text;
        /** Shown by {@code flox:plugins} (false: only logged, e.g. what PluginHost shows already). */
        final boolean shown;
        /** Checks in a row it must be seen before it is logged (2 for states that may be transient). */
        final int confirmChecks;

        Observation(long bundleId, String key, String text, boolean shown, int confirmChecks) {
            this.bundleId = bundleId;
            this.key = key;
            this.text = text;
            this.shown = shown;
            this.confirmChecks = confirmChecks;
        }
    }

    /** What a check found worth a log line: a fault seen for the first time. */
    static final class NewFault {
        final long bundleId;
        final String text;

        NewFault(long bundleId, String text) {
            this.bundleId = bundleId;
            this.text = text;
        }

        @Override
        public String toString() {
            return bundleId + ": " + text;
        }
    }

    private static final class Reported {
        volatile String text;
        final AtomicBoolean logged = new AtomicBoolean();

        Reported(String text) {
            this.text = text;
        }
    }

    private final ConcurrentMap<Long, ConcurrentMap<String, Reported>> reported = new ConcurrentHashMap<>();
    /** Whether a bundle is still installed: reports for one that is gone are ignored. */
    private final LongPredicate exists;
    // monitor thread only: bundle id + key -> consecutive checks seen
    private Map<String, Integer> seenChecks = new HashMap<>();
    /** Observed faults shown, by bundle; replaced whole by each check. */
    private volatile Map<Long, List<String>> observed = Map.of();

    /** Every bundle is taken to exist (tests). */
    FaultBook() {
        this(id -> true);
    }

    /** @param exists whether a bundle is installed (not UNINSTALLED); cheap, any thread */
    FaultBook(LongPredicate exists) {
        this.exists = exists;
    }

    /**
     * Records (or updates) the fault {@code source} found in bundle {@code bundleId}. Any thread.
     * Ignored when the bundle no longer exists: a report racing with its uninstallation (a bus
     * delivering to a subscriber whose bundle is going away) would otherwise stay for ever.
     */
    void report(long bundleId, String source, String fault) {
        if (!exists.test(bundleId)) return;
        ConcurrentMap<String, Reported> sources = reported.computeIfAbsent(bundleId, id -> new ConcurrentHashMap<>());
        String text = source + ": " + fault;
        Reported r = sources.get(source);
        if (r != null) {
            r.text = text;
        } else if (sources.size() < MAX_SOURCES) {
            r = sources.putIfAbsent(source, new Reported(text));
            if (r != null) r.text = text;
        }
        // uninstalled meanwhile: its UNINSTALLED event (after the state change) may have forgotten it before the
        // entry was made; bundle ids are never reused, so removing the whole entry is right either way
        if (!exists.test(bundleId)) reported.remove(bundleId);
    }

    /** Forgets the reported faults of a bundle (it starts again, was updated or uninstalled). */
    void forget(long bundleId) {
        reported.remove(bundleId);
    }

    /**
     * One check: {@code current} is every observed fault now. Returns the faults to log: reported
     * ones not logged yet, and observed ones that just reached their confirmation count.
     */
    List<NewFault> check(Collection<Observation> current) {
        List<NewFault> out = new ArrayList<>();
        for (Map.Entry<Long, ConcurrentMap<String, Reported>> b : reported.entrySet()) {
            for (Reported r : b.getValue().values()) {
                if (r.logged.compareAndSet(false, true)) out.add(new NewFault(b.getKey(), r.text));
            }
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<Long, List<String>> shown = new LinkedHashMap<>();
        for (Observation o : current) {
            String id = o.bundleId + "\u0000" + o.key;
            if (seen.containsKey(id)) continue; // one per key
            int n = seenChecks.getOrDefault(id, 0) + 1;
            seen.put(id, n);
            if (n == Math.max(1, o.confirmChecks)) out.add(new NewFault(o.bundleId, o.text));
            if (o.shown) shown.computeIfAbsent(o.bundleId, k -> new ArrayList<>()).add(o.text);
        }
        seenChecks = seen;
        Map<Long, List<String>> published = new LinkedHashMap<>();
        for (Map.Entry<Long, List<String>> e : shown.entrySet()) published.put(e.getKey(), List.copyOf(e.getValue()));
        observed = published;
        return out;
    }

    /** Every fault of a bundle now: observed (as of the last check), then reported. Empty when none. */
    List<String> faults(long bundleId) {
        List<String> out = new ArrayList<>(observed.getOrDefault(bundleId, List.of()));
        ConcurrentMap<String, Reported> r = reported.get(bundleId);
        if (r != null) for (Reported f : r.values()) out.add(f.text);
        return out;
    }

    /** Bundles with at least one fault now, ascending. */
    Set<Long> bundles() {
        Set<Long> out = new TreeSet<>(observed.keySet());
        for (Map.Entry<Long, ConcurrentMap<String, Reported>> e : reported.entrySet()) {
            if (!e.getValue().isEmpty()) out.add(e.getKey());
        }
        return out;
    }
}
