package flox.bench.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The throughput targets and the one-hop p50 are judged within each machine regime both contenders ran in. */
class BusReportRegimeTest {
    @TempDir
    Path dir;

    /** A latency.tsv line as BusLatency writes it: summed p50, then fast/slow segments and p50s. */
    private static String line(String impl, long p50, int fastSegments, long fastP50, int slowSegments, long slowP50) {
        return String.join("\t", impl, "busy-spin", "1000000", "8000000", Long.toString(p50), "20000", "1000000", "2000000", "999990",
                "65", "330", "0.0000", "20000", "0", "0", "0", "0", Integer.toString(fastSegments + slowSegments), "3000000",
                Integer.toString(fastSegments), Long.toString(fastP50), Integer.toString(slowSegments), Long.toString(slowP50), "0");
    }

    private String verdict(String flox, String single) throws IOException {
        Files.write(dir.resolve("latency.tsv"), List.of(flox, single));
        BusReport r = new BusReport();
        r.read(dir);
        String text = r.render(dir);
        for (String l : text.split("\n")) {
            if (l.contains("one-hop p50 at a paced 1 M ev/s ≤ SINGLE's, busy-spin")) return l;
        }
        throw new AssertionError("no p50 target line in:\n" + text);
    }

    @Test
    void shouldPassWhenFloxIsAheadInEveryRegimeAlthoughItsMixIsSlower() throws IOException {
        // summed over both regimes Flox looks 2x slower (more of its segments were slow), within each it is ahead
        String v = verdict(line("flox", 374, 3, 140, 7, 430), line("disruptor-single", 191, 7, 160, 3, 530));
        assertTrue(v.startsWith("- PASS"), v);
        assertTrue(v.contains("fast regime 140 ns vs 160 ns"), v);
        assertTrue(v.contains("slow regime 430 ns vs 530 ns"), v);
    }

    @Test
    void shouldFailWhenFloxIsBehindInOneRegime() throws IOException {
        String v = verdict(line("flox", 150, 5, 140, 5, 600), line("disruptor-single", 180, 5, 160, 5, 530));
        assertTrue(v.startsWith("- FAIL"), v);
    }

    @Test
    void shouldNotJudgeWhenNoRegimeHasSegmentsOfBoth() throws IOException {
        String v = verdict(line("flox", 140, 10, 140, 0, 0), line("disruptor-single", 530, 0, 0, 10, 530));
        assertTrue(v.startsWith("- not measured"), v);
    }

    /** A paired.tsv line: 1 pub -> 1 sub busy-spin at ring 4,096. */
    private static String window(String impl, String regime, double rate) {
        return String.join("\t", "1", "1", "busy-spin", "4096", impl, "0", regime, String.format(java.util.Locale.ROOT, "%.0f", rate), "65", "66");
    }

    private String pairedVerdict(List<String> windows) throws IOException {
        Files.write(dir.resolve("paired.tsv"), windows);
        BusReport r = new BusReport();
        r.read(dir);
        for (String l : r.render(dir).split("\n")) {
            if (l.contains("1 pub → 1 sub async ≥ 1.0× SINGLE, busy-spin, ring 4,096")) return l;
        }
        throw new AssertionError("no busy-spin 4,096 target line");
    }

    @Test
    void shouldJudgeThroughputOnMediansWithinEachRegime() throws IOException {
        String v = pairedVerdict(List.of(window("flox", "fast", 27e6), window("flox", "fast", 26e6), window("flox", "fast", 1e6),
                window("disruptor-single", "fast", 17e6), window("disruptor-single", "fast", 18e6),
                window("flox", "slow", 5.5e6), window("flox", "slow", 5.7e6), window("disruptor-single", "slow", 4.1e6), window("disruptor-single", "slow", 4.3e6),
                window("flox", "mixed", 1e6)));
        assertTrue(v.startsWith("- PASS"), v);
        assertTrue(v.contains("fast regime 26.0 vs 17.5 M ev/s"), v);
        assertTrue(v.contains("3/2 windows"), v); // the mixed window is left out
    }

    @Test
    void shouldFailThroughputWhenBehindInOneRegime() throws IOException {
        String v = pairedVerdict(List.of(window("flox", "fast", 27e6), window("flox", "fast", 26e6),
                window("disruptor-single", "fast", 17e6), window("disruptor-single", "fast", 18e6),
                window("flox", "slow", 4.0e6), window("flox", "slow", 4.2e6), window("disruptor-single", "slow", 6.1e6), window("disruptor-single", "slow", 6.3e6)));
        assertTrue(v.startsWith("- FAIL"), v);
    }

    @Test
    void shouldNotJudgeThroughputOnOneWindowOfARegime() throws IOException {
        String v = pairedVerdict(List.of(window("flox", "fast", 27e6), window("disruptor-single", "fast", 17e6),
                window("flox", "slow", 5e6), window("disruptor-single", "slow", 4e6), window("disruptor-single", "slow", 4e6)));
        assertTrue(v.startsWith("- not measured"), v);
    }

    @Test
    void shouldClassifyASegmentByTheRoundTripBeforeAndAfterIt() {
        assertEquals(0, BusLatency.regime(65, 70));
        assertEquals(1, BusLatency.regime(320, 300));
        assertEquals(-1, BusLatency.regime(320, 65));
        assertEquals(-1, BusLatency.regime(2_000, 2_500));
    }
}
