package flox.connector.fix.internal.marketdata;

import java.math.BigDecimal;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import quickfix.Application;
import quickfix.DefaultMessageFactory;
import quickfix.FieldNotFound;
import quickfix.Group;
import quickfix.MemoryStoreFactory;
import quickfix.Message;
import quickfix.SLF4JLogFactory;
import quickfix.Session;
import quickfix.SessionID;
import quickfix.SessionNotFound;
import quickfix.SessionSettings;
import quickfix.SocketAcceptor;
import quickfix.field.MsgType;

/**
 * A FIX 4.4 market-data counterparty in the test's JVM (a QuickFIX/J {@link SocketAcceptor} on a
 * free loopback port, memory store). It holds a book per symbol that the test scripts; a
 * MarketDataRequest (35=V) for a symbol it has is answered with a MarketDataSnapshotFullRefresh
 * (35=W) of that book under the request's MDReqID, and later changes go out as
 * MarketDataIncrementalRefresh (35=X) under the same MDReqID; a symbol it does not have is refused
 * with a MarketDataRequestReject (35=Y, unknown symbol). An unsubscribe (263=2) ends the
 * subscription. Every request is written down ("SYMBOL 263 MDReqID 264 depth 265 update").
 *
 * <p>Threading: QuickFIX/J's acceptor thread answers requests, the test thread scripts changes;
 * both under this object's lock, so a snapshot and the changes after it go out in order.
 */
final class MarketDataAcceptor implements Application, AutoCloseable {
    static final String SENDER = "VENUE";
    static final String TARGET = "FLOX";

    final int port;
    private final SocketAcceptor acceptor;
    private final SessionID sessionId = new SessionID("FIX.4.4", SENDER, TARGET);
    /** symbol -> {bids, asks}: price (exact text) -> size text; bids best (highest) first. */
    private final Map<String, List<TreeMap<BigDecimal, String>>> books = new TreeMap<>();
    /** symbol -> the MDReqID subscribed now. */
    private final Map<String, String> subscriptions = new ConcurrentHashMap<>();
    final List<String> requests = new CopyOnWriteArrayList<>();

