package flox.connector.fix.internal.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.slf4j.ILoggerFactory;
import org.slf4j.Logger;
import org.slf4j.helpers.FormattingTuple;
import org.slf4j.helpers.MarkerIgnoringBase;
import org.slf4j.helpers.MessageFormatter;

/**
 * The FIX bundle's SLF4J loggers (QuickFIX/J's and MINA's own lines, outside its session log):
 * java.util.logging loggers of the same names, every line and exception text passed through
 * {@link MaskedLog#mask} (Username 553, Password 554, RawData 96, NewPassword 925), so a logon's
 * secrets never reach the host's log whichever QuickFIX/J path quotes a message.
 *
 * <p>Thread-safe; called on QuickFIX/J's and MINA's threads. Allocates per line logged (a line
 * below the logger's level costs a level check only).
 */
public final class MaskingJulLoggerFactory implements ILoggerFactory {
    private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();

    @Override
    public Logger getLogger(String name) {
        return loggers.computeIfAbsent(name, MaskingLogger::new);
    }

    /** One SLF4J logger over the java.util.logging logger of its name. */
    static final class MaskingLogger extends MarkerIgnoringBase {
        private static final long serialVersionUID = 1L;
        private final transient java.util.logging.Logger jul;

        MaskingLogger(String name) {
            this.name = name;
            this.jul = java.util.logging.Logger.getLogger(name);
        }

        private void log(Level level, String format, Object[] args, Throwable thrown) {
            if (!jul.isLoggable(level)) return;
            FormattingTuple t = MessageFormatter.arrayFormat(format, args);
            LogRecord r = new LogRecord(level, MaskedLog.mask(t.getMessage()));
            r.setLoggerName(name);
            r.setSourceClassName(name);
            Throwable th = thrown != null ? thrown : t.getThrowable();
            if (th != null) r.setThrown(masked(th, 0));
            jul.log(r);
        }

        /** {@code t} itself when its text and its causes' hold no secret, else a copy with masked texts and the same stack traces. */
        static Throwable masked(Throwable t, int depth) {
            String text = t.toString();
            String maskedText = MaskedLog.mask(text);
            Throwable cause = t.getCause() == null || t.getCause() == t || depth > 8 ? null : masked(t.getCause(), depth + 1);
            if (maskedText.equals(text) && cause == t.getCause()) return t;
            Throwable copy = new Throwable(maskedText);
            copy.setStackTrace(t.getStackTrace());
            if (cause != null) copy.initCause(cause);
            return copy;
        }

        @Override public boolean isTraceEnabled() { return jul.isLoggable(Level.FINEST); }
        @Override public void trace(String msg) { log(Level.FINEST, msg, null, null); }
        @Override public void trace(String format, Object arg) { log(Level.FINEST, format, new Object[] {arg}, null); }
        @Override public void trace(String format, Object arg1, Object arg2) { log(Level.FINEST, format, new Object[] {arg1, arg2}, null); }
        @Override public void trace(String format, Object... arguments) { log(Level.FINEST, format, arguments, null); }
        @Override public void trace(String msg, Throwable t) { log(Level.FINEST, msg, null, t); }

        @Override public boolean isDebugEnabled() { return jul.isLoggable(Level.FINE); }
        @Override public void debug(String msg) { log(Level.FINE, msg, null, null); }
        @Override public void debug(String format, Object arg) { log(Level.FINE, format, new Object[] {arg}, null); }
        @Override public void debug(String format, Object arg1, Object arg2) { log(Level.FINE, format, new Object[] {arg1, arg2}, null); }
        @Override public void debug(String format, Object... arguments) { log(Level.FINE, format, arguments, null); }
        @Override public void debug(String msg, Throwable t) { log(Level.FINE, msg, null, t); }

        @Override public boolean isInfoEnabled() { return jul.isLoggable(Level.INFO); }
        @Override public void info(String msg) { log(Level.INFO, msg, null, null); }
        @Override public void info(String format, Object arg) { log(Level.INFO, format, new Object[] {arg}, null); }
        @Override public void info(String format, Object arg1, Object arg2) { log(Level.INFO, format, new Object[] {arg1, arg2}, null); }
        @Override public void info(String format, Object... arguments) { log(Level.INFO, format, arguments, null); }
        @Override public void info(String msg, Throwable t) { log(Level.INFO, msg, null, t); }

        @Override public boolean isWarnEnabled() { return jul.isLoggable(Level.WARNING); }
        @Override public void warn(String msg) { log(Level.WARNING, msg, null, null); }
        @Override public void warn(String format, Object arg) { log(Level.WARNING, format, new Object[] {arg}, null); }
        @Override public void warn(String format, Object arg1, Object arg2) { log(Level.WARNING, format, new Object[] {arg1, arg2}, null); }
        @Override public void warn(String format, Object... arguments) { log(Level.WARNING, format, arguments, null); }
        @Override public void warn(String msg, Throwable t) { log(Level.WARNING, msg, null, t); }

        @Override public boolean isErrorEnabled() { return jul.isLoggable(Level.SEVERE); }
        @Override public void error(String msg) { log(Level.SEVERE, msg, null, null); }
        @Override public void error(String format, Object arg) { log(Level.SEVERE, format, new Object[] {arg}, null); }
        @Override public void error(String format, Object arg1, Object arg2) { log(Level.SEVERE, format, new Object[] {arg1, arg2}, null); }
        @Override public void error(String format, Object... arguments) { log(Level.SEVERE, format, arguments, null); }
        @Override public void error(String msg, Throwable t) { log(Level.SEVERE, msg, null, t); }
    }
}
