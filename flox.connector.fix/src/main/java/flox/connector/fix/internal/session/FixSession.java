package flox.connector.fix.internal.session;

import flox.api.event.VenueState;
import flox.api.order.OrderTracker;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolRegistry;
import flox.connector.fix.internal.orders.FixClientIds;
import flox.connector.fix.internal.orders.FixOrderEntry;
import flox.connector.fix.internal.wire.FixFields;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Arrays;
import java.util.function.LongSupplier;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.DoNotSend;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;

/**
 * One FIX 4.4 initiator session on QuickFIX/J ({@link SocketInitiator}, a file store so a restart
 * resumes the sequence numbers) and its {@link FixOrderEntry}: QuickFIX/J's receiving thread
 * hands every application message and every Reject to the order entry; a sending thread of its
 * own ({@code flox-fix-send-EXCHANGE}) runs {@link FixOrderEntry#doWork}. Logon carries the
 * configured Username (553) and Password (554); QuickFIX/J's log lines are masked
 * ({@link MaskedLog}). Messages are not persisted (PersistMessages=N): a counterparty's resend
 * request is answered with a gap fill, so an order is never sent again after a reconnect as a
 * stale PossDup. The session state is told to a {@link StateListener}: CONNECTING until logon,
 * SYNCING while the logon's reconciliation waits for answers (again when it is overdue), LIVE
 * once reconciled, DISCONNECTED after a logout or a lost connection (QuickFIX/J reconnects by
 * the configured intervals).
 *
 * <p>Threading: {@link #start} and {@link #stop} on the lifecycle's thread; callbacks on
 * QuickFIX/J's threads. The receiving path allocates nothing of Flox's (QuickFIX/J parses each
 * message into its own objects first).
 */
public final class FixSession implements Application, FixOrderEntry.Outbound {
    /** Told the session's state; called on QuickFIX/J's threads. */
    public interface StateListener {
        void state(VenueState state, String why);
    }

    /** What a session needs; see the component's metatype for each. */
    public static final class Settings extends FixSessions.Connection {
        /** The exact ClOrdID prefix (tests: one fixed per run they simulate); null: {@link #clientIdLead} and the run's start. */
        public String clientIdPrefix;
        /** The leading characters of each run's prefix ({@code client.id.prefix}); null: "FLX". */
        public String clientIdLead;
        public int orderQueueBytes = 1 << 16;
        /** How long a logon's status queries may go unanswered before the rest are asked again and the delay said (ms). */
        public long reconcileWaitMs = FixOrderEntry.DEFAULT_RECONCILE_WAIT_NS / 1_000_000;
        /** The sending thread when idle ({@code send.idle}). */
        public SendIdle sendIdle = SendIdle.PARK;
    }

    /** What the sending thread does while it has no command ({@code send.idle}). */
    public enum SendIdle {
        /** Spins briefly, yields, then parks until a caller's command unparks it: no core held; each order after a pause pays a wake-up. */
        PARK,
        /**
         * Yields in a loop and never parks: any other runnable thread takes the core first, and an
         * order never waits for a wake-up (a sleeping CPU's, on a VM); the core shows busy.
         */
        YIELD,
        /** Spins and never parks: the lowest latency; it holds a whole core. */
        SPIN
    }

    private static final System.Logger LOG = System.getLogger("flox.fix");
    /** The sending thread, idle: spins, then yields, then parks until a command comes (at most this long: stop and the reconciliation's limit are checked). */
    private static final int IDLE_SPINS = 100, IDLE_YIELDS = 10;
    private static final long IDLE_PARK_NS = 1_000_000L;

    private final Settings settings;
    private final SessionID sessionId;
    private final FixOrderEntry entry;
    private final StateListener listener;
    private final LongSupplier nanoClock;
    private final FixFields fields = new FixFields(); // the receiving thread's
    private final SocketInitiator initiator;
    private volatile Session session;
    private final GarbledFrameProbe garbledFrames;
    private volatile boolean running;
    /**
     * Set by onLogon, cleared by onLogout, both under {@link #stateLock}: the venue state told to
     * the listener (LIVE when reconciled, SYNCING when overdue, DISCONNECTED at logout) is decided
     * under that lock against it, so a LIVE or SYNCING from another thread never lands after the
     * DISCONNECTED of a logout, nor a SYNCING after the LIVE of a finished round.
     */
    private boolean loggedOn;
    private final Object stateLock = new Object();
    private final java.util.concurrent.atomic.AtomicLong gapFillRounds = new java.util.concurrent.atomic.AtomicLong();
    private Thread sender;

