package flox.strategy.samples.internal;

import flox.api.num.FixedPoint;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.util.Map;

/**
 * Reads a component's Configuration Admin properties against the metatype bnd generates from its
 * {@code Config} annotation ({@link Metatype}, embedded with the host's {@link ConfigReader}, not
 * imported): defaults, ranges and options are written only in the annotation. A bad value is one
 * error naming the file and the field, and the caller keeps its fallback. Decimals (fixed-point
 * text, which metatype cannot bound) take their default from the annotation's default string and
 * their range from the caller. Cold path; allocates.
 */
public final class Settings {
    /** One parsed schema per Config annotation (the bundle's own XML; a missing one is a build error and fails loudly). */
    private static final ClassValue<Metatype> SCHEMAS = new ClassValue<>() {
        @Override
        protected Metatype computeValue(Class<?> config) {
            return Metatype.of(config);
        }
    };

    private final ConfigReader reader;
    private final Class<?> config;
    private final Metatype schema;

    /** @param config the component's {@code @ObjectClassDefinition} annotation */
    public Settings(String pid, Map<String, ?> properties, Class<?> config) {
        reader = new ConfigReader(pid, properties);
        this.config = config;
        schema = SCHEMAS.get(config);
    }

    /** The schema of {@code config}, parsed once. */
    public static Metatype schema(Class<?> config) {
        return SCHEMAS.get(config);
    }

    /** The annotation's default of a whole-number key. */
    public static long defaultLong(Class<?> config, String key) {
        return SCHEMAS.get(config).defaultLong(key);
    }

    /** The annotation's default of a decimal key at {@code scale} ("0.001" at scale 8 is 100000). */
    public static long defaultDecimal(Class<?> config, String key, int scale) {
        String text = SCHEMAS.get(config).defaultString(key);
        long v = text == null ? FixedPoint.INVALID : FixedPoint.parse(text, scale);
        if (v == FixedPoint.INVALID) {
            throw new IllegalStateException(config.getName() + "'s default of " + key + " is not a decimal with at most " + scale + " fraction digits: " + text);
        }
        return v;
    }

    /** A whole number within the annotation's min and max; the fallback when absent, and with an error when malformed or out of range. */
    public long longValue(String key, long fallback) {
        return schema.longValue(reader, key, fallback);
    }

    /** As {@link #longValue}, for an int attribute (its annotation's bounds are within int: SamplesConfigMetatypeTest). */
    public int intValue(String key, int fallback) {
        return (int) schema.longValue(reader, key, fallback);
    }

    /** One of the annotation's options (any case); the fallback when absent, and with an error when not an option. */
    public String option(String key, String fallback) {
        return schema.optionValue(reader, key, fallback);
    }

    public String stringValue(String key, String fallback) {
        return reader.stringValue(key, fallback);
    }

    /**
     * A decimal such as "2.5" as a long at {@code scale} decimals (2.5 at scale 2 is 250), within
     * [min, max] (also at {@code scale}; metatype cannot bound a decimal, so the range is the
     * caller's); the fallback when absent, and with an error when malformed, too precise or out of
     * range.
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

    /** Unknown keys against the component's annotation, one sentence each ({@link ConfigReader#unknownKeys}); empty when none. */
    public String unknownKeys() {
        return reader.unknownKeys(ConfigReader.keysOf(config));
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

    /** Logs the unknown keys at WARNING and the refused values at ERROR, if any. */
    public void log(System.Logger log) {
        String unknown = unknownKeys();
        if (!unknown.isEmpty()) log.log(Level.WARNING, unknown);
        if (hasErrors()) log.log(Level.ERROR, errors());
    }
}
