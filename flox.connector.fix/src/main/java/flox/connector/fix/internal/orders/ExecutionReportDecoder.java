package flox.connector.fix.internal.orders;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.connector.fix.internal.wire.CharSlice;
import flox.connector.fix.internal.wire.FixFields;
import flox.connector.fix.internal.wire.UtcTimestamps;
import flox.connector.fix.internal.wire.VenueIds;
import java.math.RoundingMode;

/**
 * A FIX 4.4 ExecutionReport (35=8) or OrderCancelReject (35=9), read from its fields
 * ({@link FixFields} over the received text), into an {@link ExecutionEvent} by the table in
 * docs/ARCHITECTURE.md (FIX connector): OrdStatus (39) and CumQty (14) are the truth, ExecType
 * (150) tells a trade, a replace, a restatement and a trade correction apart. The caller applies
 * the event by the report rule ({@code ExecutionReports}: tracker first, published if applied).
 * Symbol and side of this run's orders come from the tracker (the venue's symbol string is used
 * only for an order the tracker does not hold); prices with more decimals than the symbol's scale
 * are rounded half-even and counted, never refused.
 *
 * <p>One thread (the session's receiving thread). No allocation per message but a commission
 * currency's first sighting (kept) and the {@link #problem()} text of a malformed message.
 */
public final class ExecutionReportDecoder {
    /** {@link #decode}: {@link #event} holds the report to apply. */
    public static final int REPORT = 1;
    /** ClOrdID without this run's prefix (an earlier run, another program): counted, not applied. */
    public static final int NOT_OURS = 2;
    /** An order the tracker does not hold, on a symbol not registered under the exchange. */
    public static final int UNKNOWN_SYMBOL = 3;
    /** A report that changes nothing Flox tracks (pending new, stopped, suspended, a GTC order done for the day), counted. */
    public static final int NO_CHANGE = 4;
    /** Trade correct or cancel (150=G/H): Flox cannot take a fill back; counted and logged, not applied. */
    public static final int NOT_REPRESENTABLE = 5;
    /** A required field missing or not readable: {@link #problem()} says which. */
    public static final int MALFORMED = 6;
    /** An OrderCancelReject of an order the tracker does not hold (its symbol and side are unknown). */
    public static final int UNKNOWN_ORDER = 7;
    /** Not an ExecutionReport or OrderCancelReject. */
    public static final int OTHER_MESSAGE = 8;

    static final int ACCOUNT = 1, AVG_PX = 6, CL_ORD_ID = 11, COMMISSION = 12, COMM_TYPE = 13, CUM_QTY = 14, EXEC_ID = 17,
            LAST_PX = 31, LAST_QTY = 32, MSG_SEQ_NUM = 34, MSG_TYPE = 35, ORDER_ID = 37, ORDER_QTY = 38, ORD_STATUS = 39,
            ORIG_CL_ORD_ID = 41, POSS_DUP = 43, PRICE = 44, SIDE = 54, SYMBOL = 55, TEXT = 58, TIME_IN_FORCE = 59,
            TRANSACT_TIME = 60, SENDING_TIME = 52, POSS_RESEND = 97, CXL_REJ_REASON = 102, ORD_REJ_REASON = 103,
            EXEC_TYPE = 150, LEAVES_QTY = 151, CXL_REJ_RESPONSE_TO = 434, COMM_CURRENCY = 479, LAST_LIQUIDITY_IND = 851;

    private static final int MAX_CURRENCIES = 32;

    private final String exchange;
    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final FixClientIds ids;
    private final OrderState order = new OrderState();
    private final CharSlice slice = new CharSlice();
    private final String[] currencies = new String[MAX_CURRENCIES];
    private int currencyCount;

    /** The event of the last {@link #REPORT}. */
    public final ExecutionEvent event = new ExecutionEvent();
    /**
     * When {@link #hasEnding()}: the CANCELED or EXPIRED that follows {@link #event}, a fill whose
     * OrdStatus says the order ended with it (an IOC's fill and its canceled rest in one report).
     * No ExecID: the fill's is the report's.
     */
    public final ExecutionEvent ending = new ExecutionEvent();
    private ExecType endingType;

    private String problem;
    private boolean possDup;
    private long roundedPrices;
    private long roundedQuantities;

