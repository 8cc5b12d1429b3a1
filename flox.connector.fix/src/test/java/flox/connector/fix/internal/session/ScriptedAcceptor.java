package flox.connector.fix.internal.session;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.field.AvgPx;
import quickfix.field.ClOrdID;
import quickfix.field.CumQty;
import quickfix.field.CxlRejReason;
import quickfix.field.CxlRejResponseTo;
import quickfix.field.ExecID;
import quickfix.field.ExecType;
import quickfix.field.LastPx;
import quickfix.field.LastQty;
import quickfix.field.LeavesQty;
import quickfix.field.MsgType;
import quickfix.field.OrdStatus;
import quickfix.field.OrderID;
import quickfix.field.OrderQty;
import quickfix.field.OrigClOrdID;
import quickfix.field.Price;
import quickfix.field.Side;
import quickfix.field.Symbol;
import quickfix.field.Text;
import quickfix.field.TransactTime;

/**
 * A FIX 4.4 counterparty in the test's own JVM (a QuickFIX/J {@link SocketAcceptor} on loopback,
 * memory store) for what the example executor cannot do: orders rest until the test fills them
 * ({@link #fill}, partly or wholly), cancels and cancel/replaces succeed (or are refused with an
 * OrderCancelReject when the test says so); its memory store answers a ResendRequest with PossDup
 * copies, as a venue's would. Orders are keyed by the ClOrdID they currently carry. At the
 * session level it sends a TestRequest, a SequenceReset in reset mode or a ResendRequest when the
 * test says so, and keeps every message that came from Flox's side as it arrived ({@link #wire}).
 *
 * <p>Threading: QuickFIX/J's acceptor thread answers requests; the test thread fills and resends;
 * every order is changed under its own lock.
 */
final class ScriptedAcceptor implements Application, AutoCloseable {
    static final String SENDER = "VENUE";
    static final String TARGET = "FLOX";

    /** One order as the venue holds it. */
    static final class Order {
        final String orderId;
        String clOrdId;
        final char side;
        final String symbol;
        BigDecimal quantity;
        BigDecimal price;
        BigDecimal cumulative = BigDecimal.ZERO;
        BigDecimal notional = BigDecimal.ZERO;
        boolean done;

        Order(String orderId, String clOrdId, char side, String symbol, BigDecimal quantity, BigDecimal price) {
            this.orderId = orderId;
            this.clOrdId = clOrdId;
            this.side = side;
            this.symbol = symbol;
            this.quantity = quantity;
            this.price = price;
        }

        char status() {
            if (done && cumulative.compareTo(quantity) < 0) return OrdStatus.CANCELED;
            if (cumulative.compareTo(quantity) >= 0) return OrdStatus.FILLED;
            return cumulative.signum() > 0 ? OrdStatus.PARTIALLY_FILLED : OrdStatus.NEW;
        }
    }

    final int port;
    private final SocketAcceptor acceptor;
    private final SessionID sessionId = new SessionID("FIX.4.4", SENDER, TARGET);
    private final Map<String, Order> orders;
    private final AtomicLong nextOrderId = new AtomicLong(1);
    private final AtomicLong nextExecId = new AtomicLong(1);
    private volatile boolean refuseCancels;
    private volatile boolean answerStatusRequests = true;
    private volatile boolean pendingStates;
    final AtomicLong requests = new AtomicLong();
    final AtomicLong statusRequests = new AtomicLong();
    /** Session-level Rejects (35=3) received from Flox's side. */
    final AtomicLong rejectsReceived = new AtomicLong();
    /**
     * Every message that arrived from Flox's side, as it came off the wire (the session log's
     * incoming side: before sequence checks, so a copy the session drops as too low is here too).
     */
    final java.util.List<String> wire = new java.util.concurrent.CopyOnWriteArrayList<>();
    /** Every message this venue put on the wire to Flox's side (the session log's outgoing side). */
    final java.util.List<String> wireOut = new java.util.concurrent.CopyOnWriteArrayList<>();

    ScriptedAcceptor() throws Exception {
        this(freePort(), null, new ConcurrentHashMap<>());
    }

