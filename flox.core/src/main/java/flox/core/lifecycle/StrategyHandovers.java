package flox.core.lifecycle;

import flox.api.order.OrderGateway;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.HandoverState;
import flox.api.plugin.StateHandover;
import flox.api.plugin.Strategy;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

/**
 * The host's side of a strategy hot swap (see {@link StateHandover}): orders belong to a strategy
 * id, so when a strategy's instance goes away its open orders wait for the next instance with
 * the same id, which imports the old instance's exported state and takes them over; if none comes
 * within the handover timeout, the new one refuses, or it cannot import, the orders are canceled.
 * With {@link OrdersPolicy#CANCEL} they are canceled when the old instance goes.
 *
 * <p>One instance per id: an instance arriving with an id another present instance holds is
 * refused ({@link Arrival#refused}; the host keeps it stopped). A swap is not a duplicate: the old
 * instance has departed before the new one arrives (both run on the lifecycle thread, in order).
 * An instance that did not take over its predecessor's state while the host counts a position
 * for its id ({@link HeldPositions}) would start flat: {@link Arrival#startDisabled} says why the
 * host keeps it disabled until an operator enables it.
 *
 * <p>Also keeps the strategies present (by id) and the record of each swap for
 * {@code flox:strategies}, and which orders are orphaned: open in the tracker but owned by a
 * strategy id that has no instance and no pending handover.
 *
 * <p>Thread-safe: arrivals and departures come from DS (the thread that registers or unregisters
 * the strategy's service), timeouts from the scheduler; state is guarded by {@code this}, and
 * strategy code (export, import) and cancels run outside the lock. Cold path: allocates.
 */
public final class StrategyHandovers {
    /** What happens to a departing strategy's open orders. */
    public enum OrdersPolicy { HANDOVER, CANCEL }

    /** Receives what happened; the host logs it. */
    public interface Listener {
        void handover(String message, boolean problem);
    }

    /** Where the host's view of a strategy id's position comes from (the metrics collector, risk). */
    public interface HeldPositions {
        /** False when no source is present: a position cannot be ruled out. */
        boolean available();

        /** The id's non-zero positions, described ("SIM:BTCUSDT -0.00173"), or null when flat. */
        String held(int strategyId);
    }

    /** What the host does with an arriving instance. */
    public static final class Arrival {
        static final Arrival START = new Arrival(null, null, false);
        static final Arrival IMPORTED = new Arrival(null, null, true);

        /** Non-null: refused, never start it (the id is held by another instance); the one line to log. */
        public final String refused;
        /** Non-null: start it disabled (an operator enables it); the one line to log. */
        public final String startDisabled;
        /** It took over its predecessor's state and open orders. */
        public final boolean imported;

        Arrival(String refused, String startDisabled, boolean imported) {
            this.refused = refused;
            this.startDisabled = startDisabled;
            this.imported = imported;
        }
    }

    /** An instance refused because its id was held, as flox:strategies shows it. */
    public static final class Refused {
        public final Strategy strategy;
        public final int strategyId;
        /** "name (component C, bundle B)". */
        public final String who;
        public final String reason;

        Refused(Strategy strategy, int strategyId, String who, String reason) {
            this.strategy = strategy;
            this.strategyId = strategyId;
            this.who = who;
            this.reason = reason;
        }
    }

    /** One swap (or departure without successor), as flox:strategies shows it. */
    public static final class Record {
        public final int strategyId;
        public final String from;
        public final String to;
        /** Old instance's stop() and export done (nanoTime). */
        public final long departedNs;
        /** New instance's import done (nanoTime); 0 if none came. */
        public final long arrivedNs;
        public final int handedOver;
        public final int canceled;
        public final String outcome;

        Record(int strategyId, String from, String to, long departedNs, long arrivedNs, int handedOver, int canceled, String outcome) {
            this.strategyId = strategyId;
            this.from = from;
            this.to = to;
            this.departedNs = departedNs;
            this.arrivedNs = arrivedNs;
            this.handedOver = handedOver;
            this.canceled = canceled;
            this.outcome = outcome;
        }

        @Override
        public String toString() {
            return "strategy " + strategyId + ": " + from + (to == null ? "" : " -> " + to) + ": " + outcome;
        }
    }

    private static final class Pending {
        final int format;
        final byte[] state;
        final long[] ordersAtDeparture;
        final String from;
        final long departedNs;
        ScheduledFuture<?> timeout;

        Pending(int format, byte[] state, long[] ordersAtDeparture, String from, long departedNs) {
            this.format = format;
            this.state = state;
            this.ordersAtDeparture = ordersAtDeparture;
            this.from = from;
            this.departedNs = departedNs;
        }
    }

