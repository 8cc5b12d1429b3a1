package flox.risk.internal;

import flox.core.config.HomeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The operator's kill switch ({@code flox:kill} / {@code flox:unkill}) in
 * {@code <home>/state/kill-switch}, so that it survives a restart or a SIGKILL. Written on every
 * change, read once at start. Cold path; serialized by the engine.
 */
final class KillSwitchFile {
    static final String NAME = "kill-switch";

    /** What the file says: engaged, by whom and since when; {@code unreadable} names a problem (then it counts as engaged). */
    static final class Saved {
        final boolean engaged;
        final String by;
        final String since;
        final String unreadable;

        Saved(boolean engaged, String by, String since, String unreadable) {
            this.engaged = engaged;
            this.by = by;
            this.since = since;
            this.unreadable = unreadable;
        }
    }

    private final HomeState home;

    KillSwitchFile(HomeState home) {
        this.home = home;
    }

    String path() {
        return home.file(NAME).toString();
    }

    /** Null when there is no file. An unreadable or malformed file is engaged: when in doubt, refuse. */
    Saved load() {
        Map<String, String> m;
        try {
            m = home.read(NAME);
        } catch (IOException | RuntimeException e) {
            return new Saved(true, "unreadable " + path(), Instant.now().toString(), e.toString());
        }
        if (m == null) return null;
        String engaged = m.getOrDefault("engaged", "");
        if (!engaged.equals("true") && !engaged.equals("false")) {
            return new Saved(true, "unreadable " + path(), Instant.now().toString(), "engaged='" + engaged + "' is not true or false");
        }
        return new Saved(engaged.equals("true"), m.getOrDefault("by", "flox:kill"), m.getOrDefault("since", "?"), null);
    }

    /** Writes the state; null on success, else what went wrong (the caller logs it: the switch then lives in memory only). */
    String save(boolean engaged, String by, String since) {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("engaged", Boolean.toString(engaged));
        v.put("by", by);
        v.put("since", since);
        try {
            home.write(NAME, "Flox kill switch, written by the host on flox:kill / flox:unkill; read at start.\n"
                    + "engaged=true: new orders are refused from the first one until flox:unkill.", v);
            return null;
        } catch (UncheckedIOException | IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
