package flox.api.order;

/** How long an order rests. POST_ONLY rests only if it would not take liquidity on entry. */
public enum TimeInForce {
    GTC,
    IOC,
    FOK,
    POST_ONLY
}
