package flox.connector.fix.internal.orders;

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
import flox.connector.fix.internal.Allocation;
import flox.connector.fix.internal.wire.FixFields;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import quickfix.Message;

/**
 * The order entry against the host's own tracker and the report rule, with a session stand-in
 * that numbers each message as QuickFIX/J does (header 34, then {@code toApp}) and keeps its
 * wire text: what each request restates, what a refusal becomes, and that a Reject or
 * BusinessMessageReject naming a request by RefSeqNum refuses that request.
 */
@Timeout(20)
class FixOrderEntryTest {
    static final String EXCHANGE = "FIXVENUE";
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final int eurusd;
    final int other;
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final List<ExecutionEvent> published = new ArrayList<>();
    final ExecutionReports reports = new ExecutionReports(tracker, event -> {
        published.add(new ExecutionEvent().copyFrom(event));
        return published.size();
    });
    final FixClientIds ids = new FixClientIds("FLXT_");
    final List<String> wire = new ArrayList<>();
    boolean loggedOn = true;
    boolean writes = true;
    int nextSeq = 2;
    final FixOrderEntry entry;
    final OrderRequest request = new OrderRequest();
    final OrderState state = new OrderState();
    final FixFields fields = new FixFields();

    FixOrderEntryTest() throws Exception {
        eurusd = registry.register(SymbolInfo.builder(EXCHANGE, "EUR/USD").priceScale(5).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
        other = registry.register(SymbolInfo.builder("ELSEWHERE", "EUR/USD").priceScale(5).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
        FixOrderEntry.Outbound session = new FixOrderEntry.Outbound() {
            @Override
            public boolean isLoggedOn() {
                return loggedOn;
            }

            @Override
            public boolean send(Message m) {
                m.getHeader().setInt(34, nextSeq++); // as Session.sendRaw: numbered, then toApp, then stored and written
                m.getHeader().setString(49, "BANZAI");
                m.getHeader().setString(56, "EXEC");
                assertTrue(entry.onToApp(m), "the message in flight is the order entry's");
                if (!writes) return false;
                wire.add(m.toString());
                return true;
            }
        };
        entry = new FixOrderEntry(EXCHANGE, registry, tracker, reports, ids, session,
                Clock.fixed(Instant.parse("2026-12-06T14:00:00.123Z"), ZoneOffset.UTC), 1 << 16);
    }

    /** As the gateway: tracked, PENDING_NEW, then handed to the executor. */
    RejectReason submit(long id, OrderType type, TimeInForce tif, long price, long quantity, long stop) {
        request.clear().clientOrderId(id).symbolId(eurusd).strategyId(1).side(Side.SELL).orderType(type).timeInForce(tif).priceScaled(price)
                .quantityScaled(quantity).stopPriceScaled(stop);
        tracker.onNew(request, 1);
        tracker.onSubmitted(id, 2);
        return entry.submit(request);
    }

    RejectReason submit(long id) {
        return submit(id, OrderType.LIMIT, TimeInForce.GTC, 107_790, 100, 0);
    }

    /** The fields of the last message written. */
    FixFields sent() {
        String m = wire.get(wire.size() - 1);
        assertTrue(fields.wrap(m));
        return fields;
    }

    String value(int tag) {
        int i = fields.find(tag);
        return i < 0 ? null : fields.text().subSequence(fields.startAt(i), fields.endAt(i)).toString();
    }

    /** A message from the counterparty, '|' for SOH. */
    int receive(String body) {
        String m = ("8=FIX.4.4|9=99|" + body + "|10=000|").replace('|', FixFields.SOH);
        assertTrue(fields.wrap(m));
        return entry.onMessage(fields, 7);
    }

    OrderStatus status(long id) {
        assertTrue(tracker.read(id, state));
        return state.status();
    }

    @Test
    void shouldOnlyEnqueueOnTheCallersThreadAndSendOnTheSendingThread() {
        assertEquals(RejectReason.NONE, submit(1));
        assertTrue(wire.isEmpty(), "nothing is sent by submit");
        assertEquals(1, entry.doWork(10));
        sent();
        assertEquals("D", value(35));
        assertEquals("FLXT_1", value(11));
        assertEquals("EUR/USD", value(55));
        assertEquals("2", value(54));
        assertEquals("2", value(40));
        assertEquals("1.07790", value(44));
        assertEquals("100", value(38));
        assertEquals("1", value(59));
        assertEquals("20261206-14:00:00.123", value(60));
        assertEquals(null, value(99));
        assertEquals(null, value(18));
        assertEquals(1, entry.sentRequests());
    }

    @Test
    void shouldRefuseAnOrderItCouldNotBuildRatherThanLeaveItPending() {
        // a stop price no FIX field can carry (FixedPoint.INVALID): building the message throws on the sending thread,
        // before the session sees it
        assertEquals(RejectReason.NONE, submit(1, OrderType.STOP_LIMIT, TimeInForce.GTC, 107_790, 100, Long.MIN_VALUE));
        assertEquals(1, entry.doWork(10));
        assertTrue(wire.isEmpty(), "nothing sent");
        assertEquals(OrderStatus.REJECTED, status(1), "refused by the report rule, not left PENDING_NEW");
        assertEquals(RejectReason.NONE, submit(2));
        assertEquals(1, entry.doWork(10));
        sent();
        assertEquals("D", value(35), "the sender goes on");
    }

    @Test
    void shouldHoldNewOrdersFromTheSessionsStartUntilItsLogonWasHandled() {
        entry.awaitLogon(); // a session starting: QuickFIX/J may say logged on before it calls onLogon
        assertEquals(RejectReason.NONE, submit(1));
        assertEquals(1, entry.doWork(10));
        assertTrue(wire.isEmpty(), "nothing sent before the logon was handled: " + wire);
        assertEquals(OrderStatus.REJECTED, status(1));
        assertEquals(0, entry.reconcile(() -> { }, 0), "nothing open to ask about");
        assertEquals(RejectReason.NONE, submit(2));
        assertEquals(1, entry.doWork(10));
        sent();
        assertEquals("D", value(35), "once handled, orders go");
    }

    @Test
    void shouldWakeAParkedSendingThreadWhenAnOrderIsQueued() throws Exception {
        java.util.concurrent.CountDownLatch parking = new java.util.concurrent.CountDownLatch(1);
        long[] parkedNs = new long[1];
        Thread sender = new Thread(() -> {
            parking.countDown();
            long t0 = System.nanoTime();
            entry.parkUntilWork(60_000_000_000L); // a minute: only the caller's unpark ends it within the test's bound
            parkedNs[0] = System.nanoTime() - t0;
        }, "test-sender");
        sender.start();
        parking.await();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (sender.getState() != Thread.State.TIMED_WAITING && System.nanoTime() - deadline < 0) Thread.onSpinWait();
        assertEquals(Thread.State.TIMED_WAITING, sender.getState(), "parked before the order comes");
        assertEquals(RejectReason.NONE, submit(1));
        sender.join(10_000);
        assertFalse(sender.isAlive(), "the queued order woke the parked sending thread");
        assertTrue(parkedNs[0] < 10_000_000_000L, parkedNs[0] + " ns");
        assertEquals(1, entry.doWork(10));
        sent();
        assertEquals("D", value(35));
    }

    @Test
    void shouldSendEachOrderTypeAndTimeInForceAsFixSpellsThem() {
        submit(1, OrderType.MARKET, TimeInForce.IOC, 0, 5, 0);
        submit(2, OrderType.STOP_LIMIT, TimeInForce.FOK, 107_700, 5, 107_750);
        submit(3, OrderType.LIMIT, TimeInForce.POST_ONLY, 107_700, 5, 0);
        submit(4, OrderType.STOP, TimeInForce.GTC, 0, 5, 107_600);
        entry.doWork(10);
        assertEquals(4, wire.size());
        assertTrue(fields.wrap(wire.get(0)));
        assertEquals("1", value(40));
        assertEquals(null, value(44), "a market order has no price");
        assertEquals("3", value(59));
        assertTrue(fields.wrap(wire.get(1)));
        assertEquals("4", value(40));
        assertEquals("1.07700", value(44));
        assertEquals("1.07750", value(99));
        assertEquals("4", value(59));
        assertTrue(fields.wrap(wire.get(2)));
        assertEquals("6", value(18), "post-only: ExecInst participate don't initiate");
        assertEquals("1", value(59));
        assertTrue(fields.wrap(wire.get(3)));
        assertEquals("3", value(40));
        assertEquals("1.07600", value(99));
        assertEquals(RejectReason.OTHER, entry.submit(request.clientOrderId(5).orderType(OrderType.MARKET).timeInForce(TimeInForce.POST_ONLY)));
        assertEquals(RejectReason.UNKNOWN_SYMBOL, entry.submit(request.clientOrderId(6).symbolId(other).orderType(OrderType.LIMIT)));
    }

    @Test
    void shouldCancelWithItsOwnClOrdIdRestatingTheOrderFromTheTracker() {
        submit(1);
        entry.doWork(10);
        receive("35=8|11=FLXT_1|37=A|17=E1|150=0|39=0|55=EUR/USD|54=2|14=0|151=100");
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(1, 3));
        assertEquals(RejectReason.NONE, entry.cancel(eurusd, 1));
        entry.doWork(10);
        sent();
        assertEquals("F", value(35));
        assertEquals("FLXT_1C1", value(11));
        assertEquals("FLXT_1", value(41));
        assertEquals("2", value(54), "the side from the tracker");
        assertEquals("EUR/USD", value(55));
        assertEquals("100", value(38));
        tracker.onCancelRequested(1, 4); // a second cancel of the day gets its own id
        entry.cancel(eurusd, 1);
        entry.doWork(10);
        sent();
        assertEquals("FLXT_1C2", value(11));
    }

    @Test
    void shouldReplaceRestatingTypeTimeInForceAndStopPriceFromTheTracker() {
        submit(1, OrderType.STOP_LIMIT, TimeInForce.IOC, 107_700, 100, 107_750);
        entry.doWork(10);
        receive("35=8|11=FLXT_1|37=A|17=E1|150=0|39=0|55=EUR/USD|54=2|14=0|151=100");
        assertEquals(TrackerResult.APPLIED, tracker.onReplaceRequested(1, 2, 107_710, 150, 3));
        assertEquals(RejectReason.NONE, entry.replace(eurusd, 1, 2, 107_710, 150));
        entry.doWork(10);
        sent();
        assertEquals("G", value(35));
        assertEquals("FLXT_2", value(11));
        assertEquals("FLXT_1", value(41));
        assertEquals("2", value(54));
        assertEquals("4", value(40));
        assertEquals("3", value(59));
        assertEquals("1.07750", value(99), "the stop price is restated");
        assertEquals("1.07710", value(44));
        assertEquals("150", value(38), "the new total quantity");
    }

    @Test
    void shouldRefuseWhatItCannotSendAsTheOrdersReport() {
        loggedOn = false;
        submit(1);
        entry.doWork(10);
        assertTrue(wire.isEmpty());
        assertEquals(ExecType.REJECTED, published.get(0).execType());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, published.get(0).reason());
        assertEquals(OrderStatus.REJECTED, status(1));

        loggedOn = true;
        submit(2);
        entry.doWork(10);
        receive("35=8|11=FLXT_2|37=A|17=E1|150=0|39=0|55=EUR/USD|54=2|14=0|151=100");
        loggedOn = false;
        tracker.onCancelRequested(2, 3);
        entry.cancel(eurusd, 2);
        entry.doWork(10);
        assertEquals(ExecType.CANCEL_REJECTED, published.get(published.size() - 1).execType());
        assertEquals(OrderStatus.ACCEPTED, status(2), "the order goes on");

        loggedOn = true;
        writes = false; // logged out between the check and the write: stored, not written, refused all the same
        tracker.onReplaceRequested(2, 3, 107_800, 100, 4);
        entry.replace(eurusd, 2, 3, 107_800, 100);
        entry.doWork(10);
        ExecutionEvent e = published.get(published.size() - 1);
        assertEquals(ExecType.REPLACE_REJECTED, e.execType());
        assertEquals(3, e.clientOrderId());
        assertEquals(2, e.origClientOrderId());
        assertEquals(OrderStatus.ACCEPTED, status(2));
        assertEquals(OrderStatus.REJECTED, status(3));
        assertEquals(3, entry.refusedUnsent());
    }

