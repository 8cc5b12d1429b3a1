package flox.bench.recorder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** RecorderReport's verdicts against issue 17's targets, from fixed result files. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class RecorderReportTest {
    private static final String LATENCY_OFF_PACED = "t2t\tasync\tthreaded\t20000\t3\t80000\t2000\t3800000\t9000000\t13000000\t20001\t66\t70\t0.0000\t0\t2000,2100\t2\t0\toff\t0\t0";
    private static final String LATENCY_OFF_SAT = "t2t\tasync\tthreaded\t0\t3\t4000000\t3500000\t5700000\t6600000\t6900000\t1000000\t29\t67\t0.0000\t850000\t3500000,3600000\t2\t0\toff\t0\t0";

    @Test
    void shouldFailTheWriteRateTargetWhenTheJournalIsSlowerThanTheBus(@TempDir Path dir) throws Exception {
        write(dir, "sidecar.tsv", "bus\ttrade\t64/none\t10000000\t0.0000\t1\t0\t0\t0.0\t0\t0\n"
                + "journal\ttrade\t64/none\t2000000\t0.0000\t1\t0\t5\t96.0\t4\t0\n");
        String summary = report(dir);
        assertTrue(summary.contains("FAIL: journal write rate >= the bus's 1->1 throughput"), summary);
        assertTrue(summary.contains("trade/64 MiB/sync none 0.20"), summary);
        assertTrue(summary.contains("64 MiB segments, sync none (4 rolls, 4 onto a prepared segment; 0 closed by the writer)"), summary);
        assertTrue(summary.contains("PASS: 0 B/op on the recording path"), summary);
    }

    @Test
    void shouldPassTheWriteRateTargetWhenTheJournalKeepsUp(@TempDir Path dir) throws Exception {
        write(dir, "sidecar.tsv", "bus\ttrade\t16\t10000000\t0.0000\t1\t0\t0\t0.0\njournal\ttrade\t16\t12000000\t0.5000\t1000\t0\t3\t96.0\n");
        String summary = report(dir);
        assertTrue(summary.contains("PASS: journal write rate >= the bus's 1->1 throughput"), summary);
        assertTrue(summary.contains("FAIL: 0 B/op on the recording path"), summary);
        assertTrue(summary.contains("trade/16 MiB/sync roll 0.5000 B/event"), summary); // a row without a sync column: an older run, msynced
    }

    @Test
    void shouldListAllocationBelowTheThresholdBesideThePass(@TempDir Path dir) throws Exception {
        write(dir, "sidecar.tsv", "bus\ttrade\t64/roll\t10000000\t0.0000\t1\t0\t0\t0.0\t0\t0\n"
                + "journal\ttrade\t64/roll\t4000000\t0.0050\t20000000\t0\t40\t96.0\t30\t5\n");
        String summary = report(dir);
        assertTrue(summary.contains("PASS: 0 B/op on the recording path"), summary);
        assertTrue(summary.contains("not 0: trade/64 MiB/sync roll 0.0050 B/event"), summary);
    }

    @Test
    void shouldJudgeOnOffByThroughputRatioAndP50Ratio(@TempDir Path dir) throws Exception {
        write(dir, "latency.tsv", LATENCY_OFF_PACED + "\n" + LATENCY_OFF_PACED.replace("\t2000\t3800000", "\t2080\t3900000").replace("\toff\t0\t0", "\ton\t330000\t0") + "\n"
                + LATENCY_OFF_SAT + "\n" + LATENCY_OFF_SAT.replace("\t1000000\t29", "\t900000\t29").replace("\toff\t0\t0", "\ton\t5000000\t10") + "\n");
        String summary = report(dir);
        assertTrue(summary.contains("FAIL: recording on, market-data throughput within 5 % of off (strategy agent + threaded venue): 0.900"), summary);
        assertTrue(summary.contains("PASS: recording on, tick-to-trade p50 within 5 % of off (strategy agent + threaded venue): 1.040"), summary);
    }

    @Test
    void shouldJudgeOnOffOnTheDefaultRunsShapeAndReportTheOther(@TempDir Path dir) throws Exception {
        String host = "threaded/inline-strategy";
        write(dir, "latency.tsv", LATENCY_OFF_PACED + "\n" + LATENCY_OFF_PACED.replace("\t2000\t3800000", "\t2080\t3900000").replace("\toff\t0\t0", "\ton\t330000\t0") + "\n"
                + LATENCY_OFF_SAT + "\n" + LATENCY_OFF_SAT.replace("\t1000000\t29", "\t500000\t29").replace("\toff\t0\t0", "\ton\t5000000\t10") + "\n"
                + LATENCY_OFF_PACED.replace("\tthreaded\t", "\t" + host + "\t").replace("\t3\t80000", "\t2\t80000") + "\n"
                + LATENCY_OFF_PACED.replace("\tthreaded\t", "\t" + host + "\t").replace("\t2000\t3800000", "\t2050\t3900000").replace("\toff\t0\t0", "\ton\t330000\t0") + "\n"
                + LATENCY_OFF_SAT.replace("\tthreaded\t", "\t" + host + "\t") + "\n"
                + LATENCY_OFF_SAT.replace("\tthreaded\t", "\t" + host + "\t").replace("\t1000000\t29", "\t960000\t29").replace("\toff\t0\t0", "\ton\t5000000\t10") + "\n");
        String summary = report(dir);
        assertTrue(summary.contains("PASS: recording on, market-data throughput within 5 % of off (strategy inline on the feed's thread + threaded venue: "
                + "the default run's shape): 0.960"), summary);
        assertTrue(summary.contains("PASS: recording on, tick-to-trade p50 within 5 % of off (strategy inline"), summary);
        assertTrue(summary.contains("| market-data throughput, recording on vs off (sim rig, async bus, strategy agent + threaded venue; saturation) (reported; "
                + "the target is judged on the default run's shape) | 0.50 M ev/s"), summary);
        assertTrue(!summary.contains("FAIL: recording on"), "the strategy-agent rig's 0.5 is reported, not judged: " + summary);
    }

    @Test
    void shouldJudgeReplayAgainstTenTimesRealTime(@TempDir Path dir) throws Exception {
        write(dir, "replay.tsv", "1200000\t60.000\t140000000\t7000,6000,6500\t184615\t9.2\t0.0800\n");
        assertTrue(report(dir).contains("FAIL: replay of a journal of the default run's data at least 10x faster than real time: 9.2x"));
        write(dir, "replay.tsv", "1200000\t60.000\t140000000\t150,148,140\t8080000\t404.0\t0.0800\n");
        assertTrue(report(dir).contains("PASS: replay of a journal of the default run's data at least 10x faster than real time: 404.0x"));
    }

    @Test
    void shouldSayFailWhenAPartDidNotRun(@TempDir Path dir) throws Exception {
        String summary = report(dir);
        assertTrue(summary.contains("FAIL: journal write rate: no results"), summary);
        assertTrue(summary.contains("FAIL: recording on vs off: no results"), summary);
        assertTrue(summary.contains("FAIL: replay speed: no results"), summary);
    }

    private static void write(Path dir, String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }

    private static String report(Path dir) throws Exception {
        RecorderReport.main(new String[] {dir.toString()});
        return Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
    }
}
