package flox.bus.internal.ring;

import java.util.Arrays;

/**
 * A preallocated broadcast ring: every event is written once into a slot and read by every
 * subscriber through its own {@link RingReader}, so fan-out costs one write per event, not one
 * queue offer per subscriber. Two topologies: {@link ManyToManyBroadcastRing} (any number of
 * publishers, a CAS per claim and a mark per slot) and {@link OneToManyBroadcastRing} (one
 * publisher at a time, no locked instruction, readers read up to the cursor).
 *
 * <p>This class holds what both share: the slots and the membership of gating readers. Lossless
 * readers gate producers (a producer never overruns one); lossy ones do not and detect being
 * lapped instead ({@link #isLapped}). A membership (join, leave, attach) is one {@link Gating}
 * object, replaced as a whole, so that a minimum scanned over an old membership is never used
 * with a new one (issue 12).
 *
 * <p>Thread-safe as each subclass states. Claiming, writing and reading allocate nothing;
 * membership changes copy a small array (cold path).
 */
public abstract class BroadcastRing<S extends BusSlot> {
    private static final RingReader[] NO_READERS = new RingReader[0];

    /** A reader's position (last sequence consumed) and whether producers must wait for it. */
    public static final class RingReader {
        public final Sequence position = new Sequence(-1);
        /** Set by the monitor to stop gating producers (a stalled non-required subscriber). */
        public volatile boolean detached;
    }

    /** Returned by {@link #tryClaim} when the ring is full for a gating reader (or, many-to-many, the slot's previous writer is not done). */
    public static final long FULL = -1;
    /** Returned by {@link #tryClaim} once {@link #close} has run. */
    public static final long CLOSED = -2;
    /** What {@link #minimumGatingPosition} returns when no attached reader gates producers. */
    static final long UNGATED = Long.MAX_VALUE;

    /** The gating readers of one membership, with the lowest position producers last saw among them. */
    static final class Gating {
        final RingReader[] readers;
        /** Lowest gating position seen last time (many-to-many: shared by producers to avoid scanning per claim). */
        final Sequence cache = new Sequence(-1);

        Gating(RingReader[] readers) {
            this.readers = readers;
        }
    }

    final S[] slots;
    final int mask;
    volatile Gating gating = new Gating(NO_READERS);
    private final Object gatingLock = new Object();

    BroadcastRing(S[] slots) {
        int size = slots.length;
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two >= 2, was " + size);
        }
        this.slots = slots;
        this.mask = size - 1;
    }

    // ------------------------------------------------------------------ producers

    /**
     * Claims the next sequence; {@link #FULL} when that would overrun a gating reader, or
     * {@link #CLOSED} after {@link #close}. One attempt at capacity.
     */
    public abstract long tryClaim();

    /** Marks the slot of {@code sequence} as being written and returns it; call before filling it. */
    public abstract S beginWrite(long sequence);

    /**
     * Makes the filled slot readable. False (one-to-many only) when a {@link #close} that ran
     * while this publish was under way left the event out: it is delivered to nobody, and the
     * publisher must report it as refused.
     */
    public abstract boolean publish(long sequence);

    // ------------------------------------------------------------------ readers

    /**
     * The highest sequence at or above {@code next - 1} such that every sequence from
     * {@code next} to it is published and may be read (once a close was decided: no further
     * than its last sequence). One acquire load of the cursor (one-to-many) or of one mark.
     */
    public abstract long available(long next);

    /**
     * True when the slot of {@code sequence} has been, or is being, rewritten for a later
     * sequence. A copying reader checks it after its copy (behind a load-load fence): false
     * then means the copy is the event of {@code sequence}, whole.
     */
    public abstract boolean isLapped(long sequence);

    // ------------------------------------------------------------------ lifecycle and status

    /** Highest sequence published (one-to-many) or claimed (many-to-many) so far; -1 before the first. */
    public abstract long cursor();

    /**
     * Refuses every later claim and returns the last sequence: every publish that reported
     * success is at or below it, and none above it is ever delivered. Idempotent.
     */
    public final long close() {
        return close(null);
    }

    /** As {@link #close()}; {@code publisher}, when known, is the one-publisher ring's publishing thread. */
    public abstract long close(Thread publisher);

    public abstract boolean isClosed();

    /** True when every claimed sequence has been published (stop waits for it before draining). */
    public abstract boolean isFullyPublished();

    public int size() {
        return slots.length;
    }

    public S slot(long sequence) {
        return slots[(int) sequence & mask];
    }

    // ------------------------------------------------------------------ membership (cold path)

    static long minimumGatingPosition(RingReader[] readers) {
        long min = UNGATED;
        for (int i = 0; i < readers.length; i++) {
            RingReader r = readers[i];
            if (!r.detached) {
                long p = r.position.getAcquire();
                if (p < min) min = p;
            }
        }
        return min;
    }

    /**
     * A detached reader gates producers again, unless it is too far behind: returns false (and
     * leaves it detached) when the cursor is within one slot of a ring's worth past where the
     * reader was. A new membership drops the cached minimum, which may be above the reader. The
     * only claim that can still go by the reader is the one in flight when the new membership is
     * published (a producer that read the cursor and the old membership before); it overwrites
     * at most the slot of the cursor at publication plus one, less a ring, which the reader had
     * consumed when this began.
     */
    public boolean attach(RingReader reader) {
        long positionBefore = reader.position.getAcquire();
        synchronized (gatingLock) {
            reader.detached = false;
            gating = new Gating(gating.readers);
            if (cursor() - positionBefore < slots.length - 1) return true;
            reader.detached = true; // an in-flight claim could overwrite what it has not read: later
            gating = new Gating(gating.readers);
            return false;
        }
    }

    /**
     * Adds a reader that starts after the current cursor, gating producers if {@code gates}.
     * Positions it at the cursor, publishes a new membership, and then positions it again at the
     * cursor read after publication. A producer that read the old membership did so before it
     * claimed, so its claim overwrites at most that cursor plus one, less a ring: at or below the
     * reader's start. A producer that read the new one sees the reader (and a fresh cached
     * minimum). Nothing the reader will read is overwritten. Returns the first sequence the
     * reader will see.
     */
    public long join(RingReader reader, boolean gates) {
        reader.position.setVolatile(cursor());
        if (gates) {
            synchronized (gatingLock) {
                RingReader[] now = gating.readers;
                RingReader[] next = Arrays.copyOf(now, now.length + 1);
                next[now.length] = reader;
                gating = new Gating(next);
            }
        }
        long start = cursor();
        reader.position.setVolatile(start);
        return start + 1;
    }

    /** Stops gating on {@code reader}; producers waiting for it proceed. */
    public void leave(RingReader reader) {
        synchronized (gatingLock) {
            RingReader[] now = gating.readers;
            int at = -1;
            for (int i = 0; i < now.length; i++) {
                if (now[i] == reader) at = i;
            }
            if (at < 0) return;
            RingReader[] next = new RingReader[now.length - 1];
            System.arraycopy(now, 0, next, 0, at);
            System.arraycopy(now, at + 1, next, at, now.length - at - 1);
            gating = new Gating(next); // a fresh cached minimum: the old one may have been this reader's
        }
    }
}
