package flox.connector.fix.internal.orders;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.num.FixedPoint;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.connector.fix.internal.wire.CharSlice;
import flox.connector.fix.internal.wire.FixFields;
import java.lang.System.Logger.Level;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.atomic.AtomicLong;
import org.agrona.MutableDirectBuffer;
import org.agrona.concurrent.AtomicBuffer;
import org.agrona.concurrent.ControlledMessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.ManyToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import quickfix.Message;
import quickfix.UtcTimestampPrecision;

/**
 * FIX 4.4 order entry on one QuickFIX/J session. {@code submit}, {@code cancel} and
 * {@code replace} only write a command into a preallocated many-to-one ring and return: QuickFIX/J's
 * {@code Session.send} takes the session's lock and writes the message store, so it never runs
 * on a strategy's thread. The sending thread ({@link #doWork}) builds NewOrderSingle,
 * OrderCancelRequest and OrderCancelReplaceRequest (restating side, type, time in force and stop
 * price from the tracker) and sends them; QuickFIX/J numbers each and calls back
 * {@link #onToApp} before it is stored or written, where its MsgSeqNum is recorded against the
 * order ({@link SentRequests}). The receiving thread hands every ExecutionReport,
 * OrderCancelReject, Reject and BusinessMessageReject to {@link #onMessage}: reports by
 * {@link ExecutionReportDecoder}, rejects by RefSeqNum as that request's refusal, all applied
 * by the report rule ({@link ExecutionReports}). See docs/ARCHITECTURE.md, FIX connector.
 *
 * <p>Threading: callers any thread (lock-free ring); {@link #doWork} and {@link #onToApp} on the
 * one sending thread; {@link #onMessage} on the session's receiving thread. Allocation: none on
 * the callers' side; on the sending side QuickFIX/J's message (reused per type, but its fields
 * and the serialized string are QuickFIX/J's); none on receipt beyond QuickFIX/J's parse.
 */
public final class FixOrderEntry {
    /** The session as the order entry uses it: {@code Session.isLoggedOn} and {@code Session.send}. */
    public interface Outbound {
        boolean isLoggedOn();

        /** Sends {@code message}; the session calls {@link #onToApp} with it before storing or writing it. False when not sent. */
        boolean send(Message message);
    }

    /** {@link #onMessage}: a Reject or BusinessMessageReject that names no recent request of this run (counted). */
    public static final int UNMATCHED_REJECT = 20;

    private static final System.Logger LOG = System.getLogger("flox.fix");
    private static final int PLACE = 1;
    private static final int CANCEL = 2;
    private static final int REPLACE = 3;
    /** An OrderStatusRequest for an order the tracker holds open (reconciliation at logon); the record is the order's id and symbol. */
    private static final int STATUS = 4;
    private static final int RECORD_LENGTH = 40;
    private static final Side[] SIDES = Side.values();
    private static final OrderType[] TYPES = OrderType.values();
    private static final TimeInForce[] TIFS = TimeInForce.values();
    private static final int REF_SEQ_NUM = 45, TEXT = 58, REF_TAG_ID = 371, BUSINESS_REJECT_REF_ID = 379, BUSINESS_REJECT_REASON = 380;

    private final String exchange;
    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final ExecutionReports reports;
    private final FixClientIds ids;
    private final ExecutionReportDecoder decoder;
    private final Outbound outbound;
    private final Clock clock;
    private final ManyToOneRingBuffer commands;
    private final ControlledMessageHandler take = this::take;
    private final SentRequests sent = new SentRequests();
    /** The sending thread while it is parked ({@link #parkUntilWork}), else null. */
    private volatile Thread parkedSender;

