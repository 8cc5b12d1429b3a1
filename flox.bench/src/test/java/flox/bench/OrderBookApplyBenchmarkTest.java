package flox.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link OrderBookApplyBenchmark} measures equal work: both books take the recording's lap and end equal. */
class OrderBookApplyBenchmarkTest {
    private static final Path RECORDING = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance/recordings/hftbacktest/btcusdt_20240808.gz");

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldApplyTheWholeLapToBothBooksAndEndEqual() {
        System.setProperty("flox.bench.binance.recording", RECORDING.toString());
        try {
            OrderBookApplyBenchmark b = new OrderBookApplyBenchmark();
            b.setUp();
            assertEquals(OrderBookApplyBenchmark.DIFFS, b.diffs.length);
            assertEquals(1_000, b.snapshot.bidCount(), "the recording's REST snapshot");
            for (int lap = 0; lap < 2; lap++) { // a second lap reloads the snapshot into a used book
                b.blocks();
                b.flatArrays();
                assertNull(OrderBookApplyBenchmark.Lap.difference(b.blocks, b.flat));
            }
            assertTrue(b.blocks.bidLevels() > 1_000 && b.blocks.askLevels() > 2_000, "the book grows from the snapshot's 1,000 levels a side: " + b.blocks);
            assertEquals(b.diffs[b.diffs.length - 1].lastUpdateId(), b.blocks.lastUpdateId());
            b.check();
        } finally {
            System.clearProperty("flox.bench.binance.recording");
        }
    }
}
