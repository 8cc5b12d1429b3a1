package flox.core.order;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.Side;
import flox.api.order.OrderState;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The tracker's two writers on one submitted, unacknowledged order: the gateway's caller thread
 * asks to cancel it while the executor's thread applies the venue's acknowledgement and then a
 * full fill. Whatever the order, the order ends FILLED (100), counted closed once, and the cancel
 * is applied (while pending new, or accepted) or refused (after the fill); the ack and the fill
 * are always applied. r1: cancel, ack and fill results; r2: the final state and open count.
 */
@JCStressTest
@Outcome(id = "APPLIED APPLIED APPLIED, FILLED 100 open 0", expect = ACCEPTABLE, desc = "cancel before the fill: the fill still wins")
@Outcome(id = "REFUSED_ILLEGAL_TRANSITION APPLIED APPLIED, FILLED 100 open 0", expect = ACCEPTABLE,
        desc = "cancel after the fill: refused, the order is closed")
@Outcome(expect = FORBIDDEN, desc = "a write lost, a state the state machine does not allow, or a wrong open count")
@State
public class TrackerCancelVsAckAndFillStress {
    private static final long ID = TrackerCancelVsFillStress.ID;
    private final LockFreeOrderTracker tracker = new LockFreeOrderTracker(4);
    private final ExecutionEvent ack = new ExecutionEvent().reset(ExecType.ACCEPTED, ID, 0, Side.BUY).execId(1).exchangeOrderId(77);
    private final ExecutionEvent fill = new ExecutionEvent().reset(ExecType.FILLED, ID, 0, Side.BUY).fill(5_000, 100, 100).execId(2);
    private final OrderState state = new OrderState();
    private String cancelResult, ackResult, fillResult;

    public TrackerCancelVsAckAndFillStress() {
        TrackerCancelVsFillStress.openAt(tracker, false);
    }

    @Actor
    public void gatewayCaller() {
        cancelResult = tracker.onCancelRequested(ID, 3).name();
    }

    @Actor
    public void executor() {
        ackResult = tracker.apply(ack).name();
        fillResult = tracker.apply(fill).name();
    }

    @Arbiter
    public void check(LL_Result r) {
        r.r1 = cancelResult + " " + ackResult + " " + fillResult;
        tracker.read(ID, state);
        r.r2 = state.status() + " " + state.filledQuantityScaled() + " open " + tracker.openOrderCount();
    }
}
