package flox.api.symbol;

/** Kind of instrument a symbol trades. Immutable; thread-safe. */
public enum InstrumentType {
    /** Spot: the base asset itself, paid for in the quote asset. */
    SPOT,
    /** Futures contract (see {@link #INVERSE} for coin-margined ones). */
    FUTURE,
    /** Inverse (coin-margined) contract: quantity in quote units, settled in base. */
    INVERSE,
    /** Options contract. */
    OPTION
}
