package flox.api.event;

import flox.api.order.Side;

/**
 * A public trade on a venue. Flyweight: publishers reuse one instance; subscribers copy what
 * they keep. Not thread-safe. No method allocates.
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
    /** Side of the taker (BUY when the buyer lifted an offer). */
    public Side aggressorSide() { return aggressorSide; }
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    public long receiveTimestampNs() { return receiveTimestampNs; }

    @Override
    public String toString() {
        return "Trade[sym=" + symbolId + " id=" + tradeId + " px=" + priceScaled + " qty=" + quantityScaled + ' ' + aggressorSide + ']';
    }
}
