package flox.api.event;

/** What an execution report says happened to an order.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum ExecType {
    ACCEPTED,
    PARTIALLY_FILLED,
    FILLED,
    REJECTED,
    /** The venue acknowledged a cancel request; the cancel is not done yet. */
    PENDING_CANCEL,
    CANCELED,
    /** The venue refused a cancel request; the order stays live. */
    CANCEL_REJECTED,
    /** The venue acknowledged a replace request; not done yet. */
    PENDING_REPLACE,
    /** Done: the original order is replaced by the one in {@link ExecutionEvent#clientOrderId()}. */
    REPLACED,
    /** The venue refused a replace; the original stays live, the new id is rejected. */
    REPLACE_REJECTED,
    EXPIRED
}