    @Test
    void shouldTurnASessionRejectOfARequestIntoThatOrdersRefusal() {
        submit(1); // MsgSeqNum 2
        entry.doWork(10);
        // the QuickFIX/J executor refuses an OrdType it does not take with a session-level Reject
        assertEquals(ExecutionReportDecoder.REPORT, receive("35=3|34=2|45=2|371=40|372=D|373=5|58=Value is incorrect (out of range) for this tag"));
        ExecutionEvent e = published.get(0);
        assertEquals(ExecType.REJECTED, e.execType());
        assertEquals(1, e.clientOrderId());
        assertEquals(RejectReason.VENUE_REJECT, e.reason());
        assertEquals("Value is incorrect (out of range) for this tag", e.text().toString());
        assertEquals(OrderStatus.REJECTED, status(1));

        submit(2); // 3
        entry.doWork(10);
        receive("35=8|11=FLXT_2|37=A|17=E1|150=0|39=0|55=EUR/USD|54=2|14=0|151=100");
        tracker.onCancelRequested(2, 3);
        entry.cancel(eurusd, 2); // 4
        tracker.onReplaceRequested(2, 3, 107_800, 100, 4); // refused by the tracker: a cancel is pending
        submit(4); // 5
        entry.doWork(10);
        receive("35=j|34=3|45=4|372=F|380=4|58=not now");
        assertEquals(ExecType.CANCEL_REJECTED, published.get(published.size() - 1).execType());
        assertEquals(RejectReason.VENUE_UNAVAILABLE, published.get(published.size() - 1).reason());
        assertEquals(OrderStatus.ACCEPTED, status(2));

        assertEquals(TrackerResult.APPLIED, tracker.onReplaceRequested(2, 5, 107_800, 100, 5));
        entry.replace(eurusd, 2, 5, 107_800, 100); // 6
        entry.doWork(10);
        receive("35=3|34=4|45=6|371=44|372=G|373=5");
        assertEquals(ExecType.REPLACE_REJECTED, published.get(published.size() - 1).execType());
        assertEquals(OrderStatus.REJECTED, status(5));
        assertEquals(OrderStatus.ACCEPTED, status(2));

        // a BusinessMessageReject without RefSeqNum, by BusinessRejectRefID
        receive("35=j|34=5|372=D|379=FLXT_4|380=2|58=unknown security");
        assertEquals(ExecType.REJECTED, published.get(published.size() - 1).execType());
        assertEquals(RejectReason.UNKNOWN_SYMBOL, published.get(published.size() - 1).reason());
        assertEquals(OrderStatus.REJECTED, status(4));

        assertEquals(FixOrderEntry.UNMATCHED_REJECT, receive("35=3|34=6|45=999|58=heartbeat garbled"), "a reject of no request of ours");
        assertEquals(1, entry.unmatchedRejects());
    }

