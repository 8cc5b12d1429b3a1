package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.TradeEvent;
import flox.bus.internal.ring.RingSeams;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An inline subscriber joining an async bus while publishers claim without the delivery lock (review of issue 12). */
@Timeout(60)
class InlineJoinTest {
    private static final int KINDS = (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE);
    private final List<MarketDataFanOut> buses = new ArrayList<>();

    @AfterEach
    void stop() {
        for (MarketDataFanOut b : buses) b.stop();
    }

    private MarketDataFanOut bus(BusSettings s) {
        MarketDataFanOut b = new MarketDataFanOut("t", s, null);
        b.open(false);
        buses.add(b);
        return b;
    }

    /** Records the trade ids it is given. */
    static final class Ids implements MarketDataSubscriber {
        final List<Long> ids = new ArrayList<>();
        Runnable onFirst;

        @Override
        public void onTrade(TradeEvent t) {
            ids.add(t.tradeId());
            Runnable r = onFirst;
            onFirst = null;
            if (r != null) r.run();
        }
    }

    static Subscription inline(Object listener, String name) {
        return new Subscription(listener, name, 0, 0, 0, -1, KINDS, null, false, true, Subscription.INLINE);
    }

    static TradeEvent trade(long id) {
        return new TradeEvent().set(1, id, 1, 1, flox.api.order.Side.BUY, 0, 0);
    }