    private final ScheduledExecutorService scheduler;
    private final Listener listener;
    private volatile OrderTracker tracker;
    private volatile OrderGateway gateway;
    private volatile OrdersPolicy policy = OrdersPolicy.HANDOVER;
    private volatile long timeoutMs = 10_000;
    private volatile HeldPositions positions;

    // guarded by this
    private final Map<Integer, Pending> pending = new HashMap<>();
    private final Map<Integer, List<Strategy>> present = new HashMap<>();
    /** The id each present instance had when it arrived: departure never asks the plugin again. */
    private final Map<Strategy, Integer> idOf = new IdentityHashMap<>();
    /** "name (component, bundle)" of each present instance, for messages. */
    private final Map<Strategy, String> whoOf = new IdentityHashMap<>();
    /** Instances refused because their id was held; they never start. */
    private final Map<Strategy, Refused> refused = new IdentityHashMap<>();
    /** Why an id's instance was started disabled (shown while the id stays disabled). */
    private final Map<Integer, String> heldBack = new HashMap<>();
    /** Ids that had an instance in this run. */
    private final java.util.Set<Integer> seen = new java.util.HashSet<>();
    private final Map<Integer, Record> lastSwap = new HashMap<>();
    private final List<Record> history = new ArrayList<>();
    private static final int HISTORY = 256;

    public StrategyHandovers(ScheduledExecutorService scheduler, Listener listener) {
        this.scheduler = scheduler;
        this.listener = listener;
    }

    public void tracker(OrderTracker t) { tracker = t; }
    public void gateway(OrderGateway g) { gateway = g; }

    /** Forgets {@code t} only if it is the one held (a replacement may already be bound). */
    public synchronized void trackerGone(OrderTracker t) { if (tracker == t) tracker = null; }

    /** Forgets {@code g} only if it is the one held. */
    public synchronized void gatewayGone(OrderGateway g) { if (gateway == g) gateway = null; }

    public void configure(OrdersPolicy policy, long timeoutMs) {
        this.policy = policy;
        this.timeoutMs = timeoutMs;
    }

    /** The host's view of positions per id; null: none (a returning id is then started disabled). */
    public void positions(HeldPositions p) { positions = p; }

    public OrdersPolicy policy() { return policy; }
    public long timeoutMs() { return timeoutMs; }

    /** {@link #arrived(Strategy, int, String, String)} without a component name. */
    public Arrival arrived(Strategy strategy, int id, String bundle) {
        return arrived(strategy, id, bundle, null);
    }

    /**
     * A strategy instance arrived; call before it is started. Refuses it if another instance holds
     * its id; otherwise imports a pending handover for its id (or cancels the orders it cannot
     * take over), then asks whether it may start (see {@link Arrival}). Runs strategy code: never
     * call it holding a lock.
     *
     * @param component the DS component name, or null
     */
    public Arrival arrived(Strategy strategy, int id, String bundle, String component) {
        String who = describe(strategy, bundle, component);
        Pending p;
        String holder = null;
        boolean returning;
        synchronized (this) {
            if (idOf.containsKey(strategy) || refused.containsKey(strategy)) return Arrival.START;
            List<Strategy> list = present.get(id);
            if (list != null && !list.isEmpty()) {
                holder = whoOf.get(list.get(0));
                String reason = "strategy id " + id + " is held by " + holder;
                refused.put(strategy, new Refused(strategy, id, who, reason));
            } else {
                present.computeIfAbsent(id, k -> new ArrayList<>()).add(strategy);
                idOf.put(strategy, id);
                whoOf.put(strategy, who);
                heldBack.remove(id);
            }
            returning = !seen.add(id);
            p = holder != null ? null : pending.remove(id);
            if (p != null && p.timeout != null) p.timeout.cancel(false);
        }
        if (holder != null) {
            return new Arrival("strategy " + id + ": refused " + who + ": the id is held by " + holder
                    + "; it is not started and owns no orders. Give one of them another strategy.id, or remove one (then restart the other's bundle)", null, false);
        }
        boolean imported = false;
        String why = returning ? "its previous instance's state was not handed over (no handover pending: timed out, canceled, or none)" : "it has no predecessor in this run";
        if (p != null) {
            long[] open = openOrders(id);
            String outcome;
            int handed = 0;
            int canceled = 0;
            if (!(strategy instanceof StateHandover)) {
                canceled = cancel(open);
                outcome = "new instance does not implement StateHandover: canceled " + canceled + " of " + open.length + " open order(s)";
                why = "it does not implement StateHandover";
            } else {
                boolean accepted;
                String refusal = "refused";
                try {
                    accepted = ((StateHandover) strategy).importState(new HandoverState(id, p.format, p.state, open, p.ordersAtDeparture, p.from));
                } catch (Throwable e) {
                    accepted = false;
                    refusal = "import threw " + e;
                }
                if (accepted) {
                    handed = open.length;
                    imported = true;
                    outcome = "handed over " + handed + " open order(s) and " + p.state.length + " byte(s) of state (format " + p.format + ")";
                } else {
                    canceled = cancel(open);
                    outcome = "new instance " + refusal + " the state: canceled " + canceled + " of " + open.length + " open order(s)";
                    why = "it " + refusal + " its predecessor's state";
                }
            }
            record(new Record(id, p.from, bundle, p.departedNs, System.nanoTime(), handed, canceled, outcome), handed == 0 && open.length > 0);
        }
        if (imported) return Arrival.IMPORTED;
        String hold = holdBack(id, returning || p != null, why);
        if (hold == null) return Arrival.START;
        synchronized (this) {
            heldBack.put(id, hold);
        }
        return new Arrival(null, "strategy " + id + ": " + who + " kept DISABLED: " + hold
                + ". Check flox:positions, then flox:enable " + id + " to start it anyway (it starts flat)", false);
    }

