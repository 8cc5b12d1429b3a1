package flox.recorder.internal.journal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a recording process: a child JVM records trades and acknowledges each once it is
 * committed; it is killed with destroyForcibly() while it writes; every acknowledged trade is then
 * read back, in order, and a torn tail (if the kill landed mid-record) is reported, not thrown.
 */
@Timeout(60)
class KillNineTest {
    @TempDir
    Path dir;

    @Test
    void shouldReadEveryEventAcknowledgedBeforeAKill9() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED", "-Xmx128m",
                "-cp", System.getProperty("java.class.path"), KillNineChild.class.getName(), dir.toString());
        pb.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process child = pb.start();
        long lastAck = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.US_ASCII))) {
            String line;
            while ((line = in.readLine()) != null) {
                if (!line.startsWith("ack ")) continue;
                lastAck = Long.parseLong(line.substring(4));
                if (lastAck >= 10_000) { // several 128 KiB segments rolled by then; the child goes on writing until killed
                    child.destroyForcibly(); // closes our end of its output: what we read is what was acknowledged
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(10, TimeUnit.SECONDS));
        }
        assertEquals(137, child.exitValue(), "killed by SIGKILL");
        assertTrue(lastAck >= 10_000, "acknowledged " + lastAck);

        try (JournalReader r = new JournalReader(dir, false)) {
            List<Long> ids = new ArrayList<>();
            for (JournalTestSupport.Row row : JournalTestSupport.readAll(r)) ids.add(row.tradeId());
            assertTrue(ids.size() >= lastAck, "read " + ids.size() + " trades, " + lastAck + " acknowledged");
            for (int i = 0; i < ids.size(); i++) assertEquals(i + 1, ids.get(i), "trade at position " + i);
            assertTrue(r.tornTails().size() <= 1, "at most the last record torn: " + r.tornTails());
            assertTrue(r.segments().size() > 3, "rolled: " + r.segments().size() + " segments");
        }
    }
}
