package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What only the sync mode promises, filtering, and allocation on the delivery paths. */
@Timeout(60)
class SyncDeliveryTest {
    static BusSettings settings(BusSettings.Mode mode) {
        return new BusSettings(mode, 1024, 4, 4, BusSettings.Idle.BACKOFF, 100_000_000L, 1_000_000_000L, 2_000_000_000L, 50);
    }

    static final int ALL_MD = (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE);

    static final class Named implements MarketDataSubscriber, ExecutionSubscriber {
        final String name;
        final List<String> log;
        Runnable onEvent;

        Named(String name, List<String> log) {
            this.name = name;
            this.log = log;
        }

        @Override public void onTrade(TradeEvent t) {
            log.add(name + ":" + t.tradeId());
            if (onEvent != null) onEvent.run();
        }

        @Override public void onBookUpdate(BookUpdate u) {
            log.add(name + ":book" + u.symbolId());
        }

        @Override public void onExecution(ExecutionEvent e) {
            log.add(name + ":" + e.execType() + e.clientOrderId());
            if (onEvent != null) onEvent.run();
        }
    }

    @Test
    void shouldDeliverInPriorityThenRankingThenServiceIdOrder() {
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        List<String> log = new ArrayList<>();
        // priority ascending, then ranking descending, then service id ascending
        bus.subscribe(new Subscription(new Named("p5", log), "p5", 5, 0, 1, ALL_MD, null, false, true));
        bus.subscribe(new Subscription(new Named("p0-rank1", log), "p0-rank1", 0, 1, 7, ALL_MD, null, false, true));
        bus.subscribe(new Subscription(new Named("p0-rank9", log), "p0-rank9", 0, 9, 8, ALL_MD, null, false, true));
        bus.subscribe(new Subscription(new Named("p0-rank1-id3", log), "p0-rank1-id3", 0, 1, 3, ALL_MD, null, false, true));
        bus.subscribe(new Subscription(new Named("m1", log), "m1", -1, 0, 9, ALL_MD, null, false, true));
        assertEquals(0, bus.publishTrade(new TradeEvent().set(1, 42, 1, 1, Side.BUY, 0, 0)));
        assertEquals(List.of("m1:42", "p0-rank9:42", "p0-rank1-id3:42", "p0-rank1:42", "p5:42"), log,
                "delivered on the publisher's thread before publish returned, in order");
        bus.stop();
    }

