package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A required reader joins while a producer claims (issue 12 item 1): on a ring of two slots the
 * producer publishes six events (value sequence + 100) behind an existing required reader. The
 * second actor runs both readers (jcstress runs one actor per CPU; this machine has two): the
 * existing one reads the first event, then the new one joins, and from then on the existing
 * reader runs ahead as far as it can before the joiner reads one event. The joiner's sequences,
 * from the one join() returned to the last, must never be overwritten before it has read them:
 * a producer that cached a gating minimum scanned before the join (the existing reader, ahead)
 * would do so.
 */
@JCStressTest
@Outcome(id = "all 6, joiner read [0-5]", expect = ACCEPTABLE, desc = "both readers read every event they own, whole and in sequence")
@Outcome(expect = FORBIDDEN, desc = "an event overwritten before the joiner read it, torn, or stuck")
@State
public class RingJoinDuringClaimsStress {
    static final int EVENTS = 6;
    private final ManyToManyBroadcastRing<StressSlot> ring = new ManyToManyBroadcastRing<>(StressSlot.ring(2));
    private final BroadcastRing.RingReader existing = new BroadcastRing.RingReader();
    private final BroadcastRing.RingReader joiner = new BroadcastRing.RingReader();

    public RingJoinDuringClaimsStress() {
        ring.join(existing, true);
    }

    @Actor
    public void producer() {
        produce(ring, EVENTS);
    }

    @Actor
    public void readers(L_Result r) {
        InPlaceReader old = new InPlaceReader(ring, existing, 0);
        String problem = old.readOne();
        if (problem != null) {
            r.r1 = "existing: " + problem;
            return;
        }
        long first = ring.join(joiner, true);
        r.r1 = JoinReaders.readBoth(old, new InPlaceReader(ring, joiner, first), first, EVENTS);
    }

    /** Claims (waiting while the ring is full), writes value sequence + 100 and publishes, count times. */
    static void produce(ManyToManyBroadcastRing<StressSlot> ring, int count) {
        for (int i = 0; i < count; i++) {
            long seq = Spin.claim(ring);
            if (seq < 0) return; // stuck: a reader reports it
            Spin.write(ring, seq, seq + 100);
        }
    }

    /** A required reader reading in place, one sequence at a time, as a lossless subscriber does. */
    static final class InPlaceReader extends JoinReaders.Reader {
        final ManyToManyBroadcastRing<StressSlot> ring;

        InPlaceReader(ManyToManyBroadcastRing<StressSlot> ring, BroadcastRing.RingReader reader, long first) {
            super(reader, first);
            this.ring = ring;
        }

        @Override
        boolean ready() {
            return ring.publishedMark(next) == next;
        }

        /** The slot of the next sequence already holds a later one: overwritten before it was read. */
        @Override
        boolean overrun() {
            return ManyToManyBroadcastRing.isLapped(ring.publishedMark(next), next);
        }

        /**
         * Waits for the next sequence, copies it, checks that it is still that sequence and whole,
         * and only then moves the reader's position past it. Returns null, or what went wrong.
         */
        @Override
        String readOne() {
            Spin spin = new Spin();
            long mark;
            while ((mark = ring.publishedMark(next)) != next) {
                if (ManyToManyBroadcastRing.isLapped(mark, next)) return "OVERRUN at " + next + " before read";
                if (!spin.pause()) return "STUCK at " + next;
            }
            StressSlot slot = ring.slot(next);
            long a = slot.a, b = slot.b;
            VarHandle.loadLoadFence();
            if (ring.publishedMark(next) != next) return "OVERRUN at " + next + " while reading";
            if (a != next + 100 || b != next + 100) return "TORN at " + next + ": " + a + "/" + b;
            passed();
            return null;
        }
    }
}
