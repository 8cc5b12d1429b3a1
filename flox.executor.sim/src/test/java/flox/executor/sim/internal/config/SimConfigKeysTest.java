package flox.executor.sim.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.executor.sim.internal.replay.ReplayMarketDataComponent;
import flox.executor.sim.internal.synthetic.SyntheticMarketDataComponent;
import flox.executor.sim.internal.venue.SimOrderExecutorComponent;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/** The sim's pids warn on unknown keys like every other pid (issue 11 item 4), and the shipped files have none. */
class SimConfigKeysTest {
    private static final Path ETC = Path.of("..", "bndrun", "etc");

    @Test
    void shouldWarnOnATypoNamingTheFileTheKeyAndTheNearestKnownKey() {
        Map<String, Object> props = new HashMap<>();
        props.put("felix.fileinstall.filename", "file:/home/etc/flox.sim.executor.cfg");
        props.put("latency.us", "5");
        props.put("latncy.us", "500");
        String w = SimConfigKeys.warnUnknown(SimOrderExecutorComponent.PID, SimOrderExecutorComponent.Config.class, props);
        assertTrue(w.contains("/home/etc/flox.sim.executor.cfg") && w.contains("unknown key latncy.us") && w.contains("latency.us"), w);
    }

    @Test
    void shouldFindNoUnknownKeyInTheShippedFiles() throws Exception {
        assertEquals("", SimConfigKeys.warnUnknown(SimOrderExecutorComponent.PID, SimOrderExecutorComponent.Config.class, read("flox.sim.executor.cfg")));
        assertEquals("", SimConfigKeys.warnUnknown(SyntheticMarketDataComponent.PID, SyntheticMarketDataComponent.Config.class, read("flox.sim.market.cfg")));
        Map<String, Object> replay = new HashMap<>(); // as ./flox run --replay writes it
        for (String k : new String[] {"files", "pace", "malformed", "symbol", "stop.host.when.done"}) replay.put(k, "x");
        assertEquals("", SimConfigKeys.warnUnknown(ReplayMarketDataComponent.PID, ReplayMarketDataComponent.Config.class, replay));
    }

    private static Map<String, Object> read(String name) throws Exception {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(ETC.resolve(name))) {
            p.load(r);
        }
        Map<String, Object> m = new HashMap<>();
        for (String k : p.stringPropertyNames()) m.put(k, p.getProperty(k));
        return m;
    }
}
