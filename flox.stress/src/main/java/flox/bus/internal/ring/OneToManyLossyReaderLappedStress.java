package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import java.lang.invoke.VarHandle;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The one-publisher ring's lossy reader, as {@link SubscriberAgent} reads it: on a ring of two
 * slots the publisher publishes sequences 0..5 (value sequence + 1, written as two fields), so
 * slot 1 holds sequences 1, 3 and 5 in turn. The reader wants sequence 1: once the cursor says it
 * is published it copies the slot and checks the publisher's claim counter. It either takes a
 * whole copy of sequence 1 (2/2) or sees that it was lapped; never a torn copy or another event.
 */
@JCStressTest
@Outcome(id = "2/2", expect = ACCEPTABLE, desc = "sequence 1 copied whole before it was overwritten")
@Outcome(id = "LAPPED", expect = ACCEPTABLE_INTERESTING, desc = "overwritten before or during the copy: the reader skips it")
@Outcome(expect = FORBIDDEN, desc = "a torn copy or another sequence's event accepted, or stuck")
@State
public class OneToManyLossyReaderLappedStress {
    private static final long WANTED = 1;
    private final OneToManyBroadcastRing<StressSlot> ring = new OneToManyBroadcastRing<>(StressSlot.ring(2), 0, Spin.SETTLE_NS);
    private final StressSlot copy = new StressSlot();

    @Actor
    public void publisher() {
        for (long i = 0; i < 6; i++) {
            long seq = Spin.claim(ring);
            if (seq < 0) return;
            Spin.write(ring, seq, seq + 1);
        }
    }

    @Actor
    public void lossyReader(L_Result r) {
        Spin spin = new Spin();
        for (;;) {
            if (ring.isLapped(WANTED)) {
                r.r1 = "LAPPED";
                return;
            }
            if (ring.available(WANTED) < WANTED) {
                if (!spin.pause()) {
                    r.r1 = "STUCK";
                    return;
                }
                continue; // not published yet
            }
            copy.copyFrom(ring.slot(WANTED));
            VarHandle.loadLoadFence();
            if (ring.isLapped(WANTED)) continue; // overwritten while copying
            r.r1 = copy.a + "/" + copy.b;
            return;
        }
    }
}
