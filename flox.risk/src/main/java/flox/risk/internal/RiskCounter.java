package flox.risk.internal;

/**
 * What the risk engine counts: refusals per limit, and the events it let through or could not
 * account for. Immutable; constants are shared, so using them allocates nothing.
 */
enum RiskCounter {
    // refusals
    KILL_SWITCH(true, "kill switch"),
    RISK_HALTED(true, "halted (no confirmed risk configuration)"),
    MAX_ORDER_QUANTITY(true, "max.order.quantity"),
    MAX_ORDER_NOTIONAL(true, "max.order.notional"),
    PRICE_BAND(true, "price.band.bps"),
    MAX_POSITION(true, "max.position"),
    ORDER_RATE(true, "order rate"),
    MARKET_WITHOUT_REFERENCE(true, "market order without reference price"),
    POSITIONS_FULL(true, "positions table full (new strategy/symbol pair)"),
    UNKNOWN_SYMBOL(true, "unknown symbol"),
    VENUE_NOT_LIVE(true, "venue not LIVE"),
    BOOK_INVALID(true, "book invalid (until the next snapshot)"),
    // let through or not accounted
    LIMIT_WITHOUT_REFERENCE(false, "limit orders let through without reference price (no price band)"),
    MARKET_WITHOUT_REFERENCE_LET_THROUGH(false, "market orders let through without reference price (no notional check)"),
    REPEATED_FILL(false, "fill reports seen again (not counted twice)"),
    UNATTRIBUTED_FILL(false, "fills of orders no longer tracked (no position change)"),
    FILLS_TABLE_FULL(false, "fills counted by last quantity (fills table full)");

    /** Refusals come first: ordinals 0..REFUSALS-1 (per-strategy counts are kept for them). */
    static final int REFUSALS;

    static {
        int n = 0;
        for (RiskCounter c : values()) {
            if (c.isRefusal && c.ordinal() != n++) throw new AssertionError("refusal counters must come first: " + c);
            if (!c.isRefusal) n = Integer.MIN_VALUE;
        }
        int r = 0;
        for (RiskCounter c : values()) if (c.isRefusal) r++;
        REFUSALS = r;
    }

    final boolean isRefusal;
    final String label;

    RiskCounter(boolean isRefusal, String label) {
        this.isRefusal = isRefusal;
        this.label = label;
    }
}
