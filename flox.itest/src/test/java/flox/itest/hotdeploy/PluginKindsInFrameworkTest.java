package flox.itest.hotdeploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.TradeEvent;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolRegistry;
import flox.itest.Await;
import flox.itest.HostCalls;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.function.LongSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Issue 6 item 1: every plugin kind is hot-deployed into the running host from its plugins
 * directory, works there, and goes cleanly when its jar is deleted, while the default run keeps
 * trading: a risk module (refuses strategy 777's orders only while installed), a venue (connector
 * publishing PLUG:XYZ trades from its own thread, and the executor taking PLUG orders), and an
 * aggregator/metrics collector (counts events, adds to the status line). Test plugins of
 * flox.itest.plugins.kinds, built here by {@link PluginJar}.
 */
@Timeout(120)
class PluginKindsInFrameworkTest {
    static final String PACKAGE = "flox.itest.plugins.kinds";
    /** Owner of the PLUG orders this test sends. */
    static final int PLUG_STRATEGY = 779;
    static final String IMPORTS = "flox.api.bus;version=\"[1.0,2)\",flox.api.event;version=\"[1.0,2)\",flox.api.order;version=\"[2.0,3)\","
            + "flox.api.plugin;version=\"[2.0,3)\",flox.api.symbol;version=\"[1.0,2)\",flox.api.metrics;version=\"[1.1,2)\"";

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 20_000)
    OrderGateway gateway;

    @InjectService(timeout = 20_000)
    SymbolRegistry symbols;

    @InjectService(timeout = 20_000)
    flox.api.order.OrderTracker tracker;

    @InjectService(timeout = 20_000)
    ConfigurationAdmin configAdmin;

    HotDeployHome home;
    final List<Path> dropped = new ArrayList<>();
    final List<Long> restingOrders = new java.util.concurrent.CopyOnWriteArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        home = HotDeployHome.prepare(context, configAdmin);
        HotDeployHome.awaitTrading(gateway);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Path p : dropped) Files.deleteIfExists(p);
        Await.until("the test plugins uninstalled", 20_000, () -> bundlesStartingWith("flox.itest.plugin.kinds").isEmpty());
        for (long id : restingOrders) gateway.cancel(id);
        // the next test class shares this host: leave no open order behind
        Await.until("the orders this test placed canceled", 20_000, this::noRestingOrderOpen);
    }

    boolean noRestingOrderOpen() {
        flox.api.order.OrderState s = new flox.api.order.OrderState();
        for (long id : restingOrders) if (tracker.read(id, s) && !s.status().isTerminal()) return false;
        return true;
    }

    @Test
    void shouldHotDeployUpdateAndRemoveARiskModule() throws Exception {
        assertEquals(RejectReason.NONE, submitBtc(777), "before the plugin, strategy 777's order passes");
        drop("risk", "1.0.0", riskXml(777));
        Await.until("the plugged risk check refusing strategy 777", 20_000, () -> submitBtc(777) == RejectReason.RISK_LIMIT);
        assertEquals(RejectReason.NONE, submitBtc(776), "other strategies pass the plugged check");
        // replacing the jar updates the bundle: version 1.1.0 refuses 776 instead
        drop("risk", "1.1.0", riskXml(776));
        Await.until("version 1.1.0 refusing strategy 776", 20_000, () -> submitBtc(776) == RejectReason.RISK_LIMIT);
        assertEquals(RejectReason.NONE, submitBtc(777), "version 1.0.0's rule went with it");
        assertEquals("1.1.0", bundlesStartingWith("flox.itest.plugin.kinds.risk").get(0).getVersion().toString());
        remove("risk");
        Await.until("strategy 776's orders passing again", 20_000, () -> submitBtc(776) == RejectReason.NONE);
    }

    static String riskXml(int refused) {
        return xml("risk", PACKAGE + ".TagRiskCheck", true, "<provide interface=\"flox.api.plugin.RiskCheck\"/>", "",
                "<property name=\"refused.strategy\" type=\"String\" value=\"" + refused + "\"/>");
    }

    @Test
    void shouldHotDeployAndRemoveAVenueConnectorAndExecutor() throws Exception {
        PlugTrades seen = new PlugTrades();
        ServiceRegistration<MarketDataSubscriber> reg = context.registerService(MarketDataSubscriber.class, seen, new Hashtable<>());
        try {
            String connector = xml("connector", PACKAGE + ".PlugVenue$Connector", false, "<provide interface=\"flox.api.plugin.ExchangeConnector\"/>",
                    "<reference name=\"bus\" interface=\"flox.api.bus.MarketDataBus\" field=\"bus\"/>"
                            + "<reference name=\"symbols\" interface=\"flox.api.symbol.SymbolRegistry\" field=\"symbols\"/>", "");
            String executor = xml("executor", PACKAGE + ".PlugVenue$Executor", true,
                    "<provide interface=\"flox.api.plugin.OrderExecutor\"/><provide interface=\"java.util.function.LongSupplier\"/>",
                    "<reference name=\"symbols\" interface=\"flox.api.symbol.SymbolRegistry\" field=\"symbols\"/>"
                            + "<reference name=\"tracker\" interface=\"flox.api.order.OrderTracker\" field=\"tracker\"/>",
                    "<property name=\"flox.itest.probe\" type=\"String\" value=\"plug-executor\"/>");
            Path jar = home.plugins.resolve("kinds-venue.jar");
            PluginJar.bundle("flox.itest.plugin.kinds.venue", "1.0.0").classesOf(PACKAGE).importPackage(IMPORTS)
                    .component("connector", connector).component("executor", executor).dropInto(home.plugins, "kinds-venue.jar");
            dropped.add(jar);
            Await.until("PLUG:XYZ trades from the plugged connector on the market-data bus", 20_000, () -> seen.trades > 100);
            int plug = symbols.resolve("PLUG", "XYZ");
            Await.until("the plugged executor taking PLUG orders", 20_000, () -> submit(plug, PLUG_STRATEGY, 100_00) == RejectReason.NONE);
            LongSupplier taken = probe("plug-executor");
            assertTrue(taken.getAsLong() >= 1, "the plugged executor got the order");
            // its orders end while it is there (nothing left open for an executor that is gone)
            for (long id : restingOrders) gateway.cancel(id);
            Await.until("the PLUG orders canceled by the plugged executor", 10_000, this::noRestingOrderOpen);
            restingOrders.clear();

            remove("venue");
            Await.until("the connector's thread ended", 10_000, () -> threads("plug-connector").isEmpty());
            // one ring: once later SIM events are delivered, so is every PLUG trade published before the thread ended
            long sim0 = seen.others;
            Await.until("more market data from the simulated exchange", 10_000, () -> seen.others > sim0 + 2_000);
            long after = seen.trades;
            long sim1 = seen.others;
            Await.until("more market data from the simulated exchange", 10_000, () -> seen.others > sim1 + 2_000);
            assertEquals(after, seen.trades, "no PLUG trade after the connector went");
            // the connector said DISCONNECTED as it stopped, so risk refuses before the gateway looks for an executor
            assertEquals(RejectReason.VENUE_NOT_LIVE, submit(plug, PLUG_STRATEGY, 100_00), "PLUG is gone: its last state was DISCONNECTED");
        } finally {
            reg.unregister();
        }
    }

    @Test
    void shouldHotDeployAndRemoveAnAggregatorAndMetricsCollector() throws Exception {
        drop("counter", xml("counter", PACKAGE + ".EventCounter", false,
                "<provide interface=\"flox.api.bus.MarketDataSubscriber\"/><provide interface=\"flox.api.bus.ExecutionSubscriber\"/>"
                        + "<provide interface=\"flox.api.metrics.StatusContributor\"/><provide interface=\"java.util.function.LongSupplier\"/>",
                "", "<property name=\"flox.itest.probe\" type=\"String\" value=\"counter\"/>"));
        Await.until("the plugged counter counting market events", 20_000, () -> probe("counter") != null && probe("counter").getAsLong() > 1_000);
        Await.until("its fragment in the status line", 10_000, () -> status().contains("kinds-counter"), this::status);
        remove("counter");
        Await.until("its fragment gone from the status line", 10_000, () -> !status().contains("kinds-counter"), this::status);
        Await.until("no bus thread of the counter left", 10_000, () -> threads("flox.itest.plugin.kinds.counter").isEmpty(),
                () -> threads("flox.itest.plugin.kinds.counter").toString());
    }

    // ------------------------------------------------------------------ helpers

    /** The component description of test plugin {@code name}; {@code activate}: its class has an activate method. */
    static String xml(String name, String implementation, boolean activate, String provides, String references, String properties) {
        return PluginJar.componentXml("flox.itest.plugin.kinds." + name, implementation, activate ? "activate=\"activate\"" : "",
                properties + "<service>" + provides + "</service>\n" + references);
    }

    void drop(String kind, String componentXml) throws Exception {
        drop(kind, "1.0.0", componentXml);
    }

    void drop(String kind, String version, String componentXml) throws Exception {
        Path jar = PluginJar.bundle("flox.itest.plugin.kinds." + kind, version).classesOf(PACKAGE).importPackage(IMPORTS)
                .component(kind, componentXml).dropInto(home.plugins, "kinds-" + kind + ".jar");
        dropped.add(jar);
    }

    void remove(String kind) throws Exception {
        Files.delete(home.plugins.resolve("kinds-" + kind + ".jar"));
        Await.until("kinds-" + kind + " uninstalled", 20_000, () -> bundlesStartingWith("flox.itest.plugin.kinds." + kind).isEmpty());
    }

    List<Bundle> bundlesStartingWith(String prefix) {
        List<Bundle> out = new ArrayList<>();
        for (Bundle b : context.getBundles()) if (b.getSymbolicName() != null && b.getSymbolicName().startsWith(prefix)) out.add(b);
        return out;
    }

    RejectReason submitBtc(int strategyId) {
        RejectReason r = submit(symbols.resolve("SIM", "BTCUSDT"), strategyId, 59_000_00);
        return r;
    }

    /** A buy of 0.001 far below the market (rests, does not fill); remembered and canceled at the end. */
    RejectReason submit(int symbolId, int strategyId, long priceScaled) {
        long id = gateway.nextClientOrderId();
        RejectReason r = gateway.submit(new OrderRequest().limit(id, symbolId, Side.BUY, priceScaled, 100, TimeInForce.GTC).strategyId(strategyId));
        if (r == RejectReason.NONE) restingOrders.add(id);
        return r;
    }

    LongSupplier probe(String name) {
        try {
            ServiceReference<?>[] refs = context.getServiceReferences(LongSupplier.class.getName(), "(flox.itest.probe=" + name + ")");
            if (refs == null) return null;
            LongSupplier s = (LongSupplier) context.getService(refs[0]);
            context.ungetService(refs[0]);
            return s;
        } catch (org.osgi.framework.InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    String status() {
        return HostCalls.command(context, "status");
    }

    static List<String> threads(String fragment) {
        List<String> out = new ArrayList<>();
        for (Thread t : Thread.getAllStackTraces().keySet()) if (t.isAlive() && t.getName().contains(fragment)) out.add(t.getName());
        return out;
    }

    /** Counts PLUG trades and everything else (bus thread of this subscriber only). */
    final class PlugTrades implements MarketDataSubscriber {
        volatile long trades;
        volatile long others;

        @Override
        public void onTrade(TradeEvent trade) {
            if (trade.symbolId() == symbols.resolve("PLUG", "XYZ")) trades++;
            else others++;
        }

        @Override
        public void onBookUpdate(flox.api.event.BookUpdate update) {
            others++;
        }
    }
}
