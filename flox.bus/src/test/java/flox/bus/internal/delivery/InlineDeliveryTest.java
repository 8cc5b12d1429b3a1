package flox.bus.internal.delivery;

import static flox.bus.internal.delivery.BusTestSupport.await;
import static flox.bus.internal.delivery.BusTestSupport.publishRetrying;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.TradeEvent;
import flox.bus.internal.StandaloneBuses;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A subscriber's choice of delivery ({@code flox.subscriber.delivery}) in either bus mode. */
@Timeout(60)
class InlineDeliveryTest {
    private final List<MarketDataFanOut> buses = new ArrayList<>();

    @AfterEach
    void stop() {
        for (MarketDataFanOut b : buses) b.stop();
    }

    private MarketDataFanOut bus(BusSettings s) {
        MarketDataFanOut b = new MarketDataFanOut("test", s, null);
        b.open(false);
        buses.add(b);
        return b;
    }

    /** Records the thread of each delivery and how many events it had seen when publish returned. */
    static final class ThreadRecorder implements MarketDataSubscriber {
        volatile Thread lastThread;
        volatile long count;

        @Override
        public void onTrade(TradeEvent t) {
            lastThread = Thread.currentThread();
            count++;
        }
    }

    @Test
    void shouldDeliverAnInlineSubscriberOnThePublishersThreadBeforePublishReturnsInAsyncMode() {
        for (BusSettings.Publishers p : BusSettings.Publishers.values()) {
            MarketDataFanOut bus = bus(BusSettings.defaults().withPublishers(p));
            ThreadRecorder inline = new ThreadRecorder();
            ThreadRecorder agent = new ThreadRecorder();
            StandaloneBuses.subscribe(bus, inline, "inline", "lossless", 0, -1, "inline");
            StandaloneBuses.subscribe(bus, agent, "agent", "lossless", 0, -1, null);
            TradeEvent t = new TradeEvent();
            for (long i = 0; i < 1000; i++) {
                publishRetrying(bus, t, 0, i);
                assertEquals(i + 1, inline.count, p + ": delivered before publish returned");
            }
            assertSame(Thread.currentThread(), inline.lastThread, p + ": on the publisher's thread");
            await("the agent subscriber", 10_000, () -> agent.count == 1000, () -> agent.count + " of 1000");
            assertTrue(agent.lastThread != Thread.currentThread(), p + ": the default in async mode is an agent");
            assertTrue(bus.status().describe().contains("inline"), bus.status().describe());
        }
    }

    @Test
    void shouldServeAnAgentSubscriberOnItsOwnThreadInSyncMode() {
        MarketDataFanOut bus = bus(BusSettings.defaults().withMode(BusSettings.Mode.SYNC));
        ThreadRecorder inline = new ThreadRecorder();
        ThreadRecorder agent = new ThreadRecorder();
        StandaloneBuses.subscribe(bus, inline, "inline", "lossless", 0, -1, null);
        StandaloneBuses.subscribe(bus, agent, "agent", "lossless", 0, -1, "agent");
        TradeEvent t = new TradeEvent();
        for (long i = 0; i < 10_000; i++) publishRetrying(bus, t, 0, i);
        assertEquals(10_000, inline.count, "the default in sync mode: inline, before publish returns");
        await("the agent subscriber to get every event (lossless: it gates)", 10_000, () -> agent.count == 10_000, () -> agent.count + " of 10000");
        assertTrue(agent.lastThread != Thread.currentThread());
    }
}
