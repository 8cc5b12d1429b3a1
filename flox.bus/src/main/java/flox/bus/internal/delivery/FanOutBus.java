package flox.bus.internal.delivery;

import flox.api.bus.BusResult;
import flox.api.metrics.PluginFaults;
import flox.api.symbol.SymbolRegistry;
import flox.bus.internal.ring.BroadcastRing;
import flox.bus.internal.ring.BusSlot;
import flox.bus.internal.ring.ManyToManyBroadcastRing;
import flox.bus.internal.ring.OneToManyBroadcastRing;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.agrona.concurrent.AgentRunner;

/**
 * The engine behind a bus service: publishing into the broadcast ring, the two delivery modes,
 * backpressure, subscriptions, and stop with its drain. The stall monitor is {@link BusMonitor},
 * the {@code flox:buses} table {@link BusStatusView}. Subclasses say how an event is staged in
 * a slot and handed to a listener.
 *
 * <p><b>Async mode.</b> Every subscriber has its own {@link SubscriberAgent} thread reading the
 * shared {@link BroadcastRing}: a {@link OneToManyBroadcastRing} when the bus is configured for
 * one publisher ({@code publishers=single}: the first thread to publish owns the bus until it
 * ends; a publish from another live thread is refused as {@link BusResult#INVALID} and logged),
 * else a {@link ManyToManyBroadcastRing}. Lossless subscribers gate publishers: a publisher that would
 * overrun one waits up to {@code publish.timeout.ms} and then gets {@link BusResult#BACK_PRESSURED}.
 * A required one gates for good; a non-required one stops gating once the monitor finds it
 * stalled (and gates again when it has caught up). Lossy ones never gate; they skip what they
 * missed and count it as dropped. A publisher also waits for another one still writing the slot
 * it would reuse a ring later (see {@link BroadcastRing}), so even a bus with only lossy
 * subscribers can answer BACK_PRESSURED, when a publisher was descheduled mid-copy for longer
 * than the publish timeout while the others filled the ring. A null event is refused as
 * {@link BusResult#INVALID}; a copy that throws publishes the slot as skipped and rethrows.
 *
 * <p><b>Sync mode.</b> The publishing thread delivers to the lossless subscribers itself, in
 * {@link Subscription#compareDeliveryOrder delivery order}, before publish returns; several
 * publishers take turns (a spin lock around delivery). A publish made from inside a delivery
 * (a subscriber publishing on the same bus) is queued and delivered after the current event,
 * so every subscriber sees events in the same order. Lossy subscribers, which by definition
 * may miss events, are decoupled as in async mode so that they cannot stall the publisher.
 *
 * <p>Sequences: every published event gets the next sequence of the ring's cursor, in both
 * modes; a subscriber that joins sees exactly the events whose sequence is above the cursor at
 * its join ({@link Subscription#startSequence}).
 *
 * <p>Thread-safe. Publishing and delivery allocate nothing; subscribing, unsubscribing,
 * stopping and status allocate (cold paths).
 */
