package flox.connector.fix.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.connector.fix.internal.orders.FixClientIds;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A session's configuration, read against its metatype: defaults written once, bad values named by file and field. */
class FixConfigTest {
    static final String FILE = "file:/home/etc/flox.fix-broker.cfg";

    @Test
    void shouldTakeTheDefaults() {
        ConfigReader c = new ConfigReader(FixConnectorComponent.PID, Map.of("exchange", "BROKER", "port", "9880", "sender.comp.id", "BANZAI",
                "target.comp.id", "EXEC"));
        FixSession.Settings s = FixConnectorComponent.read(c);
        assertEquals("", c.errors());
        assertEquals("BROKER", s.exchange);
        assertEquals("127.0.0.1", s.host);
        assertEquals(9880, s.port);
        assertEquals(30, s.heartbeatSeconds);
        assertEquals("state/fix", s.storePath);
        assertEquals("1;2;4;8;16;30", s.reconnectSeconds);
        assertNull(s.username);
        assertNull(s.clientIdPrefix, "one prefix per run");
        assertEquals(65536, s.orderQueueBytes);
        assertEquals(10_000, s.reconcileWaitMs);
        assertEquals(FixSession.SendIdle.PARK, s.sendIdle, "the sending thread parks by default");
    }

    @Test
    void shouldRefuseBadValuesNamingFileAndField() {
        ConfigReader c = new ConfigReader(FixConnectorComponent.PID, Map.of("felix.fileinstall.filename", FILE, "exchange", "BROKER",
                "port", "70000", "sender.comp.id", "BANZAI", "heartbeat.s", "0", "reconnect.s", "1,2", "client.id.prefix", "has space",
                "send.idle", "sleep"));
        FixSession.Settings s = FixConnectorComponent.read(c);
        String e = c.errors();
        assertTrue(e.contains("/home/etc/flox.fix-broker.cfg, field port: 70000 is outside [1, 65535]"), e);
        assertTrue(e.contains("field target.comp.id: empty or missing"), e);
        assertTrue(e.contains("field heartbeat.s: 0 is outside [1, 3600] (keeping 30)"), e);
        assertTrue(e.contains("field reconnect.s: '1,2' is not seconds separated by ';'"), e);
        assertTrue(e.contains("field client.id.prefix"), e);
        assertTrue(e.contains("field send.idle"), e);
        assertEquals(FixSession.SendIdle.PARK, s.sendIdle, "an unknown idle mode keeps the default, park");
        assertEquals(30, s.heartbeatSeconds);
        assertEquals("1;2;4;8;16;30", s.reconnectSeconds);
    }

    @Test
    void shouldReadEachSendIdleMode() {
        for (FixSession.SendIdle mode : FixSession.SendIdle.values()) {
            ConfigReader c = new ConfigReader(FixConnectorComponent.PID, Map.of("exchange", "BROKER", "port", "9880", "sender.comp.id", "BANZAI",
                    "target.comp.id", "EXEC", "send.idle", mode.name().toLowerCase(java.util.Locale.ROOT)));
            assertEquals(mode, FixConnectorComponent.read(c).sendIdle);
            assertEquals("", c.errors());
        }
    }

    /** A venue's own lead replaces only "FLX": the run's start follows, so a restart never sends the previous run's ClOrdIDs. */
    @Test
    void shouldKeepAConfiguredPrefixUniquePerRun() {
        ConfigReader c = new ConfigReader(FixConnectorComponent.PID, Map.of("exchange", "BROKER", "port", "9880", "sender.comp.id", "BANZAI",
                "target.comp.id", "EXEC", "client.id.prefix", "ACME"));
        FixSession.Settings s = FixConnectorComponent.read(c);
        assertEquals("", c.errors());
        assertEquals("ACME", s.clientIdLead);
        assertNull(s.clientIdPrefix, "not the whole prefix: the run's start follows");
        String first = FixClientIds.forRunStartedAt("ACME", 1_765_000_000_000L).prefix();
        String next = FixClientIds.forRunStartedAt("ACME", 1_765_000_000_001L).prefix();
        assertTrue(first.startsWith("ACME") && first.endsWith("_"), first);
        assertNotEquals(first, next, "two runs a millisecond apart");

        ConfigReader tooLong = new ConfigReader(FixConnectorComponent.PID, Map.of("felix.fileinstall.filename", FILE, "exchange", "BROKER",
                "port", "9880", "sender.comp.id", "BANZAI", "target.comp.id", "EXEC", "client.id.prefix", "ACME-CAPITAL-LDN"));
        FixConnectorComponent.read(tooLong);
        assertTrue(tooLong.errors().contains("field client.id.prefix") && tooLong.errors().contains("1 to 14 characters"), tooLong.errors());
    }

    @Test
    void shouldKeepThePasswordReferencePrivateAndBoundEveryNumber() {
        Metatype m = Metatype.of(FixConnectorComponent.Config.class);
        assertNotNull(m.attribute(".password"), "a dotted, private property: DS does not copy it into service properties");
        for (String key : ConfigReader.keysOf(FixConnectorComponent.Config.class)) {
            Metatype.Attribute a = m.attribute(key);
            if (a.type().equals("Long") || a.type().equals("Integer")) {
                assertNotNull(a.min(), key);
                assertNotNull(a.max(), key);
            }
        }
    }
}
