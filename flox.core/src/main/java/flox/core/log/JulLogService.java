package flox.core.log;

import flox.core.plugin.PluginHost;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.osgi.framework.Bundle;
import org.osgi.framework.ServiceReference;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ServiceScope;
import org.osgi.service.log.FormatterLogger;
import org.osgi.service.log.LogService;
import org.osgi.service.log.Logger;
import org.osgi.service.log.LoggerConsumer;
import org.osgi.service.log.LoggerFactory;

/**
 * The OSGi log (LogService, LoggerFactory) written to java.util.logging, where the host's own
 * lines go, one line per entry: SCR and FileInstall log here once it is registered (before, and
 * without it, they print whole stack traces on the console). An entry at WARNING or above with an
 * exception becomes one line with the exception's summary (root cause and its first frame); the
 * stack trace goes to the same logger at FINE (debug). SCR's entries with an exception about a
 * component of a plugin bundle are logged at FINE only: the plugin fault monitor reports each
 * failed activation in one line on "flox.plugins".
 *
 * <p>Values of private configuration properties (a key starting with a dot, where the secrets
 * convention of flox.api.secret puts credentials) are masked in every entry: Configuration Admin
 * logs whole property sets at debug ({@link #maskPrivateProperties}).
 *
 * <p>Logger names: the symbolic name of the bundle the entry is about (SCR passes the component's
 * bundle), else of the bundle using the service. One instance per using bundle. Cold path.
 */
@Component(service = {LogService.class, LoggerFactory.class}, scope = ServiceScope.BUNDLE)
@SuppressWarnings("deprecation") // LogService.log(int, ...): FileInstall calls it
public final class JulLogService implements LogService {
    private final Bundle user;

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    private volatile PluginHost plugins;

    @Activate
    public JulLogService(ComponentContext context) {
        this.user = context.getUsingBundle();
    }

    // ------------------------------------------------------------------ LogService (pre-1.4 API)

    @Override
    public void log(int level, String message) {
        write(user, null, level(level), message, null);
    }

    @Override
    public void log(int level, String message, Throwable exception) {
        write(user, null, level(level), message, exception);
    }

    @Override
    public void log(ServiceReference<?> sr, int level, String message) {
        write(user, null, level(level), message, null);
    }

    @Override
    public void log(ServiceReference<?> sr, int level, String message, Throwable exception) {
        write(user, null, level(level), message, exception);
    }

    private static Level level(int osgi) {
        switch (osgi) {
            case LOG_ERROR: return Level.SEVERE;
            case LOG_WARNING: return Level.WARNING;
            case LOG_INFO: return Level.INFO;
            default: return Level.FINE;
        }
    }

    // ------------------------------------------------------------------ LoggerFactory

    @Override
    public Logger getLogger(String name) {
        return new JulLogger(user, name, false);
    }

    @Override
    public Logger getLogger(Class<?> clazz) {
        return getLogger(clazz.getName());
    }

    @Override
    public <L extends Logger> L getLogger(String name, Class<L> loggerType) {
        return getLogger(user, name, loggerType);
    }

    @Override
    public <L extends Logger> L getLogger(Class<?> clazz, Class<L> loggerType) {
        return getLogger(user, clazz.getName(), loggerType);
    }

    @Override
    public <L extends Logger> L getLogger(Bundle bundle, String name, Class<L> loggerType) {
        if (loggerType != Logger.class && loggerType != FormatterLogger.class) {
            throw new IllegalArgumentException("unsupported logger type " + loggerType.getName());
        }
        return loggerType.cast(new JulLogger(bundle != null ? bundle : user, name, loggerType == FormatterLogger.class));
    }

    // ------------------------------------------------------------------ writing

