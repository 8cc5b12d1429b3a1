package flox.connector.fix.internal.session;

import java.nio.file.Path;
import quickfix.SessionID;
import quickfix.SessionSettings;

/**
 * What the bundle's QuickFIX/J sessions (order entry and market data) share: the initiator
 * settings of a FIX 4.4 session on a 24-hour non-stop schedule, and where a relative store
 * path lives. Static and stateless; cold path (session start).
 */
public final class FixSessions {
    private FixSessions() { }

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
