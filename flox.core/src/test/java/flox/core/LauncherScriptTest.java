package flox.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./flox} launcher's argument and home checks (issue 11 items 5, 13, 15), run as a
 * process. Only refusals that happen before the host is built or started: JAVA_HOME points at a
 * fake Java 8, so a check that wrongly lets a run through stops at the Java check instead of
 * building or starting anything.
 */
@Timeout(120)
class LauncherScriptTest {
    @TempDir
    Path tmp;
    Path root;
    Path fakeJavaHome;

    record Result(int status, String out, String err) {
    }

    @BeforeEach
    void setUp() throws IOException {
        root = repositoryRoot();
        fakeJavaHome = tmp.resolve("fake-jdk");
        Path java = Files.createDirectories(fakeJavaHome.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho 'openjdk version \"8\"' >&2\n");
        java.toFile().setExecutable(true);
    }

    @Test
    void shouldNameTheUnknownCommand() throws Exception {
        Result r = flox("bogus");
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("unknown command 'bogus'"), r.err());
    }

    @Test
    void shouldRefuseReplayOptionsWithoutReplay() throws Exception {
        for (String[] args : new String[][] {{"--pace", "original"}, {"--symbol", "BTCUSDT"}, {"--malformed", "skip"}}) {
            Result r = flox("run", args[0], args[1], "--home", tmp.resolve("h").toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().contains(args[0] + " applies only to --replay"), r.err());
        }
        assertFalse(Files.exists(tmp.resolve("h")), "nothing was created");
    }

    @Test
    void shouldRefuseReplayIntoAHomeNotMadeByReplayWithoutTouchingIt() throws Exception {
        Path home = tmp.resolve("my home");
        Path risk = Files.createDirectories(home.resolve("etc")).resolve("flox.risk.cfg");
        byte[] limits = "max.position=0.001\n".getBytes(StandardCharsets.UTF_8);
        Files.write(risk, limits);
        Path recording = Files.writeString(tmp.resolve("rec.txt"), "1 {}\n");

        Result r = flox("run", "--replay", recording.toString(), "--home", home.toString());

        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("--home " + home + " has its own etc/ (not made by --replay)"), r.err());
        assertTrue(r.err().contains("nothing was changed"), r.err());
        assertArrayEquals(limits, Files.readAllBytes(risk), "the user's etc/ is untouched");
        try (Stream<Path> files = Files.list(home)) {
            assertEquals(List.of(home.resolve("etc")), files.toList(), "nothing added to the home");
        }
    }

    @Test
    void shouldAcceptReplayIntoAHomeMadeByReplay() throws Exception {
        Path home = tmp.resolve("replay-home");
        Files.createDirectories(home.resolve("etc"));
        Files.writeString(home.resolve(".flox-replay-home"), "# made by ./flox run --replay\n");
        Path recording = Files.writeString(tmp.resolve("rec.txt"), "1 {}\n");

        Result r = flox("run", "--replay", recording.toString(), "--home", home.toString());

        assertTrue(r.err().contains("is Java 8"), "past the home checks, stopped at the (fake) Java: " + r.err());
    }

    @Test
    void shouldRefuseAHomeInUseBeforeTouchingIt() throws Exception {
        Path home = tmp.resolve("replay-home");
        Path risk = Files.createDirectories(home.resolve("etc")).resolve("flox.risk.cfg");
        Files.writeString(risk, "max.position=0.001\n");
        Files.writeString(home.resolve(".flox-replay-home"), "# made by ./flox run --replay\n");
        Path lock = Files.createDirectories(home.resolve("state")).resolve("launcher.lock");
        Files.writeString(home.resolve("state/run"), "state=running\npid=4242\nstarted=2026-12-06T05:00:00Z\n");
        Path recording = Files.writeString(tmp.resolve("rec.txt"), "1 {}\n");
        // another ./flox run holds the home: its flock on state/launcher.lock
        Process holder = new ProcessBuilder("flock", lock.toString(), "sleep", "60").start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (new ProcessBuilder("flock", "-n", lock.toString(), "true").start().waitFor() == 0) {
                if (System.nanoTime() > deadline) throw new AssertionError("the holder never took the lock");
                Thread.sleep(20);
            }
            Result r = flox("run", "--replay", recording.toString(), "--home", home.toString());
            assertEquals(4, r.status(), r.err());
            assertTrue(r.err().contains("the host home " + home + " is in use by another Flox host (pid 4242, started 2026-12-06T05:00:00Z)"), r.err());
            assertEquals("max.position=0.001\n", Files.readString(risk), "the running host's etc/ is not rebuilt under it");
        } finally {
            holder.destroyForcibly();
            holder.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void shouldRefuseAHomeWhoseStateIsNotADirectory() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(home.resolve("state"), "");
        Result r = flox("run", "--home", home.toString());
        assertEquals(2, r.status(), r.err());
        assertEquals("flox: " + home.resolve("state") + " is not a directory: the host keeps its state there;"
                + " move it away or use another --home", r.err().strip());
    }

    @Test
    void shouldRefuseAReadOnlyHomeInOneLine() throws Exception {
        Path home = Files.createDirectories(tmp.resolve("home"));
        Files.createDirectories(home.resolve("etc"));
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("r-xr-xr-x"));
        try {
            assumeFalse(Files.isWritable(home), "permissions do not bind this user (root): cannot make a read-only home");
            Result r = flox("run", "--home", home.toString());
            assertEquals(2, r.status(), r.err());
            assertTrue(r.err().strip().startsWith("flox: " + home + " is not writable: the host keeps its state"), r.err());
            assertEquals(1, r.err().strip().lines().count(), r.err());
        } finally {
            Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void shouldListEveryShellCommandInHelp() throws Exception {
        Result r = flox("help");
        assertEquals(0, r.status(), r.err());
        Set<String> commands = shellCommands();
        assertTrue(commands.size() >= 16, "found the shell commands in the sources: " + commands);
        for (String c : commands) {
            assertTrue(Pattern.compile("(?m)^  flox:" + c + "\\b").matcher(r.out()).find(), "./flox help lists flox:" + c + ":\n" + r.out());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** Every osgi.command.function of the flox scope in the main sources of the repository. */
    private Set<String> shellCommands() throws IOException {
        Set<String> names = new TreeSet<>();
        Pattern p = Pattern.compile("\"osgi\\.command\\.function=(\\w+)\"");
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".java") && f.toString().contains("/src/main/java/"))::iterator) {
                String text = Files.readString(f, StandardCharsets.UTF_8);
                if (!text.contains("osgi.command.scope=flox")) continue;
                Matcher m = p.matcher(text);
                while (m.find()) names.add(m.group(1));
            }
        }
        return names;
    }

    private Result flox(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add("bash");
        cmd.add(root.resolve("flox").toString());
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("JAVA_HOME", fakeJavaHome.toString());
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("./flox " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private static Path repositoryRoot() {
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("flox")) && Files.isRegularFile(p.resolve("mvnw"))) return p;
        }
        throw new AssertionError("the repository root (with ./flox) not found above " + Path.of("").toAbsolutePath());
    }
}
