package flox.executor.sim.internal.config;

import flox.core.config.ConfigReader;
import java.util.Map;

/**
 * Unknown keys in the simulated exchange's configurations (flox.sim.*), warned like every
 * other pid's (issue 11 item 4): the file, the key and the nearest known key; and the values
 * refused when read against the metatype, logged at ERROR. Called once per activation by the
 * sim's components; cold path.
 */
public final class SimConfigKeys {
    private static final System.Logger LOG = System.getLogger("flox.sim");

    private SimConfigKeys() {
    }

    /** The warning for the keys of {@code properties} that {@code metatype} does not define (empty when none); logged at WARNING. */
    public static String warnUnknown(String pid, Class<?> metatype, Map<String, ?> properties) {
        String unknown = new ConfigReader(pid, properties).unknownKeys(ConfigReader.keysOf(metatype));
        if (!unknown.isEmpty()) LOG.log(System.Logger.Level.WARNING, unknown);
        return unknown;
    }

    /** Logs the values {@code config} refused (file, field, what was kept) at ERROR; nothing when none was. */
    public static void logErrors(ConfigReader config) {
        if (config.hasErrors()) LOG.log(System.Logger.Level.ERROR, config.errors());
    }
}