    /** Why an instance that took over no state must not start, or null if it may. */
    private String holdBack(int id, boolean hadPredecessor, String why) {
        HeldPositions source = positions;
        if (source == null || !source.available()) {
            return hadPredecessor ? "the host has no position source to check id " + id + "'s position, and " + why : null;
        }
        String held;
        try {
            held = source.held(id);
        } catch (RuntimeException e) {
            return "its position could not be read (" + e + "), and " + why;
        }
        return held == null ? null : "the host counts a position of " + held + " for id " + id + ", and " + why + ": it would start flat";
    }

    private static String describe(Strategy strategy, String bundle, String component) {
        String name;
        try {
            name = strategy.name();
        } catch (RuntimeException e) {
            name = strategy.getClass().getName();
        }
        return name + " (" + (component == null ? "" : "component " + component + ", ") + "bundle " + bundle + ")";
    }

    /**
     * A strategy instance is going away, already stopped (its events ended with its
     * subscriptions). With the HANDOVER policy its state is exported and its orders wait for the
     * next instance; with CANCEL they are canceled now. {@code hostStopping}: the host is shutting
     * down; nothing is handed over or canceled (the executors finish their in-flight work).
     */
    public void departed(Strategy strategy, String bundle, boolean hostStopping) {
        int id;
        boolean othersLeft;
        List<String> stillRefused = new ArrayList<>();
        synchronized (this) {
            if (refused.remove(strategy) != null) return; // never started, owns nothing
            Integer known = idOf.remove(strategy);
            if (known == null) return; // never arrived (or already gone)
            whoOf.remove(strategy);
            id = known;
            List<Strategy> list = present.get(id);
            if (list != null) {
                list.removeIf(s -> s == strategy); // by identity: never the plugin's equals
                if (list.isEmpty()) present.remove(id);
            }
            othersLeft = present.containsKey(id);
            for (Refused r : refused.values()) if (r.strategyId == id) stillRefused.add(r.who);
        }
        if (!hostStopping && !stillRefused.isEmpty()) {
            listener.handover("strategy " + id + " (" + bundle + ") left; the refused instance(s) " + String.join(", ", stillRefused)
                    + " stay stopped: restart its bundle (or re-create its configuration) to start it", true);
        }
        if (hostStopping || othersLeft) return;
        if (policy == OrdersPolicy.CANCEL) {
            long[] open = openOrders(id);
            int canceled = cancel(open);
            record(new Record(id, bundle, null, System.nanoTime(), 0, 0, canceled, "policy cancel: canceled " + canceled + " of " + open.length + " open order(s)"), canceled < open.length);
            return;
        }
        int format = 0;
        byte[] state = new byte[0];
        String problem = null;
        long[] atDeparture = openOrders(id);
        if (strategy instanceof StateHandover) {
            try {
                StateHandover h = (StateHandover) strategy;
                int f = h.stateFormat();
                byte[] b = h.exportState();
                if (b != null) { // format stays 0 when nothing was exported (HandoverState's contract)
                    state = b.clone(); // the plugin may reuse its buffer
                    format = f;
                }
            } catch (Throwable e) {
                problem = "export threw " + e;
            }
        }
        Pending p = new Pending(format, state, atDeparture, bundle, System.nanoTime());
        long waitMs = timeoutMs;
        synchronized (this) {
            if (present.containsKey(id)) {
                // a new instance arrived while this one exported: it started fresh; nothing to park
                listener.handover("strategy " + id + " (" + bundle + "): a new instance arrived before the old one finished leaving; "
                        + "it started without the old state and owns the open orders", true);
                return;
            }
            Pending old = pending.put(id, p);
            if (old != null && old.timeout != null) old.timeout.cancel(false);
            p.timeout = scheduler.schedule(() -> expire(id, p, waitMs), waitMs, TimeUnit.MILLISECONDS);
        }
        if (problem != null) listener.handover("strategy " + id + " (" + bundle + "): " + problem + "; its orders wait for the next instance without state", true);
    }

