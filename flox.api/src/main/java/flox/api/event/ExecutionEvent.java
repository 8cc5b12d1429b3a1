package flox.api.event;

import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;

/**
 * An execution report: feedback from a venue about one order. Executors fill one reusable
 * instance, apply it to the order tracker and publish it on the execution bus.
 *
 * <p>Quantities are cumulative where the venue says so: {@link #cumulativeQuantityScaled()} is
 * the total filled so far and is what the tracker trusts (it makes repeats idempotent).
 * For REPLACED and REPLACE_REJECTED, {@link #clientOrderId()} is the new id and
 * {@link #origClientOrderId()} the replaced one.
 *
 * <p>A fill carries what the venue charged for it ({@link #feeScaled()} at {@link #feeScale()} in
 * {@link #feeAsset()}, null meaning the symbol's quote currency), whether the order was maker or
 * taker ({@link #liquidity()}), and the quantity still open ({@link #leavesQuantityScaled()},
 * {@link #LEAVES_UNKNOWN} when the venue did not say). Added in 1.1.
 *
 * <p>Flyweight; not thread-safe. No method allocates: the reason text lives in a preallocated
 * buffer and longer texts are truncated. The enums are kept as codes and the fee asset is stored
 * only when it changes, so copying a report into a long-lived bus slot stores no reference
 * (docs/ARCHITECTURE.md, "Slots store no references").
 */
public final class ExecutionEvent {
    /** An empty report, to be filled by {@code reset} and the setters and reused. */
    public ExecutionEvent() {
    }

    /** Characters kept of the venue's reason text. */
    public static final int MAX_TEXT_LENGTH = 128;
    /** {@link #leavesQuantityScaled()} when the venue did not report it. */
    public static final long LEAVES_UNKNOWN = -1;

    private byte execTypeCode; // EnumCodes, as every byte ...Code below
    private long clientOrderId;
    private long origClientOrderId;
    private long exchangeOrderId;
    private long execId;
    private int symbolId = -1;
    private byte sideCode;
    private long priceScaled;
    private long quantityScaled;
    private long lastPriceScaled;
    private long lastQuantityScaled;
    private long cumulativeQuantityScaled;
    private byte reasonCode = NO_REASON;
    private final StringBuilder text = new StringBuilder(MAX_TEXT_LENGTH);
    private long exchangeTimestampNs;
    private long receiveTimestampNs;
    private long leavesQuantityScaled = LEAVES_UNKNOWN;
    private long feeScaled;
    private int feeScale;
    private String feeAsset;
    private byte liquidityCode = UNKNOWN_LIQUIDITY;
    private byte venueStatusCode;

    /**
     * Clears every field and sets the report's identity: a reused instance carries nothing from
     * its last report.
     *
     * @param execType      what happened to the order
     * @param clientOrderId the host's id of the order (for REPLACED and REPLACE_REJECTED: the new id)
     * @param symbolId      the order's registered symbol
     * @param side          the order's side
     * @return this, for chaining
     */
    public ExecutionEvent reset(ExecType execType, long clientOrderId, int symbolId, Side side) {
        this.execTypeCode = EnumCodes.of(execType);
        this.clientOrderId = clientOrderId;
        this.symbolId = symbolId;
        this.sideCode = EnumCodes.of(side);
        origClientOrderId = 0;
        exchangeOrderId = 0;
        execId = 0;
        priceScaled = 0;
        quantityScaled = 0;
        lastPriceScaled = 0;
        lastQuantityScaled = 0;
        cumulativeQuantityScaled = 0;
        reasonCode = NO_REASON;
        text.setLength(0);
        exchangeTimestampNs = 0;
        receiveTimestampNs = 0;
        leavesQuantityScaled = LEAVES_UNKNOWN;
        feeScaled = 0;
        feeScale = 0;
        feeAsset = null; // a null store: no barrier work
        liquidityCode = UNKNOWN_LIQUIDITY;
        venueStatusCode = 0;
        return this;
    }

    /**
     * Sets the order's status as the venue holds it (required for RESTATED, optional otherwise).
     *
     * @param status the venue's status of the order; null when the report does not say
     * @return this, for chaining
     */
    public ExecutionEvent venueStatus(OrderStatus status) {
        venueStatusCode = EnumCodes.of(status);
        return this;
    }

    /**
     * Sets the fee the venue charged for this fill: {@code feeScaled / 10^feeScale} units of
     * {@code feeAsset} (null: the symbol's quote currency); positive is paid, negative a rebate.
     * A venue amount with more decimals than a useful scale is rounded by the connector with
     * {@link flox.api.num.FixedPoint#parse(CharSequence, int, int, int, java.math.RoundingMode)}
     * (up, for a fee paid), never dropped.
     *
     * @param feeScaled the fee at {@code feeScale}
     * @param feeScale  decimals of {@code feeScaled}
     * @param feeAsset  the asset the fee is paid in (e.g. "BNB"); null for the symbol's quote currency
     * @return this, for chaining
     */
    public ExecutionEvent fee(long feeScaled, int feeScale, String feeAsset) {
        this.feeScaled = feeScaled;
        this.feeScale = feeScale;
        if (this.feeAsset != feeAsset) this.feeAsset = feeAsset; // a reference stored only on a change
        return this;
    }

