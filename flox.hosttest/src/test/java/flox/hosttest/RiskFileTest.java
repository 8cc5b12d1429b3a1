package flox.hosttest;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk file as an operator handles it on a real host (issue 11 item 2): a missing file at
 * start means no trading until the operator confirms, and deleting the file of a running host
 * keeps its limits and its kill switch. The shipped strategies trade within seconds when nothing
 * stops them, so "no fill" over several status lines is what "not trading" looks like here.
 */
@Timeout(180)
class RiskFileTest {
    private static final Pattern FILLS = Pattern.compile("(?m)^flox RUNNING .*\\| orders \\d+ (?:filled \\d+ )?fills (\\d+)");

    @TempDir
    Path dir;

    @Test
    void shouldNotTradeWhenTheRiskFileIsMissingAtStart() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        Files.delete(home.resolve("etc/flox.risk.cfg"));
        try (HostProcess host = HostProcess.start(home, 0)) {
            assertTrue(host.awaitOutput("WARNING .*risk HALTED, new orders refused \\(RISK_HALTED\\): no risk configuration: .*flox\\.risk\\.cfg is missing"
                    + ".*flox:risk accept-defaults", 60_000), "the halt is said at WARNING, with the file and the way out; output:\n" + host.output());
            awaitMoreStatusLines(host, 4);
            List<String> status = statusLines(host.output());
            assertTrue(status.get(status.size() - 1).contains("risk HALTED: new orders refused"), "the status line says HALTED: " + status.get(status.size() - 1));
            assertNoFill(host.output());
            host.terminate();
            host.awaitExit(60_000);
        }
    }

    @Test
    void shouldKeepTheKillSwitchAndTheLimitsWhenTheRiskFileIsDeleted() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        Path risk = home.resolve("etc/flox.risk.cfg");
        Files.writeString(risk, Files.readString(risk).replace("kill.switch=false", "kill.switch=true"));
        try (HostProcess host = HostProcess.start(home, 0)) {
            assertTrue(host.awaitOutput("flox RUNNING .*risk KILLED", 60_000), "the file's kill switch is engaged; output:\n" + host.output());
            Files.delete(risk);
            assertTrue(host.awaitOutput("WARNING .*flox\\.risk\\.cfg was deleted or has no keys: keeping the last good risk limits and the kill switch", 30_000),
                    "the deletion is said at WARNING, naming the file; output:\n" + host.output());
            awaitMoreStatusLines(host, 6);
            List<String> status = statusLines(host.output());
            assertTrue(status.get(status.size() - 1).contains("risk KILLED"), "still KILLED three seconds after the deletion: " + status.get(status.size() - 1));
            assertFalse(Pattern.compile("kill switch released|switch released").matcher(host.output()).find(), "nothing says released; output:\n" + host.output());
            assertNoFill(host.output());
            host.terminate();
            host.awaitExit(60_000);
        }
    }

    /** Waits until the host printed {@code more} status lines (500 ms apart) beyond those it has printed now. */
    private static void awaitMoreStatusLines(HostProcess host, int more) throws InterruptedException {
        int target = statusLines(host.output()).size() + more;
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (statusLines(host.output()).size() < target) {
            if (System.nanoTime() > deadline || !host.isAlive()) throw new AssertionError("the host stopped printing its status; output:\n" + host.output());
            Thread.sleep(100);
        }
    }

    private static List<String> statusLines(String output) {
        return output.lines().filter(l -> l.startsWith("flox RUNNING")).toList();
    }

    private static void assertNoFill(String output) {
        var m = FILLS.matcher(output);
        int seen = 0;
        while (m.find()) {
            seen++;
            assertTrue("0".equals(m.group(1)), "a fill while orders must be refused: " + m.group());
        }
        assertTrue(seen > 0, "the status line shows the fills; output:\n" + output);
    }
}
