package flox.bus.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * A preallocated multi-producer broadcast ring: every event is written once and read by every
 * subscriber through its own {@link Sequence}, so fan-out costs one write per event, not one
 * queue offer per subscriber.
 *
 * <p>Producers claim a sequence by CAS on the cursor, but only while no gating reader would be
 * overrun and the slot's previous occupant (a ring earlier) has been published; then they mark
 * the slot as being written, fill it and publish it. The second condition keeps one producer
 * from lapping another that is still writing the slot (say, descheduled mid-copy while the
 * others publish a ring's worth): without a gating reader nothing else stops it, and the two
 * would interleave their writes into one slot, so that a reader could take a torn event.
 * Publication is per slot ({@code published[i]} holds the sequence it carries), so readers see
 * each event once it is complete, in sequence order, whatever the order in which producers
 * finish. Per-producer order follows: a producer's claims are increasing.
 *
 * <p>Readers that do not gate (lossy ones) may be overrun. While a producer writes a slot,
 * {@code published[i]} holds {@code ~sequence} (negative), so such a reader copies the slot and
 * then re-checks the mark, as with a seqlock; a changed mark means it was lapped.
 *
 * <p>Thread-safe for any number of producers and readers. Claiming, writing and reading
 * allocate nothing; adding or removing a gating reader copies a small array (cold path).
 */
final class BroadcastRing<S extends BusSlot> {
    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);
    private static final RingReader[] NO_READERS = new RingReader[0];

    /** A reader's position (last sequence consumed) and whether producers must wait for it. */
    static final class RingReader {
        final Sequence position = new Sequence(-1);
        /** Set by the monitor to stop gating producers (a stalled non-required subscriber). */
        volatile boolean detached;
    }

    /** Returned by {@link #tryClaim} when the ring is full for a gating reader, or the slot's previous writer is not done. */
    static final long FULL = -1;
    /** Returned by {@link #tryClaim} once {@link #close} has run. */
    static final long CLOSED = -2;
    /** Added to the cursor by {@link #close}: claiming and closing are ordered by one CAS, so no claim slips past a close. */
    private static final long CLOSED_BIT = 1L << 62;

    private final S[] slots;
    private final long[] published;
    private final int mask;
    private final Sequence cursor = new Sequence(-1);
    /**
     * The gating readers with the lowest position producers last saw among them: one object per
     * membership (join, leave, attach), replaced as a whole, so a minimum scanned over an old
     * membership can only ever be cached in the old object, where no producer that read the new
     * membership looks (a shared cache let such a stale minimum outlive a join: issue 12).
     */
    private static final class Gating {
        final RingReader[] readers;
        /** Lowest gating position seen last time; shared by producers to avoid scanning per claim. */
        final Sequence cache = new Sequence(-1);

        Gating(RingReader[] readers) {
            this.readers = readers;
        }
    }

    private volatile Gating gating = new Gating(NO_READERS);
    private final Object gatingLock = new Object();
    /** Test seams: each runs once, in a claim's slow path, after it read the membership / after it scanned it (null in production). */
    Runnable afterGatingRead, afterGatingScan;
    /** False when claims are serialized by the caller and a claimed slot may be left unwritten (sync mode). */
    private final boolean awaitPreviousWriter;

    BroadcastRing(S[] slots) {
        this(slots, false);
    }

    /**
     * @param claimsSerialized the caller claims and writes under a lock, and may claim a sequence
     *        without writing its slot (the sync mode: only lossy subscribers read the ring): no
     *        producer can lap another, and an unwritten slot must not block the next round
     */
    BroadcastRing(S[] slots, boolean claimsSerialized) {
        this.awaitPreviousWriter = !claimsSerialized;
        int size = slots.length;
        if (size < 2 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring size must be a power of two >= 2, was " + size);
        }
        this.slots = slots;
        this.mask = size - 1;
        this.published = new long[size];
        Arrays.fill(published, -1L); // = ~0: "sequence 0 being written": not readable yet, not lapped
    }

    int size() {
        return slots.length;
    }

    /** Highest sequence claimed so far (-1 before the first), closed or not. */
    long cursor() {
        return decode(cursor.getAcquire());
    }

    /** A closed cursor is {@code CLOSED_BIT + last} ({@code CLOSED_BIT - 1} when nothing was claimed). */
    private static long decode(long raw) {
        return raw < CLOSED_BIT - 1 ? raw : raw - CLOSED_BIT;
    }

    /**
     * Refuses every later claim and returns the last sequence claimed before: every claim that
     * succeeded is at or below it (closing is a CAS on the cursor itself). Idempotent.
     */
    long close() {
        for (;;) {
            long c = cursor.getAcquire();
            if (c >= CLOSED_BIT - 1) return decode(c);
            if (cursor.compareAndSet(c, c + CLOSED_BIT)) return c;
        }
    }

    /** Accepts claims again after {@link #close}, continuing the sequence. */
    void reopen() {
        for (;;) {
            long c = cursor.getAcquire();
            if (c < CLOSED_BIT - 1) return;
            if (cursor.compareAndSet(c, decode(c))) return;
        }
    }

    /**
     * Claims the next sequence; {@link #FULL} when that would overrun a gating reader or the
     * slot's previous occupant is still being written, or {@link #CLOSED} after {@link #close}.
     * One attempt at capacity; retries only lost races with other producers.
     */
    long tryClaim() {
        final long size = slots.length;
        for (;;) {
            long current = cursor.get(); // volatile, before the membership: see join
            if (current >= CLOSED_BIT - 1) return CLOSED;
            long next = current + 1;
            long wrapPoint = next - size;
            Gating g = gating;
            if (wrapPoint > g.cache.get()) {
                Runnable read = afterGatingRead;
                if (read != null) {
                    afterGatingRead = null;
                    read.run();
                }
                long min = minimumGatingPosition(g.readers);
                Runnable seam = afterGatingScan;
                if (seam != null) {
                    afterGatingScan = null;
                    seam.run();
                }
                if (min != UNGATED) {
                    g.cache.setRelease(min);
                    if (wrapPoint > min) return FULL;
                }
            }
            // Even past every gating reader the previous occupant may still be being written: a reader
            // that joined at a cursor above it, or a detachable one that skipped it as lapped, is past it
            // without it having been published. One acquire load of a line this producer writes next.
            if (awaitPreviousWriter && wrapPoint >= 0 && publishedMark(next) != wrapPoint) {
                if (cursor.get() != current) continue; // another producer took this sequence: try the next
                return FULL; // the producer of wrapPoint has not published it yet
            }
            if (cursor.compareAndSet(current, next)) {
                return next;
            }
        }
    }

    /** Marks the slot of {@code sequence} as being written; call before filling it. */
    S beginWrite(long sequence) {
        int index = (int) sequence & mask;
        PUBLISHED.setOpaque(published, index, ~sequence);
        VarHandle.storeStoreFence(); // the mark is visible before any of the slot's new content
        return slots[index];
    }

    /** Makes the filled slot readable. */
    void publish(long sequence) {
        PUBLISHED.setRelease(published, (int) sequence & mask, sequence);
    }

    S slot(long sequence) {
        return slots[(int) sequence & mask];
    }

    /** What the slot of {@code sequence} holds now: see {@link #isLapped} and the class comment. */
    long publishedMark(long sequence) {
        return (long) PUBLISHED.getAcquire(published, (int) sequence & mask);
    }

    /** True when {@code mark}, read for {@code sequence}, says the slot moved on to a later round. */
    static boolean isLapped(long mark, long sequence) {
        return mark >= 0 ? mark > sequence : ~mark > sequence;
    }

    /**
     * True when every claimed sequence has been published: the last ring's worth are looked at
     * (an older one was published before its slot could be claimed again). Not for a ring whose
     * claims are serialized (there a claimed slot may stay unwritten). Cold path: up to size reads.
     */
    boolean isFullyPublished() {
        long c = cursor();
        for (long s = c; s >= 0 && s > c - slots.length; s--) {
            if (publishedMark(s) != s) return false;
        }
        return true;
    }

    /**
     * A detached reader gates producers again, unless it is too far behind: returns false (and
     * leaves it detached) when the cursor is within one slot of a ring's worth past where the
     * reader was. A new membership drops the cached minimum, which may be above the reader. The
     * only claim that can still go by the reader is the one in flight when the new membership is
     * published (a producer that read the cursor and the old membership before, at most one: its
     * CAS fails once any other claim moved the cursor); it overwrites at most the slot of the
     * cursor at publication plus one, less a ring, which the reader had consumed when this began.
     */
    boolean attach(RingReader reader) {
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

    /** What {@link #minimumGatingPosition} returns when no attached reader gates producers. */
    private static final long UNGATED = Long.MAX_VALUE;

    private static long minimumGatingPosition(RingReader[] readers) {
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
     * Adds a reader that starts after the current cursor, gating producers if {@code gates}.
     * Positions it at the cursor, publishes a new membership, and then positions it again at the
     * cursor read after publication (volatile accesses on both sides, so they are totally
     * ordered). A producer that read the old membership read its cursor before that, so its
     * claim overwrites at most that cursor plus one, less a ring: at or below the reader's start.
     * A producer that read the new one sees the reader (and a fresh cached minimum). Nothing the
     * reader will read is overwritten. Returns the first sequence the reader will see.
     */
    long join(RingReader reader, boolean gates) {
        reader.position.setVolatile(cursor());
        if (gates) {
            synchronized (gatingLock) {
                RingReader[] now = gating.readers;
                RingReader[] next = Arrays.copyOf(now, now.length + 1);
                next[now.length] = reader;
                gating = new Gating(next);
            }
        }
        long start = decode(cursor.get());
        reader.position.setVolatile(start);
        return start + 1;
    }

    /** Stops gating on {@code reader}; producers waiting for it proceed. */
    void leave(RingReader reader) {
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
