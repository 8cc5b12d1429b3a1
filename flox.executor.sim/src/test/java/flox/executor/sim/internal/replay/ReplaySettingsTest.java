package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.MalformedLinePolicy;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The replay's configuration read against its metatype (before: a speed of 0 or less silently became
 * 1, a negative snapshot interval 0, and "yes" for stop.host.when.done false).
 */
class ReplaySettingsTest {
    private static final String FILE = "file:/home/etc/flox.sim.replay.cfg";

    @Test
    void shouldRefuseBadValuesNamingFileAndFieldAndApplyTheRest() {
        ConfigReader config = new ConfigReader(ReplayMarketDataComponent.PID, Map.of("felix.fileinstall.filename", FILE, "files", "/r/a.gz",
                "speed", "0", "snapshot.interval.ms", "-1", "stop.host.when.done", "yes", "pace", "Original", "malformed", "skip"));
        ReplayMarketDataComponent.Settings s = new ReplayMarketDataComponent.Settings(config);
        assertTrue(s.errors.contains("/home/etc/flox.sim.replay.cfg, field speed: 0 is outside [0.001, 1000000] (keeping 1.0)"), s.errors);
        assertTrue(s.errors.contains("field snapshot.interval.ms: -1 is outside [0, 86400000] (keeping 1000)"), s.errors);
        assertTrue(s.errors.contains("field stop.host.when.done: 'yes' is not true or false (keeping false)"), s.errors);
        assertEquals(1.0, s.speed);
        assertEquals(1000, s.snapshotIntervalMs);
        assertFalse(s.stopHostWhenDone);
        assertTrue(s.originalPace, "the good values of the same file apply (options in any case)");
        assertEquals(MalformedLinePolicy.SKIP, s.malformed);
        assertEquals(List.of("/r/a.gz"), s.files);
    }

    @Test
    void shouldTakeTheMetatypesDefaults() {
        ReplayMarketDataComponent.Settings s = new ReplayMarketDataComponent.Settings(new ConfigReader(ReplayMarketDataComponent.PID, Map.of()));
        assertEquals("", s.errors);
        assertEquals(List.of(), s.files);
        assertFalse(s.originalPace);
        assertEquals(1.0, s.speed);
        assertEquals(MalformedLinePolicy.FAIL, s.malformed);
        assertEquals("", s.symbol);
        assertFalse(s.stopHostWhenDone);
        assertEquals(1000, s.snapshotIntervalMs);
    }
}
