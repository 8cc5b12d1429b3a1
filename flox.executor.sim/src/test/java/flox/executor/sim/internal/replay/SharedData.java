package flox.executor.sim.internal.replay;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The shared test data folder (../shared/data beside the repository): from the system property
 * {@code flox.data.dir}, which Surefire sets from the build's root, else found by walking up from
 * the working directory. Tests are skipped only when the folder does not exist at all; a folder
 * without the expected file fails the test.
 */
final class SharedData {
    private SharedData() {
    }

    static Path dir() {
        String configured = System.getProperty("flox.data.dir");
        Path dir = configured != null && !configured.isBlank() ? Path.of(configured) : search();
        assumeTrue(dir != null && Files.isDirectory(dir),
                "shared test data not found (flox.data.dir=" + configured + ", resolved " + dir
                        + "): these tests need ../shared/data beside the repository");
        return dir.toAbsolutePath().normalize();
    }

    /** A file under the data folder that must exist. */
    static Path file(String relative) {
        Path f = dir().resolve(relative);
        assertTrue(Files.isRegularFile(f), "missing shared test data file " + f);
        return f;
    }

    private static Path search() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("data");
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
