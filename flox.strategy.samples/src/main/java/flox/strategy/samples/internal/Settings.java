package flox.strategy.samples.internal;

import flox.api.num.FixedPoint;
import flox.core.config.ConfigReader;
import java.util.Map;

/**
 * Reads a component's Configuration Admin properties through the host's {@link ConfigReader}
 * (embedded, not imported), adding fixed-point decimals: a bad value is one error naming the
 * file and the field, and the caller keeps its fallback. Cold path; allocates.
 */
public final class Settings {
    private final ConfigReader reader;

    public Settings(String pid, Map<String, ?> properties) {
        reader = new ConfigReader(pid, properties);
    }

    public long longValue(String key, long fallback, long min, long max) {
        return reader.longValue(key, fallback, min, max);
    }

    public int intValue(String key, int fallback, int min, int max) {
        return (int) reader.longValue(key, fallback, min, max);
    }

    public String stringValue(String key, String fallback) {
        return reader.stringValue(key, fallback);
    }

    /**
     * A decimal such as "2.5" as a long at {@code scale} decimals (2.5 at scale 2 is 250), within
     * [min, max] (also at {@code scale}); the fallback and an error when malformed, too precise
     * or out of range.
     */
    public long decimal(String key, long fallback, int scale, long min, long max) {
        String text = reader.stringValue(key, null);
        if (text == null) return fallback;
        long v = FixedPoint.parse(text, scale);
        if (v == FixedPoint.INVALID) {
            reader.reject(key, "'" + text + "' is not a decimal with at most " + scale + " fraction digits", FixedPoint.format(fallback, scale));
            return fallback;
        }
        if (v < min || v > max) {
            reader.reject(key, text + " is outside [" + FixedPoint.format(min, scale) + ", " + FixedPoint.format(max, scale) + "]",
                    FixedPoint.format(fallback, scale));
            return fallback;
        }
        return v;
    }

    /** Unknown keys against the component's metatype, one sentence each ({@link ConfigReader#unknownKeys}); empty when none. */
    public String unknownKeys(Class<?> metatype) {
        return reader.unknownKeys(ConfigReader.keysOf(metatype));
    }

    public void reject(String key, String what, Object keeping) {
        reader.reject(key, what, keeping);
    }

    public boolean hasErrors() {
        return reader.hasErrors();
    }

    public String errors() {
        return reader.errors();
    }
}
