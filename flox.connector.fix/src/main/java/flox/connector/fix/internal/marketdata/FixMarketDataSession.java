package flox.connector.fix.internal.marketdata;

import flox.api.bus.MarketDataBus;
import flox.api.event.VenueState;
import flox.api.event.VenueStateReason;
import flox.api.symbol.SymbolRegistry;
import flox.connector.fix.internal.session.MaskedLog;
import flox.connector.fix.internal.wire.FixFields;
import java.lang.System.Logger.Level;
import java.util.Arrays;
import java.util.List;
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
import quickfix.field.MDEntryType;
import quickfix.field.MDReqID;
import quickfix.field.MDUpdateType;
import quickfix.field.MarketDepth;
import quickfix.field.SubscriptionRequestType;
import quickfix.field.Symbol;

/**
 * One FIX 4.4 market-data initiator session on QuickFIX/J ({@link SocketInitiator}, a file store,
 * reconnect by the configured intervals, {@link MaskedLog}) feeding a {@link MarketDataDecoder}.
 * At each logon every symbol of the exchange in the registry is subscribed, one
 * MarketDataRequest (35=V) each: SubscriptionRequestType 1 (snapshot and updates), MarketDepth
 * from the settings, MDUpdateType 1 (incremental), entry types bid, offer and trade. The session
 * ID carries the qualifier {@value #QUALIFIER} (local, not sent), so the order-entry session may
 * use the same comp ids on another connection.
 *
 * <p>State (told to a {@link StateListener}): CONNECTING at start, SYNCING after logon until
 * every subscribed symbol's book has its snapshot, LIVE, SYNCING again while a book waits for a
 * new snapshot, DISCONNECTED on logout or a lost connection (every book published INVALID first)
 * and at stop. Messages are not persisted (PersistMessages=N): a resend request is answered with
 * a gap fill, never with an old subscription. A SequenceReset-GapFill from the counterparty while
 * books are valid may have skipped market data: those books go INVALID and are subscribed again.
 *
 * <p>Threading: start/stop on the lifecycle's thread; callbacks on QuickFIX/J's threads. The
 * books are republished whole every {@code snapshotIntervalMs} at the first message received
 * after it (heartbeats included, so at least every HeartBtInt). Requests are sent outside the
 * decoder's lock. QuickFIX/J parses and validates each message into its own objects first (about
 * 4 KB a message, measured for ExecutionReports); Flox reads the message's text once into a
 * reused {@link FixFields} and allocates nothing more per message.
 */
public final class FixMarketDataSession implements Application {
    /** QuickFIX/J's SessionQualifier of a market-data session (not on the wire). */
    public static final String QUALIFIER = "md";

    /** Told the session's state; called on QuickFIX/J's threads and the lifecycle's. */
    public interface StateListener {
        void state(VenueState state, VenueStateReason reason, String why);
    }

    /** What a session needs; see the component's metatype for each. */
    public static final class Settings extends flox.connector.fix.internal.session.FixSessions.Connection {
        /** MarketDepth (264): 0 the full book, 1 the top of book, N the best N levels. */
        public int marketDepth;
        /** Levels kept per side of each book (and most per side of one snapshot). */
        public int bookLevels = 5_000;
        public long snapshotIntervalMs = 5_000;
        public long resubscribeIntervalMs = 10_000;
    }

    private static final System.Logger LOG = System.getLogger("flox.fix.md");

    private final Settings settings;
    private final SessionID sessionId;
    private final StateListener listener;
    private final LongSupplier nanoClock;
    private final MarketDataDecoder decoder;
    private final FixFields fields = new FixFields(); // the receiving thread's
    private final SocketInitiator initiator;
    private final long snapshotIntervalNs;
    private volatile Session session;
    /** Frames QuickFIX/J's decoder dropped while this session ran; a TestRequest after each (see the class). */
    private final flox.connector.fix.internal.session.GarbledFrameProbe garbledFrames;
    private volatile boolean running;
    private volatile boolean loggedOn;
    private volatile VenueState state;
    private long nextRepublishNs;
    private volatile long requestsSent;
    private volatile long logons;

