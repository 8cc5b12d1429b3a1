package flox.core.plugin;

import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which bundles come from the plugins directory, and which of those may resolve. Immutable;
 * thread-safe. Cold path (consulted by the resolver hook, i.e. when bundles resolve).
 */
public final class PluginAllowList {
    private static final Pattern SYMBOLIC_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.\\-]*");

    private final String dirPath;      // absolute, normalized, with a trailing '/'
    private final String dirUriPath;   // the same as FileInstall's file: URIs spell it
    private final Set<String> allowed; // empty: every symbolic name

    public PluginAllowList(Path dir, Set<String> allowed) {
        Path d = dir.toAbsolutePath().normalize();
        String p = d.toString();
        this.dirPath = p.endsWith("/") ? p : p + '/';
        String u = d.toUri().getRawPath();
        this.dirUriPath = u.endsWith("/") ? u : u + '/';
        this.allowed = Collections.unmodifiableSet(new LinkedHashSet<>(allowed));
    }

    /**
     * Parses the comma-separated list of the {@code allow} field. Returns the names; adds every
     * entry that is not a symbolic name to {@code bad}.
     */
    public static Set<String> parse(String list, Set<String> bad) {
        Set<String> names = new LinkedHashSet<>();
        if (list == null) return names;
        for (String entry : list.split(",")) {
            String name = entry.strip();
            if (name.isEmpty()) continue;
            if (SYMBOLIC_NAME.matcher(name).matches()) names.add(name);
            else bad.add(name);
        }
        return names;
    }

    /** True when a bundle installed from {@code location} lies in the plugins directory (file: or reference:file: locations, or plain paths). */
    public boolean isPlugin(String location) {
        if (location == null) return false;
        int colon = location.lastIndexOf("file:");
        String rest = colon >= 0 ? location.substring(colon + "file:".length()) : location;
        while (rest.startsWith("//")) rest = rest.substring(1);
        return rest.startsWith(dirUriPath) || rest.startsWith(dirPath);
    }

    /** True when the symbolic name may run (an empty list allows every name). */
    public boolean allows(String symbolicName) {
        return allowed.isEmpty() || (symbolicName != null && allowed.contains(symbolicName));
    }

    /** True when a bundle from this location with this name must not resolve. */
    public boolean refuses(String location, String symbolicName) {
        return isPlugin(location) && !allows(symbolicName);
    }

    public Set<String> allowed() {
        return allowed;
    }

    /** The directory, absolute, without the trailing '/'. */
    public String directory() {
        return dirPath.length() > 1 ? dirPath.substring(0, dirPath.length() - 1) : dirPath;
    }
}
