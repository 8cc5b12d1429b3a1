package flox.core.report;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.core.order.LockFreeOrderTracker;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The one rule for execution reports: applied to the tracker first, published only if applied.
 * A venue resends (FIX PossDup), answers twice (Binance's order response beside its user-data
 * event) and reorders; each subscriber must still see each state change exactly once, also when
 * the bus pushes back.
 */
@Timeout(30)
class ExecutionReportsTest {
    static final int SYMBOL = 0;

    /** A bus with two subscribers that answers BACK_PRESSURED to every third attempt, delivering nothing then. */
    static final class PushyBus implements ExecutionBus {
        final List<String> first = new ArrayList<>();
        final List<String> second = new ArrayList<>();
        int attempts;
        long seq;
        boolean closed;

        @Override
        public long publishExecution(ExecutionEvent e) {
            if (closed) return BusResult.CLOSED;
            if (++attempts % 3 == 0) return BusResult.BACK_PRESSURED;
            String seen = e.execType() + " " + e.clientOrderId() + " cum " + e.cumulativeQuantityScaled();
            first.add(seen);
            second.add(seen);
            return seq++;
        }
    }

    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(16);
    final PushyBus bus = new PushyBus();
    final ExecutionReports reports = new ExecutionReports(tracker, bus);

    void open(long id) {
        tracker.onNew(new OrderRequest().limit(id, SYMBOL, Side.BUY, 100, 10, TimeInForce.GTC), 1);
        tracker.onSubmitted(id, 2);
    }

    static ExecutionEvent ack(long id, long execId) {
        return new ExecutionEvent().reset(ExecType.ACCEPTED, id, SYMBOL, Side.BUY).execId(execId).exchangeOrderId(900 + id);
    }

    static ExecutionEvent fill(long id, long execId, long last, long cum) {
        ExecType t = cum == 10 ? ExecType.FILLED : ExecType.PARTIALLY_FILLED;
        return new ExecutionEvent().reset(t, id, SYMBOL, Side.BUY).execId(execId).fill(100, last, cum);
    }

    @Test
    void shouldShowEachStateChangeOnceToEachSubscriberWhateverTheVenueResendsOrReorders() {
        open(1);
        open(2);
        ExecutionEvent[] stream = {
            ack(1, 11), ack(1, 11),                    // PossDup resend of the ack
            fill(1, 12, 4, 4), ack(2, 21),
            fill(1, 12, 4, 4),                         // the same fill again (same exec id)
            fill(1, 0, 4, 4),                          // and once more as the order response, no exec id
            fill(1, 14, 6, 10), fill(1, 13, 2, 6),     // the last fill overtook an earlier one: stale
            ack(2, 22),                                // a second ack (the response beside the user-data event)
            new ExecutionEvent().reset(ExecType.CANCELED, 2, SYMBOL, Side.BUY).execId(23),
            new ExecutionEvent().reset(ExecType.CANCELED, 2, SYMBOL, Side.BUY).execId(23),
            fill(1, 14, 6, 10),                        // the final fill resent after the order ended
        };
        for (ExecutionEvent e : stream) reports.report(e);

        List<String> once = List.of("ACCEPTED 1 cum 0", "PARTIALLY_FILLED 1 cum 4", "ACCEPTED 2 cum 0", "FILLED 1 cum 10", "CANCELED 2 cum 0");
        assertEquals(once, bus.first);
        assertEquals(once, bus.second);
        assertEquals(5, reports.published());
        assertEquals(stream.length - 5, reports.ignored(), "duplicates and stale reports are counted");
        assertEquals(0, reports.refused());
        assertEquals(0, reports.unpublished(), "back-pressure is retried, never a loss");
        assertEquals(2, reports.backPressuredRetries());
        assertEquals(tracker.resultCount(TrackerResult.DUPLICATE) + tracker.resultCount(TrackerResult.STALE), reports.ignored());
    }

    @Test
    void shouldNeitherPublishNorRetryAReportTheTrackerRefuses() {
        TrackerResult r = reports.report(ack(77, 1)); // no such order
        assertEquals(TrackerResult.REFUSED_UNKNOWN_ORDER, r);
        assertEquals(List.of(), bus.first);
        assertEquals(1, reports.refused());
        assertEquals(0, bus.attempts);
    }

    @Test
    void shouldStopRetryingWhenTheBusClosesAndCountTheReportUnpublished() {
        open(1);
        bus.closed = true;
        assertEquals(TrackerResult.APPLIED, reports.report(ack(1, 11)), "the tracker has it even though nobody was told");
        assertEquals(1, reports.unpublished());
        assertEquals(List.of(), bus.first);
    }

    /**
     * Two sources report the same changes of one order on two threads (Binance's order response
     * and its user-data stream): whatever the interleaving, no change is published twice, the
     * final fill is published exactly once, and every report is either published or counted.
     */
    @Test
    void shouldPublishNoChangeTwiceWhenTwoThreadsReportTheSameOrder() throws Exception {
        for (int round = 0; round < 200; round++) {
            LockFreeOrderTracker t = new LockFreeOrderTracker(4);
            List<String> seen = Collections.synchronizedList(new ArrayList<>());
            ExecutionReports r = new ExecutionReports(t, e -> {
                seen.add(e.execType() + " cum " + e.cumulativeQuantityScaled());
                return seen.size();
            });
            t.onNew(new OrderRequest().limit(1, SYMBOL, Side.BUY, 100, 10, TimeInForce.GTC), 1);
            t.onSubmitted(1, 2);
            CyclicBarrier start = new CyclicBarrier(2);
            Runnable source = () -> {
                ExecutionEvent[] stream = {ack(1, 0), fill(1, 0, 4, 4), fill(1, 0, 6, 10)}; // no exec ids: judged by state alone
                try {
                    start.await(5, TimeUnit.SECONDS);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                for (ExecutionEvent e : stream) r.report(e);
            };
            Thread a = new Thread(source);
            Thread b = new Thread(source);
            a.start();
            b.start();
            a.join(10_000);
            b.join(10_000);
            assertEquals(seen.size(), seen.stream().distinct().count(), "a change published twice: " + seen);
            assertEquals(1, seen.stream().filter("FILLED cum 10"::equals).count(), seen.toString());
            assertEquals(1, seen.stream().filter("ACCEPTED cum 0"::equals).count(), seen.toString());
            // not asserted: the order across threads (the other thread's later change may come first; see ExecutionReports)
            assertEquals(6, r.published() + r.ignored(), "every report published or counted");
        }
    }
}