    @Test
    void shouldNotTakeAResendOfAnEarlierRequestForTheOneInFlight() {
        quickfix.fix44.NewOrderSingle resent = new quickfix.fix44.NewOrderSingle();
        resent.getHeader().setInt(34, 2);
        assertFalse(entry.onToApp(resent), "the session layer gap-fills it instead of sending a stale order again");
    }

    @Test
    void shouldApplyReportsAndCountWhatItDoesNotApply() {
        submit(1);
        entry.doWork(10);
        receive("35=8|11=FLXT_1|37=A|17=E1|150=F|39=0|55=EUR/USD|54=2|14=0|151=100");
        receive("35=8|11=FLXT_1|37=A|17=E2|150=F|39=2|55=EUR/USD|54=2|32=100|31=1.0779|14=100|151=0");
        assertEquals(OrderStatus.FILLED, status(1));
        receive("35=8|43=Y|11=FLXT_1|37=A|17=E2|150=F|39=2|55=EUR/USD|54=2|32=100|31=1.0779|14=100|151=0");
        receive("35=8|11=FLXT_1|37=A|17=E3|150=H|39=0|55=EUR/USD|54=2|14=0|151=100");
        receive("35=8|11=OTHER_1|37=B|17=E4|150=0|39=0|55=EUR/USD|54=2|14=0|151=100");
        receive("35=8|11=FLXT_1|37=A|17=E5|150=F|55=EUR/USD|54=2|14=0|151=100");
        assertEquals(2, published.size(), "the resend, the trade cancel, a foreign and a malformed report publish nothing");
        assertEquals(1, entry.possDups());
        assertEquals(1, entry.notRepresentable());
        assertEquals(1, entry.notOurs());
        assertEquals(1, entry.malformed());
    }

