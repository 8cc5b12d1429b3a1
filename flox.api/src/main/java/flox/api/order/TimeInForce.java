package flox.api.order;

/** How long an order rests. POST_ONLY rests only if it would not take liquidity on entry.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum TimeInForce {
    /** Good till canceled: rests until filled or canceled. */
    GTC,
    /** Immediate or cancel: fills what it can at once; the rest expires. */
    IOC,
    /** Fill or kill: fills completely at once or expires without a fill. */
    FOK,
    /** Rests only as a maker; refused if it would take liquidity on entry. */
    POST_ONLY
}