    public FixMarketDataSession(Settings settings, SymbolRegistry symbols, MarketDataBus bus, StateListener listener, LongSupplier nanoClock,
                                String reqIdPrefix) throws ConfigError {
        this.settings = settings;
        this.listener = listener;
        this.nanoClock = nanoClock;
        this.snapshotIntervalNs = settings.snapshotIntervalMs * 1_000_000L;
        this.sessionId = new SessionID("FIX.4.4", settings.senderCompId, settings.targetCompId, QUALIFIER);
        this.decoder = new MarketDataDecoder(settings.exchange, symbols, bus, settings.bookLevels, settings.resubscribeIntervalMs * 1_000_000L,
                reqIdPrefix);
        SessionSettings s = flox.connector.fix.internal.session.FixSessions.initiator(sessionId, settings);
        s.setString(sessionId, "ValidateFieldsOutOfOrder", "N");
        initiator = new SocketInitiator(this, new FileStoreFactory(s), s, MaskedLog.factory(settings.exchange + " md"), new DefaultMessageFactory());
        garbledFrames = new flox.connector.fix.internal.session.GarbledFrameProbe(() -> session);
    }

    public MarketDataDecoder decoder() {
        return decoder;
    }

    public SessionID sessionId() {
        return sessionId;
    }

    public boolean isLoggedOn() {
        Session s = session;
        return s != null && s.isLoggedOn();
    }

    public VenueState state() {
        return state;
    }

    public long requestsSent() {
        return requestsSent;
    }

    public long logons() {
        return logons;
    }

    /** Frames QuickFIX/J's decoder dropped while this session ran, and the TestRequests they made it send. */
    public flox.connector.fix.internal.session.GarbledFrameProbe garbledFrames() {
        return garbledFrames;
    }

    /** Starts connecting on QuickFIX/J's threads; returns at once. */
    public synchronized void start() throws ConfigError {
        if (running) return;
        running = true;
        state(VenueState.CONNECTING, VenueStateReason.STARTUP, "connecting to " + settings.host + ":" + settings.port);
        garbledFrames.open();
        initiator.start();
    }

    /** Logs out (QuickFIX/J waits for the counterparty's logout briefly); the books are published INVALID; the password is cleared. */
    public synchronized void stop() {
        if (!running) return;
        running = false;
        decoder.close();
        initiator.stop();
        garbledFrames.close();
        loggedOn = false;
        decoder.invalidateAll(nanoClock.getAsLong());
        if (settings.password != null) Arrays.fill(settings.password, '\0');
        state(VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "stopped");
        LOG.log(Level.INFO, "FIX md " + settings.exchange + " stopped: " + decoder.counters());
    }

    // ------------------------------------------------------------------ quickfix.Application (QuickFIX/J's threads)

    @Override
    public void onCreate(SessionID id) {
        session = Session.lookupSession(id);
    }

    @Override
    public void onLogon(SessionID id) {
        loggedOn = true;
        logons++;
        List<MarketDataDecoder.Request> requests = decoder.subscribeAll();
        if (requests.isEmpty()) {
            LOG.log(Level.ERROR, "FIX md " + settings.exchange + ": logged on, but the registry has no symbol of exchange " + settings.exchange
                    + " (symbols.csv): nothing subscribed");
        }
        state(VenueState.SYNCING, VenueStateReason.NONE, "logged on as " + id + "; " + requests.size() + " market data request(s) sent");
        for (MarketDataDecoder.Request r : requests) send(r, false);
        nextRepublishNs = nanoClock.getAsLong() + snapshotIntervalNs;
    }

    @Override
    public void onLogout(SessionID id) {
        loggedOn = false;
        decoder.invalidateAll(nanoClock.getAsLong());
        if (running) state(VenueState.DISCONNECTED, VenueStateReason.CONNECTION_LOST, "logged out; reconnecting");
    }

    @Override
    public void toAdmin(Message message, SessionID id) {
        if (!"A".equals(msgType(message))) return;
        if (settings.username != null && !settings.username.isEmpty()) message.setString(553, settings.username);
        if (settings.password != null && settings.password.length > 0) message.setString(554, new String(settings.password));
    }

