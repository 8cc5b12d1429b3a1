package flox.bus.internal.component;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.bus.internal.delivery.BusSettings;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A bus's configuration is read against the metatype bnd generates from BusConfig: defaults, ranges and options written once. */
class BusConfigMetatypeTest {
    private static final String FILE = "file:/home/etc/flox.bus.marketdata.cfg";

    @Test
    void shouldTakeTheDefaultsFromTheMetatypeAndAgreeWithTheStandaloneDefaults() {
        assertEquals(BusSettings.defaults(), BusSettings.defaults(BusConfig.class),
                "BusSettings.defaults() (buses outside OSGi) must say what BusConfig says");
    }

    @Test
    void shouldRefuseAValueOutsideTheMetatypesRangeOrOptionsNamingFileAndField() {
        StringBuilder errors = new StringBuilder();
        BusSettings s = BusSettings.read("flox.bus.marketdata", Map.of("felix.fileinstall.filename", FILE, "ring.size", "8388608",
                "idle.strategy", "spinning", "book.levels", "64"), BusConfig.class, BusSettings.defaults(BusConfig.class), errors);
        assertTrue(errors.toString().contains("/home/etc/flox.bus.marketdata.cfg, field ring.size: 8388608 is outside [64, 4194304] (keeping 4096)"),
                errors.toString());
        assertTrue(errors.toString().contains("field idle.strategy: 'spinning' is not one of backoff, yielding, busy-spin, sleeping (keeping backoff)"),
                errors.toString());
        assertEquals(64, s.bookLevels(), "the good values of the same file apply");
    }
}
