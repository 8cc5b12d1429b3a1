package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.StrategyPositions;
import flox.api.order.TimeInForce;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * flox.risk in a real framework: the host's order gateway calls the risk check, the risk
 * subscribers follow the real buses (a fill moves the position, a book sets the mid), the limits
 * come from Configuration Admin, and flox:kill / flox:unkill work through the real services.
 * A fake executor serves the test exchange RISKTEST; it cancels at once.
 */
@Timeout(60)
class RiskInFrameworkTest {
    static final String EXCHANGE = "RISKTEST";
    static final int STRATEGY = 41;
    static final long PX = 6_000_000;        // 60000.00
    static final long ONE_BTC = 100_000;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    OrderGateway gateway;

    @InjectService(timeout = 10_000)
    OrderTracker tracker;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    ExecutionBus executionBus;

    @InjectService(timeout = 10_000)
    MarketDataBus marketData;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    RiskCheck riskCheck;

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
    private final List<String> reports = new CopyOnWriteArrayList<>();
    private final OrderRequest request = new OrderRequest();
    private final OrderState state = new OrderState();
    private final List<Long> submitted = new CopyOnWriteArrayList<>();
    private int btc;

    /** The venue of the test exchange: accepts everything, cancels at once (tracker, then execution bus). */
    final class FakeExecutor implements OrderExecutor {
        @Override public String exchange() { return EXCHANGE; }
        @Override public LifecyclePhase phase() { return LifecyclePhase.EXECUTOR; }
        @Override public void start() { }
        @Override public void stop() { }
        @Override public RejectReason submit(OrderRequest r) {
            submitted.add(r.clientOrderId());
            return RejectReason.NONE;
        }
        @Override public RejectReason cancel(int symbolId, long id) {
            report(new ExecutionEvent().reset(ExecType.CANCELED, id, btc, Side.BUY));
            return RejectReason.NONE;
        }
        @Override public RejectReason replace(int symbolId, long o, long n, long px, long qty) { return RejectReason.NONE; }
    }