    @Test
    void shouldStopASyncBusWithoutWaitingForTheDrainTimeout() {
        // inline subscribers only: the ring's slots are claimed but never written, so "fully published" never holds
        ExecutionFanOut bus = new ExecutionFanOut("t", settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        List<String> log = new ArrayList<>();
        bus.subscribe(new Subscription(new Named("inline", log), "inline", 0, 0, 1, 1 << ExecutionSlot.EXECUTION, null, false, true));
        for (int i = 0; i < 3; i++) assertEquals(i, bus.publishExecution(new ExecutionEvent().reset(ExecType.ACCEPTED, i, 1, Side.BUY)));
        long start = System.nanoTime();
        String report = bus.stop();
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertTrue(report.contains("3 event(s) published, every one delivered"), report);
        assertTrue(tookMs < 1_000, "stop took " + tookMs + " ms; the drain timeout is 2,000 ms and there was nothing to drain");
    }

    @Test
    void shouldQueueAPublishMadeFromInsideADeliveryAfterTheCurrentEvent() {
        ExecutionFanOut bus = new ExecutionFanOut("t", settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        List<String> log = new ArrayList<>();
        Named strategy = new Named("strategy", log);
        Named metrics = new Named("metrics", log);
        ExecutionEvent reply = new ExecutionEvent();
        long[] replySeq = {-9};
        strategy.onEvent = () -> {
            if (log.size() == 1) { // on the first fill, react with a new order's ack on the same bus
                reply.reset(ExecType.ACCEPTED, 2, 1, Side.SELL);
                replySeq[0] = bus.publishExecution(reply);
            }
        };
        bus.subscribe(new Subscription(strategy, "strategy", 0, 0, 1, 1 << ExecutionSlot.EXECUTION, null, false, true));
        bus.subscribe(new Subscription(metrics, "metrics", 1, 0, 2, 1 << ExecutionSlot.EXECUTION, null, false, true));
        ExecutionEvent fill = new ExecutionEvent().reset(ExecType.FILLED, 1, 1, Side.BUY);
        assertEquals(0, bus.publishExecution(fill));
        assertEquals(1, replySeq[0], "the queued event has the next sequence");
        assertEquals(List.of("strategy:FILLED1", "metrics:FILLED1", "strategy:ACCEPTED2", "metrics:ACCEPTED2"), log,
                "every subscriber sees the fill before the reaction");
        bus.stop();
    }

    @Test
    void shouldRefuseReentrantPublishesBeyondTheQueueAsBackPressure() {
        ExecutionFanOut bus = new ExecutionFanOut("t", settings(BusSettings.Mode.SYNC), null); // reentrant queue of 4
        bus.open(false);
        List<Long> results = new ArrayList<>();
        ExecutionEvent reply = new ExecutionEvent().reset(ExecType.ACCEPTED, 2, 1, Side.SELL);
        Named echo = new Named("echo", new ArrayList<>());
        echo.onEvent = () -> {
            if (results.isEmpty()) {
                for (int i = 0; i < 6; i++) results.add(bus.publishExecution(reply));
            }
        };
        bus.subscribe(new Subscription(echo, "echo", 0, 0, 1, 1 << ExecutionSlot.EXECUTION, null, false, true));
        bus.publishExecution(new ExecutionEvent().reset(ExecType.FILLED, 1, 1, Side.BUY));
        assertEquals(List.of(1L, 2L, 3L, 4L, BusResult.BACK_PRESSURED, BusResult.BACK_PRESSURED), results);
        assertEquals(5, echo.log.size(), "the original and the four queued ones");
        bus.stop();
    }

    @Test
    void shouldFilterByEventKindAndSymbolAndPickUpSymbolsRegisteredLater() throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        int btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.SYNC), registry);
        bus.open(false);
        List<String> log = new ArrayList<>();
        bus.subscribe(new Subscription(new Named("eth-trades", log), "eth-trades", 0, 0, 1, 1 << MarketDataSlot.TRADE,
                new String[] {"SIM:ETHUSDT"}, false, true));
        bus.subscribe(new Subscription(new Named("btc-books", log), "btc-books", 1, 0, 2, 1 << MarketDataSlot.BOOK,
                new String[] {"SIM:BTCUSDT"}, false, true));
        BookUpdate book = new BookUpdate(4);
        bus.publishBookUpdate(book.reset(btc, BookUpdate.Type.SNAPSHOT));
        bus.publishTrade(new TradeEvent().set(btc, 1, 1, 1, Side.BUY, 0, 0));
        int eth = registry.register(SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        bus.publishTrade(new TradeEvent().set(eth, 2, 1, 1, Side.BUY, 0, 0)); // not yet re-resolved: the monitor has not looked
        bus.monitor.tick(1);
        bus.publishTrade(new TradeEvent().set(eth, 3, 1, 1, Side.BUY, 0, 0));
        bus.publishBookUpdate(book.reset(eth, BookUpdate.Type.SNAPSHOT));
        assertEquals(List.of("btc-books:book" + btc, "eth-trades:3"), log);
        bus.stop();
    }

    @Test
    void shouldNotDeliverTheCurrentEventToASubscriberRemovedDuringIt() {
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        List<String> log = new ArrayList<>();
        Named second = new Named("second", log);
        Named first = new Named("first", log);
        first.onEvent = () -> bus.unsubscribe(second); // from inside the delivery, on the publisher's thread
        bus.subscribe(new Subscription(first, "first", 0, 0, 1, ALL_MD, null, false, true));
        bus.subscribe(new Subscription(second, "second", 1, 0, 2, ALL_MD, null, false, true));
        bus.publishTrade(new TradeEvent().set(1, 7, 1, 1, Side.BUY, 0, 0));
        bus.publishTrade(new TradeEvent().set(1, 8, 1, 1, Side.BUY, 0, 0));
        assertEquals(List.of("first:7", "first:8"), log, "no callback after unsubscribe returned, not even for the event in progress");
        bus.stop();
    }

