package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.metrics.StatusContributor;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
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
 * The sample market maker in a real framework, configured through Configuration Admin: it gets
 * book updates from the market-data bus, sends orders through the host's gateway to an executor
 * (a fake venue here), learns of acks and fills from the execution bus, and the metrics
 * collector (a StatusContributor) counts them and tracks the position. Deleting the
 * configuration stops it, and it cancels its working quote.
 */
@Timeout(60)
class SampleStrategiesInFrameworkTest {
    private static final String EXCHANGE = "SAMPLETEST";
    private static final int STRATEGY_ID = 901;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    MarketDataBus marketData;

    @InjectService(timeout = 10_000)
    ExecutionBus execution;

    @InjectService(timeout = 10_000)
    OrderTracker tracker;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    LifecycleCoordinator lifecycle;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    /** Acknowledges every order, fills buys at once, rests sells; cancels on request. Applies to the tracker, then publishes. */
    final class FakeVenue implements OrderExecutor {
        final List<String> log = new CopyOnWriteArrayList<>();
        private final ExecutionEvent e = new ExecutionEvent();
        private final OrderState state = new OrderState();
        private long execId;

        @Override public String exchange() { return EXCHANGE; }
        @Override public void start() { }
        @Override public void stop() { }

        @Override
        public synchronized RejectReason submit(OrderRequest r) {
            log.add("new " + r.clientOrderId() + " " + r.side() + " " + r.quantityScaled() + "@" + r.priceScaled() + " " + r.timeInForce());
            report(e.reset(ExecType.ACCEPTED, r.clientOrderId(), r.symbolId(), r.side()).order(r.priceScaled(), r.quantityScaled()));
            if (r.side() == Side.BUY) {
                report(e.reset(ExecType.FILLED, r.clientOrderId(), r.symbolId(), r.side()).order(r.priceScaled(), r.quantityScaled())
                        .fill(r.priceScaled(), r.quantityScaled(), r.quantityScaled()));
            }
            return RejectReason.NONE;
        }

        @Override
        public synchronized RejectReason cancel(int symbolId, long id) {
            log.add("cancel " + id);
            if (!tracker.read(id, state)) return RejectReason.UNKNOWN_ORDER;
            report(e.reset(ExecType.CANCELED, id, state.symbolId(), state.side()).order(state.priceScaled(), state.quantityScaled()));
            return RejectReason.NONE;
        }

        @Override
        public RejectReason replace(int symbolId, long o, long n, long p, long q) {
            return RejectReason.OTHER;
        }

        private void report(ExecutionEvent ev) {
            ev.execId(++execId).timestamps(0, System.nanoTime());
            tracker.apply(ev);
            execution.publishExecution(ev);
        }
    }

    private void openBuses() throws Exception {
        // another test class may have run the host's shutdown: reopen the buses
        for (ServiceReference<LifecycleParticipant> ref : context.getServiceReferences(LifecycleParticipant.class, null)) {
            LifecycleParticipant p = context.getService(ref);
            if (p.phase() == LifecyclePhase.BUS) p.start();
            context.ungetService(ref);
        }
    }

    private Strategy strategy() throws Exception {
        for (ServiceReference<Strategy> ref : context.getServiceReferences(Strategy.class, null)) {
            Strategy s = context.getService(ref);
            if (s != null && s.strategyId() == STRATEGY_ID) return s;
        }
        return null;
    }

    private boolean running(String name) {
        for (ParticipantStatus p : lifecycle.participants()) {
            if (p.name().equals(name) && p.state() == ParticipantState.RUNNING) return true;
        }
        return false;
    }

    private StatusContributor metrics() throws Exception {
        // the metrics collector's (flox.risk contributes too)
        for (ServiceReference<StatusContributor> ref : context.getServiceReferences(StatusContributor.class,
                "(component.name=flox.strategy.samples.internal.metrics.MetricsComponent)")) {
            return context.getService(ref);
        }
        return null;
    }

