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

    /** connection.max.age.ms (issue 14 item 6): 23 h 50 min by default, 0 is never, 1 s to 24 h taken; anything else refused naming the key. */
    @Test
    void shouldReadTheConnectionsMaximumAgeAndRefuseOneOutOfRange() {
        assertEquals(85_800_000L, BinanceConnectorComponent.read(new ConfigReader(BinanceConnectorComponent.PID, Map.of("symbols", "BTCUSDT")))
                .connectionMaxAgeMs(), "23 h 50 min by default");
        for (String good : List.of("0", "1000", "86400000")) {
            ConfigReader c = new ConfigReader(BinanceConnectorComponent.PID, Map.of("symbols", "BTCUSDT", "connection.max.age.ms", good));
            assertEquals(Long.parseLong(good), BinanceConnectorComponent.read(c).connectionMaxAgeMs());
            assertEquals("", c.errors());
        }
        Map<String, String> bad = Map.of("86400001", "86400001 is outside [0, 86400000]", "-1", "-1 is outside [0, 86400000]",
                "999", "999 is shorter than 1000 ms (0: never replaced)", "1d", "'1d' is not a whole number");
        for (Map.Entry<String, String> b : bad.entrySet()) {
            ConfigReader c = new ConfigReader(BinanceConnectorComponent.PID, Map.of("felix.fileinstall.filename", FILE, "symbols", "BTCUSDT",
                    "connection.max.age.ms", b.getKey()));
            assertEquals(85_800_000L, BinanceConnectorComponent.read(c).connectionMaxAgeMs(), "the default kept for " + b.getKey());
            assertEquals("/home/etc/flox.binance-main.cfg, field connection.max.age.ms: " + b.getValue() + " (keeping 85800000)", c.errors());
        }
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
