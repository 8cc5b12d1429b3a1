package flox.connector.fix.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolInfo;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Flox's FIX session against a scripted FIX 4.4 counterparty ({@link ScriptedAcceptor}, a real
 * QuickFIX/J acceptor on loopback) for what the example executor cannot do: a resting order filled
 * in parts, a successful cancel, a cancel the venue refuses (OrderCancelReject: the order goes on),
 * a cancel/replace carrying the filled part, and a PossDup resend applied once and not published
 * again. Each case ends with the tracker as the venue has the order. The session level too
 * (issue 15 item 4): heartbeats when idle and a TestRequest answered with its TestReqID, a
 * SequenceReset in reset mode, and the counterparty's ResendRequest over Flox's own orders
 * (gap-filled, nothing sent again); each ends with the sequence numbers in sync.
 */
@Timeout(60)
class AcceptorSessionTest {
    static final String EXCHANGE = "VENUE";

    @TempDir
    Path dir;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final int ibm;
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final List<ExecutionEvent> published = new CopyOnWriteArrayList<>();
    final ExecutionReports reports = new ExecutionReports(tracker, event -> {
        published.add(new ExecutionEvent().copyFrom(event));
        return published.size();
    });
    final List<String> states = new CopyOnWriteArrayList<>();
    final List<String> whys = new CopyOnWriteArrayList<>();
    final OrderRequest request = new OrderRequest();
    final OrderState state = new OrderState();
    ScriptedAcceptor venue;
    FixSession session;

