package flox.bus.internal.ring;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/**
 * The ring's claim, write, publish and read protocol with two producers and one required
 * (gating) reader, on a ring of two slots that four events wrap. jcstress runs one actor per CPU
 * and this machine has two, so producer B and the reader share the second actor: it never blocks
 * (tryClaim once, then read what is published), so producer A, which waits while the ring is
 * full, races both. The reader reads in place and reports which producer wrote each sequence (A
 * or B): any interleaving is fine as long as every event is read whole, each producer's events
 * come in its own order, and none is lost or read twice.
 */
@JCStressTest
@Outcome(id = {"AABB", "ABAB", "ABBA", "BAAB", "BABA", "BBAA"}, expect = ACCEPTABLE,
        desc = "all four events read whole, each producer's in its order")
@Outcome(expect = FORBIDDEN, desc = "torn, out of producer order, lost, duplicated or stuck")
@State
public class RingTwoProducersOneReaderStress {
    private static final int EVENTS = 4;
    private final ManyToManyBroadcastRing<StressSlot> ring = new ManyToManyBroadcastRing<>(StressSlot.ring(2));
    private final BroadcastRing.RingReader reader = new BroadcastRing.RingReader();

    public RingTwoProducersOneReaderStress() {
        ring.join(reader, true);
    }

    @Actor
    public void producerA() {
        for (long k = 1; k <= 2; k++) {
            long seq = Spin.claim(ring);
            if (seq < 0) return; // stuck: the reader reports it
            Spin.write(ring, seq, 10 + k);
        }
    }

    @Actor
    public void producerBAndReader(L_Result r) {
        StringBuilder who = new StringBuilder(EVENTS);
        long lastA = 0, lastB = 0, sentB = 0;
        Spin spin = new Spin();
        for (long seq = 0; seq < EVENTS; ) {
            if (sentB < 2) {
                long claimed = ring.tryClaim();
                if (claimed >= 0) Spin.write(ring, claimed, 20 + ++sentB);
            }
            if (ring.publishedMark(seq) != seq) {
                if (!spin.pause()) {
                    r.r1 = "STUCK at " + seq + " " + who;
                    return;
                }
                continue;
            }
            spin.reset();
            StressSlot slot = ring.slot(seq);
            long a = slot.a, b = slot.b;
            reader.position.setRelease(seq);
            seq++;
            if (a != b) {
                r.r1 = "TORN " + a + "/" + b;
                return;
            }
            long producer = a / 10, k = a % 10;
            if (producer == 1 && k == lastA + 1) {
                lastA = k;
                who.append('A');
            } else if (producer == 2 && k == lastB + 1) {
                lastB = k;
                who.append('B');
            } else {
                r.r1 = "OUT OF ORDER " + who + " then " + a;
                return;
            }
        }
        r.r1 = who.toString();
    }
}
