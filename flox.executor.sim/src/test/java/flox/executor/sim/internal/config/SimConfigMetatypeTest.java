package flox.executor.sim.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import flox.executor.sim.internal.replay.ReplayMarketDataComponent;
import flox.executor.sim.internal.synthetic.SyntheticMarketDataComponent;
import flox.executor.sim.internal.venue.SimOrderExecutorComponent;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The sim's components read their configuration against the metatype bnd generates from their
 * Config annotations: every key is in the generated file with its default, every whole number
 * has both bounds there (no range is written a second time in code), and the shipped files are
 * within them.
 */
class SimConfigMetatypeTest {
    private static final List<Class<?>> CONFIGS = List.of(SimOrderExecutorComponent.Config.class, SyntheticMarketDataComponent.Config.class,
            ReplayMarketDataComponent.Config.class);

    @Test
    void shouldDeclareEveryKeyWithItsDefaultAndEveryWholeNumberWithBothBounds() {
        for (Class<?> c : CONFIGS) {
            Metatype m = Metatype.of(c);
            for (String key : ConfigReader.keysOf(c)) {
                Metatype.Attribute a = m.attribute(key); // throws for a key the generated XML lacks
                if (c == ReplayMarketDataComponent.Config.class && key.equals("files")) {
                    assertNull(a.defaultValue(), "files is required: the replay refuses to start without one");
                    continue;
                }
                assertNotNull(a.defaultValue(), c.getName() + " " + key + " has no default");
                if (a.type().equals("Long") || a.type().equals("Integer") || a.type().equals("Double")) {
                    assertNotNull(a.min(), c.getName() + " " + key + " has no min");
                    assertNotNull(a.max(), c.getName() + " " + key + " has no max");
                }
            }
        }
    }

    @Test
    void shouldFindEveryWholeNumberOfTheShippedFilesWithinTheMetatypesRange() throws Exception {
        assertShippedWithinRange("flox.sim.executor.cfg", SimOrderExecutorComponent.PID, SimOrderExecutorComponent.Config.class);
        assertShippedWithinRange("flox.sim.market.cfg", SyntheticMarketDataComponent.PID, SyntheticMarketDataComponent.Config.class);
    }

    private static void assertShippedWithinRange(String file, String pid, Class<?> config) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(Path.of("..", "bndrun", "etc", file))) {
            p.load(r);
        }
        ConfigReader reader = new ConfigReader(pid, p.entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(e -> e.getKey().toString(), java.util.Map.Entry::getValue)));
        Metatype m = Metatype.of(config);
        int wholeNumbers = 0;
        for (String key : p.stringPropertyNames()) {
            String type = m.attribute(key).type();
            if (type.equals("Long") || type.equals("Integer")) {
                m.longValue(reader, key, m.defaultLong(key));
                wholeNumbers++;
            }
        }
        assertFalse(reader.hasErrors(), reader.errors());
        assertEquals(true, wholeNumbers > 0, file + " sets whole numbers");
    }
}
