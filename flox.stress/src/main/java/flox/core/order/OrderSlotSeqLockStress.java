package flox.core.order;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import flox.api.order.OrderState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.JJJ_Result;

/**
 * OrderSlot's seqlock: two writers each lock the slot and add 1 to its price, quantity and
 * filled quantity (a read-modify-write: the lock must exclude the other writer). The second
 * writer first copies the slot with readInto, racing the first (one actor per CPU: this machine
 * has two). The copy holds 0 or 1 in all three fields, never a mix; the arbiter sees 2 (no
 * write lost). r1: price read; r2: 0 when quantity and filled match the price read, else the
 * quantity; r3: the final price.
 */
@JCStressTest
@Outcome(id = {"0, 0, 2", "1, 0, 2"}, expect = ACCEPTABLE, desc = "a consistent copy before or after the other write; both writes kept")
@Outcome(expect = FORBIDDEN, desc = "a torn copy, or a write lost")
@State
public class OrderSlotSeqLockStress {
    private final OrderSlot slot = new OrderSlot(0);
    private final OrderState copy = new OrderState();

    public OrderSlotSeqLockStress() {
        long at = slot.lock();
        slot.clientOrderId = 1;
        slot.inUse = true;
        slot.unlockChanged(at);
    }

    private void add() {
        long at = slot.lock();
        slot.priceScaled++;
        slot.quantityScaled++;
        slot.filledQuantityScaled++;
        slot.unlockChanged(at);
    }

    @Actor
    public void writerA() {
        add();
    }

    @Actor
    public void readerThenWriterB(JJJ_Result r) {
        if (!slot.readInto(1, copy)) {
            r.r1 = -1;
        } else {
            long p = copy.priceScaled();
            r.r1 = p;
            r.r2 = copy.quantityScaled() == p && copy.filledQuantityScaled() == p ? 0 : copy.quantityScaled();
        }
        add();
    }

    @Arbiter
    public void check(JJJ_Result r) {
        r.r3 = slot.priceScaled;
    }
}
