package flox.connector.binance.internal.live;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {

    @Test
    void shouldDoubleEachStepUpToTheMaximumWithHalfOfItRandom() {
        // the random part at its bounds: 0 gives half the step, bound - 1 the whole step
        ReconnectBackoff low = new ReconnectBackoff(250, 30_000, bound -> 0);
        ReconnectBackoff high = new ReconnectBackoff(250, 30_000, bound -> bound - 1);
        long[] steps = {250, 500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000};
        for (long step : steps) {
            assertEquals(step / 2, low.nextWaitMs(), "the fixed half of " + step);
            assertEquals(step, high.nextWaitMs(), "the whole of " + step);
        }
        assertEquals(steps.length, low.failures());
    }

    @Test
    void shouldStartOverAfterAConnection() {
        ReconnectBackoff b = new ReconnectBackoff(100, 10_000, bound -> bound - 1);
        for (int i = 0; i < 5; i++) b.nextWaitMs();
        b.connected();
        assertEquals(0, b.failures());
        assertEquals(100, b.nextWaitMs());
    }

    @Test
    void shouldSpreadTheWaitsOfConnectionsDroppedTogether() {
        Random seeded = new Random(20261208);
        Set<Long> firstWaits = new HashSet<>();
        for (int connection = 0; connection < 100; connection++) {
            ReconnectBackoff b = new ReconnectBackoff(1_000, 60_000, seeded::nextLong);
            long w = b.nextWaitMs();
            assertTrue(w >= 500 && w <= 1_000, "within [step / 2, step]: " + w);
            firstWaits.add(w);
        }
        assertTrue(firstWaits.size() > 50, "100 connections lost at once come back at " + firstWaits.size() + " different times");
    }

    @Test
    void shouldNotOverflowAfterManyFailures() {
        ReconnectBackoff b = new ReconnectBackoff(1_000, Long.MAX_VALUE / 4, bound -> bound - 1);
        long previous = 0;
        for (int i = 0; i < 100; i++) {
            long w = b.nextWaitMs();
            assertTrue(w > 0 && w >= previous, "attempt " + i + ": " + w);
            previous = w;
        }
        assertEquals(1_000L << 20, previous, "the step stops growing at 2^20 times the first");
    }
}
