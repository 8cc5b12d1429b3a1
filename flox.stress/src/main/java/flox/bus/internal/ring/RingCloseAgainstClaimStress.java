package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * close() against claims, as a bus's stop() against its publishers: producer A claims twice while
 * producer B claims once and then closes the ring (one actor per CPU, so B and the closer share
 * one). Every claim that succeeded is at or below the sequence close() returned, the claims that
 * succeeded are exactly 0..last (so stop() waits for exactly those to be published), and none
 * succeeds afterwards.
 */
@JCStressTest
@Outcome(id = {"last 0, claimed 1", "last 1, claimed 2", "last 2, claimed 3"}, expect = ACCEPTABLE,
        desc = "the claims that succeeded are exactly 0..last")
@Outcome(expect = FORBIDDEN, desc = "a claim past the sequence close() returned, a gap, or a claim after close")
@State
public class RingCloseAgainstClaimStress {
    private final ManyToManyBroadcastRing<StressSlot> ring = new ManyToManyBroadcastRing<>(StressSlot.ring(4));
    private long a1, a2, b, last;

    @Actor
    public void producerA() {
        a1 = ring.tryClaim();
        a2 = ring.tryClaim();
    }

    @Actor
    public void producerBThenClose() {
        b = ring.tryClaim();
        last = ring.close();
    }

    @Arbiter
    public void check(L_Result r) {
        int claimed = 0;
        long highest = -1;
        for (long c : new long[] {a1, a2, b}) {
            if (c == BroadcastRing.CLOSED) continue;
            if (c < 0) {
                r.r1 = "unexpected claim result " + c;
                return;
            }
            claimed++;
            highest = Math.max(highest, c);
        }
        if (highest > last) {
            r.r1 = "claim " + highest + " past last " + last;
        } else if (ring.tryClaim() != BroadcastRing.CLOSED) {
            r.r1 = "claim succeeded after close";
        } else {
            r.r1 = "last " + last + ", claimed " + claimed; // a gap or a duplicate shows as claimed != last + 1
        }
    }
}
