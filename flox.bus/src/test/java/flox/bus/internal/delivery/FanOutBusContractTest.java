package flox.bus.internal.delivery;

import static flox.bus.internal.delivery.BusTestSupport.await;
import static flox.bus.internal.delivery.BusTestSupport.expectedChecksum;
import static flox.bus.internal.delivery.BusTestSupport.publishRetrying;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * One suite for every mode and policy of the bus (as the Disruptor's SequencerTest runs one
 * suite over its sequencers). Stall detection runs on a test-driven clock: the monitor thread
 * is not started, the test calls {@code monitor.tick} with the times it chooses.
 */
@Timeout(120)
class FanOutBusContractTest {
    enum Case {
        SYNC_LOSSLESS_REQUIRED(true, "lossless"),
        SYNC_LOSSLESS_OPTIONAL(true, "lossless-optional"),
        SYNC_LOSSY(true, "lossy"),
        ASYNC_LOSSLESS_REQUIRED(false, "lossless"),
        ASYNC_LOSSLESS_OPTIONAL(false, "lossless-optional"),
        ASYNC_LOSSY(false, "lossy"),
        ONE_PUBLISHER_LOSSLESS_REQUIRED(false, "lossless", true),
        ONE_PUBLISHER_LOSSLESS_OPTIONAL(false, "lossless-optional", true),
        ONE_PUBLISHER_LOSSY(false, "lossy", true),
        ASYNC_INLINE(false, "lossless", false, true),
        ONE_PUBLISHER_INLINE(false, "lossless", true, true);

        final boolean sync;
        final String policy;
        /** Async on the one-publisher ring ({@code publishers=single}): the tests publish from one thread. */
        final boolean onePublisher;
        /** Async, the subscriber under test asked for inline delivery (on the publisher's thread). */
        final boolean inlineAsync;

        Case(boolean sync, String policy) {
            this(sync, policy, false);
        }

        Case(boolean sync, String policy, boolean onePublisher) {
            this(sync, policy, onePublisher, false);
        }

        Case(boolean sync, String policy, boolean onePublisher, boolean inlineAsync) {
            this.sync = sync;
            this.policy = policy;
            this.onePublisher = onePublisher;
            this.inlineAsync = inlineAsync;
        }

        /** The subscriber under test runs on the publisher's thread. */
        boolean inline() {
            return inlineAsync || (sync && lossless());
        }

        int publisherThreads() {
            return onePublisher ? 1 : 2;
        }

        BusSettings settings(int ringSize, long publishTimeoutNs, long stallNs, long drainNs) {
            return new BusSettings(sync ? BusSettings.Mode.SYNC : BusSettings.Mode.ASYNC,
                    onePublisher ? BusSettings.Publishers.SINGLE : BusSettings.Publishers.MULTI, ringSize, 8, 1024,
                    BusSettings.Idle.BACKOFF, publishTimeoutNs, stallNs, drainNs, 50);
        }

        boolean lossless() {
            return !policy.equals("lossy");
        }
    }

    static final long STALL_NS = 1_000_000_000L;
    private final List<MarketDataFanOut> buses = new ArrayList<>();

    @AfterEach
    void stopBuses() {
        for (MarketDataFanOut b : buses) b.stop();
    }

    MarketDataFanOut bus(Case c, int ringSize, long publishTimeoutMs) {
        BusSettings s = c.settings(ringSize, publishTimeoutMs * 1_000_000, STALL_NS, 5_000_000_000L);
        MarketDataFanOut bus = new MarketDataFanOut("test", s, null);
        bus.open(false);
        buses.add(bus);
        return bus;
    }

    static Subscription subscribe(MarketDataFanOut bus, TradeRecorder r, String policy) {
        return subscribe(bus, r, policy, Subscription.MODE_DEFAULT);
    }

    static Subscription subscribe(MarketDataFanOut bus, TradeRecorder r, Case c) {
        return subscribe(bus, r, c.policy, c.inlineAsync ? Subscription.INLINE : Subscription.MODE_DEFAULT);
    }

    static Subscription subscribe(MarketDataFanOut bus, TradeRecorder r, String policy, int delivery) {
        Subscription s = new Subscription(r, r.name, 0, 0, 0, -1, (1 << MarketDataSlot.BOOK) | (1 << MarketDataSlot.TRADE), null,
                policy.equals("lossy"), policy.equals("lossless"), delivery);
        bus.subscribe(s);
        return s;
    }

