package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The monitor's sampling rate and its thread's end. */
@Timeout(60)
class BusMonitorTest {
    private static BusSettings settings(long stallTimeoutMs, long monitorIntervalMs) {
        return new BusSettings(BusSettings.Mode.ASYNC, 64, 4, 4, BusSettings.Idle.BACKOFF, 100_000_000L,
                stallTimeoutMs * 1_000_000L, 1_000_000_000L, monitorIntervalMs);
    }

    @Test
    void shouldSampleAtLeastFourTimesPerStallTimeout() {
        assertEquals(250, settings(1_000, 60_000).monitorSleepMs());
        assertEquals(100, settings(1_000, 100).monitorSleepMs());
        assertEquals(1, settings(1, 250).monitorSleepMs());
        BusSettings d = BusSettings.defaults();
        assertEquals(250, d.monitorSleepMs(), "default: 250 ms against a 2 s stall timeout");
    }

    @Test
    void shouldStopWithoutWaitingOutTheMonitorInterval() {
        MarketDataFanOut bus = new MarketDataFanOut("monitor-test", settings(3_600_000, 60_000), null);
        bus.open();
        Thread monitor = monitorThread("flox-monitor-test-monitor");
        BusTestSupport.await("the monitor asleep", 10_000, () -> monitor.getState() == Thread.State.TIMED_WAITING, monitor::toString);
        long startNs = System.nanoTime();
        bus.stop();
        long tookMs = (System.nanoTime() - startNs) / 1_000_000;
        assertFalse(monitor.isAlive(), "the monitor thread ended with stop()");
        // it sleeps 60 s between samples; stop used to wait 5 s for it (Agrona's close retry) and then interrupt
        assertTrue(tookMs < 3_000, "stop() took " + tookMs + " ms");
    }

    private static Thread monitorThread(String name) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals(name)) return t;
        }
        throw new AssertionError("no thread named " + name);
    }
}
