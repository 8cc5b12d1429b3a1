package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The buses in a real framework: whiteboard subscribers found by their service properties,
 * coming and going while events flow, a mode switch through Configuration Admin, a bad
 * configuration refused, and the flox:buses command.
 */
@Timeout(60)
class BusInFrameworkTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MarketDataBus marketData;

    @InjectService(timeout = 10_000)
    ExecutionBus execution;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private int btc;
    private int eth;

    static final class Collector implements MarketDataSubscriber, ExecutionSubscriber {
        final List<String> seen = new CopyOnWriteArrayList<>();
        final AtomicReference<Thread> lastThread = new AtomicReference<>();
        final AtomicLong trades = new AtomicLong();

        @Override public void onTrade(TradeEvent t) {
            lastThread.set(Thread.currentThread());
            trades.incrementAndGet();
            seen.add("trade " + t.symbolId() + " " + t.tradeId());
        }

        @Override public void onBookUpdate(BookUpdate u) {
            seen.add("book " + u.symbolId());
        }

        @Override public void onExecution(ExecutionEvent e) {
            seen.add("exec " + e.execType() + " " + e.clientOrderId());
        }
    }

    /** One symbol's trade ids as delivered (by one thread): the first, how many, and breaks in the sequence. */
    static final class TradeSequence implements MarketDataSubscriber {
        final int symbol;
        final AtomicLong count = new AtomicLong();
        final AtomicLong outOfSequence = new AtomicLong();
        volatile long first = -1;
        volatile String firstBreak;
        private long next = -1;

        TradeSequence(int symbol) {
            this.symbol = symbol;
        }

        @Override public void onTrade(TradeEvent t) {
            if (t.symbolId() != symbol) return;
            long id = t.tradeId();
            if (next < 0) {
                first = id;
            } else if (id != next) {
                outOfSequence.incrementAndGet();
                if (firstBreak == null) firstBreak = "expected " + next + ", got " + id;
            }
            next = id + 1;
            count.incrementAndGet();
        }
    }

    @BeforeEach
    void openBusesAndSymbols() throws Exception {
        // another test class may have run the host's shutdown: the lifecycle start reopens the buses
        for (ServiceReference<LifecycleParticipant> ref : context.getServiceReferences(LifecycleParticipant.class, null)) {
            LifecycleParticipant p = context.getService(ref);
            if (p.phase() == LifecyclePhase.BUS) p.start();
            context.ungetService(ref);
        }
        btc = registry.register(SymbolInfo.builder("BUSTEST", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        eth = registry.register(SymbolInfo.builder("BUSTEST", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
    }

    @AfterEach
    void unregister() throws Exception {
        for (ServiceRegistration<?> r : registrations) r.unregister();
        Configuration c = configAdmin.getConfiguration("flox.bus.marketdata", "?");
        if (c.getProperties() != null) c.delete();
    }

    private Collector register(Class<?> role, Object... props) {
        Collector c = new Collector();
        Dictionary<String, Object> d = new Hashtable<>();
        for (int i = 0; i < props.length; i += 2) d.put((String) props[i], props[i + 1]);
        registrations.add(context.registerService(role.getName(), c, d));
        return c;
    }

    private long publishTrade(int symbol, long id) {
        return marketData.publishTrade(new TradeEvent().set(symbol, id, 100, 1, Side.BUY, 0, 0));
    }

    @Test
    void shouldDeliverToWhiteboardSubscribersByTheirDeclaredKindsAndSymbols() {
        Collector all = register(MarketDataSubscriber.class);
        Collector btcTrades = register(MarketDataSubscriber.class,
                SubscriberProperties.EVENT_KINDS, "TRADE", SubscriberProperties.SYMBOLS, new String[] {"BUSTEST:BTCUSDT"});
        Collector fills = register(ExecutionSubscriber.class);
        assertTrue(publishTrade(btc, 1) >= 0);
        assertTrue(publishTrade(eth, 2) >= 0);
        assertTrue(marketData.publishBookUpdate(new BookUpdate(4).reset(btc, BookUpdate.Type.SNAPSHOT)) >= 0);
        assertTrue(execution.publishExecution(new ExecutionEvent().reset(ExecType.FILLED, 77, btc, Side.BUY)) >= 0);
        Await.until("deliveries", 10_000, () -> all.seen.size() == 3 && fills.seen.size() == 1, () -> all.seen + " " + fills.seen);
        assertEquals(List.of("trade " + btc + " 1", "trade " + eth + " 2", "book " + btc), all.seen);
        Await.until("btc trade", 10_000, () -> btcTrades.seen.size() >= 1);
        assertEquals(List.of("trade " + btc + " 1"), btcTrades.seen);
        assertEquals(List.of("exec FILLED 77"), fills.seen);
    }

    @Test
    void shouldLetSubscribersComeAndGoWhileEventsFlowWithoutAffectingOthers() throws Exception {
        TradeSequence control = new TradeSequence(btc);
        registrations.add(context.registerService(MarketDataSubscriber.class.getName(), control, null));
        AtomicLong published = new AtomicLong();
        AtomicBoolean joinsDone = new AtomicBoolean();
        AtomicReference<String> publishFailure = new AtomicReference<>();
        Thread publisher = new Thread(() -> { // publishes until the joins and leaves are over
            TradeEvent t = new TradeEvent();
            for (long i = 0; !joinsDone.get(); i++) {
                t.set(btc, i, 100, 1, Side.BUY, 0, 0);
                long r;
                while ((r = marketData.publishTrade(t)) == BusResult.BACK_PRESSURED && !joinsDone.get()) Thread.onSpinWait();
                if (r == BusResult.BACK_PRESSURED) return; // trade i was not published
                if (r < 0) {
                    publishFailure.set("trade " + i + ": " + BusResult.describe(r));
                    return;
                }
                published.set(i + 1);
            }
        }, "bus-itest-publisher");
        publisher.start();
        try {
            for (int i = 0; i < 10; i++) {
                TradeSequence c = new TradeSequence(btc);
                long before = published.get();
                ServiceRegistration<?> r = context.registerService(MarketDataSubscriber.class.getName(), c, null);
                Await.until("newcomer " + i + " to receive", 10_000, () -> c.count.get() > 0, () -> Objects.toString(publishFailure.get(), ""));
                r.unregister();
                long afterLeave = c.count.get();
                long now = published.get();
                Await.until("more flow after newcomer " + i + " left", 10_000, () -> published.get() > now + 100, () -> Objects.toString(publishFailure.get(), ""));
                assertEquals(afterLeave, c.count.get(), "no callback after the service went away");
                assertTrue(c.first >= before, "newcomer " + i + " starts at its join point: first trade " + c.first
                        + ", " + before + " published before it joined");
                assertEquals(0, c.outOfSequence.get(), "newcomer " + i + " lost or repeated none while it stayed: " + c.firstBreak);
            }
        } finally {
            joinsDone.set(true);
            publisher.join(10_000);
        }
        assertFalse(publisher.isAlive(), "the publisher stopped");
        assertNull(publishFailure.get(), "every trade published or back-pressured");
        long total = published.get();
        Await.until("the control subscriber to see all", 20_000, () -> control.count.get() == total, () -> control.count + " of " + total);
        assertEquals(0, control.first, "the control subscriber saw the first trade");
        assertEquals(0, control.outOfSequence.get(), "in publish order, none lost, none twice: " + control.firstBreak);
    }

    @Test
    void shouldSwitchToSyncModeThroughConfigurationAndRefuseABadValue() throws Exception {
        Collector c = register(MarketDataSubscriber.class);
        Configuration config = configAdmin.getConfiguration("flox.bus.marketdata", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("mode", "sync");
        config.update(props);
        // in sync mode the publishing thread delivers, before publish returns
        Await.until("sync mode", 10_000, () -> {
            long before = c.trades.get();
            publishTrade(btc, 5);
            return c.trades.get() == before + 1 && c.lastThread.get() == Thread.currentThread();
        });
        assertSame(Thread.currentThread(), c.lastThread.get());

        props.put("mode", "fast");
        config.update(props);
        // the bad value is refused, the bus keeps running in sync mode
        for (int i = 0; i < 50; i++) {
            long before = c.trades.get();
            assertTrue(publishTrade(btc, 6) >= 0);
            assertEquals(before + 1, c.trades.get(), "still sync");
        }
        config.delete(); // back to the defaults: async
        Await.until("async mode again", 10_000, () -> {
            publishTrade(btc, 7);
            Thread t = c.lastThread.get();
            return t != null && t != Thread.currentThread();
        });
        assertNotSame(Thread.currentThread(), c.lastThread.get());
    }

    /**
     * Issue 12 item 3 through Configuration Admin: {@code publishers=single} puts the bus on the
     * one-publisher ring (said by flox:buses); the first thread to publish owns it and a second
     * thread's publish is refused with INVALID and counted; deleting the configuration goes back
     * to many publishers.
     */
    @Test
    void shouldTakeOnePublisherThroughConfigurationAndRefuseASecondThread() throws Exception {
        Collector c = register(MarketDataSubscriber.class);
        Configuration config = configAdmin.getConfiguration("flox.bus.marketdata", "?");
        Dictionary<String, Object> props = new Hashtable<>();
        props.put("publishers", "single");
        config.update(props);
        Await.until("one publisher", 10_000, () -> HostCalls.command(context, "buses").contains("one publisher"));
        Await.until("this thread publishes", 10_000, () -> publishTrade(btc, 1) >= 0);
        Await.until("delivered", 10_000, () -> c.trades.get() >= 1);
        AtomicLong other = new AtomicLong();
        Thread second = new Thread(() -> other.set(publishTrade(btc, 2)), "itest-second-publisher");
        second.start();
        second.join(10_000);
        assertEquals(BusResult.INVALID, other.get(), "a second thread while the first lives");
        String out = HostCalls.command(context, "buses");
        assertTrue(out.contains("1 refused (second publisher thread)"), out);
        assertTrue(publishTrade(btc, 3) >= 0, "the owner goes on");
        config.delete();
        Await.until("many publishers again", 10_000, () -> !HostCalls.command(context, "buses").contains("one publisher"));
    }

    @Test
    void shouldShowCountersInTheBusesCommand() throws Exception {
        register(MarketDataSubscriber.class, "component.name", "itest.counted");
        for (int i = 0; i < 10; i++) publishTrade(btc, i);
        Await.until("delivery", 10_000, () -> {
            String out = HostCalls.command(context, "buses");
            return out.contains("itest.counted") && out.matches("(?s).*itest\\.counted#\\d+\\s+lossless,required\\s+own\\s+10\\s+0\\s+0.*");
        });
        String out = HostCalls.command(context, "buses");
        assertTrue(out.contains("market-data"), out);
        assertTrue(out.contains("execution"), out);
    }
}