    @Test
    void shouldDeliverAClaimMadeWithoutTheLockAfterTheJoinToTheInlineSubscriber() throws Exception {
        MarketDataFanOut bus = bus(BusSettings.defaults()); // async, several publishers
        for (int i = 0; i < bus.ring.size(); i++) assertTrue(bus.publishTrade(trade(-1)) >= 0); // the next claim takes the slow path
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch go = new CountDownLatch(1);
        RingSeams.afterGatingRead(bus.ring, () -> {
            paused.countDown();
            try {
                go.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        AtomicLong lateSeq = new AtomicLong(Long.MIN_VALUE);
        Thread late = new Thread(() -> lateSeq.set(bus.publishTrade(trade(2))), "late-publisher"); // read no inline subscriber
        late.start();
        paused.await();
        Ids ids = new Ids();
        Subscription sub = inline(ids, "inline");
        bus.subscribe(sub);
        long first = bus.publishTrade(trade(1)); // through the lock: claims before the held publisher
        go.countDown();
        late.join();
        long third = bus.publishTrade(trade(3));
        assertTrue(first >= 0 && lateSeq.get() > first && third > lateSeq.get(), first + " " + lateSeq + " " + third);
        assertEquals(List.of(1L, 2L, 3L), ids.ids, "every event whose claim came after the join, the late one included");
        assertEquals(3, sub.delivered());
    }

    @Test
    void shouldNotHandAnInlineSubscriberWhoJoinedFromACallbackAnEventQueuedBeforeItJoined() {
        for (BusSettings.Publishers p : BusSettings.Publishers.values()) {
            MarketDataFanOut bus = bus(BusSettings.defaults().withPublishers(p));
            Ids b = new Ids();
            Ids a = new Ids();
            a.onFirst = () -> {
                assertTrue(bus.publishTrade(trade(2)) >= 0); // queued behind the current delivery
                bus.subscribe(inline(b, "b"));               // joins after that publish
            };
            bus.subscribe(inline(a, "a"));
            assertTrue(bus.publishTrade(trade(1)) >= 0);
            assertTrue(bus.publishTrade(trade(3)) >= 0);
            assertEquals(List.of(1L, 2L, 3L), a.ids, p + ": a gets everything");
            assertEquals(List.of(3L), b.ids, p + ": b only what was published after it joined");
        }
    }

    @Test
    void shouldLetAnInlineCallbackSubscribeWhileAnotherThreadWaitsToSubscribe() throws Exception {
        BusSettings s = new BusSettings(BusSettings.Mode.ASYNC, BusSettings.Publishers.MULTI, 1024, 8, 1024, BusSettings.Idle.BACKOFF,
                1_000_000_000L, 20_000_000_000L, 2_000_000_000L, 250); // stall timeout 20 s: waiting it out fails the test's timing check
        MarketDataFanOut bus = bus(s);
        Ids other = new Ids();
        Ids joiner = new Ids();
        Thread[] waiting = new Thread[1];
        long[] callbackSubscribeNs = new long[1];
        Ids a = new Ids();
        a.onFirst = () -> {
            waiting[0] = new Thread(() -> bus.subscribe(inline(other, "other")), "other-subscriber");
            waiting[0].start();
            awaitWaitingForTheDeliveryLock(waiting[0]);
            long t0 = System.nanoTime();
            bus.subscribe(inline(joiner, "joiner")); // the callback holds the delivery lock; the other thread waits for it
            callbackSubscribeNs[0] = System.nanoTime() - t0;
        };
        bus.subscribe(inline(a, "a"));
        assertTrue(bus.publishTrade(trade(1)) >= 0);
        waiting[0].join();
        assertTrue(callbackSubscribeNs[0] < 5_000_000_000L, "subscribe from the callback took " + callbackSubscribeNs[0] / 1_000_000 + " ms");
        assertTrue(bus.publishTrade(trade(2)) >= 0);
        assertEquals(List.of(2L), joiner.ids);
        assertEquals(List.of(2L), other.ids);
    }

    @Test
    void shouldLetAnInlineCallbackSubscribeWhileAStopWaitsForIt() throws Exception {
        BusSettings s = new BusSettings(BusSettings.Mode.ASYNC, BusSettings.Publishers.MULTI, 1024, 8, 1024, BusSettings.Idle.BACKOFF,
                1_000_000_000L, 2_000_000_000L, 20_000_000_000L, 250); // drain timeout 20 s: waiting it out fails the timing check
        MarketDataFanOut bus = new MarketDataFanOut("t", s, null);
        bus.open(false);
        Ids joiner = new Ids();
        String[] report = new String[1];
        Thread[] stopper = new Thread[1];
        long[] callbackSubscribeNs = new long[1];
        Ids a = new Ids();
        a.onFirst = () -> {
            stopper[0] = new Thread(() -> report[0] = bus.stop(), "stopper");
            stopper[0].start();
            awaitIn(stopper[0], "stop", "parkNanos"); // waiting for this delivery to end
            long t0 = System.nanoTime();
            bus.subscribe(inline(joiner, "joiner"));
            callbackSubscribeNs[0] = System.nanoTime() - t0;
        };
        bus.subscribe(inline(a, "a"));
        assertTrue(bus.publishTrade(trade(1)) >= 0);
        stopper[0].join();
        assertTrue(callbackSubscribeNs[0] < 5_000_000_000L, "subscribe from the callback took " + callbackSubscribeNs[0] / 1_000_000 + " ms");
        assertTrue(report[0].contains("every one delivered"), "the callback returned, nothing is stuck: " + report[0]);
        assertEquals(flox.api.bus.BusResult.CLOSED, bus.publishTrade(trade(2)));
    }

    /** Until {@code t}'s stack shows {@code method} and, above it, {@code waiting}. */
    private static void awaitIn(Thread t, String method, String waiting) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean inMethod = false, isWaiting = false;
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getMethodName().equals(method)) inMethod = true;
                if (e.getMethodName().equals(waiting)) isWaiting = true;
            }
            if (inMethod && isWaiting) return;
            Thread.onSpinWait();
        }
        throw new AssertionError(t.getName() + " never got to " + method + "/" + waiting);
    }

    /** Until {@code t} is inside the wait for the delivery lock (its stack shows lockForChange). */
    private static void awaitWaitingForTheDeliveryLock(Thread t) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (StackTraceElement e : t.getStackTrace()) {
                if (e.getMethodName().equals("lockForChange")) return;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError(t.getName() + " never waited for the delivery lock");
    }
}
