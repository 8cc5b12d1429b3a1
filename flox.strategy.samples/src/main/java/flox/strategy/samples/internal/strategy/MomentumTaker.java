package flox.strategy.samples.internal.strategy;

import flox.api.book.OrderBook;
import flox.api.num.FixedPoint;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;

/**
 * A momentum taker: when the mid has moved by at least the threshold over the last
 * {@code lookback} mid changes, it takes liquidity in that direction (a fill-or-kill order priced
 * {@code slippage} ticks through the touch: buys at the best ask + slippage, sells at the best
 * bid - slippage), holds the position for the holding time, then takes it off with a
 * fill-or-kill order the other way. Flat and idle otherwise.
 *
 * <pre>
 * move = (mid now - mid lookback changes ago) / mid then          (in ppm)
 * flat, no order working:  move &gt;= +threshold -&gt; buy size;  move &lt;= -threshold -&gt; sell size
 * in a position:           held &gt;= holding     -&gt; FOK for the whole position the other way
 * </pre>
 *
 * One order at a time, none during the reject cool-down. Fill-or-kill keeps positions whole: a
 * partial fill could leave a position below the venue's minimum notional, which no exit order
 * could then take off. An order that finds too little liquidity expires and the decision is made
 * again at the next book change. The holding time starts at the first decision that sees the
 * position. On stop, a working order is canceled and
 * the position kept (not flattened). When the book becomes invalid the working order is canceled
 * and the mid history restarts (the held position waits for a valid book to be taken off).
 *
 * <p>Not thread-safe (the decision thread, see {@link StrategyDriver}); no allocation in
 * {@link #onBook} (the mid history is a preallocated ring).
 */
public final class MomentumTaker implements StrategyLogic {
    /** Configuration: lookback in mid changes, threshold in ppm, size at {@link MarketMaker#SIZE_SCALE}, holding in ns. */
    public record Params(int lookback, long thresholdPpm, long size, long holdingNs, long slippageTicks, long rejectCooldownNs) {
    }

    private static final long NO_TIME = Long.MIN_VALUE;

    private final StrategyOrders orders;
    private Params params;
    private long sizeScaled;
    private long slippage;
    /** Mids at their changes: ring of lookback + 1. */
    private long[] mids = new long[0];
    private int next;
    private int count;
    private long lastMid = OrderBook.NO_PRICE;
    private long positionSinceNs = NO_TIME;

    public MomentumTaker(StrategyOrders orders, Params params) {
        this.orders = orders;
        this.params = params;
    }

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
        sizeScaled = 0;
        if (mids.length != p.lookback() + 1) { // cold: a new lookback restarts the history
            mids = new long[p.lookback() + 1];
            next = 0;
            count = 0;
            lastMid = OrderBook.NO_PRICE;
        }
        long size = MarketMaker.toScaleFloor(p.size(), s.quantityScale());
        if (size <= 0 || FixedPoint.rescale(p.size(), MarketMaker.SIZE_SCALE, s.quantityScale()) == FixedPoint.INVALID || !s.isOnLot(size)) {
            return "size " + FixedPoint.format(p.size(), MarketMaker.SIZE_SCALE) + " is not a multiple of the lot size "
                    + FixedPoint.format(s.lotSizeScaled(), s.quantityScale());
        }
        if (size < s.minQuantityScaled()) return "size is below the minimum quantity " + FixedPoint.format(s.minQuantityScaled(), s.quantityScale());
        sizeScaled = size;
        slippage = p.slippageTicks() * s.tickSizeScaled();
        orders.cooldownNs(p.rejectCooldownNs());
        return null;
    }

    @Override
    public void onBook(OrderBook book, long triggerNs, long nowNs) {
        if (sizeScaled == 0) return;
        long mid = book.midPrice();
        if (mid == OrderBook.NO_PRICE || book.isCrossed()) return;
        if (mid != lastMid) {
            mids[next] = mid;
            next = next + 1 == mids.length ? 0 : next + 1;
            if (count < mids.length) count++;
            lastMid = mid;
        }
        if (orders.openCount() > 0 || !orders.mayOpen(nowNs)) return;
        long inventory = orders.inventory();
        if (inventory != 0) {
            if (positionSinceNs == NO_TIME) positionSinceNs = nowNs;
            if (nowNs - positionSinceNs >= params.holdingNs()) {
                if (inventory > 0) {
                    sell(book, inventory, triggerNs);
                } else {
                    buy(book, -inventory, triggerNs);
                }
            }
            return;
        }
        positionSinceNs = NO_TIME;
        if (count < mids.length) return; // not enough history yet
        long then = mids[next]; // the oldest: lookback changes before the newest
        long movePpm = (mid - then) * 1_000_000L / then;
        long threshold = params.thresholdPpm();
        if (movePpm >= threshold) {
            buy(book, sizeScaled, triggerNs);
        } else if (movePpm <= -threshold) {
            sell(book, sizeScaled, triggerNs);
        }
    }

    /** Cancels the working order and forgets the mid history: the mids across a gap are no move. */
    @Override
    public void onBookInvalid() {
        orders.cancelAll();
        count = 0;
        next = 0;
        lastMid = OrderBook.NO_PRICE;
    }

    private void buy(OrderBook book, long quantity, long triggerNs) {
        orders.submit(Side.BUY, book.bestAskPrice() + slippage, quantity, TimeInForce.FOK, triggerNs);
    }

    private void sell(OrderBook book, long quantity, long triggerNs) {
        long price = book.bestBidPrice() - slippage;
        if (price <= 0) return;
        orders.submit(Side.SELL, price, quantity, TimeInForce.FOK, triggerNs);
    }

    public long sizeScaled() {
        return sizeScaled;
    }
}