    AcceptorSessionTest() throws Exception {
        ibm = registry.register(SymbolInfo.builder(EXCHANGE, "IBM").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    @BeforeEach
    void logOn() throws Exception {
        venue = new ScriptedAcceptor();
        session = connect();
    }

    /** A session of this run (the same store, tracker and ClOrdID prefix) logged on to the venue. */
    FixSession connect() throws Exception {
        return connect("flox-store");
    }

    FixSession connect(String store) throws Exception {
        FixSession f = start(settings(store));
        ExecutorSessionTest.await("logon", () -> states.contains("LIVE"), states::toString);
        return f;
    }

    FixSession.Settings settings(String store) {
        FixSession.Settings s = new FixSession.Settings();
        s.exchange = EXCHANGE;
        s.port = venue.port;
        s.senderCompId = ScriptedAcceptor.TARGET;
        s.targetCompId = ScriptedAcceptor.SENDER;
        s.storePath = dir.resolve(store).toString();
        s.reconnectSeconds = "1";
        s.clientIdPrefix = "FLXS_";
        return s;
    }

    /**
     * Starts over on a venue that keeps a file store, as a real one does (both sides' numbers
     * afresh), logged on; returns the venue's store, for a restart of the venue on it.
     */
    Path onAVenueWithAFileStore() throws Exception {
        session.stop();
        venue.close();
        Path store = dir.resolve("venue-store");
        venue = new ScriptedAcceptor(venue.port, store, new java.util.concurrent.ConcurrentHashMap<>());
        states.clear();
        session = connect("flox-store-2");
        return store;
    }

    /** A session started with {@code s}, not waited for. */
    FixSession start(FixSession.Settings s) throws Exception {
        FixSession f = new FixSession(s, registry, tracker, reports, (st, why) -> {
            whys.add(why);
            states.add(st.name());
        }, Clock.systemUTC(), System::nanoTime);
        f.start();
        return f;
    }

    @AfterEach
    void stop() {
        if (session != null) session.stop();
        if (venue != null) venue.close();
    }

    String venueId(long id) {
        return "FLXS_" + id;
    }

    void submit(long id, long price, long quantity) {
        request.clear().clientOrderId(id).symbolId(ibm).strategyId(1).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .priceScaled(price).quantityScaled(quantity);
        assertEquals(TrackerResult.APPLIED, tracker.onNew(request, 1));
        assertEquals(TrackerResult.APPLIED, tracker.onSubmitted(id, 1));
        assertEquals(RejectReason.NONE, session.orderEntry().submit(request));
    }

    void awaitStatus(long id, OrderStatus expected) {
        ExecutorSessionTest.await("order " + id + " " + expected, () -> tracker.read(id, state) && state.status() == expected,
                () -> state + " published " + published);
    }

    /**
     * The last published report of order {@code id} with type {@code type} and cumulative
     * quantity {@code cumulative} (-1: any), waited for: the tracker applies a report before it is
     * published, so a state seen in the tracker may not be on the list yet.
     */
    ExecutionEvent awaitReport(long id, ExecType type, long cumulative) {
        Predicate<ExecutionEvent> p = e -> e.clientOrderId() == id && e.execType() == type
                && (cumulative < 0 || e.cumulativeQuantityScaled() == cumulative);
        ExecutorSessionTest.await(type + " of " + id + " published", () -> published.stream().anyMatch(p), published::toString);
        return published.stream().filter(p).reduce((a, b) -> b).orElseThrow();
    }

    /**
     * Issue 15: every session fault ends with the sequence numbers in sync: each side expects next
     * the number the other sends next, both ways.
     */
    void awaitSequenceNumbersInSync() {
        ExecutorSessionTest.await("sequence numbers in sync", () -> {
            quickfix.Session flox = quickfix.Session.lookupSession(session.sessionId());
            quickfix.Session v = venue.session();
            return flox != null && v != null && flox.isLoggedOn() && v.isLoggedOn()
                    && flox.getExpectedSenderNum() == v.getExpectedTargetNum() && v.getExpectedSenderNum() == flox.getExpectedTargetNum();
        }, () -> {
            quickfix.Session flox = quickfix.Session.lookupSession(session.sessionId());
            quickfix.Session v = venue.session();
            return flox == null || v == null ? "a side has no session" : "flox sends " + flox.getExpectedSenderNum() + " expects "
                    + flox.getExpectedTargetNum() + "; venue sends " + v.getExpectedSenderNum() + " expects " + v.getExpectedTargetNum();
        });
    }

    ExecutionEvent last() {
        return published.get(published.size() - 1);
    }

    @Test
    void shouldRestThenTakeEachPartialFillWithItsPrice() throws Exception {
        submit(1, 1250, 100);
        awaitStatus(1, OrderStatus.ACCEPTED);
        venue.fill(venueId(1), "40", "12.49");
        awaitStatus(1, OrderStatus.PARTIALLY_FILLED);
        ExecutionEvent part = awaitReport(1, ExecType.PARTIALLY_FILLED, 40);
        assertEquals(1249, part.lastPriceScaled());
        assertEquals(40, part.lastQuantityScaled());
        venue.fill(venueId(1), "60", "12.50");
        awaitStatus(1, OrderStatus.FILLED);
        ExecutionEvent filled = awaitReport(1, ExecType.FILLED, 100);
        assertEquals(1250, filled.lastPriceScaled());
        assertEquals(3, published.size(), published::toString);
    }

    /** Each send.idle mode sends what a caller hands it, the next order included (a parked sender is woken). */
    @ParameterizedTest
    @EnumSource(FixSession.SendIdle.class)
    void shouldSendInEachIdleMode(FixSession.SendIdle mode) throws Exception {
        session.stop();
        states.clear();
        FixSession.Settings s = settings("flox-store");
        s.sendIdle = mode;
        session = start(s);
        ExecutorSessionTest.await("logon", () -> states.contains("LIVE"), states::toString);
        submit(41, 1250, 10);
        awaitStatus(41, OrderStatus.ACCEPTED);
        submit(42, 1250, 10);
        awaitStatus(42, OrderStatus.ACCEPTED);
    }

    @Test
    void shouldCancelARestingOrder() throws Exception {
        submit(2, 1200, 10);
        awaitStatus(2, OrderStatus.ACCEPTED);
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(2, 2));
        assertEquals(RejectReason.NONE, session.orderEntry().cancel(ibm, 2));
        awaitStatus(2, OrderStatus.CANCELED);
        awaitReport(2, ExecType.CANCELED, -1);
        assertTrue(venue.order(venueId(2)) == null, "the venue's order now carries the cancel's ClOrdID");
    }

    @Test
    void shouldResumeTheOrderWhenTheVenueRefusesTheCancel() throws Exception {
        submit(3, 1200, 10);
        awaitStatus(3, OrderStatus.ACCEPTED);
        venue.refuseCancels(true);
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(3, 2));
        assertEquals(OrderStatus.PENDING_CANCEL, tracker.read(3, state) ? state.status() : null);
        assertEquals(RejectReason.NONE, session.orderEntry().cancel(ibm, 3));
        ExecutorSessionTest.await("the cancel refused", () -> last().execType() == ExecType.CANCEL_REJECTED, published::toString);
        awaitStatus(3, OrderStatus.ACCEPTED);
        assertTrue(last().text().toString().contains("scripted refusal"), last().toString());
        venue.refuseCancels(false);
        venue.fill(venueId(3), "10", "12.00");
        awaitStatus(3, OrderStatus.FILLED);
    }

    @Test
    void shouldReplaceARestingOrderCarryingItsFilledPart() throws Exception {
        submit(4, 1200, 100);
        awaitStatus(4, OrderStatus.ACCEPTED);
        venue.fill(venueId(4), "30", "12.00");
        awaitStatus(4, OrderStatus.PARTIALLY_FILLED);
        assertEquals(TrackerResult.APPLIED, tracker.onReplaceRequested(4, 5, 1210, 150, 3));
        assertEquals(RejectReason.NONE, session.orderEntry().replace(ibm, 4, 5, 1210, 150));
        awaitStatus(4, OrderStatus.REPLACED);
        assertTrue(tracker.read(5, state));
        assertEquals(150, state.quantityScaled());
        assertEquals(1210, state.priceScaled());
        assertEquals(30, state.filledQuantityScaled(), "the filled part carried over");
        awaitReport(5, ExecType.REPLACED, 30);
        venue.fill(venueId(5), "120", "12.10");
        awaitStatus(5, OrderStatus.FILLED);
        awaitReport(5, ExecType.FILLED, 150);
    }

