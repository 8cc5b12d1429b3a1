package flox.connector.fix.internal.session;

import java.lang.System.Logger.Level;
import quickfix.Log;
import quickfix.LogFactory;
import quickfix.SessionID;

/**
 * QuickFIX/J's session log to the host's log ({@code System.Logger} "flox.fix.session"), with the
 * values of Username (553), Password (554), RawData (96) and NewPassword (925) masked in every
 * line, messages and events alike (QuickFIX/J's error events quote whole messages). Messages
 * at DEBUG (built only when enabled), events at INFO, error events at WARNING.
 *
 * <p>Thread-safe (stateless but the session's name); called on QuickFIX/J's threads. Allocates
 * per line logged.
 */
public final class MaskedLog implements Log {
    private static final System.Logger LOG = System.getLogger("flox.fix.session");
    private static final String[] SECRET_TAGS = {"553=", "554=", "96=", "925="};
    private final String name;

    MaskedLog(String name) {
        this.name = name;
    }

    public static LogFactory factory(String exchange) {
        return (SessionID id) -> new MaskedLog("FIX " + exchange + " " + id);
    }

    @Override
    public void clear() {
    }

    @Override
    public void onIncoming(String message) {
        if (LOG.isLoggable(Level.DEBUG)) LOG.log(Level.DEBUG, name + " in: " + mask(message));
    }

    @Override
    public void onOutgoing(String message) {
        if (LOG.isLoggable(Level.DEBUG)) LOG.log(Level.DEBUG, name + " out: " + mask(message));
    }

    @Override
    public void onEvent(String text) {
        LOG.log(Level.INFO, name + ": " + mask(text));
    }

    @Override
    public void onErrorEvent(String text) {
        LOG.log(Level.WARNING, name + ": " + mask(text));
    }

    /** {@code text} with the value of every secret field replaced by {@code ***} (fields end at SOH, '|' or the end). */
    public static String mask(String text) {
        if (text == null) return null;
        StringBuilder out = null;
        int copied = 0;
        for (int i = 0; i < text.length(); i++) {
            if (i > 0 && !isDelimiter(text.charAt(i - 1)) && !Character.isWhitespace(text.charAt(i - 1)) && text.charAt(i - 1) != '(') continue;
            for (String tag : SECRET_TAGS) {
                if (!text.startsWith(tag, i)) continue;
                int start = i + tag.length();
                int end = start;
                while (end < text.length() && !isDelimiter(text.charAt(end))) end++;
                if (out == null) out = new StringBuilder(text.length());
                out.append(text, copied, start).append("***");
                copied = end;
                i = end - 1;
                break;
            }
        }
        return out == null ? text : out.append(text, copied, text.length()).toString();
    }

    private static boolean isDelimiter(char c) {
        return c == '\u0001' || c == '|';
    }
}
