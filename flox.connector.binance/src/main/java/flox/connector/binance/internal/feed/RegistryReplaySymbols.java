package flox.connector.binance.internal.feed;

import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;

/**
 * Maps a recording's venue symbols to the host registry's symbols of one exchange (the
 * simulated exchange replays Binance's BTCUSDT as SIM:BTCUSDT). Thread-safe as the registry
 * is; {@link #idOf} allocates nothing.
 */
public final class RegistryReplaySymbols implements ReplaySymbols {
    private final SymbolRegistry registry;
    private final String exchange;

    public RegistryReplaySymbols(SymbolRegistry registry, String exchange) {
        this.registry = registry;
        this.exchange = exchange;
    }

    @Override
    public int idOf(CharSequence venueSymbol) {
        int id = registry.resolve(exchange, venueSymbol);
        return id < 0 ? UNKNOWN : id;
    }

    @Override
    public int priceScale(int symbolId) {
        SymbolInfo s = registry.symbol(symbolId);
        return s == null ? 0 : s.priceScale();
    }

    @Override
    public int quantityScale(int symbolId) {
        SymbolInfo s = registry.symbol(symbolId);
        return s == null ? 0 : s.quantityScale();
    }
}
