package flox.bus.internal.ring;

import java.lang.invoke.VarHandle;

/**
 * The broadcast ring for one publisher at a time (see {@link BroadcastRing} for what is shared):
 * a claim is a plain increment, publication one release store of the cursor, and readers read
 * every slot up to the cursor they loaded, with no per-slot mark. No locked instruction on the
 * publisher's path; the Disruptor's single-producer sequencer works the same way.
 *
 * <p>Lossy readers may be lapped: before it writes a slot the publisher stores the sequence it
 * is about to write in {@code claimed} (a store-store fence keeps it ahead of the slot's bytes),
 * so a reader that copied a slot and then still sees {@code claimed} below the next round has
 * the whole event (a seqlock on one counter).
 *
 * <p>Closing cannot be one CAS on the cursor, as in the many-to-many ring: the publisher's
 * plain stores would overwrite it. {@link #close} sets {@code closing}, waits until the cursor has
 * not moved for a settle time and fixes that cursor as the last sequence; readers never go past
 * it. A publisher checks {@code closing} before it claims and again after it published; should
 * the second check see it, its event may have come after the last sequence, so it waits for the
 * close to be decided and reports its publish refused when it did. What this leaves to the
 * hardware: a publish whose second check still saw the ring open has its cursor store visible
 * within the store buffer's drain time, far below the settle time; against a compiler that
 * moved the check above the store, {@link #close(Thread)} handshakes with the publisher
 * (docs/ARCHITECTURE.md).
 *
 * <p>A closed ring is not reopened: the bus builds a new one that continues the sequence
 * (a publish refused as above may still write into this one's slot).
 *
 * <p>Threading: {@link #tryClaim}, {@link #beginWrite} and {@link #publish} by one thread at a
 * time, each publisher's writes happening-before the next one's calls (the bus enforces it);
 * readers, membership changes and {@link #close} from any thread. No allocation but on
 * membership changes.
 */
public final class OneToManyBroadcastRing<S extends BusSlot> extends BroadcastRing<S> {
    /** {@code finalCursor} while no close has been decided. */
    private static final long OPEN = Long.MIN_VALUE;

    /** Last sequence published: written by the publisher with release stores. */
    private final Sequence cursor;
    /** Sequence whose slot the publisher is writing (or wrote last): read by copying readers. */
    private final Sequence claimed;
    private volatile boolean closing;
    private volatile long finalCursor = OPEN;
    private final long settleNs;

    /**
     * What only the publisher writes, on a cache line of its own: as plain fields of the ring they
     * shared a line with {@code closing}, {@code slots} and {@code mask}, which readers load on
     * every poll, and a write per claim made that line travel between the cores (one run measured
     * 3.4 M ev/s 1 -> 1 where another had 13 and the Disruptor's padded sequencer 25).
     */
    private final PublisherState publisher = new PublisherState();

    abstract static class PublisherStateLhs {
        @SuppressWarnings("unused") long p01, p02, p03, p04, p05, p06, p07;
    }

    abstract static class PublisherStateFields extends PublisherStateLhs {
        long lastClaimed;
        Gating seenGating;
        long seenMinimum = UNGATED;
    }

    static final class PublisherState extends PublisherStateFields {
        @SuppressWarnings("unused") long p11, p12, p13, p14, p15, p16, p17;
    }

    /**
     * @param firstSequence the sequence of the first claim (a ring that replaces a closed one
     *        continues its sequence)
     * @param settleNs how long the cursor must stay still before {@link #close} fixes it as the
     *        last sequence
     */
    public OneToManyBroadcastRing(S[] slots, long firstSequence, long settleNs) {
        super(slots);
        this.cursor = new Sequence(firstSequence - 1);
        this.claimed = new Sequence(firstSequence - 1);
        this.publisher.lastClaimed = firstSequence - 1;
        this.settleNs = settleNs;
    }

