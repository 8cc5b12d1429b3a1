package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The one-publisher ring's claim/publish/read protocol with a gating reader that reads in place
 * up to the cursor (no per-slot mark): on a ring of two slots the publisher publishes four
 * events (value sequence + 1, written as two fields), so it must wait for the reader twice. The
 * reader sees every event whole and in order.
 */
@JCStressTest
@Outcome(id = "1/1 2/2 3/3 4/4", expect = ACCEPTABLE, desc = "every event, whole, in order")
@Outcome(expect = FORBIDDEN, desc = "a torn, missing, repeated or overwritten event, or stuck")
@State
public class OneToManyPublishReadStress {
    private final OneToManyBroadcastRing<StressSlot> ring = new OneToManyBroadcastRing<>(StressSlot.ring(2), 0, Spin.SETTLE_NS);
    private final BroadcastRing.RingReader reader = new BroadcastRing.RingReader();

    public OneToManyPublishReadStress() {
        ring.join(reader, true);
    }

    @Actor
    public void publisher() {
        for (long i = 0; i < 4; i++) {
            long seq = Spin.claim(ring);
            if (seq < 0) return;
            Spin.write(ring, seq, seq + 1);
        }
    }

    @Actor
    public void reader(L_Result r) {
        StringBuilder seen = new StringBuilder();
        Spin spin = new Spin();
        long next = 0;
        while (next < 4) {
            long available = ring.available(next);
            if (available < next) {
                if (!spin.pause()) {
                    r.r1 = seen + " STUCK";
                    return;
                }
                continue;
            }
            for (; next <= available; next++) {
                StressSlot s = ring.slot(next);
                long a = s.a;
                long b = s.b;
                seen.append(seen.length() > 0 ? " " : "").append(a).append('/').append(b);
            }
            reader.position.setRelease(next - 1);
        }
        r.r1 = seen.toString();
    }
}
