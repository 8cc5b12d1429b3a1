package flox.core.config;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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

    /**
     * The keys of {@code properties} that are neither in {@code known} nor standard (service.*,
     * component.*, felix.*, osgi.*, flox.*, objectClass, DS reference targets *.target), one sentence
     * each naming the file, the key and the nearest known key: "F: unknown key max.postion
     * (did you mean max.position?); ignored". Empty when there is none. A typo would otherwise
     * leave the intended key at its default without a word.
     */
    public String unknownKeys(Collection<String> known) {
        StringBuilder out = new StringBuilder();
        for (String key : new TreeSet<>(properties.keySet())) {
            if (known.contains(key) || isStandard(key)) continue;
            if (out.length() > 0) out.append("; ");
            out.append(source).append(": unknown key ").append(key);
            String near = nearest(key, known);
            if (near != null) out.append(" (did you mean ").append(near).append("?)");
            out.append("; ignored");
        }
        return out.toString();
    }

    /**
     * True for the properties Configuration Admin, FileInstall and DS add themselves, and the
     * components' own service properties (flox.*, e.g. flox.event.kinds, merged in by DS).
     */
    public static boolean isStandard(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.") || key.startsWith("osgi.")
                || key.startsWith("flox.")
                || key.equals("objectClass") || key.endsWith(".target") || key.startsWith(".");
    }

    /** True when {@code properties} has no key of its own (null, empty, or only standard keys): a deleted or emptied file. */
    public static boolean isEmpty(Map<String, ?> properties) {
        if (properties == null) return true;
        for (String key : properties.keySet()) if (!isStandard(key)) return false;
        return true;
    }

    /**
     * The property keys of a metatype annotation ({@code @ObjectClassDefinition}), by the OSGi
     * name mapping: {@code max_order_quantity} is {@code max.order.quantity}, {@code __} is
     * {@code _}, {@code $_$} is {@code -}, {@code $$} is {@code $}, another {@code $} is dropped.
     */
    public static Set<String> keysOf(Class<?> metatype) {
        Set<String> keys = new TreeSet<>();
        for (Method m : metatype.getDeclaredMethods()) {
            if (m.getParameterCount() == 0 && !m.isSynthetic()) keys.add(keyOf(m.getName()));
        }
        return keys;
    }

    static String keyOf(String methodName) {
        StringBuilder sb = new StringBuilder();
        String n = methodName;
        for (int i = 0; i < n.length(); i++) {
            char c = n.charAt(i);
            if (c == '_') {
                if (i + 1 < n.length() && n.charAt(i + 1) == '_') {
                    sb.append('_');
                    i++;
                } else {
                    sb.append('.');
                }
            } else if (c == '$') {
                if (n.startsWith("$_$", i)) {
                    sb.append('-');
                    i += 2;
                } else if (i + 1 < n.length() && n.charAt(i + 1) == '$') {
                    sb.append('$');
                    i++;
                }
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /** The known key nearest to {@code key} by edit distance, if within about a third of its length; else null. */
    static String nearest(String key, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(key.toLowerCase(java.util.Locale.ROOT), k.toLowerCase(java.util.Locale.ROOT));
            if (d < bestDistance || d == bestDistance && best != null && k.compareTo(best) < 0) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= Math.max(2, key.length() / 3) ? best : null;
    }

    /** Levenshtein distance. */
    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }
}
