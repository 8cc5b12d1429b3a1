package flox.connector.fix.internal.session;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.nio.file.Path;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * What the bundle's QuickFIX/J sessions (order entry and market data) share: the initiator
 * settings of a FIX 4.4 session on a 24-hour non-stop schedule, and where a relative store
 * path lives. Static and stateless; cold path (session start).
 */
public final class FixSessions {
    /** QuickFIX/J's ReconnectInterval: seconds separated by ';', each optionally "xN" (repeat N times). */
    static final String RECONNECT = "\\d+(x\\d+)?(;\\d+(x\\d+)?)*";

    private FixSessions() { }

    /** What every session of the bundle is configured with: where the counterparty is and how the session runs. */
    public static class Connection {
        public String exchange = "FIX";
        public String host = "127.0.0.1";
        public int port;
        public String senderCompId;
        public String targetCompId;
        public int heartbeatSeconds = 30;
        public String storePath;
        /** Seconds between reconnects, QuickFIX/J's ReconnectInterval ("1;2;5;10": the last repeats). */
        public String reconnectSeconds = "1;2;4;8;16;30";
        /** Logon Username (553), or null. */
        public String username;
        /** Logon Password (554), or null; cleared when the session stops. */
        public char[] password;
    }

    /**
     * Reads the connection keys every session configuration has (exchange, host, port,
     * sender.comp.id, target.comp.id, heartbeat.s, store.path, reconnect.s, username) into
     * {@code s} against the component's metatype {@code m}: a refused or missing value is named in
     * {@code config}'s errors and its default (or a placeholder) taken. The store path is resolved
     * against the host home ({@link #underHome}).
     */
    public static void readConnection(ConfigReader config, Metatype m, Connection s) {
        s.exchange = required(config, "exchange", "FIX");
        s.host = config.stringValue("host", m.defaultString("host"));
        if (config.stringValue("port", "").isEmpty()) config.reject("port", "no port given", "none: the session cannot connect");
        s.port = (int) m.longValue(config, "port", 0);
        s.senderCompId = required(config, "sender.comp.id", "FLOX");
        s.targetCompId = required(config, "target.comp.id", "VENUE");
        s.heartbeatSeconds = (int) m.longValue(config, "heartbeat.s", m.defaultLong("heartbeat.s"));
        s.storePath = underHome(config.stringValue("store.path", m.defaultString("store.path")));
        s.reconnectSeconds = config.stringValue("reconnect.s", m.defaultString("reconnect.s"));
        if (!s.reconnectSeconds.matches(RECONNECT)) {
            config.reject("reconnect.s", "'" + s.reconnectSeconds + "' is not seconds separated by ';'", m.defaultString("reconnect.s"));
            s.reconnectSeconds = m.defaultString("reconnect.s");
        }
        String user = config.stringValue("username", "");
        s.username = user.isEmpty() ? null : user;
    }

    private static String required(ConfigReader config, String key, String fallback) {
        String v = config.stringValue(key, "");
        if (!v.isEmpty()) return v;
        config.reject(key, "empty or missing", fallback);
        return fallback;
    }

    /** {@link #initiator(SessionID, String, int, int, String, String)} for {@code c}'s counterparty. */
    public static SessionSettings initiator(SessionID id, Connection c) {
        return initiator(id, c.host, c.port, c.heartbeatSeconds, c.reconnectSeconds, c.storePath);
    }

    /**
     * An initiator to {@code host}:{@code port} for {@code id}: a file store at {@code storePath},
     * FIX44.xml validation with venues' own fields allowed, no persisted messages (a resend
     * request is answered with a gap fill: never a stale request again), TCP_NODELAY.
     */
    public static SessionSettings initiator(SessionID id, String host, int port, int heartbeatSeconds, String reconnectSeconds,
                                            String storePath) {
        SessionSettings s = new SessionSettings();
        s.setString(id, "ConnectionType", "initiator");
        s.setString(id, "SocketConnectHost", host);
        s.setLong(id, "SocketConnectPort", port);
        s.setLong(id, "HeartBtInt", heartbeatSeconds);
        s.setString(id, "ReconnectInterval", reconnectSeconds);
        s.setString(id, "FileStorePath", storePath);
        s.setString(id, "StartTime", "00:00:00");
        s.setString(id, "EndTime", "00:00:00");
        s.setString(id, "NonStopSession", "Y");
        s.setString(id, "UseDataDictionary", "Y");
        s.setString(id, "DataDictionary", "FIX44.xml");
        s.setString(id, "PersistMessages", "N"); // resends are gap-filled: never a stale order or subscription again
        s.setString(id, "ValidateUserDefinedFields", "N"); // venues add their own fields
        s.setString(id, "AllowUnknownMsgFields", "Y");
        s.setString(id, "SocketTcpNoDelay", "Y");
        return s;
    }

    /**
     * {@code path} resolved against the host home (the framework property {@code flox.home}, else
     * the working directory, as the host's other state) when relative; as it is outside OSGi.
     */
    public static String underHome(String path) {
        if (path == null || Path.of(path).isAbsolute()) return path;
        org.osgi.framework.Bundle bundle = org.osgi.framework.FrameworkUtil.getBundle(FixSessions.class);
        String home = bundle == null || bundle.getBundleContext() == null ? null : bundle.getBundleContext().getProperty("flox.home");
        return home == null || home.isBlank() ? path : Path.of(home).resolve(path).toString();
    }
}
