package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.core.order.LockFreeOrderTracker;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every report the engine emits is accepted by the real order tracker's state machine
 * ({@link LockFreeOrderTracker}), and the tracker ends up agreeing with the engine and with the
 * reports. Race outcomes are produced by sending through the latency ring while market data
 * keeps moving.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SimMatchingEngineTrackerTest {

    /** The last word of the reports about one order, as the tracker should hold it. */
    private static final class Expected {
        OrderStatus status;
        long filled;
        /** A rejected replacement carries the fills the tracker copied at request time; reports do not say them. */
        boolean isFilledUnknown;
    }

    @Test
    void shouldHaveEveryReportOfARandomFlowWithRacesAppliedByTheTracker() {
        OrderTracker tracker = new LockFreeOrderTracker(1 << 16);
        Map<Long, Expected> expected = new HashMap<>();
        SimFlow flow = new SimFlow(20260101L, tracker, e -> expect(expected, e));
        flow.checksInvariants = true;
        for (int i = 0; i < 60_000; i++) flow.step();
        flow.finish();

        assertEquals(0, flow.unexpected, () -> flow.unexpected + " unexpected outcomes, first: " + flow.firstUnexpected);
        System.out.printf("tracker flow: %d reports, results by exec type: %s%n", flow.reports, table(flow.results));
        // the races happened, and were handled as designed
        assertTrue(flow.cancelRejectedAfterFinish > 0, "a cancel arrived after its order had filled (tracker: STALE)");
        assertTrue(flow.replaceRejectedAfterFinish > 0, "a replace arrived after its order had filled");
        assertTrue(flow.replaceRejectedBelowFilled > 0, "a replace arrived after fills had overtaken its quantity");
        assertTrue(flow.fillsWhileCancelPending > 0, "fills arrived while a cancel was pending");
        assertTrue(flow.fillsWhileReplacePending > 0, "fills arrived while a replace was pending");
        for (ExecType t : ExecType.values()) {
            if (t == ExecType.PENDING_CANCEL || t == ExecType.PENDING_REPLACE) continue; // the engine answers at once
            if (t == ExecType.CANCEL_REJECTED) continue; // only ever for a finished order: STALE, counted above
            if (t == ExecType.RESTATED) continue; // a reconnect's restatement: the sim never disconnects
            assertTrue(flow.results[t.ordinal()][TrackerResult.APPLIED.ordinal()] > 0, "no " + t + " was applied");
        }

        // the tracker agrees with the engine about what is open, and with the reports about every order
        long[] open = new long[1024];
        int n = tracker.openOrders(SimFlow.SYMBOL_ID, open);
        assertEquals(flow.engine.restingOrderCount(), n);
        assertEquals(flow.openCount(), n);
        for (int i = 0; i < n; i++) assertTrue(flow.engine.isResting(open[i]), "open in the tracker, not resting: " + open[i]);
        OrderState s = new OrderState();
        for (int i = 0; i < flow.openCount(); i++) {
            assertTrue(tracker.read(flow.openId(i), s));
            assertEquals(flow.openFilled(i), s.filledQuantityScaled());
        }
        assertTrue(expected.size() > 10_000, "orders seen: " + expected.size());
        for (Map.Entry<Long, Expected> x : expected.entrySet()) {
            assertTrue(tracker.read(x.getKey(), s), "not tracked: " + x.getKey());
            assertEquals(x.getValue().status, s.status(), () -> "status of " + x.getKey() + ": " + s);
            if (!x.getValue().isFilledUnknown) {
                assertEquals(x.getValue().filled, s.filledQuantityScaled(), () -> "filled of " + x.getKey() + ": " + s);
            }
        }
        assertEquals(0, tracker.resultCount(TrackerResult.REFUSED_ILLEGAL_TRANSITION));
        assertEquals(0, tracker.resultCount(TrackerResult.REFUSED_OVERFILL));
        assertEquals(0, tracker.resultCount(TrackerResult.REFUSED_INVALID));
        assertEquals(0, tracker.resultCount(TrackerResult.REFUSED_UNKNOWN_ORDER));
    }

    private static void expect(Map<Long, Expected> expected, ExecutionEvent e) {
        switch (e.execType()) {
            case CANCEL_REJECTED:
                return; // changes nothing
            case REPLACE_REJECTED: {
                Expected n = at(expected, e.clientOrderId());
                n.status = OrderStatus.REJECTED;
                n.isFilledUnknown = true;
                return;
            }
            case REPLACED: {
                at(expected, e.origClientOrderId()).status = OrderStatus.REPLACED;
                Expected n = at(expected, e.clientOrderId());
                n.filled = e.cumulativeQuantityScaled();
                n.status = n.filled == e.quantityScaled() ? OrderStatus.FILLED
                        : n.filled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
                return;
            }
            default: {
                Expected x = at(expected, e.clientOrderId());
                x.status = OrderStatus.valueOf(e.execType().name());
                x.filled = e.cumulativeQuantityScaled();
            }
        }
    }

    private static Expected at(Map<Long, Expected> expected, long id) {
        return expected.computeIfAbsent(id, k -> new Expected());
    }

    private static String table(long[][] results) {
        StringBuilder sb = new StringBuilder();
        for (ExecType t : ExecType.values()) {
            for (TrackerResult r : TrackerResult.values()) {
                long c = results[t.ordinal()][r.ordinal()];
                if (c > 0) sb.append(t).append('/').append(r).append('=').append(c).append(' ');
            }
        }
        return sb.toString();
    }

    /** A hand-written session through every report type, each applied by the tracker as it comes. */
    @Test
    void shouldHaveEveryReportOfAHandWrittenSessionAppliedByTheTracker() {
        OrderTracker t = new LockFreeOrderTracker(64);
        Venue v = new Venue();
        List<String> refused = new ArrayList<>();
        OrderRequest req = new OrderRequest();
        long now = 0;

        v.snapshot(new long[] {99, 10, 98, 20}, new long[] {101, 10, 102, 20});
        newOrder(t, req, 1, Side.BUY, OrderType.LIMIT, TimeInForce.GTC, 99, 10);
        apply(t, v.buy(1, 99, 10), refused);                                    // ACCEPTED
        newOrder(t, req, 2, Side.BUY, OrderType.LIMIT, TimeInForce.IOC, 102, 35);
        apply(t, v.limit(2, Side.BUY, 102, 35, TimeInForce.IOC), refused);      // ACCEPTED, PARTIALLY_FILLED x2, EXPIRED
        newOrder(t, req, 3, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 103, 4);
        apply(t, v.sell(3, 103, 4), refused);
        newOrder(t, req, 4, Side.SELL, OrderType.LIMIT, TimeInForce.POST_ONLY, 98, 1);
        apply(t, v.limit(4, Side.SELL, 98, 1, TimeInForce.POST_ONLY), refused); // REJECTED
        newOrder(t, req, 5, Side.SELL, OrderType.MARKET, TimeInForce.IOC, 0, 12);
        apply(t, v.market(5, Side.SELL, 12), refused);                         // ACCEPTED, PARTIALLY_FILLED, FILLED

        apply(t, v.trade(99, 14, Side.SELL), refused);                          // order 1: 4 filled behind its queue
        assertEquals(TrackerResult.APPLIED, t.onReplaceRequested(1, 11, 99, 8, now));
        apply(t, v.replace(1, 11, 99, 8), refused);                             // REPLACED, filled quantity carried
        assertEquals(TrackerResult.REFUSED_OVERFILL, t.onReplaceRequested(11, 12, 99, 1, now), "the host does not send it");
        assertEquals(TrackerResult.APPLIED, t.onCancelRequested(3, now));
        apply(t, v.trade(103, 10, Side.BUY), refused);                          // order 3 fills before the cancel arrives
        List<ExecutionEvent> late = v.cancel(3);
        assertEquals(ExecType.CANCEL_REJECTED, late.get(0).execType());
        assertEquals(TrackerResult.STALE, t.apply(late.get(0)), "a cancel reject for a filled order is stale by design");
        assertEquals(TrackerResult.APPLIED, t.onReplaceRequested(11, 13, 100, 9, now));
        apply(t, v.trade(99, 2, Side.SELL), refused);                           // fills while the replace is pending
        apply(t, v.replace(11, 13, 100, 9), refused);                           // REPLACED, loses priority
        assertEquals(TrackerResult.APPLIED, t.onReplaceRequested(13, 14, 100, 7, now));
        apply(t, v.ask(100, 2), refused);                                       // fills beyond the new quantity meanwhile
        apply(t, v.replace(13, 14, 100, 7), refused);                           // REPLACE_REJECTED: below filled
        assertEquals(TrackerResult.APPLIED, t.onCancelRequested(13, now));
        apply(t, v.cancel(13), refused);                                        // CANCELED with the filled quantity
        newOrder(t, req, 6, Side.SELL, OrderType.LIMIT, TimeInForce.GTC, 104, 3);
        apply(t, v.sell(6, 104, 3), refused);
        assertEquals(TrackerResult.APPLIED, t.onReplaceRequested(6, 16, 105, 3, now));
        apply(t, v.trade(104, 5, Side.BUY), refused);                           // fills before the replace arrives
        apply(t, v.replace(6, 16, 105, 3), refused);                            // REPLACE_REJECTED: unknown order

        assertEquals(List.of(), refused);
        assertStatus(t, 1, OrderStatus.REPLACED, 4);
        assertStatus(t, 2, OrderStatus.EXPIRED, 30);
        assertStatus(t, 3, OrderStatus.FILLED, 4);
        assertStatus(t, 4, OrderStatus.REJECTED, 0);
        assertStatus(t, 5, OrderStatus.FILLED, 12);
        assertStatus(t, 11, OrderStatus.REPLACED, 6);
        assertStatus(t, 13, OrderStatus.CANCELED, 8);
        assertStatus(t, 14, OrderStatus.REJECTED, 6);
        assertStatus(t, 6, OrderStatus.FILLED, 3);
        assertStatus(t, 16, OrderStatus.REJECTED, 0);
        assertEquals(0, t.openOrderCount());
        assertEquals(0, v.engine.restingOrderCount());
    }

    private static void assertStatus(OrderTracker t, long id, OrderStatus status, long filled) {
        OrderState s = new OrderState();
        assertTrue(t.read(id, s), "not tracked: " + id);
        assertEquals(status, s.status(), () -> "status of " + s);
        assertEquals(filled, s.filledQuantityScaled(), () -> "filled of " + s);
    }

    private static void newOrder(OrderTracker t, OrderRequest req, long id, Side side, OrderType type, TimeInForce tif, long px, long qty) {
        req.clear().clientOrderId(id).symbolId(Venue.SYMBOL_ID).strategyId(1).side(side).orderType(type).timeInForce(tif)
                .priceScaled(px).quantityScaled(qty);
        assertEquals(TrackerResult.APPLIED, t.onNew(req, 0));
        assertEquals(TrackerResult.APPLIED, t.onSubmitted(id, 0));
    }

    /** Applies reports in order; collects every one the tracker does not apply. */
    private static void apply(OrderTracker t, List<ExecutionEvent> reports, List<String> refused) {
        for (ExecutionEvent e : reports) {
            TrackerResult r = t.apply(e);
            if (r != TrackerResult.APPLIED) refused.add(RecordingSink.describe(e) + " -> " + r);
        }
    }
}
