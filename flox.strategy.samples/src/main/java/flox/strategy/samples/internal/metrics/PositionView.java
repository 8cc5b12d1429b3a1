package flox.strategy.samples.internal.metrics;

/**
 * A consistent copy of one {@link Position}, filled by {@link Position#read}. Amounts: position,
 * bought and sold at the symbol's quantity scale; average price, mark, realised and unrealised
 * PnL at its price scale (quote currency). Not thread-safe: one instance per reading thread.
 */
public final class PositionView {
    /** Mark price when the symbol has no two-sided book yet. */
    public static final long NO_MARK = Long.MIN_VALUE;

    public int strategyId;
    public int symbolId;
    public int priceScale;
    public int quantityScale;
    public long positionScaled;
    long costScaled;
    public long averagePriceScaled;
    public long markScaled;
    /** Net of {@link #feesScaled}. */
    public long realisedScaled;
    /** Fees paid in the quote currency (rebates subtracted). */
    public long feesScaled;
    public long unrealisedScaled;
    public long boughtScaled;
    public long soldScaled;
    public long fills;
    public boolean overflowed;
}