    private static int freePort() throws java.io.IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * The venue on {@code port}: with a file store under {@code storeDir} (null: in memory) and
     * {@code orders} as its book, so that a venue restarted with both has its sequence numbers and
     * orders back, as a real one does after a restart.
     */
    ScriptedAcceptor(int port, java.nio.file.Path storeDir, Map<String, Order> orders) throws Exception {
        this.port = port;
        this.orders = orders;
        SessionSettings settings = new SessionSettings();
        settings.setString("ConnectionType", "acceptor");
        settings.setString("StartTime", "00:00:00");
        settings.setString("EndTime", "00:00:00");
        settings.setString("SocketAcceptAddress", "127.0.0.1");
        settings.setLong("SocketAcceptPort", port);
        settings.setString("UseDataDictionary", "Y");
        settings.setString(sessionId, "BeginString", "FIX.4.4");
        settings.setString(sessionId, "SenderCompID", SENDER);
        settings.setString(sessionId, "TargetCompID", TARGET);
        quickfix.MessageStoreFactory store = new MemoryStoreFactory();
        if (storeDir != null) {
            settings.setString("FileStorePath", storeDir.toString());
            store = new quickfix.FileStoreFactory(settings);
        }
        SLF4JLogFactory logs = new SLF4JLogFactory(settings);
        quickfix.LogFactory recording = id -> {
            quickfix.Log log = logs.create(id);
            return new quickfix.Log() {
                @Override public void clear() { log.clear(); }
                @Override public void onIncoming(String message) {
                    wire.add(message);
                    log.onIncoming(message);
                }
                @Override public void onOutgoing(String message) {
                    wireOut.add(message);
                    log.onOutgoing(message);
                }
                @Override public void onEvent(String text) { log.onEvent(text); }
                @Override public void onErrorEvent(String text) { log.onErrorEvent(text); }
            };
        };
        acceptor = new SocketAcceptor(this, store, settings, recording, new DefaultMessageFactory());
        acceptor.start();
    }

    /** From now on, cancels and replaces are refused with an OrderCancelReject (or accepted again). */
    void refuseCancels(boolean refuse) {
        this.refuseCancels = refuse;
    }

    /** From now on, each new order, cancel and replace is first answered with its pending state (A, 6, E), then done. */
    void pendingStates(boolean on) {
        this.pendingStates = on;
    }

    /**
     * Busts ({@code correct} false: ExecType H, trade cancel) or corrects (G, to {@code quantity}
     * at {@code price}) the order's last fill: the order's cumulative quantity is not changed by
     * the venue here, as Flox cannot represent either.
     */
    void bustOrCorrect(String clOrdId, boolean correct, String quantity, String price) throws SessionNotFound {
        Order o = orders.get(clOrdId);
        if (o == null) throw new AssertionError("no order " + clOrdId + " at the venue: " + orders.keySet());
        synchronized (o) {
            quickfix.fix44.ExecutionReport r = report(o, correct ? ExecType.TRADE_CORRECT : ExecType.TRADE_CANCEL);
            r.set(new quickfix.field.ExecRefID("X" + (nextExecId.get() - 1)));
            if (correct) {
                r.set(new LastQty(new BigDecimal(quantity).doubleValue()));
                r.set(new LastPx(new BigDecimal(price).doubleValue()));
            }
            send(r);
        }
    }

    /** From now on, OrderStatusRequests are taken and not answered (or answered again). */
    void answerStatusRequests(boolean answer) {
        this.answerStatusRequests = answer;
    }

    /** The venue's book (to give a restarted venue). */
    Map<String, Order> orders() {
        return orders;
    }

    /** The order now carrying {@code clOrdId}, or null. */
    Order order(String clOrdId) {
        return orders.get(clOrdId);
    }