    private void expire(int id, Pending p, long waitedMs) {
        synchronized (this) {
            if (pending.get(id) != p) return;
            pending.remove(id);
        }
        long[] open = openOrders(id);
        int canceled = cancel(open);
        record(new Record(id, p.from, null, p.departedNs, 0, 0, canceled,
                "no new instance within " + waitedMs + " ms: canceled " + canceled + " of " + open.length + " open order(s)"), open.length > 0);
    }

    /** Cancels pending timeouts; orders are left as they are (the host is stopping). Says what it drops. */
    public void close() {
        List<Integer> dropped;
        synchronized (this) {
            for (Pending p : pending.values()) if (p.timeout != null) p.timeout.cancel(false);
            dropped = new ArrayList<>(pending.keySet());
            pending.clear();
        }
        for (int id : dropped) {
            listener.handover("strategy " + id + ": the host component stops while its orders wait for a new instance; "
                    + openOrders(id).length + " open order(s) left as they are", true);
        }
    }

    // ------------------------------------------------------------------ queries (any thread)

    /** Strategy ids waiting for a new instance. */
    public synchronized int[] pendingIds() {
        return pending.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** The last swap or departure of {@code strategyId}, or null. */
    public synchronized Record lastSwap(int strategyId) {
        return lastSwap.get(strategyId);
    }

    /** The last swaps and departures, oldest first (at most 256). */
    public synchronized List<Record> history() {
        return List.copyOf(history);
    }

    /** Ids of strategies present (with an instance), ascending. */
    public synchronized int[] presentIds() {
        return present.keySet().stream().mapToInt(Integer::intValue).sorted().toArray();
    }

    /** Instances refused because their id was held (never started), by id. */
    public synchronized List<Refused> refused() {
        List<Refused> out = new ArrayList<>(refused.values());
        out.sort((a, b) -> Integer.compare(a.strategyId, b.strategyId));
        return out;
    }

    /** Why the id's instance was started disabled, or null. */
    public synchronized String heldBack(int strategyId) {
        return heldBack.get(strategyId);
    }

    /** An operator enabled the id: the reason it was held back no longer applies. */
    public synchronized void enabled(int strategyId) {
        heldBack.remove(strategyId);
    }

    /** Instances present for {@code strategyId}. */
    public synchronized List<Strategy> instances(int strategyId) {
        List<Strategy> l = present.get(strategyId);
        return l == null ? List.of() : List.copyOf(l);
    }

    /**
     * Open orders whose strategy id has no instance and no pending handover (orders of strategy
     * id 0, sent without an owner, are not counted), ascending.
     */
    public long[] orphanedOrders() {
        return openOrdersOwnedBy(owner -> owner != 0 && !hasInstanceOrPending(owner));
    }

    /** Ids of the open orders of {@code strategyId}, ascending. */
    public long[] openOrders(int strategyId) {
        return openOrdersOwnedBy(owner -> owner == strategyId);
    }

    private synchronized boolean hasInstanceOrPending(int strategyId) {
        return present.containsKey(strategyId) || pending.containsKey(strategyId);
    }

    /** The tracker's open orders whose strategy id passes {@code owner}, ascending. Scans the whole table. */
    private long[] openOrdersOwnedBy(IntPredicate owner) {
        OrderTracker t = tracker;
        if (t == null) return new long[0];
        long[] ids = allOpen(t);
        OrderState s = new OrderState();
        long[] out = new long[ids.length];
        int n = 0;
        for (long id : ids) {
            if (t.read(id, s) && !s.status().isTerminal() && owner.test(s.strategyId())) out[n++] = id;
        }
        out = Arrays.copyOf(out, n);
        Arrays.sort(out);
        return out;
    }

    private static long[] allOpen(OrderTracker t) {
        long[] buf = new long[Math.max(16, t.openOrderCount() + 16)];
        int n;
        while ((n = t.openOrders(OrderTracker.ANY_SYMBOL, buf)) > buf.length) buf = new long[n + 16];
        return Arrays.copyOf(buf, n);
    }

    private int cancel(long[] ids) {
        OrderGateway g = gateway;
        if (g == null || ids.length == 0) return 0;
        int n = 0;
        for (long id : ids) {
            RejectReason r = g.cancel(id);
            if (r == RejectReason.NONE) n++;
        }
        return n;
    }

    private void record(Record r, boolean problem) {
        synchronized (this) {
            lastSwap.put(r.strategyId, r);
            history.add(r);
            if (history.size() > HISTORY) history.remove(0);
        }
        listener.handover(r.toString(), problem);
    }
}
