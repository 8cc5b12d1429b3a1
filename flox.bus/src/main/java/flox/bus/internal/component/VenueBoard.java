package flox.bus.internal.component;

import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.Map;
import java.util.TreeMap;

/**
 * The last state each venue published on the market-data bus, for the host's status line
 * ({@code SIM LIVE}) and {@code flox:status}. A venue-wide state replaces that venue's
 * per-symbol states; a per-symbol state is shown only while it differs from its venue's.
 *
 * <p>Called by publishers ({@link #record}, rare: on a state change) and by the status thread
 * ({@link #describe}); synchronized. Allocates (cold path).
 */
final class VenueBoard {
    private final Map<String, VenueState> byVenue = new TreeMap<>();
    /** "EXCHANGE:SYMBOL" -> state, for symbols whose own state was published. */
    private final Map<String, VenueState> bySymbol = new TreeMap<>();

    synchronized void record(VenueStateEvent e, SymbolRegistry symbols) {
        String exchange = e.exchange();
        if (e.isVenueWide()) {
            byVenue.put(exchange, e.state());
            bySymbol.keySet().removeIf(k -> k.startsWith(exchange + ':'));
            return;
        }
        SymbolInfo s = symbols == null ? null : symbols.symbol(e.symbolId());
        String key = exchange + ':' + (s == null ? "#" + e.symbolId() : s.symbol());
        bySymbol.put(key, e.state());
    }

    /** E.g. {@code "SIM LIVE, BINANCE STALE, BINANCE:ETHUSDT SYNCING"}; empty before any state was published. */
    synchronized String describe() {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, VenueState> v : byVenue.entrySet()) {
            if (b.length() > 0) b.append(", ");
            b.append(v.getKey()).append(' ').append(v.getValue());
        }
        for (Map.Entry<String, VenueState> s : bySymbol.entrySet()) {
            String venue = s.getKey().substring(0, s.getKey().indexOf(':'));
            if (s.getValue() == byVenue.get(venue)) continue;
            if (b.length() > 0) b.append(", ");
            b.append(s.getKey()).append(' ').append(s.getValue());
        }
        return b.toString();
    }
}
