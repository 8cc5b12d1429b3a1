package flox.api.order;

/**
 * A consistent copy of one order as the tracker last saw it. Callers own and reuse instances:
 * {@link OrderTracker#read(long, OrderState)} fills one in place, so reading allocates nothing.
 * The tracker writes these fields only through {@link #set}; plugins treat it as read-only.
 *
 * <p>Not thread-safe: one instance per reading thread.
 */
public final class OrderState {
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

    /** Copies every field; used by the tracker (a whole-object copy keeps reads consistent). */
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

    public long clientOrderId() { return clientOrderId; }
    /** The order this one replaced, or 0. */
    public long origClientOrderId() { return origClientOrderId; }
    public long exchangeOrderId() { return exchangeOrderId; }
    public int symbolId() { return symbolId; }
    public int strategyId() { return strategyId; }
    public Side side() { return side; }
    public OrderType orderType() { return orderType; }
    public TimeInForce timeInForce() { return timeInForce; }
    public OrderStatus status() { return status; }
    /** Reason of the last reject or cancel, {@link RejectReason#NONE} otherwise. */
    public RejectReason lastReason() { return lastReason; }
    public long priceScaled() { return priceScaled; }
    /** Stop (trigger) price at the symbol's price scale as submitted, 0 for none; a replace keeps it. */
    public long stopPriceScaled() { return stopPriceScaled; }
    public long quantityScaled() { return quantityScaled; }
    public long filledQuantityScaled() { return filledQuantityScaled; }
    public long leavesQuantityScaled() { return status.isTerminal() ? 0 : quantityScaled - filledQuantityScaled; }
    public long lastFillPriceScaled() { return lastFillPriceScaled; }
    public long lastExecId() { return lastExecId; }
    public long createdNs() { return createdNs; }
    public long updatedNs() { return updatedNs; }
    /** Number of applied changes; grows by one per accepted update. */
    public int updateCount() { return updateCount; }

    @Override
    public String toString() {
        return "Order[" + clientOrderId + " sym=" + symbolId + " strat=" + strategyId + ' ' + side + ' ' + orderType + ' ' + timeInForce
                + ' ' + status + " px=" + priceScaled + " qty=" + quantityScaled + " filled=" + filledQuantityScaled
                + (lastReason != RejectReason.NONE ? " reason=" + lastReason : "") + ']';
    }
}
