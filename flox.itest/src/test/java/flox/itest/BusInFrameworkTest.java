package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.concurrent.CopyOnWriteArrayList;
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
        Collector control = register(MarketDataSubscriber.class);
        AtomicLong published = new AtomicLong();
        Thread publisher = new Thread(() -> {
            TradeEvent t = new TradeEvent();
            for (long i = 0; i < 200_000; i++) {
                t.set(btc, i, 100, 1, Side.BUY, 0, 0);
                while (marketData.publishTrade(t) < 0) Thread.onSpinWait();
                published.set(i + 1);
            }
        });
        publisher.start();
        for (int i = 0; i < 10; i++) {
            Collector c = new Collector();
            ServiceRegistration<?> r = context.registerService(MarketDataSubscriber.class.getName(), c, null);
            long at = published.get();
            Await.until("the newcomer to receive", 10_000, () -> c.trades.get() > 0 || published.get() == 200_000);
            r.unregister();
            long afterLeave = c.trades.get();
            long now = published.get();
            Await.until("more flow", 10_000, () -> published.get() > now + 100 || published.get() == 200_000);
            assertEquals(afterLeave, c.trades.get(), "no callback after the service went away");
            assertTrue(at >= 0);
        }
        publisher.join();
        Await.until("the control subscriber to see all", 20_000, () -> control.trades.get() == 200_000, () -> control.trades + " of 200000");
        long expected = 0;
        for (String s : control.seen) { // in publish order, none lost, none twice
            assertEquals("trade " + btc + " " + expected, s);
            expected++;
        }
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
