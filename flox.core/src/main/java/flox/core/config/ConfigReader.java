package flox.core.config;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Reads Configuration Admin properties by hand so that a bad value produces one clear error
 * naming the configuration file (as FileInstall records it) and the field, and the caller keeps
 * its last good value instead of failing the component. Cold path; allocates.
 */
public final class ConfigReader {
    private final Map<String, ?> properties;
    private final String source;
    private final StringBuilder errors = new StringBuilder();

    public ConfigReader(String pid, Map<String, ?> properties) {
        this.properties = properties;
        Object file = properties.get("felix.fileinstall.filename");
        this.source = file != null ? file.toString().replaceFirst("^file:", "") : "configuration " + pid;
    }

    /** A long in [min, max]; the fallback (and an error) when missing-but-malformed or out of range. */
    public long longValue(String key, long fallback, long min, long max) {
        Object v = properties.get(key);
        if (v == null) return fallback;
        long parsed;
        if (v instanceof Number) {
            parsed = ((Number) v).longValue();
        } else {
            try {
                parsed = Long.parseLong(v.toString().strip());
            } catch (NumberFormatException e) {
                error(key, "'" + v + "' is not a whole number", fallback);
                return fallback;
            }
        }
        if (parsed < min || parsed > max) {
            error(key, parsed + " is outside [" + min + ", " + max + "]", fallback);
            return fallback;
        }
        return parsed;
    }

    public String stringValue(String key, String fallback) {
        Object v = properties.get(key);
        return v == null ? fallback : v.toString().strip();
    }

    /** The entries of a list property; empty when absent. See {@link #list(Object)}. */
    public List<String> listValue(String key) {
        return list(properties.get(key));
    }

    /**
     * A list property as Configuration Admin and service properties give it: a String[], a
     * Collection, or one string (a .cfg file gives "a, b, c"); every string is split on commas,
     * entries are stripped and empty ones dropped. Empty for null.
     */
    public static List<String> list(Object value) {
        List<String> out = new ArrayList<>();
        if (value instanceof String[]) {
            for (String s : (String[]) value) split(s, out);
        } else if (value instanceof Collection) {
            for (Object o : (Collection<?>) value) split(String.valueOf(o), out);
        } else if (value != null) {
            split(value.toString(), out);
        }
        return out;
    }

    private static void split(String s, List<String> out) {
        for (String part : s.split(",")) {
            String t = part.strip();
            if (!t.isEmpty()) out.add(t);
        }
    }

    public boolean booleanValue(String key, boolean fallback) {
        Object v = properties.get(key);
        if (v == null) return fallback;
        if (v instanceof Boolean) return (Boolean) v;
        String s = v.toString().strip();
        if (s.equalsIgnoreCase("true")) return true;
        if (s.equalsIgnoreCase("false")) return false;
        error(key, "'" + v + "' is not true or false", fallback);
        return fallback;
    }

    /** Records a refusal found by the caller's own validation (e.g. an enum or a power of two). */
    public void reject(String key, String what, Object keeping) {
        error(key, what, keeping);
    }

    private void error(String key, String what, Object keeping) {
        if (errors.length() > 0) errors.append("; ");
        errors.append(source).append(", field ").append(key).append(": ").append(what).append(" (keeping ").append(keeping).append(')');
    }

    /** True when some value was refused. */
    public boolean hasErrors() {
        return errors.length() > 0;
    }

    /** All refusals, one sentence each. */
    public String errors() {
        return errors.toString();
    }

    public String source() {
        return source;
    }
}
