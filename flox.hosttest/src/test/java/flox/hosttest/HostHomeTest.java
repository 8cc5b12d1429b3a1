package flox.hosttest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The host's home as an operator sees it (issue 11): the host never writes the operator's
 * etc/ files, two hosts never share a home, a run that was killed is reported at the next start,
 * and SIGTERM stops the host as completely as a timed stop (its audit lines included).
 * Each test runs the exported host.jar as a process.
 */
@Timeout(180)
class HostHomeTest {
    /** Starts per run of {@link #shouldLeaveEveryEtcFileByteForByteAcrossStarts}: {@code -Dflox.hosttest.starts=100} for the long run. */
    private static final int STARTS = Integer.getInteger("flox.hosttest.starts", 3);
    private static final String RUNNING = "flox RUNNING .*open orders [1-9]";

    @TempDir
    Path dir;

    @Test
    @Timeout(1800) // each start is bounded (60 s); 100 starts take about 8 minutes
    void shouldLeaveEveryEtcFileByteForByteAcrossStarts() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        // an old mtime: a rewrite of the same bytes shows as a new one
        FileTime old = FileTime.fromMillis(System.currentTimeMillis() - 3_600_000);
        try (Stream<Path> files = Files.list(home.resolve("etc"))) {
            for (Path f : (Iterable<Path>) files::iterator) Files.setLastModifiedTime(f, old);
        }
        Map<String, Snapshot> before = snapshot(home.resolve("etc"));
        for (int i = 1; i <= STARTS; i++) {
            try (HostProcess host = HostProcess.start(home, 2)) {
                int status = host.awaitExit(60_000);
                assertEquals(117, status, "start " + i + ": a timed run ends with the launcher's 'framework stopped' status; output:\n" + host.output());
                assertTrue(host.output().contains("flox RUNNING"), "start " + i + " never ran; output:\n" + host.output());
                assertFalse(host.output().contains("not writeable"), "start " + i + " tried to write etc/; output:\n" + host.output());
                Map<String, Snapshot> after = snapshot(home.resolve("etc"));
                assertEquals(before, after, "start " + i + " changed etc/ (name -> size, mtime, bytes)");
            }
        }
    }

    @Test
    void shouldRefuseSecondHostOnTheSameHome() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        try (HostProcess first = HostProcess.start(home, 0)) {
            assertTrue(first.awaitOutput(RUNNING, 60_000), "the first host did not trade; output:\n" + first.output());
            try (HostProcess second = HostProcess.start(home, 0)) {
                int status = second.awaitExit(60_000);
                String out = second.output();
                assertEquals(4, status, "the second host must exit with 4 (home in use); output:\n" + out);
                assertTrue(out.contains("in use by another Flox host (pid " + first.pid() + ","), "the refusal names the other process; output:\n" + out);
                assertFalse(out.contains("flox RUNNING"), "the second host must never run; output:\n" + out);
                assertFalse(out.contains("launching:"), "the second host must launch nothing; output:\n" + out);
            }
            assertTrue(first.isAlive(), "the first host keeps running");
            first.terminate();
            first.awaitExit(60_000);
        }
    }

    @Test
    void shouldSayLoudlyThatTheLastRunEndedUncleanly() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        long killedPid;
        try (HostProcess first = HostProcess.start(home, 0)) {
            assertTrue(first.awaitOutput(RUNNING, 60_000), "the first host did not trade; output:\n" + first.output());
            killedPid = first.pid();
            first.kill();
        }
        try (HostProcess second = HostProcess.start(home, 2)) {
            second.awaitExit(60_000);
            String out = second.output();
            assertTrue(out.matches("(?s).*WARNING.*the last run in .* \\(pid " + killedPid + ", started [^)]+\\) ended uncleanly.*"),
                    "the start after a SIGKILL must warn; output:\n" + out);
            assertTrue(out.matches("(?s).*flox RUNNING [^\\n]*\\| LAST RUN ENDED UNCLEANLY.*"), "and the status line says so; output:\n" + out);
        }
        // that run stopped cleanly: the next start says nothing of the kind
        try (HostProcess third = HostProcess.start(home, 1)) {
            third.awaitExit(60_000);
            assertFalse(third.output().contains("ended uncleanly"), "a clean stop is not reported as unclean; output:\n" + third.output());
        }
    }

    @Test
    void shouldPrintTheShutdownAuditOnSigterm() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        try (HostProcess host = HostProcess.start(home, 0)) {
            assertTrue(host.awaitOutput(RUNNING, 60_000), "the host did not trade; output:\n" + host.output());
            host.terminate();
            int status = host.awaitExit(60_000);
            String out = host.output();
            assertEquals(117, status, "SIGTERM stops the framework from inside (117), not through the JVM's hooks (143); output:\n" + out);
            assertTrue(out.matches("(?s).*market-data stopped: \\d+ event\\(s\\) published, every one delivered.*")
                    && out.matches("(?s).*execution stopped: \\d+ event\\(s\\) published, every one delivered.*"),
                    "both buses' stop audit is printed on SIGTERM; output:\n" + out);
            assertTrue(out.contains("SIM executor stopped:"), "the executor's in-flight report is printed on SIGTERM; output:\n" + out);
            assertTrue(out.contains("left after"), "each subscriber's 'left after' line is printed on SIGTERM; output:\n" + out);
            assertTrue(out.contains("Strategies (PnL"), "the exit summary is printed on SIGTERM; output:\n" + out);
        }
        assertTrue(Files.readString(home.resolve("state/run")).contains("state=stopped"), "SIGTERM is an orderly stop");
    }

    @Test
    void shouldHoldEveryStrategyWhenTheDisabledStrategiesFileIsUnreadable() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        Files.createDirectories(home.resolve("state"));
        Files.writeString(home.resolve("state/disabled-strategies"), "ids=1,tw0\n"); // damaged: which ids were disabled is unknown
        try (HostProcess host = HostProcess.start(home, 0)) {
            assertTrue(host.awaitOutput("SEVERE .*cannot read .*disabled-strategies.*every strategy is held DISABLED", 60_000), "output:\n" + host.output());
            for (int id : new int[] {1, 2}) {
                assertTrue(host.awaitOutput("WARNING .*strategy " + id + " \\(.*\\) held DISABLED: .*flox:enable " + id, 30_000),
                        "each sample strategy is held; output:\n" + host.output());
            }
            host.awaitMoreStatusLines(4);
            host.assertNoFill();
            host.terminate();
            host.awaitExit(60_000);
        }
    }

    private static Map<String, Snapshot> snapshot(Path etc) throws IOException {
        Map<String, Snapshot> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(etc)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                out.put(f.getFileName().toString(), new Snapshot(Files.size(f), Files.getLastModifiedTime(f).toMillis(), Files.readAllBytes(f)));
            }
        }
        return out;
    }

    private record Snapshot(long size, long mtimeMs, byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Snapshot s && s.size == size && s.mtimeMs == mtimeMs && Arrays.equals(s.bytes, bytes);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(size) * 31 + Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return size + " B, mtime " + mtimeMs;
        }
    }
}
