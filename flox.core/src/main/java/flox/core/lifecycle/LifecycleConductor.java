package flox.core.lifecycle;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.lifecycle.LifecycleState;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/**
 * Owns the launch and shutdown order. Every state change runs on one conductor thread
 * ("flox-lifecycle"), so participants are never started or stopped concurrently and arrivals,
 * departures, launch and shutdown are applied in the order they were asked for.
 *
 * <p>Launch runs one task per phase (buses, connectors, strategies, executors); a participant
 * that arrives later is started at once if its phase has already run, otherwise when its phase
 * comes. Shutdown stops buses first, then strategies and connectors, then executors (see
 * {@link LifecyclePhase#shutdownStep()}). A participant whose start or stop throws is marked
 * FAILED and reported; the others carry on.
 *
 * <p>Thread-safe. Not on any hot path; allocates.
 */
public final class LifecycleConductor implements LifecycleCoordinator, AutoCloseable {
    /** Receives failures; the host logs them. Called on the conductor thread, or on the waiting caller's for a timeout. */
    public interface FailureReporter {
        void failed(String participant, String action, Throwable error);
    }

    private static final class Entry {
        final LifecycleParticipant participant;
        final String name;
        final LifecyclePhase phase;
        final long bundleId;
        volatile ParticipantState state = ParticipantState.WAITING;
        volatile String error;
        /** Disabled by an operator: not started by launch or arrival; conductor thread writes. */
        volatile boolean disabled;

        Entry(LifecycleParticipant participant, long bundleId) {
            this.participant = participant;
            this.bundleId = bundleId;
            String n;
            LifecyclePhase p;
            try {
                n = participant.name();
                p = participant.phase();
            } catch (RuntimeException e) { // a broken plugin must not break the conductor
                n = participant.getClass().getName();
                p = null;
                error = "name()/phase() threw " + e;
            }
            this.name = n;
            this.phase = p;
            if (p == null) {
                state = ParticipantState.FAILED;
                if (error == null) error = "phase() returned null";
            }
        }
    }

    private final ExecutorService thread;
    private final FailureReporter reporter;
    /** Owned by the conductor thread; copied for status queries. */
    private final List<Entry> entries = new ArrayList<>();
    private volatile List<Entry> published = List.of();
    private volatile LifecycleState state = LifecycleState.CREATED;
    /** Highest phase whose launch task has run; -1 before launch. Conductor thread only. */
    private int launchedPhase = -1;

