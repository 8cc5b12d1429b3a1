package flox.connector.binance.internal.bookcheck;

import flox.connector.binance.internal.feed.ReplaySymbols;
import java.util.ArrayList;
import java.util.List;

/**
 * Every symbol a recording names, at Binance's wire scale (8 decimals for prices and
 * quantities), with ids in order of first appearance. Looking up a known symbol compares
 * characters and allocates nothing; a new one allocates its name once. One thread.
 */
final class DiscoveredSymbols implements ReplaySymbols {
    static final int WIRE_SCALE = 8;
    private final List<String> names = new ArrayList<>();

    @Override
    public int idOf(CharSequence venueSymbol) {
        for (int i = 0; i < names.size(); i++) {
            if (equal(names.get(i), venueSymbol)) return i;
        }
        names.add(venueSymbol.toString());
        return names.size() - 1;
    }

    private static boolean equal(String a, CharSequence b) {
        if (a.length() != b.length()) return false;
        for (int i = 0; i < a.length(); i++) if (a.charAt(i) != b.charAt(i)) return false;
        return true;
    }

    @Override
    public int priceScale(int symbolId) {
        return WIRE_SCALE;
    }

    @Override
    public int quantityScale(int symbolId) {
        return WIRE_SCALE;
    }

    String name(int symbolId) {
        return names.get(symbolId);
    }

    int size() {
        return names.size();
    }
}