    private void write(Bundle about, String name, Level level, String message, Throwable exception) {
        String loggerName = about != null && about.getSymbolicName() != null ? about.getSymbolicName() : name != null ? name : "osgi";
        java.util.logging.Logger jul = java.util.logging.Logger.getLogger(loggerName);
        if (exception != null && level.intValue() >= Level.WARNING.intValue()) {
            PluginHost p = plugins;
            boolean plugin = p != null && about != null && about != user && p.isPlugin(about);
            if (!plugin) publish(jul, level, message + ": " + summary(exception), null);
            publish(jul, Level.FINE, message, exception); // the stack, at debug
            return;
        }
        publish(jul, level, message, exception);
    }

    private static void publish(java.util.logging.Logger jul, Level level, String message, Throwable exception) {
        if (!jul.isLoggable(level)) return;
        LogRecord r = new LogRecord(level, maskPrivateProperties(message));
        r.setLoggerName(jul.getName());
        r.setThrown(exception);
        r.setSourceClassName(null);
        r.setSourceMethodName(null);
        jul.log(r);
    }

    /** A private property as a map or dictionary prints it ("{a=1, .api.secret=x}"): its value runs to the next ", key=" or the closing brace. */
    private static final java.util.regex.Pattern PRIVATE_PROPERTY =
            java.util.regex.Pattern.compile("(?<=^|[{,\\s])(\\.[^=,{}\\s]+)=(.*?)(?=, [^=,{}\\s]+=|}|$)", java.util.regex.Pattern.DOTALL);
    static final String MASKED = "(private; not shown)";

    /**
     * {@code message} with the value of every private property ({@code .key=value}) replaced by
     * {@value #MASKED}. A value holding ", x=" or "}" is cut there, so its tail would show: the
     * references of the secrets convention never hold either.
     */
    static String maskPrivateProperties(String message) {
        if (message == null || message.indexOf('.') < 0 || message.indexOf('=') < 0) return message;
        return PRIVATE_PROPERTY.matcher(message).replaceAll("$1=" + java.util.regex.Matcher.quoteReplacement(MASKED));
    }

    /** "Class: message at frame", of the root cause (with the outer exception's class when it differs). */
    static String summary(Throwable t) {
        Throwable root = t;
        for (int i = 0; root.getCause() != null && root.getCause() != root && i < 20; i++) root = root.getCause();
        StringBuilder sb = new StringBuilder(root.toString().replaceAll("\\R", " "));
        StackTraceElement[] frames = root.getStackTrace();
        if (frames.length > 0) sb.append(" at ").append(frames[0].getClassName()).append('.').append(frames[0].getMethodName())
                .append('(').append(frames[0].getFileName()).append(':').append(frames[0].getLineNumber()).append(')');
        if (root != t) sb.append(" (in ").append(t.getClass().getName()).append(')');
        return sb.toString();
    }

    /** slf4j-style "{}" (Logger) or printf (FormatterLogger) formatting; a last argument that is a Throwable is the exception. */
    final class JulLogger implements FormatterLogger {
        private final Bundle about;
        private final String name;
        private final boolean printf;

        JulLogger(Bundle about, String name, boolean printf) {
            this.about = about;
            this.name = name;
            this.printf = printf;
        }

        @Override
        public String getName() {
            return name;
        }

        private boolean enabled(Level level) {
            String n = about != null && about.getSymbolicName() != null ? about.getSymbolicName() : name;
            return java.util.logging.Logger.getLogger(n).isLoggable(level);
        }

        private void log(Level level, String format, Object... args) {
            Throwable exception = null;
            int n = args.length;
            if (n > 0 && args[n - 1] instanceof Throwable) {
                exception = (Throwable) args[n - 1];
                n--;
            } else if (n > 0 && args[n - 1] instanceof ServiceReference) {
                n--;
            }
            write(about, name, level, n == 0 ? format : format(format, args, n), exception);
        }