    @Override
    public long tryClaim() {
        if (closing) return CLOSED;
        final PublisherState p = publisher;
        long next = p.lastClaimed + 1;
        long wrapPoint = next - slots.length;
        Gating g = gating;
        if (g != p.seenGating || wrapPoint > p.seenMinimum) {
            // StoreLoad: this publisher's cursor stores (release, maybe still in its store buffer)
            // before the membership it scans. A join publishes a membership, then reads the cursor:
            // without the fence both could read the other's old value, and the claims that follow
            // this scan, bounded by its minimum, could overwrite what the joiner was told to read
            // (OneToManyJoinDuringPublishStress saw it). The Disruptor's single-producer sequencer
            // has the same fence (a volatile cursor store) on its slow path. Only here: the claims
            // between scans stay plain.
            VarHandle.fullFence();
            g = gating;
            p.seenGating = g;
            p.seenMinimum = minimumGatingPosition(g.readers);
            if (wrapPoint > p.seenMinimum) return FULL;
        }
        p.lastClaimed = next;
        return next;
    }

    @Override
    public S beginWrite(long sequence) {
        claimed.setRelease(sequence);
        VarHandle.storeStoreFence(); // copying readers see the claim before any of the slot's new bytes
        return slots[(int) sequence & mask];
    }

    @Override
    public boolean publish(long sequence) {
        cursor.setRelease(sequence);
        return !closing || acceptedByClose(sequence);
    }

    /** Slow path: a close began while this publish was under way; true when it counted the event in. */
    private boolean acceptedByClose(long sequence) {
        long last;
        while ((last = finalCursor) == OPEN) Thread.onSpinWait(); // the close decides within its settle time
        return sequence <= last;
    }

    /** Up to the cursor; once closing, up to the last sequence, and nothing until it is decided. */
    @Override
    public long available(long next) {
        long c = cursor.get(); // volatile: ordered before the read of closing (see close)
        if (!closing) return c;
        long last = finalCursor;
        return last == OPEN ? next - 1 : Math.min(c, last);
    }

    @Override
    public boolean isLapped(long sequence) {
        return claimed.getAcquire() - slots.length >= sequence;
    }

    @Override
    public long cursor() {
        long c = cursor.get();
        long last = finalCursor;
        return last == OPEN ? c : Math.min(c, last);
    }

    /**
     * Sets closing, waits until the cursor has stayed still for the settle time (the publisher
     * stops claiming once it sees closing; at most the publish in flight moves the cursor), and
     * fixes that cursor as the last sequence. A reader that read the cursor before it saw
     * closing read a value at most this one (the cursor only grows).
     */
    /**
     * As {@link #close()}, and before it decides, a handshake with {@code publisher} (when known
     * and not the caller): the JVM stops that thread at a safepoint poll, never between a
     * publish's cursor store and its second look at {@code closing} (straight-line code, no poll),
     * so a publish whose look the compiler might have moved above the store has stored by then.
     * The settle time covers the hardware; this covers the compiler. Cold path.
     */
    @Override
    public synchronized long close(Thread publisher) {
        long decided = finalCursor;
        if (decided != OPEN) return decided;
        closing = true;
        long last = settle(cursor.get());
        if (publisher != null && publisher != Thread.currentThread()) {
            publisher.getStackTrace(); // the handshake (or safepoint) itself is what counts; the trace is dropped
            last = settle(last);
        }
        finalCursor = last;
        return last;
    }

    /** Waits until the cursor has stood still for the settle time; returns it. */
    private long settle(long last) {
        long stillSince = System.nanoTime();
        for (;;) {
            long c = cursor.get();
            long now = System.nanoTime();
            if (c != last) {
                last = c;
                stillSince = now;
            } else if (now - stillSince >= settleNs) {
                return last;
            }
            Thread.onSpinWait();
        }
    }

    @Override
    public boolean isClosed() {
        return closing;
    }

    /** A publish is complete when it returns: nothing to wait for. */
    @Override
    public boolean isFullyPublished() {
        return true;
    }
}
