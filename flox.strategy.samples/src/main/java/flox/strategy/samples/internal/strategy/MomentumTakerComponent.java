package flox.strategy.samples.internal.strategy;

import flox.api.num.FixedPoint;
import flox.api.order.OrderGateway;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.Settings;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
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
public final class MomentumTakerComponent extends SampleStrategyComponent<MomentumTaker.Params> {
    public static final String PID = "flox.strategy.momentum";

    @ObjectClassDefinition(name = "Flox sample momentum taker",
            description = "Takes liquidity in the direction of a recent move of the mid, holds, then exits; one instance per configuration.")
    public @interface Config {
        @AttributeDefinition(name = "Symbol", description = "EXCHANGE:SYMBOL, as in symbols.csv (fixed for the instance).")
        String symbol();

        @AttributeDefinition(name = "Strategy id", description = "Owner id of its orders, unique in the host (fixed for the instance).", min = "1", max = "2147483647")
        int strategy_id();

        @AttributeDefinition(name = "Lookback", description = "Number of mid-price changes the move is measured over.", min = "1", max = "100000")
        int lookback() default 20;

        @AttributeDefinition(name = "Threshold (bps)", description = "Move of the mid, in basis points, that triggers an entry.")
        String threshold_bps() default "5";

        @AttributeDefinition(name = "Size", description = "Entry quantity in base units (a multiple of the lot size).")
        String size() default "0.01";

        @AttributeDefinition(name = "Holding (ms)", description = "How long a position is held before it is taken off.", min = "0", max = "86400000")
        long holding_ms() default 2000;

        @AttributeDefinition(name = "Slippage (ticks)", description = "How far through the touch its fill-or-kill orders are priced.", min = "0", max = "1000000")
        long slippage_ticks() default 2;

        @AttributeDefinition(name = "Reject cool-down (ms)", description = "After a refused order, no new order for this long.", min = "0", max = "3600000")
        long reject_cooldown_ms() default 250;

        @AttributeDefinition(name = "Book levels", description = "Levels per side of its book (fixed for the instance).", min = "1", max = "100000")
        int book_levels() default 64;
    }

    /** The annotation's defaults. */
    static final MomentumTaker.Params DEFAULTS = new MomentumTaker.Params((int) Settings.defaultLong(Config.class, "lookback"),
            Settings.defaultDecimal(Config.class, "threshold.bps", 2), Settings.defaultDecimal(Config.class, "size", MarketMaker.SIZE_SCALE),
            Settings.defaultLong(Config.class, "holding.ms") * 1_000_000L, Settings.defaultLong(Config.class, "slippage.ticks"),
            Settings.defaultLong(Config.class, "reject.cooldown.ms") * 1_000_000L);

    @Activate
    public MomentumTakerComponent(@Reference OrderGateway gateway, @Reference SymbolRegistry symbols, @Reference NanoClock clock,
            BundleContext context, Map<String, Object> properties) {
        super(PID, Config.class, "momentum", DEFAULTS, 4, gateway, symbols, clock, context, properties);
    }

    @Override
    MomentumTaker.Params readParams(Settings s, MomentumTaker.Params previous) {
        return params(s, previous);
    }

    @Override
    StrategyLogic newLogic(StrategyOrders orders, MomentumTaker.Params params) {
        return new MomentumTaker(orders, params);
    }

    @Override
    void apply(StrategyLogic logic, MomentumTaker.Params params) {
        ((MomentumTaker) logic).params(params);
    }

    @Override
    String describe(MomentumTaker.Params p, int quantityScale) {
        return text(p, quantityScale);
    }

    /** The tunables as the configuration spells them, sizes at {@code quantityScale} (-1: unknown). */
    static String text(MomentumTaker.Params p, int quantityScale) {
        return "lookback=" + p.lookback() + " threshold.bps=" + bps(p.thresholdPpm()) + " size=" + size(p.size(), quantityScale)
                + " holding.ms=" + p.holdingNs() / 1_000_000L + " slippage.ticks=" + p.slippageTicks()
                + " reject.cooldown.ms=" + p.rejectCooldownNs() / 1_000_000L;
    }

    /**
     * Reads the tunables; a bad value is reported (file and field) and the previous one kept, as is
     * an absent one. Whole numbers within the annotation's bounds; decimals within the ranges here.
     */
    static MomentumTaker.Params params(Settings s, MomentumTaker.Params previous) {
        int scale = MarketMaker.SIZE_SCALE;
        MomentumTaker.Params p = new MomentumTaker.Params(
                s.intValue("lookback", previous.lookback()),
                s.decimal("threshold.bps", previous.thresholdPpm(), 2, 1, 1_000_000),
                s.decimal("size", previous.size(), scale, 1, 1_000_000_000L * FixedPoint.pow10(scale)),
                s.longValue("holding.ms", previous.holdingNs() / 1_000_000L) * 1_000_000L,
                s.longValue("slippage.ticks", previous.slippageTicks()),
                s.longValue("reject.cooldown.ms", previous.rejectCooldownNs() / 1_000_000L) * 1_000_000L);
        return p;
    }
}
