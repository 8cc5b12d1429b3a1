package flox.strategy.samples.internal.strategy;

import flox.api.num.FixedPoint;
import flox.api.order.OrderGateway;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.Settings;
import flox.strategy.samples.internal.metrics.MetricsComponent;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * What every sample strategy component does the same way: read the fixed settings (symbol,
 * strategy id, book levels), build the logic behind a {@link StrategyDriver}, apply tunables
 * live ({@code @Modified}; a change of a fixed setting is refused and the instance kept),
 * report to the metrics collector, and follow the lifecycle. A subclass says how its tunables
 * are read and handed to its logic. The DS annotations here are inherited (bnd
 * {@code -dsannotations-options: inherit}).
 *
 * <p>Thread-safety: DS callbacks and start/stop come from the framework and lifecycle threads;
 * new parameters reach the logic through {@link StrategyDriver#change} on its decision thread.
 *
 * @param <P> the strategy's tunables (an immutable record)
 */
abstract class SampleStrategyComponent<P> implements Strategy, SampleStrategy {
    static final System.Logger LOG = System.getLogger("flox.strategy");

    private final String pid;
    private final Class<?> config;
    private final StrategySettings fixed;
    private final StrategyLogic logic;
    private final StrategyDriver driver;
    private final TickToTradeProbe probe = new TickToTradeProbe(8192);
    private final String name;
    private final SymbolRegistry symbols;
    /** The parameters last configured (the logic gets its own copy on its thread). */
    private volatile P params;

    /**
     * @param config        the component's Config annotation (its metatype: defaults and ranges)
     * @param kind          first word of the instance's name ("marketmaker")
     * @param defaults      the tunables' defaults, from the metatype
     * @param orderCapacity working orders the strategy keeps at once
     * @throws IllegalArgumentException naming file and field when symbol or strategy.id is missing or malformed
     */
    SampleStrategyComponent(String pid, Class<?> config, String kind, P defaults, int orderCapacity, OrderGateway gateway,
                            SymbolRegistry symbols, NanoClock clock, BundleContext context, Map<String, Object> properties) {
        this.pid = pid;
        this.config = config;
        this.symbols = symbols;
        Settings s = new Settings(pid, properties, config);
        fixed = StrategySettings.read(s, config, null);
        name = kind + " " + fixed.symbol;
        StrategyOrders orders = new StrategyOrders(gateway, probe, clock, fixed.strategyId, orderCapacity);
        params = readParams(s, defaults);
        s.log(LOG);
        logic = newLogic(orders, params);
        driver = new StrategyDriver(name, logic, clock, symbols, fixed.bookLevels);
        driver.register(context, fixed.symbol, pid + "[" + fixed.symbol + "]");
    }

    /**
     * Reads the tunables into {@code s}'s errors (file and field); a bad or absent value keeps
     * {@code previous}'s. Called from the constructor: stateless.
     */
    abstract P readParams(Settings s, P previous);

    /**
     * The tunables as the configuration file spells them (keys, decimals, bps, ms), sizes at the
     * symbol's quantity scale ({@code quantityScale} -1 when the symbol is not registered yet).
     */
    abstract String describe(P params, int quantityScale);

    /** A size held at {@link MarketMaker#SIZE_SCALE} as a decimal: at {@code quantityScale} when exact there, else with no trailing zeros. */
    static String size(long value, int quantityScale) {
        if (quantityScale >= 0) {
            long v = FixedPoint.rescale(value, MarketMaker.SIZE_SCALE, quantityScale);
            if (v != FixedPoint.INVALID) return FixedPoint.format(v, quantityScale);
        }
        return new java.math.BigDecimal(FixedPoint.format(value, MarketMaker.SIZE_SCALE)).stripTrailingZeros().toPlainString();
    }

    /** Parts per million of the mid as basis points ("2.5"). */
    static String bps(long ppm) {
        return new java.math.BigDecimal(FixedPoint.format(ppm, 2)).stripTrailingZeros().toPlainString();
    }

    private int quantityScale() {
        String[] es = fixed.symbol.split(":", 2);
        int id = es.length == 2 ? symbols.resolve(es[0], es[1]) : SymbolRegistry.UNKNOWN;
        SymbolInfo info = id == SymbolRegistry.UNKNOWN ? null : symbols.symbol(id);
        return info == null ? -1 : info.quantityScale();
    }

    /** The logic for these tunables. Called from the constructor: stateless. */
    abstract StrategyLogic newLogic(StrategyOrders orders, P params);

    /** Hands new tunables to the logic; runs on the decision thread. */
    abstract void apply(StrategyLogic logic, P params);

    @Modified
    void modified(Map<String, Object> properties) {
        Settings s = new Settings(pid, properties, config);
        String change = fixed.fixedChange(StrategySettings.read(s, config, fixed));
        P next = readParams(s, params);
        s.log(LOG);
        if (change != null) {
            LOG.log(Level.ERROR, name + ": " + change + " needs a new configuration (delete the file and create one); keeping the running instance as it is");
            return;
        }
        params = next;
        driver.change(() -> apply(logic, next));
        LOG.log(Level.INFO, name + ": new parameters " + describe(next, quantityScale()) + " apply at the next decision");
    }

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    void bindMetrics(MetricsComponent metrics) {
        metrics.collector().attach(fixed.strategyId, probe);
    }

    void unbindMetrics(MetricsComponent metrics) {
        metrics.collector().detach(fixed.strategyId, probe);
    }

    @Deactivate
    void deactivate() {
        driver.unregister();
    }

    @Override
    public int strategyId() {
        return fixed.strategyId;
    }

    @Override
    public String name() {
        return name;
    }

    /** Starts deciding (STRATEGY phase). */
    @Override
    public void start() {
        driver.start();
    }

    /** Stops deciding and cancels its working orders; the position is kept. */
    @Override
    public void stop() {
        driver.stop();
    }

    @Override
    public String describe() {
        return strategyId() + " " + driver.describe();
    }
}
