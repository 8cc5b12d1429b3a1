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
    private int symbolId = -1;
    private long tradeId;
    private long priceScaled;
    private long quantityScaled;
    private Side aggressorSide;
    private long exchangeTimestampNs;
    private long receiveTimestampNs;

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

    public TradeEvent copyFrom(TradeEvent o) {
        return set(o.symbolId, o.tradeId, o.priceScaled, o.quantityScaled, o.aggressorSide, o.exchangeTimestampNs, o.receiveTimestampNs);
    }

    public int symbolId() { return symbolId; }
    public long tradeId() { return tradeId; }
    public long priceScaled() { return priceScaled; }
    public long quantityScaled() { return quantityScaled; }
    /** Side of the taker (BUY when the buyer lifted an offer); null when the venue does not say. */
    public Side aggressorSide() { return aggressorSide; }
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    public long receiveTimestampNs() { return receiveTimestampNs; }

    @Override
    public String toString() {
        return "Trade[sym=" + symbolId + " id=" + tradeId + " px=" + priceScaled + " qty=" + quantityScaled + ' ' + aggressorSide + ']';
    }
}
