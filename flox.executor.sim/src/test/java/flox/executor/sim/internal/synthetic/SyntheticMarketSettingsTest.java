package flox.executor.sim.internal.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The synthetic market's configuration read against its metatype (before: SCR coerced a malformed
 * number and no min was enforced; a trade and move share over 100 % made the publishing thread fail
 * when it built the books).
 */
class SyntheticMarketSettingsTest {
    private static final String FILE = "file:/home/etc/flox.sim.market.cfg";

    @Test
    void shouldRefuseBadValuesNamingFileAndFieldTakeTheDefaultAndApplyTheRest() {
        ConfigReader config = new ConfigReader(SyntheticMarketDataComponent.PID, Map.of("felix.fileinstall.filename", FILE,
                "rate", "0", "seed", "forty-two", "trade.percent", "90", "move.percent", "20", "depth", "7", "start.prices", "BTCUSDT=1, ETHUSDT=2"));
        SyntheticMarketDataComponent.Settings s = new SyntheticMarketDataComponent.Settings(config);
        String e = config.errors();
        assertTrue(e.contains("/home/etc/flox.sim.market.cfg, field rate: 0 is outside [1, 10000000] (keeping 20000)"), e);
        assertTrue(e.contains("/home/etc/flox.sim.market.cfg, field seed: 'forty-two' is not a whole number (keeping 42)"), e);
        assertTrue(e.contains("field trade.percent: 90 and move.percent 20 add up to more than 100 (keeping 10)"), e);
        assertTrue(e.contains("field move.percent: 20 and trade.percent 90 add up to more than 100 (keeping 15)"), e);
        assertEquals(20_000, s.rate());
        assertEquals(42, s.seed());
        assertEquals(10, s.trade_percent());
        assertEquals(15, s.move_percent());
        assertEquals(7, s.depth(), "the good values of the same file apply");
        assertEquals(List.of("BTCUSDT=1", "ETHUSDT=2"), s.start_prices());
    }

    @Test
    void shouldTakeTheMetatypesStartPricesWhenAbsentAndNoneWhenEmpty() {
        ConfigReader absent = new ConfigReader(SyntheticMarketDataComponent.PID, Map.of());
        assertEquals(List.of("BTCUSDT=60000", "ETHUSDT=3000", "SOLUSDT=150"), new SyntheticMarketDataComponent.Settings(absent).start_prices());
        assertFalse(absent.hasErrors(), absent.errors());
        ConfigReader empty = new ConfigReader(SyntheticMarketDataComponent.PID, Map.of("start.prices", ""));
        assertEquals(List.of(), new SyntheticMarketDataComponent.Settings(empty).start_prices());
    }
}
