package flox.connector.binance.internal.feed;

/**
 * How a recording's venue symbols map to the host's symbol ids and scales.
 *
 * <p>Implementations are called on the replay thread for every frame; {@link #idOf} must not
 * allocate (compare characters, as {@code SymbolRegistry.resolve} does).
 */
public interface ReplaySymbols {
    /** Returned by {@link #idOf} for a symbol the host does not trade: its frames are skipped and counted. */
    int UNKNOWN = -1;

    /** Id of a venue symbol in upper case ("BTCUSDT"), or {@link #UNKNOWN}. */
    int idOf(CharSequence venueSymbol);

    /** Decimal places of prices for {@code symbolId} (2 for BTCUSDT: tick 0.01). */
    int priceScale(int symbolId);

    /** Decimal places of quantities for {@code symbolId}. */
    int quantityScale(int symbolId);
}
