package flox.api.event;

/**
 * Whether a fill added liquidity to the venue's book (the resting order: maker) or took it (the
 * aggressing order: taker); venues charge them differently. Appended only.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum Liquidity {
    /** The venue did not say (or the report is not a fill). */
    UNKNOWN,
    /** The order rested in the book and was traded against. */
    MAKER,
    /** The order traded against a resting order. */
    TAKER
}
