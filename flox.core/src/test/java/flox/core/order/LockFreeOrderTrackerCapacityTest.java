package flox.core.order;

import static flox.core.order.TrackerDriver.QTY;
import static flox.core.order.TrackerDriver.SYMBOL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.event.ExecType;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import flox.core.order.TrackerDriver.Counters;
import flox.core.order.TrackerDriver.Snapshot;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Capacity, eviction of terminal orders, long churn, and {@code openOrders}. */
class LockFreeOrderTrackerCapacityTest {

    // ------------------------------------------------------------------ capacity and eviction

    @Test
    void shouldRefuseNewOrderWithCapacityWhenEverySlotHoldsAnOpenOrder() {
        TrackerDriver d = new TrackerDriver(4);
        for (long id = 1; id <= 4; id++) d.accepted(id);
        Snapshot[] before = states(d, 1, 4);
        Counters c = d.counters();

        assertEquals(TrackerResult.REFUSED_CAPACITY, d.newOrder(5));
        d.counters().assertOneMoreThan(c, TrackerResult.REFUSED_CAPACITY);
        assertFalse(d.isTracked(5));
        assertEquals(4, d.tracker.openOrderCount());
        assertEquals(4, d.tracker.trackedOrderCount());
        assertTrue(Arrays.equals(before, states(d, 1, 4)), "a refused order must not disturb the others");

        // once one order is done there is room again
        assertEquals(TrackerResult.APPLIED, d.filled(3, QTY, QTY));
        assertEquals(TrackerResult.APPLIED, d.newOrder(5));
        assertFalse(d.isTracked(3), "the terminal order made room");
        assertEquals(TrackerResult.REFUSED_CAPACITY, d.newOrder(6));
    }