    /** An IOC's fill and its canceled rest in one report (LastQty > 0, OrdStatus 4): filled part kept, order ended. */
    @Test
    void shouldEndAnOrderWhoseFillReportSaysTheRestWasCanceled() {
        submit(1, OrderType.LIMIT, TimeInForce.IOC, 107_790, 100, 0);
        entry.doWork(10);
        receive("35=8|11=FLXT_1|37=A|17=E1|150=0|39=0|55=EUR/USD|54=2|14=0|151=100");
        receive("35=8|11=FLXT_1|37=A|17=E2|150=F|39=4|55=EUR/USD|54=2|32=40|31=1.0779|14=40|151=0|58=IOC rest canceled");
        assertEquals(OrderStatus.CANCELED, status(1), "not left open as partially filled");
        assertEquals(40, state.filledQuantityScaled());
        assertEquals(3, published.size(), "accepted, the fill, the cancel");
        assertEquals(ExecType.PARTIALLY_FILLED, published.get(1).execType());
        assertEquals(40, published.get(1).lastQuantityScaled());
        assertEquals(ExecType.CANCELED, published.get(2).execType());
        assertEquals(40, published.get(2).cumulativeQuantityScaled());
        assertEquals("IOC rest canceled", published.get(2).text().toString());
        // the same report resent: nothing applied or published again
        receive("35=8|43=Y|11=FLXT_1|37=A|17=E2|150=F|39=4|55=EUR/USD|54=2|32=40|31=1.0779|14=40|151=0|58=IOC rest canceled");
        assertEquals(3, published.size());
        assertEquals(40, tracker.read(1, state) ? state.filledQuantityScaled() : -1);
    }

