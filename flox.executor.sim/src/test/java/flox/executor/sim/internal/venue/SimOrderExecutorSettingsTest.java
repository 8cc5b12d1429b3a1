package flox.executor.sim.internal.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The executor's configuration read against its metatype: a value out of range, malformed or not
 * an option is refused naming file and field and the metatype's default kept, while the file's
 * other values apply (before: SCR coerced a malformed number, no min or max was enforced, and a bad
 * fee failed the activation).
 */
class SimOrderExecutorSettingsTest {
    private static final String FILE = "file:/home/etc/flox.sim.executor.cfg";

    @Test
    void shouldRefuseBadValuesNamingFileAndFieldTakeTheDefaultAndApplyTheRest() {
        ConfigReader config = new ConfigReader(SimOrderExecutorComponent.PID, Map.of("felix.fileinstall.filename", FILE,
                "book.levels", "0", "latency.us", "5ms", "market.data.slots", "1025", "mode", "inlined", "fee.maker.bps", "1.234",
                "max.orders", "2000", "fee.taker.bps", "-2.5", "queue.capacity", "64"));
        SimOrderExecutorComponent.Settings s = SimOrderExecutorComponent.Settings.read(config);
        String e = config.errors();
        assertTrue(e.contains("/home/etc/flox.sim.executor.cfg, field book.levels: 0 is outside [1, 10000] (keeping 1000)"), e);
        assertTrue(e.contains("/home/etc/flox.sim.executor.cfg, field latency.us: '5ms' is not a whole number (keeping 0)"), e);
        assertTrue(e.contains("field market.data.slots: 1025 is outside [2, 1024] (keeping 128)"), e);
        assertTrue(e.contains("field mode: 'inlined' is not one of threaded, inline (keeping threaded)"), e);
        assertTrue(e.contains("field fee.maker.bps: '1.234' is not a fee in basis points with at most 2 decimals"), e);
        assertEquals(1000, s.bookLevels);
        assertEquals(0, s.latencyUs);
        assertEquals(128, s.marketDataSlots);
        assertFalse(s.inline);
        assertEquals(0, s.feeMakerBpsX100, "the metatype's default fee");
        assertEquals(2000, s.maxOrders, "the good values of the same file apply");
        assertEquals(-250, s.feeTakerBpsX100);
        assertEquals(64, s.queueCapacity);
    }

    @Test
    void shouldTakeEveryDefaultFromTheMetatypeForAnEmptyFile() {
        ConfigReader config = new ConfigReader(SimOrderExecutorComponent.PID, Map.of());
        SimOrderExecutorComponent.Settings s = SimOrderExecutorComponent.Settings.read(config);
        assertFalse(config.hasErrors(), config.errors());
        assertEquals(1000, s.bookLevels);
        assertEquals(4096, s.maxOrders);
        assertEquals(8192, s.queueCapacity);
        assertEquals(128, s.marketDataSlots);
        assertFalse(s.inline);
    }
}
