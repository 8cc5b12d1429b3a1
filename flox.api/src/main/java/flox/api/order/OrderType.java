package flox.api.order;

/** Order type. STOP and STOP_LIMIT use {@link OrderRequest#stopPriceScaled()}.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum OrderType {
    LIMIT,
    MARKET,
    STOP,
    STOP_LIMIT
}