    // the sending thread's own
    private final quickfix.fix44.NewOrderSingle newOrder = new quickfix.fix44.NewOrderSingle();
    private final quickfix.fix44.OrderCancelRequest cancelRequest = new quickfix.fix44.OrderCancelRequest();
    private final quickfix.fix44.OrderCancelReplaceRequest replaceRequest = new quickfix.fix44.OrderCancelReplaceRequest();
    private final quickfix.fix44.OrderStatusRequest statusRequest = new quickfix.fix44.OrderStatusRequest();
    /** The orders asked about at the last logon and not yet answered (an 'I' report, or a refusal of the query). */
    private final Reconciliation reconciliation;
    private volatile Runnable onReconciled = () -> { };
    /**
     * False from a session's start or logout until its logon was handled ({@link #reconcile}):
     * QuickFIX/J says logged on before it calls the application's onLogon, and an order sent in
     * between would go out before reconciliation began. True for an order entry used alone.
     */
    private volatile boolean logonHandled = true;
    private volatile java.util.function.Consumer<String> onReconcileOverdue = why -> { };
    private final AtomicLong statusRefused = new AtomicLong();
    private volatile boolean statusRefusalSaid;
    private final StringBuilder text = new StringBuilder(64);
    private final OrderState senderState = new OrderState();
    private final ExecutionEvent senderRefusal = new ExecutionEvent();
    private Message inFlight;
    /** The command in hand was given to the session's send (its outcome is then the venue's to tell). */
    private boolean handedToSession;
    private int inFlightKind;
    private long inFlightOrder;
    private long inFlightNewOrder;
    private int inFlightSymbol;
    private long cancelNumber;
    private int finished;

    // the receiving thread's own
    private final OrderState receiverState = new OrderState();
    private final ExecutionEvent rejectReport = new ExecutionEvent();
    private final CharSlice slice = new CharSlice();

    private final AtomicLong sentRequests = new AtomicLong();
    private final AtomicLong refusedUnsent = new AtomicLong();
    private final AtomicLong notOurs = new AtomicLong();
    private final AtomicLong notRepresentable = new AtomicLong();
    private final AtomicLong noChange = new AtomicLong();
    private final AtomicLong malformed = new AtomicLong();
    private final AtomicLong sessionRejects = new AtomicLong();
    private final AtomicLong unmatchedRejects = new AtomicLong();
    private final AtomicLong possDups = new AtomicLong();
    private volatile boolean foreignReported;

    /** Default wait for the answers of a reconciliation before it is said overdue and asked again. */
    public static final long DEFAULT_RECONCILE_WAIT_NS = 10_000_000_000L;

    public FixOrderEntry(String exchange, SymbolRegistry symbols, OrderTracker tracker, ExecutionReports reports, FixClientIds ids,
                         Outbound outbound, Clock clock, int queueBytes) {
        this(exchange, symbols, tracker, reports, ids, outbound, clock, queueBytes, DEFAULT_RECONCILE_WAIT_NS);
    }

