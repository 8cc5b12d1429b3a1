package flox.core.order;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.LL_Result;

/**
 * Eviction waits for the evicted slot's lock while holding another (SlotPool.claim): a tracker
 * of 2 slots holds open order 1 and filled order 2. The gateway's thread replaces 1 by 3 (it
 * holds 1's slot and evicts 2, the only finished order); the executor's thread applies a late
 * resend of 2's fill (it holds 2's slot). No deadlock (jcstress fails a test that hangs); the
 * replace always succeeds; the late fill is a DUPLICATE if it came first, else unknown, and never
 * touches order 3. r1: replace result, late-fill result; r2: order 3 as read after both.
 */
@JCStressTest
@Outcome(id = {"APPLIED DUPLICATE, PENDING_REPLACE 0 open 2", "APPLIED REFUSED_UNKNOWN_ORDER, PENDING_REPLACE 0 open 2"},
        expect = ACCEPTABLE, desc = "the late fill before or after the eviction; order 3 untouched")
@Outcome(expect = FORBIDDEN, desc = "the replace refused, the late fill applied, or order 3 changed by it")
@State
public class TrackerReplaceEvictsVsLateReportStress {
    private final LockFreeOrderTracker tracker = new LockFreeOrderTracker(2);
    private final ExecutionEvent lateFill = new ExecutionEvent().reset(ExecType.FILLED, 2, 0, Side.BUY).execId(0).fill(5_000, 100, 100);
    private final OrderState state = new OrderState();
    private String replaceResult, lateResult;

    public TrackerReplaceEvictsVsLateReportStress() {
        for (long id = 1; id <= 2; id++) {
            tracker.onNew(new OrderRequest().limit(id, 0, Side.BUY, 5_000, 100, TimeInForce.GTC), 1);
            tracker.onSubmitted(id, 2);
            tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, id, 0, Side.BUY).execId(10 * id));
        }
        tracker.apply(new ExecutionEvent().reset(ExecType.FILLED, 2, 0, Side.BUY).execId(21).fill(5_000, 100, 100));
    }

    @Actor
    public void gatewayCaller() {
        replaceResult = tracker.onReplaceRequested(1, 3, 4_900, 100, 3).name();
    }

    @Actor
    public void executor() {
        lateResult = tracker.apply(lateFill).name();
    }

    @Arbiter
    public void check(LL_Result r) {
        r.r1 = replaceResult + " " + lateResult;
        r.r2 = tracker.read(3, state) ? state.status() + " " + state.filledQuantityScaled() + " open " + tracker.openOrderCount() : "3 missing";
    }
}