    static Thread publisher(MarketDataFanOut bus, int id, long events, CyclicBarrier start, AtomicReference<Throwable> failure) {
        Thread t = new Thread(() -> {
            TradeEvent trade = new TradeEvent();
            try {
                start.await();
                for (long i = 0; i < events; i++) publishRetrying(bus, trade, id, i);
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "publisher-" + id);
        t.start();
        return t;
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void shouldKeepPerPublisherOrderAndAccountForEveryEvent(Case c) throws Exception {
        MarketDataFanOut bus = bus(c, 4096, 10_000);
        TradeRecorder a = new TradeRecorder("a");
        TradeRecorder b = new TradeRecorder("b");
        Subscription sa = subscribe(bus, a, c);
        Subscription sb = subscribe(bus, b, c);
        int publishers = c.publisherThreads();
        long perPublisher = 10_000_000 / publishers; // 10 million events in all
        long total = publishers * perPublisher;
        CyclicBarrier start = new CyclicBarrier(publishers);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++) threads.add(publisher(bus, p, perPublisher, start, failure));
        for (Thread t : threads) t.join();
        assertEquals(null, failure.get());
        assertEquals(total, bus.published());
        for (Subscription s : new Subscription[] {sa, sb}) {
            await("subscriber " + s.name + " to account for every event", 60_000,
                    () -> s.delivered() + s.dropped() == total, () -> s.delivered() + " delivered, " + s.dropped() + " dropped");
        }
        for (TradeRecorder r : new TradeRecorder[] {a, b}) {
            assertEquals(0, r.orderViolations, r.name + ": per-publisher order");
            assertEquals(0, r.torn, r.name + ": every trade whole (fields of one event)");
            if (c.lossless()) {
                assertEquals(total, r.count, r.name + ": every event");
                assertEquals(0, r.gaps, r.name + ": no gap");
                assertEquals(expectedChecksum(publishers, perPublisher), r.checksum, r.name + ": checksum");
            }
        }
        if (c.lossless()) {
            assertEquals(0, sa.dropped());
            assertEquals(0, bus.backPressured() > 0 && !c.sync ? 0 : bus.backPressured(), "sync publishers never time out here");
        }
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void shouldStartLateSubscribersAtTheirJoinPointWhileOthersLoseNothing(Case c) throws Exception {
        MarketDataFanOut bus = bus(c, 1024, 10_000);
        TradeRecorder control = new TradeRecorder("control");
        Subscription controlSub = subscribe(bus, control, "lossless");
        AtomicLong published = new AtomicLong();
        CountDownLatch stop = new CountDownLatch(1);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread pub = new Thread(() -> {
            TradeEvent t = new TradeEvent();
            try {
                for (long i = 0; stop.getCount() > 0; i++) {
                    long seq = publishRetrying(bus, t, 0, i);
                    if (seq != i) throw new AssertionError("single publisher: sequence " + seq + " for index " + i);
                    published.set(i + 1);
                }
            } catch (Throwable e) {
                failure.set(e);
            }
        }, "publisher");
        pub.start();
        for (int round = 0; round < 20; round++) {
            TradeRecorder transient_ = new TradeRecorder("transient-" + round);
            Subscription s = subscribe(bus, transient_, c);
            long seen = published.get();
            await("events after the join", 10_000, () -> published.get() > seen + 1000 && transient_.count > 0,
                    () -> "published " + published.get() + ", received " + transient_.count);
            assertTrue(bus.unsubscribe(transient_));
            long countAtLeave = transient_.count;
            long after = published.get();
            await("more events after the leave", 10_000, () -> published.get() > after + 1000, () -> "published " + published.get());
            assertEquals(countAtLeave, transient_.count, transient_.name + " got a callback after unsubscribe returned");
            assertTrue(transient_.count > 0, transient_.name + " got events");
            assertEquals(0, transient_.orderViolations);
            assertEquals(0, transient_.torn);
            if (c.lossless()) {
                assertEquals(s.startSequence, transient_.firstTradeId, transient_.name + " starts exactly at its join point");
                assertEquals(0, transient_.gaps, transient_.name + " has no gap");
            } else {
                assertTrue(transient_.firstTradeId >= s.startSequence);
            }
        }
        stop.countDown();
        pub.join();
        assertEquals(null, failure.get());
        long total = published.get();
        await("the control subscriber to get everything", 30_000, () -> control.count == total, () -> control.count + " of " + total);
        assertEquals(0, control.gaps, "control: no event lost");
        assertEquals(0, control.orderViolations, "control: no duplicate or reordering");
        assertEquals(0, control.torn, "control: every trade whole");
        assertEquals(0, controlSub.dropped());
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void shouldCountAThrowingSubscriberAndLeaveOthersUnaffected(Case c) {
        MarketDataFanOut bus = bus(c, 1024, 10_000);
        TradeRecorder thrower = new TradeRecorder("thrower");
        thrower.throwEvery = 3;
        TradeRecorder healthy = new TradeRecorder("healthy");
        Subscription st = subscribe(bus, thrower, c);
        subscribe(bus, healthy, "lossless");
        TradeEvent t = new TradeEvent();
        long n = 30_000;
        for (long i = 0; i < n; i++) publishRetrying(bus, t, 0, i);
        await("healthy to get everything", 30_000, () -> healthy.count == n, () -> healthy.count + " of " + n);
        await("thrower to account for everything", 30_000, () -> st.delivered() + st.dropped() == n,
                () -> st.delivered() + " delivered, " + st.dropped() + " dropped");
        assertEquals(0, healthy.gaps);
        assertEquals(thrower.thrown, st.errors(), "every exception counted");
        assertTrue(st.errors() > 0);
        if (c.lossless()) assertEquals(n / 3, st.errors());
        assertTrue(st.lastError.contains("fails on purpose"), st.lastError);
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void shouldHandleAStalledSubscriberAsItsPolicySays(Case c) throws Exception {
        int ring = 64;
        MarketDataFanOut bus = bus(c, ring, 200);
        TradeRecorder stuck = new TradeRecorder("stuck");
        CountDownLatch release = new CountDownLatch(1);
        stuck.blockOn = release;
        TradeRecorder healthy = new TradeRecorder("healthy");
        Subscription ss = subscribe(bus, stuck, c);
        subscribe(bus, healthy, c.sync ? "lossless" : "lossy"); // never gates in async: isolates the stuck one's effect
        TradeEvent t = new TradeEvent();
        long now = 0;
        bus.monitor.tick(now);
        boolean inlineStall = c.inline(); // the publisher's own thread is the one stuck
        long accepted;
        if (inlineStall) {
            AtomicLong firstResult = new AtomicLong(Long.MIN_VALUE);
            Thread first = new Thread(() -> {
                t.set(1, TradeRecorder.tradeId(0, 0), BusTestSupport.price(TradeRecorder.tradeId(0, 0)), 1, Side.BUY, 0, 0);
                firstResult.set(bus.publishTrade(t));
            });
            first.start();
            stuck.blocked.await();
            if (!c.sync) { // the event is in the ring before the inline delivery: the healthy agent is not the one stalled
                await("the healthy agent to take the first event", 10_000, () -> healthy.count == 1, () -> healthy.count + " of 1");
            }
            bus.monitor.tick(now += 1);
            bus.monitor.tick(now += STALL_NS + 1);
            assertTrue(ss.stalled, "stall reported");
            assertEquals(1, bus.stalls());
            TradeEvent other = new TradeEvent().set(1, TradeRecorder.tradeId(1, 0), BusTestSupport.price(TradeRecorder.tradeId(1, 0)), 1, Side.SELL, 0, 0);
            assertEquals(c.onePublisher ? BusResult.INVALID : BusResult.BACK_PRESSURED, bus.publishTrade(other),
                    c.onePublisher ? "a second thread on a one-publisher bus is refused" : "another publisher waits, then is told");
            release.countDown();
            first.join();
            assertEquals(0, firstResult.get());
            accepted = 1;
        } else {
            // publish until the bus pushes back (lossless, required) or well past a full ring
            long results = 0;
            accepted = 0;
            for (long i = 0; i < ring * 10L; i++) {
                long id = TradeRecorder.tradeId(0, i);
                t.set(1, id, BusTestSupport.price(id), 1, Side.BUY, 0, 0);
                long r = bus.publishTrade(t);
                if (r == BusResult.BACK_PRESSURED) break;
                assertTrue(r >= 0, BusResult.describe(r));
                accepted++;
                results++;
                if (i == 0) stuck.blocked.await();
                if (accepted == ring && c.policy.equals("lossless-optional")) {
                    // the ring is full for it: the monitor finds it stalled and cuts it loose
                    bus.monitor.tick(now += 1);
                    bus.monitor.tick(now += STALL_NS + 1);
                    assertTrue(ss.stalled, "stall reported");
                }
            }
            if (c.policy.equals("lossless")) {
                assertTrue(accepted <= ring + 1, "a required subscriber gates the publisher: " + accepted);
                assertEquals(1, bus.backPressured(), "the publisher was told, not blocked forever");
                bus.monitor.tick(now += 1);
                bus.monitor.tick(now += STALL_NS + 1);
                assertTrue(ss.stalled, "stall reported");
            } else {
                assertEquals(ring * 10L, accepted, "the publisher did not stall");
            }
            release.countDown();
        }
        long total = accepted;
        await("the stuck subscriber to account for everything once released", 30_000, () -> ss.delivered() + ss.dropped() == total,
                () -> ss.delivered() + " delivered, " + ss.dropped() + " dropped of " + total);
        if (c.policy.equals("lossless")) {
            assertEquals(0, ss.dropped(), "required: nothing dropped");
            assertEquals(total, stuck.count);
            assertEquals(0, stuck.gaps);
        } else if (!inlineStall) {
            assertTrue(ss.dropped() > 0, "not required / lossy: it missed events while stuck, and they are counted");
        }
        bus.monitor.tick(now += 1);
        assertFalse(ss.stalled, "recovered");
    }

    @ParameterizedTest
    @EnumSource(Case.class)
    void shouldStopDuringFlowAndAccountForWhatWasInFlight(Case c) throws Exception {
        MarketDataFanOut bus = bus(c, 1024, 10_000);
        TradeRecorder r = new TradeRecorder("r");
        Subscription s = subscribe(bus, r, c);
        AtomicLong accepted = new AtomicLong();
        AtomicLong closedResults = new AtomicLong();
        CountDownLatch running = new CountDownLatch(10_000);
        List<Thread> publishers = new ArrayList<>();
        for (int p = 0; p < c.publisherThreads(); p++) { // publishers racing the stop: no acknowledged event may be lost
            int id = p;
            Thread pub = new Thread(() -> {
                TradeEvent t = new TradeEvent();
                for (long i = 0; ; i++) {
                    long tid = TradeRecorder.tradeId(id, i);
                    t.set(1, tid, BusTestSupport.price(tid), 1, Side.BUY, 0, 0);
                    long res = bus.publishTrade(t);
                    if (res == BusResult.CLOSED) {
                        closedResults.incrementAndGet();
                        return;
                    }
                    if (res >= 0) accepted.incrementAndGet();
                    running.countDown();
                }
            }, "publisher-" + p);
            pub.start();
            publishers.add(pub);
        }
        running.await();
        String report = bus.stop();
        for (Thread pub : publishers) pub.join();
        assertEquals(c.publisherThreads(), closedResults.get(), "after stop, publishing is refused");
        assertEquals(BusResult.CLOSED, bus.publishTrade(new TradeEvent().set(1, 1, 1, 1, Side.BUY, 0, 0)));
        long total = accepted.get();
        assertEquals(total, bus.published(), "every accepted event has a sequence");
        long undelivered = total - s.delivered() - s.dropped();
        if (undelivered == 0) {
            assertTrue(report.contains("every one delivered"), report);
        } else {
            assertTrue(report.contains("r: " + undelivered), "the report names what was left: " + report);
        }
        if (c.lossless()) {
            assertEquals(total, r.count, "lossless: drained before stopping");
            assertEquals(0, r.gaps);
        }
    }

    /** Cases whose stuck callback does not hold the publisher's own thread (sync lossless does: covered above). */
    static Stream<Case> stuckOffThePublishersThread() {
        return Arrays.stream(Case.values()).filter(c -> !c.inline());
    }

    @ParameterizedTest
    @MethodSource("stuckOffThePublishersThread")
    void shouldReportWhatAStuckSubscriberLeftUndeliveredAtStop(Case c) throws Exception {
        BusSettings s = c.settings(64, 100_000_000L, 200_000_000L, 200_000_000L);
        MarketDataFanOut bus = new MarketDataFanOut("test", s, null);
        bus.open(false);
        TradeRecorder stuck = new TradeRecorder("stuck");
        CountDownLatch release = new CountDownLatch(1);
        stuck.blockOn = release;
        Subscription ss = subscribe(bus, stuck, c);
        TradeEvent t = new TradeEvent();
        long accepted = 0;
        for (long i = 0; i < 20; i++) {
            long id = TradeRecorder.tradeId(0, i);
            t.set(1, id, BusTestSupport.price(id), 1, Side.BUY, 0, 0);
            if (bus.publishTrade(t) >= 0) accepted++;
            if (i == 0) stuck.blocked.await();
        }
        String report = bus.stop();
        release.countDown();
        assertEquals(20, accepted);
        assertTrue(report.contains("left undone"), report);
        assertTrue(report.contains("stuck: 20"), "the first event is being delivered, none confirmed: " + report);
        assertTrue(ss.delivered() + ss.dropped() <= 1, "after stop it finishes at most the event it was in");
    }
}
