package flox.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigReaderTest {
    @Test
    void shouldReadValidValuesWithoutErrors() {
        ConfigReader c = new ConfigReader("flox.x", Map.of("a", "42", "b", 7L, "c", "true", "d", " text "));
        assertEquals(42, c.longValue("a", 1, 0, 100));
        assertEquals(7, c.longValue("b", 1, 0, 100));
        assertTrue(c.booleanValue("c", false));
        assertEquals("text", c.stringValue("d", "x"));
        assertEquals(5, c.longValue("missing", 5, 0, 100));
        assertFalse(c.hasErrors());
    }

    @Test
    void shouldNameFileAndFieldAndKeepTheFallbackOnABadValue() {
        ConfigReader c = new ConfigReader("flox.x", Map.of("felix.fileinstall.filename", "file:/home/etc/flox.x.cfg",
                "interval", "soon", "size", "-3", "flag", "maybe"));
        assertEquals(10, c.longValue("interval", 10, 0, 100));
        assertEquals(20, c.longValue("size", 20, 0, 100));
        assertFalse(c.booleanValue("flag", false));
        assertTrue(c.hasErrors());
        String errors = c.errors();
        assertTrue(errors.contains("/home/etc/flox.x.cfg, field interval: 'soon' is not a whole number (keeping 10)"), errors);
        assertTrue(errors.contains("field size: -3 is outside [0, 100] (keeping 20)"), errors);
        assertTrue(errors.contains("field flag: 'maybe' is not true or false"), errors);
    }

    @Test
    void shouldNameThePidWhenNoFileIsKnown() {
        ConfigReader c = new ConfigReader("flox.tracker", Map.of("capacity", "lots"));
        c.longValue("capacity", 1, 1, 10);
        assertTrue(c.errors().startsWith("configuration flox.tracker, field capacity"), c.errors());
    }

    @Test
    void shouldReadListsFromArraysCollectionsAndCommaSeparatedStrings() {
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("a", "b", "c"), ConfigReader.list(" a, b ,,c "));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("a", "b", "c"), ConfigReader.list(new String[] {"a,b", " c"}));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("x", "y"), ConfigReader.list(java.util.List.of("x", "", "y")));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of(), ConfigReader.list(null));
        org.junit.jupiter.api.Assertions.assertEquals(java.util.List.of("p", "q"),
                new ConfigReader("pid", java.util.Map.of("k", "p,q")).listValue("k"));
    }

    @interface Sample {
        String max_position();
        String max_order_quantity();
        long order__id();
        String strategy$_$name();
    }

    @Test
    void shouldWarnOnAnUnknownKeyNamingTheFileTheKeyAndTheNearestKnownKey() {
        ConfigReader c = new ConfigReader("flox.risk", Map.of("felix.fileinstall.filename", "file:/home/etc/flox.risk.cfg",
                "service.pid", "flox.risk", "component.name", "x", "flox.event.kinds", "TRADE", "max.postion", "0.0001", "max.position", "1", "zzzzzzzzzzzz", "1"));
        String w = c.unknownKeys(ConfigReader.keysOf(Sample.class));
        assertTrue(w.contains("/home/etc/flox.risk.cfg: unknown key max.postion (did you mean max.position?); ignored"), w);
        assertTrue(w.contains("/home/etc/flox.risk.cfg: unknown key zzzzzzzzzzzz; ignored"), w);
        assertFalse(w.contains("service.pid") || w.contains("component.name") || w.contains("felix.") || w.contains("flox.event"), w);
        assertEquals("", new ConfigReader("flox.risk", Map.of("max.position", "1")).unknownKeys(ConfigReader.keysOf(Sample.class)));
    }

    @Test
    void shouldMapMetatypeMethodNamesToKeys() {
        assertEquals(java.util.Set.of("max.position", "max.order.quantity", "order_id", "strategy-name"), ConfigReader.keysOf(Sample.class));
    }

    @Test
    void shouldTreatAConfigurationWithOnlyStandardKeysAsEmpty() {
        assertTrue(ConfigReader.isEmpty(null));
        assertTrue(ConfigReader.isEmpty(Map.of("service.pid", "flox.risk", "felix.fileinstall.filename", "file:/x.cfg")));
        assertFalse(ConfigReader.isEmpty(Map.of("service.pid", "flox.risk", "max.position", "1")));
    }
}
