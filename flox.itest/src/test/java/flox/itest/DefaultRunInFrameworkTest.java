package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.lifecycle.LifecycleState;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import flox.api.order.OrderGateway;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExchangeConnector;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Dictionary;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * The default run ({@code ./flox run}) in a real framework: the configuration files of
 * bndrun/etc (the directory comes from the framework property {@value #ETC_PROPERTY}, set in
 * test.bndrun) are applied through Configuration Admin the way FileInstall applies them, so the
 * simulated exchange, its synthetic market data, risk, the sample strategies, aggregators and
 * metrics run exactly as configured there. After at least {@value #MIN_FILLS} fills the market
 * data and the strategies are stopped (their quotes are canceled), the exchange finishes its
 * in-flight work and stops, and every execution report seen on the execution bus is checked
 * against the order tracker: orders were placed, filled and tracked, and each order's final
 * state in the tracker is what its execution reports say.
 */
@Timeout(60)
class DefaultRunInFrameworkTest {
    static final String ETC_PROPERTY = "flox.itest.etc";
    static final int MIN_FILLS = 50;
    /** Published on the execution bus after the exchange stopped: once it arrives, every report has. */
    static final long MARKER_ID = Long.MAX_VALUE;

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    ConfigurationAdmin configAdmin;

    @InjectService(timeout = 10_000)
    LifecycleCoordinator lifecycle;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    OrderTracker tracker;

    @InjectService(timeout = 10_000)
    OrderGateway gateway;

    @InjectService(timeout = 10_000)
    ExecutionBus executionBus;

    /** A configuration this test applied: deleted (or its previous properties restored) afterwards. */
    static final class Applied {
        final String file;
        final Configuration configuration;
        final String pid;
        final Dictionary<String, Object> properties;
        final Dictionary<String, Object> previous;
        /** Started by this test (the host's lifecycle had been shut down by another test class): stopped by it too. */
        LifecycleParticipant startedHere;
        boolean removed;

        Applied(String file, Configuration configuration, Dictionary<String, Object> properties, Dictionary<String, Object> previous) {
            this.file = file;
            this.configuration = configuration;
            this.pid = configuration.getPid();
            this.properties = properties;
            this.previous = previous;
        }
    }

    /** One execution report as delivered, copied (the event is a reused flyweight). */
    record Report(ExecType type, long id, long origId, int symbolId, Side side, long price, long quantity,
                  long lastQuantity, long cumulative, long execId, RejectReason reason) {
        static Report of(ExecutionEvent e) {
            return new Report(e.execType(), e.clientOrderId(), e.origClientOrderId(), e.symbolId(), e.side(), e.priceScaled(),
                    e.quantityScaled(), e.lastQuantityScaled(), e.cumulativeQuantityScaled(), e.execId(), e.reason());
        }

        boolean isFill() {
            return (type == ExecType.FILLED || type == ExecType.PARTIALLY_FILLED) && lastQuantity > 0;
        }

        @Override
        public String toString() {
            return type + " " + id + (origId != 0 ? " orig=" + origId : "") + " sym=" + symbolId + " " + side + " " + quantity + "@" + price
                    + " last=" + lastQuantity + " cum=" + cumulative + " exec=" + execId + (reason != RejectReason.NONE ? " " + reason : "");
        }
    }

    /** Whiteboard execution subscriber (lossless, required: the default) copying every report. */
    static final class Recorder implements ExecutionSubscriber {
        final ConcurrentLinkedQueue<Report> reports = new ConcurrentLinkedQueue<>();
        final AtomicLong fills = new AtomicLong();
        /** Symbols with an order accepted or refused. */
        final Set<Integer> ordered = ConcurrentHashMap.newKeySet();
        volatile boolean markerSeen;

        @Override
        public void onExecution(ExecutionEvent e) {
            if (e.clientOrderId() == MARKER_ID) {
                markerSeen = true;
                return;
            }
            Report r = Report.of(e);
            reports.add(r);
            if (r.isFill()) fills.incrementAndGet();
            if (r.type() == ExecType.ACCEPTED || r.type() == ExecType.REJECTED) ordered.add(r.symbolId());
        }
    }

    /** What the reports of one order say its final state is. */
    static final class Expected {
        final long id;
        final List<Report> history = new ArrayList<>();
        OrderStatus status;
        long filled = -1; // the largest cumulative quantity reported for this id, -1 if none carried one
        Report lastOwn;   // the last report about this order under its own id that carries its price and quantity

        Expected(long id) {
            this.id = id;
        }
    }

    private final List<Applied> applied = new ArrayList<>();
    private final Recorder recorder = new Recorder();
    private ServiceRegistration<ExecutionSubscriber> recorderRegistration;
    private boolean hostWasShutDown;

    @AfterEach
    void cleanUp() {
        List<String> problems = new ArrayList<>();
        for (int i = applied.size() - 1; i >= 0; i--) { // reverse: market data, strategies, exchange, then the rest
            Applied a = applied.get(i);
            try {
                stopIfStartedHere(a);
                remove(a);
            } catch (Exception e) {
                problems.add(a.file + ": " + e);
            }
        }
        if (recorderRegistration != null) recorderRegistration.unregister();
        if (!problems.isEmpty()) fail("cleanup: " + problems);
    }

    @Test
    void shouldPlaceFillAndTrackOrdersWithTheDefaultConfigurationAndAgreeWithTheExecutionReports() throws Exception {
        Path etc = etcDirectory();
        List<Path> files;
        try (Stream<Path> s = Files.list(etc)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".cfg")).sorted().collect(Collectors.toList());
        }
        List<String> symbols = symbolsOf(etc.resolve("symbols.csv"));
        assertTrue(symbols.stream().anyMatch(s -> s.startsWith("SIM:")), "etc/symbols.csv lists SIM symbols: " + symbols);

        Await.until("the host to launch (or to be shut down by another test class)", 20_000,
                () -> lifecycle.state() == LifecycleState.RUNNING || lifecycle.state() == LifecycleState.STOPPED, () -> "state " + lifecycle.state());
        hostWasShutDown = lifecycle.state() == LifecycleState.STOPPED;
        if (hostWasShutDown) reopenBuses();
        recorderRegistration = context.registerService(ExecutionSubscriber.class, recorder, null);

        try (LogCapture floxLog = new LogCapture("flox")) {
            // 1. the symbols (risk refuses a per-symbol limit naming an unknown symbol), then the host's own
            // services, risk, aggregators, metrics
            for (Path f : files) if (pidOf(f)[0].equals("flox.symbols")) apply(f, etc);
            for (String name : symbols) {
                String[] es = name.split(":", 2);
                Await.until(name + " from etc/symbols.csv in the registry", 10_000, () -> registry.resolve(es[0], es[1]) != SymbolRegistry.UNKNOWN,
                        floxLog::dump);
            }
            for (Path f : files) {
                String pid = pidOf(f)[0];
                if (!pid.startsWith("flox.") || pid.startsWith("flox.sim.") || pid.startsWith("flox.strategy.") || pid.equals("flox.symbols")) continue;
                apply(f, etc);
            }
            Await.until("the risk limits of etc/flox.risk.cfg to be confirmed", 10_000, () -> !HostCalls.command(context, "risk").contains("HALTED"),
                    floxLog::dump);
            int[] simIds = symbols.stream().filter(s -> s.startsWith("SIM:")).map(s -> s.split(":", 2))
                    .mapToInt(es -> registry.resolve(es[0], es[1])).toArray();
            Set<Integer> sim = new HashSet<>();
            for (int id : simIds) sim.add(id);
            long handedToExecutors = gateway.count(RejectReason.NONE);
            long[] refusedBefore = refusals();

            // 2. the simulated exchange, 3. the strategies, 4. the market data (in this order, so nothing is refused as NOT_RUNNING)
            Applied exchange = null;
            for (Path f : files) if (pidOf(f)[0].equals("flox.sim.executor")) exchange = apply(f, etc);
            assertNotNull(exchange, "etc has flox.sim.executor.cfg");
            start(exchange, OrderExecutor.class);
            List<Applied> strategies = new ArrayList<>();
            Map<Integer, String> strategyIds = new LinkedHashMap<>();
            Set<Integer> strategySymbols = new TreeSet<>();
            for (Path f : files) {
                if (!pidOf(f)[0].startsWith("flox.strategy.")) continue;
                Applied a = apply(f, etc);
                strategies.add(a);
                Strategy s = start(a, Strategy.class);
                strategyIds.put(s.strategyId(), s.name());
                String[] es = String.valueOf(a.properties.get("symbol")).split(":", 2);
                int symbolId = registry.resolve(es[0], es.length > 1 ? es[1] : "");
                assertTrue(sim.contains(symbolId), a.file + " trades a SIM symbol: " + a.properties.get("symbol"));
                strategySymbols.add(symbolId);
            }
            assertFalse(strategies.isEmpty(), "etc has strategy configurations");
            Applied market = null;
            for (Path f : files) if (pidOf(f)[0].equals("flox.sim.market")) market = apply(f, etc);
            assertNotNull(market, "etc has flox.sim.market.cfg");
            start(market, ExchangeConnector.class);

            // run until enough fills, and every strategy has sent an order
            Await.until(MIN_FILLS + " fills and an order on each strategy's symbol " + strategySymbols, 30_000,
                    () -> recorder.fills.get() >= MIN_FILLS && recorder.ordered.containsAll(strategySymbols),
                    () -> recorder.fills.get() + " fills, orders on " + recorder.ordered + ", " + recorder.reports.size() + " reports; " + floxLog.dump());

            // stop the market data, then the strategies (they cancel their working orders)
            stopAndRemove(market, ExchangeConnector.class);
            for (Applied a : strategies) stopAndRemove(a, Strategy.class);
            long[] open = new long[64];
            Await.until("no open order on the SIM symbols", 10_000, () -> openOn(simIds, open) == 0,
                    () -> openOn(simIds, open) + " open, e.g. " + describe(open, openOn(simIds, open)));
            // the exchange finishes its in-flight work and stops: no more reports from it
            stopAndRemove(exchange, OrderExecutor.class);
            ExecutionEvent marker = new ExecutionEvent().reset(ExecType.PENDING_CANCEL, MARKER_ID, -1, null);
            Await.until("the marker on the execution bus", 10_000, () -> BusResult.isPublished(executionBus.publishExecution(marker)));
            Await.until("every report before the marker to be delivered", 10_000, () -> recorder.markerSeen);

            // what the reports say
            List<Report> reports = new ArrayList<>();
            for (Report r : recorder.reports) if (sim.contains(r.symbolId())) reports.add(r);
            Map<Long, Expected> orders = expectations(reports);
            long accepted = reports.stream().filter(r -> r.type() == ExecType.ACCEPTED).count();
            long fills = reports.stream().filter(Report::isFill).count();
            String summary = orders.size() + " orders, " + reports.size() + " reports (" + accepted + " accepted, " + fills + " fills, "
                    + count(reports, ExecType.CANCELED) + " canceled, " + count(reports, ExecType.REPLACED) + " replaced, "
                    + count(reports, ExecType.EXPIRED) + " expired, " + count(reports, ExecType.REJECTED) + " rejected)";
            System.out.println("DefaultRunInFrameworkTest: " + summary);

            // placed, filled
            assertTrue(gateway.count(RejectReason.NONE) > handedToExecutors, "orders were handed to the exchange");
            assertTrue(accepted > 0, "orders were accepted: " + summary);
            assertTrue(fills >= MIN_FILLS, "orders were filled: " + summary);

            // tracked, and the tracker's final state is what the reports say
            OrderState state = new OrderState();
            Map<Integer, Integer> ordersPerStrategy = new LinkedHashMap<>();
            List<String> mismatches = new ArrayList<>();
            for (Expected e : orders.values()) {
                if (!tracker.read(e.id, state)) {
                    mismatches.add("order " + e.id + " is not in the tracker; reports " + e.history);
                    continue;
                }
                ordersPerStrategy.merge(state.strategyId(), 1, Integer::sum);
                String where = "order " + e.id + ": tracker " + state + ", reports " + e.history;
                if (!strategyIds.containsKey(state.strategyId())) mismatches.add("not from a configured strategy " + strategyIds.keySet() + ": " + where);
                if (state.status() != e.status) mismatches.add("status " + state.status() + ", the reports say " + e.status + ": " + where);
                if (!state.status().isTerminal()) mismatches.add("still open: " + where);
                if (e.filled >= 0 && state.filledQuantityScaled() != e.filled) {
                    mismatches.add("filled " + state.filledQuantityScaled() + ", the reports say " + e.filled + ": " + where);
                }
                for (Report r : e.history) {
                    if (r.id() == e.id && r.symbolId() != state.symbolId()) mismatches.add("symbol differs: " + where);
                    if (r.id() == e.id && r.side() != null && r.side() != state.side()) mismatches.add("side differs: " + where);
                }
                Report own = e.lastOwn;
                if (own != null && (own.price() != state.priceScaled() || own.quantity() != state.quantityScaled())) {
                    mismatches.add("price/quantity " + state.quantityScaled() + "@" + state.priceScaled() + ", the reports say "
                            + own.quantity() + "@" + own.price() + ": " + where);
                }
            }
            assertTrue(mismatches.isEmpty(), mismatches.size() + " of " + orders.size() + " orders disagree with their reports ("
                    + summary + "), e.g.:\n" + mismatches.stream().limit(20).collect(Collectors.joining("\n")));
            for (int id : strategyIds.keySet()) {
                assertTrue(ordersPerStrategy.getOrDefault(id, 0) > 0, "strategy " + id + " (" + strategyIds.get(id) + ") placed orders: " + ordersPerStrategy);
            }
            assertEquals(0, openOn(simIds, open), "open orders on the SIM symbols");
            // The tracker's refusal counters also count local requests that lost a race, correctly
            // refused (a cancel asked for just as the venue filled the order): they are not a
            // disagreement. A refused execution report is: the venue and the gateway log each one
            // as an ERROR, which the log check below catches; overfills and malformed reports must
            // not happen at all.
            long[] refusedAfter = refusals();
            for (TrackerResult r : new TrackerResult[] {TrackerResult.REFUSED_OVERFILL, TrackerResult.REFUSED_INVALID}) {
                assertEquals(refusedBefore[r.ordinal()], refusedAfter[r.ordinal()], "reports the tracker refused as " + r + " (" + summary + ")");
            }
            assertEquals(0, floxLog.errorCount(), "errors logged by the host (a refused report is logged):" + floxLog.dump());
            assertTrue(floxLog.records.stream().noneMatch(r -> String.valueOf(r.getMessage()).contains("unknown key")),
                    "every key of the default configuration is known: " + floxLog.dump());
        }
    }

    // ------------------------------------------------------------------ the model

    /** Folds the reports, in delivery order, into each order's expected final state. */
    static Map<Long, Expected> expectations(List<Report> reports) {
        Map<Long, Expected> orders = new LinkedHashMap<>();
        for (Report r : reports) {
            Expected e = orders.computeIfAbsent(r.id(), Expected::new);
            e.history.add(r);
            switch (r.type()) {
                case ACCEPTED:
                case PARTIALLY_FILLED:
                case FILLED:
                case CANCELED:
                case EXPIRED:
                    e.status = OrderStatus.valueOf(r.type().name());
                    e.filled = Math.max(e.filled, r.cumulative());
                    e.lastOwn = r;
                    break;
                case REJECTED:
                    e.status = OrderStatus.REJECTED;
                    break;
                case REPLACED: { // the new id carries on with the filled quantity; the original is done
                    e.filled = Math.max(e.filled, r.cumulative());
                    e.status = r.cumulative() >= r.quantity() ? OrderStatus.FILLED
                            : r.cumulative() > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
                    e.lastOwn = r;
                    Expected orig = orders.computeIfAbsent(r.origId(), Expected::new);
                    orig.history.add(r);
                    orig.status = OrderStatus.REPLACED;
                    break;
                }
                case REPLACE_REJECTED: { // the new id is rejected; the original goes on as it was
                    e.status = OrderStatus.REJECTED;
                    if (r.origId() != 0) orders.computeIfAbsent(r.origId(), Expected::new).history.add(r);
                    break;
                }
                default: // CANCEL_REJECTED, PENDING_CANCEL, PENDING_REPLACE: no final state of their own
                    break;
            }
        }
        return orders;
    }

    private static long count(List<Report> reports, ExecType type) {
        return reports.stream().filter(r -> r.type() == type).count();
    }

    // ------------------------------------------------------------------ configuration as FileInstall applies it

    private Path etcDirectory() {
        String dir = context.getProperty(ETC_PROPERTY);
        assertNotNull(dir, "framework property " + ETC_PROPERTY + " (set in test.bndrun) names bndrun/etc");
        Path etc = Paths.get(dir).toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(etc.resolve("symbols.csv")), etc + " holds the default configuration");
        return etc;
    }

    /** FileInstall's naming: {@code pid.cfg} is a configuration, {@code factoryPid-name.cfg} a factory configuration. */
    static String[] pidOf(Path file) {
        String base = file.getFileName().toString();
        base = base.substring(0, base.lastIndexOf('.'));
        int dash = base.indexOf('-');
        return dash > 0 ? new String[] {base.substring(0, dash), base.substring(dash + 1)} : new String[] {base, null};
    }

    /** Applies one .cfg file, as strings (as FileInstall does), with paths relative to the host home (etc's parent). */
    private Applied apply(Path file, Path etc) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        Hashtable<String, Object> props = new Hashtable<>();
        for (String key : p.stringPropertyNames()) props.put(key, p.getProperty(key).strip());
        Object symbolsFile = props.get("symbols.file");
        if (symbolsFile != null && !symbolsFile.toString().isEmpty()) {
            props.put("symbols.file", etc.getParent().resolve(symbolsFile.toString()).normalize().toString());
        }
        props.put("felix.fileinstall.filename", file.toUri().toString());
        String[] pid = pidOf(file);
        Configuration c = pid[1] == null ? configAdmin.getConfiguration(pid[0], "?") : configAdmin.getFactoryConfiguration(pid[0], pid[1], "?");
        Dictionary<String, Object> previous = c.getProperties();
        Applied a = new Applied(file.getFileName().toString(), c, props, previous == null ? null : copy(previous));
        applied.add(a);
        c.update(props);
        return a;
    }

    private static Dictionary<String, Object> copy(Dictionary<String, Object> d) {
        Hashtable<String, Object> out = new Hashtable<>();
        for (Enumeration<String> keys = d.keys(); keys.hasMoreElements(); ) {
            String k = keys.nextElement();
            out.put(k, d.get(k));
        }
        return out;
    }

    private void remove(Applied a) throws IOException {
        if (a.removed) return;
        a.removed = true;
        if (a.previous != null) {
            a.configuration.update(a.previous);
        } else {
            a.configuration.delete();
        }
    }

    /** exchange,symbol,... lines of a symbols file as "EXCHANGE:SYMBOL". */
    static List<String> symbolsOf(Path csv) throws IOException {
        List<String> out = new ArrayList<>();
        for (String line : Files.readAllLines(csv, StandardCharsets.UTF_8)) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#") || l.startsWith("exchange,")) continue;
            String[] f = l.split(",");
            out.add(f[0].strip() + ":" + f[1].strip());
        }
        return out;
    }

    // ------------------------------------------------------------------ components and their lifecycle

    /** The service the component of {@code a}'s configuration registers under {@code role}. */
    private <T> T serviceOf(Applied a, Class<T> role) {
        try {
            Collection<ServiceReference<T>> refs = context.getServiceReferences(role, "(service.pid=" + a.pid + ")");
            if (refs.isEmpty()) return null;
            return context.getService(refs.iterator().next());
        } catch (InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Waits for the component to come up and to run: the coordinator starts it on arrival; if
     * another test class has shut the host's lifecycle down, nothing would, so the test does.
     */
    private <T extends LifecycleParticipant> T start(Applied a, Class<T> role) throws Exception {
        Await.until("the service of " + a.file, 10_000, () -> serviceOf(a, role) != null);
        T p = serviceOf(a, role);
        if (hostWasShutDown) {
            p.start();
            a.startedHere = p;
        } else {
            String name = p.name();
            Await.until(name + " to be started by the lifecycle coordinator", 10_000, () -> stateOf(name) == ParticipantState.RUNNING,
                    () -> lifecycle.participants().toString());
        }
        return p;
    }

    private <T> void stopAndRemove(Applied a, Class<T> role) throws Exception {
        stopIfStartedHere(a);
        remove(a); // the coordinator stops what it started before the component goes
        Await.until(a.file + "'s component to go", 10_000, () -> serviceOf(a, role) == null);
    }

    private static void stopIfStartedHere(Applied a) throws Exception {
        LifecycleParticipant p = a.startedHere;
        a.startedHere = null;
        if (p != null) p.stop();
    }

    private ParticipantState stateOf(String name) {
        for (ParticipantStatus s : lifecycle.participants()) if (s.name().equals(name)) return s.state();
        return null;
    }

    /** Another test class may have run the host's shutdown: open the buses again, as its launch would. */
    private void reopenBuses() throws Exception {
        for (ServiceReference<LifecycleParticipant> ref : context.getServiceReferences(LifecycleParticipant.class, null)) {
            LifecycleParticipant p = context.getService(ref);
            if (p.phase() == LifecyclePhase.BUS) p.start();
            context.ungetService(ref);
        }
    }

    // ------------------------------------------------------------------ tracker views

    private int openOn(int[] symbolIds, long[] out) {
        int n = 0;
        long[] some = new long[out.length];
        for (int id : symbolIds) {
            int k = tracker.openOrders(id, some);
            for (int i = 0; i < Math.min(k, some.length) && n + i < out.length; i++) out[n + i] = some[i];
            n += k;
        }
        return n;
    }

    private String describe(long[] ids, int n) {
        OrderState s = new OrderState();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < Math.min(n, Math.min(ids.length, 5)); i++) out.add(tracker.read(ids[i], s) ? s.toString() : ids[i] + " (gone)");
        return out.toString();
    }

    private long[] refusals() {
        long[] out = new long[TrackerResult.values().length];
        for (TrackerResult r : TrackerResult.values()) out[r.ordinal()] = tracker.resultCount(r);
        return out;
    }
}