public abstract class FanOutBus<S extends BusSlot> {
    public static final System.Logger LOG = System.getLogger("flox.bus");
    private static final Subscription[] NONE = new Subscription[0];
    private static final VarHandle SYNC_OWNER;
    private static final VarHandle INLINE_CURRENT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            SYNC_OWNER = l.findVarHandle(FanOutBus.class, "syncOwner", Thread.class);
            INLINE_CURRENT = l.findVarHandle(FanOutBus.class, "inlineCurrent", Subscription.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String name;
    final BusSettings settings;
    private final boolean syncMode;
    /** Replaced (one-publisher ring) when the bus opens again after a stop; written before {@code open}. */
    BroadcastRing<S> ring;
    /** How long a one-publisher ring's close waits for its cursor to stand still (see OneToManyBroadcastRing). */
    static final long CLOSE_SETTLE_NS = 1_000_000L;
    final boolean singlePublisher;
    /** The thread that publishes on a one-publisher bus; replaced only once it has ended. */
    private Thread publisherThread;
    private final Object publisherLock = new Object();
    private final AtomicLong refusedOtherThread = new AtomicLong();
    private volatile long otherThreadLoggedNs;
    final SymbolRegistry symbols;

    final Object subscriptionLock = new Object();
    volatile Subscription[] all = NONE;
    /** The subscribers delivered on the publisher's thread, in this order: sync mode's lossless ones, async mode's that asked for it. */
    private volatile Subscription[] inline = NONE;
    /** Subscribers served by their own agent; in sync mode the ring is written only when > 0. */
    private volatile int decoupledCount;
    /** Idle subscriber agents may spin before yielding: the agents plus one publisher fit the cores. */
    volatile boolean spinWhenIdle;
    private static final int CORES = Runtime.getRuntime().availableProcessors();
    private volatile boolean open;
    /** A stop is between its two phases (it waits for the delivery lock without the subscription lock); guarded by subscriptionLock. */
    private boolean stopping;
    /** Where a throwing subscriber is reported (the host's, optional); read only when one threw. */
    private volatile PluginFaults faults;

    // sync delivery: owned by the thread in syncOwner
    @SuppressWarnings("unused") private volatile Thread syncOwner;
    private final S staging;
    private final S[] reentrant;
    private final long[] reentrantSequence;
    private int reentrantHead;
    private int reentrantCount;
    /** The inline subscriber whose callback runs now (null between events), for stop and the monitor. */
    volatile Subscription inlineCurrent;

    private final AtomicLong backPressured = new AtomicLong();
    private final AtomicLong refusedClosed = new AtomicLong();
    private final AtomicLong refusedInvalid = new AtomicLong();
    final AtomicLong stalls = new AtomicLong();
    /** Events whose copy into the ring threw: published as {@link BusSlot#SKIPPED}, delivered to nobody. */
    private final AtomicLong skipped = new AtomicLong();

    /** Stalls, lag and symbol filters: sampled on the monitor's thread (or a test's). */
    final BusMonitor monitor = new BusMonitor(this);
    private AgentRunner monitorRunner;
    private final BusStatusView status = new BusStatusView(this);
    private volatile String lastStopReport = "";

    FanOutBus(String name, BusSettings settings, SymbolRegistry symbols) {
        this.name = name;
        this.settings = settings;
        this.syncMode = settings.mode == BusSettings.Mode.SYNC;
        this.symbols = symbols;
        this.singlePublisher = settings.singlePublisher();
        S[] slots = newRing(settings.ringSize);
        this.ring = singlePublisher ? new OneToManyBroadcastRing<>(slots, 0, CLOSE_SETTLE_NS)
                : new ManyToManyBroadcastRing<>(slots, syncMode); // sync: claims under the delivery lock, slots written only for lossy readers
        this.staging = newSlot();
        this.reentrant = newSlots(settings.reentrantQueueSize);
        this.reentrantSequence = new long[reentrant.length];
        for (int i = 0; i < reentrant.length; i++) reentrant[i] = newSlot();
    }

    abstract S newSlot();

    /** The ring's slots; a subclass may lay them out for locality (the default allocates them one by one). */
    S[] newRing(int n) {
        S[] slots = newSlots(n);
        for (int i = 0; i < slots.length; i++) slots[i] = newSlot();
        return slots;
    }

    abstract S[] newSlots(int n);

    /** Fills {@code slot} from {@code event}: a copy, or (sync path, {@code copy == false}) a view. */
    abstract void stage(S slot, int kind, Object event, boolean copy);

    /** Hands the slot's event to the subscriber's listener. May throw (the subscriber's exception). */
    abstract void deliver(Subscription sub, S slot);

    String name() {
        return name;
    }

    boolean isSync() {
        return syncMode;
    }

    public boolean isOpen() {
        return open;
    }

    /** Sets (or, with null, clears) where throwing subscribers are reported. */
    public void faults(PluginFaults f) {
        faults = f;
    }

    // ================================================================== publishing (hot path)

    /** @return the sequence, or a negative {@link BusResult} code. No allocation. */
    final long publish(int kind, Object event) {
        if (!open) return refuseClosed();
        if (syncMode) return publishSync(kind, event);
        if (singlePublisher && Thread.currentThread() != publisherThread && !adoptPublisher()) return refuseOtherThread();
        if (inline.length > 0) return publishSync(kind, event); // inline subscribers: delivered under the delivery lock
        BroadcastRing<S> ring = this.ring;
        long seq = ring.tryClaim();
        if (seq < 0) {
            seq = seq == BroadcastRing.CLOSED ? refuseClosed() : claimWaiting(ring);
            if (seq < 0) return seq;
        }
        if (!writeAndPublish(ring, seq, kind, event)) return refuseClosed();
        if (inline.length > 0) deliverLate(seq, kind, event); // an inline subscriber joined while this claimed
        return seq;
    }

    /**
     * A publish that claimed without the delivery lock and then found an inline subscriber (one
     * joined meanwhile) delivers its own event to the inline subscribers under the lock; one
     * whose join point is above {@code seq} skips it. The event is published already, so this
     * waits for the lock without a timeout. Cold path (only around a join).
     */
    private void deliverLate(long seq, int kind, Object event) {
        Thread me = Thread.currentThread();
        if (syncOwner == me) { // published from inside an inline delivery: queue it behind the current one
            if (reentrantCount < reentrant.length) {
                queue(seq, kind, event);
            } else {
                stage(staging, kind, event, false);
                deliverInline(staging, seq);
            }
            return;
        }
        for (int attempt = 0; !SYNC_OWNER.compareAndSet(this, null, me); attempt++) pause(attempt);
        try {
            stage(staging, kind, event, false);
            deliverInline(staging, seq);
            deliverQueued();
        } finally {
            SYNC_OWNER.setRelease(this, null);
        }
    }

    /**
     * One-publisher bus, cold path: the calling thread becomes the publisher when there is none
     * yet or the last one has ended (its writes happen-before {@code isAlive()} returning false).
     */
    private boolean adoptPublisher() {
        Thread me = Thread.currentThread();
        synchronized (publisherLock) {
            Thread owner = publisherThread;
            if (owner == me) return true;
            if (owner != null && owner.isAlive()) return false;
            publisherThread = me;
            if (owner != null) LOG.log(Level.INFO, name + ": publisher thread " + owner.getName() + " has ended; " + me.getName() + " publishes now");
            return true;
        }
    }

    private long refuseOtherThread() {
        refusedOtherThread.incrementAndGet();
        long now = System.nanoTime();
        long last = otherThreadLoggedNs;
        if (last == 0 || now - last >= 1_000_000_000L) {
            otherThreadLoggedNs = now == 0 ? 1 : now;
            Thread owner = publisherThread;
            LOG.log(Level.ERROR, name + ": publish from thread " + Thread.currentThread().getName() + " refused (INVALID): this bus has one publisher"
                    + " (publishers=single), thread " + (owner == null ? "?" : owner.getName()) + ", which is still running."
                    + " Configure publishers=multi for several publishing threads. " + refusedOtherThread.get() + " refused so far.");
        }
        return BusResult.INVALID;
    }

    /**
     * Copies the event into the ring slot of {@code seq} and publishes it. Should the copy throw,
     * the slot is published as {@link BusSlot#SKIPPED} before the exception goes on to the
     * publisher: a slot left marked as being written would hold up its readers, and producers a
     * ring later, for good.
     */
    private boolean writeAndPublish(BroadcastRing<S> ring, long seq, int kind, Object event) {
        S slot = ring.beginWrite(seq);
        try {
            stage(slot, kind, event, true);
        } catch (RuntimeException | Error e) {
            slot.kind = BusSlot.SKIPPED;
            ring.publish(seq);
            skipped.incrementAndGet();
            throw e;
        }
        return ring.publish(seq); // false: a stop that ran meanwhile left it out (one-publisher ring)
    }

    final long refuseInvalid() {
        refusedInvalid.incrementAndGet();
        return BusResult.INVALID;
    }

    private long refuseClosed() {
        refusedClosed.incrementAndGet();
        return BusResult.CLOSED;
    }

    /** The ring is full for a gating subscriber: wait for it up to the publish timeout. */
    private long claimWaiting(BroadcastRing<S> ring) {
        final long deadline = System.nanoTime() + settings.publishTimeoutNs;
        for (int attempt = 0; ; attempt++) {
            long seq = ring.tryClaim();
            if (seq >= 0) return seq;
            if (seq == BroadcastRing.CLOSED) return refuseClosed();
            if (System.nanoTime() - deadline >= 0) {
                backPressured.incrementAndGet();
                return BusResult.BACK_PRESSURED;
            }
            pause(attempt);
        }
    }

    /**
     * How a publisher waits for a slow subscriber: spins briefly, then parks with growing
     * periods. No yield phase: when the subscriber busy-spins on the same core (threads
     * outnumber cores), yielding does not hand the core over and throughput collapsed 20x
     * (measured); parking does.
     */
    private static void pause(int attempt) {
        if (attempt < 32) {
            Thread.onSpinWait();
        } else {
            LockSupport.parkNanos(1_000L << Math.min(attempt - 32, 5)); // 1 us .. 32 us
        }
    }

    private long publishSync(int kind, Object event) {
        Thread me = Thread.currentThread();
        if (syncOwner == me) {
            return enqueueReentrant(kind, event);
        }
        if (!SYNC_OWNER.compareAndSet(this, null, me)) {
            long r = acquireSyncLock(me, settings.publishTimeoutNs);
            if (r < 0) return r;
        }
        try {
            if (!open) return refuseClosed();
            long seq = claimSyncSequence(kind, event);
            if (seq < 0) return seq;
            stage(staging, kind, event, false);
            deliverInline(staging, seq);
            deliverQueued();
            return seq;
        } finally {
            SYNC_OWNER.setRelease(this, null);
        }
    }

    /** Delivery lock held: the event's sequence; in sync mode written to the ring only for decoupled subscribers. */
    private long claimSyncSequence(int kind, Object event) {
        BroadcastRing<S> ring = this.ring;
        long seq = ring.tryClaim();
        if (seq < 0) {
            seq = seq == BroadcastRing.CLOSED ? refuseClosed() : claimWaiting(ring);
            if (seq < 0) return seq;
        }
        if ((decoupledCount > 0 || !syncMode) && !writeAndPublish(ring, seq, kind, event)) return refuseClosed();
        return seq;
    }

    private long enqueueReentrant(int kind, Object event) {
        if (!open) return refuseClosed();
        if (reentrantCount == reentrant.length) {
            backPressured.incrementAndGet();
            return BusResult.BACK_PRESSURED;
        }
        long seq = claimSyncSequence(kind, event);
        if (seq < 0) return seq;
        queue(seq, kind, event);
        return seq;
    }

    /** Delivery lock held, queue not full: a copy of the event, delivered inline after the current one. */
    private void queue(long seq, int kind, Object event) {
        int at = reentrantHead + reentrantCount;
        if (at >= reentrant.length) at -= reentrant.length;
        stage(reentrant[at], kind, event, true);
        reentrantSequence[at] = seq;
        reentrantCount++;
    }

    /** Delivery lock held: delivers inline what was queued during the current delivery, oldest first. */
    private void deliverQueued() {
        while (reentrantCount > 0) {
            S queued = reentrant[reentrantHead];
            long queuedSeq = reentrantSequence[reentrantHead];
            reentrantHead = reentrantHead + 1 == reentrant.length ? 0 : reentrantHead + 1;
            reentrantCount--;
            deliverInline(queued, queuedSeq);
        }
    }

    /** Waits for the sync delivery lock; 0 when held, or BACK_PRESSURED / CLOSED. */
    private long acquireSyncLock(Thread me, long timeoutNs) {
        final long deadline = System.nanoTime() + timeoutNs;
        for (int attempt = 0; ; attempt++) {
            if (SYNC_OWNER.compareAndSet(this, null, me)) return 0;
            if (!open) return refuseClosed();
            if (System.nanoTime() - deadline >= 0) {
                backPressured.incrementAndGet();
                return BusResult.BACK_PRESSURED;
            }
            pause(attempt);
        }
    }

    private void deliverInline(S slot, long seq) {
        Subscription[] subs = inline;
        for (int i = 0; i < subs.length; i++) {
            Subscription sub = subs[i];
            long start = sub.startSequence;
            if (start == Subscription.START_AT_NEXT) sub.startSequence = start = seq; // async: joins at the first event it meets
            if (seq >= start && sub.active && sub.wants(slot)) { // active: one removed mid-event gets nothing more
                INLINE_CURRENT.setRelease(this, sub);
                deliverSafely(sub, slot);
                sub.addDelivered(1);
            }
        }
        INLINE_CURRENT.setRelease(this, (Subscription) null);
    }

    /** Calls the listener; a throwing subscriber is counted and logged (rate-limited), never propagated. */
    final void deliverSafely(Subscription sub, S slot) {
        try {
            deliver(sub, slot);
        } catch (Throwable t) {
            sub.onError(t, name, LOG, faults, System.nanoTime());
        }
    }

    // ================================================================== subscriptions (cold path)

    /** Adds a subscriber; it sees the events published after this returns. */
    public final void subscribe(Subscription sub) {
        boolean decoupled = !sub.inlineOn(syncMode);
        boolean fromDelivery = syncOwner == Thread.currentThread();
        // the delivery lock before the subscription lock: an inline callback may subscribe (it takes only the latter)
        boolean locked = (syncMode || !decoupled) && lockForChange(sub, "subscribe");
        try {
            synchronized (subscriptionLock) {
                resolveSymbols(sub);
                if (decoupled) {
                    joinWithNewAgent(sub);
                    decoupledCount++;
                    spinWhenIdle = decoupledCount + 1 <= CORES;
                    if (open) startAgent(sub);
                } else {
                    Subscription[] next = Arrays.copyOf(inline, inline.length + 1);
                    next[next.length - 1] = sub;
                    Arrays.sort(next, Subscription::compareDeliveryOrder);
                    // Async, several publishers: the cursor read after the new array is published; a publisher
                    // that claims above it (a CAS, after that read) re-reads the array and delivers late.
                    // Async, one publisher: its first publish that meets the subscriber sets the join point
                    // (its own lock-free claim and this join form no fence pair). From inside a delivery: the
                    // cursor, above the events queued behind the current one (already in the ring).
                    sub.startSequence = syncMode ? ring.cursor() + 1 : Subscription.START_AT_NEXT;
                    inline = next;
                    if (!syncMode && (fromDelivery || !singlePublisher)) sub.startSequence = ring.cursor() + 1;
                }
                Subscription[] nextAll = Arrays.copyOf(all, all.length + 1);
                nextAll[nextAll.length - 1] = sub;
                all = nextAll;
            }
        } finally {
            if (locked) SYNC_OWNER.setRelease(this, null);
        }
        LOG.log(Level.INFO, name + ": subscriber " + sub.name + " joined " + (sub.startSequence == Subscription.START_AT_NEXT ? "at the next event" : "at #" + sub.startSequence) + " (" + sub.policyName()
                + (sub.agent != null ? ", own thread" : ", on the publisher's thread") + ')');
    }

    /** Removes the subscriber of {@code listener}; after this returns it gets no further callback. */
    public final boolean unsubscribe(Object listener) {
        Subscription found = find(listener);
        if (found == null) return false;
        found.active = false;
        // the delivery lock before the subscription lock: an inline callback may unsubscribe (it takes only the latter)
        boolean locked = (syncMode || found.agent == null) && lockForChange(found, "unsubscribe");
        Subscription sub;
        try {
            synchronized (subscriptionLock) {
                sub = find(listener);
                if (sub == null) return false;
                if (sub.agent == null) {
                    inline = without(inline, sub);
                }
                all = without(all, sub);
            }
        } finally {
            if (locked) SYNC_OWNER.setRelease(this, null);
        }
        synchronized (subscriptionLock) {
            if (sub.agent != null) {
                stopAgent(sub);
                ring.leave(sub.agent.reader);
                decoupledCount--;
                spinWhenIdle = decoupledCount + 1 <= CORES;
            }
        }
        LOG.log(Level.INFO, name + ": subscriber " + sub.name + " left after " + sub.delivered() + " events"
                + (sub.dropped() > 0 ? ", " + sub.dropped() + " dropped" : ""));
        return true;
    }

    /**
     * Sync mode: waits until no publisher is delivering, so a subscriber is added or removed
     * between two events. Not taken when called from a delivery (a subscriber leaving from its
     * own callback), nor past the stall timeout (a stalled subscriber holds it).
     */
    private boolean lockForChange(Subscription sub, String what) {
        Thread me = Thread.currentThread();
        if (syncOwner == me) return false;
        for (long deadline = System.nanoTime() + settings.stallTimeoutNs, attempt = 0; ; attempt++) {
            if (SYNC_OWNER.compareAndSet(this, null, me)) return true;
            if (System.nanoTime() - deadline >= 0) {
                LOG.log(Level.WARNING, name + ": " + what + " of " + sub.name + " went ahead while a delivery is stuck in "
                        + inlineCurrent);
                return false;
            }
            pause((int) Math.min(attempt, 1000));
        }
    }

    /**
     * Gives {@code sub} a fresh agent joined at the cursor: a required subscriber reads slots in
     * place (it gates, so it is never overrun); the others copy and check. Lossless ones gate.
     */
    private void joinWithNewAgent(Subscription sub) {
        SubscriberAgent<S> agent = new SubscriberAgent<>(this, ring, sub, sub.required, newSlot());
        sub.startSequence = ring.join(agent.reader, !sub.lossy);
        sub.agent = agent;
    }

    private static Subscription[] without(Subscription[] from, Subscription sub) {
        List<Subscription> rest = new ArrayList<>(Arrays.asList(from));
        rest.remove(sub);
        return rest.toArray(NONE);
    }

    private void startAgent(Subscription sub) {
        AgentRunner runner = new AgentRunner(settings.newIdleStrategy(this), this::onAgentError, null, sub.agent);
        sub.runner = runner;
        AgentRunner.startOnThread(runner, r -> {
            Thread t = new Thread(r, sub.agent.roleName());
            t.setDaemon(true);
            return t;
        });
    }

    void onAgentError(Throwable t) {
        LOG.log(Level.ERROR, name + ": delivery agent failed", t); // deliverSafely catches subscriber errors: this is a bug
    }

    /** Stops the agent thread; one stuck in a subscriber's callback is reported and abandoned. */
    private void stopAgent(Subscription sub) {
        sub.agent.stopDelivering();
        AgentRunner runner = sub.runner;
        sub.runner = null;
        if (runner == null) return;
        try {
            runner.close((int) Math.max(1, settings.stallTimeoutNs / 1_000_000), thread -> {
                throw new AbandonedThread(thread);
            });
        } catch (AbandonedThread e) {
            LOG.log(Level.ERROR, name + ": subscriber " + sub.name + " did not return from its callback within "
                    + settings.stallTimeoutNs / 1_000_000 + " ms; its thread " + e.thread.getName()
                    + " is abandoned (interrupted; it delivers nothing more)");
        }
    }

    /** Breaks out of AgentRunner.close's retry loop. */
    private static final class AbandonedThread extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Thread thread;

        AbandonedThread(Thread thread) {
            super(null, null, false, false);
            this.thread = thread;
        }
    }