    @Test
    void shouldApplyAPossDupResendOnceAndNotPublishItAgain() throws Exception {
        submit(6, 1200, 100);
        awaitStatus(6, OrderStatus.ACCEPTED);
        venue.fill(venueId(6), "40", "12.00");
        awaitReport(6, ExecType.PARTIALLY_FILLED, 40);
        int before = published.size();
        // Flox's side forgets it had the fill's message: the next one shows a gap, its ResendRequest gets the fill again as a
        // PossDup copy from the venue's store, then the next fill
        quickfix.Session flox = quickfix.Session.lookupSession(session.sessionId());
        flox.setNextTargetMsgSeqNum(flox.getExpectedTargetNum() - 1);
        venue.fill(venueId(6), "10", "12.00");
        ExecutorSessionTest.await("the resend taken and the next fill applied", () -> session.orderEntry().possDups() >= 1
                && tracker.read(6, state) && state.filledQuantityScaled() == 50, published::toString);
        // the tracker applies before the report is published: wait for it on the list, then count
        assertEquals(10, awaitReport(6, ExecType.PARTIALLY_FILLED, 50).lastQuantityScaled());
        assertEquals(before + 1, published.size(), "the PossDup copy not published again: " + published);
        awaitSequenceNumbersInSync();
    }

    @Test
    void shouldReconcileAFillMissedWhileLoggedOutBeforeGoingLive() throws Exception {
        submit(7, 1200, 100);
        awaitStatus(7, OrderStatus.ACCEPTED);
        session.stop();
        venue.fillSilently(venueId(7), "40", "12.00"); // its report never reaches Flox
        states.clear();
        session = connect(); // logs on, asks the open order's state, then LIVE
        assertEquals(List.of("CONNECTING", "SYNCING"), states.subList(0, 2), "LIVE only after the open order's state came back: " + states);
        awaitStatus(7, OrderStatus.PARTIALLY_FILLED);
        assertTrue(tracker.read(7, state));
        assertEquals(40, state.filledQuantityScaled(), "the venue's view applied");
        awaitReport(7, ExecType.RESTATED, 40);
        // the stop may leave the venue a message behind: it asks a resend after the logon, and the round after our gap
        // fill asks the open order again (a query of the logon's round could be under that gap fill)
        awaitSequenceNumbersInSync();
        ExecutorSessionTest.await("LIVE once every round is answered", () -> states.get(states.size() - 1).equals("LIVE")
                && !session.orderEntry().isReconciling(), states::toString);
        assertTrue(states.stream().allMatch(st -> st.equals("CONNECTING") || st.equals("SYNCING") || st.equals("LIVE")), states::toString);
        assertTrue(venue.statusRequests.get() >= 1 && venue.statusRequests.get() <= 2, "asked once, or again after a gap fill: " + venue.statusRequests.get());
    }

    @Test
    void shouldStayNotLiveAndAskAgainWhileTheVenueDoesNotAnswer() throws Exception {
        submit(11, 1200, 100);
        submit(12, 1210, 100);
        awaitStatus(11, OrderStatus.ACCEPTED);
        awaitStatus(12, OrderStatus.ACCEPTED);
        session.stop();
        venue.answerStatusRequests(false); // takes OrderStatusRequests and says nothing
        states.clear();
        FixSession.Settings s = settings("flox-store");
        s.reconcileWaitMs = 200;
        session = start(s);
        ExecutorSessionTest.await("both orders asked again after the wait limit", () -> venue.statusRequests.get() >= 4
                && session.orderEntry().reconcileOverdue() >= 1, () -> venue.statusRequests + " asked, " + states);
        assertFalse(states.contains("LIVE"), "not LIVE while the venue has not answered: " + states);
        assertEquals("SYNCING", states.get(states.size() - 1));
        assertTrue(whys.get(whys.size() - 1).startsWith("RECONCILIATION OVERDUE: 2 of 2 open orders unanswered after 200 ms"), whys::toString);
        assertTrue(session.orderEntry().isReconciling());
        assertEquals(2, session.orderEntry().reconcileUnanswered());
        // the session's own guard, whatever another connection says of the venue on the bus: no new order or replace yet
        request.clear().clientOrderId(16).symbolId(ibm).strategyId(1).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .priceScaled(1200).quantityScaled(5);
        assertEquals(RejectReason.VENUE_NOT_LIVE, session.orderEntry().submit(request));
        assertEquals(RejectReason.VENUE_NOT_LIVE, session.orderEntry().replace(ibm, 12, 17, 1190, 100));
        venue.answerStatusRequests(true);
        ExecutorSessionTest.await("LIVE once both are answered", () -> states.contains("LIVE"), states::toString);
        assertFalse(session.orderEntry().isReconciling());
        assertEquals(0, session.orderEntry().reconcileUnanswered());
        awaitStatus(12, OrderStatus.ACCEPTED);
        long overdue = session.orderEntry().reconcileOverdue();
        venue.fill(venueId(11), "100", "12.00"); // trading goes on; no further round
        awaitStatus(11, OrderStatus.FILLED);
        assertEquals(overdue, session.orderEntry().reconcileOverdue());
        assertEquals(1, states.stream().filter("LIVE"::equals).count(), "LIVE said once: " + states);
        submit(18, 1200, 5); // and new orders go again
        awaitStatus(18, OrderStatus.ACCEPTED);
    }