    public ExecutionReportDecoder(String exchange, SymbolRegistry symbols, OrderTracker tracker, FixClientIds ids) {
        this.exchange = exchange;
        this.symbols = symbols;
        this.tracker = tracker;
        this.ids = ids;
    }

    /** What was wrong with the last {@link #MALFORMED} message; null otherwise. */
    public String problem() {
        return problem;
    }

    /** Whether the last message said PossDupFlag (43) or PossResend (97) Y: applied all the same, the tracker judges repeats. */
    public boolean isPossDup() {
        return possDup;
    }

    /** Whether the last {@link #REPORT} also ended the order: {@link #ending} is to be applied after {@link #event}. */
    public boolean hasEnding() {
        return endingType != null;
    }

    /** Prices (31, 44) with more decimals than the symbol's price scale, rounded half-even. */
    public long roundedPrices() {
        return roundedPrices;
    }

    /** Quantities (14, 32, 38, 151) with more decimals than the symbol's quantity scale, rounded half-even. */
    public long roundedQuantities() {
        return roundedQuantities;
    }

    /**
     * Decodes the message indexed in {@code f}, received at {@code receiveNs} (host monotonic).
     * Returns {@link #REPORT} (then {@link #event} holds it) or another result constant.
     */
    public int decode(FixFields f, long receiveNs) {
        problem = null;
        endingType = null;
        possDup = f.character(POSS_DUP, 'N') == 'Y' || f.character(POSS_RESEND, 'N') == 'Y';
        int type = f.length(MSG_TYPE) == 1 ? f.character(MSG_TYPE, ' ') : ' ';
        if (type == '8') return executionReport(f, receiveNs);
        if (type == '9') return cancelReject(f, receiveNs);
        return OTHER_MESSAGE;
    }

    // ------------------------------------------------------------------ ExecutionReport

