package flox.connector.fix.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
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
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The ExecutionReport and OrderCancelReject mapping (docs/ARCHITECTURE.md, FIX connector) on raw
 * FIX 4.4 strings, applied to the host's own tracker by the report rule: what each OrdStatus and
 * ExecType becomes, what is counted instead of applied, and that nothing is allocated per report.
 */
@Timeout(10)
class ExecutionReportDecoderTest {
    static final String EXCHANGE = "FIXVENUE";
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final int eurusd;
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final List<ExecutionEvent> published = new ArrayList<>();
    final ExecutionReports reports = new ExecutionReports(tracker, event -> {
        published.add(new ExecutionEvent().copyFrom(event));
        return published.size();
    });
    final FixClientIds ids = new FixClientIds("FLXT_");
    final ExecutionReportDecoder decoder = new ExecutionReportDecoder(EXCHANGE, registry, tracker, ids);
    final FixFields fields = new FixFields();
    final OrderRequest request = new OrderRequest();
    final OrderState state = new OrderState();

    ExecutionReportDecoderTest() throws Exception {
        // EUR/USD at 5 decimals (a pip is 0.0001), whole units
        eurusd = registry.register(SymbolInfo.builder(EXCHANGE, "EUR/USD").priceScale(5).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    /** An order as the gateway leaves it before the executor sends it: tracked and PENDING_NEW. */
    void placed(long id, Side side, long price, long quantity, TimeInForce tif) {
        request.clear().clientOrderId(id).symbolId(eurusd).strategyId(1).side(side).orderType(OrderType.LIMIT).timeInForce(tif)
                .priceScaled(price).quantityScaled(quantity);
        assertEquals(TrackerResult.APPLIED, tracker.onNew(request, 1));
        assertEquals(TrackerResult.APPLIED, tracker.onSubmitted(id, 2));
    }

    void placed(long id) {
        placed(id, Side.BUY, 107_790, 100, TimeInForce.GTC);
    }

    /** Decodes a message written with '|' for SOH (header and trailer added); the result constant. */
    int decode(String body) {
        String msg = "8=FIX.4.4|9=100|" + body + "|10=000|";
        assertTrue(fields.wrap(msg.replace('|', FixFields.SOH)), fields.problem());
        return decoder.decode(fields, 123);
    }

    /** Decodes and applies by the report rule; the event must decode. */
    TrackerResult apply(String body) {
        int r = decode(body);
        assertEquals(ExecutionReportDecoder.REPORT, r, () -> "result " + r + " " + decoder.problem());
        return reports.report(decoder.event);
    }

    OrderStatus status(long id) {
        assertTrue(tracker.read(id, state));
        return state.status();
    }

    int execs;

    /** An ExecutionReport with a new ExecID each (the tracker takes a repeated ExecID as a repeat). */
    String er(String ids, String execType, String ordStatus, String rest) {
        return "35=8|34=5|49=EXEC|56=BANZAI|52=20200324-16:45:41.792|" + ids + "|37=OID-1|17=EX-" + (++execs) + "|150=" + execType
                + "|39=" + ordStatus + "|55=EUR/USD|54=1|" + rest;
    }

    @Test
    void shouldAcceptOnOrdStatusNewWhateverTheExecType() {
        placed(1);
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "0", "0", "38=100|44=1.0779|14=0|151=100|60=20200324-16:45:40.962")));
        ExecutionEvent e = published.get(0);
        assertEquals(ExecType.ACCEPTED, e.execType());
        assertEquals(1, e.clientOrderId());
        assertEquals(eurusd, e.symbolId());
        assertEquals(100, e.leavesQuantityScaled());
        assertEquals(107_790, e.priceScaled());
        assertEquals(1585068340962000000L, e.exchangeTimestampNs(), "TransactTime, ns since the epoch");
        assertEquals(123, e.receiveTimestampNs());
        assertTrue(e.exchangeOrderId() < 0, "a non-numeric OrderID is hashed into the negatives");

