package flox.strategy.samples.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class TickToTradeProbeTest {
    @Test
    void shouldFindAHandOffTimeUntilAnIdCapacityLaterTakesTheSlot() {
        TickToTradeProbe probe = new TickToTradeProbe(8);
        probe.handed(3, 100, 300);
        assertEquals(300, probe.handedNs(3));
        assertEquals(TickToTradeProbe.NONE, probe.handedNs(4));
        assertEquals(TickToTradeProbe.NONE, probe.handedNs(11));
        probe.handed(11, 1000, 1100);
        assertEquals(TickToTradeProbe.NONE, probe.handedNs(3));
        assertEquals(1100, probe.handedNs(11));
    }

    @Test
    void shouldBeInFlightBetweenSubmittingAndTheHandOff() {
        TickToTradeProbe probe = new TickToTradeProbe(8);
        probe.submitting(5);
        assertEquals(TickToTradeProbe.IN_FLIGHT, probe.handedNs(5));
        probe.handed(5, 100, 350);
        assertEquals(350, probe.handedNs(5));
        probe.submitting(6);
        probe.refused(6);
        assertEquals(TickToTradeProbe.NONE, probe.handedNs(6), "a refused order was never handed over");
    }

    @Test
    void shouldRecordTickToTradeOfHandedOrdersAndCountRefusedOnes() {
        TickToTradeProbe probe = new TickToTradeProbe(8);
        probe.handed(1, 1_000, 4_000);
        probe.refused(2);
        probe.handed(3, 2_000, 3_000);
        probe.refused(4);
        assertEquals(2, probe.tickToTrade().count());
        assertEquals(1_000, probe.tickToTrade().min());
        assertEquals(3_000, probe.tickToTrade().max());
        assertEquals(2, probe.refused());
    }

    @Test
    void shouldNeverPairAnIdWithAnotherIdsTime() throws Exception {
        TickToTradeProbe probe = new TickToTradeProbe(4);
        java.util.concurrent.atomic.AtomicLong latest = new java.util.concurrent.atomic.AtomicLong();
        Thread writer = new Thread(() -> {
            for (long id = 1; id <= 2_000_000; id++) { // a slot is rewritten every 4 ids
                probe.handed(id, 0, id * 10);
                latest.lazySet(id);
            }
        });
        writer.start();
        long found = 0;
        while (writer.isAlive()) {
            long newest = latest.get();
            for (long id = Math.max(1, newest - 5); id <= newest + 1; id++) {
                long t = probe.handedNs(id);
                if (t != TickToTradeProbe.NONE) {
                    assertEquals(id * 10, t, "torn pair");
                    found++;
                }
            }
        }
        writer.join();
        assertEquals(20_000_000, probe.handedNs(2_000_000));
        assertTrue(found > 0, "the reader saw live slots");
    }
}