    @Test
    void shouldRefuseReplaceWithCapacityWhenEverySlotHoldsAnOpenOrder() {
        TrackerDriver d = new TrackerDriver(2);
        d.accepted(1);
        d.accepted(2);
        Snapshot[] before = states(d, 1, 2);
        Counters c = d.counters();
        assertEquals(TrackerResult.REFUSED_CAPACITY, d.replace(1, 3, 101, QTY));
        d.counters().assertOneMoreThan(c, TrackerResult.REFUSED_CAPACITY);
        assertTrue(Arrays.equals(before, states(d, 1, 2)), "the original must stay as it was");
        assertFalse(d.isTracked(3));
        assertEquals(2, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldEvictATerminalOrderToMakeRoomForAReplacement() {
        TrackerDriver d = new TrackerDriver(2);
        d.accepted(1);
        d.accepted(2);
        assertEquals(TrackerResult.APPLIED, d.canceled(2, 0));
        assertEquals(TrackerResult.APPLIED, d.replace(1, 3, 101, QTY));
        assertFalse(d.isTracked(2));
        assertEquals(OrderStatus.PENDING_REPLACE, d.status(1));
        assertEquals(OrderStatus.PENDING_REPLACE, d.status(3));
        assertEquals(2, d.tracker.openOrderCount());
        assertEquals(2, d.tracker.trackedOrderCount());
    }

    /** Orders that finish in the order they were created are evicted in that order. */
    @Test
    void shouldEvictTerminalOrdersOldestFirstWhenTheyFinishInTurn() {
        TrackerDriver d = new TrackerDriver(4);
        for (long id = 1; id <= 4; id++) d.accepted(id);
        for (long id = 1; id <= 4; id++) assertEquals(TrackerResult.APPLIED, d.filled(id, QTY, QTY));
        assertEquals(0, d.tracker.openOrderCount());
        assertEquals(4, d.tracker.trackedOrderCount());

        for (long id = 5; id <= 8; id++) {
            assertEquals(TrackerResult.APPLIED, d.newOrder(id));
            long evicted = id - 4;
            for (long j = 1; j <= id; j++) {
                assertEquals(j > evicted, d.isTracked(j), "after order " + id + ", is order " + j + " tracked");
            }
            assertEquals(4, d.tracker.trackedOrderCount());
            assertEquals(id - 4, d.tracker.openOrderCount());
        }
    }

    /**
     * OrderTracker: the terminal order evicted is the one that finished longest ago, whatever
     * slot it sits in. Before, a cursor walked the slots round-robin and took the next terminal
     * order it met, here order 3, which had just filled, while order 1 (finished earlier) stayed.
     */
    @Test
    void shouldEvictTheOrderThatFinishedLongestAgoWhateverItsSlot() {
        TrackerDriver d = new TrackerDriver(3);
        d.accepted(1); // slot 0
        d.accepted(2); // slot 1
        d.accepted(3); // slot 2
        assertEquals(TrackerResult.APPLIED, d.canceled(2, 0));
        assertEquals(TrackerResult.APPLIED, d.newOrder(4)); // the only terminal order: 2, slot 1
        assertFalse(d.isTracked(2));
        d.submit(4);
        d.ack(4);
        assertEquals(TrackerResult.APPLIED, d.filled(1, QTY, QTY)); // finishes first
        assertEquals(TrackerResult.APPLIED, d.filled(3, QTY, QTY));
        assertEquals(TrackerResult.APPLIED, d.filled(4, QTY, QTY)); // finishes last

        assertEquals(TrackerResult.APPLIED, d.newOrder(5));
        assertFalse(d.isTracked(1), "the order that finished longest ago goes first");
        assertTrue(d.isTracked(3));
        assertTrue(d.isTracked(4));
        assertEquals(TrackerResult.APPLIED, d.reject(5, RejectReason.RISK_LIMIT)); // finishes after 4
        assertEquals(TrackerResult.APPLIED, d.newOrder(6));
        assertFalse(d.isTracked(3));
        assertTrue(d.isTracked(4));
        assertTrue(d.isTracked(5));
        assertEquals(TrackerResult.APPLIED, d.newOrder(7));
        assertFalse(d.isTracked(4));
        assertTrue(d.isTracked(5), "finished after 4");
        assertTrue(d.isTracked(6));
        assertEquals(3, d.tracker.trackedOrderCount());
        assertEquals(2, d.tracker.openOrderCount());
    }

    /**
     * An order that has just filled is kept while an older finished one can go, so the venue's
     * late (resent) report for it is recognised as a duplicate instead of refused as unknown.
     * Before, the round-robin cursor could evict it at the next allocation.
     */
    @Test
    void shouldStillRecogniseALateReportOfAnOrderThatHasJustFilled() {
        TrackerDriver d = new TrackerDriver(2);
        d.accepted(1); // slot 0
        d.accepted(2); // slot 1
        assertEquals(TrackerResult.APPLIED, d.canceled(2, 0)); // finished long ago
        assertEquals(TrackerResult.APPLIED, d.filled(1, QTY, QTY)); // just filled
        assertEquals(TrackerResult.APPLIED, d.newOrder(3));
        assertTrue(d.isTracked(1), "the order that has just filled stays");
        assertFalse(d.isTracked(2));
        Counters c = d.counters();
        assertEquals(TrackerResult.DUPLICATE, d.filled(1, QTY, QTY), "the venue resends the fill (FIX PossDup)");
        d.counters().assertOneMoreThan(c, TrackerResult.DUPLICATE);
    }

    @Test
    void shouldNeverEvictOpenOrders() {
        TrackerDriver d = new TrackerDriver(4);
        for (long id = 1; id <= 4; id++) d.accepted(id);
        assertEquals(TrackerResult.APPLIED, d.canceled(2, 0));
        assertEquals(TrackerResult.APPLIED, d.expired(4, 0));

        assertEquals(TrackerResult.APPLIED, d.newOrder(5));
        assertFalse(d.isTracked(2));
        assertEquals(TrackerResult.APPLIED, d.newOrder(6));
        assertFalse(d.isTracked(4));
        assertEquals(TrackerResult.REFUSED_CAPACITY, d.newOrder(7));
        for (long id : new long[] {1, 3, 5, 6}) {
            assertTrue(d.isTracked(id), "open order " + id + " must stay");
            assertTrue(d.status(id).isOpen());
        }
        assertEquals(4, d.tracker.openOrderCount());
        assertEquals(4, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldRefuseLateReportsAndCallsForAnEvictedOrderAsUnknown() {
        TrackerDriver d = new TrackerDriver(1);
        d.accepted(1);
        assertEquals(TrackerResult.APPLIED, d.partial(1, 4, 4));
        assertEquals(TrackerResult.APPLIED, d.canceled(1, 4));
        assertEquals(TrackerResult.APPLIED, d.newOrder(2)); // evicts 1
        assertFalse(d.isTracked(1));
        Snapshot two = d.state(2);
        Counters c = d.counters();

        TrackerResult[] results = {
            d.partial(1, 1, 5), d.filled(1, 6, QTY), d.canceled(1, 4), d.ack(1), d.cancelRejected(1), d.expired(1, 4),
            d.pendingCancel(1), d.venueRejected(1, RejectReason.OTHER), d.replaced(1, 0), d.replaceRejected(1, 0),
            d.submit(1), d.cancel(1), d.reject(1, RejectReason.OTHER), d.replace(1, 3, 100, QTY),
        };
        for (TrackerResult r : results) assertEquals(TrackerResult.REFUSED_UNKNOWN_ORDER, r);
        assertEquals(c.count(TrackerResult.REFUSED_UNKNOWN_ORDER) + results.length, d.tracker.resultCount(TrackerResult.REFUSED_UNKNOWN_ORDER));
        assertEquals(c.total() + results.length, d.counters().total());
        assertEquals(two, d.state(2), "the order in the reused slot must not see the late reports");
        assertFalse(d.isTracked(1));
        assertFalse(d.isTracked(3));
    }

    @Test
    void shouldAcceptTheIdOfAnEvictedOrderAsANewOrder() {
        TrackerDriver d = new TrackerDriver(1);
        d.accepted(1);
        assertEquals(TrackerResult.APPLIED, d.filled(1, QTY, QTY));
        assertEquals(TrackerResult.REFUSED_DUPLICATE_ORDER_ID, d.newOrder(1), "still tracked while terminal");
        assertEquals(TrackerResult.APPLIED, d.newOrder(2));
        assertEquals(TrackerResult.APPLIED, d.reject(2, RejectReason.RISK_LIMIT));
        assertEquals(TrackerResult.APPLIED, d.newOrder(1), "no longer tracked once evicted");
        Snapshot s = d.state(1);
        assertEquals(OrderStatus.NEW, s.status());
        assertEquals(0, s.filledQuantityScaled());
        assertEquals(0, s.updateCount());
        assertEquals(0, s.exchangeOrderId(), "nothing carries over from the evicted order");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldStayExactOverALongChurnOfOrdersThroughEveryTerminalPath() {
        final int capacity = 64;
        final int window = 32;      // orders open at once
        final int orders = 200_000;
        TrackerDriver d = new TrackerDriver(capacity);
        long[] out = new long[capacity];

        for (long id = 1; id <= orders; id++) {
            int path = (int) (id % 6);
            expect(d.newOrder(id, (int) (id % 3), QTY), id, "new");
            expect(d.submit(id), id, "submit");
            if (path != 2 && path != 3) expect(d.ack(id), id, "ack");

            long done = id - window;
            if (done >= 1) terminate(d, done);

            if (d.tracker.openOrderCount() != Math.min(id, window)) fail("openOrderCount " + d.tracker.openOrderCount() + " after " + id);
            if (d.tracker.trackedOrderCount() != Math.min(id, capacity)) fail("trackedOrderCount " + d.tracker.trackedOrderCount() + " after " + id);
            if (!d.isTracked(id)) fail("new order " + id + " not readable");
            if (id > capacity && d.isTracked(id - capacity)) fail("order " + (id - capacity) + " should have been evicted by " + id);

            if (id % 1_009 == 0 || id == orders) {
                verifyWindow(d, id, capacity, window, out);
            }
        }
        assertEquals(orders + appliedUpdatesPerOrder(orders, window), d.tracker.resultCount(TrackerResult.APPLIED));
        assertEquals(d.counters().count(TrackerResult.APPLIED), d.counters().total(), "nothing but applied updates");
    }

    /** Applied updates made by the churn for everything but the onNew calls. */
    private static long appliedUpdatesPerOrder(int orders, int window) {
        long n = 0;
        for (long id = 1; id <= orders; id++) {
            int path = (int) (id % 6);
            n += 1 + (path != 2 && path != 3 ? 1 : 0); // submit, ack
            if (id <= orders - window) n += path == 0 || path == 1 || path == 4 ? 2 : 1;
        }
        return n;
    }

    private static void terminate(TrackerDriver d, long id) {
        switch ((int) (id % 6)) {
            case 0:
                expect(d.partial(id, 5, 5), id, "partial");
                expect(d.filled(id, 5, QTY), id, "filled");
                break;
            case 1:
                expect(d.cancel(id), id, "cancel");
                expect(d.canceled(id, 0), id, "canceled");
                break;
            case 2:
                expect(d.reject(id, RejectReason.RISK_LIMIT), id, "local reject");
                break;
            case 3:
                expect(d.venueRejected(id, RejectReason.INVALID_PRICE), id, "venue reject");
                break;
            case 4:
                expect(d.partial(id, 3, 3), id, "partial");
                expect(d.expired(id, 3), id, "expired");
                break;
            default:
                expect(d.canceled(id, 0), id, "unsolicited cancel");
        }
    }

    private static OrderStatus terminalStatus(long id) {
        switch ((int) (id % 6)) {
            case 0: return OrderStatus.FILLED;
            case 1: case 5: return OrderStatus.CANCELED;
            case 2: case 3: return OrderStatus.REJECTED;
            default: return OrderStatus.EXPIRED;
        }
    }

    private static void verifyWindow(TrackerDriver d, long last, int capacity, int window, long[] out) {
        for (long j = Math.max(1, last - capacity + 1); j <= last; j++) {
            Snapshot s = d.state(j);
            if (j > last - window) {
                assertTrue(s.status().isOpen(), () -> "order " + s.clientOrderId() + " should be open: " + s);
            } else {
                assertEquals(terminalStatus(j), s.status(), "order " + j);
            }
            assertEquals((int) (j % 3), s.symbolId());
            assertEquals(QTY, s.quantityScaled());
        }
        for (long j = Math.max(1, last - 3 * capacity); j <= last - capacity; j++) {
            assertFalse(d.isTracked(j), "order " + j + " should have been evicted");
        }
        int n = d.tracker.openOrders(OrderTracker.ANY_SYMBOL, out);
        assertEquals(Math.min(last, window), n);
        Set<Long> open = LongStream.of(out).limit(n).boxed().collect(Collectors.toSet());
        Set<Long> want = LongStream.rangeClosed(Math.max(1, last - window + 1), last).boxed().collect(Collectors.toSet());
        assertEquals(want, open);
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void shouldStayExactOverALongChurnOfReplaces() {
        final int capacity = 64;
        final int window = 16;
        final int chains = 30_000;
        TrackerDriver d = new TrackerDriver(capacity);
        long[] out = new long[capacity];

        for (long c = 1; c <= chains; c++) {
            long a = 2 * c;
            expect(d.newOrder(a), a, "new");
            expect(d.submit(a), a, "submit");
            expect(d.ack(a), a, "ack");
            long done = c - window;
            if (done >= 1) {
                long orig = 2 * done;
                long repl = orig + 1;
                switch ((int) (done % 3)) {
                    case 0: // replaced, then the replacement fills
                        expect(d.replace(orig, repl, 101, 12), orig, "replace");
                        expect(d.replaced(repl, orig), repl, "replaced");
                        expect(d.filled(repl, 12, 12), repl, "filled");
                        assertEquals(OrderStatus.REPLACED, d.status(orig));
                        assertEquals(OrderStatus.FILLED, d.status(repl));
                        break;
                    case 1: // replace rejected, then the original is canceled
                        expect(d.replace(orig, repl, 101, 12), orig, "replace");
                        expect(d.replaceRejected(repl, orig), repl, "replace rejected");
                        assertEquals(OrderStatus.ACCEPTED, d.status(orig));
                        expect(d.cancel(orig), orig, "cancel");
                        expect(d.canceled(orig, 0), orig, "canceled");
                        assertEquals(OrderStatus.REJECTED, d.status(repl));
                        break;
                    default: // partly filled, then replaced down to the filled quantity
                        expect(d.partial(orig, 4, 4), orig, "partial");
                        expect(d.replace(orig, repl, 101, 4), orig, "replace");
                        expect(d.replaced(repl, orig), repl, "replaced");
                        Snapshot s = d.state(repl);
                        assertEquals(OrderStatus.FILLED, s.status());
                        assertEquals(4, s.filledQuantityScaled());
                }
            }
            assertEquals(Math.min(c, window), d.tracker.openOrderCount());
            assertTrue(d.tracker.trackedOrderCount() <= capacity);
            if (c % 997 == 0 || c == chains) {
                int n = d.tracker.openOrders(SYMBOL, out);
                assertEquals(Math.min(c, window), n);
                for (int i = 0; i < n; i++) {
                    assertEquals(OrderStatus.ACCEPTED, d.status(out[i]));
                    assertTrue(out[i] > 2 * (c - window), "only the newest chains are open");
                }
            }
        }
        assertEquals(capacity, d.tracker.trackedOrderCount());
        assertEquals(d.counters().count(TrackerResult.APPLIED), d.counters().total(), "nothing but applied updates");
    }

    private static void expect(TrackerResult r, long id, String what) {
        if (r != TrackerResult.APPLIED) fail(what + " of order " + id + ": " + r);
    }

    // ------------------------------------------------------------------ openOrders

    @Test
    void shouldListOpenOrdersBySymbolAndForAnySymbol() {
        TrackerDriver d = new TrackerDriver(16);
        d.accepted(11);                                          // sym 1, ACCEPTED
        d.accepted(12);
        assertEquals(TrackerResult.APPLIED, d.partial(12, 2, 2)); // sym 1, PARTIALLY_FILLED
        d.accepted(13);
        assertEquals(TrackerResult.APPLIED, d.filled(13, QTY, QTY)); // sym 1, FILLED
        assertEquals(TrackerResult.APPLIED, d.newOrder(21, 2, QTY)); // sym 2, NEW
        assertEquals(TrackerResult.APPLIED, d.newOrder(22, 2, QTY));
        assertEquals(TrackerResult.APPLIED, d.submit(22));          // sym 2, PENDING_NEW
        assertEquals(TrackerResult.APPLIED, d.newOrder(23, 2, QTY));
        assertEquals(TrackerResult.APPLIED, d.reject(23, RejectReason.RISK_LIMIT)); // sym 2, REJECTED
        assertEquals(TrackerResult.APPLIED, d.newOrder(31, 3, QTY));
        assertEquals(TrackerResult.APPLIED, d.submit(31));
        assertEquals(TrackerResult.APPLIED, d.canceled(31, 0));    // sym 3, CANCELED
        // ids 11..13 were created on the driver's default symbol
        assertEquals(SYMBOL, d.state(11).symbolId());

        long[] out = new long[16];
        assertEquals(Set.of(11L, 12L), open(d, SYMBOL, out));
        assertEquals(Set.of(21L, 22L), open(d, 2, out));
        assertEquals(Set.of(), open(d, 3, out));
        assertEquals(Set.of(), open(d, 4, out));
        assertEquals(Set.of(11L, 12L, 21L, 22L), open(d, OrderTracker.ANY_SYMBOL, out));
        assertEquals(4, d.tracker.openOrderCount());
        assertEquals(7, d.tracker.trackedOrderCount());
    }

    @Test
    void shouldReturnTheFullCountWhenTheOutArrayIsShorter() {
        TrackerDriver d = new TrackerDriver(16);
        for (long id = 1; id <= 5; id++) d.accepted(id);
        Set<Long> all = Set.of(1L, 2L, 3L, 4L, 5L);

        long[] two = {-1, -1};
        assertEquals(5, d.tracker.openOrders(OrderTracker.ANY_SYMBOL, two));
        assertTrue(all.contains(two[0]) && all.contains(two[1]) && two[0] != two[1], Arrays.toString(two));

        assertEquals(5, d.tracker.openOrders(SYMBOL, new long[0]));

        long[] exact = new long[5];
        assertEquals(5, d.tracker.openOrders(SYMBOL, exact));
        assertEquals(all, LongStream.of(exact).boxed().collect(Collectors.toSet()));
    }

    @Test
    void shouldListBothSidesOfAPendingReplaceAndOnlyTheReplacementAfterwards() {
        TrackerDriver d = new TrackerDriver(16);
        d.accepted(1);
        assertEquals(TrackerResult.APPLIED, d.replace(1, 2, 101, QTY));
        long[] out = new long[4];
        assertEquals(Set.of(1L, 2L), open(d, SYMBOL, out));
        assertEquals(TrackerResult.APPLIED, d.replaced(2, 1));
        assertEquals(Set.of(2L), open(d, SYMBOL, out));
        assertEquals(TrackerResult.APPLIED, d.apply(d.report(ExecType.CANCELED, 2)));
        assertEquals(Set.of(), open(d, OrderTracker.ANY_SYMBOL, out));
    }

    private static Set<Long> open(TrackerDriver d, int symbol, long[] out) {
        int n = d.tracker.openOrders(symbol, out);
        assertTrue(n <= out.length);
        Set<Long> ids = new HashSet<>();
        for (int i = 0; i < n; i++) ids.add(out[i]);
        assertEquals(n, ids.size(), "no id listed twice");
        return ids;
    }

    private static Snapshot[] states(TrackerDriver d, long from, long to) {
        Snapshot[] s = new Snapshot[(int) (to - from + 1)];
        for (long id = from; id <= to; id++) s[(int) (id - from)] = d.state(id);
        return s;
    }
}