    void resolveSymbols(Subscription sub) {
        if (sub.symbolNames == null) return;
        SymbolRegistry reg = symbols;
        int size = reg == null ? 0 : reg.size();
        boolean[] filter = new boolean[size];
        StringBuilder unresolved = new StringBuilder();
        for (String entry : sub.symbolNames) {
            int colon = entry.indexOf(':');
            int id = reg == null || colon <= 0 ? SymbolRegistry.UNKNOWN : reg.resolve(entry.substring(0, colon), entry.substring(colon + 1));
            if (id >= 0 && id < size) {
                filter[id] = true;
            } else {
                if (unresolved.length() > 0) unresolved.append(',');
                unresolved.append(entry);
            }
        }
        String before = sub.unresolvedSymbols;
        sub.unresolvedSymbols = unresolved.toString();
        sub.symbolFilter = filter;
        if (unresolved.length() > 0 && !unresolved.toString().equals(before)) {
            LOG.log(Level.WARNING, name + ": subscriber " + sub.name + " wants " + unresolved
                    + ", not in the symbol registry (yet; checked again when it changes). Expected EXCHANGE:SYMBOL.");
        }
    }

    // ================================================================== lifecycle

    /** Opens for publishing and starts the agents and the monitor. Idempotent. */
    public final void open() {
        open(true);
    }

