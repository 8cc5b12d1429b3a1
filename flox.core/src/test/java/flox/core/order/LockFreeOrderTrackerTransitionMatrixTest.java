package flox.core.order;

import static flox.core.order.TrackerDriver.QTY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import flox.api.event.ExecType;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import flox.core.order.TrackerDriver.Counters;
import flox.core.order.TrackerDriver.Snapshot;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Drives an order into every {@link OrderStatus} and applies every local call and every
 * {@link ExecType} to it. The expected outcome of each of the 13 x 15 cells is spelled out in
 * {@link #TABLE}; an update that is not applied must leave every tracked order and both counts
 * exactly as they were (nothing half-applied), and must be counted once under its result.
 */
class LockFreeOrderTrackerTransitionMatrixTest {
    /** The order under test, or the original of a replace. */
    static final long ORIG = 1;
    /** The replacement of {@link #ORIG} in the replace setups. */
    static final long REPL = 2;
    /** An unrelated live order that must never change. */
    static final long BYSTANDER = 77;
    /** The new id of a replace requested by the REPLACE_REQUEST action. */
    static final long FRESH = 99;
    static final long[] ALL_IDS = {ORIG, REPL, BYSTANDER, FRESH};
    /** Filled quantity of the PARTIALLY_FILLED setup; the PARTIALLY_FILLED report brings it to 6. */
    static final long PARTIAL = 4;

    /** Where the order under test is put before the action. */
    enum Setup {
        NEW(OrderStatus.NEW),
        PENDING_NEW(OrderStatus.PENDING_NEW),
        ACCEPTED(OrderStatus.ACCEPTED),
        PARTIALLY_FILLED(OrderStatus.PARTIALLY_FILLED),
        FILLED(OrderStatus.FILLED),
        PENDING_CANCEL(OrderStatus.PENDING_CANCEL),
        /** A cancel sent before the venue acknowledged the order (also PENDING_CANCEL). */
        PENDING_CANCEL_UNACKNOWLEDGED(OrderStatus.PENDING_CANCEL),
        CANCELED(OrderStatus.CANCELED),
        /** The original of a requested replace. */
        PENDING_REPLACE_ORIGINAL(OrderStatus.PENDING_REPLACE),
        /** The new id of a requested replace (also PENDING_REPLACE). */
        PENDING_REPLACE_REPLACEMENT(OrderStatus.PENDING_REPLACE),
        REPLACED(OrderStatus.REPLACED),
        REJECTED(OrderStatus.REJECTED),
        EXPIRED(OrderStatus.EXPIRED);

        final OrderStatus status;

        Setup(OrderStatus status) {
            this.status = status;
        }

        /** Builds the fixture and returns the id of the order under test. */
        long drive(TrackerDriver d) {
            d.accepted(BYSTANDER);
            switch (this) {
                case NEW:
                    assertEquals(TrackerResult.APPLIED, d.newOrder(ORIG));
                    return ORIG;
                case PENDING_NEW:
                    assertEquals(TrackerResult.APPLIED, d.newOrder(ORIG));
                    assertEquals(TrackerResult.APPLIED, d.submit(ORIG));
                    return ORIG;
                case ACCEPTED:
                    d.accepted(ORIG);
                    return ORIG;
                case PARTIALLY_FILLED:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.partial(ORIG, PARTIAL, PARTIAL));
                    return ORIG;
                case FILLED:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.filled(ORIG, QTY, QTY));
                    return ORIG;
                case PENDING_CANCEL:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.cancel(ORIG));
                    return ORIG;
                case PENDING_CANCEL_UNACKNOWLEDGED:
                    assertEquals(TrackerResult.APPLIED, d.newOrder(ORIG));
                    assertEquals(TrackerResult.APPLIED, d.submit(ORIG));
                    assertEquals(TrackerResult.APPLIED, d.cancel(ORIG));
                    return ORIG;
                case CANCELED:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.cancel(ORIG));
                    assertEquals(TrackerResult.APPLIED, d.canceled(ORIG, 0));
                    return ORIG;
                case PENDING_REPLACE_ORIGINAL:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.replace(ORIG, REPL, 101, QTY));
                    return ORIG;
                case PENDING_REPLACE_REPLACEMENT:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.replace(ORIG, REPL, 101, QTY));
                    return REPL;
                case REPLACED:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.replace(ORIG, REPL, 101, QTY));
                    assertEquals(TrackerResult.APPLIED, d.replaced(REPL, ORIG));
                    return ORIG;
                case REJECTED:
                    assertEquals(TrackerResult.APPLIED, d.newOrder(ORIG));
                    assertEquals(TrackerResult.APPLIED, d.reject(ORIG, RejectReason.RISK_LIMIT));
                    return ORIG;
                case EXPIRED:
                    d.accepted(ORIG);
                    assertEquals(TrackerResult.APPLIED, d.expired(ORIG, 0));
                    return ORIG;
                default:
                    throw new AssertionError(this);
            }
        }
    }

    /** Every local call and every venue report, applied to the order under test. */
    enum Action {
        SUBMIT(null),
        REJECT(null),
        CANCEL_REQUEST(null),
        REPLACE_REQUEST(null),
        ACCEPTED(ExecType.ACCEPTED),
        PARTIALLY_FILLED(ExecType.PARTIALLY_FILLED),
        FILLED(ExecType.FILLED),
        REJECTED(ExecType.REJECTED),
        PENDING_CANCEL(ExecType.PENDING_CANCEL),
        CANCELED(ExecType.CANCELED),
        CANCEL_REJECTED(ExecType.CANCEL_REJECTED),
        PENDING_REPLACE(ExecType.PENDING_REPLACE),
        REPLACED(ExecType.REPLACED),
        REPLACE_REJECTED(ExecType.REPLACE_REJECTED),
        EXPIRED(ExecType.EXPIRED),
        /** The venue's view after a reconnect: live, 6 filled. */
        RESTATED(ExecType.RESTATED);

        /** Null for local (host-side) calls. */
        final ExecType execType;

        Action(ExecType execType) {
            this.execType = execType;
        }

        TrackerResult perform(TrackerDriver d, long id, Snapshot s) {
            // REPLACED / REPLACE_REJECTED name the order under test as the new id; an order that is
            // not a replacement is given an unrelated live order as its "original"
            long orig = s.origClientOrderId() != 0 ? s.origClientOrderId() : BYSTANDER;
            switch (this) {
                case SUBMIT: return d.submit(id);
                case REJECT: return d.reject(id, RejectReason.RISK_LIMIT);
                case CANCEL_REQUEST: return d.cancel(id);
                case REPLACE_REQUEST: return d.replace(id, FRESH, 103, QTY);
                case ACCEPTED: return d.ack(id);
                case PARTIALLY_FILLED: return d.partial(id, 2, 6);
                case FILLED: return d.filled(id, QTY - s.filledQuantityScaled(), QTY);
                case REJECTED: return d.venueRejected(id, RejectReason.INVALID_PRICE);
                case PENDING_CANCEL: return d.pendingCancel(id);
                case CANCELED: return d.canceled(id, s.filledQuantityScaled());
                case CANCEL_REJECTED: return d.cancelRejected(id);
                case PENDING_REPLACE: return d.apply(d.report(ExecType.PENDING_REPLACE, id).origClientOrderId(s.origClientOrderId()));
                case REPLACED: return d.replaced(id, orig);
                case REPLACE_REJECTED: return d.replaceRejected(id, orig);
                case EXPIRED: return d.expired(id, s.filledQuantityScaled());
                case RESTATED: return d.apply(d.report(ExecType.RESTATED, id).venueStatus(OrderStatus.PARTIALLY_FILLED).fill(TrackerDriver.fillPrice(6), 0, 6));
                default: throw new AssertionError(this);
            }
        }
    }

    /** Expected outcome of one cell: the result and, when applied, the status it leads to. */
    record Expect(TrackerResult result, OrderStatus next) {
        @Override
        public String toString() {
            return result.isApplied() ? "APPLIED->" + next : result.name();
        }
    }

    private static final Expect DUP = new Expect(TrackerResult.DUPLICATE, null);
    private static final Expect STALE = new Expect(TrackerResult.STALE, null);
    private static final Expect ILLEGAL = new Expect(TrackerResult.REFUSED_ILLEGAL_TRANSITION, null);
    private static final Expect INVALID = new Expect(TrackerResult.REFUSED_INVALID, null);

    private static Expect to(OrderStatus next) {
        return new Expect(TrackerResult.APPLIED, next);
    }

    private static final OrderStatus PN = OrderStatus.PENDING_NEW;
    private static final OrderStatus AC = OrderStatus.ACCEPTED;
    private static final OrderStatus PF = OrderStatus.PARTIALLY_FILLED;
    private static final OrderStatus FI = OrderStatus.FILLED;
    private static final OrderStatus PC = OrderStatus.PENDING_CANCEL;
    private static final OrderStatus CX = OrderStatus.CANCELED;
    private static final OrderStatus PR = OrderStatus.PENDING_REPLACE;
    private static final OrderStatus RJ = OrderStatus.REJECTED;
    private static final OrderStatus EX = OrderStatus.EXPIRED;

    /**
     * The expected table. Columns are {@link Action} in declaration order:
     * local SUBMIT, REJECT, CANCEL_REQUEST, REPLACE_REQUEST, then the venue's ACCEPTED,
     * PARTIALLY_FILLED (cum 6), FILLED (cum = qty), REJECTED, PENDING_CANCEL, CANCELED,
     * CANCEL_REJECTED, PENDING_REPLACE, REPLACED, REPLACE_REJECTED, EXPIRED, and RESTATED (the
     * venue's view: live with 6 filled; a forward correction: it takes what the tracker missed,
     * keeps a pending request pending, and is stale against an end or a larger fill).
     *
     * <p>Rules (OrderStatus / OrderTracker / TrackerResult javadoc; where they are silent, the
     * implementation's choice): a report for a state the order already has is DUPLICATE; a report
     * older than the tracked state (lower cumulative quantity, or a status behind the current one,
     * e.g. an ack or a pending-cancel ack after any terminal state) is STALE; anything the state
     * machine does not allow is REFUSED_ILLEGAL_TRANSITION; a REPLACED report whose original does
     * not match the order is malformed (REFUSED_INVALID). A cancel sent before the ack leaves the
     * venue's answer to the order itself to come: its ack is applied (the order stays
     * PENDING_CANCEL, resumes ACCEPTED), and so is its reject; once the order is acknowledged, a
     * venue reject is illegal.
     */
    static final Map<Setup, Expect[]> TABLE = new EnumMap<>(Setup.class);

    static {
        //                               SUBMIT     REJECT     CXL_REQ    RPL_REQ  | ACCEPTED   PARTIAL    FILLED     REJECTED   PEND_CXL   CANCELED   CXL_REJ    PEND_RPL   REPLACED   RPL_REJ    EXPIRED    RESTATED
        row(Setup.NEW,                   to(PN),    to(RJ),    ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   INVALID,   ILLEGAL,   ILLEGAL, ILLEGAL);
        row(Setup.PENDING_NEW,           DUP,       to(RJ),    to(PC),    ILLEGAL,   to(AC),    to(PF),    to(FI),    to(RJ),    to(PC),    to(CX),    ILLEGAL,   ILLEGAL,   INVALID,   ILLEGAL,   to(EX), to(PF));
        row(Setup.ACCEPTED,              STALE,     ILLEGAL,   to(PC),    to(PR),    DUP,       to(PF),    to(FI),    ILLEGAL,   to(PC),    to(CX),    STALE,     to(PR),    INVALID,   ILLEGAL,   to(EX), to(PF));
        row(Setup.PARTIALLY_FILLED,      STALE,     ILLEGAL,   to(PC),    to(PR),    STALE,     to(PF),    to(FI),    ILLEGAL,   to(PC),    to(CX),    STALE,     to(PR),    INVALID,   ILLEGAL,   to(EX), to(PF));
        row(Setup.FILLED,                STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     STALE,     DUP,       ILLEGAL,   STALE,     ILLEGAL,   STALE,     STALE,     INVALID,   ILLEGAL,   ILLEGAL, STALE);
        row(Setup.PENDING_CANCEL,        STALE,     ILLEGAL,   DUP,       ILLEGAL,   STALE,     to(PC),    to(FI),    ILLEGAL,   DUP,       to(CX),    to(AC),    ILLEGAL,   INVALID,   ILLEGAL,   to(EX), to(PC));
        row(Setup.PENDING_CANCEL_UNACKNOWLEDGED, STALE, ILLEGAL, DUP,     ILLEGAL,   to(PC),    to(PC),    to(FI),    to(RJ),    DUP,       to(CX),    to(PN),    ILLEGAL,   INVALID,   ILLEGAL,   to(EX), to(PC));
        row(Setup.CANCELED,              STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     DUP,       STALE,     STALE,     INVALID,   ILLEGAL,   ILLEGAL, STALE);
        row(Setup.PENDING_REPLACE_ORIGINAL, STALE,  ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     to(PR),    to(FI),    ILLEGAL,   ILLEGAL,   to(CX),    ILLEGAL,   DUP,       INVALID,   ILLEGAL,   to(EX), to(PR));
        row(Setup.PENDING_REPLACE_REPLACEMENT, STALE, ILLEGAL, ILLEGAL,   ILLEGAL,   STALE,     to(PR),    to(FI),    ILLEGAL,   ILLEGAL,   to(CX),    ILLEGAL,   DUP,       to(AC),    to(RJ),    to(EX), to(PR));
        row(Setup.REPLACED,              STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     ILLEGAL,   STALE,     STALE,     INVALID,   ILLEGAL,   ILLEGAL, STALE);
        row(Setup.REJECTED,              ILLEGAL,   DUP,       ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   ILLEGAL,   DUP,       STALE,     ILLEGAL,   STALE,     STALE,     INVALID,   DUP,       ILLEGAL, STALE);
        row(Setup.EXPIRED,               STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     ILLEGAL,   ILLEGAL,   ILLEGAL,   STALE,     ILLEGAL,   STALE,     STALE,     INVALID,   ILLEGAL,   DUP, STALE);
    }

    private static void row(Setup setup, Expect... cells) {
        if (cells.length != Action.values().length) {
            throw new IllegalStateException(setup + ": " + cells.length + " cells, want " + Action.values().length);
        }
        TABLE.put(setup, cells);
    }

    static Stream<Arguments> cells() {
        List<Arguments> all = new ArrayList<>();
        for (Setup s : Setup.values()) {
            Expect[] row = TABLE.get(s);
            for (Action a : Action.values()) {
                all.add(Arguments.of(s, a, row[a.ordinal()]));
            }
        }
        return all.stream();
    }

    @Test
    void shouldHaveAnExpectationForEveryStatusAndEveryAction() {
        assertEquals(Setup.values().length, TABLE.size());
        for (OrderStatus st : OrderStatus.values()) {
            assertFalse(Stream.of(Setup.values()).noneMatch(s -> s.status == st), "no setup for " + st);
        }
        for (ExecType t : ExecType.values()) {
            assertFalse(Stream.of(Action.values()).noneMatch(a -> a.execType == t), "no action for " + t);
        }
    }

    @ParameterizedTest(name = "[{index}] {0} + {1} -> {2}")
    @MethodSource("cells")
    void shouldApplyOnlyDocumentedTransitionsAndLeaveEverythingUntouchedOtherwise(Setup setup, Action action, Expect expect) {
        TrackerDriver d = new TrackerDriver(16);
        long id = setup.drive(d);
        Snapshot subject = d.state(id);
        assertEquals(setup.status, subject.status(), "setup");
        Map<Long, Snapshot> before = snapshotAll(d);
        Counters counters = d.counters();

        TrackerResult actual = action.perform(d, id, subject);

        assertEquals(expect.result(), actual, () -> setup + " + " + action);
        d.counters().assertOneMoreThan(counters, actual);
        if (!actual.isApplied()) {
            assertEquals(before, snapshotAll(d), "a " + actual + " update must leave every order byte-identical");
            assertEquals(counters.open(), d.tracker.openOrderCount());
            assertEquals(counters.tracked(), d.tracker.trackedOrderCount());
        } else {
            assertApplied(d, id, subject, action, expect, before);
        }
        assertCountsMatchReadableOrders(d);
    }

    private static void assertApplied(TrackerDriver d, long id, Snapshot was, Action action, Expect expect, Map<Long, Snapshot> before) {
        Snapshot now = d.state(id);
        assertEquals(expect.next(), now.status(), "status after " + action);
        assertEquals(was.updateCount() + 1, now.updateCount(), "one applied change, one more update");
        assertEquals(d.now(), now.updatedNs(), "updatedNs is the time of the update");
        // identity never changes
        assertEquals(was.clientOrderId(), now.clientOrderId());
        assertEquals(was.origClientOrderId(), now.origClientOrderId());
        assertEquals(was.symbolId(), now.symbolId());
        assertEquals(was.strategyId(), now.strategyId());
        assertEquals(was.side(), now.side());
        assertEquals(was.orderType(), now.orderType());
        assertEquals(was.timeInForce(), now.timeInForce());
        assertEquals(was.createdNs(), now.createdNs());
        assertEquals(before.get(BYSTANDER), d.state(BYSTANDER), "an unrelated order changed");
        if (action.execType != null && action != Action.REPLACE_REJECTED) {
            assertEquals(d.event.execId(), now.lastExecId(), "an applied report records its exec id");
        }
        assertEquals(now.status().isTerminal() ? 0 : now.quantityScaled() - now.filledQuantityScaled(), now.leavesQuantityScaled());

        switch (action) {
            case PARTIALLY_FILLED:
                assertEquals(6, now.filledQuantityScaled());
                assertEquals(TrackerDriver.fillPrice(6), now.lastFillPriceScaled());
                break;
            case FILLED:
                assertEquals(QTY, now.filledQuantityScaled());
                assertEquals(0, now.leavesQuantityScaled());
                break;
            case REJECT:
                assertEquals(RejectReason.RISK_LIMIT, now.lastReason());
                break;
            case REJECTED:
                assertEquals(RejectReason.INVALID_PRICE, now.lastReason());
                break;
            case ACCEPTED:
                assertEquals(900_000 + id, now.exchangeOrderId());
                break;
            case REPLACE_REQUEST: {
                Snapshot n = d.state(FRESH);
                assertEquals(OrderStatus.PENDING_REPLACE, n.status());
                assertEquals(id, n.origClientOrderId());
                assertEquals(103, n.priceScaled());
                assertEquals(was.filledQuantityScaled(), n.filledQuantityScaled());
                break;
            }
            case REPLACED:
                assertEquals(OrderStatus.REPLACED, d.status(was.origClientOrderId()), "the original is retired");
                break;
            case REPLACE_REJECTED:
                assertEquals(OrderStatus.ACCEPTED, d.status(was.origClientOrderId()), "the original resumes");
                break;
            default:
                break;
        }
        if (action != Action.REPLACE_REQUEST) {
            assertFalse(d.isTracked(FRESH));
        }
    }

    private static Map<Long, Snapshot> snapshotAll(TrackerDriver d) {
        Map<Long, Snapshot> all = new LinkedHashMap<>();
        for (long id : ALL_IDS) {
            all.put(id, d.isTracked(id) ? d.state(id) : null);
        }
        return all;
    }

    private static void assertCountsMatchReadableOrders(TrackerDriver d) {
        int open = 0;
        int tracked = 0;
        for (long id : ALL_IDS) {
            if (d.isTracked(id)) {
                tracked++;
                if (d.status(id).isOpen()) open++;
            }
        }
        assertEquals(open, d.tracker.openOrderCount(), "openOrderCount");
        assertEquals(tracked, d.tracker.trackedOrderCount(), "trackedOrderCount");
    }
}
