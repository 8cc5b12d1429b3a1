package flox.hosttest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The exported host (bndrun/target/host.jar) run as its own JVM in a host home, with the
 * properties ./flox run passes, its output captured in a file beside the home. Waits poll the
 * output or the process with a deadline; {@link #close()} kills what is still running.
 */
final class HostProcess implements AutoCloseable {
    static final Path ROOT = Paths.get(System.getProperty("flox.root", "..")).toAbsolutePath().normalize();
    static final Path HOST_JAR = ROOT.resolve("bndrun/target/host.jar");

    private final Process process;
    private final Path output;

    private HostProcess(Process process, Path output) {
        this.process = process;
        this.output = output;
    }

    /** A new home under {@code parent}: the default configuration (bndrun/etc) and an empty plugins/ (rwxr-xr-x). */
    static Path newHome(Path parent, String name) throws IOException {
        Path home = parent.resolve(name);
        Path etc = Files.createDirectories(home.resolve("etc"));
        try (Stream<Path> files = Files.list(ROOT.resolve("bndrun/etc"))) {
            for (Path f : (Iterable<Path>) files::iterator) Files.copy(f, etc.resolve(f.getFileName()), StandardCopyOption.COPY_ATTRIBUTES);
        }
        Path plugins = Files.createDirectories(home.resolve("plugins"));
        Files.setPosixFilePermissions(plugins, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    /** Starts the host in {@code home}; {@code durationS} 0 runs until stopped. */
    static HostProcess start(Path home, int durationS, String... extraProperties) throws IOException {
        if (!Files.isRegularFile(HOST_JAR)) throw new IllegalStateException(HOST_JAR + " is missing: build the reactor (bndrun) first");
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-Djava.util.logging.SimpleFormatter.format=%1$tT.%1$tL %4$-7s %3$s: %5$s%6$s%n");
        cmd.add("-Dflox.run.duration.s=" + durationS);
        cmd.add("-Dflox.status.interval.ms=500");
        cmd.add("-Dgosh.args=--nointeractive");
        for (String p : extraProperties) cmd.add("-D" + p);
        if (Runtime.version().feature() >= 24) { // as ./flox does: host.jar's bnd launcher sets a security Policy Java 24+ refuses
            Path felix = Files.createDirectories(home.resolve(".flox-state/launcher")).resolve("felix.jar");
            try (java.util.zip.ZipFile zip = new java.util.zip.ZipFile(HOST_JAR.toFile())) {
                java.util.zip.ZipEntry e = zip.stream().filter(z -> z.getName().matches("jar/org\\.apache\\.felix\\.framework-.*\\.jar"))
                        .findFirst().orElseThrow(() -> new IllegalStateException(HOST_JAR + " holds no Felix framework"));
                try (java.io.InputStream in = zip.getInputStream(e)) {
                    Files.copy(in, felix, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            cmd.add("--add-exports");
            cmd.add("java.base/jdk.internal.misc=ALL-UNNAMED");
            cmd.add("-cp");
            cmd.add(felix.toString());
            cmd.add(ROOT.resolve("bndrun/launcher/FloxLauncher.java").toString());
        } else {
            cmd.add("-jar");
        }
        cmd.add(HOST_JAR.toString());
        Path out = home.resolveSibling(home.getFileName() + "-" + System.nanoTime() + ".out");
        Process p = new ProcessBuilder(cmd).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Paths.get("/dev/null").toFile())).start();
        return new HostProcess(p, out);
    }

    long pid() {
        return process.pid();
    }

    String output() {
        try {
            return Files.readString(output, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the output matches {@code regex} (find); false when the process ended or the time ran out first. */
    boolean awaitOutput(String regex, long timeoutMs) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (System.nanoTime() < deadline) {
            if (p.matcher(output()).find()) return true;
            if (!process.isAlive()) return p.matcher(output()).find();
            Thread.sleep(50);
        }
        return false;
    }

    /** The exit status; fails the caller's expectations with the output when the host does not end in time. */
    int awaitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("host did not exit within " + timeoutMs + " ms; output:\n" + output());
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGTERM, as a service manager stops the host. */
    void terminate() {
        process.destroy();
    }

    /** SIGKILL: no shutdown of any kind. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) kill();
    }

    private static final Pattern FILLS = Pattern.compile("(?m)^flox RUNNING .*\\| orders \\d+ (?:filled \\d+ )?fills (\\d+)");

    /** The status lines printed so far ("flox RUNNING ..."). */
    List<String> statusLines() {
        return output().lines().filter(l -> l.startsWith("flox RUNNING")).toList();
    }

    /** Waits until the host printed {@code more} status lines (500 ms apart) beyond those it has printed now. */
    void awaitMoreStatusLines(int more) throws InterruptedException {
        int target = statusLines().size() + more;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (statusLines().size() < target) {
            if (System.nanoTime() > deadline || !isAlive()) throw new AssertionError("the host stopped printing its status; output:\n" + output());
            Thread.sleep(100);
        }
    }

    /** Every status line so far shows 0 fills (and there is at least one). */
    void assertNoFill() {
        String out = output();
        Matcher m = FILLS.matcher(out);
        int seen = 0;
        while (m.find()) {
            seen++;
            if (!"0".equals(m.group(1))) throw new AssertionError("a fill while orders must be refused: " + m.group());
        }
        if (seen == 0) throw new AssertionError("no status line shows the fills; output:\n" + out);
    }
}