    /** Fills {@code quantity} of the order carrying {@code clOrdId} at {@code price}: a TRADE report. */
    void fill(String clOrdId, String quantity, String price) throws SessionNotFound {
        Order o = orders.get(clOrdId);
        if (o == null) throw new AssertionError("no order " + clOrdId + " at the venue: " + orders.keySet());
        synchronized (o) {
            BigDecimal q = new BigDecimal(quantity);
            BigDecimal px = new BigDecimal(price);
            o.cumulative = o.cumulative.add(q);
            o.notional = o.notional.add(q.multiply(px));
            if (o.cumulative.compareTo(o.quantity) >= 0) o.done = true;
            quickfix.fix44.ExecutionReport r = report(o, ExecType.TRADE);
            r.set(new LastQty(q.doubleValue()));
            r.set(new LastPx(px.doubleValue()));
            send(r);
        }
    }

    private quickfix.fix44.ExecutionReport report(Order o, char execType) {
        return report(o, execType, o.status());
    }

    private quickfix.fix44.ExecutionReport report(Order o, char execType, char ordStatus) {
        BigDecimal avg = o.cumulative.signum() == 0 ? BigDecimal.ZERO : o.notional.divide(o.cumulative, 8, java.math.RoundingMode.HALF_EVEN);
        BigDecimal leaves = o.done ? BigDecimal.ZERO : o.quantity.subtract(o.cumulative).max(BigDecimal.ZERO);
        quickfix.fix44.ExecutionReport r = new quickfix.fix44.ExecutionReport(new OrderID(o.orderId), new ExecID("X" + nextExecId.getAndIncrement()),
                new ExecType(execType), new OrdStatus(ordStatus), new Side(o.side), new LeavesQty(leaves.doubleValue()),
                new CumQty(o.cumulative.doubleValue()), new AvgPx(avg.doubleValue()));
        r.set(new ClOrdID(o.clOrdId));
        r.set(new Symbol(o.symbol));
        r.set(new OrderQty(o.quantity.doubleValue()));
        r.set(new Price(o.price.doubleValue()));
        r.set(new TransactTime(LocalDateTime.now(ZoneOffset.UTC)));
        return r;
    }

    private void send(Message m) throws SessionNotFound {
        Session.sendToTarget(m, sessionId);
    }

    @Override
    public void fromApp(Message message, SessionID id) {
        requests.incrementAndGet();
        try {
            switch (message.getHeader().getString(MsgType.FIELD)) {
                case MsgType.ORDER_SINGLE -> onNew(message);
                case MsgType.ORDER_CANCEL_REQUEST -> onCancel(message, false);
                case MsgType.ORDER_CANCEL_REPLACE_REQUEST -> onCancel(message, true);
                case MsgType.ORDER_STATUS_REQUEST -> {
                    statusRequests.incrementAndGet();
                    if (answerStatusRequests) onStatus(message);
                }
                default -> { }
            }
        } catch (FieldNotFound | SessionNotFound e) {
            throw new IllegalStateException("the scripted venue could not answer " + message, e);
        }
    }

    private void onNew(Message m) throws FieldNotFound, SessionNotFound {
        Order o = new Order("V" + nextOrderId.getAndIncrement(), m.getString(ClOrdID.FIELD), m.getChar(Side.FIELD), m.getString(Symbol.FIELD),
                new BigDecimal(m.getString(OrderQty.FIELD)), m.isSetField(Price.FIELD) ? new BigDecimal(m.getString(Price.FIELD)) : BigDecimal.ZERO);
        orders.put(o.clOrdId, o);
        synchronized (o) {
            if (pendingStates) send(report(o, ExecType.PENDING_NEW, OrdStatus.PENDING_NEW));
            send(report(o, ExecType.NEW));
        }
    }

    /** OrderStatusRequest: the order's state as an ExecutionReport with ExecType I; an unknown order's has OrdStatus REJECTED. */
    private void onStatus(Message m) throws FieldNotFound, SessionNotFound {
        Order o = orders.get(m.getString(ClOrdID.FIELD));
        if (o == null) {
            quickfix.fix44.ExecutionReport r = new quickfix.fix44.ExecutionReport(new OrderID("NONE"), new ExecID("X" + nextExecId.getAndIncrement()),
                    new ExecType(ExecType.ORDER_STATUS), new OrdStatus(OrdStatus.REJECTED), new Side(m.getChar(Side.FIELD)), new LeavesQty(0),
                    new CumQty(0), new AvgPx(0));
            r.set(new ClOrdID(m.getString(ClOrdID.FIELD)));
            r.set(new Symbol(m.getString(Symbol.FIELD)));
            r.set(new quickfix.field.OrdRejReason(quickfix.field.OrdRejReason.UNKNOWN_ORDER));
            send(r);
            return;
        }
        synchronized (o) {
            send(report(o, ExecType.ORDER_STATUS));
        }
    }

