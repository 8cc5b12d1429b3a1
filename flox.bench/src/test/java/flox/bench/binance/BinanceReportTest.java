package flox.bench.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** BinanceReport's verdicts from fixed result files: a run of every row, and a run of flox async only. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class BinanceReportTest {
    private static final String HEADER = "\"Benchmark\",\"Mode\",\"Threads\",\"Samples\",\"Score\",\"Score Error (99.9%)\",\"Unit\",\"Param: bus\"\n";
    private static final String FLOX_ASYNC = "\"flox.bench.binance.BinanceFeedBenchmark.flox\",\"thrpt\",1,5,182813.2,34846.4,\"ops/s\",async\n"
            + "\"flox.bench.binance.BinanceFeedBenchmark.flox:gc.alloc.rate.norm\",\"thrpt\",1,5,0.62,0.1,\"B/op\",async\n";
    private static final String FLOX_SIDE = "flox\tasync\t0.0185\t0.0185\t64\t915548\t265\t3449\t1286.4\t36.0\t1\n";

    @Test
    void shouldSayNotRunForTheRowsARunOfFloxAsyncOnlyLeftOut(@TempDir Path dir) throws Exception {
        write(dir, "jmh.csv", HEADER + FLOX_ASYNC);
        write(dir, "sidecar.tsv", FLOX_SIDE);
        BinanceReport.main(new String[] {dir.toString(), "--only", "flox|async"});
        String summary = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        assertFalse(summary.contains("- FAIL:"), summary);
        assertTrue(summary.contains("NOT RUN: parse, sync, apply and publish ≥ 5x the databind baseline, async bus"), summary);
        assertTrue(summary.contains("NOT RUN: 0 B/op from frame bytes to bus publish, sync bus"), summary);
        assertTrue(summary.contains("PASS: 0 B/op from frame bytes to bus publish, async bus"), summary);
        assertTrue(summary.contains("| flox | async | 182,813"), summary);
    }

    @Test
    void shouldFailTheTargetsWhoseRowsAreMissingFromAFullRun(@TempDir Path dir) throws Exception {
        write(dir, "jmh.csv", HEADER + FLOX_ASYNC);
        write(dir, "sidecar.tsv", FLOX_SIDE);
        BinanceReport.main(new String[] {dir.toString()});
        String summary = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        assertTrue(summary.contains("FAIL: parse, sync, apply and publish ≥ 5x the databind baseline, async bus — not measured (a row is missing)"), summary);
        assertTrue(summary.contains("FAIL: 0 B/op from frame bytes to bus publish, sync bus — no allocation data"), summary);
        assertFalse(summary.contains("NOT RUN"), summary);
    }

    @Test
    void shouldShowTheMixedStreamApartWithoutATargetAndDescribeTheDiffLapAbove(@TempDir Path dir) throws Exception {
        write(dir, "jmh.csv", HEADER + FLOX_ASYNC
                + "\"flox.bench.binance.BinanceFeedBenchmark.floxMix\",\"thrpt\",1,5,1250000.0,100000.0,\"ops/s\",async\n"
                + "\"flox.bench.binance.BinanceFeedBenchmark.floxMix:gc.alloc.rate.norm\",\"thrpt\",1,5,0.08,0.01,\"B/op\",async\n");
        // the mix's side line first: the diff table's description must still come from the diff rows
        write(dir, "sidecar.tsv", "floxMix\tasync\t0.0020\t0.0020\t64\t6250000\t150\t41218\t321.7\t3.0\t1\t3449\t9747\t28022\n" + FLOX_SIDE);
        BinanceReport.main(new String[] {dir.toString(), "--only", "flox|async"});
        String summary = Files.readString(dir.resolve("summary.md"), StandardCharsets.UTF_8);
        assertTrue(summary.contains("(3,449 consecutive diffs after the recording's REST snapshot, mean 1286.4 B and 36.0 levels a frame)"), summary);
        assertTrue(summary.contains("(41,218 frames a lap: 3,449 depthUpdates, 9,747 trades, 28,022 bookTickers; mean 321.7 B a frame)"), summary);
        assertTrue(summary.contains("| flox mix | async | 1,250,000 ± 100,000 | 800 | 0.0000 |"), summary);
        assertFalse(summary.contains("- FAIL:"), summary);
        String targets = summary.substring(summary.indexOf("### Targets"), summary.indexOf("### WebSocket receive path"));
        assertFalse(targets.contains("mix"), targets);
        assertEquals(800.0, flox.bench.ws.WsReport.mixPipelineNs(dir.resolve("summary.md")), 0.5);
        assertEquals(1e9 / 182813.2, flox.bench.ws.WsReport.depthPipelineNs(dir.resolve("summary.md")), 1.0);
    }

    private static void write(Path dir, String name, String text) throws Exception {
        Files.writeString(dir.resolve(name), text, StandardCharsets.UTF_8);
    }
}