    @Override
    public void fromAdmin(Message message, SessionID id) {
        String type = msgType(message);
        if ("4".equals(type) && flag(message, 123)) {
            decoder.onGapFill(nanoClock.getAsLong()); // skipped messages may have been market data
        } else if ("5".equals(type) && message.isSetField(58)) {
            LOG.log(Level.WARNING, "FIX md " + settings.exchange + ": logout from the counterparty: " + MaskedLog.mask(message.toRawString()));
        }
        afterMessage();
    }

    @Override
    public void toApp(Message message, SessionID id) throws DoNotSend {
        if (flag(message.getHeader(), 43)) throw new DoNotSend(); // PossDup: never an old subscription again (resends are gap-filled anyway)
    }

    @Override
    public void fromApp(Message message, SessionID id) {
        String raw = message.toRawString();
        if (raw != null) {
            if (fields.wrap(raw)) {
                decoder.onMessage(fields, nanoClock.getAsLong());
            } else {
                LOG.log(Level.WARNING, "FIX md " + settings.exchange + ": message not read: " + fields.problem() + ": " + MaskedLog.mask(raw));
            }
        }
        afterMessage();
    }

    /** After each received message: resubscriptions due, the periodic republish, the state. */
    private void afterMessage() {
        if (!loggedOn) return;
        long now = nanoClock.getAsLong();
        MarketDataDecoder.Request r;
        while ((r = decoder.pollResubscribe(now)) != null) send(r, true);
        if (now - nextRepublishNs >= 0) {
            nextRepublishNs = now + snapshotIntervalNs;
            decoder.republish(now);
        }
        boolean all = decoder.allValid();
        VenueState s = state;
        if (all && s != VenueState.LIVE) {
            state(VenueState.LIVE, VenueStateReason.NONE, "every book has its snapshot");
        } else if (!all && s == VenueState.LIVE) {
            state(VenueState.SYNCING, VenueStateReason.SEQUENCE_GAP, (decoder.activeCount() - decoder.validCount()) + " book(s) waiting for a snapshot");
        }
    }

    private void state(VenueState next, VenueStateReason reason, String why) {
        synchronized (this.listener) {
            state = next;
            listener.state(next, reason, why);
        }
    }

    /** The MarketDataRequest of {@code r} (after the unsubscribe of its previous MDReqID when {@code again}). Cold path. */
    private void send(MarketDataDecoder.Request r, boolean again) {
        Session s = session;
        if (s == null) return;
        if (again && r.previousMdReqId() != null) s.send(request(r.previousMdReqId(), r.symbol(), SubscriptionRequestType.DISABLE_PREVIOUS_SNAPSHOT_UPDATE_REQUEST));
        if (s.send(request(r.mdReqId(), r.symbol(), SubscriptionRequestType.SNAPSHOT_UPDATES))) {
            requestsSent++;
        } else {
            LOG.log(Level.WARNING, "FIX md " + settings.exchange + ": the MarketDataRequest for " + r.symbol() + " could not be sent (logged out); "
                    + "it is sent again at the next logon");
        }
    }

    /** A MarketDataRequest (35=V) for one symbol. */
    quickfix.fix44.MarketDataRequest request(String mdReqId, String symbol, char subscription) {
        quickfix.fix44.MarketDataRequest m = new quickfix.fix44.MarketDataRequest(new MDReqID(mdReqId), new SubscriptionRequestType(subscription),
                new MarketDepth(settings.marketDepth));
        m.set(new MDUpdateType(MDUpdateType.INCREMENTAL_REFRESH));
        for (char type : new char[] {MDEntryType.BID, MDEntryType.OFFER, MDEntryType.TRADE}) {
            quickfix.fix44.MarketDataRequest.NoMDEntryTypes g = new quickfix.fix44.MarketDataRequest.NoMDEntryTypes();
            g.set(new MDEntryType(type));
            m.addGroup(g);
        }
        quickfix.fix44.MarketDataRequest.NoRelatedSym sym = new quickfix.fix44.MarketDataRequest.NoRelatedSym();
        sym.set(new Symbol(symbol));
        m.addGroup(sym);
        return m;
    }

    private static boolean flag(quickfix.FieldMap m, int tag) {
        try {
            return m.isSetField(tag) && m.getBoolean(tag);
        } catch (quickfix.FieldNotFound | quickfix.FieldException e) {
            return false;
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