    /** Tests drive {@link BusMonitor#tick} themselves, with their own clock: {@code startMonitor == false}. */
    final void open(boolean startMonitor) {
        synchronized (subscriptionLock) {
            awaitNotStopping();
            if (open) return;
            if (ring.isClosed()) {
                if (singlePublisher) {
                    ring = new OneToManyBroadcastRing<>(newRing(settings.ringSize), ring.close() + 1, CLOSE_SETTLE_NS);
                } else {
                    ((ManyToManyBroadcastRing<S>) ring).reopen();
                }
            }
            for (Subscription sub : all) {
                if (sub.agent != null && sub.runner == null) { // stopped (or joined while closed): join again at the cursor
                    ring.leave(sub.agent.reader);
                    joinWithNewAgent(sub);
                    startAgent(sub);
                }
            }
            open = true;
            if (!startMonitor) return;
            monitorRunner = monitor.start();
        }
    }

    /**
     * Stops fan-out: refuses new events ({@link BusResult#CLOSED}), lets the decoupled
     * subscribers drain what was published for up to the drain timeout, then stops their
     * threads. Returns (and keeps, for {@code flox:buses}) a report of what, if anything, was
     * left undelivered, per subscriber.
     */
    public final String stop() {
        AgentRunner monitor;
        String summary;
        long leftInAll;
        long cursor;
        long deadline;
        synchronized (subscriptionLock) {
            awaitNotStopping();
            if (!open) return lastStopReport;
            open = false;
            stopping = true;
            cursor = ring.close(publisherThread); // no claim succeeds after this: the last sequence is known exactly
            deadline = System.nanoTime() + settings.drainTimeoutNs;
        }
        try {
            // publishers that claimed before the close finish writing; then subscribers catch up
            String inlineStuck = null;
            if (syncMode || inline.length > 0) {
                // sync claims happen under the delivery lock, and a claim is written to the ring only when
                // a decoupled subscriber exists (otherwise its slot is never marked published): holding
                // the lock once means every claimed event has been delivered and, if needed, published.
                // Wait for it up to the drain timeout (not acquireSyncLock: that one gives up once closed),
                // without the subscription lock: an inline callback in progress may subscribe or unsubscribe.
                Thread me = Thread.currentThread();
                if (syncOwner != me) { // stop() from inside a delivery: that delivery is ours, nothing to wait for
                    boolean held = false;
                    for (int attempt = 0; !held && System.nanoTime() - deadline < 0; attempt++) {
                        held = SYNC_OWNER.compareAndSet(this, null, me);
                        if (!held) pause(attempt);
                    }
                    if (held) SYNC_OWNER.setRelease(this, null);
                    else inlineStuck = String.valueOf(inlineCurrent);
                }
            }
            synchronized (subscriptionLock) {
                if (!syncMode) {
                    for (int attempt = 0; !ring.isFullyPublished() && System.nanoTime() - deadline < 0; attempt++) pause(attempt);
                }
                for (int attempt = 0; System.nanoTime() - deadline < 0 && !drained(cursor); attempt++) pause(attempt);
                StringBuilder report = new StringBuilder();
                leftInAll = 0;
                for (Subscription sub : all) {
                    if (sub.agent == null) continue;
                    stopAgent(sub);
                    long left = Math.max(0, cursor - sub.agent.reader.position.getAcquire());
                    if (left > 0) {
                        leftInAll += left;
                        report.append(report.length() > 0 ? "; " : "").append(sub.name).append(": ").append(left);
                    }
                }
                monitor = monitorRunner;
                monitorRunner = null;
                if (inlineStuck != null) {
                    leftInAll++;
                    report.append(report.length() > 0 ? "; " : "").append(inlineStuck).append(": 1 (its callback did not return within the drain timeout)");
                }
                long skippedNow = skipped.get();
                String published = name + " stopped: " + (cursor + 1) + " event(s) published"
                        + (skippedNow > 0 ? " (" + skippedNow + " of them skipped: their copy threw)" : "");
                summary = leftInAll == 0
                        ? published + ", every one delivered"
                        : published + ", " + leftInAll + " delivery(ies) left undone (" + report + ")";
                lastStopReport = summary;
            }
        } finally {
            synchronized (subscriptionLock) {
                stopping = false;
                subscriptionLock.notifyAll();
            }
        }
        // Outside the lock: the monitor may be waiting for it (re-resolving symbol filters); it then
        // finishes that tick and ends. Interrupting wakes it from its sleep instead of waiting it out.
        if (monitor != null) monitor.close(50, Thread::interrupt);
        LOG.log(leftInAll == 0 ? Level.INFO : Level.WARNING, summary);
        return summary;
    }

