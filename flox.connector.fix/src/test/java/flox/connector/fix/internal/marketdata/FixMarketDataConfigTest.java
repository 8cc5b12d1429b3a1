package flox.connector.fix.internal.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A market-data session's configuration, read against its metatype: defaults, bad values named by file and field. */
class FixMarketDataConfigTest {
    static final String FILE = "file:/home/etc/flox.fix.md-broker.cfg";

    @Test
    void shouldTakeTheDefaults() {
        ConfigReader c = new ConfigReader(FixMarketDataComponent.PID, Map.of("exchange", "BROKER", "port", "9881", "sender.comp.id", "FLOXMD",
                "target.comp.id", "FEED"));
        FixMarketDataSession.Settings s = FixMarketDataComponent.read(c);
        assertEquals("", c.errors());
        assertEquals("BROKER", s.exchange);
        assertEquals("127.0.0.1", s.host);
        assertEquals(9881, s.port);
        assertEquals("FLOXMD", s.senderCompId);
        assertEquals("FEED", s.targetCompId);
        assertEquals(30, s.heartbeatSeconds);
        assertEquals("state/fix", s.storePath);
        assertEquals("1;2;4;8;16;30", s.reconnectSeconds);
        assertEquals(0, s.marketDepth, "the full book");
        assertEquals(5000, s.bookLevels);
        assertEquals(5000, s.snapshotIntervalMs);
        assertEquals(10000, s.resubscribeIntervalMs);
        assertNull(s.username);
    }

    @Test
    void shouldRefuseBadValuesNamingFileAndField() {
        ConfigReader c = new ConfigReader(FixMarketDataComponent.PID, Map.of("felix.fileinstall.filename", FILE, "exchange", "BROKER",
                "port", "0", "sender.comp.id", "FLOXMD", "heartbeat.s", "x", "reconnect.s", "1,2", "market.depth", "-1",
                "snapshot.interval.ms", "5"));
        FixMarketDataSession.Settings s = FixMarketDataComponent.read(c);
        String e = c.errors();
        assertTrue(e.contains("/home/etc/flox.fix.md-broker.cfg, field port: 0 is outside [1, 65535]"), e);
        assertTrue(e.contains("field target.comp.id: empty or missing"), e);
        assertTrue(e.contains("field heartbeat.s"), e);
        assertTrue(e.contains("field reconnect.s: '1,2' is not seconds separated by ';'"), e);
        assertTrue(e.contains("field market.depth: -1 is outside [0, 10000] (keeping 0)"), e);
        assertTrue(e.contains("field snapshot.interval.ms: 5 is outside [100, 3600000]"), e);
        assertEquals(30, s.heartbeatSeconds);
        assertEquals(0, s.marketDepth);
        assertEquals(5000, s.snapshotIntervalMs);
    }

    @Test
    void shouldKeepBookLevelsAtLeastTheDepthAsked() {
        ConfigReader c = new ConfigReader(FixMarketDataComponent.PID, Map.of("felix.fileinstall.filename", FILE, "exchange", "BROKER",
                "port", "9881", "sender.comp.id", "A", "target.comp.id", "B", "market.depth", "200", "book.levels", "100"));
        FixMarketDataSession.Settings s = FixMarketDataComponent.read(c);
        assertTrue(c.errors().contains("field book.levels: 100 is below market.depth 200"), c.errors());
        assertEquals(200, s.bookLevels);
    }

    @Test
    void shouldKeepThePasswordReferencePrivateAndBoundEveryNumber() {
        Metatype m = Metatype.of(FixMarketDataComponent.Config.class);
        assertNotNull(m.attribute(".password"));
        for (String key : ConfigReader.keysOf(FixMarketDataComponent.Config.class)) {
            Metatype.Attribute a = m.attribute(key);
            if (a.type().equals("Long") || a.type().equals("Integer")) {
                assertNotNull(a.min(), key);
                assertNotNull(a.max(), key);
            }
        }
    }
}
