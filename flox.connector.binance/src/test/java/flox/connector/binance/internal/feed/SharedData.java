package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The recorded test data, kept in the repository's {@code testdata/} (copied from
 * ../shared/data; see testdata/README.md): from the system property {@code flox.data.dir},
 * which Surefire sets from the build's root, else found by walking up from the working
 * directory. Missing data fails the test: it is part of the repository.
 */
final class SharedData {
    private SharedData() {
    }

    static Path dir() {
        String configured = System.getProperty("flox.data.dir");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : search();
        assertTrue(dir != null && Files.isDirectory(dir), "test data not found (flox.data.dir=" + configured + ", resolved " + dir
                + "): expected the repository's testdata/ folder");
        return dir.toAbsolutePath().normalize();
    }

    /** A file under the data folder that must exist. */
    static Path file(String relative) {
        Path f = dir().resolve(relative);
        assertTrue(Files.isRegularFile(f), "missing test data file " + f);
        return f;
    }

    private static Path search() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("testdata");
            if (Files.isDirectory(candidate.resolve("binance"))) {
                return candidate;
            }
        }
        return null;
    }
}
