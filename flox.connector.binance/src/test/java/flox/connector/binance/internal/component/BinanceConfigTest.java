package flox.connector.binance.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The account's configuration, read against its metatype: defaults and ranges written once, bad values named by file and field. */
class BinanceConfigTest {
    static final String FILE = "file:/home/etc/flox.binance-main.cfg";

    @Test
    void shouldTakeTheDefaultsAndTheSymbolsList() {
        ConfigReader c = new ConfigReader(BinanceConnectorComponent.PID, Map.of("symbols", "BTCUSDT, ETHUSDT"));
        BinanceMarketData.Settings s = BinanceConnectorComponent.read(c);
        assertEquals("", c.errors());
        assertEquals("BINANCE", s.exchange());
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), s.symbols());
        assertEquals("wss://stream.binance.com:9443", s.streamUrl().toString());
        assertEquals(1000, s.snapshotLimit());
    }

    @Test
    void shouldRefuseBadValuesNamingFileAndFieldAndKeepTheRest() {
        ConfigReader c = new ConfigReader(BinanceConnectorComponent.PID, Map.of("felix.fileinstall.filename", FILE, "symbols", "BTCUSDT",
                "stream.url", "https://api.binance.com", "snapshot.limit", "6000", "reconnect.max.ms", "5000"));
        BinanceMarketData.Settings s = BinanceConnectorComponent.read(c);
        assertTrue(c.errors().contains("/home/etc/flox.binance-main.cfg, field stream.url: 'https://api.binance.com' is not a ws(s) URL with a host"),
                c.errors());
        assertTrue(c.errors().contains("field snapshot.limit: 6000 is outside [5, 5000] (keeping 1000)"), c.errors());
        assertEquals(5000, s.reconnectMaxMs(), "the good values of the same file apply");
        ConfigReader none = new ConfigReader(BinanceConnectorComponent.PID, Map.of("felix.fileinstall.filename", FILE));
        BinanceConnectorComponent.read(none);
        assertTrue(none.errors().contains("field symbols: no symbol given"), none.errors());
    }

    @Test
    void shouldDeclareEveryWholeNumberWithBothBounds() {
        Metatype m = Metatype.of(BinanceConnectorComponent.Config.class);
        for (String key : ConfigReader.keysOf(BinanceConnectorComponent.Config.class)) {
            Metatype.Attribute a = m.attribute(key);
            if (a.type().equals("Long") || a.type().equals("Integer")) {
                assertNotNull(a.min(), key);
                assertNotNull(a.max(), key);
            }
        }
    }
}
