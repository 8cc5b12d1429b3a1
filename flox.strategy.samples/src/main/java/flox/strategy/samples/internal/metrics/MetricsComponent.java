package flox.strategy.samples.internal.metrics;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.metrics.StatusContributor;
import flox.api.order.OrderTracker;
import flox.api.order.StrategyPositions;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.Settings;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The metrics collector (pid {@value #PID}): a market-data and execution subscriber on every
 * symbol (a {@link MetricsCollector} underneath), a {@link StatusContributor} for the host's
 * status line and exit summary, and where the sample strategies attach their
 * {@link TickToTradeProbe}s. It subscribes lossless but not required: if it stalls, the buses
 * stop waiting for it (trading goes on; its counts then miss what it skipped).
 *
 * <p>It is also a {@link StrategyPositions} source: the host asks it for a strategy id's position
 * before it starts an instance that took over no state (its counts follow the execution bus, so
 * they may trail the tracker by the reports in flight, and miss what it skipped if it stalled).
 *
 * <p>Names of strategies come from the {@link Strategy} services (whiteboard). Thread-safety:
 * see {@link MetricsCollector}; the status methods are thread-safe and allocate.
 */
@Component(service = {MetricsComponent.class, StatusContributor.class, MarketDataSubscriber.class, ExecutionSubscriber.class, StrategyPositions.class},
        configurationPid = MetricsComponent.PID, immediate = true,
        property = SubscriberProperties.REQUIRED + ":Boolean=false")
@Designate(ocd = MetricsComponent.Config.class)
public final class MetricsComponent implements StatusContributor, MarketDataSubscriber, ExecutionSubscriber, StrategyPositions {
    public static final String PID = "flox.metrics";
    private static final System.Logger LOG = System.getLogger("flox.metrics");
    private static final long RATE_MIN_INTERVAL_NS = 200_000_000L;

    @ObjectClassDefinition(name = "Flox metrics collector",
            description = "Events/s per bus, orders, fills, rejects, tick-to-trade, ack latency, positions and PnL per strategy.")
    public @interface Config {
        @AttributeDefinition(name = "Book levels", description = "Levels per side of the books kept to mark positions to the mid (applies at the next start).", min = "1", max = "100000")
        int book_levels() default 64;
    }

    private final MetricsCollector collector;
    private final MetricsReport report;
    private final NanoClock clock;
    private final Map<Integer, String> names = new ConcurrentHashMap<>();
    /** Strategy services present, per id, in arrival order. */
    private final Map<Integer, List<Strategy>> instances = new HashMap<>();

    private long lastSampleNs;
    private long lastMarketData;
    private long lastExecutions;
    private long marketDataRate;
    private long executionRate;

    @Activate
    public MetricsComponent(@Reference OrderTracker tracker, @Reference SymbolRegistry symbols, @Reference NanoClock clock,
                            Map<String, Object> properties) {
        Settings settings = new Settings(PID, properties, Config.class);
        int levels = settings.intValue("book.levels", (int) Settings.defaultLong(Config.class, "book.levels"));
        settings.log(LOG);
        this.clock = clock;
        collector = new MetricsCollector(tracker, symbols, clock, levels);
        report = new MetricsReport(collector, symbols, names::get);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        Settings settings = new Settings(PID, properties, Config.class); // reported now, so a bad value is not found only at the next start
        settings.intValue("book.levels", (int) Settings.defaultLong(Config.class, "book.levels"));
        settings.log(LOG);
        LOG.log(Level.INFO, PID + ": book.levels applies at the next start of the collector");
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void addStrategy(Strategy strategy) {
        int id = strategy.strategyId();
        synchronized (instances) {
            List<Strategy> l = instances.computeIfAbsent(id, k -> new ArrayList<>());
            l.add(strategy);
            // the first instance names the row: a second one with the same id is refused by the host
            if (l.size() == 1) names.put(id, strategy.name());
        }
        collector.register(id); // a row in the tables from the start
    }

    void removeStrategy(Strategy strategy) {
        synchronized (instances) {
            List<Strategy> l = instances.get(strategy.strategyId());
            if (l == null) return;
            l.removeIf(s -> s == strategy);
            if (l.isEmpty()) instances.remove(strategy.strategyId());
            else names.put(strategy.strategyId(), l.get(0).name());
        }
        // with none left the name stays: the strategy's rows remain in the tables
    }

    @Override
    public Map<Integer, Long> positions(int strategyId) {
        return collector.positions(strategyId);
    }

    public MetricsCollector collector() {
        return collector;
    }

    public MetricsReport report() {
        return report;
    }

    /** The name of strategy {@code strategyId} (its first instance's), or null when none was seen. Any thread. */
    public String strategyName(int strategyId) {
        return names.get(strategyId);
    }

    // ------------------------------------------------------------------ subscribers

    @Override
    public void onBookUpdate(BookUpdate update) {
        collector.onBookUpdate(update);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        collector.onTrade(trade);
    }

    @Override
    public void onExecution(ExecutionEvent event) {
        collector.onExecution(event);
    }

    // ------------------------------------------------------------------ status

    @Override
    public String statusFragment() {
        sampleRates();
        long md;
        long exec;
        synchronized (this) {
            md = marketDataRate;
            exec = executionRate;
        }
        return report.statusFragment(md, exec);
    }

    @Override
    public String summaryTable() {
        return report.summaryTable();
    }

    /** Rates since the previous sample, at most every 200 ms (the shell and the status line may both ask). */
    private synchronized void sampleRates() {
        long now = System.nanoTime(); // the machine's throughput: on a replay's market clock time stands still between events
        long md = collector.bookUpdates() + collector.trades();
        long exec = collector.executions();
        if (lastSampleNs == 0) {
            lastSampleNs = now;
            lastMarketData = md;
            lastExecutions = exec;
            return;
        }
        long elapsed = now - lastSampleNs;
        if (elapsed < RATE_MIN_INTERVAL_NS) return;
        marketDataRate = (md - lastMarketData) * 1_000_000_000L / elapsed;
        executionRate = (exec - lastExecutions) * 1_000_000_000L / elapsed;
        lastSampleNs = now;
        lastMarketData = md;
        lastExecutions = exec;
    }
}
