package flox.api.order;

/** How long an order rests. POST_ONLY rests only if it would not take liquidity on entry.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum TimeInForce {
    GTC,
    IOC,
    FOK,
    POST_ONLY
}