    public FixSession(Settings settings, SymbolRegistry symbols, OrderTracker tracker, ExecutionReports reports, StateListener listener,
                      Clock clock, LongSupplier nanoClock) throws ConfigError {
        this.settings = settings;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.sessionId = new SessionID("FIX.4.4", settings.senderCompId, settings.targetCompId);
        FixClientIds ids = settings.clientIdPrefix != null ? new FixClientIds(settings.clientIdPrefix)
                : FixClientIds.forRunStartedAt(settings.clientIdLead == null ? "FLX" : settings.clientIdLead, clock.millis());
        this.entry = new FixOrderEntry(settings.exchange, symbols, tracker, reports, ids, this, clock, settings.orderQueueBytes,
                settings.reconcileWaitMs * 1_000_000);
        SessionSettings s = FixSessions.initiator(sessionId, settings);
        initiator = new SocketInitiator(this, new FileStoreFactory(s), s, MaskedLog.factory(settings.exchange), new DefaultMessageFactory());
        garbledFrames = new GarbledFrameProbe(() -> session);
    }

    /** Frames QuickFIX/J's decoder dropped while this session ran, and the TestRequests they made it send. */
    public GarbledFrameProbe garbledFrames() {
        return garbledFrames;
    }

    public FixOrderEntry orderEntry() {
        return entry;
    }

    public SessionID sessionId() {
        return sessionId;
    }

    /** Starts connecting (QuickFIX/J's threads) and the sending thread; returns at once. */
    public synchronized void start() throws ConfigError {
        if (running) return;
        running = true;
        entry.awaitLogon(); // nothing new goes out before the logon was handled (reconciliation begun)
        listener.state(VenueState.CONNECTING, "connecting to " + settings.host + ":" + settings.port);
        sender = new Thread(this::sendLoop, "flox-fix-send-" + settings.exchange);
        sender.setDaemon(true);
        sender.start();
        garbledFrames.open();
        initiator.start();
    }

    /** Logs out (QuickFIX/J waits for the counterparty's logout briefly), stops the sending thread; the password is cleared. */
    public synchronized void stop() {
        if (!running) return;
        running = false;
        initiator.stop();
        garbledFrames.close();
        Thread t = sender;
        if (t != null) {
            t.interrupt();
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (t.isAlive()) LOG.log(Level.ERROR, "FIX " + settings.exchange + ": the sending thread did not stop within 5 s");
        }
        if (settings.password != null) Arrays.fill(settings.password, '\0');
        synchronized (stateLock) {
            loggedOn = false;
            listener.state(VenueState.DISCONNECTED, "stopped");
        }
    }

