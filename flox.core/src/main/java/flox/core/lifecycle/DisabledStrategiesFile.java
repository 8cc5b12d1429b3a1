package flox.core.lifecycle;

import flox.core.config.HomeState;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.TreeSet;

/**
 * The strategy ids an operator disabled ({@code flox:disable}), in
 * {@code <home>/state/disabled-strategies} as {@code ids=3,7}: written on every change, read at
 * start, so a restart or a SIGKILL does not enable them again. Cold path.
 */
final class DisabledStrategiesFile {
    static final String NAME = "disabled-strategies";
    private final HomeState home;

    DisabledStrategiesFile(HomeState home) {
        this.home = home;
    }

    String path() {
        return home.file(NAME).toString();
    }

    /**
     * The ids saved; empty when there is no file.
     *
     * @throws IOException when the file cannot be read or an id is not a whole number
     */
    TreeSet<Integer> load() throws IOException {
        TreeSet<Integer> ids = new TreeSet<>();
        Map<String, String> m = home.read(NAME);
        if (m == null) return ids;
        for (String s : m.getOrDefault("ids", "").split(",")) {
            String t = s.strip();
            if (t.isEmpty()) continue;
            try {
                ids.add(Integer.parseInt(t));
            } catch (NumberFormatException e) {
                throw new IOException(path() + ": ids: '" + t + "' is not a strategy id");
            }
        }
        return ids;
    }

    /** Writes the ids; null on success, else what went wrong. */
    String save(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) sb.append(sb.length() == 0 ? "" : ",").append(id);
        try {
            home.write(NAME, "Strategy ids disabled by flox:disable, written by the host; read at start.\n"
                    + "Their instances are not started and their new orders are refused until flox:enable ID.", Map.of("ids", sb.toString()));
            return null;
        } catch (UncheckedIOException e) {
            return e.getMessage();
        }
    }
}