    /** Subscription lock held: waits until no stop is between its phases (a second stop, or an open, comes after it). */
    private void awaitNotStopping() {
        boolean interrupted = false;
        while (stopping) {
            try {
                subscriptionLock.wait();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) Thread.currentThread().interrupt();
    }

    private boolean drained(long cursor) {
        for (Subscription sub : all) {
            SubscriberAgent<?> a = sub.agent;
            if (a != null && sub.runner != null && a.reader.position.getAcquire() < cursor) return false;
        }
        return true;
    }

    // ================================================================== status (cold path)

    long published() {
        return ring.cursor() + 1;
    }

    long backPressured() { return backPressured.get(); }
    long refusedClosed() { return refusedClosed.get(); }
    long refusedInvalid() { return refusedInvalid.get(); }
    long stalls() { return stalls.get(); }
    long skipped() { return skipped.get(); }
    long refusedOtherThread() { return refusedOtherThread.get(); }
    String lastStopReport() { return lastStopReport; }

    /** The {@code flox:buses} table of this engine, and the totals it carries over. */
    public final BusStatusView status() {
        return status;
    }

    Subscription[] subscriptions() {
        return all;
    }

    /** Events published and not yet delivered to {@code sub} (0 for inline subscribers between events). */
    long depth(Subscription sub) {
        SubscriberAgent<?> a = sub.agent;
        return a == null ? 0 : a.depth();
    }

    public Subscription find(Object listener) {
        for (Subscription s : all) {
            if (s.listener == listener) return s;
        }
        return null;
    }
}