    private int executionReport(FixFields f, long receiveNs) {
        char execType = f.character(EXEC_TYPE, '\0');
        char status = f.character(ORD_STATUS, '\0');
        if (execType == '\0') return malformed("ExecType (150) missing or not one character");
        if (status == '\0') return malformed("OrdStatus (39) missing or not one character");
        if (execType == 'G' || execType == 'H') return NOT_REPRESENTABLE;
        if (!f.has(CL_ORD_ID)) return NOT_OURS; // an order entered outside FIX (by phone): not Flox's
        long id = ids.orderId(f, CL_ORD_ID);
        if (id == FixClientIds.NOT_OURS) return NOT_OURS;
        long orig = ids.orderId(f, ORIG_CL_ORD_ID);
        boolean cancelRequest = ids.isCancelRequest(f, CL_ORD_ID);

        ExecType type;
        OrderStatus venue = null;
        long orderId = id; // the order the report is about
        if (execType == 'D' || execType == 'I') {
            type = ExecType.RESTATED;
            venue = restatedStatus(status, f);
            if (venue == null) return status == 'A' ? NO_CHANGE : malformed("OrdStatus (39) '" + status + "' is not FIX 4.4's");
        } else if (execType == '5' || status == '5') {
            if (orig == FixClientIds.NOT_OURS || cancelRequest) return malformed("a Replaced report without this run's OrigClOrdID (41)");
            type = ExecType.REPLACED;
        } else if (isTrade(execType) && f.decimal(LAST_QTY, 0, RoundingMode.UP, 0) > 0) { // LastQty > 0, at any scale
            boolean done = status == '2' || ((status == '6' || status == 'E') && f.decimal(LEAVES_QTY, 0, RoundingMode.UP, -1) == 0);
            type = done ? ExecType.FILLED : ExecType.PARTIALLY_FILLED;
            // a fill whose OrdStatus says the rest is gone: canceled (4), expired (C), done for the day (3) unless GTC/GTD
            if (!done && status == '4') endingType = ExecType.CANCELED;
            if (!done && (status == 'C' || (status == '3' && !isGoodTillCanceled(f)))) endingType = ExecType.EXPIRED;
        } else {
            switch (status) {
                case '0': type = ExecType.ACCEPTED; break;
                case '1': type = ExecType.PARTIALLY_FILLED; break;
                case '2': type = ExecType.FILLED; break;
                case '3':
                    if (isGoodTillCanceled(f)) return NO_CHANGE; // done for today, live again at the next session
                    type = ExecType.EXPIRED;
                    break;
                case '4': type = ExecType.CANCELED; break;
                case '6': type = ExecType.PENDING_CANCEL; break;
                case '8':
                    if (cancelRequest) {
                        type = ExecType.CANCEL_REJECTED;
                    } else if (orig != FixClientIds.NOT_OURS && orig != id) {
                        type = ExecType.REPLACE_REJECTED; // the replace's new id refused; the original goes on
                    } else {
                        type = ExecType.REJECTED;
                    }
                    break;
                case 'C': type = ExecType.EXPIRED; break;
                case 'E':
                    if (orig == FixClientIds.NOT_OURS) return malformed("a Pending Replace report without this run's OrigClOrdID (41)");
                    type = ExecType.PENDING_REPLACE;
                    orderId = orig; // the tracker's pending replace is the original's
                    break;
                case 'A': // pending new: the tracker says PENDING_NEW already
                case '7': // stopped (a guaranteed price), suspended, calculated, accepted for bidding: nothing Flox models
                case '9':
                case 'B':
                case 'D':
                    return NO_CHANGE;
                default:
                    return malformed("OrdStatus (39) '" + status + "' is not FIX 4.4's");
            }
        }

        if ((type == ExecType.PARTIALLY_FILLED || type == ExecType.FILLED) && orig != FixClientIds.NOT_OURS && orig != id && !cancelRequest
                && tracker.read(id, order) && order.status() == OrderStatus.PENDING_REPLACE && order.origClientOrderId() == orig) {
            orderId = orig; // a fill before the replace is done belongs to the original, whose id the venue may not have echoed
        }
        int symbolId;
        Side side = side(f.character(SIDE, '\0'));
        if (tracker.read(orderId, order)) {
            symbolId = order.symbolId();
            if (side == null) side = order.side();
        } else {
            f.value(SYMBOL, slice);
            symbolId = slice.length() == 0 ? SymbolRegistry.UNKNOWN : symbols.resolve(exchange, slice);
            if (symbolId == SymbolRegistry.UNKNOWN) return UNKNOWN_SYMBOL;
        }
        if (side == null) return malformed("Side (54) missing or not 1 or 2");
        SymbolInfo s = symbols.symbol(symbolId);
        if (s == null) return UNKNOWN_SYMBOL;
        int pxScale = s.priceScale();
        int qtyScale = s.quantityScale();

        long cum = quantity(f, CUM_QTY, qtyScale, -1);
        if (cum < 0) return malformed(problem != null ? problem : "CumQty (14) missing or negative");
        long lastQty = quantity(f, LAST_QTY, qtyScale, 0);
        long lastPx = price(f, LAST_PX, pxScale);
        long orderQty = quantity(f, ORDER_QTY, qtyScale, 0);
        long price = price(f, PRICE, pxScale);
        long leaves = quantity(f, LEAVES_QTY, qtyScale, ExecutionEvent.LEAVES_UNKNOWN);
        if (problem != null) return MALFORMED;

        ExecutionEvent e = event.reset(type, orderId, symbolId, side);
        if (type == ExecType.REPLACED || type == ExecType.REPLACE_REJECTED) e.origClientOrderId(orig);
        e.order(price, orderQty).exchangeOrderId(VenueIds.ofField(f, ORDER_ID)).execId(VenueIds.ofField(f, EXEC_ID));
        e.timestamps(exchangeTimeNs(f), receiveNs);
        if (type == ExecType.PARTIALLY_FILLED || type == ExecType.FILLED) {
            e.fill(lastQty > 0 ? lastPx : 0, lastQty, cum).liquidity(liquidity(f.character(LAST_LIQUIDITY_IND, '\0')));
            fee(f, e);
        } else {
            e.fill(0, 0, cum);
        }
        boolean terminal = type == ExecType.FILLED || type == ExecType.CANCELED || type == ExecType.EXPIRED || type == ExecType.REJECTED
                || (venue != null && venue.isTerminal());
        e.leaves(terminal ? 0 : leaves);
        if (venue != null) e.venueStatus(venue);
        if (type == ExecType.REJECTED || type == ExecType.REPLACE_REJECTED || venue == OrderStatus.REJECTED) {
            e.reason(orderRejectReason(f.integer(ORD_REJ_REASON, -1)), text(f));
        } else if (type == ExecType.CANCEL_REJECTED) {
            e.reason(RejectReason.VENUE_REJECT, text(f));
        } else if (f.has(TEXT)) {
            e.reason(RejectReason.NONE, text(f)); // a cancel's or an expiry's text, kept for the subscriber
        }
        if (endingType != null) {
            ExecutionEvent end = ending.reset(endingType, orderId, symbolId, side);
            end.order(price, orderQty).exchangeOrderId(VenueIds.ofField(f, ORDER_ID));
            end.timestamps(exchangeTimeNs(f), receiveNs).fill(0, 0, cum).leaves(0);
            if (f.has(TEXT)) end.reason(RejectReason.NONE, text(f));
        }
        return REPORT;
    }

