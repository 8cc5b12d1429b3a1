package flox.api.event;

/** What an execution report says happened to an order.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum ExecType {
    /** The venue acknowledged the order; it rests or works at the venue. */
    ACCEPTED,
    /** A fill that leaves part of the order open; see the last and cumulative quantities. */
    PARTIALLY_FILLED,
    /** A fill that completes the order. */
    FILLED,
    /** The order was refused, by the venue or locally (see {@link ExecutionEvent#reason()}). */
    REJECTED,
    /** The venue acknowledged a cancel request; the cancel is not done yet. */
    PENDING_CANCEL,
    /** The order was canceled, on request or by the venue (unsolicited). */
    CANCELED,
    /** The venue refused a cancel request; the order stays live. */
    CANCEL_REJECTED,
    /** The venue acknowledged a replace request; not done yet. */
    PENDING_REPLACE,
    /** Done: the original order is replaced by the one in {@link ExecutionEvent#clientOrderId()}. */
    REPLACED,
    /** The venue refused a replace; the original stays live, the new id is rejected. */
    REPLACE_REJECTED,
    /** The venue ended the order itself: the unfilled rest of an IOC, FOK or market order, or by its own rules. */
    EXPIRED,
    /**
     * The venue's view of the order (after a reconnect, or on request): its status at the venue
     * in {@link ExecutionEvent#venueStatus()} and its cumulative filled quantity. The tracker
     * applies it as a forward correction only (fills it missed, an end it missed) and counts it;
     * a view older than the tracked state is ignored as stale. Added in 1.1.
     */
    RESTATED
}
