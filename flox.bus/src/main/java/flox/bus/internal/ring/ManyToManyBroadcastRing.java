package flox.bus.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The broadcast ring for any number of publishers (see {@link BroadcastRing} for what is shared).
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
 * <p>Thread-safe for any number of producers and readers. No allocation but on membership changes.
 */
public final class ManyToManyBroadcastRing<S extends BusSlot> extends BroadcastRing<S> {
    private static final VarHandle PUBLISHED = MethodHandles.arrayElementVarHandle(long[].class);

    /** Added to the cursor by {@link #close}: claiming and closing are ordered by one CAS, so no claim slips past a close. */
    private static final long CLOSED_BIT = 1L << 62;

    private final long[] published;
    private final Sequence cursor = new Sequence(-1);
    /** Test seams: each runs once, in a claim's slow path, after it read the membership / after it scanned it (null in production). */
    Runnable afterGatingRead, afterGatingScan;
    /** False when claims are serialized by the caller and a claimed slot may be left unwritten (sync mode). */
    private final boolean awaitPreviousWriter;

    ManyToManyBroadcastRing(S[] slots) {
        this(slots, false);
    }

    /**
     * @param claimsSerialized the caller claims and writes under a lock, and may claim a sequence
     *        without writing its slot (the sync mode: only lossy subscribers read the ring): no
     *        producer can lap another, and an unwritten slot must not block the next round
     */
    public ManyToManyBroadcastRing(S[] slots, boolean claimsSerialized) {
        super(slots);
        this.awaitPreviousWriter = !claimsSerialized;
        this.published = new long[slots.length];
        Arrays.fill(published, -1L); // = ~0: "sequence 0 being written": not readable yet, not lapped
    }

    /** Highest sequence claimed so far (-1 before the first), closed or not. A volatile read: see {@link #join}. */
    @Override
    public long cursor() {
        return decode(cursor.get());
    }

    /** A closed cursor is {@code CLOSED_BIT + last} ({@code CLOSED_BIT - 1} when nothing was claimed). */
    private static long decode(long raw) {
        return raw < CLOSED_BIT - 1 ? raw : raw - CLOSED_BIT;
    }

    /**
     * Refuses every later claim and returns the last sequence claimed before: every claim that
     * succeeded is at or below it (closing is a CAS on the cursor itself), whoever publishes.
     * Idempotent.
     */
    @Override
    public long close(Thread publisher) {
        for (;;) {
            long c = cursor.getAcquire();
            if (c >= CLOSED_BIT - 1) return decode(c);
            if (cursor.compareAndSet(c, c + CLOSED_BIT)) return c;
        }
    }

    @Override
    public boolean isClosed() {
        return cursor.getAcquire() >= CLOSED_BIT - 1;
    }

    /** Accepts claims again after {@link #close}, continuing the sequence. */
    public void reopen() {
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
    @Override
    public long tryClaim() {
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

    @Override
    public S beginWrite(long sequence) {
        int index = (int) sequence & mask;
        PUBLISHED.setOpaque(published, index, ~sequence);
        VarHandle.storeStoreFence(); // the mark is visible before any of the slot's new content
        return slots[index];
    }

    /** Makes the filled slot readable; always true (a claim is never taken back). */
    @Override
    public boolean publish(long sequence) {
        PUBLISHED.setRelease(published, (int) sequence & mask, sequence);
        return true;
    }

    /** Per slot: {@code next} when its mark says published, else {@code next - 1}. */
    @Override
    public long available(long next) {
        return publishedMark(next) == next ? next : next - 1;
    }

    @Override
    public boolean isLapped(long sequence) {
        return isLapped(publishedMark(sequence), sequence);
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
    @Override
    public boolean isFullyPublished() {
        long c = cursor();
        for (long s = c; s >= 0 && s > c - slots.length; s--) {
            if (publishedMark(s) != s) return false;
        }
        return true;
    }

}
