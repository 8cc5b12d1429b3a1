package flox.api.order;

/**
 * A consistent copy of one order as the tracker last saw it. Callers own and reuse instances:
 * {@link OrderTracker#read(long, OrderState)} fills one in place, so reading allocates nothing.
 * The tracker writes these fields only through {@link #set}; plugins treat it as read-only.
 *
 * <p>Not thread-safe: one instance per reading thread.
 */
public final class OrderState {
    /** An empty copy, filled by {@link OrderTracker#read} and reused. */
    public OrderState() {
    }

    /**
     * {@link #strategyId()} of an order the tracker adopted from the venue ({@link OrderTracker#adopt}):
     * placed before a restart or outside this host; no strategy owns it.
     */
    public static final int UNOWNED = -1;

    private long clientOrderId;
    private long origClientOrderId;
    private long exchangeOrderId;
    private int symbolId;
    private int strategyId;
    private Side side;
    private OrderType orderType;
    private TimeInForce timeInForce;
    private OrderStatus status;
    private RejectReason lastReason;
    private long priceScaled;
    private long stopPriceScaled;
    private long quantityScaled;
    private long filledQuantityScaled;
    private long lastFillPriceScaled;
    private long lastExecId;
    private long createdNs;
    private long updatedNs;
    private int updateCount;

    /**
     * Copies every field; used by the tracker (a whole-object copy keeps reads consistent).
     *
     * @param clientOrderId        the order's id
     * @param origClientOrderId    the order it replaced, or 0
     * @param exchangeOrderId      the venue's id of the order, or 0
     * @param symbolId             the registered symbol
     * @param strategyId           the owning strategy, or {@link #UNOWNED}
     * @param side                 buy or sell
     * @param orderType            the order type
     * @param timeInForce          how long it rests
     * @param status               where it stands
     * @param lastReason           reason of the last reject or cancel, {@link RejectReason#NONE} otherwise
     * @param priceScaled          the limit price at the symbol's price scale
     * @param stopPriceScaled      the stop price at the symbol's price scale, 0 for none
     * @param quantityScaled       the total quantity at the symbol's quantity scale
     * @param filledQuantityScaled the cumulative filled quantity at the symbol's quantity scale
     * @param lastFillPriceScaled  the price of the last fill, 0 before any
     * @param lastExecId           the exec id of the last applied report, 0 for none
     * @param createdNs            host monotonic time the tracker first saw the order
     * @param updatedNs            host monotonic time of the last applied change
     * @param updateCount          the number of applied changes
     */
    public void set(long clientOrderId, long origClientOrderId, long exchangeOrderId, int symbolId, int strategyId,
                    Side side, OrderType orderType, TimeInForce timeInForce, OrderStatus status, RejectReason lastReason,
                    long priceScaled, long stopPriceScaled, long quantityScaled, long filledQuantityScaled, long lastFillPriceScaled,
                    long lastExecId, long createdNs, long updatedNs, int updateCount) {
        this.clientOrderId = clientOrderId;
        this.origClientOrderId = origClientOrderId;
        this.exchangeOrderId = exchangeOrderId;
        this.symbolId = symbolId;
        this.strategyId = strategyId;
        this.side = side;
        this.orderType = orderType;
        this.timeInForce = timeInForce;
        this.status = status;
        this.lastReason = lastReason;
        this.priceScaled = priceScaled;
        this.stopPriceScaled = stopPriceScaled;
        this.quantityScaled = quantityScaled;
        this.filledQuantityScaled = filledQuantityScaled;
        this.lastFillPriceScaled = lastFillPriceScaled;
        this.lastExecId = lastExecId;
        this.createdNs = createdNs;
        this.updatedNs = updatedNs;
        this.updateCount = updateCount;
    }

    /** {@return the order's client order id} */
    public long clientOrderId() { return clientOrderId; }
    /** {@return the order this one replaced, or 0} */
    public long origClientOrderId() { return origClientOrderId; }
    /** {@return the venue's id of the order; 0 while not known (before the venue's acknowledgement)} */
    public long exchangeOrderId() { return exchangeOrderId; }
    /** {@return the order's registered symbol} */
    public int symbolId() { return symbolId; }
    /** {@return the strategy that owns the order, or {@link #UNOWNED}} */
    public int strategyId() { return strategyId; }
    /** {@return buy or sell} */
    public Side side() { return side; }
    /** {@return the order type} */
    public OrderType orderType() { return orderType; }
    /** {@return how long the order rests} */
    public TimeInForce timeInForce() { return timeInForce; }
    /** {@return where the order stands in the tracker's state machine} */
    public OrderStatus status() { return status; }
    /** {@return the reason of the last reject or cancel, {@link RejectReason#NONE} otherwise} */
    public RejectReason lastReason() { return lastReason; }
    /** {@return the limit price at the symbol's price scale (after a replace: the new one)} */
    public long priceScaled() { return priceScaled; }
    /** {@return the stop (trigger) price at the symbol's price scale as submitted, 0 for none; a replace keeps it} */
    public long stopPriceScaled() { return stopPriceScaled; }
    /** {@return the total quantity at the symbol's quantity scale, filled part included} */
    public long quantityScaled() { return quantityScaled; }
    /** {@return the cumulative filled quantity at the symbol's quantity scale} */
    public long filledQuantityScaled() { return filledQuantityScaled; }
    /** {@return the quantity still open: total minus filled, 0 once the order is terminal} */
    public long leavesQuantityScaled() { return status.isTerminal() ? 0 : quantityScaled - filledQuantityScaled; }
    /** {@return the price of the last fill at the symbol's price scale, 0 before any fill} */
    public long lastFillPriceScaled() { return lastFillPriceScaled; }
    /** {@return the venue's exec id of the last applied report, 0 for none} */
    public long lastExecId() { return lastExecId; }
    /** {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) when the tracker first saw the order} */
    public long createdNs() { return createdNs; }
    /** {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) of the last applied change} */
    public long updatedNs() { return updatedNs; }
    /** {@return the number of applied changes; grows by one per accepted update} */
    public int updateCount() { return updateCount; }

    @Override
    public String toString() {
        return "Order[" + clientOrderId + " sym=" + symbolId + " strat=" + strategyId + ' ' + side + ' ' + orderType + ' ' + timeInForce
                + ' ' + status + " px=" + priceScaled + " qty=" + quantityScaled + " filled=" + filledQuantityScaled
                + (lastReason != RejectReason.NONE ? " reason=" + lastReason : "") + ']';
    }
}
