package flox.executor.sim.internal.venue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.bus.ExecutionBus;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The venue publishes only the reports the tracker applied: a resent or stale report reaches no subscriber. */
@Timeout(30)
class SimVenueReportsTest {
    @Test
    void shouldPublishOnlyWhatTheTrackerApplied() throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        int btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(3).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
        LockFreeOrderTracker tracker = new LockFreeOrderTracker(16);
        NanoClock clock = new NanoClock() {
            @Override public long nanoTime() { return 1; }
            @Override public long epochNanos() { return 0; }
        };
        SimVenue venue = new SimVenue("SIM", registry, tracker, clock, 0, 8, 16, 16);
        List<String> seen = new ArrayList<>();
        ExecutionBus bus = e -> {
            seen.add(e.execType() + " " + e.cumulativeQuantityScaled());
            return seen.size();
        };
        venue.executionBus(bus);
        tracker.onNew(new OrderRequest().limit(1, btc, Side.BUY, 100, 10, TimeInForce.GTC), 1);
        tracker.onSubmitted(1, 1);

        ExecutionEvent ack = new ExecutionEvent().reset(ExecType.ACCEPTED, 1, btc, Side.BUY).execId(1);
        ExecutionEvent part = new ExecutionEvent().reset(ExecType.PARTIALLY_FILLED, 1, btc, Side.BUY).execId(2).fill(100, 4, 4);
        ExecutionEvent full = new ExecutionEvent().reset(ExecType.FILLED, 1, btc, Side.BUY).execId(3).fill(100, 6, 10);
        for (ExecutionEvent e : new ExecutionEvent[] {ack, ack, part, full, part, full}) venue.onReport(e);

        assertEquals(List.of("ACCEPTED 0", "PARTIALLY_FILLED 4", "FILLED 10"), seen);
        assertEquals(3, venue.reporter().ignored());
    }
}
