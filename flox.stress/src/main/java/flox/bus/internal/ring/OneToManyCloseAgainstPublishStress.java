package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * close() against the one-publisher ring's publisher, as a bus's stop() against its connector:
 * the publisher publishes up to three events, stopping at the first refusal; close() runs
 * meanwhile. Every publish reported as accepted is at or below the last sequence close()
 * returned, every refused one above it, readers never see past it, and nothing is claimed after.
 */
@JCStressTest
@Outcome(id = {"accepted 0, last -1", "accepted 1, last 0", "accepted 2, last 1"}, expect = ACCEPTABLE,
        desc = "the close fell between two publishes")
@Outcome(id = "accepted 3, last 2", expect = ACCEPTABLE_INTERESTING, desc = "every publish before the close")
@Outcome(expect = FORBIDDEN, desc = "an accepted publish past the last sequence, a refused one within it, or a reader past it")
@State
public class OneToManyCloseAgainstPublishStress {
    private final OneToManyBroadcastRing<StressSlot> ring = new OneToManyBroadcastRing<>(StressSlot.ring(4), 0, Spin.SETTLE_NS);
    private long accepted;
    private long refusedSequence = -1;
    private long last;

    @Actor
    public void publisher() {
        for (int i = 0; i < 3; i++) {
            long seq = ring.tryClaim();
            if (seq == BroadcastRing.CLOSED) return;
            StressSlot slot = ring.beginWrite(seq);
            slot.a = seq + 1;
            slot.b = seq + 1;
            if (!ring.publish(seq)) {
                refusedSequence = seq;
                return;
            }
            accepted++;
        }
    }

    @Actor
    public void closer() {
        last = ring.close();
    }

    @Arbiter
    public void check(L_Result r) {
        if (accepted - 1 > last) {
            r.r1 = "accepted " + accepted + " past last " + last;
        } else if (refusedSequence >= 0 && refusedSequence <= last) {
            r.r1 = "refused " + refusedSequence + " within last " + last;
        } else if (ring.available(0) > last) {
            r.r1 = "readable up to " + ring.available(0) + " past last " + last;
        } else if (ring.tryClaim() != BroadcastRing.CLOSED) {
            r.r1 = "claim after close";
        } else if (accepted != last + 1) {
            r.r1 = "accepted " + accepted + " but last " + last + " (an accepted event missing or one counted in that was refused)";
        } else {
            r.r1 = "accepted " + accepted + ", last " + last;
        }
    }
}
