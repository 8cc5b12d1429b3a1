package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * A required reader leaves while a producer claims: on a ring of two slots the producer publishes
 * six events behind two required readers, both run by the second actor (one actor per CPU). The
 * leaving reader reads the first event and leaves; the staying one reads all six. The producer
 * must not keep waiting for the reader that left (or the staying reader is stuck), and nothing
 * either reader had not read yet is overwritten before it read it.
 */
@JCStressTest
@Outcome(id = "all 6, read 1 and left", expect = ACCEPTABLE, desc = "the producer went on past the reader that left; every read whole")
@Outcome(expect = FORBIDDEN, desc = "the producer held by a reader that left, an event overwritten before it was read, torn, or stuck")
@State
public class RingLeaveDuringClaimsStress {
    private static final int EVENTS = RingJoinDuringClaimsStress.EVENTS;
    private final ManyToManyBroadcastRing<StressSlot> ring = new ManyToManyBroadcastRing<>(StressSlot.ring(2));
    private final BroadcastRing.RingReader staying = new BroadcastRing.RingReader();
    private final BroadcastRing.RingReader leaving = new BroadcastRing.RingReader();

    public RingLeaveDuringClaimsStress() {
        ring.join(staying, true);
        ring.join(leaving, true);
    }

    @Actor
    public void producer() {
        RingJoinDuringClaimsStress.produce(ring, EVENTS);
    }

    @Actor
    public void readers(L_Result r) {
        RingJoinDuringClaimsStress.InPlaceReader stays = new RingJoinDuringClaimsStress.InPlaceReader(ring, staying, 0);
        RingJoinDuringClaimsStress.InPlaceReader leaves = new RingJoinDuringClaimsStress.InPlaceReader(ring, leaving, 0);
        String problem = leaves.readOne();
        ring.leave(leaving);
        if (problem != null) {
            r.r1 = "leaving: " + problem;
            return;
        }
        while (stays.next < EVENTS) {
            if ((problem = stays.readOne()) != null) {
                r.r1 = "staying: " + problem;
                return;
            }
        }
        r.r1 = "all " + EVENTS + ", read 1 and left";
    }
}
