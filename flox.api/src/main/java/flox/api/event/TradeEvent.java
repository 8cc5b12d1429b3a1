package flox.api.event;

import flox.api.order.Side;

/**
 * A public trade on a venue. Flyweight: publishers reuse one instance; subscribers copy what
 * they keep. Not thread-safe. No method allocates.
 *
 * <p>Clock domains, as on every event: {@link #receiveTimestampNs()} is host monotonic time
 * ({@link flox.api.time.NanoClock#nanoTime()}) when the host received (or generated) it;
 * {@link #exchangeTimestampNs()} is the venue's time, nanoseconds since the Unix epoch, 0 when
 * the venue sends none. The replay complies: it restamps the receive time with the host clock
 * as it hands each event to the bus (the recorded time only sets the pace).
 *
 * <p>Every field is primitive (the side is kept as a code): copying a trade into a long-lived bus
 * slot stores no reference, so it costs the collector's write barrier nothing (see
 * docs/ARCHITECTURE.md, "Slots store no references").
 */
public final class TradeEvent {
    /** An empty trade, to be filled by {@link #set} and reused. */
    public TradeEvent() {
    }

    private int symbolId = -1;
    private long tradeId;
    private long priceScaled;
    private long quantityScaled;
    private byte aggressorSideCode; // EnumCodes
    private long exchangeTimestampNs;
    private long receiveTimestampNs;

    /**
     * Sets every field: a reused instance carries nothing from its last trade.
     *
     * @param symbolId            the trade's registered symbol
     * @param tradeId             the venue's id of the trade; 0 when it gives none
     * @param priceScaled         the trade price at the symbol's price scale
     * @param quantityScaled      the traded quantity at the symbol's quantity scale
     * @param aggressorSide       the taker's side; null when the venue does not say
     * @param exchangeTimestampNs the venue's time, nanoseconds since the Unix epoch; 0 when it sends none
     * @param receiveTimestampNs  host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) of receipt
     * @return this, for chaining
     */
    public TradeEvent set(int symbolId, long tradeId, long priceScaled, long quantityScaled, Side aggressorSide,
                          long exchangeTimestampNs, long receiveTimestampNs) {
        this.symbolId = symbolId;
        this.tradeId = tradeId;
        this.priceScaled = priceScaled;
        this.quantityScaled = quantityScaled;
        this.aggressorSideCode = EnumCodes.of(aggressorSide);
        this.exchangeTimestampNs = exchangeTimestampNs;
        this.receiveTimestampNs = receiveTimestampNs;
        return this;
    }

    /**
     * Copies every field of {@code o} into this.
     *
     * @param o the trade to copy
     * @return this, for chaining
     */
    public TradeEvent copyFrom(TradeEvent o) {
        symbolId = o.symbolId;
        tradeId = o.tradeId;
        priceScaled = o.priceScaled;
        quantityScaled = o.quantityScaled;
        aggressorSideCode = o.aggressorSideCode;
        exchangeTimestampNs = o.exchangeTimestampNs;
        receiveTimestampNs = o.receiveTimestampNs;
        return this;
    }

    /** {@return the trade's registered symbol; -1 before the first {@link #set}} */
    public int symbolId() { return symbolId; }
    /** {@return the venue's id of the trade; 0 when it gives none} */
    public long tradeId() { return tradeId; }
    /** {@return the trade price at the symbol's price scale} */
    public long priceScaled() { return priceScaled; }
    /** {@return the traded quantity at the symbol's quantity scale} */
    public long quantityScaled() { return quantityScaled; }
    /** {@return the side of the taker (BUY when the buyer lifted an offer); null when the venue does not say} */
    public Side aggressorSide() { return SIDES[aggressorSideCode]; }
    /** {@return the venue's time of the trade, nanoseconds since the Unix epoch; 0 when it sends none} */
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    /** {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) when the host received or generated it} */
    public long receiveTimestampNs() { return receiveTimestampNs; }

    @Override
    public String toString() {
        return "Trade[sym=" + symbolId + " id=" + tradeId + " px=" + priceScaled + " qty=" + quantityScaled + ' ' + aggressorSide() + ']';
    }

    private static final Side[] SIDES = EnumCodes.table(Side.values());
}
