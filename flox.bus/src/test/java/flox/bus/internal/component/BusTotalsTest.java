package flox.bus.internal.component;

import static flox.bus.internal.delivery.BusTestSupport.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.bus.internal.delivery.BusTestSupport;
import flox.bus.internal.delivery.TradeRecorder;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Constants;

/** flox:buses counts since the bus started: a live mode change does not reset its totals. */
@Timeout(60)
class BusTotalsTest {
    private static Map<String, Object> config(String mode) {
        Map<String, Object> p = new HashMap<>();
        p.put("mode", mode);
        p.put("ring.size", "64");
        return p;
    }

    private static void publish(MarketDataBusComponent bus, int n, int from) {
        TradeEvent t = new TradeEvent();
        for (int i = from; i < from + n; i++) {
            long id = TradeRecorder.tradeId(0, i);
            t.set(1, id, BusTestSupport.price(id), 1, Side.BUY, 0, 0);
            bus.publishTrade(t);
        }
    }

    @Test
    void shouldKeepTheTotalsOfPublishedAndDeliveredAcrossALiveModeChange() {
        MarketDataBusComponent bus = new MarketDataBusComponent();
        bus.setSymbolRegistry(null);
        bus.activate(config("sync"));
        try {
            TradeRecorder r = new TradeRecorder("r");
            Map<String, Object> props = new HashMap<>();
            props.put(Constants.SERVICE_ID, 42L);
            props.put("component.name", "recorder");
            bus.addSubscriber(r, props);
            publish(bus, 5, 0);
            await("5 trades delivered", 10_000, () -> r.count == 5, () -> "count " + r.count);

            bus.modified(config("async")); // a new engine
            publish(bus, 3, 5);
            await("3 more delivered", 10_000, () -> r.count == 8, () -> "count " + r.count);

            String view = bus.engine().status().describe();
            assertTrue(view.lines().findFirst().orElse("").contains(" 8 pub"), "published since the bus started: " + view);
            assertTrue(view.lines().anyMatch(l -> l.contains("recorder#42") && l.matches(".*\\s8\\s+0\\s+0\\s.*")), "delivered since the bus started: " + view);
            assertTrue(view.contains("mode changed live 1 time"), view);
        } finally {
            bus.deactivate();
        }
    }

    @Test
    void shouldNeverShowMoreDeliveredThanPublishedWhilePublishing() throws Exception {
        MarketDataBusComponent bus = new MarketDataBusComponent();
        bus.setSymbolRegistry(null);
        bus.activate(config("sync")); // inline delivery: delivered moves with every publish
        TradeRecorder r = new TradeRecorder("r");
        Map<String, Object> props = new HashMap<>();
        props.put(Constants.SERVICE_ID, 7L);
        props.put("component.name", "recorder");
        bus.addSubscriber(r, props);
        java.util.concurrent.atomic.AtomicBoolean run = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread publisher = new Thread(() -> {
            TradeEvent t = new TradeEvent();
            for (int i = 0; run.get(); i++) {
                t.set(1, i, 100, 1, Side.BUY, 0, 0);
                bus.publishTrade(t);
            }
        }, "publisher");
        publisher.start();
        try {
            await("the publisher running", 10_000, () -> r.count > 1_000, () -> "count " + r.count);
            long deadline = System.nanoTime() + 2_000_000_000L;
            for (int n = 0; n < 50_000 && System.nanoTime() < deadline; n++) {
                String view = bus.engine().status().describe();
                String[] head = view.lines().findFirst().orElseThrow().trim().split("\\s+");
                long published = Long.parseLong(head[3]);
                String row = view.lines().filter(l -> l.contains("recorder#7")).findFirst().orElseThrow();
                long delivered = Long.parseLong(row.trim().split("\\s+")[3]);
                assertTrue(delivered <= published, "delivered " + delivered + " > published " + published + ":\n" + view);
            }
            run.set(false);
            publisher.join(10_000);
            String view = bus.engine().status().describe();
            long published = Long.parseLong(view.lines().findFirst().orElseThrow().trim().split("\\s+")[3]);
            long delivered = Long.parseLong(view.lines().filter(l -> l.contains("recorder#7")).findFirst().orElseThrow().trim().split("\\s+")[3]);
            assertTrue(published == delivered && delivered == r.count, "once quiet, every event counted once: " + view + " recorder " + r.count);
        } finally {
            run.set(false);
            publisher.join(10_000);
            bus.deactivate();
        }
    }
}
