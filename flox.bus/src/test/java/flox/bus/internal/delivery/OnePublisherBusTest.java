package flox.bus.internal.delivery;

import static flox.bus.internal.delivery.BusTestSupport.await;
import static flox.bus.internal.delivery.BusTestSupport.publishRetrying;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a bus configured with {@code publishers=single} adds to the contract: one publishing thread at a time. */
@Timeout(60)
class OnePublisherBusTest {
    private MarketDataFanOut bus;
    private final TradeRecorder recorder = new TradeRecorder("r");
    private Subscription sub;

    private MarketDataFanOut open() {
        BusSettings s = BusSettings.defaults().withPublishers(BusSettings.Publishers.SINGLE);
        bus = new MarketDataFanOut("test", s, null);
        bus.open(false);
        sub = FanOutBusContractTest.subscribe(bus, recorder, "lossless");
        return bus;
    }

    @AfterEach
    void stop() {
        if (bus != null) bus.stop();
    }

    @Test
    void shouldRefuseASecondThreadWhileThePublisherLivesAndSayWhy() throws Exception {
        open();
        assertEquals(0, publishRetrying(bus, new TradeEvent(), 0, 0));
        AtomicLong other = new AtomicLong(Long.MIN_VALUE);
        CountDownLatch done = new CountDownLatch(1);
        Thread second = new Thread(() -> {
            other.set(bus.publishTrade(new TradeEvent().set(1, TradeRecorder.tradeId(1, 0), 1, 1, flox.api.order.Side.BUY, 0, 0)));
            done.countDown();
        }, "second-publisher");
        second.start();
        done.await();
        second.join();
        assertEquals(BusResult.INVALID, other.get(), "the publisher (this thread) is alive: refused");
        assertTrue(bus.status().describe().contains("1 refused (second publisher thread)"), bus.status().describe());
        assertEquals(1, publishRetrying(bus, new TradeEvent(), 0, 1), "the publisher goes on");
        await("the subscriber to get both events", 10_000, () -> recorder.count == 2, () -> recorder.count + " of 2");
        assertEquals(0, recorder.gaps);
    }

    @Test
    void shouldHandOverToAnotherThreadOnceThePublisherHasEnded() throws Exception {
        open();
        Thread first = new Thread(() -> {
            TradeEvent t = new TradeEvent();
            for (long i = 0; i < 1000; i++) publishRetrying(bus, t, 0, i);
        }, "first-publisher");
        first.start();
        first.join();
        TradeEvent t = new TradeEvent();
        for (long i = 1000; i < 2000; i++) assertEquals(i, publishRetrying(bus, t, 0, i), "this thread takes over the sequence");
        await("every event", 10_000, () -> recorder.count == 2000, () -> recorder.count + " of 2000");
        assertEquals(0, recorder.gaps);
        assertEquals(0, recorder.orderViolations);
    }

    @Test
    void shouldContinueTheSequenceAndDeliverAfterAStopAndAnOpen() {
        open();
        TradeEvent t = new TradeEvent();
        for (long i = 0; i < 100; i++) publishRetrying(bus, t, 0, i);
        String report = bus.stop();
        assertTrue(report.contains("100 event(s) published, every one delivered"), report);
        assertEquals(BusResult.CLOSED, bus.publishTrade(t));
        bus.open(false);
        for (long i = 100; i < 200; i++) assertEquals(i, publishRetrying(bus, t, 0, i), "the new ring continues the sequence");
        await("the subscriber to get the events after the reopen", 10_000, () -> recorder.count == 200, () -> recorder.count + " of 200");
        assertEquals(0, recorder.gaps);
        assertEquals(200, sub.delivered());
    }
}
