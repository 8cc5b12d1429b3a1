package flox.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** The tracker's configuration warns on a key it does not know, naming the file and the nearest key. */
class OrderTrackerConfigTest {
    @Test
    void shouldWarnOnAnUnknownKeyNamingTheFileAndTheNearestKnownKey() {
        List<String> log = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { log.add(r.getLevel() + " " + r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger jul = Logger.getLogger("flox.tracker");
        jul.addHandler(h);
        try {
            OrderTrackerComponent c = new OrderTrackerComponent();
            c.activate(Map.of("felix.fileinstall.filename", "file:/home/etc/flox.tracker.cfg", "capacty", "16", "component.name", "x"));
            assertEquals(65_536, c.capacity(), "the typo leaves the default, so it must be reported");
            assertTrue(log.contains("WARNING /home/etc/flox.tracker.cfg: unknown key capacty (did you mean capacity?); ignored"), log.toString());
        } finally {
            jul.removeHandler(h);
        }
    }
}
