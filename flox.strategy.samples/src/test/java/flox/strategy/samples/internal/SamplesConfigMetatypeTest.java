package flox.strategy.samples.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import flox.strategy.samples.internal.aggregate.BarsComponent;
import flox.strategy.samples.internal.aggregate.BookStatsComponent;
import flox.strategy.samples.internal.metrics.MetricsComponent;
import flox.strategy.samples.internal.strategy.MarketMakerComponent;
import flox.strategy.samples.internal.strategy.MomentumTakerComponent;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The samples' components read their configuration against the metatype bnd generates from their
 * Config annotations: every key has its default there (but the ones that identify an instance
 * and the bus's symbol filter), every whole number both bounds, so no default or range is
 * written a second time in code.
 */
@Timeout(30)
class SamplesConfigMetatypeTest {
    private static final List<Class<?>> CONFIGS = List.of(MarketMakerComponent.Config.class, MomentumTakerComponent.Config.class,
            BarsComponent.Config.class, BookStatsComponent.Config.class, MetricsComponent.Config.class);
    /** A strategy without them does not start; flox.symbols is an optional list the bus reads (absent: all symbols). */
    private static final Set<String> NO_DEFAULT = Set.of("symbol", "strategy.id", "flox.symbols");

    @Test
    void shouldDeclareEveryKeyWithItsDefaultAndEveryWholeNumberWithBothBounds() {
        for (Class<?> c : CONFIGS) {
            Metatype m = Metatype.of(c);
            for (String key : ConfigReader.keysOf(c)) {
                Metatype.Attribute a = m.attribute(key);
                if (!NO_DEFAULT.contains(key)) assertNotNull(a.defaultValue(), c.getName() + " " + key + " has no default");
                if (a.type().equals("Long") || a.type().equals("Integer")) {
                    assertNotNull(a.min(), c.getName() + " " + key + " has no min");
                    assertNotNull(a.max(), c.getName() + " " + key + " has no max");
                }
                if (a.type().equals("Integer")) {
                    assertTrue(Long.parseLong(a.max()) <= Integer.MAX_VALUE, c.getName() + " " + key + ": max beyond int");
                }
            }
        }
    }

    @Test
    void shouldRefuseABookDepthAboveTheMetatypesMaxNamingFileAndFieldAndKeepTheDefault() {
        Settings s = new Settings(BookStatsComponent.PID, Map.of("felix.fileinstall.filename", "file:/home/etc/flox.aggregator.bookstats.cfg",
                "book.levels", "100001"), BookStatsComponent.Config.class);
        assertEquals(64, s.intValue("book.levels", (int) Settings.defaultLong(BookStatsComponent.Config.class, "book.levels")));
        assertEquals("/home/etc/flox.aggregator.bookstats.cfg, field book.levels: 100001 is outside [1, 100000] (keeping 64)", s.errors());
    }

    @Test
    void shouldNameTheNearestKeyOfTheAnnotationForAnUnknownKey() {
        Settings s = new Settings(MetricsComponent.PID, Map.of("felix.fileinstall.filename", "file:/home/etc/flox.metrics.cfg",
                "book.level", "32"), MetricsComponent.Config.class);
        assertEquals("/home/etc/flox.metrics.cfg: unknown key book.level (did you mean book.levels?); ignored", s.unknownKeys());
    }
}