    /** The messages of type {@code msgType} (35) that arrived from Flox's side since {@code from} (an index into {@link #wire}). */
    java.util.List<String> received(String msgType, int from) {
        java.util.List<String> all = java.util.List.copyOf(wire); // a snapshot: a sublist of the live list fails when the venue appends
        return all.subList(Math.min(from, all.size()), all.size()).stream().filter(m -> msgType.equals(field(m, 35))).toList();
    }

    /** The value of {@code tag} in the raw message {@code raw} (SOH-delimited, first occurrence), or null. */
    static String field(String raw, int tag) {
        String text = "\u0001" + raw, key = "\u0001" + tag + "=";
        int at = text.indexOf(key);
        if (at < 0) return null;
        int end = text.indexOf('\u0001', at + key.length());
        return text.substring(at + key.length(), end < 0 ? text.length() : end);
    }

    /** A TestRequest (35=1) with TestReqID (112) {@code id}, in sequence. */
    void testRequest(String id) throws SessionNotFound {
        send(new quickfix.fix44.TestRequest(new quickfix.field.TestReqID(id)));
    }

    /**
     * A SequenceReset in reset mode (35=4, GapFillFlag 123 absent when {@code gapFillFlag} is
     * null, else 123=N): NewSeqNo (36) {@code skipped} numbers beyond the reset's own, and the
     * venue's next outgoing number moved there, as a venue does that resets its side. Returns the
     * new number. (Nothing else of the venue's is sent meanwhile: the test thread is its only
     * sender and the heartbeat interval is long.)
     */
    int sequenceReset(int skipped, Boolean gapFillFlag) throws SessionNotFound, java.io.IOException {
        Session s = session();
        int newSeqNo = s.getExpectedSenderNum() + 1 + skipped;
        quickfix.fix44.SequenceReset reset = new quickfix.fix44.SequenceReset(new quickfix.field.NewSeqNo(newSeqNo));
        if (gapFillFlag != null) reset.set(new quickfix.field.GapFillFlag(gapFillFlag));
        send(reset);
        s.setNextSenderMsgSeqNum(newSeqNo);
        return newSeqNo;
    }

    /**
     * The venue forgets it had Flox's messages from {@code begin} on (its next expected incoming
     * number goes back there) and sends a ResendRequest (35=2) for {@code begin} to {@code end}
     * (0: all that follow), as a venue does that lost them.
     */
    void lostFromAndAskResend(int begin, int end) throws SessionNotFound, java.io.IOException {
        session().setNextTargetMsgSeqNum(begin);
        send(new quickfix.fix44.ResendRequest(new quickfix.field.BeginSeqNo(begin), new quickfix.field.EndSeqNo(end)));
    }

    /** The venue's side of the session (null before the first logon). */
    Session session() {
        return Session.lookupSession(sessionId);
    }

    /** Writes {@code raw} on the connection as it is, outside the session layer (a garbled message): false when not connected. */
    boolean sendRaw(String raw) {
        Session s = Session.lookupSession(sessionId);
        quickfix.Responder r = s == null ? null : s.getResponder();
        return r != null && r.send(raw);
    }

    /**
     * Sends, in sequence, an ExecutionReport for {@code clOrdId} without its required OrdStatus
     * (39) that would otherwise fill it whole: well framed, so the receiving session must refuse
     * it with a Reject and go on.
     */
    void sendReportWithoutOrdStatus(String clOrdId) throws SessionNotFound {
        Order o = orders.get(clOrdId);
        if (o == null) throw new AssertionError("no order " + clOrdId + " at the venue: " + orders.keySet());
        quickfix.fix44.ExecutionReport r;
        synchronized (o) {
            r = report(o, ExecType.TRADE);
        }
        r.removeField(OrdStatus.FIELD);
        r.set(new CumQty(o.quantity.doubleValue())); // were it applied, a whole fill
        r.set(new LastQty(o.quantity.doubleValue()));
        r.set(new LastPx(o.price.doubleValue()));
        send(r);
    }

