package flox.core.order;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.Side;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.TimeInForce;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * The tracker's two writers on one accepted order: the gateway's caller thread asks to cancel it
 * (onCancelRequested) while the executor's thread applies a partial fill (40 of 100). Either
 * order ends in PENDING_CANCEL with the fill kept; the venue's cancel reject (applied by the
 * arbiter) then resumes PARTIALLY_FILLED. A lost write shows as a missing fill, a missing
 * pending cancel, or a wrong resume status. r1: both results; r2: status/filled after the race,
 * then after the cancel reject, and the open order count.
 */
@JCStressTest
@Outcome(id = "APPLIED APPLIED, PENDING_CANCEL 40 -> PARTIALLY_FILLED 40 open 1", expect = ACCEPTABLE,
        desc = "both writes applied, in either order")
@Outcome(expect = FORBIDDEN, desc = "a write lost or a state the order state machine does not allow")
@State
public class TrackerCancelVsFillStress {
    static final long ID = 1;
    private final LockFreeOrderTracker tracker = new LockFreeOrderTracker(4);
    private final ExecutionEvent fill = new ExecutionEvent().reset(ExecType.PARTIALLY_FILLED, ID, 0, Side.BUY)
            .fill(5_000, 40, 40).execId(2);
    private final OrderState state = new OrderState();
    private String cancelResult, fillResult;

    public TrackerCancelVsFillStress() {
        openAt(tracker, true);
    }

    /** Tracks order ID (100 at 5,000, GTC) as the gateway does, then acknowledges it if asked. */
    static void openAt(LockFreeOrderTracker tracker, boolean accepted) {
        tracker.onNew(new OrderRequest().limit(ID, 0, Side.BUY, 5_000, 100, TimeInForce.GTC), 1);
        tracker.onSubmitted(ID, 2);
        if (accepted) tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, ID, 0, Side.BUY).execId(1));
    }

    @Actor
    public void gatewayCaller() {
        cancelResult = tracker.onCancelRequested(ID, 3).name();
    }

    @Actor
    public void executor() {
        fillResult = tracker.apply(fill).name();
    }

    @Arbiter
    public void check(LL_Result r) {
        r.r1 = cancelResult + " " + fillResult;
        tracker.read(ID, state);
        String after = state.status() + " " + state.filledQuantityScaled();
        tracker.apply(new ExecutionEvent().reset(ExecType.CANCEL_REJECTED, ID, 0, Side.BUY).execId(3));
        tracker.read(ID, state);
        r.r2 = after + " -> " + state.status() + " " + state.filledQuantityScaled() + " open " + tracker.openOrderCount();
    }
}
