package flox.api.order;

/** Order type. STOP and STOP_LIMIT use {@link OrderRequest#stopPriceScaled()}.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum OrderType {
    /** Trades at {@link OrderRequest#priceScaled()} or better. */
    LIMIT,
    /** Trades at the best prices available; no limit price. */
    MARKET,
    /** Becomes a market order when the market reaches the stop price. */
    STOP,
    /** Becomes a limit order at {@link OrderRequest#priceScaled()} when the market reaches the stop price. */
    STOP_LIMIT
}
