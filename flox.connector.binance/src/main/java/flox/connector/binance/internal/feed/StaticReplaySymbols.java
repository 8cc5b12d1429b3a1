package flox.connector.binance.internal.feed;

import flox.api.num.FixedPoint;
import java.util.ArrayList;
import java.util.List;

/**
 * A fixed list of symbols with ids 0, 1, 2... in the order they were added, for tests and
 * stand-alone replays. Lookups compare characters and allocate nothing; a linear scan, meant for
 * a handful of symbols. Not thread-safe while symbols are being added; read-only use afterwards
 * may be shared.
 */
public final class StaticReplaySymbols implements ReplaySymbols {
    private final List<String> names = new ArrayList<>();
    private int[] priceScales = new int[4];
    private int[] quantityScales = new int[4];

    /** Adds a symbol (upper case, as in Binance's {@code "s"} field) and returns its id. */
    public int add(String venueSymbol, int priceScale, int quantityScale) {
        if (priceScale < 0 || priceScale > FixedPoint.MAX_SCALE || quantityScale < 0 || quantityScale > FixedPoint.MAX_SCALE) {
            throw new IllegalArgumentException("scales must be in [0, " + FixedPoint.MAX_SCALE + "]: " + venueSymbol);
        }
        if (idOf(venueSymbol) != UNKNOWN) {
            throw new IllegalArgumentException("duplicate symbol " + venueSymbol);
        }
        int id = names.size();
        if (id == priceScales.length) {
            priceScales = java.util.Arrays.copyOf(priceScales, id * 2);
            quantityScales = java.util.Arrays.copyOf(quantityScales, id * 2);
        }
        names.add(venueSymbol);
        priceScales[id] = priceScale;
        quantityScales[id] = quantityScale;
        return id;
    }

    @Override
    public int idOf(CharSequence venueSymbol) {
        for (int i = 0, n = names.size(); i < n; i++) {
            String name = names.get(i);
            if (name.contentEquals(venueSymbol)) {
                return i;
            }
        }
        return UNKNOWN;
    }

    /** The venue symbol with this id. */
    public String name(int symbolId) { return names.get(symbolId); }

    @Override
    public int priceScale(int symbolId) { return priceScales[symbolId]; }

    @Override
    public int quantityScale(int symbolId) { return quantityScales[symbolId]; }
}