    @BeforeEach
    void setUp() throws Exception {
        // another test class may have run the host's shutdown: the lifecycle start reopens the buses
        for (ServiceReference<LifecycleParticipant> ref : context.getServiceReferences(LifecycleParticipant.class, null)) {
            LifecycleParticipant p = context.getService(ref);
            if (p.phase() == LifecyclePhase.BUS) p.start();
            context.ungetService(ref);
        }
        btc = registry.register(SymbolInfo.builder(EXCHANGE, "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        registrations.add(context.registerService(OrderExecutor.class, new FakeExecutor(), null));
        registrations.add(context.registerService(ExecutionSubscriber.class,
                e -> reports.add(e.execType() + " " + e.clientOrderId() + " " + e.reason()), null));
        // every key written: on a running host a key absent from the file keeps its last good value (another test's)
        configure("max.order.quantity", "1000", "max.order.quantity.per.symbol", "", "max.order.notional", "100000",
                "max.order.notional.per.symbol", "", "max.position", "1000", "max.position.per.symbol", "", "price.band.bps", "0",
                "refuse.market.without.reference", "false", "order.rate.per.second", "0", "order.rate.burst", "200", "kill.switch", "false",
                "kill.cancel.rounds", "2", "kill.cancel.interval.ms", "10");
        Await.until("the risk configuration to be confirmed", 10_000, () -> {
            String risk = command("risk");
            return !risk.contains("HALTED") && risk.contains("kill switch: off") && risk.contains("price band: off")
                    && risk.contains("default limits: max.order.quantity 1000, max.order.notional 100000, max.position 1000 ");
        }, () -> command("risk"));
        HostCalls.venueLive(marketData, EXCHANGE);
    }

    /** For other test classes that trade: risk refuses new orders until a configuration is confirmed (flox:risk accept-defaults). */
    static void confirmRisk(BundleContext context) {
        if (HostCalls.command(context, "risk").contains("HALTED")) HostCalls.command(context, "risk", "accept-defaults");
    }

    @AfterEach
    void tearDown() throws Exception {
        command("unkill");
        for (ServiceRegistration<?> r : registrations) r.unregister();
        Configuration c = configAdmin.getConfiguration("flox.risk", "?");
        if (c.getProperties() != null) c.delete();
    }

    /** Replaces the flox.risk configuration and waits until the component reports it. */
    private void configure(String... keyValues) throws Exception {
        Dictionary<String, Object> props = new Hashtable<>();
        for (int i = 0; i < keyValues.length; i += 2) props.put(keyValues[i], keyValues[i + 1]);
        configAdmin.getConfiguration("flox.risk", "?").update(props);
    }

    private RejectReason submit(Side side, long priceScaled, long quantityScaled) {
        request.limit(gateway.nextClientOrderId(), btc, side, priceScaled, quantityScaled, TimeInForce.GTC).strategyId(STRATEGY);
        return gateway.submit(request);
    }

    /** An execution report as an executor sends it: applied to the tracker, then published. */
    private void report(ExecutionEvent e) {
        tracker.apply(e);
        assertTrue(executionBus.publishExecution(e) >= 0);
    }

    private String command(String function) {
        return HostCalls.command(context, function);
    }

    @Test
    void shouldRefuseOverTheLimitsFromConfigurationAndTellTheStrategyWhy() throws Exception {
        configure("max.order.quantity", "1", "order.rate.per.second", "0", "price.band.bps", "0");
        Await.until("max.order.quantity=1 to apply", 10_000, () -> submit(Side.BUY, PX, ONE_BTC + 1) == RejectReason.MAX_ORDER_QUANTITY);
        long refused = request.clientOrderId();
        assertTrue(tracker.read(refused, state));
        assertEquals(OrderStatus.REJECTED, state.status());
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, state.lastReason());
        Await.until("the REJECTED report on the execution bus", 10_000, () -> reports.contains("REJECTED " + refused + " MAX_ORDER_QUANTITY"), reports::toString);
        assertFalse(submitted.contains(refused), "the executor never saw it");
        assertEquals(RejectReason.NONE, submit(Side.BUY, PX, ONE_BTC), "at the limit");
        assertTrue(submitted.contains(request.clientOrderId()));

        // a bad value is refused and the last good one kept
        try (LogCapture riskLog = new LogCapture("flox.risk")) {
            configure("max.order.quantity", "lots", "order.rate.per.second", "0", "price.band.bps", "0");
            Await.until("the bad value to be reported", 10_000, () -> riskLog.hasError("field max.order.quantity", "'lots'", "(keeping 1)"), riskLog::dump);
        }
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, submit(Side.BUY, PX, ONE_BTC + 1), "still max.order.quantity=1");

        String risk = command("risk");
        assertTrue(risk.matches("(?s).*RISKTEST:BTCUSDT\\s+1\\.00000\\s.*"), risk);
        assertTrue(risk.matches("(?s).*\\n  max\\.order\\.quantity\\s+[1-9]\\d*\\n.*"), risk);
    }

    @Test
    void shouldFollowFillsAndBooksFromTheRealBuses() throws Exception {
        configure("max.position", "1", "price.band.bps", "100", "order.rate.per.second", "0", "max.order.notional", "0");
        BookUpdate book = new BookUpdate(4).reset(btc, BookUpdate.Type.SNAPSHOT);
        book.addBid(5_999_000, 100);
        book.addAsk(6_001_000, 100);
        assertTrue(marketData.publishBookUpdate(book) >= 0);
        Await.until("the mid from the market-data bus to bound prices", 10_000, () -> submit(Side.BUY, 6_100_000, 1) == RejectReason.PRICE_BAND);
        assertEquals(RejectReason.NONE, submit(Side.BUY, 6_060_000, 1), "within 1% of 60000");

        assertEquals(RejectReason.NONE, submit(Side.BUY, PX, ONE_BTC));
        long id = request.clientOrderId();
        report(new ExecutionEvent().reset(ExecType.ACCEPTED, id, btc, Side.BUY).execId(1));
        report(new ExecutionEvent().reset(ExecType.FILLED, id, btc, Side.BUY).execId(2).fill(PX, ONE_BTC, ONE_BTC));
        Await.until("the fill from the execution bus to fill the position", 10_000, () -> submit(Side.BUY, PX, 1) == RejectReason.MAX_POSITION);
        // the host's view of the position for a re-created strategy, from risk's own table (not only the samples' metrics)
        StrategyPositions riskPositions = null;
        for (ServiceReference<StrategyPositions> ref : context.getServiceReferences(StrategyPositions.class, null)) {
            if ("flox.risk".equals(ref.getBundle().getSymbolicName())) riskPositions = context.getService(ref);
        }
        assertTrue(riskPositions != null, "flox.risk registers a StrategyPositions service");
        assertEquals(java.util.Map.of(btc, ONE_BTC), riskPositions.positions(STRATEGY));
        assertEquals(RejectReason.NONE, submit(Side.SELL, PX, 2 * ONE_BTC), "from +1 down to -1");
        String risk = command("risk");
        assertTrue(risk.matches("(?s).*\\s" + STRATEGY + " RISKTEST:BTCUSDT\\s+1\\.00000\\s+100\\.0%.*"), risk);
    }

