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
 * silently passes, which is a known pitfall with mismatched tester and JUnit versions. Given the
 * test bundle's manifest, also fails when a class of its Test-Cases header ran in no framework
 * (no bndrun's tester.names lists it) or in more than one (counted twice).
 */
public final class InFrameworkReportCheck {
    private static final Pattern CASE = Pattern.compile("<testcase [^>]*classname=\"([^\"]+)\"");
    private static final Pattern SUITE = Pattern.compile(
            "<testsuite [^>]*tests=\"(\\d+)\"[^>]*skipped=\"(\\d+)\"[^>]*failures=\"(\\d+)\"[^>]*errors=\"(\\d+)\"");

    private InFrameworkReportCheck() {
    }

    public static void main(String[] args) throws IOException {
        Path dir = Paths.get(args.length > 0 ? args[0] : "target/test-reports");
        int tests = 0, skipped = 0, failures = 0, errors = 0, files = 0;
        java.util.List<String> idle = new java.util.ArrayList<>(); // frameworks (report directories) where nothing ran
        java.util.Map<String, java.util.Set<Path>> ranIn = new java.util.TreeMap<>(); // test class -> framework directories
        if (Files.isDirectory(dir)) {
            try (var walk = Files.walk(dir)) {
                for (Path p : (Iterable<Path>) walk.filter(f -> f.getFileName().toString().matches("TEST-.*\\.xml"))::iterator) {
                    files++;
                    int ran = 0;
                    String report = Files.readString(p);
                    for (Matcher c = CASE.matcher(report); c.find(); ) {
                        ranIn.computeIfAbsent(c.group(1), k -> new java.util.TreeSet<>()).add(dir.relativize(p.getParent()));
                    }
                    Matcher m = SUITE.matcher(report);
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
            // e.g. every test of a framework skipped itself, or its tester.names found nothing
            throw new IllegalStateException("every test was skipped or none found in " + idle + " (each framework must run some)");
        }
        if (args.length > 2 && !filtered) {
            java.util.List<String> wrong = new java.util.ArrayList<>();
            for (String c : testCases(Paths.get(args[2]))) {
                java.util.Set<Path> in = ranIn.getOrDefault(c, java.util.Set.of());
                if (in.size() != 1) wrong.add(c + (in.isEmpty() ? " in no framework's report" : " in the reports of " + in));
            }
            if (!wrong.isEmpty()) {
                throw new IllegalStateException("each test class must run in exactly one framework (tester.names of test.bndrun"
                        + " or hotdeploy.bndrun): " + wrong);
            }
        }
        if (failures + errors > 0) {
            throw new IllegalStateException((failures + errors) + " in-framework test(s) failed; see " + dir);
        }
    }

    /** The class names in the Test-Cases header of a manifest (bnd lists the test classes there). */
    static java.util.List<String> testCases(Path manifest) throws IOException {
        try (var in = Files.newInputStream(manifest)) {
            String header = new java.util.jar.Manifest(in).getMainAttributes().getValue("Test-Cases");
            if (header == null || header.isBlank()) throw new IllegalStateException("no Test-Cases header in " + manifest);
            java.util.List<String> names = new java.util.ArrayList<>();
            for (String n : header.split(",")) if (!n.isBlank()) names.add(n.strip());
            return names;
        }
    }
}
