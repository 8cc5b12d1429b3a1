package flox.executor.sim.internal.matching;

import flox.api.order.OrderRequest;

/**
 * One order command on its way to the simulated venue: a preallocated slot of
 * {@link DelayedCommandRing}. For {@link Kind#NEW} the order is in {@link #request()}; cancel
 * and replace use the id and price/quantity fields.
 *
 * <p>Not thread-safe. Valid only during {@link SimCommandHandler#onCommand}; copy what you keep.
 * Preallocated by the ring; no method allocates except {@link #toString()}.
 */
public final class SimCommand {
    /** What the command asks the venue to do. */
    public enum Kind { NEW, CANCEL, REPLACE }

    private final OrderRequest request = new OrderRequest();
    Kind kind;
    long dueNs;
    int symbolId;
    long clientOrderId;
    long newClientOrderId;
    long newPriceScaled;
    long newQuantityScaled;

    public Kind kind() { return kind; }
    /** When the venue receives it (clock nanos). */
    public long dueNs() { return dueNs; }
    public int symbolId() { return symbolId; }
    /** NEW: the order. */
    public OrderRequest request() { return request; }
    /** CANCEL: the order to cancel; REPLACE: the original order. */
    public long clientOrderId() { return clientOrderId; }
    /** REPLACE: the id the order carries on as. */
    public long newClientOrderId() { return newClientOrderId; }
    public long newPriceScaled() { return newPriceScaled; }
    public long newQuantityScaled() { return newQuantityScaled; }

    @Override
    public String toString() {
        return "SimCommand[" + kind + " due=" + dueNs + " sym=" + symbolId + " id=" + clientOrderId
                + (kind == Kind.NEW ? " " + request : kind == Kind.REPLACE ? " new=" + newClientOrderId + " px=" + newPriceScaled + " qty=" + newQuantityScaled : "") + ']';
    }
}