        placed(2);
        // the QuickFIX/J example executor acknowledges with ExecType=F (trade) and OrdStatus=NEW, no fill
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_2", "F", "0", "14=0|151=100|6=0")));
        assertEquals(ExecType.ACCEPTED, published.get(1).execType());
        assertEquals(OrderStatus.ACCEPTED, status(2));
    }

    @Test
    void shouldTakePartialFillsAndTheFillByCumQty() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "F", "1", "32=40|31=1.07791|14=40|151=60|851=2")));
        ExecutionEvent e = published.get(1);
        assertEquals(ExecType.PARTIALLY_FILLED, e.execType());
        assertEquals(40, e.lastQuantityScaled());
        assertEquals(107_791, e.lastPriceScaled());
        assertEquals(40, e.cumulativeQuantityScaled());
        assertEquals(60, e.leavesQuantityScaled());
        assertEquals(Liquidity.TAKER, e.liquidity());
        // FIX 4.2's ExecType 2 (fill), as some venues still send it, is a trade too
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "2", "2", "32=60|31=1.0779|14=100|151=0|851=1|12=0.25|13=3|479=USD")));
        e = published.get(2);
        assertEquals(ExecType.FILLED, e.execType());
        assertEquals(0, e.leavesQuantityScaled());
        assertEquals(Liquidity.MAKER, e.liquidity());
        assertEquals(25_000_000, e.feeScaled());
        assertEquals(8, e.feeScale());
        assertEquals("USD", e.feeAsset());
        assertEquals(OrderStatus.FILLED, status(1));
    }

    @Test
    void shouldRoundAPriceFinerThanTheSymbolsScaleRatherThanDropTheFill() {
        placed(1);
        // 360T's forward fill price 1.0955647 at EUR/USD's 5 decimals: 1.09556|47 rounds half-even to 1.09556
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "F", "1", "32=10|31=1.0955647|14=10|151=90")));
        assertEquals(109_556, published.get(0).lastPriceScaled());
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "F", "1", "32=10|31=1.077915|14=20|151=80")));
        assertEquals(107_792, published.get(1).lastPriceScaled(), "a half goes to the even neighbour");
        assertEquals(2, decoder.roundedPrices());
        assertEquals(20, tracker.read(1, state) ? state.filledQuantityScaled() : -1);
    }

    @Test
    void shouldCancelTheOrderTheCancelRequestNames() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(1, 3));
        // the venue's pending-cancel ack: already what the tracker holds
        assertEquals(TrackerResult.DUPLICATE, apply(er("11=FLXT_1C1|41=FLXT_1", "6", "6", "14=0|151=100")));
        assertEquals(ExecType.PENDING_CANCEL, decoder.event.execType());
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1C1|41=FLXT_1", "4", "4", "14=0|151=0|58=canceled by user")));
        ExecutionEvent e = published.get(published.size() - 1);
        assertEquals(ExecType.CANCELED, e.execType());
        assertEquals(1, e.clientOrderId(), "ClOrdID 11 is the cancel request's; it names order 1");
        assertEquals("canceled by user", e.text().toString());
        assertEquals(OrderStatus.CANCELED, status(1));
    }

    @Test
    void shouldFillAnOrderWhoseCancelIsPendingAndEndItFilledWhenNothingLeaves() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        tracker.onCancelRequested(1, 3);
        // FIX 4.4 gives Pending Cancel precedence over Filled in OrdStatus: LeavesQty 0 tells the fill
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "F", "6", "32=100|31=1.0779|14=100|151=0")));
        assertEquals(ExecType.FILLED, published.get(1).execType());
        assertEquals(OrderStatus.FILLED, status(1));
        // the cancel's reject that follows is stale
        assertEquals(TrackerResult.STALE, apply("35=9|11=FLXT_1C1|41=FLXT_1|37=OID-1|39=2|434=1|102=0|58=too late to cancel"));
        assertEquals(ExecType.CANCEL_REJECTED, decoder.event.execType());
    }

    @Test
    void shouldReplaceOnlyOnTheVenuesReplaced() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        apply(er("11=FLXT_1", "F", "1", "32=30|31=1.0779|14=30|151=70"));
        assertEquals(TrackerResult.APPLIED, tracker.onReplaceRequested(1, 2, 107_800, 150, 3));
        assertEquals(TrackerResult.DUPLICATE, apply(er("11=FLXT_2|41=FLXT_1", "E", "E", "38=100|14=30|151=70")));
        assertEquals(ExecType.PENDING_REPLACE, decoder.event.execType());
        assertEquals(1, decoder.event.clientOrderId(), "the pending replace is the original's");
        // a fill before the replace is done, reported under the new id: it belongs to the original
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_2|41=FLXT_1", "F", "E", "32=10|31=1.0779|14=40|151=60")));
        assertEquals(1, decoder.event.clientOrderId());
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_2|41=FLXT_1", "5", "1", "38=150|44=1.078|14=40|151=110")));
        ExecutionEvent e = published.get(published.size() - 1);
        assertEquals(ExecType.REPLACED, e.execType());
        assertEquals(2, e.clientOrderId());
        assertEquals(1, e.origClientOrderId());
        assertEquals(150, e.quantityScaled());
        assertEquals(OrderStatus.REPLACED, status(1));
        assertEquals(OrderStatus.PARTIALLY_FILLED, status(2));
        assertEquals(40, state.filledQuantityScaled());
        assertEquals(107_800, state.priceScaled());
    }

    @Test
    void shouldRejectAReplaceOnOrderCancelRejectAndResumeTheOriginal() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        tracker.onReplaceRequested(1, 2, 107_800, 150, 3);
        assertEquals(TrackerResult.APPLIED, apply("35=9|11=FLXT_2|41=FLXT_1|37=OID-1|39=0|434=2|102=2|58=[price deviates]"));
        ExecutionEvent e = published.get(published.size() - 1);
        assertEquals(ExecType.REPLACE_REJECTED, e.execType());
        assertEquals(2, e.clientOrderId());
        assertEquals(1, e.origClientOrderId());
        assertEquals(RejectReason.VENUE_REJECT, e.reason());
        assertEquals("[price deviates]", e.text().toString());
        assertEquals(eurusd, e.symbolId(), "an OrderCancelReject names no symbol: the tracker's");
        assertEquals(Side.BUY, e.side());
        assertEquals(OrderStatus.ACCEPTED, status(1));
        assertEquals(OrderStatus.REJECTED, status(2));
    }

    @Test
    void shouldRejectACancelOnOrderCancelRejectWithTheVenuesReason() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        tracker.onCancelRequested(1, 3);
        assertEquals(TrackerResult.APPLIED, apply("35=9|11=FLXT_1C4|41=FLXT_1|37=OID-1|39=0|434=1|102=1"));
        assertEquals(ExecType.CANCEL_REJECTED, decoder.event.execType());
        assertEquals(1, decoder.event.clientOrderId());
        assertEquals(RejectReason.UNKNOWN_ORDER, decoder.event.reason());
        assertEquals(OrderStatus.ACCEPTED, status(1));
    }

    @Test
    void shouldRejectWithTheOrdRejReasonAndText() {
        placed(1);
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "8", "8", "14=0|151=0|103=6|58=duplicate order")));
        ExecutionEvent e = published.get(0);
        assertEquals(ExecType.REJECTED, e.execType());
        assertEquals(RejectReason.DUPLICATE_ORDER_ID, e.reason());
        assertEquals("duplicate order", e.text().toString());
        assertEquals(OrderStatus.REJECTED, status(1));
        placed(2);
        apply(er("11=FLXT_2", "8", "8", "14=0|151=0|103=99"));
        assertEquals(RejectReason.VENUE_REJECT, decoder.event.reason(), "a reason without a Flox equivalent keeps the venue's text");
    }

    @Test
    void shouldExpireOnExpiredAndOnDoneForDayOfADayOrderOnly() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "C", "C", "14=0|151=0")));
        assertEquals(ExecType.EXPIRED, decoder.event.execType());
        placed(2);
        apply(er("11=FLXT_2", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_2", "3", "3", "59=0|14=0|151=0")));
        assertEquals(ExecType.EXPIRED, decoder.event.execType());
        assertEquals(OrderStatus.EXPIRED, status(2));
        placed(3);
        apply(er("11=FLXT_3", "0", "0", "14=0|151=100"));
        assertEquals(ExecutionReportDecoder.NO_CHANGE, decode(er("11=FLXT_3", "3", "3", "59=1|14=0|151=100")),
                "a GTC order is live again at the next session");
        assertEquals(OrderStatus.ACCEPTED, status(3));
    }

    /** The RESTATED row of the table (150=D or I), every OrdStatus: the venue's status, or live by CumQty for what Flox does not model. */
    @Test
    void shouldRestateToTheVenueStatusEveryOrdStatusNames() {
        placed(1);
        String[][] rows = {{"0", "ACCEPTED"}, {"1", "PARTIALLY_FILLED"}, {"2", "FILLED"}, {"4", "CANCELED"}, {"5", "REPLACED"},
                {"6", "PENDING_CANCEL"}, {"8", "REJECTED"}, {"C", "EXPIRED"}, {"E", "PENDING_REPLACE"}, {"7", "PARTIALLY_FILLED"},
                {"9", "PARTIALLY_FILLED"}, {"B", "PARTIALLY_FILLED"}, {"D", "PARTIALLY_FILLED"}};
        for (String execType : new String[] {"D", "I"}) {
            for (String[] row : rows) {
                assertEquals(ExecutionReportDecoder.REPORT, decode(er("11=FLXT_1", execType, row[0], "59=0|14=30|151=70")), "39=" + row[0]);
                assertEquals(ExecType.RESTATED, decoder.event.execType());
                assertEquals(OrderStatus.valueOf(row[1]), decoder.event.venueStatus(), "150=" + execType + " 39=" + row[0]);
            }
        }
        decode(er("11=FLXT_1", "D", "7", "59=0|14=0|151=100"));
        assertEquals(OrderStatus.ACCEPTED, decoder.event.venueStatus(), "stopped, nothing filled: live as accepted");
        decode(er("11=FLXT_1", "D", "3", "59=0|14=0|151=100"));
        assertEquals(OrderStatus.EXPIRED, decoder.event.venueStatus(), "a day order done for the day");
        decode(er("11=FLXT_1", "D", "3", "59=1|14=30|151=70"));
        assertEquals(OrderStatus.PARTIALLY_FILLED, decoder.event.venueStatus(), "a GTC order done for the day: live by CumQty");
        assertEquals(ExecutionReportDecoder.NO_CHANGE, decode(er("11=FLXT_1", "D", "A", "14=0|151=100")), "pending new restates nothing");
    }

    @Test
    void shouldChangeNothingOnTheStatusesFloxDoesNotModel() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        for (String status : new String[] {"7", "9", "B", "D", "A"}) {
            assertEquals(ExecutionReportDecoder.NO_CHANGE, decode(er("11=FLXT_1", "0", status, "14=0|151=100")), "39=" + status);
        }
        assertEquals(OrderStatus.ACCEPTED, status(1));
    }

    @Test
    void shouldTakePossResendAsPossDup() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.DUPLICATE, apply(er("97=Y|11=FLXT_1", "0", "0", "14=0|151=100")));
        assertTrue(decoder.isPossDup(), "PossResend (97) as PossDupFlag (43)");
        decode(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertFalse(decoder.isPossDup());
    }

    @Test
    void shouldMapEveryListedOrdRejReason() {
        assertEquals(RejectReason.UNKNOWN_SYMBOL, ExecutionReportDecoder.orderRejectReason(1));
        assertEquals(RejectReason.VENUE_UNAVAILABLE, ExecutionReportDecoder.orderRejectReason(2));
        assertEquals(RejectReason.UNKNOWN_ORDER, ExecutionReportDecoder.orderRejectReason(5));
        assertEquals(RejectReason.DUPLICATE_ORDER_ID, ExecutionReportDecoder.orderRejectReason(6));
        assertEquals(RejectReason.DUPLICATE_ORDER_ID, ExecutionReportDecoder.orderRejectReason(7));
        assertEquals(RejectReason.INVALID_QUANTITY, ExecutionReportDecoder.orderRejectReason(13));
        assertEquals(RejectReason.INVALID_PRICE, ExecutionReportDecoder.orderRejectReason(18));
        assertEquals(RejectReason.VENUE_REJECT, ExecutionReportDecoder.orderRejectReason(99));
        assertEquals(RejectReason.VENUE_REJECT, ExecutionReportDecoder.orderRejectReason(-1), "absent");
    }

    @Test
    void shouldEndTheOrderAfterAFillWhoseOrdStatusSaysItsRestIsGone() {
        placed(1, Side.BUY, 107_790, 100, TimeInForce.IOC);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "F", "4", "32=40|31=1.0779|14=40|151=0")));
        assertEquals(ExecType.PARTIALLY_FILLED, decoder.event.execType());
        assertTrue(decoder.hasEnding(), "canceled (4) with a fill");
        assertEquals(ExecType.CANCELED, decoder.ending.execType());
        assertEquals(0, decoder.ending.execId(), "the report's ExecID is the fill's");
        assertEquals(TrackerResult.APPLIED, reports.report(decoder.ending));
        assertEquals(OrderStatus.CANCELED, status(1));
        assertEquals(40, state.filledQuantityScaled());

        placed(2, Side.BUY, 107_790, 100, TimeInForce.GTC);
        apply(er("11=FLXT_2", "0", "0", "14=0|151=100"));
        apply(er("11=FLXT_2", "F", "C", "32=10|31=1.0779|14=10|151=0"));
        assertEquals(ExecType.EXPIRED, decoder.hasEnding() ? decoder.ending.execType() : null, "expired (C) with a fill");
        reports.report(decoder.ending);
        assertEquals(OrderStatus.EXPIRED, status(2));

        placed(3, Side.BUY, 107_790, 100, TimeInForce.GTC);
        apply(er("11=FLXT_3", "0", "0", "14=0|151=100"));
        apply(er("11=FLXT_3", "F", "3", "59=0|32=10|31=1.0779|14=10|151=0"));
        assertEquals(ExecType.EXPIRED, decoder.hasEnding() ? decoder.ending.execType() : null, "a day order done for the day with a fill");
        apply(er("11=FLXT_3", "F", "3", "59=1|32=10|31=1.0779|14=20|151=80"));
        assertFalse(decoder.hasEnding(), "a GTC order done for the day is live again at the next session");
        apply(er("11=FLXT_3", "F", "1", "32=10|31=1.0779|14=30|151=70"));
        assertFalse(decoder.hasEnding(), "a plain partial fill");
    }

    @Test
    void shouldApplyRestatementsAndStatusReportsAsCorrections() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "D", "1", "14=30|151=70|6=1.0779")));
        ExecutionEvent e = published.get(1);
        assertEquals(ExecType.RESTATED, e.execType());
        assertEquals(OrderStatus.PARTIALLY_FILLED, e.venueStatus());
        assertEquals(30, e.cumulativeQuantityScaled());
        assertEquals(OrderStatus.PARTIALLY_FILLED, status(1));
        assertEquals(TrackerResult.DUPLICATE, apply(er("11=FLXT_1", "I", "1", "14=30|151=70")), "an order status report that changes nothing");
        assertEquals(TrackerResult.APPLIED, apply(er("11=FLXT_1", "I", "4", "14=30|151=0")), "an end the tracker missed");
        assertEquals(OrderStatus.CANCELED, status(1));
        assertEquals(2, tracker.correctionCount(), "each applied restatement counts as a correction");
    }

    @Test
    void shouldCountWhatItCannotRepresentOrDoesNotChangeWithoutApplyingIt() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        apply(er("11=FLXT_1", "F", "2", "32=100|31=1.0779|14=100|151=0"));
        assertEquals(ExecutionReportDecoder.NOT_REPRESENTABLE, decode(er("11=FLXT_1", "G", "2", "32=100|31=1.0778|14=100|151=0|19=EX-2")));
        assertEquals(ExecutionReportDecoder.NOT_REPRESENTABLE, decode(er("11=FLXT_1", "H", "0", "32=0|14=0|151=100|19=EX-2")));
        placed(2);
        assertEquals(ExecutionReportDecoder.NO_CHANGE, decode(er("11=FLXT_2", "A", "A", "14=0|151=100")), "pending new: PENDING_NEW already");
        assertEquals(ExecutionReportDecoder.NO_CHANGE, decode(er("11=FLXT_2", "9", "9", "14=0|151=100")), "suspended");
        assertEquals(OrderStatus.FILLED, status(1));
        assertEquals(OrderStatus.PENDING_NEW, status(2));
    }

    @Test
    void shouldLeaveOtherRunsAndProgramsOrdersAlone() {
        assertEquals(ExecutionReportDecoder.NOT_OURS, decode(er("11=FLXS_1", "0", "0", "14=0|151=100")), "an earlier run's prefix");
        assertEquals(ExecutionReportDecoder.NOT_OURS, decode(er("11=FIXTESTA05", "0", "0", "14=0|151=100")));
        assertEquals(ExecutionReportDecoder.NOT_OURS, decode("35=8|37=39609648|17=39609648|150=F|39=2|55=EUR/USD|54=1|14=0|151=0"),
                "an order entered outside FIX has no ClOrdID");
        assertEquals(ExecutionReportDecoder.UNKNOWN_SYMBOL, decode(er("11=FLXT_9", "0", "0", "14=0|151=100").replace("EUR/USD", "GBP/USD")));
        assertEquals(ExecutionReportDecoder.UNKNOWN_ORDER, decode("35=9|11=FLXT_9C1|41=FLXT_9|39=0|434=1"));
        assertEquals(ExecutionReportDecoder.OTHER_MESSAGE, decode("35=0"));
    }

    @Test
    void shouldSayWhichFieldIsMissingOrUnreadable() {
        placed(1);
        assertEquals(ExecutionReportDecoder.MALFORMED, decode("35=8|11=FLXT_1|150=0|55=EUR/USD|54=1|14=0"));
        assertTrue(decoder.problem().contains("OrdStatus (39)"), decoder.problem());
        assertEquals(ExecutionReportDecoder.MALFORMED, decode(er("11=FLXT_1", "0", "0", "151=100")));
        assertTrue(decoder.problem().contains("CumQty (14)"), decoder.problem());
        assertEquals(ExecutionReportDecoder.MALFORMED, decode(er("11=FLXT_1", "F", "1", "32=10|31=1,0779|14=10")));
        assertTrue(decoder.problem().contains("tag 31"), decoder.problem());
        assertEquals(ExecutionReportDecoder.MALFORMED, decode(er("11=FLXT_1", "0", "Z", "14=0")));
        assertEquals(ExecutionReportDecoder.MALFORMED, decode("35=9|11=FLXT_1C1|41=FLXT_1|39=0"));
        assertNotNull(decoder.problem());
        assertEquals(OrderStatus.PENDING_NEW, status(1), "nothing applied");
    }

    @Test
    void shouldApplyAPossDupResendOnceAndNotPublishItAgain() {
        placed(1);
        apply(er("11=FLXT_1", "0", "0", "14=0|151=100"));
        String fill = er("11=FLXT_1", "F", "1", "32=40|31=1.0779|14=40|151=60");
        assertEquals(TrackerResult.APPLIED, apply(fill));
        assertFalse(decoder.isPossDup());
        assertEquals(TrackerResult.DUPLICATE, apply(fill.replace("|34=5|", "|34=5|43=Y|122=20200324-16:45:41.792|")));
        assertTrue(decoder.isPossDup());
        assertEquals(2, published.size(), "the resend is not published again");
        assertEquals(1, reports.ignored());
    }

    @Test
    void shouldDecodeWithoutAllocating() throws Exception {
        placed(1);
        String fill = ("8=FIX.4.4|9=100|" + er("11=FLXT_1", "F", "1", "32=40|31=1.0779|14=40|151=60|851=2|12=0.25|13=3|479=USD") + "|10=000|")
                .replace('|', FixFields.SOH);
        String reject = "8=FIX.4.4|9=100|35=9|11=FLXT_1C4|41=FLXT_1|37=OID-1|39=0|434=1|102=1|58=too late|10=000|".replace('|', FixFields.SOH);
        decoder.decode(fieldsOf(fill), 1); // the commission currency's first sighting is kept
        long bytes = Allocation.leastPerRound(() -> {
            for (int i = 0; i < 1000; i++) {
                fields.wrap(fill);
                if (decoder.decode(fields, i) != ExecutionReportDecoder.REPORT) throw new AssertionError(decoder.problem());
                fields.wrap(reject);
                if (decoder.decode(fields, i) != ExecutionReportDecoder.REPORT) throw new AssertionError(decoder.problem());
            }
        }, 20, 1);
        assertEquals(0, bytes);
    }

    FixFields fieldsOf(String msg) {
        assertTrue(fields.wrap(msg));
        return fields;
    }
}