    @Test
    void shouldPushBackWhenTheQueueIsFull() {
        int accepted = 0;
        while (submit(1000 + accepted) == RejectReason.NONE) accepted++;
        assertTrue(accepted > 10, "a 64 KiB ring holds many orders: " + accepted);
        assertEquals(RejectReason.BACK_PRESSURED, entry.cancel(eurusd, 1000));
        assertEquals(accepted, entry.doWork(Integer.MAX_VALUE));
        assertEquals(RejectReason.NONE, entry.cancel(eurusd, 1000));
    }

    @Test
    void shouldEnqueueWithoutAllocating() throws Exception {
        request.clear().clientOrderId(1).symbolId(eurusd).strategyId(1).side(Side.BUY).orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC)
                .priceScaled(107_790).quantityScaled(1);
        loggedOn = false; // drained between rounds without sending: the sending side is QuickFIX/J's message, measured apart
        long bytes = Allocation.leastPerRound(() -> {
            while (entry.doWork(Integer.MAX_VALUE) > 0) { /* empty the ring */ }
        }, () -> {
            for (int i = 0; i < 300; i++) {
                if (entry.submit(request) != RejectReason.NONE || entry.cancel(eurusd, 1) != RejectReason.NONE
                        || entry.replace(eurusd, 1, 2, 107_800, 2) != RejectReason.NONE) {
                    throw new AssertionError("the ring is big enough for the round");
                }
            }
        }, 10, 1);
        assertEquals(0, bytes);
    }
}
