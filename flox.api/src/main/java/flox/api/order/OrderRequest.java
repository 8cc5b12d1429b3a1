package flox.api.order;

/**
 * A new-order request: a mutable, reusable flyweight. A strategy keeps one instance per thread,
 * fills it and passes it on; receivers (risk checks, executors, the tracker) copy what they keep
 * and never hold on to the instance after the call returns.
 *
 * <p>Not thread-safe. No method allocates.
 */
public final class OrderRequest {
    /** An empty request, to be filled by {@code clear} and the setters and reused. */
    public OrderRequest() {
    }

    private long clientOrderId;
    private int symbolId;
    private int strategyId;
    private Side side;
    private OrderType orderType = OrderType.LIMIT;
    private TimeInForce timeInForce = TimeInForce.GTC;
    private long priceScaled;
    private long stopPriceScaled;
    private long quantityScaled;

    /**
     * Resets every field so a reused instance carries nothing from its last use: no symbol (-1),
     * strategy 0, LIMIT, GTC, prices and quantity 0.
     *
     * @return this, for chaining
     */
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

    /**
     * Clears the request and sets the fields of a limit order in one call; set the strategy id
     * after it.
     *
     * @param clientOrderId  a fresh id from {@link OrderGateway#nextClientOrderId()}
     * @param symbolId       the registered symbol
     * @param side           buy or sell
     * @param priceScaled    the limit price at the symbol's price scale
     * @param quantityScaled the total quantity at the symbol's quantity scale
     * @param tif            how long the order rests
     * @return this, for chaining
     */
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

    /**
     * Copies every field of {@code o} into this.
     *
     * @param o the request to copy
     * @return this, for chaining
     */
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

    /** {@return the order's client order id, unique in the host; 0 when not set} */
    public long clientOrderId() { return clientOrderId; }
    /**
     * {@return this, for chaining}
     * @param v a fresh id from {@link OrderGateway#nextClientOrderId()}
     */
    public OrderRequest clientOrderId(long v) { clientOrderId = v; return this; }
    /** {@return the registered symbol; -1 after {@link #clear()}} */
    public int symbolId() { return symbolId; }
    /**
     * {@return this, for chaining}
     * @param v the registered symbol's id
     */
    public OrderRequest symbolId(int v) { symbolId = v; return this; }
    /** {@return the owner of the order; ownership in the tracker is by this id, not by object} */
    public int strategyId() { return strategyId; }
    /**
     * {@return this, for chaining}
     * @param v the submitting strategy's {@link flox.api.plugin.Strategy#strategyId()}
     */
    public OrderRequest strategyId(int v) { strategyId = v; return this; }
    /** {@return buy or sell; null when not set} */
    public Side side() { return side; }
    /**
     * {@return this, for chaining}
     * @param v buy or sell
     */
    public OrderRequest side(Side v) { side = v; return this; }
    /** {@return the order type; LIMIT by default} */
    public OrderType orderType() { return orderType; }
    /**
     * {@return this, for chaining}
     * @param v the order type
     */
    public OrderRequest orderType(OrderType v) { orderType = v; return this; }
    /** {@return how long the order rests; GTC by default} */
    public TimeInForce timeInForce() { return timeInForce; }
    /**
     * {@return this, for chaining}
     * @param v how long the order rests
     */
    public OrderRequest timeInForce(TimeInForce v) { timeInForce = v; return this; }
    /** {@return the limit price at the symbol's price scale; ignored for MARKET and STOP} */
    public long priceScaled() { return priceScaled; }
    /**
     * {@return this, for chaining}
     * @param v the limit price at the symbol's price scale
     */
    public OrderRequest priceScaled(long v) { priceScaled = v; return this; }
    /** {@return the stop (trigger) price at the symbol's price scale, for STOP and STOP_LIMIT; 0 for none} */
    public long stopPriceScaled() { return stopPriceScaled; }
    /**
     * {@return this, for chaining}
     * @param v the stop (trigger) price at the symbol's price scale; 0 for none
     */
    public OrderRequest stopPriceScaled(long v) { stopPriceScaled = v; return this; }
    /** {@return the total quantity at the symbol's quantity scale} */
    public long quantityScaled() { return quantityScaled; }
    /**
     * {@return this, for chaining}
     * @param v the total quantity at the symbol's quantity scale
     */
    public OrderRequest quantityScaled(long v) { quantityScaled = v; return this; }

    @Override
    public String toString() {
        return "OrderRequest[" + clientOrderId + " sym=" + symbolId + " strat=" + strategyId + ' ' + side + ' ' + orderType + ' ' + timeInForce
                + " px=" + priceScaled + " qty=" + quantityScaled + ']';
    }
}
