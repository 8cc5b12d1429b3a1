package flox.strategy.samples.internal.metrics;

import flox.api.order.Side;
import flox.strategy.samples.internal.SeqLock;

/**
 * One strategy's position in one symbol, with average-cost PnL on fixed-point longs.
 *
 * <ul>
 * <li><b>Position</b>: signed quantity at the symbol's quantity scale (q).</li>
 * <li><b>Cost</b>: what the open position cost, |position| x average price, kept exactly at
 * scale p + q (price scale p), so the average price ({@code cost / |position|}) has no rounding
 * drift. A fill that adds to the position adds {@code price x quantity}; a fill that reduces it
 * removes the reduced share of the cost, and a fill that crosses zero closes the old position
 * and opens the remainder at the fill price.</li>
 * <li><b>Realised</b>: (exit price - average price) x closed quantity for a long, the opposite
 * for a short, summed at price scale p in the quote currency (rounded down), with the sub-unit
 * remainder carried at scale p + q, so nothing is lost: once flat, realised equals sells minus
 * buys.</li>
 * <li><b>Fees</b> charged in the quote currency are taken off realised as they are reported (so
 * realised is net of fees) and summed apart ({@link PositionView#feesScaled}).</li>
 * <li><b>Unrealised</b>: position x (mark - average price), marked to the mid, computed when read.</li>
 * </ul>
 * Example (scales p = 2, q = 3): buy 2 @ 100, buy 2 @ 110: position 4, average 105. Sell 3 @ 120:
 * realised 3 x 15 = 45, position 1 @ 105. Sell 2 @ 90: realised -15 (now 30), position -1 @ 90.
 *
 * <p>One writer thread ({@link #applyFill}); readers on any thread through {@link #read}, which
 * copies a consistent state (seqlock). Products of price and quantity (scale p + q) must fit in
 * a long: at p + q = 7 (BTCUSDT: 2 + 5) that is 9.2 x 10^11 USDT per fill. A fill whose product
 * does not fit is counted but left out, and the position is flagged
 * ({@link PositionView#overflowed}). No allocation.
 */
public final class Position {
    private final int strategyId;
    private final int symbolId;
    private final int priceScale;
    private final int quantityScale;
    private final long quantityUnit;
    private final SeqLock lock = new SeqLock();

    private long positionScaled;
    private long costScaled;
    private long realisedScaled;
    private long realisedRemainder;
    private long boughtScaled;
    private long soldScaled;
    private long fills;
    private long feesScaled;
    private boolean overflowed;

    public Position(int strategyId, int symbolId, int priceScale, int quantityScale) {
        this.strategyId = strategyId;
        this.symbolId = symbolId;
        this.priceScale = priceScale;
        this.quantityScale = quantityScale;
        this.quantityUnit = flox.api.num.FixedPoint.pow10(quantityScale);
    }

    public int strategyId() { return strategyId; }
    public int symbolId() { return symbolId; }
    public int priceScale() { return priceScale; }
    public int quantityScale() { return quantityScale; }

    /** Writer: a fill of {@code quantityScaled} at {@code priceScaled} on {@code side}. */
    public void applyFill(Side side, long priceScaled, long quantityScaled) {
        if (quantityScaled <= 0) return;
        lock.beginWrite();
        try {
            fills++;
            if (side == Side.BUY) boughtScaled += quantityScaled; else soldScaled += quantityScaled;
            long pos = positionScaled;
            int sign = side.sign();
            if (pos == 0 || Long.signum(pos) == sign) {
                long added = multiply(priceScaled, quantityScaled);
                if (added == Long.MIN_VALUE || costScaled > Long.MAX_VALUE - added) {
                    overflowed = true;
                    return;
                }
                costScaled += added;
                positionScaled = pos + sign * quantityScaled;
                return;
            }
            long open = Math.abs(pos);
            long closing = Math.min(quantityScaled, open);
            long removedCost = closing == open ? costScaled : shareOf(costScaled, closing, open);
            long proceeds = multiply(priceScaled, closing);
            if (proceeds == Long.MIN_VALUE) {
                overflowed = true;
                return;
            }
            addRealised(pos > 0 ? proceeds - removedCost : removedCost - proceeds);
            costScaled -= removedCost;
            positionScaled = pos + sign * closing;
            long remaining = quantityScaled - closing;
            if (remaining > 0) { // crossed zero: the rest opens a new position at this price
                long opened = multiply(priceScaled, remaining);
                if (opened == Long.MIN_VALUE) {
                    overflowed = true;
                    return;
                }
                positionScaled = sign * remaining;
                costScaled = opened;
            }
        } finally {
            lock.endWrite();
        }
    }

    /** Writer: a fee of {@code feeScaled} at the price scale, in the quote currency (negative: a rebate). */
    public void applyFee(long feeScaled) {
        if (feeScaled == 0) return;
        lock.beginWrite();
        try {
            feesScaled += feeScaled;
            realisedScaled -= feeScaled;
        } finally {
            lock.endWrite();
        }
    }

    /** cost x part / whole without overflowing (cost, part, whole >= 0, part <= whole), rounded down. */
    static long shareOf(long cost, long part, long whole) {
        return (cost / whole) * part + (cost % whole) * part / whole;
    }

    /** a x b, or Long.MIN_VALUE when it does not fit (both operands are non-negative here). */
    static long multiply(long a, long b) {
        long hi = Math.multiplyHigh(a, b);
        long lo = a * b;
        return (hi == 0 && lo >= 0) || (hi == -1 && lo < 0) ? lo : Long.MIN_VALUE;
    }

    private void addRealised(long deltaAtCostScale) {
        long r = realisedRemainder + deltaAtCostScale;
        realisedScaled += Math.floorDiv(r, quantityUnit);
        realisedRemainder = Math.floorMod(r, quantityUnit);
    }

    /** Any thread: copies a consistent state into {@code into}, marked at {@code markScaled} (or NO_MARK). */
    public void read(PositionView into, long markScaled) {
        long v;
        do {
            v = lock.beginRead();
            into.positionScaled = positionScaled;
            into.costScaled = costScaled;
            into.realisedScaled = realisedScaled;
            into.boughtScaled = boughtScaled;
            into.soldScaled = soldScaled;
            into.fills = fills;
            into.feesScaled = feesScaled;
            into.overflowed = overflowed;
        } while (!lock.isValid(v));
        into.strategyId = strategyId;
        into.symbolId = symbolId;
        into.priceScale = priceScale;
        into.quantityScale = quantityScale;
        long open = Math.abs(into.positionScaled);
        into.averagePriceScaled = open == 0 ? 0 : into.costScaled / open;
        into.markScaled = markScaled;
        if (open == 0) {
            into.unrealisedScaled = 0;
        } else if (markScaled == PositionView.NO_MARK) {
            into.unrealisedScaled = 0;
        } else {
            long value = multiply(markScaled, open);
            if (value == Long.MIN_VALUE) {
                into.overflowed = true;
                into.unrealisedScaled = 0;
            } else {
                long diff = into.positionScaled > 0 ? value - into.costScaled : into.costScaled - value;
                into.unrealisedScaled = diff / quantityUnit;
            }
        }
    }
}
