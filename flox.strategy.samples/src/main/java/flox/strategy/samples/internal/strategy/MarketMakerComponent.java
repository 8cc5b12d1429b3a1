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
 * A {@link MarketMaker} per factory configuration (pid {@value #PID}), e.g.
 * {@code etc/flox.strategy.marketmaker-btc.cfg}. Registers as a {@link Strategy} (the lifecycle
 * coordinator starts it in the STRATEGY phase) and, through its {@link StrategyDriver}, as
 * market-data and execution subscriber for its symbol. Tunables change live (at the next decision); symbol, strategy.id
 * and book.levels need a new configuration.
 */
@Component(configurationPid = MarketMakerComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {Strategy.class, SampleStrategy.class})
@Designate(ocd = MarketMakerComponent.Config.class, factory = true)
public final class MarketMakerComponent extends SampleStrategyComponent<MarketMaker.Params> {
    public static final String PID = "flox.strategy.marketmaker";

    @ObjectClassDefinition(name = "Flox sample market maker",
            description = "Quotes one post-only order per side around the mid, skewed against its inventory; one instance per configuration.")
    public @interface Config {
        @AttributeDefinition(name = "Symbol", description = "EXCHANGE:SYMBOL, as in symbols.csv (fixed for the instance).")
        String symbol();

        @AttributeDefinition(name = "Strategy id", description = "Owner id of its orders, unique in the host (fixed for the instance).", min = "1", max = "2147483647")
        int strategy_id();

        @AttributeDefinition(name = "Quote size", description = "Quantity of each quote, in base units (a multiple of the lot size).")
        String quote_size() default "0.001";

        @AttributeDefinition(name = "Spread (bps)", description = "Distance between bid and ask quotes, in basis points of the mid (added to spread.ticks).")
        String spread_bps() default "0";

        @AttributeDefinition(name = "Spread (ticks)", description = "Distance between bid and ask quotes, in ticks (added to spread.bps; at least 2 ticks in all).", min = "0", max = "1000000")
        long spread_ticks() default 4;

        @AttributeDefinition(name = "Skew (bps per quote size held)", description = "How far both quotes move against the inventory, in basis points of the mid per quote size held (added to skew.ticks).")
        String skew_bps() default "0";

        @AttributeDefinition(name = "Skew (ticks per quote size held)", description = "How far both quotes move against the inventory, in ticks per quote size held (added to skew.bps).", min = "0", max = "1000000")
        long skew_ticks() default 1;

        @AttributeDefinition(name = "Max inventory", description = "Largest absolute position, in base units, that open quotes may lead to.")
        String max_inventory() default "0.01";

        @AttributeDefinition(name = "Requote threshold (bps)", description = "A working quote is replaced when the wanted price moves this far from it, in bps of the mid (added to requote.threshold.ticks; at least one tick in all).")
        String requote_threshold_bps() default "0";

        @AttributeDefinition(name = "Requote threshold (ticks)", description = "The same in ticks (added to requote.threshold.bps).", min = "0", max = "1000000")
        long requote_threshold_ticks() default 3;

        @AttributeDefinition(name = "Reject cool-down (ms)", description = "After a refused order, no new order for this long.", min = "0", max = "3600000")
        long reject_cooldown_ms() default 250;

        @AttributeDefinition(name = "Book levels", description = "Levels per side of its book (fixed for the instance).", min = "1", max = "100000")
        int book_levels() default 64;
    }

    /** The annotation's defaults. */
    static final MarketMaker.Params DEFAULTS = new MarketMaker.Params(Settings.defaultDecimal(Config.class, "quote.size", MarketMaker.SIZE_SCALE),
            Settings.defaultDecimal(Config.class, "max.inventory", MarketMaker.SIZE_SCALE), Settings.defaultDecimal(Config.class, "spread.bps", 2),
            Settings.defaultLong(Config.class, "spread.ticks"), Settings.defaultDecimal(Config.class, "skew.bps", 2),
            Settings.defaultLong(Config.class, "skew.ticks"), Settings.defaultDecimal(Config.class, "requote.threshold.bps", 2),
            Settings.defaultLong(Config.class, "requote.threshold.ticks"), Settings.defaultLong(Config.class, "reject.cooldown.ms") * 1_000_000L);

    @Activate
    public MarketMakerComponent(@Reference OrderGateway gateway, @Reference SymbolRegistry symbols, @Reference NanoClock clock,
            BundleContext context, Map<String, Object> properties) {
        super(PID, Config.class, "marketmaker", DEFAULTS, 16, gateway, symbols, clock, context, properties);
    }

    @Override
    MarketMaker.Params readParams(Settings s, MarketMaker.Params previous) {
        return params(s, previous);
    }

    @Override
    StrategyLogic newLogic(StrategyOrders orders, MarketMaker.Params params) {
        return new MarketMaker(orders, params);
    }

    @Override
    void apply(StrategyLogic logic, MarketMaker.Params params) {
        ((MarketMaker) logic).params(params);
    }

    @Override
    String describe(MarketMaker.Params p, int quantityScale) {
        return text(p, quantityScale);
    }

    /** The tunables as the configuration spells them, sizes at {@code quantityScale} (-1: unknown). */
    static String text(MarketMaker.Params p, int quantityScale) {
        return "quote.size=" + size(p.quoteSize(), quantityScale) + " max.inventory=" + size(p.maxInventory(), quantityScale)
                + " spread.bps=" + bps(p.spreadPpm()) + " spread.ticks=" + p.spreadTicks() + " skew.bps=" + bps(p.skewPpm())
                + " skew.ticks=" + p.skewTicks() + " requote.threshold.bps=" + bps(p.requotePpm()) + " requote.threshold.ticks=" + p.requoteTicks()
                + " reject.cooldown.ms=" + p.rejectCooldownNs() / 1_000_000L;
    }

    /**
     * Reads the tunables; a bad value is reported (file and field) and the previous one kept, as is
     * an absent one. Whole numbers within the annotation's bounds; decimals within the ranges here.
     */
    static MarketMaker.Params params(Settings s, MarketMaker.Params previous) {
        int scale = MarketMaker.SIZE_SCALE;
        long max = 1_000_000_000L * FixedPoint.pow10(scale);
        MarketMaker.Params p = new MarketMaker.Params(
                s.decimal("quote.size", previous.quoteSize(), scale, 1, max),
                s.decimal("max.inventory", previous.maxInventory(), scale, 1, max),
                s.decimal("spread.bps", previous.spreadPpm(), 2, 0, 1_000_000),
                s.longValue("spread.ticks", previous.spreadTicks()),
                s.decimal("skew.bps", previous.skewPpm(), 2, 0, 1_000_000),
                s.longValue("skew.ticks", previous.skewTicks()),
                s.decimal("requote.threshold.bps", previous.requotePpm(), 2, 0, 1_000_000),
                s.longValue("requote.threshold.ticks", previous.requoteTicks()),
                s.longValue("reject.cooldown.ms", previous.rejectCooldownNs() / 1_000_000L) * 1_000_000L);
        return p;
    }
}
