package flox.risk.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Metatype of the risk configuration (pid {@value RiskComponent#PID}): each key's default and
 * range, written only here. {@link RiskSettings} reads the properties against the XML bnd
 * generates from it ({@link flox.core.config.Metatype}), reports a bad value by file and field
 * and keeps its last good value.
 */
@ObjectClassDefinition(name = "Flox risk", description = "Pre-trade limits on the submission path and the kill switch.")
@interface RiskConfig {
    @AttributeDefinition(name = "Max order quantity", description = "Per order, in base units of the symbol, as a decimal (0 = off).")
    String max_order_quantity() default "1000";

    @AttributeDefinition(name = "Max order quantity per symbol", description = "Overrides: EXCHANGE:SYMBOL=decimal, comma-separated.", required = false)
    String max_order_quantity_per_symbol() default "";

    @AttributeDefinition(name = "Max order notional", description = "Per order, price x quantity in the symbol's quote currency, as a decimal (0 = off). "
            + "Market orders are priced at the mid.")
    String max_order_notional() default "100000";

    @AttributeDefinition(name = "Max order notional per symbol", description = "Overrides: EXCHANGE:SYMBOL=decimal, comma-separated.", required = false)
    String max_order_notional_per_symbol() default "";

    @AttributeDefinition(name = "Max position", description = "Absolute net filled position per strategy and symbol, in base units (0 = off). "
            + "An order that reduces the exposure always passes.")
    String max_position() default "1000";

    @AttributeDefinition(name = "Max position per symbol", description = "Overrides: EXCHANGE:SYMBOL=decimal, comma-separated.", required = false)
    String max_position_per_symbol() default "";

    @AttributeDefinition(name = "Price band (bps)", description = "A limit price must lie within this many basis points of the mid (0 = off). "
            + "Without a mid the order passes, counted.", min = "0", max = "100000")
    long price_band_bps() default 500;

    @AttributeDefinition(name = "Refuse market orders without reference price", description = "Without a mid a market order cannot be "
            + "priced for the notional check: refuse it (true) or let it through, counted (false).")
    boolean refuse_market_without_reference() default false;

    @AttributeDefinition(name = "Order rate (orders/s)", description = "Per strategy, submits and replaces (0 = off). Strategy ids 0-4095 "
            + "have their own bucket; all other ids share one.", min = "0", max = "1000000000")
    long order_rate_per_second() default 1000;

    @AttributeDefinition(name = "Order rate burst", description = "Orders a strategy may send at once after being idle.", min = "1", max = "1000000000")
    long order_rate_burst() default 200;

    @AttributeDefinition(name = "Kill switch", description = "true engages it at start (and when changed to true): new orders are refused "
            + "and every open order is canceled; false releases it when changed from true.")
    boolean kill_switch() default false;

    @AttributeDefinition(name = "Kill cancel rounds", description = "How many times the kill switch sweeps the open orders.", min = "1", max = "1000")
    int kill_cancel_rounds() default 10;

    @AttributeDefinition(name = "Kill cancel interval (ms)", description = "Pause between sweeps, for the venue to confirm cancels.", min = "0", max = "60000")
    long kill_cancel_interval_ms() default 100;

    @AttributeDefinition(name = "Positions capacity", description = "(strategy, symbol) pairs with a position; preallocated; applies at the next start.",
            min = "16", max = "16777216")
    int positions_capacity() default 65_536;

    @AttributeDefinition(name = "Reference book levels", description = "Levels per side of each symbol's reference book; applies at the next start.",
            min = "1", max = "100000")
    int book_levels() default 256;
}