    public LifecycleConductor(FailureReporter reporter) {
        this.reporter = reporter;
        this.thread = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "flox-lifecycle");
            t.setDaemon(true);
            return t;
        });
    }

    /** Registers a participant; starts it now if its phase has already launched. */
    public Future<?> add(LifecycleParticipant participant, long bundleId) {
        return add(participant, bundleId, false);
    }

    /**
     * Registers a participant; unless {@code disabled}, starts it now if its phase has already
     * launched. A disabled participant waits until {@link #setEnabled} enables it.
     */
    public Future<?> add(LifecycleParticipant participant, long bundleId, boolean disabled) {
        return add(participant, bundleId, () -> disabled, null);
    }

    /**
     * Registers a participant in one conductor task: runs {@code beforeStart} (if any; a throw is
     * reported and the participant still added), then asks {@code disabled}, then starts it if
     * its phase has launched and it is not disabled. Both callbacks run on the conductor thread,
     * so nothing else (enable, disable, shutdown) interleaves with them.
     */
    public Future<?> add(LifecycleParticipant participant, long bundleId, BooleanSupplier disabled, Runnable beforeStart) {
        return submit(() -> {
            for (Entry e : entries) {
                if (e.participant == participant) return;
            }
            Entry e = new Entry(participant, bundleId);
            if (beforeStart != null) {
                try {
                    beforeStart.run();
                } catch (Throwable t) {
                    reporter.failed(e.name, "arrival", t);
                }
            }
            e.disabled = disabled.getAsBoolean();
            entries.add(e);
            publish();
            if (!e.disabled && phaseLaunched(e)) start(e);
        });
    }

    /**
     * Enables or disables a participant (operator action): disabling stops it if it runs and keeps
     * launch from starting it; enabling starts it if its phase has launched. Returns false if the
     * participant is unknown. Waits at most {@code timeoutMs}.
     */
    public boolean setEnabled(LifecycleParticipant participant, boolean enabled, long timeoutMs) {
        boolean[] found = new boolean[1];
        boolean done = await(submit(() -> {
            for (Entry e : entries) {
                if (e.participant != participant) continue;
                found[0] = true;
                e.disabled = !enabled;
                if (!enabled && e.state == ParticipantState.RUNNING) stop(e);
                else if (enabled && e.state != ParticipantState.RUNNING && e.state != ParticipantState.FAILED && phaseLaunched(e)) start(e);
                publish();
                return;
            }
        }), timeoutMs, enabled ? "enable" : "disable");
        return done && found[0];
    }

    /** True while the participant is known and disabled. */
    public boolean isDisabled(LifecycleParticipant participant) {
        for (Entry e : published) if (e.participant == participant) return e.disabled;
        return false;
    }

    /** State of one participant, or null if unknown. */
    public ParticipantState stateOf(LifecycleParticipant participant) {
        for (Entry e : published) if (e.participant == participant) return e.state;
        return null;
    }

    private boolean phaseLaunched(Entry e) {
        return e.phase != null && (state == LifecycleState.LAUNCHING || state == LifecycleState.RUNNING)
                && e.phase.ordinal() <= launchedPhase;
    }

    /** Stops (if running) and forgets a participant; waits at most {@code timeoutMs}. */
    public boolean remove(LifecycleParticipant participant, long timeoutMs) {
        return remove(participant, timeoutMs, null);
    }

    /**
     * Stops (if running) and forgets a participant, then runs {@code afterStop} (if any) in the
     * same conductor task, so it never overlaps the participant's stop even when the caller stops
     * waiting: returns false when the task did not finish within {@code timeoutMs} (it still
     * completes later, in order).
     */
    public boolean remove(LifecycleParticipant participant, long timeoutMs, Runnable afterStop) {
        return await(submit(() -> {
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (e.participant == participant) {
                    if (e.state == ParticipantState.RUNNING) stop(e);
                    entries.remove(i);
                    publish();
                    break;
                }
            }
            if (afterStop != null) {
                try {
                    afterStop.run();
                } catch (Throwable t) {
                    reporter.failed(participant.getClass().getName(), "departure", t);
                }
            }
        }), timeoutMs, "removal");
    }

    /** Starts the launch sequence, one task per phase; returns at once. Idempotent. */
    public void launch() {
        submit(() -> {
            if (state != LifecycleState.CREATED) return;
            state = LifecycleState.LAUNCHING;
        });
        for (LifecyclePhase phase : LifecyclePhase.values()) {
            submit(() -> {
                if (state != LifecycleState.LAUNCHING) return;
                for (int i = 0; i < entries.size(); i++) { // index loop: start() may not add, but stay safe
                    Entry e = entries.get(i);
                    if (e.phase == phase && e.state == ParticipantState.WAITING && !e.disabled) start(e);
                }
                launchedPhase = phase.ordinal();
                if (phase.ordinal() == LifecyclePhase.values().length - 1) state = LifecycleState.RUNNING;
            });
        }
    }

    @Override
    public boolean shutdown(long timeoutMs) {
        if (thread.isShutdown()) return state == LifecycleState.STOPPED;
        return await(submit(() -> {
            if (state == LifecycleState.STOPPED) return;
            state = LifecycleState.STOPPING;
            int maxStep = 0;
            for (LifecyclePhase p : LifecyclePhase.values()) maxStep = Math.max(maxStep, p.shutdownStep());
            for (int step = 0; step <= maxStep; step++) {
                for (int i = entries.size() - 1; i >= 0; i--) { // reverse arrival order within a step
                    Entry e = entries.get(i);
                    if (e.phase != null && e.phase.shutdownStep() == step && e.state == ParticipantState.RUNNING) stop(e);
                }
            }
            state = LifecycleState.STOPPED;
        }), timeoutMs);
    }

    @Override
    public LifecycleState state() {
        return state;
    }

    @Override
    public List<ParticipantStatus> participants() {
        List<Entry> snapshot = published;
        List<ParticipantStatus> out = new ArrayList<>(snapshot.size());
        for (LifecyclePhase phase : LifecyclePhase.values()) {
            for (Entry e : snapshot) {
                if (e.phase == phase) out.add(new ParticipantStatus(e.name, e.phase, e.state, e.error, e.bundleId));
            }
        }
        for (Entry e : snapshot) {
            if (e.phase == null) out.add(new ParticipantStatus(e.name, null, e.state, e.error, e.bundleId));
        }
        return out;
    }

    /** Participants currently RUNNING. */
    public int runningCount() {
        int n = 0;
        for (Entry e : published) if (e.state == ParticipantState.RUNNING) n++;
        return n;
    }

    /** Shuts down (if not yet) and ends the conductor thread. */
    @Override
    public void close() {
        close(10_000);
    }

    public void close(long timeoutMs) {
        shutdown(timeoutMs);
        thread.shutdown();
        try {
            thread.awaitTermination(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void start(Entry e) {
        e.state = ParticipantState.STARTING;
        try {
            e.participant.start();
            e.state = ParticipantState.RUNNING;
            e.error = null;
        } catch (Throwable t) {
            e.state = ParticipantState.FAILED;
            e.error = "start failed: " + t;
            reporter.failed(e.name, "start", t);
        }
    }

    private void stop(Entry e) {
        e.state = ParticipantState.STOPPING;
        try {
            e.participant.stop();
            e.state = ParticipantState.STOPPED;
        } catch (Throwable t) {
            e.state = ParticipantState.FAILED;
            e.error = "stop failed: " + t;
            reporter.failed(e.name, "stop", t);
        }
    }

    private void publish() {
        published = List.copyOf(entries);
    }

    private Future<?> submit(Runnable task) {
        try {
            return thread.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException closed) {
            return CompletableFuture.completedFuture(null);
        }
    }

    private boolean await(Future<?> f, long timeoutMs) {
        return await(f, timeoutMs, "shutdown");
    }

    private boolean await(Future<?> f, long timeoutMs, String action) {
        try {
            f.get(timeoutMs, TimeUnit.MILLISECONDS);
            return true;
        } catch (TimeoutException e) {
            reporter.failed(currentlyBusy(), action, new TimeoutException("did not finish within " + timeoutMs + " ms"));
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            reporter.failed("lifecycle", "task", e.getCause());
            return false;
        }
    }

    private String currentlyBusy() {
        for (Entry e : published) {
            if (e.state == ParticipantState.STARTING || e.state == ParticipantState.STOPPING) return e.name;
        }
        return "lifecycle";
    }
}
