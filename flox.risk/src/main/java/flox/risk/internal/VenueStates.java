package flox.risk.internal;

import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Each venue's last published state, for the risk check: a symbol's own state when its venue
 * published one since the last venue-wide state, else the venue's. A venue that has published
 * nothing has no state (null): the check refuses its orders.
 *
 * <p>{@link #apply} runs on the market-data delivery thread, rarely (on a state change);
 * synchronized, copy-on-write (allocates). {@link #state} runs on any thread: one volatile array
 * read, an element read and at worst a map lookup by the exchange's string; no allocation.
 */
final class VenueStates {
    private final Map<String, VenueState> byVenue = new ConcurrentHashMap<>();
    /** Per symbol id: its own state, or null where the venue's applies. Replaced as a whole. */
    private volatile VenueState[] bySymbol = new VenueState[0];
    /** Set by the first refusal after a change, so that each change is logged once. */
    volatile boolean refusalLogged;

    VenueState state(SymbolInfo s) {
        VenueState[] own = bySymbol;
        int id = s.symbolId();
        VenueState v = id >= 0 && id < own.length ? own[id] : null;
        return v != null ? v : byVenue.get(s.exchange());
    }

    /** What {@link #apply} returns when the event changed nothing (a venue republishing its state). */
    static final String UNCHANGED = "unchanged";

    /**
     * @return the state the event replaced (null: none known), or {@link #UNCHANGED} when it
     *         changed nothing; a String so that "none" and "unchanged" stay apart
     */
    synchronized String apply(VenueStateEvent e, SymbolRegistry symbols) {
        String exchange = e.exchange();
        VenueState[] own = bySymbol;
        if (e.isVenueWide()) {
            VenueState previous = byVenue.put(exchange, e.state());
            boolean changed = previous != e.state();
            for (int id = 0; id < own.length && !changed; id++) {
                SymbolInfo s = own[id] == null ? null : symbols.symbol(id);
                changed = s != null && s.exchange().equals(exchange);
            }
            if (!changed) return UNCHANGED;
            VenueState[] next = own.clone();
            for (int id = 0; id < next.length; id++) {
                SymbolInfo s = next[id] == null ? null : symbols.symbol(id);
                if (s != null && s.exchange().equals(exchange)) next[id] = null;
            }
            bySymbol = next;
            refusalLogged = false;
            return String.valueOf(previous);
        } else {
            int id = e.symbolId();
            VenueState previous = id < own.length && own[id] != null ? own[id] : byVenue.get(exchange);
            if (id < own.length && own[id] == e.state()) return UNCHANGED;
            VenueState[] next = Arrays.copyOf(own, Math.max(own.length, id + 1));
            next[id] = e.state();
            bySymbol = next;
            refusalLogged = false;
            return String.valueOf(previous);
        }
    }

    /** E.g. {@code "SIM LIVE, BINANCE:ETHUSDT STALE"}; "none published" before any. Cold path. */
    synchronized String describe(SymbolRegistry symbols) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, VenueState> v : new TreeMap<>(byVenue).entrySet()) {
            b.append(b.length() == 0 ? "" : ", ").append(v.getKey()).append(' ').append(v.getValue());
        }
        VenueState[] own = bySymbol;
        for (int id = 0; id < own.length; id++) {
            SymbolInfo s = own[id] == null ? null : symbols.symbol(id);
            if (s != null) b.append(b.length() == 0 ? "" : ", ").append(s.exchange()).append(':').append(s.symbol()).append(' ').append(own[id]);
        }
        return b.length() == 0 ? "none published" : b.toString();
    }
}
