package flox.strategy.samples.internal.strategy;

import flox.api.num.FixedPoint;
import flox.api.order.OrderGateway;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.Settings;
import flox.strategy.samples.internal.metrics.MetricsComponent;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A {@link MomentumTaker} per factory configuration (pid {@value #PID}), e.g.
 * {@code etc/flox.strategy.momentum-eth.cfg}. Same shape as {@link MarketMakerComponent}:
 * a {@link Strategy} plus, through its {@link StrategyDriver},
 * subscribers for its symbol; tunables change live, symbol, strategy.id and book.levels need a
 * new configuration.
 */
@Component(configurationPid = MomentumTakerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {Strategy.class, SampleStrategy.class})
@Designate(ocd = MomentumTakerComponent.Config.class, factory = true)
public final class MomentumTakerComponent implements Strategy, SampleStrategy {
    public static final String PID = "flox.strategy.momentum";
    private static final System.Logger LOG = System.getLogger("flox.strategy");

    @ObjectClassDefinition(name = "Flox sample momentum taker",
            description = "Takes liquidity in the direction of a recent move of the mid, holds, then exits; one instance per configuration.")
    public @interface Config {
        @AttributeDefinition(name = "Symbol", description = "EXCHANGE:SYMBOL, as in symbols.csv (fixed for the instance).")
        String symbol();

        @AttributeDefinition(name = "Strategy id", description = "Owner id of its orders, unique in the host (fixed for the instance).", min = "1")
        int strategy_id();

        @AttributeDefinition(name = "Lookback", description = "Number of mid-price changes the move is measured over.", min = "1")
        int lookback() default 20;

        @AttributeDefinition(name = "Threshold (bps)", description = "Move of the mid, in basis points, that triggers an entry.")
        String threshold_bps() default "5";

        @AttributeDefinition(name = "Size", description = "Entry quantity in base units (a multiple of the lot size).")
        String size() default "0.01";

        @AttributeDefinition(name = "Holding (ms)", description = "How long a position is held before it is taken off.", min = "0")
        long holding_ms() default 2000;

        @AttributeDefinition(name = "Slippage (ticks)", description = "How far through the touch its fill-or-kill orders are priced.", min = "0")
        long slippage_ticks() default 2;

        @AttributeDefinition(name = "Reject cool-down (ms)", description = "After a refused order, no new order for this long.", min = "0")
        long reject_cooldown_ms() default 250;

        @AttributeDefinition(name = "Book levels", description = "Levels per side of its book (fixed for the instance).", min = "1")
        int book_levels() default 64;
    }

    static final MomentumTaker.Params DEFAULTS = new MomentumTaker.Params(20, 500, 1_000_000L, 2_000_000_000L, 2, 250_000_000L);

    private final StrategySettings fixed;
    private final MomentumTaker logic;
    private final StrategyDriver driver;
    private final TickToTradeProbe probe = new TickToTradeProbe(8192);
    private final String name;
    private volatile MomentumTaker.Params params;

    @Activate
    public MomentumTakerComponent(@Reference OrderGateway gateway, @Reference SymbolRegistry symbols, @Reference NanoClock clock,
                                  BundleContext context, Map<String, Object> properties) {
        fixed = StrategySettings.read(PID, properties);
        name = "momentum " + fixed.symbol;
        StrategyOrders orders = new StrategyOrders(gateway, probe, fixed.strategyId, 4);
        params = params(properties, DEFAULTS);
        logic = new MomentumTaker(orders, params);
        driver = new StrategyDriver(name, logic, clock, symbols, fixed.bookLevels);
        driver.register(context, fixed.symbol, PID + "[" + fixed.symbol + "]");
    }

    /** Reads the tunables; a bad value is reported (file and field) and the previous one kept, as is an absent one. */
    static MomentumTaker.Params params(Map<String, ?> properties, MomentumTaker.Params previous) {
        Settings s = new Settings(PID, properties);
        int scale = MarketMaker.SIZE_SCALE;
        MomentumTaker.Params p = new MomentumTaker.Params(
                s.intValue("lookback", previous.lookback(), 1, 100_000),
                s.decimal("threshold.bps", previous.thresholdPpm(), 2, 1, 1_000_000),
                s.decimal("size", previous.size(), scale, 1, 1_000_000_000L * FixedPoint.pow10(scale)),
                s.longValue("holding.ms", previous.holdingNs() / 1_000_000L, 0, 86_400_000L) * 1_000_000L,
                s.longValue("slippage.ticks", previous.slippageTicks(), 0, 1_000_000),
                s.longValue("reject.cooldown.ms", previous.rejectCooldownNs() / 1_000_000L, 0, 3_600_000L) * 1_000_000L);
        if (s.hasErrors()) LOG.log(Level.ERROR, s.errors());
        return p;
    }

    @Modified
    void modified(Map<String, Object> properties) {
        String change;
        try {
            change = fixed.fixedChange(StrategySettings.read(PID, properties));
        } catch (IllegalArgumentException e) {
            change = e.getMessage();
        }
        if (change != null) {
            LOG.log(Level.ERROR, name + ": " + change + " needs a new configuration (delete the file and create one); keeping the running instance as it is");
            return;
        }
        MomentumTaker.Params next = params(properties, params);
        params = next;
        driver.change(() -> logic.params(next));
        LOG.log(Level.INFO, name + ": new parameters " + next + " apply at the next decision");
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

    /** Stops deciding and cancels a working order; the position is kept. */
    @Override
    public void stop() {
        driver.stop();
    }

    @Override
    public String describe() {
        return strategyId() + " " + driver.describe();
    }
}
