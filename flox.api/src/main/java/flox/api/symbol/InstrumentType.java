package flox.api.symbol;

/** Kind of instrument a symbol trades. Immutable; thread-safe. */
public enum InstrumentType {
    SPOT,
    FUTURE,
    /** Inverse (coin-margined) contract: quantity in quote units, settled in base. */
    INVERSE,
    OPTION
}