    /** @param reconcileWaitNs how long a logon's status queries may go unanswered before the rest are asked again (and said) */
    public FixOrderEntry(String exchange, SymbolRegistry symbols, OrderTracker tracker, ExecutionReports reports, FixClientIds ids,
                         Outbound outbound, Clock clock, int queueBytes, long reconcileWaitNs) {
        this.reconciliation = new Reconciliation(reconcileWaitNs);
        this.exchange = exchange;
        this.symbols = symbols;
        this.tracker = tracker;
        this.reports = reports;
        this.ids = ids;
        this.decoder = new ExecutionReportDecoder(exchange, symbols, tracker, ids);
        this.outbound = outbound;
        this.clock = clock;
        int capacity = Integer.highestOneBit(Math.max(4096, queueBytes));
        commands = new ManyToOneRingBuffer(new UnsafeBuffer(ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH)));
    }

    // ------------------------------------------------------------------ callers (any thread)

    /**
     * Enqueues a new order: NONE, BACK_PRESSURED when the queue is full, VENUE_NOT_LIVE while a
     * logon's reconciliation is open (the session's own guard: the venue's state on the bus may
     * be another connection's), or a refusal of what this venue cannot take.
     */
    public RejectReason submit(OrderRequest r) {
        if (r.clientOrderId() <= 0) return RejectReason.OTHER;
        if (reconciliation.isActive()) return RejectReason.VENUE_NOT_LIVE;
        if (!isOurs(r.symbolId())) return RejectReason.UNKNOWN_SYMBOL;
        if (r.orderType() == OrderType.MARKET && r.timeInForce() == TimeInForce.POST_ONLY) return RejectReason.OTHER;
        int at = commands.tryClaim(PLACE, RECORD_LENGTH);
        if (at < 0) return RejectReason.BACK_PRESSURED;
        AtomicBuffer b = commands.buffer();
        b.putLong(at, r.clientOrderId());
        b.putInt(at + 8, r.symbolId());
        b.putByte(at + 12, (byte) r.side().ordinal());
        b.putByte(at + 13, (byte) r.orderType().ordinal());
        b.putByte(at + 14, (byte) r.timeInForce().ordinal());
        b.putLong(at + 16, r.priceScaled());
        b.putLong(at + 24, r.quantityScaled());
        b.putLong(at + 32, r.stopPriceScaled());
        commands.commit(at);
        wakeSender();
        return RejectReason.NONE;
    }

    public RejectReason cancel(int symbolId, long clientOrderId) {
        if (clientOrderId <= 0) return RejectReason.UNKNOWN_ORDER;
        int at = commands.tryClaim(CANCEL, 12);
        if (at < 0) return RejectReason.BACK_PRESSURED;
        commands.buffer().putLong(at, clientOrderId);
        commands.buffer().putInt(at + 8, symbolId);
        commands.commit(at);
        wakeSender();
        return RejectReason.NONE;
    }

    public RejectReason replace(int symbolId, long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
        if (origClientOrderId <= 0 || newClientOrderId <= 0) return RejectReason.OTHER;
        if (reconciliation.isActive()) return RejectReason.VENUE_NOT_LIVE; // as submit; cancels still go
        int at = commands.tryClaim(REPLACE, RECORD_LENGTH);
        if (at < 0) return RejectReason.BACK_PRESSURED;
        AtomicBuffer b = commands.buffer();
        b.putLong(at, origClientOrderId);
        b.putInt(at + 8, symbolId);
        b.putLong(at + 16, newClientOrderId);
        b.putLong(at + 24, newPriceScaled);
        b.putLong(at + 32, newQuantityScaled);
        commands.commit(at);
        wakeSender();
        return RejectReason.NONE;
    }

    /** Told (on the receiving or sending thread) when every status query of a {@link #reconcile} has been answered. */
    public void onReconciled(Runnable r) {
        this.onReconciled = r;
    }

    /** Told (on the sending thread) what is unanswered each time a reconciliation's wait limit passes; the rest is asked again. */
    public void onReconcileOverdue(java.util.function.Consumer<String> r) {
        this.onReconcileOverdue = r;
    }

    /**
     * At logon: asks the venue for the state of every order the tracker holds open on this
     * exchange (OrderStatusRequest, answered by an ExecutionReport with ExecType I, applied as a
     * RESTATED correction). Returns how many were asked; {@link #onReconciled} runs once each has
     * been answered (0: nothing to ask, and it is not called). {@code beforeAsking} runs once before
     * the first query is queued (so what it says comes before any answer). Orders still unanswered
     * after the wait limit are asked again ({@link #checkReconciliation}). Allocates (a cold path).
     * QuickFIX/J's thread (logon).
     */
    public int reconcile(Runnable beforeAsking, long nowNs) {
        long[] ids = new long[Math.max(16, tracker.openOrderCount())];
        long[] all = new long[16];
        int[] symbolOf = new int[16];
        int n = 0;
        for (SymbolInfo s : symbols.symbols()) {
            if (!exchange.equals(s.exchange())) continue;
            int k = Math.min(tracker.openOrders(s.symbolId(), ids), ids.length);
            for (int i = 0; i < k; i++) {
                if (n == all.length) {
                    all = java.util.Arrays.copyOf(all, n * 2);
                    symbolOf = java.util.Arrays.copyOf(symbolOf, n * 2);
                }
                all[n] = ids[i];
                symbolOf[n++] = s.symbolId();
            }
        }
        reconciliation.begin(all, n, nowNs); // before the first query: an answer may come before this returns
        if (n == 0) {
            logonHandled = true;
            return 0;
        }
        beforeAsking.run();
        for (int i = 0; i < n; i++) {
            int at = commands.tryClaim(STATUS, 12);
            if (at < 0) break; // the queue is full: the rest are asked again when the wait limit passes
            commands.buffer().putLong(at, all[i]);
            commands.buffer().putInt(at + 8, symbolOf[i]);
            commands.commit(at);
        }
        logonHandled = true; // the round is open: the reconciliation guard holds new orders from here
        wakeSender();
        return n;
    }

    /** Logged out: the round in progress ends unanswered (the next logon asks again). */
    public void stopReconciling() {
        logonHandled = false;
        reconciliation.cancel();
    }

    /** A session is starting: no new order or replace goes out until its logon was handled ({@link #reconcile}). */
    public void awaitLogon() {
        logonHandled = false;
    }

    /** One order's status answered (or no longer askable): the round's last one makes the venue LIVE. */
    private void statusAnswered(long id) {
        if (reconciliation.answered(id)) onReconciled.run();
    }

    /**
     * Sending thread, between commands: when the reconciliation's wait limit has passed, says what
     * is unanswered ({@link #onReconcileOverdue}: the venue stays not LIVE) and asks those orders
     * again. One volatile read outside a round.
     */
    public void checkReconciliation(long nowNs) {
        long[] unanswered = reconciliation.overdue(nowNs);
        if (unanswered == null) return;
        StringBuilder why = new StringBuilder("RECONCILIATION OVERDUE: ").append(unanswered.length).append(" of ")
                .append(reconciliation.asked()).append(" open orders unanswered after ").append(reconciliation.waitLimitNs() / 1_000_000)
                .append(" ms (overdue ").append(reconciliation.overdueRounds()).append("x; asked again):");
        for (int i = 0; i < unanswered.length && i < 10; i++) why.append(' ').append(unanswered[i]);
        if (unanswered.length > 10) why.append(" ...");
        onReconcileOverdue.accept(why.toString());
        for (long id : unanswered) {
            if (tracker.read(id, senderState)) sendStatus(id, senderState.symbolId());
            else statusAnswered(id); // no longer in the tracker: nothing to reconcile
        }
    }

    /** True while a logon's status queries are not all answered. */
    public boolean isReconciling() {
        return reconciliation.isActive();
    }

    /** Orders asked at the last logon; of them unanswered now; rounds whose wait limit passed. */
    public int reconcileAsked() { return reconciliation.asked(); }
    public int reconcileUnanswered() { return reconciliation.unanswered(); }
    public long reconcileOverdue() { return reconciliation.overdueRounds(); }

    /** Status queries the venue refused (a Reject or BusinessMessageReject of an OrderStatusRequest). */
    public long statusRefused() { return statusRefused.get(); }

    private boolean isOurs(int symbolId) {
        SymbolInfo s = symbols.symbol(symbolId);
        return s != null && exchange.equals(s.exchange());
    }

    /**
     * After a commit: unparks the sending thread when it is parked. The full fence orders the
     * commit before the read of {@code parkedSender}, as {@link #parkUntilWork} orders its write
     * before its look at the queue, so one of the two always sees the other (no lost wake-up).
     * A caller pays an unpark (a futex wake) only when the sender was idle long enough to park.
     */
    private void wakeSender() {
        VarHandle.fullFence();
        Thread t = parkedSender;
        if (t != null) LockSupport.unpark(t);
    }

    // ------------------------------------------------------------------ sending thread

    /**
     * Nothing to send: parks until a caller commits a command (and unparks it), an unpark from
     * elsewhere (stop), or {@code maxNs}. Sending thread.
     */
    public void parkUntilWork(long maxNs) {
        parkedSender = Thread.currentThread();
        if (commands.size() == 0) LockSupport.parkNanos(maxNs); // size(): a volatile read after the volatile write above
        parkedSender = null;
    }

    /** Sends up to {@code limit} queued commands in the callers' order; returns how many were taken (sent or refused). */
    public int doWork(int limit) {
        finished = 0;
        commands.controlledRead(take, limit);
        return finished;
    }

    private ControlledMessageHandler.Action take(int kind, MutableDirectBuffer b, int at, int length) {
        finished++;
        handedToSession = false;
        try {
            switch (kind) {
                case PLACE: place(b, at); break;
                case CANCEL: cancel(b, at); break;
                case REPLACE: replace(b, at); break;
                case STATUS: status(b, at); break;
                default: break;
            }
        } catch (RuntimeException e) { // a bug: the command is refused, the sender goes on
            LOG.log(Level.ERROR, "FIX " + exchange + ": command " + kind + " failed", e);
            if (!handedToSession && kind != STATUS) { // never reached the session: refused by the report rule, not left pending
                long id = kind == REPLACE ? b.getLong(at + 16) : b.getLong(at);
                long orig = kind == REPLACE ? b.getLong(at) : 0;
                ExecType type = kind == PLACE ? ExecType.REJECTED : kind == CANCEL ? ExecType.CANCEL_REJECTED : ExecType.REPLACE_REJECTED;
                try {
                    refuse(type, id, orig, b.getInt(at + 8), null, RejectReason.OTHER);
                } catch (RuntimeException again) {
                    LOG.log(Level.ERROR, "FIX " + exchange + ": the refusal of command " + kind + " failed too", again);
                }
            }
        } finally {
            inFlight = null;
        }
        return ControlledMessageHandler.Action.CONTINUE;
    }

    private void place(MutableDirectBuffer b, int at) {
        long id = b.getLong(at);
        int symbolId = b.getInt(at + 8);
        Side side = SIDES[b.getByte(at + 12)];
        OrderType type = TYPES[b.getByte(at + 13)];
        TimeInForce tif = TIFS[b.getByte(at + 14)];
        long price = b.getLong(at + 16);
        long quantity = b.getLong(at + 24);
        long stop = b.getLong(at + 32);
        SymbolInfo s = symbols.symbol(symbolId);
        if (!outbound.isLoggedOn()) {
            refuse(ExecType.REJECTED, id, 0, symbolId, side, RejectReason.VENUE_UNAVAILABLE);
            return;
        }
        if (reconciliation.isActive() || !logonHandled) { // queued before the logon that began it, or before onLogon ran
            refuse(ExecType.REJECTED, id, 0, symbolId, side, RejectReason.VENUE_NOT_LIVE);
            return;
        }
        quickfix.fix44.NewOrderSingle m = newOrder;
        clear(m, "D");
        m.setString(11, ids.appendOrder(id, text()).toString());
        orderFields(m, s, side, type, tif, price, quantity, stop);
        send(m, SentRequests.NEW, id, 0, symbolId, side, ExecType.REJECTED);
    }

    private void cancel(MutableDirectBuffer b, int at) {
        long id = b.getLong(at);
        int symbolId = b.getInt(at + 8);
        if (!tracker.read(id, senderState)) {
            refuse(ExecType.CANCEL_REJECTED, id, 0, symbolId, null, RejectReason.UNKNOWN_ORDER);
            return;
        }
        Side side = senderState.side();
        if (!outbound.isLoggedOn()) {
            refuse(ExecType.CANCEL_REJECTED, id, 0, symbolId, side, RejectReason.VENUE_UNAVAILABLE);
            return;
        }
        SymbolInfo s = symbols.symbol(symbolId);
        quickfix.fix44.OrderCancelRequest m = cancelRequest;
        clear(m, "F");
        m.setString(41, ids.appendOrder(id, text()).toString());
        m.setString(11, ids.appendCancel(id, ++cancelNumber, text()).toString());
        m.setString(55, s.symbol());
        m.setChar(54, side == Side.BUY ? '1' : '2');
        m.setString(38, FixedPoint.appendTo(text(), senderState.quantityScaled(), s.quantityScale()).toString());
        m.setUtcTimeStamp(60, now(), UtcTimestampPrecision.MILLIS);
        send(m, SentRequests.CANCEL, id, 0, symbolId, side, ExecType.CANCEL_REJECTED);
    }

    private void replace(MutableDirectBuffer b, int at) {
        long orig = b.getLong(at);
        int symbolId = b.getInt(at + 8);
        long id = b.getLong(at + 16);
        long price = b.getLong(at + 24);
        long quantity = b.getLong(at + 32);
        // the tracker holds the new order (PENDING_REPLACE) with the original's side, type, time in force and stop price
        if (!tracker.read(id, senderState)) {
            refuse(ExecType.REPLACE_REJECTED, id, orig, symbolId, null, RejectReason.UNKNOWN_ORDER);
            return;
        }
        Side side = senderState.side();
        if (!outbound.isLoggedOn()) {
            refuse(ExecType.REPLACE_REJECTED, id, orig, symbolId, side, RejectReason.VENUE_UNAVAILABLE);
            return;
        }
        if (reconciliation.isActive() || !logonHandled) {
            refuse(ExecType.REPLACE_REJECTED, id, orig, symbolId, side, RejectReason.VENUE_NOT_LIVE);
            return;
        }
        SymbolInfo s = symbols.symbol(symbolId);
        quickfix.fix44.OrderCancelReplaceRequest m = replaceRequest;
        clear(m, "G");
        m.setString(41, ids.appendOrder(orig, text()).toString());
        m.setString(11, ids.appendOrder(id, text()).toString());
        orderFields(m, s, side, senderState.orderType(), senderState.timeInForce(), price, quantity, senderState.stopPriceScaled());
        send(m, SentRequests.REPLACE, orig, id, symbolId, side, ExecType.REPLACE_REJECTED);
    }

    private void status(MutableDirectBuffer b, int at) {
        long id = b.getLong(at);
        int symbolId = b.getInt(at + 8);
        if (!tracker.read(id, senderState)) { // gone from the tracker meanwhile: nothing to reconcile
            statusAnswered(id);
            return;
        }
        sendStatus(id, symbolId);
    }

    /** An OrderStatusRequest for {@code id}; not sent (logged out): asked again by the next logon or the wait limit. */
    private void sendStatus(long id, int symbolId) {
        if (!outbound.isLoggedOn()) return;
        SymbolInfo s = symbols.symbol(symbolId);
        quickfix.fix44.OrderStatusRequest m = statusRequest;
        clear(m, "H");
        m.setString(11, ids.appendOrder(id, text()).toString());
        m.setString(55, s.symbol());
        m.setChar(54, senderState.side() == Side.BUY ? '1' : '2');
        inFlight = m;
        inFlightKind = SentRequests.STATUS;
        inFlightOrder = id;
        inFlightNewOrder = 0;
        inFlightSymbol = symbolId;
        handedToSession = true;
        if (outbound.send(m)) sentRequests.getAndIncrement();
    }

    /** Symbol, side, time, quantity (the total, as FIX 4.4 wants for a replace), type, price, stop price, time in force. */
    private void orderFields(Message m, SymbolInfo s, Side side, OrderType type, TimeInForce tif, long price, long quantity, long stop) {
        m.setString(55, s.symbol());
        m.setChar(54, side == Side.BUY ? '1' : '2');
        m.setUtcTimeStamp(60, now(), UtcTimestampPrecision.MILLIS);
        m.setString(38, FixedPoint.appendTo(text(), quantity, s.quantityScale()).toString());
        m.setChar(40, ordType(type));
        if (type == OrderType.LIMIT || type == OrderType.STOP_LIMIT) m.setString(44, FixedPoint.appendTo(text(), price, s.priceScale()).toString());
        if (type == OrderType.STOP || type == OrderType.STOP_LIMIT) m.setString(99, FixedPoint.appendTo(text(), stop, s.priceScale()).toString());
        m.setChar(59, timeInForce(tif));
        if (tif == TimeInForce.POST_ONLY) m.setChar(18, '6'); // ExecInst: participate don't initiate
    }

    /** OrdType (40): LIMIT 2, MARKET 1, STOP 3, STOP_LIMIT 4. */
    static char ordType(OrderType t) {
        switch (t) {
            case MARKET: return '1';
            case STOP: return '3';
            case STOP_LIMIT: return '4';
            default: return '2';
        }
    }

    /** TimeInForce (59): GTC 1, IOC 3, FOK 4; POST_ONLY is GTC with ExecInst (18) 6. */
    static char timeInForce(TimeInForce t) {
        switch (t) {
            case IOC: return '3';
            case FOK: return '4';
            default: return '1';
        }
    }

    private LocalDateTime now() {
        return LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    private StringBuilder text() {
        text.setLength(0);
        return text;
    }

    /** A reused message emptied (header and trailer too: the session sets its own again) but for its MsgType. */
    private static void clear(Message m, String msgType) {
        m.clear();
        m.getHeader().setString(35, msgType);
    }

    private void send(Message m, int kind, long order, long newOrder, int symbolId, Side side, ExecType refusal) {
        inFlight = m;
        inFlightKind = kind;
        inFlightOrder = order;
        inFlightNewOrder = newOrder;
        inFlightSymbol = symbolId;
        handedToSession = true;
        if (outbound.send(m)) {
            sentRequests.getAndIncrement();
        } else { // logged out meanwhile: stored with its number but not written; never resent (onToApp)
            long id = kind == SentRequests.REPLACE ? newOrder : order;
            refuse(refusal, id, kind == SentRequests.REPLACE ? order : 0, symbolId, side, RejectReason.VENUE_UNAVAILABLE);
        }
    }

    /**
     * Called by the session's {@code Application.toApp} for every application message it is about
     * to store and write, numbered. True for the request {@link #doWork} is sending now (its
     * MsgSeqNum is recorded against the order); false for anything else, which is a resend of an
     * earlier request: the session layer then gap-fills it rather than send a stale order again.
     */
    public boolean onToApp(Message message) {
        if (message != inFlight || inFlight == null) return false;
        int seq;
        try {
            seq = message.getHeader().getInt(34);
        } catch (quickfix.FieldNotFound e) {
            return false;
        }
        sent.record(seq, inFlightKind, inFlightOrder, inFlightNewOrder, inFlightSymbol);
        return true;
    }

    /** The sending thread's refusal of a request it could not send: the order's report by the report rule. */
    private void refuse(ExecType type, long id, long orig, int symbolId, Side side, RejectReason why) {
        refusedUnsent.getAndIncrement();
        if (side == null) {
            if (!tracker.read(id, senderState)) return; // nothing tracked: nothing to report
            side = senderState.side();
        }
        ExecutionEvent e = senderRefusal.reset(type, id, symbolId, side).reason(why, null);
        if (orig != 0) e.origClientOrderId(orig);
        TrackerResult r = reports.report(e);
        if (r.isRefused()) LOG.log(Level.WARNING, "FIX " + exchange + ": the tracker refused the local " + type + " of " + id + ": " + r);
    }

    // ------------------------------------------------------------------ receiving thread

    /**
     * One application or session message from the counterparty, indexed in {@code f}, received
     * at {@code receiveNs}: an ExecutionReport or OrderCancelReject is decoded and applied; a
     * Reject (3) or BusinessMessageReject (j) naming a request of this run becomes its refusal.
     * Returns the decoder's result constant, or {@link #UNMATCHED_REJECT}.
     */
    public int onMessage(FixFields f, long receiveNs) {
        char type = f.length(35) == 1 ? f.character(35, ' ') : ' ';
        if (type == '3' || type == 'j') return reject(f, receiveNs, type == 'j');
        int r = decoder.decode(f, receiveNs);
        if (decoder.isPossDup()) possDups.getAndIncrement();
        boolean statusReport = type == '8' && f.length(150) == 1 && f.character(150, ' ') == 'I';
        switch (r) {
            case ExecutionReportDecoder.REPORT:
                TrackerResult t = reports.report(decoder.event);
                if (t.isRefused()) LOG.log(Level.WARNING, "FIX " + exchange + ": the tracker refused " + decoder.event + ": " + t + " (" + f.text() + ")");
                if (decoder.hasEnding()) { // the fill ended the order: its rest canceled or expired in the same report
                    TrackerResult end = reports.report(decoder.ending);
                    if (end.isRefused()) LOG.log(Level.WARNING, "FIX " + exchange + ": the tracker refused " + decoder.ending + ": " + end + " (" + f.text() + ")");
                }
                break;
            case ExecutionReportDecoder.NOT_OURS:
                notOurs.getAndIncrement();
                if (!foreignReported) {
                    foreignReported = true;
                    LOG.log(Level.WARNING, "FIX " + exchange + ": a report of an order that is not this run's (" + f.text()
                            + "); such reports are counted, not applied (reported once per run)");
                }
                break;
            case ExecutionReportDecoder.NOT_REPRESENTABLE:
                notRepresentable.getAndIncrement();
                LOG.log(Level.WARNING, "FIX " + exchange + ": trade correct/cancel Flox cannot apply (a fill stays as first reported): " + f.text());
                break;
            case ExecutionReportDecoder.MALFORMED:
                malformed.getAndIncrement();
                LOG.log(Level.WARNING, "FIX " + exchange + ": report not applied: " + decoder.problem() + ": " + f.text());
                break;
            case ExecutionReportDecoder.NO_CHANGE:
            case ExecutionReportDecoder.UNKNOWN_SYMBOL:
            case ExecutionReportDecoder.UNKNOWN_ORDER:
                noChange.getAndIncrement();
                break;
            default:
                break;
        }
        if (statusReport) { // after it was applied: LIVE then shows the venue's view
            statusAnswered(ids.orderId(f, 11));
            if (f.has(41)) statusAnswered(ids.orderId(f, 41)); // a venue may answer for a replaced order under its latest ClOrdID
        }
        return r;
    }

    /** A session Reject or BusinessMessageReject: by RefSeqNum (45), else a BusinessRejectRefID (379) of this run. */
    private int reject(FixFields f, long receiveNs, boolean business) {
        sessionRejects.getAndIncrement();
        ExecType type;
        long id;
        long orig = 0;
        int symbolId;
        if (sent.find(f.integer(REF_SEQ_NUM, -1)) && sent.kind() == SentRequests.STATUS) {
            statusRefused.getAndIncrement();
            if (!statusRefusalSaid) {
                statusRefusalSaid = true;
                f.value(TEXT, slice);
                LOG.log(Level.WARNING, "FIX " + exchange + ": the venue refused an OrderStatusRequest (" + slice + "): open orders are not "
                        + "reconciled at logon with this counterparty; they keep the state the tracker has (said once)");
            }
            statusAnswered(sent.order());
            return ExecutionReportDecoder.NO_CHANGE;
        }
        if (sent.find(f.integer(REF_SEQ_NUM, -1))) {
            symbolId = sent.symbolId();
            switch (sent.kind()) {
                case SentRequests.NEW: type = ExecType.REJECTED; id = sent.order(); break;
                case SentRequests.CANCEL: type = ExecType.CANCEL_REJECTED; id = sent.order(); break;
                default: type = ExecType.REPLACE_REJECTED; id = sent.newOrder(); orig = sent.order(); break;
            }
            if (!tracker.read(id, receiverState)) return unmatched(f);
        } else {
            id = business ? ids.orderId(f, BUSINESS_REJECT_REF_ID) : FixClientIds.NOT_OURS;
            if (id == FixClientIds.NOT_OURS || !tracker.read(id, receiverState)) return unmatched(f);
            symbolId = receiverState.symbolId();
            if (ids.isCancelRequest(f, BUSINESS_REJECT_REF_ID)) {
                type = ExecType.CANCEL_REJECTED;
            } else if (receiverState.status() == OrderStatus.PENDING_REPLACE && receiverState.origClientOrderId() != 0) {
                type = ExecType.REPLACE_REJECTED;
                orig = receiverState.origClientOrderId();
            } else {
                type = ExecType.REJECTED;
            }
        }
        RejectReason why = business ? businessRejectReason(f.integer(BUSINESS_REJECT_REASON, -1)) : RejectReason.VENUE_REJECT;
        f.value(TEXT, slice);
        ExecutionEvent e = rejectReport.reset(type, id, symbolId, receiverState.side()).reason(why, slice);
        e.timestamps(0, receiveNs).fill(0, 0, receiverState.filledQuantityScaled());
        if (orig != 0) e.origClientOrderId(orig);
        TrackerResult r = reports.report(e);
        LOG.log(Level.WARNING, "FIX " + exchange + ": " + (business ? "business" : "session") + " reject of order " + id
                + (f.has(REF_TAG_ID) ? " (tag " + f.integer(REF_TAG_ID, -1) + ")" : "") + ": " + slice + " -> " + type + " " + r);
        return ExecutionReportDecoder.REPORT;
    }

    private int unmatched(FixFields f) {
        unmatchedRejects.getAndIncrement();
        LOG.log(Level.WARNING, "FIX " + exchange + ": a reject that names no recent request of this run: " + f.text());
        return UNMATCHED_REJECT;
    }

    /** BusinessRejectReason (380): 1 unknown id, 2 unknown security, 4 application not available, 7 DeliverTo firm not available. */
    static RejectReason businessRejectReason(long code) {
        switch ((int) code) {
            case 1: return RejectReason.UNKNOWN_ORDER;
            case 2: return RejectReason.UNKNOWN_SYMBOL;
            case 4: case 7: return RejectReason.VENUE_UNAVAILABLE;
            default: return RejectReason.VENUE_REJECT;
        }
    }

    // ------------------------------------------------------------------ counters (any thread)

    public ExecutionReportDecoder decoder() { return decoder; }
    public FixClientIds clientIds() { return ids; }
    public long sentRequests() { return sentRequests.get(); }
    /** Requests refused on the sending thread (not logged on, order unknown). */
    public long refusedUnsent() { return refusedUnsent.get(); }
    public long notOurs() { return notOurs.get(); }
    public long notRepresentable() { return notRepresentable.get(); }
    public long noChange() { return noChange.get(); }
    public long malformed() { return malformed.get(); }
    public long sessionRejects() { return sessionRejects.get(); }
    public long unmatchedRejects() { return unmatchedRejects.get(); }
    public long possDups() { return possDups.get(); }
}
