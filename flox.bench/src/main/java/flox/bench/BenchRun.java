package flox.bench;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** What the standalone (non-JMH) benchmark mains share: JMH's run lock, their --key value options, finding an earlier run's summary. */
public final class BenchRun {
    /** A benchmark body that may fail with I/O. */
    public interface Body {
        void run() throws IOException;
    }

    private BenchRun() {
    }

    /**
     * Runs {@code body} holding JMH's lock, as JMH does: another benchmark run on 2 cores would
     * spoil both runs' figures. Waits up to 60 s for a run that holds it, then goes on with a warning.
     */
    public static void underJmhLock(Body body) throws IOException, InterruptedException {
        try (FileChannel lockFile = FileChannel.open(Path.of(System.getProperty("java.io.tmpdir"), "jmh.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock lock = lockFile.tryLock();
            for (int i = 0; lock == null && i < 12; i++) {
                if (i == 0) System.out.println("# another JMH run holds " + System.getProperty("java.io.tmpdir") + "/jmh.lock: waiting for it");
                Thread.sleep(5_000);
                lock = lockFile.tryLock();
            }
            if (lock == null) System.out.println("# WARNING: running alongside another benchmark (lock still held after 60 s)");
            body.run();
        }
    }

    /** {@code --key value} pairs, in order. */
    /**
     * The newest committed summary of {@code ./flox bench KIND} in {@code results} (bench/results:
     * {@code KIND-<UTC time>Z...-summary.md}), or null when there is none or no such directory.
     */
    public static Path newestSummary(Path results, String kind) throws IOException {
        if (results == null || !Files.isDirectory(results)) return null;
        String pattern = java.util.regex.Pattern.quote(kind) + "-\\d{8}T\\d{6}Z.*-summary\\.md";
        try (Stream<Path> files = Files.list(results)) {
            return files.filter(p -> p.getFileName().toString().matches(pattern)).sorted().reduce((a, b) -> b).orElse(null);
        }
    }

    public static Map<String, String> options(String[] args) {
        Map<String, String> opt = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) opt.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        return opt;
    }
}
