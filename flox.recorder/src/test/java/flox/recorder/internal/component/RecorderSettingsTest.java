package flox.recorder.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.EventKind;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecorderSettingsTest {
    private static final Path HOME = Path.of("/home/flox");
    private static final String FILE = "/home/flox/etc/flox.recorder.cfg";

    private static RecorderSettings read(Map<String, Object> p, StringBuilder errors) {
        return RecorderSettings.read(p, RecorderSettings.defaults(HOME), HOME, errors);
    }

    @Test
    void shouldRecordEverythingUnderTheHomesJournalByDefault() {
        StringBuilder errors = new StringBuilder();
        RecorderSettings s = read(Map.of("felix.fileinstall.filename", FILE), errors);
        assertEquals("", errors.toString());
        assertEquals(RecorderSettings.defaults(HOME), s);
        assertTrue(s.enabled());
        assertEquals(HOME.resolve("journal"), s.directory());
        assertEquals(64L << 20, s.segmentSizeBytes());
        assertEquals(1024L << 20, s.retentionBytes());
        assertEquals(EnumSet.allOf(EventKind.class), s.kinds());
        assertEquals(List.of(), s.symbols());
    }

    @Test
    void shouldTakeEveryDefaultFromTheMetatypeWithBothBoundsOnEveryNumber() {
        Metatype m = Metatype.of(RecorderConfig.class);
        RecorderSettings d = RecorderSettings.defaults(HOME);
        assertEquals(m.defaultBoolean("enabled"), d.enabled());
        assertEquals(m.defaultLong("segment.size.mb") << 20, d.segmentSizeBytes());
        assertEquals(m.defaultLong("retention.mb") << 20, d.retentionBytes());
        assertEquals(m.defaultLong("ring.size.kb") << 10, d.ringBytes());
        assertEquals(EnumSet.allOf(EventKind.class).stream().map(Enum::name).sorted().toList(),
                ConfigReader.list(m.defaultString("kinds")).stream().sorted().toList());
        for (String key : ConfigReader.keysOf(RecorderConfig.class)) {
            Metatype.Attribute a = m.attribute(key); // throws for a key the generated XML lacks
            if (a.type().equals("Integer") || a.type().equals("Long")) assertTrue(a.min() != null && a.max() != null, key + " has both bounds");
        }
    }

    @Test
    void shouldReadEveryKey() {
        StringBuilder errors = new StringBuilder();
        RecorderSettings s = read(Map.of("enabled", "false", "directory", "data/j", "segment.size.mb", "8", "retention.mb", "100",
                "kinds", "trade, EXECUTION", "symbols", "SIM:BTCUSDT, BINANCE:ETHUSDT", "ring.size.kb", "1024", "sync.on.roll", "false"), errors);
        assertEquals("", errors.toString());
        assertEquals(new RecorderSettings(false, HOME.resolve("data/j"), 8L << 20, 100L << 20, EnumSet.of(EventKind.TRADE, EventKind.EXECUTION),
                List.of("SIM:BTCUSDT", "BINANCE:ETHUSDT"), 1 << 20, false), s);
        assertEquals(Path.of("/var/j"), read(Map.of("directory", "/var/j"), new StringBuilder()).directory());
    }

    @Test
    void shouldRefuseBadValuesNamingTheFileAndKeyAndKeepTheLastGood() {
        RecorderSettings good = RecorderSettings.defaults(HOME);
        String[][] cases = {
            {"segment.size.mb", "0", "field segment.size.mb: 0 is outside [1, 1024]"},
            {"segment.size.mb", "big", "field segment.size.mb: 'big' is not a whole number"},
            {"retention.mb", "10", "field retention.mb: 10 MiB is less than one segment (segment.size.mb 64)"},
            {"kinds", "TRADES", "field kinds: [TRADES] not among BOOK_UPDATE, TRADE, VENUE_STATE, EXECUTION"},
            {"symbols", "BTCUSDT", "field symbols: [BTCUSDT] not EXCHANGE:SYMBOL"},
            {"ring.size.kb", "100", "field ring.size.kb: 100 is not a power of two"},
            {"enabled", "yes", "field enabled: 'yes' is not true or false"},
            {"sync.on.roll", "sometimes", "field sync.on.roll: 'sometimes' is not true or false"},
        };
        for (String[] c : cases) {
            StringBuilder errors = new StringBuilder();
            RecorderSettings s = read(Map.of("felix.fileinstall.filename", FILE, c[0], c[1]), errors);
            assertTrue(errors.toString().startsWith(FILE + ", " + c[2]), c[0] + "=" + c[1] + ": " + errors);
            assertEquals(good, s, c[0] + "=" + c[1] + " keeps the last good settings");
        }
    }

    @Test
    void shouldNameAnUnknownKeyWithTheNearestKnownOne() {
        assertEquals(FILE + ": unknown key retention.mib (did you mean retention.mb?); ignored",
                RecorderSettings.unknownKeys(Map.of("felix.fileinstall.filename", FILE, "retention.mib", "5")));
    }
}
