package flox.strategy.samples.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TickToTradeProbeTest {
    @Test
    void shouldFindAStampUntilAnIdCapacityLaterTakesTheSlot() {
        TickToTradeProbe probe = new TickToTradeProbe(8);
        probe.stamp(3, 300);
        assertEquals(300, probe.triggerNs(3));
        assertEquals(TickToTradeProbe.NONE, probe.triggerNs(4));
        assertEquals(TickToTradeProbe.NONE, probe.triggerNs(11));
        probe.stamp(11, 1100);
        assertEquals(TickToTradeProbe.NONE, probe.triggerNs(3));
        assertEquals(1100, probe.triggerNs(11));
    }

    @Test
    void shouldNeverPairAnIdWithAnotherIdsTime() throws Exception {
        TickToTradeProbe probe = new TickToTradeProbe(4);
        java.util.concurrent.atomic.AtomicLong latest = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
            for (long id = 1; id <= 2_000_000; id++) { // a slot is rewritten every 4 ids
                probe.stamp(id, id * 10);
                latest.lazySet(id);
            }
        });
        writer.start();
        long found = 0;
        while (writer.isAlive()) {
            long newest = latest.get();
            for (long id = Math.max(1, newest - 5); id <= newest + 1; id++) {
                long t = probe.triggerNs(id);
                if (t != TickToTradeProbe.NONE) {
                    assertEquals(id * 10, t, "torn pair");
                    found++;
                }
            }
        }
        writer.join();
        assertEquals(20_000_000, probe.triggerNs(2_000_000));
        assertTrue(found > 0, "the reader saw live slots");
    }
}
