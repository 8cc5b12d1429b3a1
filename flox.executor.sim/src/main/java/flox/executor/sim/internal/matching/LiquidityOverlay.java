package flox.executor.sim.internal.matching;

/**
 * External liquidity the host has already taken at one side's price levels. The external book
 * does not know about the host's fills, so without this the same displayed quantity could be
 * filled twice. An entry lives until market data updates its level ({@link #clear(long)}) or
 * the book is replaced ({@link #clearAll()}).
 *
 * <p>Bounded: when full, {@link #compact} drops entries whose price is no longer displayed.
 * Not thread-safe. No allocation after construction.
 */
final class LiquidityOverlay {
    private final long[] prices;
    private final long[] consumed;
    private int count;

    LiquidityOverlay(int capacity) {
        prices = new long[capacity];
        consumed = new long[capacity];
    }

    long consumedAt(long priceScaled) {
        for (int i = 0; i < count; i++) {
            if (prices[i] == priceScaled) return consumed[i];
        }
        return 0;
    }

    /** Adds {@code quantityScaled} taken at {@code priceScaled}; false when full (nothing recorded). */
    boolean add(long priceScaled, long quantityScaled) {
        for (int i = 0; i < count; i++) {
            if (prices[i] == priceScaled) {
                consumed[i] += quantityScaled;
                return true;
            }
        }
        if (count == prices.length) return false;
        prices[count] = priceScaled;
        consumed[count++] = quantityScaled;
        return true;
    }

    boolean hasRoomFor(long priceScaled) {
        return count < prices.length || consumedAt(priceScaled) > 0;
    }

    void clear(long priceScaled) {
        for (int i = 0; i < count; i++) {
            if (prices[i] == priceScaled) {
                count--;
                prices[i] = prices[count];
                consumed[i] = consumed[count];
                return;
            }
        }
    }

    void clearAll() {
        count = 0;
    }

    /** Drops entries at prices the book no longer shows among its first {@code levels} on this side. */
    void compact(MarketLevels book, boolean isAskSide, int levels) {
        for (int i = count - 1; i >= 0; i--) {
            if (!isDisplayed(book, isAskSide, prices[i], levels)) {
                count--;
                prices[i] = prices[count];
                consumed[i] = consumed[count];
            }
        }
    }

    int size() {
        return count;
    }

    private static boolean isDisplayed(MarketLevels book, boolean isAskSide, long priceScaled, int levels) {
        int n = Math.min(isAskSide ? book.askLevels() : book.bidLevels(), levels);
        for (int i = 0; i < n; i++) {
            if ((isAskSide ? book.askPrice(i) : book.bidPrice(i)) == priceScaled) return true;
        }
        return false;
    }
}
