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
 */
public final class TradeEvent {
    /** An empty trade, to be filled by {@link #set} and reused. */
    public TradeEvent() {
    }

    private int symbolId = -1;
    private long tradeId;
    private long priceScaled;
    private long quantityScaled;
    private Side aggressorSide;
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
        this.aggressorSide = aggressorSide;
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
        return set(o.symbolId, o.tradeId, o.priceScaled, o.quantityScaled, o.aggressorSide, o.exchangeTimestampNs, o.receiveTimestampNs);
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
    public Side aggressorSide() { return aggressorSide; }
    /** {@return the venue's time of the trade, nanoseconds since the Unix epoch; 0 when it sends none} */
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    /** {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) when the host received or generated it} */
    public long receiveTimestampNs() { return receiveTimestampNs; }

    @Override
    public String toString() {
        return "Trade[sym=" + symbolId + " id=" + tradeId + " px=" + priceScaled + " qty=" + quantityScaled + ' ' + aggressorSide + ']';
    }
}
