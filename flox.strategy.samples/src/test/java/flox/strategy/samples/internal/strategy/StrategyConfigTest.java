package flox.strategy.samples.internal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.strategy.samples.internal.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The sample strategies read their configuration against their Config annotations' metatype: a
 * bad value is refused naming file and field, the previous value (the default at activation)
 * kept, the other values of the same file applied.
 */
@Timeout(30)
class StrategyConfigTest {
    private static final String FILE = "file:/home/etc/flox.strategy.marketmaker-btc.cfg";

    private static Settings settings(Map<String, ?> properties) {
        return new Settings(MarketMakerComponent.PID, properties, MarketMakerComponent.Config.class);
    }

    @Test
    void shouldRefuseOutOfRangeAndMalformedTunablesNamingFileAndFieldAndApplyTheOthers() {
        Settings s = settings(Map.of("felix.fileinstall.filename", FILE, "spread.ticks", "1000001", "reject.cooldown.ms", "soon",
                "skew.ticks", "2", "quote.size", "0.002", "spread.bps", "-1"));
        MarketMaker.Params p = MarketMakerComponent.params(s, MarketMakerComponent.DEFAULTS);
        assertTrue(s.errors().contains("/home/etc/flox.strategy.marketmaker-btc.cfg, field spread.ticks: 1000001 is outside [0, 1000000] (keeping 4)"),
                s.errors());
        assertTrue(s.errors().contains("field reject.cooldown.ms: 'soon' is not a whole number (keeping 250)"), s.errors());
        assertTrue(s.errors().contains("field spread.bps: -1 is outside [0.00, 10000.00] (keeping 0.00)"), s.errors());
        assertEquals(4, p.spreadTicks());
        assertEquals(250_000_000L, p.rejectCooldownNs());
        assertEquals(2, p.skewTicks(), "the good values of the same file apply");
        assertEquals(200_000L, p.quoteSize());
    }

    @Test
    void shouldReadAnEmptyFileAsTheMetatypesDefaults() {
        assertEquals(MarketMakerComponent.DEFAULTS, MarketMakerComponent.params(settings(Map.of()), MarketMakerComponent.DEFAULTS));
        Settings s = new Settings(MomentumTakerComponent.PID, Map.of("lookback", "0"), MomentumTakerComponent.Config.class);
        assertEquals(MomentumTakerComponent.DEFAULTS, MomentumTakerComponent.params(s, MomentumTakerComponent.DEFAULTS));
        assertTrue(s.errors().contains("field lookback: 0 is outside [1, 100000] (keeping 20)"), s.errors());
    }

    @Test
    void shouldStartWithTheDefaultBookDepthWhenItIsMalformed() {
        Settings s = settings(Map.of("felix.fileinstall.filename", FILE, "symbol", "SIM:BTCUSDT", "strategy.id", "7", "book.levels", "deep"));
        StrategySettings f = StrategySettings.read(s, MarketMakerComponent.Config.class, null);
        assertEquals(64, f.bookLevels);
        assertEquals(7, f.strategyId);
        assertEquals("/home/etc/flox.strategy.marketmaker-btc.cfg, field book.levels: 'deep' is not a whole number (keeping 64)", s.errors());
    }

    @Test
    void shouldNotStartWithoutAStrategyIdInRange() {
        Map<String, ?> properties = Map.of("felix.fileinstall.filename", FILE, "symbol", "SIM:BTCUSDT", "strategy.id", "0");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> StrategySettings.read(settings(properties), MarketMakerComponent.Config.class, null));
        assertTrue(e.getMessage().contains("/home/etc/flox.strategy.marketmaker-btc.cfg, field strategy.id: 0 is outside [1, 2147483647]"), e.getMessage());
    }

    @Test
    void shouldKeepTheRunningInstancesFixedSettingsWhenAChangeIsMalformed() {
        Map<String, ?> good = Map.of("symbol", "SIM:BTCUSDT", "strategy.id", "7", "book.levels", "32");
        StrategySettings running = StrategySettings.read(settings(good), MarketMakerComponent.Config.class, null);
        Map<String, ?> bad = Map.of("felix.fileinstall.filename", FILE, "symbol", "BTCUSDT", "strategy.id", "x", "book.levels", "0");
        Settings s = settings(bad);
        StrategySettings next = StrategySettings.read(s, MarketMakerComponent.Config.class, running);
        assertNull(running.fixedChange(next), "no change: every bad value keeps the running one");
        assertTrue(s.errors().contains("field symbol: 'BTCUSDT' is not EXCHANGE:SYMBOL (keeping SIM:BTCUSDT)"), s.errors());
        assertTrue(s.errors().contains("field strategy.id: 'x' is not a whole number (keeping 7)"), s.errors());
        assertTrue(s.errors().contains("field book.levels: 0 is outside [1, 100000] (keeping 32)"), s.errors());
    }
}
