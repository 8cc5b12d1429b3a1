package flox.strategy.samples.internal.strategy;

import flox.api.book.OrderBook;
import flox.api.num.FixedPoint;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;

/**
 * A market maker: one post-only quote per side around the mid, skewed against its inventory,
 * requoted when the book moves the wanted price far enough from the working quote.
 *
 * <pre>
 * spread       = mid x spread.bps + spread.ticks x tick                 (at least 2 ticks)
 * skew         = (mid x skew.bps + skew.ticks x tick) x inventory / quote size   (long: quotes move down)
 * bid          = floor_to_tick(mid - skew - spread / 2), at most best ask - 1 tick
 * ask          = ceil_to_tick (mid - skew + spread / 2), at least best bid + 1 tick
 * threshold    = mid x requote.threshold.bps + requote.threshold.ticks x tick   (at least 1 tick)
 * </pre>
 *
 * Each distance is a share of the mid plus a number of ticks, so it can be set in the unit that
 * suits the market: basis points for a real venue, ticks for the simulated one, whose book spans
 * a few ticks.
 *
 * Per side, on every book change: no working quote -&gt; place one (unless the side's exposure,
 * inventory plus open orders, would exceed max inventory, or an earlier quote of that side is
 * still being canceled); a working quote (acknowledged) whose price is at least the requote
 * threshold away from the wanted price, or that now exceeds max inventory, is canceled and
 * replaced once the cancel is done. So there is at most one order per side, and the position
 * stays within max inventory plus one quote size. After a refused order no new quote goes out
 * for the reject cool-down. On stop, and when the book becomes invalid (the default
 * {@link StrategyLogic#onBookInvalid}), the working quotes are canceled; the inventory is kept (not
 * flattened). No quote goes out on an invalid book: the driver does not call {@link #onBook} until
 * a snapshot has made it valid again.
 *
 * <p>Shares of the mid (spread, skew, threshold) are in parts per million (1 bps = 100 ppm);
 * sizes are converted to the symbol's quantity scale in {@link #bindSymbol}. Not thread-safe
 * (the decision thread, see {@link StrategyDriver}); no allocation in {@link #onBook}.
 */
public final class MarketMaker implements StrategyLogic {
    /** Configuration, symbol-independent: sizes as decimals at {@link #SIZE_SCALE}, rates in ppm of the mid. */
    public record Params(long quoteSize, long maxInventory, long spreadPpm, long spreadTicks, long skewPpm, long skewTicks,
                         long requotePpm, long requoteTicks, long rejectCooldownNs) {
    }

    /** Scale of the configured sizes (8 decimals). */
    public static final int SIZE_SCALE = 8;
    private static final long PPM = 1_000_000L;

    private final StrategyOrders orders;
    private Params params;
    // at the symbol's scales, set by bindSymbol
    private long quoteSizeScaled;
    private long maxInventoryScaled;
    private long tick;

    public MarketMaker(StrategyOrders orders, Params params) {
        this.orders = orders;
        this.params = params;
    }

    /** New parameters; call {@link #bindSymbol} again to apply them (the driver does). */
    public void params(Params p) {
        params = p;
    }

    @Override
    public StrategyOrders orders() {
        return orders;
    }

    @Override
    public String bindSymbol(SymbolInfo s) {
        Params p = params;
        long size = FixedPoint.rescale(p.quoteSize(), SIZE_SCALE, s.quantityScale());
        long max = toScaleFloor(p.maxInventory(), s.quantityScale());
        quoteSizeScaled = 0;
        if (size == FixedPoint.INVALID || !s.isOnLot(size)) {
            return "quote.size " + FixedPoint.format(p.quoteSize(), SIZE_SCALE) + " is not a multiple of the lot size "
                    + FixedPoint.format(s.lotSizeScaled(), s.quantityScale());
        }
        if (size < s.minQuantityScaled()) return "quote.size is below the minimum quantity " + FixedPoint.format(s.minQuantityScaled(), s.quantityScale());
        if (max == FixedPoint.INVALID || max < size) return "max.inventory must be at least quote.size";
        quoteSizeScaled = size;
        maxInventoryScaled = max;
        tick = s.tickSizeScaled();
        orders.cooldownNs(p.rejectCooldownNs());
        return null;
    }

    @Override
    public void onBook(OrderBook book, long triggerNs, long nowNs) {
        if (quoteSizeScaled == 0) return;
        long bestBid = book.bestBidPrice();
        long bestAsk = book.bestAskPrice();
        if (bestBid == OrderBook.NO_PRICE || bestAsk == OrderBook.NO_PRICE || bestBid >= bestAsk) return;
        long mid = book.midPrice();
        Params p = params;
        long inventory = orders.inventory();
        long halfSpread = Math.max(tick, (mid * p.spreadPpm() / PPM + p.spreadTicks() * tick) / 2);
        long skew = mulDiv(mid * p.skewPpm() + p.skewTicks() * tick * PPM, inventory, PPM * quoteSizeScaled);
        long centre = mid - skew;
        long wantBid = Math.min(floorToTick(centre - halfSpread), bestAsk - tick);
        long wantAsk = Math.max(ceilToTick(centre + halfSpread), bestBid + tick);
        long threshold = Math.max(tick, mid * p.requotePpm() / PPM + p.requoteTicks() * tick);
        long buyExposure = inventory + orders.openQuantity(Side.BUY);
        long sellExposure = -inventory + orders.openQuantity(Side.SELL);
        boolean mayOpen = orders.mayOpen(nowNs);
        quote(Side.BUY, wantBid, buyExposure, threshold, mayOpen, triggerNs);
        quote(Side.SELL, wantAsk, sellExposure, threshold, mayOpen, triggerNs);
    }

    private void quote(Side side, long wanted, long exposure, long threshold, boolean mayOpen, long triggerNs) {
        int working = orders.working(side);
        if (working >= 0) {
            if (orders.state(working) != StrategyOrders.LIVE) return; // not acknowledged yet
            if (exposure > maxInventoryScaled || Math.abs(orders.price(working) - wanted) >= threshold) orders.cancel(working);
            return;
        }
        if (orders.isCanceling(side)) return; // one order per side: wait until the old quote is gone
        if (!mayOpen || wanted <= 0 || exposure + quoteSizeScaled > maxInventoryScaled) return;
        orders.submit(side, wanted, quoteSizeScaled, TimeInForce.POST_ONLY, triggerNs);
    }

    /** A size at {@link #SIZE_SCALE} at {@code scale}, extra digits dropped; INVALID on overflow. */
    static long toScaleFloor(long value, int scale) {
        return scale >= SIZE_SCALE ? FixedPoint.rescale(value, SIZE_SCALE, scale) : value / FixedPoint.pow10(SIZE_SCALE - scale);
    }

    /** a x b / c (c &gt; 0), exact when a x b fits in a long, else without the overflow (rounded towards zero). */
    static long mulDiv(long a, long b, long c) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        if ((hi == 0 && lo >= 0) || (hi == -1 && lo < 0)) return lo / c;
        return a / c * b + a % c * b / c;
    }

    private long floorToTick(long price) {
        return Math.floorDiv(price, tick) * tick;
    }

    private long ceilToTick(long price) {
        return -Math.floorDiv(-price, tick) * tick;
    }

    /** Quote size at the symbol's scale (0 until bound). */
    public long quoteSizeScaled() {
        return quoteSizeScaled;
    }
}