    /**
     * Sets whether the fill made or took liquidity.
     *
     * @param liquidity maker or taker; null is taken as {@link Liquidity#UNKNOWN}
     * @return this, for chaining
     */
    public ExecutionEvent liquidity(Liquidity liquidity) {
        this.liquidityCode = liquidity == null ? UNKNOWN_LIQUIDITY : EnumCodes.of(liquidity);
        return this;
    }

    /**
     * Sets the quantity still open at the venue after this report.
     *
     * @param leavesQuantityScaled the open quantity at the symbol's quantity scale, or
     *                             {@link #LEAVES_UNKNOWN}
     * @return this, for chaining
     */
    public ExecutionEvent leaves(long leavesQuantityScaled) {
        this.leavesQuantityScaled = leavesQuantityScaled;
        return this;
    }

    /**
     * Sets the fill of this report: last fill and the cumulative filled quantity.
     *
     * @param lastPriceScaled          price of this fill at the symbol's price scale
     * @param lastQuantityScaled       quantity of this fill at the symbol's quantity scale
     * @param cumulativeQuantityScaled the order's total filled quantity including this fill: what
     *                                 the tracker trusts
     * @return this, for chaining
     */
    public ExecutionEvent fill(long lastPriceScaled, long lastQuantityScaled, long cumulativeQuantityScaled) {
        this.lastPriceScaled = lastPriceScaled;
        this.lastQuantityScaled = lastQuantityScaled;
        this.cumulativeQuantityScaled = cumulativeQuantityScaled;
        return this;
    }

    /**
     * Sets the order's price and total quantity as the venue now holds them.
     *
     * @param priceScaled    the order's limit price at the symbol's price scale
     * @param quantityScaled the order's total quantity at the symbol's quantity scale
     * @return this, for chaining
     */
    public ExecutionEvent order(long priceScaled, long quantityScaled) {
        this.priceScaled = priceScaled;
        this.quantityScaled = quantityScaled;
        return this;
    }

    /**
     * Sets the reason and copies (up to {@link #MAX_TEXT_LENGTH} chars of) the text.
     *
     * @param reason     why the order or action was refused or ended; {@link RejectReason#NONE} otherwise
     * @param reasonText the venue's words for people, or null for none; copied, not kept
     * @return this, for chaining
     */
    public ExecutionEvent reason(RejectReason reason, CharSequence reasonText) {
        this.reasonCode = EnumCodes.of(reason);
        if (reasonText != null) copyText(reasonText);
        else text.setLength(0);
        return this;
    }

    /**
     * Copies every field of {@code o} into this (the text by content).
     *
     * @param o the report to copy
     * @return this, for chaining
     */
    public ExecutionEvent copyFrom(ExecutionEvent o) {
        execTypeCode = o.execTypeCode;
        clientOrderId = o.clientOrderId;
        origClientOrderId = o.origClientOrderId;
        exchangeOrderId = o.exchangeOrderId;
        execId = o.execId;
        symbolId = o.symbolId;
        sideCode = o.sideCode;
        priceScaled = o.priceScaled;
        quantityScaled = o.quantityScaled;
        lastPriceScaled = o.lastPriceScaled;
        lastQuantityScaled = o.lastQuantityScaled;
        cumulativeQuantityScaled = o.cumulativeQuantityScaled;
        reasonCode = o.reasonCode;
        copyText(o.text);
        exchangeTimestampNs = o.exchangeTimestampNs;
        receiveTimestampNs = o.receiveTimestampNs;
        leavesQuantityScaled = o.leavesQuantityScaled;
        feeScaled = o.feeScaled;
        feeScale = o.feeScale;
        if (feeAsset != o.feeAsset) feeAsset = o.feeAsset;
        liquidityCode = o.liquidityCode;
        venueStatusCode = o.venueStatusCode;
        return this;
    }

