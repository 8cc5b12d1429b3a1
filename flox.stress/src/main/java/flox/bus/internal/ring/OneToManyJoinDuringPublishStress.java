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
 * A required reader joins the one-publisher ring while its publisher publishes (issue 12 item 3:
 * join during flow on the fast path; {@link RingJoinDuringClaimsStress} is the many-publisher
 * ring's). On a ring of two slots the publisher publishes six events (value sequence + 100)
 * behind an existing required reader. The second actor runs both readers (one actor per CPU on
 * this machine): the existing one reads the first event, then the new one joins, and from then
 * on the existing reader runs ahead as far as it can before the joiner reads one event. Every
 * sequence the joiner owns, from the one join() returned to the last, must be read whole before
 * the publisher reuses its slot: a publisher whose cached gating minimum predates the join (the
 * existing reader, ahead) would overwrite it.
 */
@JCStressTest
@Outcome(id = "all 6, joiner read [0-5]", expect = ACCEPTABLE, desc = "both readers read every event they own, whole and in sequence")
@Outcome(expect = FORBIDDEN, desc = "an event overwritten before the joiner read it, torn, or stuck")
@State
public class OneToManyJoinDuringPublishStress {
    static final int EVENTS = 6;
    private final OneToManyBroadcastRing<StressSlot> ring = new OneToManyBroadcastRing<>(StressSlot.ring(2), 0, Spin.SETTLE_NS);
    private final BroadcastRing.RingReader existing = new BroadcastRing.RingReader();
    private final BroadcastRing.RingReader joiner = new BroadcastRing.RingReader();

    public OneToManyJoinDuringPublishStress() {
        ring.join(existing, true);
    }

    @Actor
    public void publisher() {
        for (int i = 0; i < EVENTS; i++) {
            long seq = Spin.claim(ring);
            if (seq < 0) return; // stuck: a reader reports it
            Spin.write(ring, seq, seq + 100);
        }
    }

    @Actor
    public void readers(L_Result r) {
        Reader old = new Reader(ring, existing, 0);
        String problem = old.readOne();
        if (problem != null) {
            r.r1 = "existing: " + problem;
            return;
        }
        long first = ring.join(joiner, true);
        r.r1 = JoinReaders.readBoth(old, new Reader(ring, joiner, first), first, EVENTS);
    }

    /** A required reader reading in place up to the cursor, one sequence at a time, as a lossless subscriber does. */
    static final class Reader extends JoinReaders.Reader {
        final OneToManyBroadcastRing<StressSlot> ring;

        Reader(OneToManyBroadcastRing<StressSlot> ring, BroadcastRing.RingReader reader, long first) {
            super(reader, first);
            this.ring = ring;
        }

        @Override
        boolean ready() {
            return ring.available(next) >= next;
        }

        /**
         * Waits for the next sequence, copies it, checks that the publisher has not claimed its
         * slot again and that the copy is that sequence's whole value, and only then moves the
         * reader's position past it. Returns null, or what went wrong.
         */
        @Override
        String readOne() {
            Spin spin = new Spin();
            while (!ready()) {
                if (!spin.pause()) return "STUCK at " + next;
            }
            StressSlot slot = ring.slot(next);
            long a = slot.a, b = slot.b;
            VarHandle.loadLoadFence();
            if (ring.isLapped(next)) return "OVERRUN at " + next + " while reading";
            if (a != next + 100 || b != next + 100) return (a > next + 100 ? "OVERWRITTEN at " : "TORN at ") + next + ": " + a + "/" + b;
            passed();
            return null;
        }
    }
}