    private void sendLoop() {
        int idle = 0;
        while (running) {
            try {
                if (entry.isReconciling()) entry.checkReconciliation(nanoClock.getAsLong());
                if (entry.doWork(256) > 0) {
                    idle = 0;
                } else if (settings.sendIdle == SendIdle.SPIN || ++idle <= IDLE_SPINS) {
                    Thread.onSpinWait();
                } else if (settings.sendIdle == SendIdle.YIELD || idle <= IDLE_SPINS + IDLE_YIELDS) {
                    Thread.yield();
                } else {
                    entry.parkUntilWork(IDLE_PARK_NS); // a caller's command unparks it at once
                }
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "FIX " + settings.exchange + ": the sending thread's work failed", e);
            }
        }
    }

    // ------------------------------------------------------------------ FixOrderEntry.Outbound (sending thread)

    @Override
    public boolean isLoggedOn() {
        Session s = session;
        return s != null && s.isLoggedOn();
    }

    @Override
    public boolean send(Message message) {
        Session s = session;
        return s != null && s.send(message);
    }

    // ------------------------------------------------------------------ quickfix.Application (QuickFIX/J's threads)

    @Override
    public void onCreate(SessionID id) {
        session = Session.lookupSession(id);
    }

    @Override
    public void onLogon(SessionID id) {
        // reconciliation first: LIVE (new orders allowed) once the venue has said what became of every open order
        entry.onReconciled(() -> {
            synchronized (stateLock) {
                if (loggedOn && !entry.isReconciling()) listener.state(VenueState.LIVE, "logged on as " + id + "; open orders reconciled");
            }
        });
        entry.onReconcileOverdue(why -> {
            LOG.log(Level.ERROR, "FIX " + settings.exchange + ": " + why + "; new orders stay refused (not LIVE) until every one is answered");
            synchronized (stateLock) {
                if (loggedOn && entry.isReconciling()) listener.state(VenueState.SYNCING, why); // not after the round's LIVE
            }
        });
        synchronized (stateLock) {
            loggedOn = true;
        }
        int asked = entry.reconcile(() -> listener.state(VenueState.SYNCING, "logged on as " + id + "; asking the state of the open orders"),
                nanoClock.getAsLong());
        if (asked == 0) {
            synchronized (stateLock) {
                if (loggedOn) listener.state(VenueState.LIVE, "logged on as " + id);
            }
        }
    }

    @Override
    public void onLogout(SessionID id) {
        synchronized (stateLock) {
            loggedOn = false;
            entry.stopReconciling();
            listener.state(VenueState.DISCONNECTED, running ? "logged out; reconnecting" : "logged out");
        }
    }

    @Override
    public void toAdmin(Message message, SessionID id) {
        String type = msgType(message);
        if ("4".equals(type)) {
            onSequenceResetSent(message, id);
            return;
        }
        if (!"A".equals(type)) return;
        if (settings.username != null && !settings.username.isEmpty()) message.setString(553, settings.username);
        if (settings.password != null && settings.password.length > 0) message.setString(554, new String(settings.password));
    }

    /**
     * Our gap fill answers the counterparty's ResendRequest (Flox keeps no messages to resend: a
     * stale order must never go out again). It runs to our next number, so it also covers a
     * request the counterparty held back when it saw the gap (it asks from the gap to the end), and
     * the counterparty then drops that request: an order would stay PENDING_NEW here with nothing
     * at the venue. So every gap fill mid-session is followed by a reconciliation round, as at
     * logon: each open order's state is asked, new orders wait (SYNCING) until every one is
     * answered, and an order the venue never took comes back unknown, so rejected. The queries take
     * numbers after the gap fill's end (fixed before this is called) and go out after it
     * (QuickFIX/J holds its sending lock through this call and the gap fill's send), never under
     * it. On the session's thread.
     */
    private void onSequenceResetSent(Message message, SessionID id) {
        try {
            if (!message.isSetField(123) || !message.getBoolean(123)) return; // a reset, not a gap fill
        } catch (quickfix.FieldNotFound | quickfix.FieldException e) {
            return;
        }
        synchronized (stateLock) {
            if (!loggedOn || entry.isReconciling()) return; // the logon's round asks every open order already
        }
        int asked = entry.reconcile(() -> listener.state(VenueState.SYNCING, "gap-filled the counterparty's resend request as " + id
                + "; asking the state of the open orders (one it held back is dropped there)"), nanoClock.getAsLong());
        if (asked > 0) {
            gapFillRounds.incrementAndGet();
            LOG.log(Level.INFO, "FIX " + settings.exchange + ": gap-filled a resend request; asking the state of " + asked + " open order(s)");
        }
    }

    /** Reconciliation rounds that asked open orders after a gap fill mid-session ({@link #onSequenceResetSent}). */
    public long gapFillRounds() {
        return gapFillRounds.get();
    }

    @Override
    public void fromAdmin(Message message, SessionID id) {
        String type = msgType(message);
        if ("3".equals(type)) {
            receive(message);
        } else if ("5".equals(type) && message.isSetField(58)) {
            LOG.log(Level.WARNING, "FIX " + settings.exchange + ": logout from the counterparty: " + MaskedLog.mask(message.toRawString()));
        }
    }

    @Override
    public void toApp(Message message, SessionID id) throws DoNotSend {
        if (!entry.onToApp(message)) throw new DoNotSend(); // not the request in flight: a resend of an old one, gap-filled instead
    }

    @Override
    public void fromApp(Message message, SessionID id) {
        receive(message);
    }

    private void receive(Message message) {
        String raw = message.toRawString();
        if (raw == null) return;
        if (fields.wrap(raw)) {
            entry.onMessage(fields, nanoClock.getAsLong());
        } else {
            LOG.log(Level.WARNING, "FIX " + settings.exchange + ": message not read: " + fields.problem() + ": " + MaskedLog.mask(raw));
        }
    }

    private static String msgType(Message message) {
        try {
            return message.getHeader().getString(35);
        } catch (quickfix.FieldNotFound e) {
            return "";
        }
    }
}
