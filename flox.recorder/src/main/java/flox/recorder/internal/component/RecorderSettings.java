package flox.recorder.internal.component;

import flox.api.event.EventKind;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The recorder's configuration read and checked: a bad value is refused naming the file and the
 * key, and the previous (at start: the default) value kept. Immutable; cold path.
 */
public record RecorderSettings(boolean enabled, Path directory, long segmentSizeBytes, long retentionBytes, Set<EventKind> kinds,
                               List<String> symbols, int ringBytes, boolean syncOnRoll) {
    public static final String PID = "flox.recorder";
    static final Set<String> KEYS = ConfigReader.keysOf(RecorderConfig.class);
    private static final long MIB = 1L << 20;

    /** The defaults, the journal under {@code home}. */
    public static RecorderSettings defaults(Path home) {
        return new RecorderSettings(true, home.resolve("journal"), 64 * MIB, 1024 * MIB, EnumSet.allOf(EventKind.class), List.of(), 8 << 20, true);
    }

    /**
     * Reads {@code properties} over {@code previous}; refusals go into {@code errors} (file and key).
     */
    public static RecorderSettings read(Map<String, ?> properties, RecorderSettings previous, Path home, StringBuilder errors) {
        ConfigReader r = new ConfigReader(PID, properties);
        Metatype m = Metatype.of(RecorderConfig.class);
        boolean enabled = r.booleanValue("enabled", previous.enabled);
        String dirText = r.stringValue("directory", null);
        Path dir = dirText == null || dirText.isEmpty() ? home.resolve("journal") : home.resolve(dirText).normalize();
        long segmentMb = m.longValue(r, "segment.size.mb", previous.segmentSizeBytes / MIB);
        long retentionMb = m.longValue(r, "retention.mb", previous.retentionBytes / MIB);
        if (retentionMb < segmentMb) {
            r.reject("retention.mb", retentionMb + " MiB is less than one segment (segment.size.mb " + segmentMb + "): raise it or lower segment.size.mb",
                    previous.retentionBytes / MIB);
            retentionMb = Math.max(previous.retentionBytes / MIB, segmentMb);
        }
        Set<EventKind> kinds = previous.kinds;
        if (properties.get("kinds") != null) {
            List<String> names = ConfigReader.list(properties.get("kinds"));
            EnumSet<EventKind> k = EnumSet.noneOf(EventKind.class);
            List<String> bad = new ArrayList<>();
            for (String n : names) {
                try {
                    k.add(EventKind.valueOf(n.strip().toUpperCase(java.util.Locale.ROOT)));
                } catch (IllegalArgumentException e) {
                    bad.add(n);
                }
            }
            if (!bad.isEmpty()) {
                r.reject("kinds", bad + " not among BOOK_UPDATE, TRADE, VENUE_STATE, EXECUTION", previous.kinds);
            } else if (k.isEmpty()) {
                r.reject("kinds", "empty: name at least one kind, or set enabled=false", previous.kinds);
            } else {
                kinds = k;
            }
        }
        List<String> symbols = previous.symbols;
        if (properties.get("symbols") != null) {
            List<String> names = ConfigReader.list(properties.get("symbols"));
            List<String> bad = new ArrayList<>();
            for (String n : names) {
                int colon = n.indexOf(':');
                if (colon <= 0 || colon == n.length() - 1) bad.add(n);
            }
            if (bad.isEmpty()) symbols = List.copyOf(names);
            else r.reject("symbols", bad + " not EXCHANGE:SYMBOL", previous.symbols);
        }
        long ringKb = m.longValue(r, "ring.size.kb", previous.ringBytes >> 10);
        if (Long.bitCount(ringKb) != 1) {
            r.reject("ring.size.kb", ringKb + " is not a power of two", previous.ringBytes >> 10);
            ringKb = previous.ringBytes >> 10;
        }
        boolean syncOnRoll = r.booleanValue("sync.on.roll", previous.syncOnRoll);
        if (r.hasErrors()) errors.append(r.errors());
        return new RecorderSettings(enabled, dir, segmentMb * MIB, retentionMb * MIB, kinds, symbols, (int) (ringKb << 10), syncOnRoll);
    }

    /** Unknown keys of {@code properties}, naming the file and the nearest known key; empty when none. */
    public static String unknownKeys(Map<String, ?> properties) {
        return new ConfigReader(PID, properties).unknownKeys(KEYS);
    }

    @Override
    public String toString() {
        return (enabled ? "enabled" : "disabled") + ", directory " + directory + ", segment.size.mb " + (segmentSizeBytes / MIB) + ", retention.mb "
                + (retentionBytes / MIB) + ", kinds " + kinds + ", symbols " + (symbols.isEmpty() ? "all" : symbols) + ", ring.size.kb " + (ringBytes >> 10) + ", sync.on.roll " + syncOnRoll;
    }
}