    /** {@return what happened to the order} */
    public ExecType execType() { return EXEC_TYPES[execTypeCode]; }
    /** {@return the host's id of the order; for REPLACED and REPLACE_REJECTED the new order's id} */
    public long clientOrderId() { return clientOrderId; }
    /** {@return the replaced order's id for REPLACED and REPLACE_REJECTED; 0 otherwise} */
    public long origClientOrderId() { return origClientOrderId; }
    /**
     * Sets the id of the order a replace applies to.
     *
     * @param v the original client order id
     * @return this, for chaining
     */
    public ExecutionEvent origClientOrderId(long v) { origClientOrderId = v; return this; }
    /** {@return the venue's id of the order; 0 when not known (yet)} */
    public long exchangeOrderId() { return exchangeOrderId; }
    /**
     * Sets the venue's id of the order.
     *
     * @param v the exchange order id; 0 when not known
     * @return this, for chaining
     */
    public ExecutionEvent exchangeOrderId(long v) { exchangeOrderId = v; return this; }
    /** {@return the venue's id of this report; 0 when the venue gives none. Same id twice means a repeat.} */
    public long execId() { return execId; }
    /**
     * Sets the venue's id of this report, by which the tracker recognises a repeat.
     *
     * @param v the exec id; 0 when the venue gives none
     * @return this, for chaining
     */
    public ExecutionEvent execId(long v) { execId = v; return this; }
    /** {@return the order's registered symbol} */
    public int symbolId() { return symbolId; }
    /** {@return the order's side} */
    public Side side() { return SIDES[sideCode]; }
    /** {@return the order's limit price at the symbol's price scale; 0 when not set} */
    public long priceScaled() { return priceScaled; }
    /** {@return the order's total quantity at the symbol's quantity scale; 0 when not set} */
    public long quantityScaled() { return quantityScaled; }
    /** {@return the price of this report's fill at the symbol's price scale; 0 when it is not a fill} */
    public long lastPriceScaled() { return lastPriceScaled; }
    /** {@return the quantity of this report's fill at the symbol's quantity scale; 0 when it is not a fill} */
    public long lastQuantityScaled() { return lastQuantityScaled; }
    /** {@return the order's total filled quantity at the symbol's quantity scale, this report included} */
    public long cumulativeQuantityScaled() { return cumulativeQuantityScaled; }
    /** {@return why the order or action was refused or ended; {@link RejectReason#NONE} otherwise} */
    public RejectReason reason() { return REASONS[reasonCode]; }
    /** {@return the venue's text, empty when none; valid only during the callback} */
    public CharSequence text() { return text; }
    /** {@return the venue's time of the report, nanoseconds since the Unix epoch; 0 when it sends none} */
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    /**
     * {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) when the report was received or made}
     */
    public long receiveTimestampNs() { return receiveTimestampNs; }
    /**
     * {@return the quantity still open after this report, at the symbol's quantity scale; {@link #LEAVES_UNKNOWN} when the venue did not say}
     */
    public long leavesQuantityScaled() { return leavesQuantityScaled; }
    /** {@return the fee of this fill at {@link #feeScale()}; 0 when none or not reported} */
    public long feeScaled() { return feeScaled; }
    /** {@return the decimals of {@link #feeScaled()}} */
    public int feeScale() { return feeScale; }
    /** {@return the fee's asset; null means the symbol's quote currency} */
    public String feeAsset() { return feeAsset; }
    /** {@return whether the fill made or took liquidity; {@link Liquidity#UNKNOWN} when not said} */
    public Liquidity liquidity() { return LIQUIDITIES[liquidityCode]; }
    /** {@return the order's status at the venue as the report states it; null when the report does not say} */
    public OrderStatus venueStatus() { return STATUSES[venueStatusCode]; }
    /**
     * Sets both timestamps.
     *
     * @param exchangeNs the venue's time, nanoseconds since the Unix epoch; 0 when it sends none
     * @param receiveNs  host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) of receipt
     * @return this, for chaining
     */
    public ExecutionEvent timestamps(long exchangeNs, long receiveNs) { exchangeTimestampNs = exchangeNs; receiveTimestampNs = receiveNs; return this; }

    @Override
    public String toString() {
        RejectReason reason = reason();
        return "Exec[" + execType() + ' ' + clientOrderId + (origClientOrderId != 0 ? " orig=" + origClientOrderId : "")
                + " sym=" + symbolId + ' ' + side() + " last=" + lastQuantityScaled + '@' + lastPriceScaled
                + " cum=" + cumulativeQuantityScaled + (reason != RejectReason.NONE ? " reason=" + reason + ' ' + text : "") + ']';
    }

    private void copyText(CharSequence from) {
        text.setLength(0);
        int n = Math.min(from.length(), MAX_TEXT_LENGTH);
        for (int i = 0; i < n; i++) {
            text.append(from.charAt(i));
        }
    }

    private static final ExecType[] EXEC_TYPES = EnumCodes.table(ExecType.values());
    private static final Side[] SIDES = EnumCodes.table(Side.values());
    private static final RejectReason[] REASONS = EnumCodes.table(RejectReason.values());
    private static final Liquidity[] LIQUIDITIES = EnumCodes.table(Liquidity.values());
    private static final OrderStatus[] STATUSES = EnumCodes.table(OrderStatus.values());
    private static final byte NO_REASON = EnumCodes.of(RejectReason.NONE);
    private static final byte UNKNOWN_LIQUIDITY = EnumCodes.of(Liquidity.UNKNOWN);
}
