package flox.executor.sim.internal.matching;

import flox.api.num.FixedPoint;
import flox.api.order.RejectReason;
import flox.api.symbol.SymbolInfo;

/**
 * A symbol's trading rules as the venue enforces them: tradable, tick, lot, minimum and maximum
 * quantity, minimum and maximum notional. The notional {@code price x quantity} is compared in 128-bit fixed point
 * ({@link Math#multiplyHigh}), so no product overflows.
 *
 * <p>Immutable and thread-safe. No method allocates.
 */
public final class OrderRules {
    private final long tickSizeScaled;
    private final long lotSizeScaled;
    private final long minQuantityScaled;
    private final long minNotionalScaled;
    private final long maxQuantityScaled;
    private final long maxNotionalScaled;
    private final boolean tradable;
    /** 10^quantityScale: brings minNotional (price scale) to the scale of price x quantity. */
    private final long quantityUnit;

    public OrderRules(SymbolInfo symbol) {
        tickSizeScaled = symbol.tickSizeScaled();
        lotSizeScaled = symbol.lotSizeScaled();
        minQuantityScaled = symbol.minQuantityScaled();
        minNotionalScaled = symbol.minNotionalScaled();
        maxQuantityScaled = symbol.maxQuantityScaled();
        maxNotionalScaled = symbol.maxNotionalScaled();
        tradable = symbol.isTradable();
        quantityUnit = FixedPoint.pow10(symbol.quantityScale());
    }

    /** Checks a price: positive and on the tick. */
    public RejectReason checkPrice(long priceScaled) {
        return priceScaled > 0 && priceScaled % tickSizeScaled == 0 ? RejectReason.NONE : RejectReason.INVALID_PRICE;
    }

    /** Checks a quantity: tradable symbol, positive, on the lot, at least the minimum, at most the maximum. */
    public RejectReason checkQuantity(long quantityScaled) {
        if (!tradable) return RejectReason.SYMBOL_NOT_TRADABLE;
        if (quantityScaled <= 0 || quantityScaled % lotSizeScaled != 0) return RejectReason.INVALID_QUANTITY;
        if (quantityScaled < minQuantityScaled) return RejectReason.BELOW_MIN_QUANTITY;
        if (maxQuantityScaled > 0 && quantityScaled > maxQuantityScaled) return RejectReason.ABOVE_MAX_QUANTITY;
        return RejectReason.NONE;
    }

    /** Checks a limit order: price, then quantity, then notional. */
    public RejectReason checkLimit(long priceScaled, long quantityScaled) {
        RejectReason r = checkPrice(priceScaled);
        if (r != RejectReason.NONE) return r;
        r = checkQuantity(quantityScaled);
        if (r != RejectReason.NONE) return r;
        if (isBelowMinNotional(priceScaled, quantityScaled)) return RejectReason.BELOW_MIN_NOTIONAL;
        return isAboveMaxNotional(priceScaled, quantityScaled) ? RejectReason.ABOVE_MAX_NOTIONAL : RejectReason.NONE;
    }

    /** True when a maximum is set and {@code price x quantity > maxNotional}; inputs non-negative. Exact, no overflow. */
    public boolean isAboveMaxNotional(long priceScaled, long quantityScaled) {
        return maxNotionalScaled != 0 && compareNotional(priceScaled, quantityScaled, maxNotionalScaled) > 0;
    }

    /** True when {@code price x quantity < minNotional}; inputs non-negative. Exact, no overflow. */
    public boolean isBelowMinNotional(long priceScaled, long quantityScaled) {
        return minNotionalScaled != 0 && compareNotional(priceScaled, quantityScaled, minNotionalScaled) < 0;
    }

    /**
     * Compares {@code price x quantity} with {@code notionalScaled} (price scale), both at scale
     * priceScale + quantityScale as unsigned 128-bit (hi, lo); inputs non-negative.
     */
    private int compareNotional(long priceScaled, long quantityScaled, long notionalScaled) {
        long hi = Math.multiplyHigh(priceScaled, quantityScaled);
        long lo = priceScaled * quantityScaled;
        long limitHi = Math.multiplyHigh(notionalScaled, quantityUnit);
        long limitLo = notionalScaled * quantityUnit;
        return hi != limitHi ? Long.compare(hi, limitHi) : Long.compareUnsigned(lo, limitLo);
    }
}