        private String format(String format, Object[] args, int n) {
            if (printf) {
                try {
                    return String.format(format, java.util.Arrays.copyOf(args, n));
                } catch (java.util.IllegalFormatException e) {
                    return format + " " + java.util.Arrays.toString(java.util.Arrays.copyOf(args, n));
                }
            }
            StringBuilder sb = new StringBuilder();
            int from = 0;
            for (int i = 0; i < n; i++) {
                int at = format.indexOf("{}", from);
                if (at < 0) break;
                sb.append(format, from, at).append(args[i]);
                from = at + 2;
            }
            return sb.append(format.substring(from)).toString();
        }

        private <E extends Exception> void consume(Level level, LoggerConsumer<E> consumer) throws E {
            if (enabled(level)) consumer.accept(this);
        }

        @Override public boolean isTraceEnabled() { return enabled(Level.FINEST); }
        @Override public void trace(String message) { log(Level.FINEST, message); }
        @Override public void trace(String format, Object arg) { log(Level.FINEST, format, arg); }
        @Override public void trace(String format, Object arg1, Object arg2) { log(Level.FINEST, format, arg1, arg2); }
        @Override public void trace(String format, Object... arguments) { log(Level.FINEST, format, arguments); }
        @Override public <E extends Exception> void trace(LoggerConsumer<E> consumer) throws E { consume(Level.FINEST, consumer); }

        @Override public boolean isDebugEnabled() { return enabled(Level.FINE); }
        @Override public void debug(String message) { log(Level.FINE, message); }
        @Override public void debug(String format, Object arg) { log(Level.FINE, format, arg); }
        @Override public void debug(String format, Object arg1, Object arg2) { log(Level.FINE, format, arg1, arg2); }
        @Override public void debug(String format, Object... arguments) { log(Level.FINE, format, arguments); }
        @Override public <E extends Exception> void debug(LoggerConsumer<E> consumer) throws E { consume(Level.FINE, consumer); }

        @Override public boolean isInfoEnabled() { return enabled(Level.INFO); }
        @Override public void info(String message) { log(Level.INFO, message); }
        @Override public void info(String format, Object arg) { log(Level.INFO, format, arg); }
        @Override public void info(String format, Object arg1, Object arg2) { log(Level.INFO, format, arg1, arg2); }
        @Override public void info(String format, Object... arguments) { log(Level.INFO, format, arguments); }
        @Override public <E extends Exception> void info(LoggerConsumer<E> consumer) throws E { consume(Level.INFO, consumer); }

        @Override public boolean isWarnEnabled() { return enabled(Level.WARNING); }
        @Override public void warn(String message) { log(Level.WARNING, message); }
        @Override public void warn(String format, Object arg) { log(Level.WARNING, format, arg); }
        @Override public void warn(String format, Object arg1, Object arg2) { log(Level.WARNING, format, arg1, arg2); }
        @Override public void warn(String format, Object... arguments) { log(Level.WARNING, format, arguments); }
        @Override public <E extends Exception> void warn(LoggerConsumer<E> consumer) throws E { consume(Level.WARNING, consumer); }

        @Override public boolean isErrorEnabled() { return enabled(Level.SEVERE); }
        @Override public void error(String message) { log(Level.SEVERE, message); }
        @Override public void error(String format, Object arg) { log(Level.SEVERE, format, arg); }
        @Override public void error(String format, Object arg1, Object arg2) { log(Level.SEVERE, format, arg1, arg2); }
        @Override public void error(String format, Object... arguments) { log(Level.SEVERE, format, arguments); }
        @Override public <E extends Exception> void error(LoggerConsumer<E> consumer) throws E { consume(Level.SEVERE, consumer); }

        @Override public void audit(String message) { log(Level.INFO, message); }
        @Override public void audit(String format, Object arg) { log(Level.INFO, format, arg); }
        @Override public void audit(String format, Object arg1, Object arg2) { log(Level.INFO, format, arg1, arg2); }
        @Override public void audit(String format, Object... arguments) { log(Level.INFO, format, arguments); }
    }
}
