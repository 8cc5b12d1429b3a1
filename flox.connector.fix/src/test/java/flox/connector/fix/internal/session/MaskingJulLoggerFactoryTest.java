package flox.connector.fix.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Issue 15 item 4: QuickFIX/J's own SLF4J lines (outside its session log) reach the host's log with logon secrets masked. */
class MaskingJulLoggerFactoryTest {
    static final String LOGON = "8=FIX.4.4\u00019=120\u000135=A\u000149=FLOX\u000156=BROKER\u0001553=trader\u0001554=s3cret!\u000196=rawsecret\u000110=123\u0001";
    final java.util.logging.Logger jul = java.util.logging.Logger.getLogger("quickfix.Session");
    final List<LogRecord> records = new ArrayList<>();
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { records.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };
    Level level;

    @BeforeEach
    void capture() {
        level = jul.getLevel();
        jul.setLevel(Level.ALL);
        jul.addHandler(capture);
    }

    @AfterEach
    void release() {
        jul.removeHandler(capture);
        jul.setLevel(level);
    }

    static String text(LogRecord r) {
        StringWriter w = new StringWriter();
        w.write(r.getMessage());
        if (r.getThrown() != null) r.getThrown().printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    @Test
    void shouldBindSlf4jToTheMaskingFactory() {
        assertSame(MaskingJulLoggerFactory.class, LoggerFactory.getILoggerFactory().getClass(), "the bundle's binding, not slf4j-jdk14");
    }

    @Test
    void shouldMaskLogonSecretsInEveryLevelAndFormOfALine() {
        Logger log = LoggerFactory.getLogger("quickfix.Session");
        log.error("Rejecting invalid message: " + LOGON);
        log.warn("Rejecting {}", LOGON);
        log.info("{} then {}", "first", LOGON);
        log.debug("{} {} {}", "a", "b", LOGON);
        log.trace(LOGON);
        assertEquals(5, records.size());
        for (LogRecord r : records) {
            String t = text(r);
            assertFalse(t.contains("s3cret") || t.contains("trader") || t.contains("rawsecret"), t);
            assertTrue(t.contains("554=***"), t);
        }
        assertEquals(Level.SEVERE, records.get(0).getLevel());
        assertEquals(Level.FINEST, records.get(4).getLevel());
        assertEquals("quickfix.Session", records.get(0).getLoggerName());
    }

    @Test
    void shouldMaskSecretsInAnExceptionAndItsCausesKeepingTheirStackTraces() {
        Exception cause = new IllegalStateException("bad field in " + LOGON);
        Exception e = new RuntimeException("could not process " + LOGON, cause);
        LoggerFactory.getLogger("quickfix.Session").error("session error", e);
        LoggerFactory.getLogger("quickfix.Session").warn("as the last argument: {}", "x", e);
        assertEquals(2, records.size());
        for (LogRecord r : records) {
            String t = text(r);
            assertFalse(t.contains("s3cret") || t.contains("rawsecret"), t);
            assertNotNull(r.getThrown().getCause(), "the cause is kept");
            assertEquals(e.getStackTrace().length, r.getThrown().getStackTrace().length, "the stack trace is kept");
        }
        Exception harmless = new RuntimeException("no secret here");
        LoggerFactory.getLogger("quickfix.Session").error("plain", harmless);
        assertSame(harmless, records.get(2).getThrown(), "an exception without a secret is logged as it is");
    }

    @Test
    void shouldCostALevelCheckOnlyBelowTheLoggersLevel() {
        jul.setLevel(Level.WARNING);
        LoggerFactory.getLogger("quickfix.Session").debug("{}", LOGON);
        assertTrue(records.isEmpty());
        assertFalse(LoggerFactory.getLogger("quickfix.Session").isDebugEnabled());
    }
}
