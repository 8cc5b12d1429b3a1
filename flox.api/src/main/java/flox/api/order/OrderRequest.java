package flox.api.order;

/**
 * A new-order request: a mutable, reusable flyweight. A strategy keeps one instance per thread,
 * fills it and passes it on; receivers (risk checks, executors, the tracker) copy what they keep
 * and never hold on to the instance after the call returns.
 *
 * <p>Not thread-safe. No method allocates.
 */
public final class OrderRequest {
    private long clientOrderId;
    private int symbolId;
    private int strategyId;
    private Side side;
    private OrderType orderType = OrderType.LIMIT;
    private TimeInForce timeInForce = TimeInForce.GTC;
    private long priceScaled;
    private long stopPriceScaled;
    private long quantityScaled;

    /** Resets every field so a reused instance carries nothing from its last use. */
    public OrderRequest clear() {
        clientOrderId = 0;
        symbolId = -1;
        strategyId = 0;
        side = null;
        orderType = OrderType.LIMIT;
        timeInForce = TimeInForce.GTC;
        priceScaled = 0;
        stopPriceScaled = 0;
        quantityScaled = 0;
        return this;
    }

    /** Sets the fields of a limit order in one call. */
    public OrderRequest limit(long clientOrderId, int symbolId, Side side, long priceScaled, long quantityScaled, TimeInForce tif) {
        clear();
        this.clientOrderId = clientOrderId;
        this.symbolId = symbolId;
        this.side = side;
        this.priceScaled = priceScaled;
        this.quantityScaled = quantityScaled;
        this.timeInForce = tif;
        return this;
    }

    public OrderRequest copyFrom(OrderRequest o) {
        clientOrderId = o.clientOrderId;
        symbolId = o.symbolId;
        strategyId = o.strategyId;
        side = o.side;
        orderType = o.orderType;
        timeInForce = o.timeInForce;
        priceScaled = o.priceScaled;
        stopPriceScaled = o.stopPriceScaled;
        quantityScaled = o.quantityScaled;
        return this;
    }

    public long clientOrderId() { return clientOrderId; }
    public OrderRequest clientOrderId(long v) { clientOrderId = v; return this; }
    public int symbolId() { return symbolId; }
    public OrderRequest symbolId(int v) { symbolId = v; return this; }
    /** Owner of the order; ownership in the tracker is by this id, not by object. */
    public int strategyId() { return strategyId; }
    public OrderRequest strategyId(int v) { strategyId = v; return this; }
    public Side side() { return side; }
    public OrderRequest side(Side v) { side = v; return this; }
    public OrderType orderType() { return orderType; }
    public OrderRequest orderType(OrderType v) { orderType = v; return this; }
    public TimeInForce timeInForce() { return timeInForce; }
    public OrderRequest timeInForce(TimeInForce v) { timeInForce = v; return this; }
    /** Limit price at the symbol's price scale; ignored for MARKET and STOP. */
    public long priceScaled() { return priceScaled; }
    public OrderRequest priceScaled(long v) { priceScaled = v; return this; }
    public long stopPriceScaled() { return stopPriceScaled; }
    public OrderRequest stopPriceScaled(long v) { stopPriceScaled = v; return this; }
    /** Total quantity at the symbol's quantity scale. */
    public long quantityScaled() { return quantityScaled; }
    public OrderRequest quantityScaled(long v) { quantityScaled = v; return this; }

    @Override
    public String toString() {
        return "OrderRequest[" + clientOrderId + " sym=" + symbolId + " strat=" + strategyId + ' ' + side + ' ' + orderType + ' ' + timeInForce
                + " px=" + priceScaled + " qty=" + quantityScaled + ']';
    }
}
