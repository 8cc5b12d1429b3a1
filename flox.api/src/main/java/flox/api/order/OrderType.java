package flox.api.order;

/** Order type. STOP and STOP_LIMIT use {@link OrderRequest#stopPriceScaled()}. */
public enum OrderType {
    LIMIT,
    MARKET,
    STOP,
    STOP_LIMIT
}
