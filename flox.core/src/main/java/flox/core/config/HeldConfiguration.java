package flox.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.osgi.framework.Constants;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;

/**
 * The configuration Configuration Admin holds for a singleton PID, for a component that must not
 * miss an update. Felix SCR 2.2 drops every update of a PID whose configuration was deleted and
 * created again before SCR handled the deletion (the new configuration's change count does not
 * exceed the deleted one's), without a word; such a component compares what it applied with
 * {@link #read} on a timer and applies the difference (docs/ARCHITECTURE.md, "Configuration
 * updates SCR drops"). Cold path; allocates; thread-safe (stateless).
 */
public final class HeldConfiguration {
    private HeldConfiguration() { }

    /**
     * The properties Configuration Admin holds for {@code pid}, or null when it holds none (never
     * created, deleted, or created without properties yet).
     */
    public static Map<String, Object> read(ConfigurationAdmin configAdmin, String pid) {
        Configuration[] found;
        try {
            found = configAdmin.listConfigurations("(" + Constants.SERVICE_PID + "=" + escape(pid) + ")");
        } catch (IOException e) {
            throw new UncheckedIOException("reading the configuration " + pid + " from Configuration Admin", e);
        } catch (InvalidSyntaxException e) {
            throw new IllegalArgumentException("not a PID: " + pid, e);
        }
        if (found == null) return null;
        for (Configuration c : found) {
            Dictionary<String, Object> d;
            try {
                if (c.getFactoryPid() != null) continue;
                d = c.getProperties();
            } catch (IllegalStateException deleted) { // deleted since it was listed: nothing held
                continue;
            }
            if (d == null) continue;
            Map<String, Object> out = new LinkedHashMap<>();
            for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
                String k = keys.nextElement();
                out.put(k, d.get(k));
            }
            return out;
        }
        return null;
    }

    /**
     * True when both hold the same configuration: the same keys with equal values (arrays by
     * content), ignoring the {@code component.*} keys Declarative Services adds. Null is empty.
     */
    public static boolean same(Map<String, ?> a, Map<String, ?> b) {
        Map<String, ?> x = a == null ? Map.of() : a;
        Map<String, ?> y = b == null ? Map.of() : b;
        for (Map.Entry<String, ?> e : x.entrySet()) {
            if (e.getKey().startsWith("component.")) continue;
            if (!y.containsKey(e.getKey()) || !Objects.deepEquals(e.getValue(), y.get(e.getKey()))) return false;
        }
        for (String k : y.keySet()) {
            if (!k.startsWith("component.") && !x.containsKey(k)) return false;
        }
        return true;
    }

    private static String escape(String value) {
        StringBuilder sb = new StringBuilder(value.length());
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '*' || c == '(' || c == ')') sb.append('\\');
            sb.append(c);
        }
        return sb.toString();
    }
}
