package flox.bench.fix;

import java.nio.file.Path;
import quickfix.Application;
import quickfix.ConfigError;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.FileStoreFactory;
import quickfix.Message;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionSettings;
import quickfix.SocketInitiator;
import quickfix.UtcTimestampPrecision;

/**
 * The baseline: a bare QuickFIX/J 2.3.2 initiator at its best, in the same JVM and against the
 * same acceptor as Flox's session, with the same session settings (file store, PersistMessages=N,
 * FIX44.xml validation, TCP_NODELAY) and no message log (Flox's logs messages at DEBUG only). The caller's thread builds a NewOrderSingle
 * (one message reused, the fields Flox sends: 11, 55, 54, 60, 38, 40, 44, 59) and calls
 * {@code Session.send}; QuickFIX/J's thread calls {@code fromApp} with each ExecutionReport,
 * where OrdStatus 0 is the acknowledgement and 2 the fill.
 */
final class BareClient implements Application, AutoCloseable {
    /** No log (QuickFIX/J's default would print every message to the screen); Flox's logs messages only at DEBUG, off here. */
    private static final quickfix.Log NO_LOG = new quickfix.Log() {
        @Override public void clear() { }
        @Override public void onIncoming(String message) { }
        @Override public void onOutgoing(String message) { }
        @Override public void onEvent(String text) { }
        @Override public void onErrorEvent(String text) { }
    };

    private final SessionID id = new SessionID("FIX.4.4", ExecutorProcess.BARE, ExecutorProcess.SENDER);
    private final SocketInitiator initiator;
    private final quickfix.fix44.NewOrderSingle order = new quickfix.fix44.NewOrderSingle();
    private final StringBuilder text = new StringBuilder(32);
    final RoundTrips trips = new RoundTrips();
    private volatile Session session;

    BareClient(int port, Path store) throws ConfigError {
        SessionSettings s = new SessionSettings();
        s.setString(id, "ConnectionType", "initiator");
        s.setString(id, "SocketConnectHost", "127.0.0.1");
        s.setLong(id, "SocketConnectPort", port);
        s.setLong(id, "HeartBtInt", 30);
        s.setString(id, "ReconnectInterval", "1");
        s.setString(id, "FileStorePath", store.toString());
        s.setString(id, "StartTime", "00:00:00");
        s.setString(id, "EndTime", "00:00:00");
        s.setString(id, "NonStopSession", "Y");
        s.setString(id, "UseDataDictionary", "Y");
        s.setString(id, "DataDictionary", "FIX44.xml");
        s.setString(id, "PersistMessages", "N");
        s.setString(id, "ValidateUserDefinedFields", "N");
        s.setString(id, "AllowUnknownMsgFields", "Y");
        s.setString(id, "SocketTcpNoDelay", "Y");
        initiator = new SocketInitiator(this, new FileStoreFactory(s), s, sessionId -> NO_LOG, new DefaultMessageFactory());
        initiator.start();
    }

    boolean isLoggedOn() {
        Session s = session;
        return s != null && s.isLoggedOn();
    }

    /** Sends a limit buy of 1 at 12.50 GTC; false when the session did not take it. */
    boolean submit(long clientOrderId) {
        quickfix.fix44.NewOrderSingle m = order;
        m.clear();
        m.getHeader().setString(35, "D");
        text.setLength(0);
        m.setString(11, text.append('B').append(clientOrderId).toString());
        m.setString(55, "IBM");
        m.setChar(54, '1');
        m.setUtcTimeStamp(60, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC), UtcTimestampPrecision.MILLIS);
        m.setString(38, "1");
        m.setChar(40, '2');
        m.setString(44, "12.50");
        m.setChar(59, '1');
        Session s = session;
        return s != null && s.send(m);
    }

    @Override
    public void fromApp(Message message, SessionID sessionId) {
        long now = System.nanoTime();
        try {
            if (!"8".equals(message.getHeader().getString(35))) return;
            char status = message.getChar(39);
            String clOrdId = message.getString(11);
            long orderId = Long.parseLong(clOrdId, 1, clOrdId.length(), 10);
            if (status == '0') trips.onAck(orderId, now);
            else if (status == '2') trips.onFill(orderId, now);
            else if (status == '8') trips.onReject();
        } catch (FieldNotFound | NumberFormatException e) {
            trips.onReject();
        }
    }

    @Override public void onCreate(SessionID sessionId) { session = Session.lookupSession(sessionId); }
    @Override public void onLogon(SessionID sessionId) { }
    @Override public void onLogout(SessionID sessionId) { }
    @Override public void toAdmin(Message message, SessionID sessionId) { }
    @Override public void fromAdmin(Message message, SessionID sessionId) { }
    @Override public void toApp(Message message, SessionID sessionId) { }

    @Override
    public void close() {
        initiator.stop();
    }
}