    /** Fills at the venue without telling anyone (the report lost while Flox was away); a status request then shows it. */
    void fillSilently(String clOrdId, String quantity, String price) {
        Order o = orders.get(clOrdId);
        if (o == null) throw new AssertionError("no order " + clOrdId + " at the venue: " + orders.keySet());
        synchronized (o) {
            BigDecimal q = new BigDecimal(quantity);
            o.cumulative = o.cumulative.add(q);
            o.notional = o.notional.add(q.multiply(new BigDecimal(price)));
        }
    }

    private void onCancel(Message m, boolean replace) throws FieldNotFound, SessionNotFound {
        String clOrdId = m.getString(ClOrdID.FIELD);
        String orig = m.getString(OrigClOrdID.FIELD);
        Order o = orders.get(orig);
        if (o == null || o.done || refuseCancels) {
            quickfix.fix44.OrderCancelReject reject = new quickfix.fix44.OrderCancelReject(new OrderID(o == null ? "NONE" : o.orderId),
                    new ClOrdID(clOrdId), new OrigClOrdID(orig), new OrdStatus(o == null ? OrdStatus.REJECTED : o.status()),
                    new CxlRejResponseTo(replace ? CxlRejResponseTo.ORDER_CANCEL_REPLACE_REQUEST : CxlRejResponseTo.ORDER_CANCEL_REQUEST));
            reject.set(new CxlRejReason(o == null ? CxlRejReason.UNKNOWN_ORDER : CxlRejReason.OTHER));
            reject.set(new Text(o == null ? "unknown order" : o.done ? "too late to cancel" : "scripted refusal"));
            send(reject);
            return;
        }
        synchronized (o) {
            if (pendingStates) { // under the order's original ClOrdID, as FIX 4.4 has it: the pending state of the request
                quickfix.fix44.ExecutionReport p = report(o, replace ? ExecType.PENDING_REPLACE : ExecType.PENDING_CANCEL,
                        replace ? OrdStatus.PENDING_REPLACE : OrdStatus.PENDING_CANCEL);
                p.set(new ClOrdID(clOrdId));
                p.set(new OrigClOrdID(orig));
                send(p);
            }
            orders.remove(orig);
            o.clOrdId = clOrdId;
            orders.put(clOrdId, o);
            quickfix.fix44.ExecutionReport r;
            if (replace) {
                o.quantity = new BigDecimal(m.getString(OrderQty.FIELD));
                if (m.isSetField(Price.FIELD)) o.price = new BigDecimal(m.getString(Price.FIELD));
                r = report(o, ExecType.REPLACED);
            } else {
                o.done = true;
                r = report(o, ExecType.CANCELED);
            }
            r.set(new OrigClOrdID(orig));
            send(r);
        }
    }

    @Override public void onCreate(SessionID id) { }
    @Override public void onLogon(SessionID id) { }
    @Override public void onLogout(SessionID id) { }
    @Override public void toAdmin(Message message, SessionID id) { }
    @Override
    public void fromAdmin(Message message, SessionID id) {
        try {
            if (MsgType.REJECT.equals(message.getHeader().getString(MsgType.FIELD))) rejectsReceived.incrementAndGet();
        } catch (FieldNotFound e) {
            throw new IllegalStateException(e);
        }
    }
    @Override public void toApp(Message message, SessionID id) { }

    @Override
    public void close() {
        acceptor.stop(true);
    }

    /**
     * The venue's process dies: the connection drops without a Logout. Its file store keeps what
     * it had, and what {@code whileDown} sends meanwhile is stored and numbered but never reaches
     * the wire (a venue that made the messages and died before writing them), until a restarted
     * venue on the same store resends them on request.
     */
    void kill(Runnable whileDown) throws java.io.IOException {
        Session s = session();
        if (s != null) s.disconnect("killed", false); // no Logout: stop() below finds no session logged on
        whileDown.run();
        acceptor.stop(true);
    }
}