    /** A trade: FIX 4.4's F, and FIX 4.2's partial fill (1) and fill (2) that some venues still send. */
    private static boolean isTrade(char execType) {
        return execType == 'F' || execType == '1' || execType == '2';
    }

    /** TimeInForce (59) GTC (1) or GTD (6): a done-for-day order is live again at the next session. */
    private static boolean isGoodTillCanceled(FixFields f) {
        char tif = f.character(TIME_IN_FORCE, '0');
        return tif == '1' || tif == '6';
    }

    /** The venue's status in a restated or status report; null for pending new (nothing to correct) and unknown values. */
    private static OrderStatus restatedStatus(char status, FixFields f) {
        switch (status) {
            case '0': return OrderStatus.ACCEPTED;
            case '1': return OrderStatus.PARTIALLY_FILLED;
            case '2': return OrderStatus.FILLED;
            case '3': return isGoodTillCanceled(f) ? liveByFill(f) : OrderStatus.EXPIRED;
            case '4': return OrderStatus.CANCELED;
            case '5': return OrderStatus.REPLACED;
            case '6': return OrderStatus.PENDING_CANCEL;
            case '8': return OrderStatus.REJECTED;
            case 'C': return OrderStatus.EXPIRED;
            case 'E': return OrderStatus.PENDING_REPLACE;
            case '7': case '9': case 'B': case 'D': return liveByFill(f);
            default: return null; // 'A' pending new: the tracker would take it as accepted
        }
    }

    private static OrderStatus liveByFill(FixFields f) {
        return f.decimal(CUM_QTY, 0, RoundingMode.UP, 0) > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
    }

    // ------------------------------------------------------------------ OrderCancelReject

    private int cancelReject(FixFields f, long receiveNs) {
        char to = f.character(CXL_REJ_RESPONSE_TO, '\0');
        if (to != '1' && to != '2') return malformed("CxlRejResponseTo (434) missing or not 1 or 2");
        if (!f.has(CL_ORD_ID)) return NOT_OURS;
        long id = ids.orderId(f, CL_ORD_ID);
        if (id == FixClientIds.NOT_OURS) return NOT_OURS;
        long orig = ids.orderId(f, ORIG_CL_ORD_ID);
        ExecType type;
        long orderId;
        if (to == '1') {
            type = ExecType.CANCEL_REJECTED;
            orderId = ids.isCancelRequest(f, CL_ORD_ID) || orig == FixClientIds.NOT_OURS ? id : orig;
        } else {
            if (orig == FixClientIds.NOT_OURS) return malformed("a replace's OrderCancelReject without this run's OrigClOrdID (41)");
            type = ExecType.REPLACE_REJECTED;
            orderId = id; // the replace's new id; the tracker resumes the original
        }
        if (!tracker.read(orderId, order)) return UNKNOWN_ORDER;
        ExecutionEvent e = event.reset(type, orderId, order.symbolId(), order.side());
        if (type == ExecType.REPLACE_REJECTED) e.origClientOrderId(orig);
        e.exchangeOrderId(VenueIds.ofField(f, ORDER_ID)).timestamps(exchangeTimeNs(f), receiveNs);
        e.fill(0, 0, order.filledQuantityScaled());
        e.reason(cancelRejectReason(f.integer(CXL_REJ_REASON, -1)), text(f));
        return REPORT;
    }

