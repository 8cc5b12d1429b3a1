package flox.bench;

import java.util.function.LongSupplier;

/**
 * A paced publisher's schedule: event {@code i} is due at {@code start + i x period}, and its
 * intended start, not the moment it is sent, is what its latency is measured from. A publisher
 * behind schedule (descheduled, or held by a full ring) gets the overdue events at once, each
 * with its own due time, so the backlog's wait is recorded rather than dropped (the correction
 * for coordinated omission); the schedule ends at {@code start + duration} however late the
 * publisher is, so a run has exactly {@code duration / period} events. Reusable ({@link #start});
 * not thread-safe; no allocation.
 */
public final class Pacer {
    private final LongSupplier clock;
    private final long period;
    private long end;
    private long next;
    private long maxLagNs;

    /**
     * @param clock nanoseconds ({@code System::nanoTime}; tests pass their own)
     * @param ratePerSecond events per second, > 0
     */
    public Pacer(LongSupplier clock, long ratePerSecond) {
        if (ratePerSecond <= 0) throw new IllegalArgumentException("rate must be > 0: " + ratePerSecond);
        this.clock = clock;
        this.period = 1_000_000_000L / ratePerSecond;
    }

    /** Starts a schedule of {@code durationNs} from now: its first event is due at once; the worst lag starts at 0. */
    public Pacer start(long durationNs) {
        next = clock.getAsLong();
        end = next + durationNs;
        maxLagNs = 0;
        return this;
    }

    /**
     * Spins until the next event is due and returns its intended start, or -1 once the schedule
     * has ended. An event already overdue is returned at once.
     */
    public long awaitNext() {
        long due = next;
        if (due >= end) return -1;
        long now;
        while ((now = clock.getAsLong()) < due) Thread.onSpinWait();
        if (now - due > maxLagNs) maxLagNs = now - due;
        next = due + period;
        return due;
    }

    /** The worst lag so far between an event's due time and the moment it was handed out (ns). */
    public long maxLagNs() {
        return maxLagNs;
    }
}