    /** Stop is the first step of shutdown: it must not return while a publisher is still inside a callback. */
    @Test
    void shouldWaitForADeliveryInProgressWhenStopping() throws Exception {
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.SYNC), null); // drain timeout 2 s
        bus.open(false);
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        MarketDataSubscriber slow = new MarketDataSubscriber() {
            @Override public void onTrade(TradeEvent t) {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                returned.set(true);
            }
        };
        bus.subscribe(new Subscription(slow, "slow", 0, 0, 1, ALL_MD, null, false, true));
        Thread publisher = new Thread(() -> bus.publishTrade(new TradeEvent().set(0, 1, 1, 1, Side.BUY, 0, 0)));
        publisher.start();
        inside.await();
        java.util.concurrent.atomic.AtomicReference<String> report = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicBoolean returnedWhenStopped = new java.util.concurrent.atomic.AtomicBoolean();
        Thread stopper = new Thread(() -> {
            report.set(bus.stop());
            returnedWhenStopped.set(returned.get());
        });
        stopper.start();
        BusTestSupport.await("stop to close the bus", 5_000, () -> !bus.isOpen(), () -> "still open");
        release.countDown();
        stopper.join();
        publisher.join();
        assertTrue(returnedWhenStopped.get(), "stop returned only after the callback in progress had returned");
        assertTrue(report.get().contains("every one delivered"), report.get());
        assertEquals(0, bus.refusedClosed(), "stopping is not a refused publish");
    }

    @Test
    void shouldRefuseABookUpdateLargerThanTheSlotsRatherThanTruncateIt() {
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.ASYNC), null); // 4 levels
        bus.open(false);
        BookUpdate big = new BookUpdate(10).reset(0, BookUpdate.Type.SNAPSHOT);
        for (int i = 0; i < 5; i++) big.addBid(100 - i, 1);
        assertEquals(BusResult.INVALID, bus.publishBookUpdate(big));
        assertEquals(1, bus.refusedInvalid());
        assertEquals(0, bus.published());
        bus.stop();
    }

    /** The publisher's thread delivers in sync mode, so its allocation covers publish and delivery. */
    @Test
    void shouldNotAllocateWhenPublishingAndDeliveringInSyncMode() {
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.SYNC), null);
        bus.open(false);
        TradeRecorder a = new TradeRecorder("a");
        TradeRecorder b = new TradeRecorder("b");
        bus.subscribe(new Subscription(a, "a", 0, 0, 1, ALL_MD, null, false, true));
        bus.subscribe(new Subscription(b, "b", 0, 0, 2, ALL_MD, null, false, true));
        TradeEvent t = new TradeEvent();
        BookUpdate u = new BookUpdate(4).reset(0, BookUpdate.Type.DELTA);
        u.addBid(100, 1);
        u.addAsk(101, 2);
        int rounds = BusTestSupport.roundsUntilNoAllocation("400,000 events", () -> {
            for (long i = 0; i < 200_000; i++) {
                t.set(0, i, 1, 1, Side.BUY, 0, 0);
                bus.publishTrade(t);
                bus.publishBookUpdate(u);
            }
        });
        assertEquals(rounds * 200_000L, a.count, "every trade delivered");
        bus.stop();
    }

    @Test
    void shouldNotAllocateOnTheAsyncDeliveryThreadOrThePublisher() throws Exception {
        MarketDataFanOut bus = new MarketDataFanOut("t", settings(BusSettings.Mode.ASYNC), null);
        bus.open(false);
        TradeRecorder a = new TradeRecorder("a");
        Subscription s = new Subscription(a, "a", 0, 0, 1, ALL_MD, null, false, true);
        bus.subscribe(s);
        BusTestSupport.await("the agent's thread to run", 10_000, () -> s.runner.thread() != null, () -> "not started");
        Thread consumer = s.runner.thread(); // set by the runner once its thread runs
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        TradeEvent t = new TradeEvent();
        long sent = 0;
        for (int round = 0; round < 3; round++) {
            long pubBefore = threads.getThreadAllocatedBytes(me);
            long conBefore = threads.getThreadAllocatedBytes(consumer.getId());
            for (int i = 0; i < 200_000; i++) {
                t.set(0, sent++, 1, 1, Side.BUY, 0, 0);
                while (bus.publishTrade(t) < 0) Thread.onSpinWait();
            }
            long target = sent;
            BusTestSupport.await("delivery", 20_000, () -> a.count == target, () -> a.count + " of " + target);
            long pub = threads.getThreadAllocatedBytes(me) - pubBefore;
            long con = threads.getThreadAllocatedBytes(consumer.getId()) - conBefore;
            if (round == 2) {
                assertTrue(pub < 4096, "publisher allocated " + pub + " bytes for 200,000 events");
                assertTrue(con < 4096, "consumer allocated " + con + " bytes for 200,000 events");
            }
        }
        bus.stop();
    }
}