    // ------------------------------------------------------------------ fields

    private int malformed(String why) {
        problem = why;
        return MALFORMED;
    }

    private static Side side(char c) {
        return c == '1' ? Side.BUY : c == '2' ? Side.SELL : null;
    }

    /** A quantity at the symbol's scale; more decimals are rounded half-even and counted. */
    private long quantity(FixFields f, int tag, int scale, long absent) {
        long v = f.decimal(tag, scale, RoundingMode.UNNECESSARY, absent);
        if (v == FixFields.INVALID) {
            v = f.decimal(tag, scale, RoundingMode.HALF_EVEN, absent);
            if (v == FixFields.INVALID || v < 0) {
                if (problem == null) problem = "tag " + tag + " is not a decimal quantity";
                return absent;
            }
            roundedQuantities++;
        }
        return v;
    }

    /** A price at the symbol's scale, 0 when absent; more decimals are rounded half-even and counted (a fill is never dropped for them). */
    private long price(FixFields f, int tag, int scale) {
        long v = f.decimal(tag, scale, RoundingMode.UNNECESSARY, 0);
        if (v == FixFields.INVALID) {
            v = f.decimal(tag, scale, RoundingMode.HALF_EVEN, 0);
            if (v == FixFields.INVALID) {
                if (problem == null) problem = "tag " + tag + " is not a decimal price";
                return 0;
            }
            roundedPrices++;
        }
        return v;
    }

    /** TransactTime (60), else SendingTime (52), as epoch ns; 0 when neither is readable. */
    private static long exchangeTimeNs(FixFields f) {
        long t = UtcTimestamps.ofField(f, TRANSACT_TIME);
        if (t == 0 || t == UtcTimestamps.INVALID) t = UtcTimestamps.ofField(f, SENDING_TIME);
        return t == UtcTimestamps.INVALID ? 0 : t;
    }

    private static Liquidity liquidity(char lastLiquidityInd) {
        return lastLiquidityInd == '1' ? Liquidity.MAKER : lastLiquidityInd == '2' ? Liquidity.TAKER : Liquidity.UNKNOWN;
    }

    /** An absolute commission (13=3) is the fill's fee, 8 decimals rounded up, in CommCurrency (479) or the quote currency. */
    private void fee(FixFields f, ExecutionEvent e) {
        if (f.character(COMM_TYPE, '\0') != '3') return;
        long fee = f.decimal(COMMISSION, 8, RoundingMode.UP, 0);
        if (fee == FixFields.INVALID || fee == 0) return;
        e.fee(fee, 8, f.value(COMM_CURRENCY, slice) ? currency(slice) : null);
    }

    private String currency(CharSlice c) {
        for (int i = 0; i < currencyCount; i++) if (c.contentEquals(currencies[i])) return currencies[i];
        String s = c.toString();
        if (currencyCount < MAX_CURRENCIES) currencies[currencyCount++] = s;
        return s;
    }

    private CharSequence text(FixFields f) {
        f.value(TEXT, slice);
        return slice;
    }

    /** OrdRejReason (103) to Flox's reason; absent or unlisted values are VENUE_REJECT with the venue's text. */
    static RejectReason orderRejectReason(long code) {
        switch ((int) code) {
            case 1: return RejectReason.UNKNOWN_SYMBOL;
            case 2: return RejectReason.VENUE_UNAVAILABLE; // exchange closed
            case 5: return RejectReason.UNKNOWN_ORDER;
            case 6: case 7: return RejectReason.DUPLICATE_ORDER_ID; // duplicate order; duplicate of a verbally communicated order
            case 13: return RejectReason.INVALID_QUANTITY;
            case 18: return RejectReason.INVALID_PRICE; // invalid price increment
            default: return RejectReason.VENUE_REJECT;
        }
    }

    /** CxlRejReason (102) to Flox's reason. */
    static RejectReason cancelRejectReason(long code) {
        switch ((int) code) {
            case 1: return RejectReason.UNKNOWN_ORDER;
            case 6: return RejectReason.DUPLICATE_ORDER_ID; // duplicate ClOrdID
            default: return RejectReason.VENUE_REJECT; // too late to cancel (0), broker option (2), already pending (3), ...
        }
    }
}
