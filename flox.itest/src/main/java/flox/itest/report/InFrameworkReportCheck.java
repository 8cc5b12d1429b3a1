package flox.itest.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Build step run after the in-framework tests: reads the JUnit XML reports the bnd tester wrote
 * and prints how many tests ran. Fails the build when none ran: a tester that finds no tests
 * silently passes, which is a known pitfall with mismatched tester and JUnit versions.
 */
public final class InFrameworkReportCheck {
    private static final Pattern SUITE = Pattern.compile(
            "<testsuite [^>]*tests=\"(\\d+)\"[^>]*skipped=\"(\\d+)\"[^>]*failures=\"(\\d+)\"[^>]*errors=\"(\\d+)\"");

    private InFrameworkReportCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "target/test-reports");
        int tests = 0, skipped = 0, failures = 0, errors = 0, files = 0;
        java.util.List<String> idle = new java.util.ArrayList<>(); // frameworks (report directories) where nothing ran
        if (Files.isDirectory(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))::iterator) {
                    files++;
                    int ran = 0;
                    Matcher m = SUITE.matcher(Files.readString(p));
                    while (m.find()) {
                        tests += Integer.parseInt(m.group(1));
                        skipped += Integer.parseInt(m.group(2));
                        failures += Integer.parseInt(m.group(3));
                        errors += Integer.parseInt(m.group(4));
                        ran += Integer.parseInt(m.group(1)) - Integer.parseInt(m.group(2));
                    }
                    if (ran == 0) idle.add(dir.relativize(p).toString());
                }
            }
        }
        System.out.printf("In-framework tests (Felix + SCR, bnd tester): Tests run: %d, Failures: %d, Errors: %d, Skipped: %d (%d report file%s in %s)%n",
                tests, failures, errors, skipped, files, files == 1 ? "" : "s", dir);
        if (tests == 0) {
            throw new IllegalStateException("no in-framework test ran: the tester found no tests (check tester and JUnit versions)");
        }
        // a run filtered with -Dtest=... may leave a framework with nothing to run
        boolean filtered = args.length > 1 && args[1] != null && !args[1].isBlank() && !args[1].startsWith("${");
        if (!idle.isEmpty() && !filtered) {
            // e.g. the hot-deploy framework lost the property its tests check, so they all skipped
            throw new IllegalStateException("every test was skipped or none found in " + idle + " (each framework must run some)");
        }
        if (failures + errors > 0) {
            throw new IllegalStateException((failures + errors) + " in-framework test(s) failed; see " + dir);
        }
    }
}
