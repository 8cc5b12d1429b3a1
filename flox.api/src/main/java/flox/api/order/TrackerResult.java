package flox.api.order;

/**
 * Outcome of a tracker update. Updates are either applied, ignored as idempotent repeats, or
 * refused with the reason given here; nothing is applied half-way. Enum constants are shared
 * singletons: returning one does not allocate. The tracker counts every outcome.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum TrackerResult {
    /** The update changed the order. */
    APPLIED(Kind.APPLIED, "applied"),
    /** A repeat (same exec id or same state); ignored. */
    DUPLICATE(Kind.IGNORED, "duplicate report (same exec id or same state); ignored"),
    /** An out-of-order report older than the tracked state (cumulative quantity or status went backwards); ignored. */
    STALE(Kind.IGNORED, "out-of-order report older than the tracked state (cumulative quantity or status went backwards); ignored"),
    /** No order with that client order id (never tracked, or evicted). */
    REFUSED_UNKNOWN_ORDER(Kind.REFUSED, "no order with that client order id"),
    /** A new order's client order id is already tracked. */
    REFUSED_DUPLICATE_ORDER_ID(Kind.REFUSED, "client order id already tracked"),
    /** The transition is not allowed from the order's current status (see {@link OrderStatus}). */
    REFUSED_ILLEGAL_TRANSITION(Kind.REFUSED, "transition not allowed from the order's current status"),
    /** The cumulative filled quantity would exceed the order quantity. */
    REFUSED_OVERFILL(Kind.REFUSED, "cumulative filled quantity would exceed the order quantity"),
    /** The request or report is malformed (non-positive quantity, negative fill, missing field). */
    REFUSED_INVALID(Kind.REFUSED, "report is malformed (non-positive quantity, negative fill, missing field)"),
    /** Every slot holds an open order: no room for a new one. */
    REFUSED_CAPACITY(Kind.REFUSED, "tracker is full of open orders");

    /** Coarse classification. */
    public enum Kind { /** The order changed. */ APPLIED, /** A repeat or stale; nothing changed. */ IGNORED, /** Refused; nothing changed. */ REFUSED }

    private final Kind kind;
    private final String description;

    TrackerResult(Kind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    /** {@return whether the update was applied, ignored or refused} */
    public Kind kind() { return kind; }
    /** {@return true for {@link #APPLIED}} */
    public boolean isApplied() { return kind == Kind.APPLIED; }
    /** {@return true for the REFUSED_ results} */
    public boolean isRefused() { return kind == Kind.REFUSED; }
    /** {@return a short explanation for people (logs, {@code flox:orders})} */
    public String description() { return description; }
}