    @Test
    void shouldCancelEverythingOpenAndBlockNewOrdersWithTheKillSwitchUntilUnkill() throws Exception {
        List<Long> ours = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            assertEquals(RejectReason.NONE, submit(Side.BUY, PX, 100));
            ours.add(request.clientOrderId());
            report(new ExecutionEvent().reset(ExecType.ACCEPTED, request.clientOrderId(), btc, Side.BUY).execId(10 + i));
        }
        String killed = command("kill");
        assertTrue(killed.startsWith("kill switch ENGAGED by flox:kill"), killed);
        for (long id : ours) {
            assertTrue(tracker.read(id, state));
            assertEquals(OrderStatus.CANCELED, state.status(), "order " + id + ": " + killed);
        }
        assertEquals(RejectReason.KILL_SWITCH, submit(Side.BUY, PX, 100));
        long blocked = request.clientOrderId();
        Await.until("the KILL_SWITCH report", 10_000, () -> reports.contains("REJECTED " + blocked + " KILL_SWITCH"), reports::toString);
        assertTrue(gateway.count(RejectReason.KILL_SWITCH) >= 1);
        assertTrue(command("risk").contains("kill switch: ENGAGED (by flox:kill since "));

        String released = command("unkill");
        assertTrue(released.startsWith("kill switch released by flox:unkill"), released);
        assertEquals(RejectReason.NONE, submit(Side.BUY, PX, 100));
    }

    private static final String FILE = "/itest/home/etc/flox.risk.cfg";

    private Bundle riskBundle() {
        for (Bundle b : context.getBundles()) if ("flox.risk".equals(b.getSymbolicName())) return b;
        throw new AssertionError("no flox.risk bundle");
    }

    /** Restarts flox.risk (a host restart as far as risk is concerned) and waits for its check to be back. */
    private void restartRisk(Runnable whileStopped) throws Exception {
        Bundle risk = riskBundle();
        risk.stop();
        whileStopped.run();
        risk.start();
        Await.until("flox.risk's commands back", 10_000, () -> {
            try {
                return context.getAllServiceReferences(null, "(&(osgi.command.scope=flox)(osgi.command.function=risk))") != null;
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                throw new AssertionError(e);
            }
        });
        HostCalls.venueLive(marketData, EXCHANGE); // the venue republishes its state; the restarted risk had none
    }

    /**
     * A file deleted and written again at once (an editor, a deploy script): Felix SCR handles the
     * deletion late, finds the new configuration, and drops it because its change count does not
     * exceed the deleted one's. Risk must apply it anyway.
     */
    @Test
    void shouldApplyAConfigurationWrittenRightAfterItsDeletion() throws Exception {
        for (int round = 0; round < 3; round++) {
            for (int update = 0; update < 4; update++) configure("max.order.quantity", Integer.toString(900 + update));
            configAdmin.getConfiguration("flox.risk", "?").delete();
            String limit = Integer.toString(100 + round);
            configure("max.order.quantity", limit);
            Await.until("max.order.quantity " + limit + " in round " + round, 10_000,
                    () -> command("risk").contains("default limits: max.order.quantity " + limit + ","), () -> command("risk"));
        }
    }

    @Test
    void shouldKeepLastLimitsAndTheFilesKillSwitchWhenRiskFileDeleted() throws Exception {
        configure("felix.fileinstall.filename", "file:" + FILE, "max.order.quantity", "1", "order.rate.per.second", "0", "price.band.bps", "0",
                "kill.switch", "true", "kill.cancel.interval.ms", "10");
        Await.until("kill.switch=true to engage", 10_000, () -> submit(Side.BUY, PX, 1) == RejectReason.KILL_SWITCH);
        try (LogCapture riskLog = new LogCapture("flox.risk")) {
            configAdmin.getConfiguration("flox.risk", "?").delete(); // what FileInstall does when the file goes
            Await.until("the deletion to be reported", 10_000, () -> riskLog.dump().contains(FILE + " was deleted or has no keys: keeping the last good"),
                    riskLog::dump);
        }
        assertEquals(RejectReason.KILL_SWITCH, submit(Side.BUY, PX, 1), "the file's kill switch is not released by its deletion");
        assertTrue(command("risk").contains("kill switch: ENGAGED (by configuration kill.switch=true in " + FILE + ")"), command("risk"));
        // the file back, saying false: released (a file without the key would keep it), and the limit is still 1 (not the default 1000)
        configure("felix.fileinstall.filename", "file:" + FILE, "max.order.quantity", "1", "order.rate.per.second", "0", "price.band.bps", "0",
                "kill.switch", "false");
        Await.until("kill.switch=false to release", 10_000, () -> submit(Side.BUY, PX, 1) == RejectReason.NONE);
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, submit(Side.BUY, PX, ONE_BTC + 1));
    }

    @Test
    void shouldRefuseFromTheFirstOrderAfterARestartWithTheKillSwitchEngaged() throws Exception {
        String killed = command("kill");
        assertTrue(killed.startsWith("kill switch ENGAGED by flox:kill"), killed);
        Path state = Path.of(context.getProperty("flox.home"), "state", "kill-switch");
        assertTrue(Files.readString(state).contains("engaged=true"), state + " written at flox:kill");
        try (LogCapture riskLog = new LogCapture("flox.risk")) {
            restartRisk(() -> { });
            assertEquals(RejectReason.KILL_SWITCH, submit(Side.BUY, PX, 100), "the first order after the restart");
            assertTrue(riskLog.dump().contains("kill switch ENGAGED since "), riskLog.dump());
            assertTrue(riskLog.dump().contains("(flox:kill), from " + state + ": new orders refused; flox:unkill to release"), riskLog.dump());
        }
        String line = (String) HostCalls.call(context, "(objectClass=flox.core.host.HostStatus)", "line");
        assertTrue(line.contains("risk KILLED (by flox:kill since "), line);
        assertTrue(command("unkill").startsWith("kill switch released by flox:unkill"));
        assertTrue(Files.readString(state).contains("engaged=false"));
        assertEquals(RejectReason.NONE, submit(Side.BUY, PX, 100));
    }

    @Test
    void shouldRefuseNewOrdersAtStartWithoutRiskConfigurationUntilTheOperatorAcceptsDefaults() throws Exception {
        restartRisk(() -> {
            try {
                configAdmin.getConfiguration("flox.risk", "?").delete();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Await.until("the restarted risk check to refuse", 10_000, () -> submit(Side.BUY, PX, 100) == RejectReason.RISK_HALTED);
        long refused = request.clientOrderId();
        Await.until("the RISK_HALTED report", 10_000, () -> reports.contains("REJECTED " + refused + " RISK_HALTED"), reports::toString);
        String line = (String) HostCalls.call(context, "(objectClass=flox.core.host.HostStatus)", "line");
        assertTrue(line.contains("risk HALTED: new orders refused (no risk configuration; see flox:risk)"), line);
        String accepted = HostCalls.command(context, "risk", "accept-defaults");
        assertTrue(accepted.startsWith("risk limits confirmed by the operator (flox:risk accept-defaults)"), accepted);
        configure("order.rate.per.second", "0", "price.band.bps", "0", "kill.cancel.rounds", "2", "kill.cancel.interval.ms", "10");
        Await.until("orders checked as usual", 10_000, () -> submit(Side.BUY, PX, 100) == RejectReason.NONE);
    }
}