    @Test
    void shouldPassThroughPendingStatesToTheDoneOnes() throws Exception {
        venue.pendingStates(true);
        submit(13, 1200, 100); // 150=A/39=A, then 150=0
        awaitStatus(13, OrderStatus.ACCEPTED);
        venue.fill(venueId(13), "20", "12.00");
        awaitReport(13, ExecType.PARTIALLY_FILLED, 20);
        assertEquals(TrackerResult.APPLIED, tracker.onReplaceRequested(13, 14, 1190, 100, 3));
        assertEquals(RejectReason.NONE, session.orderEntry().replace(ibm, 13, 14, 1190, 100)); // 150=E/39=E, then 150=5
        awaitStatus(13, OrderStatus.REPLACED);
        awaitReport(14, ExecType.REPLACED, 20);
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(14, 2));
        assertEquals(RejectReason.NONE, session.orderEntry().cancel(ibm, 14)); // 150=6/39=6, then 150=4
        awaitStatus(14, OrderStatus.CANCELED);
        awaitReport(14, ExecType.CANCELED, 20);
        assertEquals(0, session.orderEntry().malformed());
        assertEquals(1, session.orderEntry().noChange(), "pending new: the tracker's PENDING_NEW already");
        // the venue's pending cancel and replace repeat what the tracker holds since the request: applied, not published again
        assertEquals(List.of(ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.REPLACED, ExecType.CANCELED),
                published.stream().map(ExecutionEvent::execType).toList(), published::toString);
    }

    @Test
    void shouldCountATradeBustAndCorrectionItCannotApplyAndTradeOn() throws Exception {
        submit(15, 1200, 100);
        awaitStatus(15, OrderStatus.ACCEPTED);
        venue.fill(venueId(15), "40", "12.00");
        awaitReport(15, ExecType.PARTIALLY_FILLED, 40);
        int before = published.size();
        venue.bustOrCorrect(venueId(15), false, null, null); // 150=H: the fill busted
        venue.bustOrCorrect(venueId(15), true, "30", "12.01"); // 150=G: corrected to 30 at 12.01
        ExecutorSessionTest.await("both counted as not representable", () -> session.orderEntry().notRepresentable() == 2, published::toString);
        assertEquals(before, published.size(), "neither published: " + published);
        assertTrue(tracker.read(15, state));
        assertEquals(40, state.filledQuantityScaled(), "the fill stays as first reported");
        venue.fill(venueId(15), "60", "12.00"); // the session and the order go on
        awaitStatus(15, OrderStatus.FILLED);
        awaitReport(15, ExecType.FILLED, 100);
    }

    @Test
    void shouldGoLiveAtOnceWithNoOpenOrderToAsk() throws Exception {
        submit(8, 1200, 10);
        awaitStatus(8, OrderStatus.ACCEPTED);
        venue.fill(venueId(8), "10", "12.00");
        awaitStatus(8, OrderStatus.FILLED);
        session.stop();
        states.clear();
        session = connect();
        assertEquals(List.of("CONNECTING", "LIVE"), states);
        assertEquals(0, venue.statusRequests.get());
    }

    @Test
    void shouldReconnectToARestartedVenueAndLoseNoOrderState() throws Exception {
        Path store = onAVenueWithAFileStore();
        submit(9, 1200, 100);
        awaitStatus(9, OrderStatus.ACCEPTED);
        venue.fill(venueId(9), "25", "12.00");
        awaitStatus(9, OrderStatus.PARTIALLY_FILLED);

        // the venue dies; while it is down its order fills further (the report is lost); it comes back on the same port
        java.util.Map<String, ScriptedAcceptor.Order> book = venue.orders();
        venue.close();
        ExecutorSessionTest.await("the loss seen", () -> states.get(states.size() - 1).equals("DISCONNECTED"), states::toString);
        book.get(venueId(9)).cumulative = new java.math.BigDecimal("60");
        states.clear();
        venue = new ScriptedAcceptor(venue.port, store, book);
        ExecutorSessionTest.await("logged on again, reconciled", () -> states.contains("LIVE"), states::toString);
        assertTrue(states.indexOf("SYNCING") >= 0 && states.indexOf("SYNCING") < states.lastIndexOf("LIVE"), "reconciled before LIVE: " + states);
        awaitStatus(9, OrderStatus.PARTIALLY_FILLED);
        assertTrue(tracker.read(9, state));
        assertEquals(60, state.filledQuantityScaled(), "the fill made while the venue was away, from its answer at logon");
        venue.fill(venueId(9), "40", "12.00");
        awaitStatus(9, OrderStatus.FILLED);
        awaitReport(9, ExecType.FILLED, 100);
        awaitSequenceNumbersInSync();
    }

    /**
     * Issue 15's "counterparty killed and restarted (reconnect, resend, gap fill)": the venue dies
     * without a Logout right after it made a fill and a heartbeat that never reached the wire; it
     * restarts on its store, Flox reconnects and asks for what it missed: the fill comes again
     * (PossDup) and is applied once, the heartbeat as a gap fill.
     */
    @Test
    void shouldGetWhatAKilledVenueMadeBeforeItDiedByResendAndGapFill() throws Exception {
        Path store = onAVenueWithAFileStore();
        submit(21, 1200, 100);
        awaitStatus(21, OrderStatus.ACCEPTED);
        venue.fill(venueId(21), "25", "12.00");
        awaitReport(21, ExecType.PARTIALLY_FILLED, 25);

        java.util.Map<String, ScriptedAcceptor.Order> book = venue.orders();
        ScriptedAcceptor killed = venue;
        states.clear();
        killed.kill(() -> {
            try {
                killed.fill(venueId(21), "35", "12.10"); // numbered and stored, never sent
                quickfix.Session.sendToTarget(new quickfix.fix44.Heartbeat(), killed.session().getSessionID());
            } catch (quickfix.SessionNotFound e) {
                throw new AssertionError(e);
            }
        });
        ExecutorSessionTest.await("the loss seen", () -> states.contains("DISCONNECTED"), states::toString);
        assertTrue(killed.wireOut.stream().noneMatch(m -> m.contains("\u000132=35\u0001")), "the fill never reached the wire");
        venue = new ScriptedAcceptor(venue.port, store, book);
        ExecutorSessionTest.await("logged on again", () -> states.contains("LIVE"), states::toString);

        ExecutionEvent resent = awaitReport(21, ExecType.PARTIALLY_FILLED, 60);
        assertEquals(35, resent.lastQuantityScaled());
        assertEquals(1210, resent.lastPriceScaled());
        assertTrue(venue.wire.stream().anyMatch(m -> m.contains("\u000135=2\u0001")), "Flox asked for a resend: " + venue.wire);
        assertTrue(venue.wireOut.stream().anyMatch(m -> m.contains("\u000135=8\u0001") && m.contains("\u000143=Y\u0001") && m.contains("\u000132=35\u0001")),
                "the fill resent as a possible duplicate: " + venue.wireOut);
        assertTrue(venue.wireOut.stream().anyMatch(m -> m.contains("\u000135=4\u0001") && m.contains("\u0001123=Y\u0001")),
                "the heartbeat replaced by a gap fill: " + venue.wireOut);
        awaitSequenceNumbersInSync();
        ExecutorSessionTest.await("LIVE once reconciled", () -> states.get(states.size() - 1).equals("LIVE"), states::toString);
        assertTrue(tracker.read(21, state));
        assertEquals(60, state.filledQuantityScaled(), "the resent fill applied once");
        assertEquals(1, published.stream().filter(e -> e.clientOrderId() == 21 && e.lastQuantityScaled() == 35).count(),
                "one report of the 35 published: " + published);
        venue.fill(venueId(21), "40", "12.00");
        awaitReport(21, ExecType.FILLED, 100);
    }

    @Test
    void shouldCountThePreviousRunsResentReportsAsNotOursAfterARestart() throws Exception {
        submit(19, 1200, 100);
        awaitStatus(19, OrderStatus.ACCEPTED);
        session.stop(); // this run ends with the order open
        venue.fill(venueId(19), "100", "12.00"); // while no one is logged on: kept in the venue's store, resent on request
        // the next run: the same store (sequence numbers resumed), its own ClOrdID prefix and a new, empty tracker, as after a restart
        LockFreeOrderTracker nextTracker = new LockFreeOrderTracker(1024);
        List<ExecutionEvent> nextPublished = new CopyOnWriteArrayList<>();
        FixSession.Settings s = settings("flox-store");
        s.clientIdPrefix = "FLXT_";
        states.clear();
        session = new FixSession(s, registry, nextTracker, new ExecutionReports(nextTracker, event -> {
            nextPublished.add(new ExecutionEvent().copyFrom(event));
            return nextPublished.size();
        }), (st, why) -> states.add(st.name()), Clock.systemUTC(), System::nanoTime);
        session.start();
        ExecutorSessionTest.await("logged on, the gap's resend taken", () -> states.contains("LIVE") && session.orderEntry().notOurs() >= 1,
                () -> states + " not ours " + session.orderEntry().notOurs());
        assertTrue(session.orderEntry().possDups() >= 1, "the fill came again as a PossDup resend");
        assertTrue(nextPublished.isEmpty(), "the previous run's report is not this run's: counted, not applied: " + nextPublished);
        assertEquals(0, nextTracker.openOrderCount());
        assertEquals(List.of("CONNECTING", "LIVE"), states, "nothing of this run to reconcile");
        awaitSequenceNumbersInSync();
    }

    @Test
    void shouldSurviveAGarbledMessageAndTradeOn() throws Exception {
        submit(10, 1200, 100);
        awaitStatus(10, OrderStatus.ACCEPTED);
        // an ExecutionReport whose checksum is wrong, then one with no body length: neither is a FIX message
        assertTrue(venue.sendRaw("8=FIX.4.4\u00019=60\u000135=8\u000134=99\u000149=VENUE\u000156=FLOX\u000152=20261206-00:00:00\u000111="
                + venueId(10) + "\u0001150=F\u000139=2\u000110=000\u0001"));
        assertTrue(venue.sendRaw("8=FIX.4.4\u000135=8\u000149=VENUE\u000110=123\u0001"));
        // a well-framed report without its required OrdStatus: refused with a session Reject, not applied
        venue.sendReportWithoutOrdStatus(venueId(10));
        ExecutorSessionTest.await("the invalid report refused with a Reject", () -> venue.rejectsReceived.get() == 1, published::toString);
        venue.fill(venueId(10), "30", "12.00"); // the session goes on
        awaitStatus(10, OrderStatus.PARTIALLY_FILLED);
        assertEquals(1, published.stream().filter(e -> e.execType() == ExecType.PARTIALLY_FILLED || e.execType() == ExecType.FILLED).count(),
                "only the real fill: " + published);
        awaitReport(10, ExecType.PARTIALLY_FILLED, 30);
        assertTrue(session.isLoggedOn());
        assertEquals("LIVE", states.get(states.size() - 1));
        awaitSequenceNumbersInSync();
    }
    /**
     * The real logs' edited messages (testdata/fix: BodyLength and CheckSum no longer those of their
     * bytes, one with '|' as its delimiter, turned back into SOH) put on a live session's wire: each
     * is dropped as garbled, nothing is applied or refused, and the session trades on. QuickFIX/J's
     * decoder reads a frame whose CheckSum is not where its BodyLength says on past it, so the one
     * with a BodyLength too long swallows the fill after it; Flox's TestRequest after a dropped
     * frame brings the venue's next message at once (not a 30 s heartbeat later), it shows the gap,
     * and the fill comes again by resend.
     */
    @Test
    void shouldDropTheLogsBadlyFramedMessagesAndTradeOn() throws Exception {
        submit(13, 1200, 100);
        awaitStatus(13, OrderStatus.ACCEPTED);
        List<String> garbled = new java.util.ArrayList<>();
        for (String m : flox.connector.fix.internal.orders.FixLogs.messages("Test_UserDefined.log", '\u0001')) {
            if (!flox.connector.fix.internal.orders.FixLogs.framed(m, '\u0001')) garbled.add(m);
        }
        for (String m : flox.connector.fix.internal.orders.FixLogs.messages("20200105.txt", '|')) {
            if (!flox.connector.fix.internal.orders.FixLogs.framed(m, '|')) garbled.add(flox.connector.fix.internal.orders.FixLogs.soh(m, '|'));
        }
        assertEquals(6, garbled.size(), "SOURCES.md: five edited messages in Test_UserDefined.log, one in 20200105.txt");
        int published0 = published.size();
        int wired = venue.wire.size();
        for (String m : garbled) assertTrue(venue.sendRaw(m), "on the wire: " + m);
        venue.fill(venueId(13), "30", "12.00");
        awaitReport(13, ExecType.PARTIALLY_FILLED, 30); // within the await's 20 s: the heartbeat is 30 s
        assertEquals(6, session.garbledFrames().dropped(), "each edited message dropped by the decoder");
        assertTrue(session.garbledFrames().testRequests() >= 1);
        assertTrue(venue.received("1", wired).stream().anyMatch(m -> ScriptedAcceptor.field(m, 112).startsWith("FLOX-GARBLED-")),
                "a TestRequest after the dropped frames: " + wireSince(wired));
        assertEquals(1, venue.received("2", wired).size(), "the swallowed fill asked again: " + wireSince(wired));
        assertEquals(published0 + 1, published.size(), "only the fill: " + published);
        assertEquals(0, venue.rejectsReceived.get(), "a garbled message is dropped, not answered");
        assertTrue(session.isLoggedOn());
        assertEquals("LIVE", states.get(states.size() - 1));
        awaitSequenceNumbersInSync();
    }

    // ------------------------------------------------------------------ session level (issue 15 item 4)

    /** The venue's messages of {@code type} since {@code from} that carry {@code tag}={@code value} (value null: without the tag). */
    long receivedWith(String type, int from, int tag, String value) {
        return venue.received(type, from).stream().filter(m -> java.util.Objects.equals(value, ScriptedAcceptor.field(m, tag))).count();
    }

    /** The wire as the venue saw it since {@code from}, for a failure's message. */
    String wireSince(int from) {
        List<String> all = List.copyOf(venue.wire); // a snapshot (see ScriptedAcceptor.received)
        return String.join("\n", all.subList(Math.min(from, all.size()), all.size())).replace('\u0001', '|');
    }

    @Test
    void shouldSendHeartbeatsWhenIdleAndAnswerATestRequestWithItsId() throws Exception {
        session.stop();
        states.clear();
        int logon = venue.wire.size();
        FixSession.Settings s = settings("flox-store");
        s.heartbeatSeconds = 1;
        session = start(s);
        ExecutorSessionTest.await("logon", () -> states.contains("LIVE"), states::toString);
        assertEquals(1, receivedWith("A", logon, 108, "1"), () -> "the logon asks for 1 s heartbeats: " + wireSince(logon));
        // the restart may leave the venue a message behind (the stop's Logout not taken): it asks a resend, and the
        // gap fill would cover an order sent meanwhile (rejected as unknown by the round after it): wait until in sync
        awaitSequenceNumbersInSync();
        submit(30, 1200, 100);
        awaitStatus(30, OrderStatus.ACCEPTED);

        // nothing of Flox's to send: Heartbeats (35=0) without a TestReqID, one per interval
        int idle = venue.wire.size();
        ExecutorSessionTest.await("two heartbeats while idle", () -> receivedWith("0", idle, 112, null) >= 2, () -> wireSince(idle));

        int asked = venue.wire.size();
        venue.testRequest("FLOX-TR-7");
        ExecutorSessionTest.await("the test request answered with a Heartbeat carrying its TestReqID (112)",
                () -> receivedWith("0", asked, 112, "FLOX-TR-7") == 1, () -> wireSince(asked));
        assertEquals(1, receivedWith("0", logon, 112, "FLOX-TR-7"), "answered once");
        assertTrue(venue.received("3", logon).isEmpty() && venue.received("5", logon).isEmpty(), () -> "no Reject, no Logout: " + wireSince(logon));

        venue.fill(venueId(30), "100", "12.00"); // the session and the order go on
        awaitStatus(30, OrderStatus.FILLED);
        awaitReport(30, ExecType.FILLED, 100);
        assertEquals(List.of("CONNECTING", "LIVE"), states, "never disconnected");
        awaitSequenceNumbersInSync();
    }

    @Test
    void shouldAcceptASequenceResetInResetModeAndApplyTheReportsAfterIt() throws Exception {
        submit(31, 1200, 100);
        awaitStatus(31, OrderStatus.ACCEPTED);
        quickfix.Session flox = quickfix.Session.lookupSession(session.sessionId());
        int from = venue.wire.size();

        int first = venue.sequenceReset(10, null); // 35=4, no GapFillFlag, NewSeqNo 11 beyond the reset's own number
        ExecutorSessionTest.await("Flox's next expected incoming number moved to " + first, () -> flox.getExpectedTargetNum() == first,
                () -> "expects " + flox.getExpectedTargetNum());
        venue.fill(venueId(31), "40", "12.00"); // numbered `first`
        awaitReport(31, ExecType.PARTIALLY_FILLED, 40);

        int second = venue.sequenceReset(5, false); // 123=N
        ExecutorSessionTest.await("moved again to " + second, () -> flox.getExpectedTargetNum() == second,
                () -> "expects " + flox.getExpectedTargetNum());
        venue.fill(venueId(31), "60", "12.01");
        awaitStatus(31, OrderStatus.FILLED);
        assertEquals(1201, awaitReport(31, ExecType.FILLED, 100).lastPriceScaled());

        awaitSequenceNumbersInSync();
        assertEquals(second + 1, flox.getExpectedTargetNum(), "the fill after the second reset was the venue's first message there");
        assertTrue(venue.received("2", from).isEmpty(), () -> "no ResendRequest (nothing was missing): " + wireSince(from));
        assertTrue(venue.received("3", from).isEmpty() && venue.received("5", from).isEmpty(), () -> "no Reject, no Logout: " + wireSince(from));
        assertEquals(List.of("CONNECTING", "LIVE"), states, "never disconnected");
        assertEquals(List.of(ExecType.ACCEPTED, ExecType.PARTIALLY_FILLED, ExecType.FILLED),
                published.stream().map(ExecutionEvent::execType).toList(), published::toString);
    }

    /**
     * PersistMessages=N (the design: never a stale order again): a counterparty's ResendRequest
     * over Flox's orders, a cancel and admin messages is answered with one SequenceReset-GapFill
     * (35=4, 123=Y, 43=Y with OrigSendingTime 122) from the first asked number to Flox's next, and
     * nothing is sent again.
     */
    @Test
    void shouldGapFillAResendRequestOverItsOrdersAndAdminMessagesWithoutSendingAnyAgain() throws Exception {
        submit(32, 1200, 100); // NewOrderSingle, 34=2 after the logon's 1
        awaitStatus(32, OrderStatus.ACCEPTED);
        int asked = venue.wire.size();
        venue.testRequest("BEFORE-RESEND");
        ExecutorSessionTest.await("the heartbeat (an admin message in the range)", () -> receivedWith("0", asked, 112, "BEFORE-RESEND") == 1,
                () -> wireSince(asked));
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(32, 2));
        assertEquals(RejectReason.NONE, session.orderEntry().cancel(ibm, 32)); // OrderCancelRequest
        awaitStatus(32, OrderStatus.CANCELED);
        submit(33, 1210, 50); // a NewOrderSingle that stays open
        awaitStatus(33, OrderStatus.ACCEPTED);
        awaitReport(33, ExecType.ACCEPTED, 0);

        quickfix.Session flox = quickfix.Session.lookupSession(session.sessionId());
        int next = flox.getExpectedSenderNum();
        assertEquals(2, venue.received("D", 0).size(), () -> "two orders arrived, once each: " + wireSince(0));
        assertEquals(1, venue.received("F", 0).size(), () -> "the cancel arrived once: " + wireSince(0));
        int published = this.published.size();
        long requests = venue.requests.get();
        int from = venue.wire.size();

        venue.lostFromAndAskResend(1, 0); // from Flox's Logon on: Logon, orders, heartbeat, cancel
        ExecutorSessionTest.await("the gap filled", () -> !venue.received("4", from).isEmpty() && venue.session().getExpectedTargetNum() >= next, // > once the round's query came
                () -> wireSince(from));
        // the first gap fill answers the venue's request; a second may answer another the venue asks while the test's
        // rewind of its numbers meets Flox's next message: each only gap-fills, and the checks below hold either way
        List<String> fills = venue.received("4", from);
        String gapFill = fills.get(0);
        assertEquals("1", ScriptedAcceptor.field(gapFill, 34), gapFill);
        assertEquals(String.valueOf(next), ScriptedAcceptor.field(gapFill, 36), gapFill);
        assertEquals("Y", ScriptedAcceptor.field(gapFill, 123), gapFill);
        assertEquals("Y", ScriptedAcceptor.field(gapFill, 43), gapFill);
        assertTrue(ScriptedAcceptor.field(gapFill, 122) != null, gapFill);
        // then the round a mid-session gap fill starts: the open order's state asked (it may cover a held-back request)
        ExecutorSessionTest.await("the open order's state asked", () -> !venue.received("H", from).isEmpty(), () -> wireSince(from));
        ExecutorSessionTest.await("LIVE again once answered", () -> states.get(states.size() - 1).equals("LIVE")
                && !session.orderEntry().isReconciling(), states::toString);
        assertTrue(ScriptedAcceptor.field(venue.received("H", from).get(0), 11).endsWith("_33"), () -> wireSince(from));
        List<String> since = List.copyOf(venue.wire).subList(from, venue.wire.size());
        assertTrue(since.stream().allMatch(m -> java.util.Set.of("4", "H", "0").contains(ScriptedAcceptor.field(m, 35))),
                () -> "gap fills and status queries (and heartbeats), no order or cancel again: " + wireSince(from));
        assertEquals(requests + venue.received("H", from).size(), venue.requests.get(), "the venue took no order or cancel again, only status queries");
        assertTrue(session.gapFillRounds() >= 1);

        assertEquals(published, this.published.size(), this.published::toString);
        assertTrue(tracker.read(32, state));
        assertEquals(OrderStatus.CANCELED, state.status());
        assertTrue(tracker.read(33, state));
        assertEquals(OrderStatus.ACCEPTED, state.status());
        assertEquals(50, state.quantityScaled());
        assertEquals(0, state.filledQuantityScaled());
        assertEquals(1, tracker.openOrderCount(), "no order added or lost");

        awaitSequenceNumbersInSync();
        venue.fill(venueId(33), "50", "12.10"); // the session and the open order go on
        awaitStatus(33, OrderStatus.FILLED);
        awaitReport(33, ExecType.FILLED, 50);
        assertEquals(List.of("CONNECTING", "LIVE", "SYNCING", "LIVE"), states.subList(0, 4), "SYNCING while the open order was asked");
        assertTrue(states.stream().noneMatch(st -> st.equals("DISCONNECTED")), () -> "never disconnected: " + states);
        assertEquals("LIVE", states.get(states.size() - 1));
        awaitSequenceNumbersInSync();
    }

    /**
     * What a gap fill to the end did before: the venue notices a gap when an order arrives, holds
     * the order and asks from the gap to the end; Flox's gap fill runs to its next number, so it
     * covers the order, which the venue then drops, and the order stayed PENDING_NEW here with
     * nothing at the venue (until the next logon). Now the gap fill starts a round of status
     * queries: the order is unknown at the venue, so rejected here; the other open order is kept.
     */
    @Test
    void shouldAskTheOrdersAgainWhenItsGapFillCoversAnOrderTheVenueHeldBack() throws Exception {
        submit(40, 1200, 100);
        awaitStatus(40, OrderStatus.ACCEPTED);
        awaitSequenceNumbersInSync();
        quickfix.Session v = venue.session();
        v.setNextTargetMsgSeqNum(v.getExpectedTargetNum() - 1); // the venue believes it missed Flox's last message
        submit(41, 1210, 50); // arrives one ahead: held back while the venue asks from the gap to the end
        awaitStatus(41, OrderStatus.REJECTED);
        assertEquals(null, venue.order(venueId(41)), "the venue dropped the held-back order: it never had it");
        ExecutorSessionTest.await("LIVE again once every open order was answered", () -> states.get(states.size() - 1).equals("LIVE")
                && !session.orderEntry().isReconciling(), states::toString);
        assertTrue(tracker.read(40, state));
        assertEquals(OrderStatus.ACCEPTED, state.status(), "the order the venue has is kept");
        assertEquals(1, session.gapFillRounds());
        awaitSequenceNumbersInSync();
        submit(42, 1220, 10); // and trading goes on
        awaitStatus(42, OrderStatus.ACCEPTED);
        assertEquals(List.of("CONNECTING", "LIVE", "SYNCING", "LIVE"), states, "never disconnected");
    }
}
