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
    @TempDir
    Path dir;

    @Test
    void shouldNotTradeWhenTheRiskFileIsMissingAtStart() throws Exception {
        Path home = HostProcess.newHome(dir, "home");
        Files.delete(home.resolve("etc/flox.risk.cfg"));
        try (HostProcess host = HostProcess.start(home, 0)) {
            assertTrue(host.awaitOutput("WARNING .*risk HALTED, new orders refused \\(RISK_HALTED\\): no risk configuration: .*flox\\.risk\\.cfg is missing"
                    + ".*flox:risk accept-defaults", 60_000), "the halt is said at WARNING, with the file and the way out; output:\n" + host.output());
            host.awaitMoreStatusLines(4);
            List<String> status = host.statusLines();
            assertTrue(status.get(status.size() - 1).contains("risk HALTED: new orders refused"), "the status line says HALTED: " + status.get(status.size() - 1));
            host.assertNoFill();
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
            host.awaitMoreStatusLines(6);
            List<String> status = host.statusLines();
            assertTrue(status.get(status.size() - 1).contains("risk KILLED"), "still KILLED three seconds after the deletion: " + status.get(status.size() - 1));
            assertFalse(Pattern.compile("kill switch released|switch released").matcher(host.output()).find(), "nothing says released; output:\n" + host.output());
            host.assertNoFill();
            host.terminate();
            host.awaitExit(60_000);
        }
    }
}