    MarketDataAcceptor() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
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
        acceptor = new SocketAcceptor(this, new MemoryStoreFactory(), settings, new SLF4JLogFactory(settings), new DefaultMessageFactory());
        acceptor.start();
    }

    /** The venue has {@code symbol}, its book empty until levels are set. */
    synchronized void list(String symbol) {
        books.computeIfAbsent(symbol, s -> List.of(new TreeMap<>(Comparator.reverseOrder()), new TreeMap<>()));
    }

    /** Sets a level in the venue's book without telling anyone (before a subscription, or while disconnected): "B 12.50 100", "A 12.52 50". */
    synchronized void level(String symbol, String side, String price, String size) {
        list(symbol);
        TreeMap<BigDecimal, String> book = books.get(symbol).get(side.equals("B") ? 0 : 1);
        if (size == null || new BigDecimal(size).signum() == 0) book.remove(new BigDecimal(price));
        else book.put(new BigDecimal(price), size);
    }

    /** The MDReqID {@code symbol} is subscribed under now, or null. */
    String subscription(String symbol) {
        return subscriptions.get(symbol);
    }

    /**
     * Sends one MarketDataIncrementalRefresh under {@code symbol}'s subscription with the entries
     * {@code "new B 12.51 30"}, {@code "change A 12.52 45"}, {@code "delete B 12.49"},
     * {@code "trade 12.52 10 T-1"}; book entries are applied to the venue's book first unless
     * {@code applyToBook} is false (a level the venue never keeps, e.g. one finer than its tick).
     */
    synchronized void incremental(String symbol, boolean applyToBook, String... entries) throws SessionNotFound {
        String reqId = subscriptions.get(symbol);
        if (reqId == null) throw new AssertionError(symbol + " is not subscribed: " + requests);
        quickfix.fix44.MarketDataIncrementalRefresh x = new quickfix.fix44.MarketDataIncrementalRefresh();
        x.setString(262, reqId);
        for (String e : entries) {
            String[] p = e.split(" ");
            Group g = new quickfix.fix44.MarketDataIncrementalRefresh.NoMDEntries();
            switch (p[0]) {
                case "new", "change", "delete" -> {
                    g.setChar(279, p[0].equals("new") ? '0' : p[0].equals("change") ? '1' : '2');
                    g.setChar(269, p[1].equals("B") ? '0' : '1');
                    g.setString(55, symbol);
                    g.setString(270, p[2]);
                    if (!p[0].equals("delete")) g.setString(271, p[3]);
                    if (applyToBook) level(symbol, p[1], p[2], p[0].equals("delete") ? null : p[3]);
                }
                case "trade" -> {
                    g.setChar(279, '0');
                    g.setChar(269, '2');
                    g.setString(55, symbol);
                    g.setString(270, p[1]);
                    g.setString(271, p[2]);
                    if (p.length > 3) g.setString(278, p[3]);
                }
                default -> throw new IllegalArgumentException(e);
            }
            x.addGroup(g);
        }
        Session.sendToTarget(x, sessionId);
    }

    /** Writes {@code raw} on the connection as it is, outside the session layer (a garbled frame): false when not connected. */
    boolean sendRaw(String raw) {
        Session s = Session.lookupSession(sessionId);
        quickfix.Responder r = s == null ? null : s.getResponder();
        return r != null && r.send(raw);
    }

    /** Drops the connection as a network fault would (no logout). */
    void dropConnection() {
        Session s = Session.lookupSession(sessionId);
        if (s != null && s.getResponder() != null) s.getResponder().disconnect();
    }

    @Override
    public void fromApp(Message message, SessionID id) {
        try {
            if (!MsgType.MARKET_DATA_REQUEST.equals(message.getHeader().getString(MsgType.FIELD))) return;
            String reqId = message.getString(262);
            char type = message.getChar(263);
            List<Group> symbols = message.getGroups(146);
            for (Group g : symbols) {
                String symbol = g.getString(55);
                requests.add(symbol + " " + type + " " + reqId + " " + message.getString(264) + " "
                        + (message.isSetField(265) ? message.getString(265) : "-") + " " + entryTypes(message));
                synchronized (this) {
                    if (type == '2') {
                        subscriptions.remove(symbol, reqId);
                    } else if (!books.containsKey(symbol)) {
                        quickfix.fix44.MarketDataRequestReject y = new quickfix.fix44.MarketDataRequestReject(new quickfix.field.MDReqID(reqId));
                        y.setChar(281, '0');
                        y.setString(58, "no such instrument: " + symbol);
                        Session.sendToTarget(y, sessionId);
                    } else {
                        subscriptions.put(symbol, reqId);
                        Session.sendToTarget(snapshot(symbol, reqId), sessionId);
                    }
                }
            }
        } catch (FieldNotFound | SessionNotFound e) {
            throw new IllegalStateException("the market-data venue could not answer " + message, e);
        }
    }

    private static String entryTypes(Message m) throws FieldNotFound {
        StringBuilder sb = new StringBuilder();
        for (Group g : m.getGroups(267)) sb.append(g.getChar(269));
        return sb.toString();
    }

    private Message snapshot(String symbol, String reqId) {
        quickfix.fix44.MarketDataSnapshotFullRefresh w = new quickfix.fix44.MarketDataSnapshotFullRefresh();
        w.setString(262, reqId);
        w.setString(55, symbol);
        List<TreeMap<BigDecimal, String>> book = books.get(symbol);
        List<Group> entries = new ArrayList<>();
        for (int side = 0; side < 2; side++) {
            for (Map.Entry<BigDecimal, String> level : book.get(side).entrySet()) {
                Group g = new quickfix.fix44.MarketDataSnapshotFullRefresh.NoMDEntries();
                g.setChar(269, side == 0 ? '0' : '1');
                g.setString(270, level.getKey().toPlainString());
                g.setString(271, level.getValue());
                entries.add(g);
            }
        }
        for (Group g : entries) w.addGroup(g);
        if (entries.isEmpty()) w.setInt(268, 0);
        return w;
    }

    @Override public void onCreate(SessionID id) { }
    @Override public void onLogon(SessionID id) { }
    @Override public void onLogout(SessionID id) { subscriptions.clear(); }
    @Override public void toAdmin(Message message, SessionID id) { }
    @Override public void fromAdmin(Message message, SessionID id) { }
    @Override public void toApp(Message message, SessionID id) { }

    @Override
    public void close() {
        acceptor.stop(true);
    }
}
