package flox.core.symbol;

/**
 * The (exchange, symbol) pair as a hash-map key on cold paths. Both parts are compared
 * separately, so ("SIM", "X:Y") and ("SIM:X", "Y") are different keys even though they are
 * spelled alike as {@code exchange:symbol}. Allocates; never used by lookups on hot paths.
 */
record SymbolKey(String exchange, String symbol) {
    /** The pair as shown in messages: {@code exchange:symbol}. */
    @Override
    public String toString() {
        return exchange + ':' + symbol;
    }
}
