package flox.api.order;

/**
 * Outcome of a tracker update. Updates are either applied, ignored as idempotent repeats, or
 * refused with the reason given here; nothing is applied half-way. Enum constants are shared
 * singletons: returning one does not allocate. The tracker counts every outcome.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum TrackerResult {
    APPLIED(Kind.APPLIED, "applied"),
    DUPLICATE(Kind.IGNORED, "duplicate report (same exec id or same state); ignored"),
    STALE(Kind.IGNORED, "out-of-order report older than the tracked state (cumulative quantity or status went backwards); ignored"),
    REFUSED_UNKNOWN_ORDER(Kind.REFUSED, "no order with that client order id"),
    REFUSED_DUPLICATE_ORDER_ID(Kind.REFUSED, "client order id already tracked"),
    REFUSED_ILLEGAL_TRANSITION(Kind.REFUSED, "transition not allowed from the order's current status"),
    REFUSED_OVERFILL(Kind.REFUSED, "cumulative filled quantity would exceed the order quantity"),
    REFUSED_INVALID(Kind.REFUSED, "report is malformed (non-positive quantity, negative fill, missing field)"),
    REFUSED_CAPACITY(Kind.REFUSED, "tracker is full of open orders");

    /** Coarse classification. */
    public enum Kind { APPLIED, IGNORED, REFUSED }

    private final Kind kind;
    private final String description;

    TrackerResult(Kind kind, String description) {
        this.kind = kind;
        this.description = description;
    }

    public Kind kind() { return kind; }
    public boolean isApplied() { return kind == Kind.APPLIED; }
    public boolean isRefused() { return kind == Kind.REFUSED; }
    public String description() { return description; }
}
