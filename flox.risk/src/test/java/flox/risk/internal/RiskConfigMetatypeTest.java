package flox.risk.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Risk reads its configuration against the metatype bnd generates from RiskConfig: defaults and ranges written once. */
class RiskConfigMetatypeTest {
    private static final String FILE = "file:/home/etc/flox.risk.cfg";

    @Test
    void shouldTakeEveryDefaultFromTheMetatype() {
        Metatype m = Metatype.of(RiskConfig.class);
        RiskSettings d = RiskSettings.defaults();
        assertEquals(m.defaultString("max.order.quantity"), d.maxOrderQuantity.toString());
        assertEquals(m.defaultString("max.order.notional"), d.maxOrderNotional.toString());
        assertEquals(m.defaultLong("price.band.bps"), d.priceBandBps);
        assertEquals(m.defaultLong("order.rate.burst"), d.orderRateBurst);
        assertEquals(m.defaultLong("positions.capacity"), d.positionsCapacity);
        assertEquals(m.defaultLong("book.levels"), d.bookLevels);
        assertEquals(d, RiskSettings.read(RiskComponent.PID, Map.of(), d, new StringBuilder()), "an empty file is the defaults");
    }

    @Test
    void shouldReadEveryKeyTheAnnotationDeclaresAndNoOther() {
        Metatype m = Metatype.of(RiskConfig.class);
        for (String key : ConfigReader.keysOf(RiskConfig.class)) m.attribute(key); // throws for a key the generated XML lacks
        assertTrue(ConfigReader.keysOf(RiskConfig.class).contains("kill.cancel.interval.ms"));
    }

    @Test
    void shouldRefuseAValueOutsideTheMetatypesRangeNamingFileAndField() {
        StringBuilder errors = new StringBuilder();
        RiskSettings s = RiskSettings.read(RiskComponent.PID, Map.of("felix.fileinstall.filename", FILE, "kill.cancel.interval.ms", "60001",
                "price.band.bps", "100001", "order.rate.burst", "50"), RiskSettings.defaults(), errors);
        assertTrue(errors.toString().contains("/home/etc/flox.risk.cfg, field kill.cancel.interval.ms: 60001 is outside [0, 60000] (keeping 100)"),
                errors.toString());
        assertTrue(errors.toString().contains("field price.band.bps: 100001 is outside [0, 100000] (keeping 500)"), errors.toString());
        assertEquals(50, s.orderRateBurst, "the good values of the same file apply");
        assertEquals(100, s.killCancelIntervalMs);
    }
}