    @Test
    void shouldQuoteTradeAndReportThroughTheHostAndCancelOnStop() throws Exception {
        openBuses();
        RiskInFrameworkTest.confirmRisk(context);
        int symbol = registry.register(SymbolInfo.builder(EXCHANGE, "BTCUSDT").priceScale(2).quantityScale(5)
                .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build());
        FakeVenue venue = new FakeVenue();
        ServiceRegistration<OrderExecutor> venueRegistration = context.registerService(OrderExecutor.class, venue, null);
        Configuration config = configAdmin.getFactoryConfiguration("flox.strategy.marketmaker", "itest", "?");
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("symbol", EXCHANGE + ":BTCUSDT");
        props.put("strategy.id", String.valueOf(STRATEGY_ID));
        props.put("quote.size", "0.001");
        props.put("max.inventory", "0.003");
        props.put("spread.bps", "10");
        props.put("requote.threshold.bps", "2");
        config.update(props);
        try {
            Await.until("the market maker's service", 10_000, () -> {
                try {
                    return strategy() != null;
                } catch (Exception ex) {
                    return false;
                }
            });
            Strategy mm = strategy();
            String name = "marketmaker " + EXCHANGE + ":BTCUSDT";
            if (!running(name)) {
                // a running lifecycle starts it once its arrival is handled (slow under load); starting it here
                // as well would race that arrival, which then finds this instance's own fills as a position held
                // by an id without a predecessor and keeps it disabled (issue 11 item 11)
                Await.until("the coordinator to start it", 20_000, () -> running(name) || lifecycle.state() != flox.api.lifecycle.LifecycleState.RUNNING);
                if (!running(name)) mm.start(); // the host's lifecycle was shut down by another test class
            }

            HostCalls.venueLive(marketData, EXCHANGE); // the strategy and risk trade only while the venue is LIVE
            BookUpdate u = new BookUpdate(4);
            for (int i = 0; i < 200 && venue.log.stream().filter(l -> l.startsWith("cancel")).count() < 2; i++) {
                long shift = (i & 1) == 0 ? 0 : 2_000; // 20.00: requote every time
                u.reset(symbol, BookUpdate.Type.SNAPSHOT).timestamps(0, System.nanoTime());
                u.addBid(6_000_000 + shift, 50_000);
                u.addAsk(6_000_010 + shift, 50_000);
                assertTrue(marketData.publishBookUpdate(u) >= 0);
                Thread.sleep(20);
            }
            Await.until("three bids bought (max inventory)", 10_000, () -> venue.log.stream().filter(l -> l.contains(" BUY ")).count() >= 3, venue.log::toString);
            StatusContributor metrics = metrics();
            Await.until("the collector to see the fills", 10_000, () -> metrics.summaryTable().contains("0.00300 BTCUSDT"), metrics::summaryTable);
            String fragment = metrics.statusFragment();
            assertTrue(fragment.contains("orders ") && !fragment.contains("orders 0 ") && !fragment.contains("t2t p50 -"), fragment);
            assertTrue(venue.log.stream().allMatch(l -> !l.startsWith("new") || l.endsWith("POST_ONLY")), venue.log.toString());
            assertEquals(3, venue.log.stream().filter(l -> l.contains(" BUY ")).count(), "no bid beyond max inventory: " + venue.log);
        } finally {
            config.delete();
        }
        // the component goes away: stopped by the coordinator (or, without one, not at all) -- either way its quotes must end
        Await.until("the market maker to go", 10_000, () -> {
            try {
                return strategy() == null;
            } catch (Exception ex) {
                return false;
            }
        });
        long[] open = new long[16];
        Await.until("its working ask to be canceled", 10_000, () -> tracker.openOrders(symbol, open) == 0, venue.log::toString);
        long lastSell = venue.log.stream().filter(l -> l.contains(" SELL ")).map(l -> Long.parseLong(l.split(" ")[1])).reduce((a, b) -> b).orElseThrow();
        OrderState last = new OrderState();
        assertTrue(tracker.read(lastSell, last));
        assertEquals(OrderStatus.CANCELED, last.status());
        assertEquals(STRATEGY_ID, last.strategyId());
        venueRegistration.unregister();
    }
}
