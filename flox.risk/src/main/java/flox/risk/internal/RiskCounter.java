package flox.risk.internal;

/**
 * What the risk engine counts: refusals per limit, and the events it let through or could not
 * account for. Immutable; constants are shared, so using them allocates nothing.
 */
enum RiskCounter {
    // refusals
    KILL_SWITCH(true, "kill switch"),
    MAX_ORDER_QUANTITY(true, "max.order.quantity"),
    MAX_ORDER_NOTIONAL(true, "max.order.notional"),
    PRICE_BAND(true, "price.band.bps"),
    MAX_POSITION(true, "max.position"),
    ORDER_RATE(true, "order rate"),
    MARKET_WITHOUT_REFERENCE(true, "market order without reference price"),
    POSITIONS_FULL(true, "positions table full (new strategy/symbol pair)"),
    UNKNOWN_SYMBOL(true, "unknown symbol"),
    // let through or not accounted
    LIMIT_WITHOUT_REFERENCE(false, "limit orders let through without reference price (no price band)"),
    MARKET_WITHOUT_REFERENCE_LET_THROUGH(false, "market orders let through without reference price (no notional check)"),
    REPEATED_FILL(false, "fill reports seen again (not counted twice)"),
    UNATTRIBUTED_FILL(false, "fills of orders no longer tracked (no position change)"),
    FILLS_TABLE_FULL(false, "fills counted by last quantity (fills table full)");

    final boolean isRefusal;
    final String label;

    RiskCounter(boolean isRefusal, String label) {
        this.isRefusal = isRefusal;
        this.label = label;
    }
}
