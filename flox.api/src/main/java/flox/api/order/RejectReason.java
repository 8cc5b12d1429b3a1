package flox.api.order;

/**
 * Why an order or an action on it was refused, locally (risk, validation, backpressure) or by
 * the venue. {@link #NONE} means accepted. Enum constants are shared singletons: returning one
 * does not allocate.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum RejectReason {
    NONE("accepted"),
    UNKNOWN_SYMBOL("symbol id is not registered"),
    INVALID_PRICE("price is not positive or not on the symbol's tick size"),
    INVALID_QUANTITY("quantity is not positive or not on the symbol's lot size"),
    BELOW_MIN_QUANTITY("quantity is below the symbol's minimum"),
    BELOW_MIN_NOTIONAL("price x quantity is below the symbol's minimum notional"),
    DUPLICATE_ORDER_ID("client order id is already in use"),
    UNKNOWN_ORDER("no such open order"),
    RISK_LIMIT("a risk limit refused it"),
    RATE_LIMIT("order rate limit reached"),
    KILL_SWITCH("kill switch is engaged"),
    WOULD_TAKE_LIQUIDITY("post-only order would have crossed the book"),
    NO_LIQUIDITY("not enough liquidity to fill (IOC/FOK/market)"),
    BACK_PRESSURED("outbound queue is full; retry later"),
    NOT_RUNNING("the component is not running"),
    VENUE_REJECT("the venue rejected it; see the text"),
    OTHER("other; see the text"),
    /** Added in 1.1 (last, so earlier constants keep their ordinals), as the four risk limits below. */
    STRATEGY_DISABLED("the strategy is disabled (flox:disable)"),
    /** A risk limit: the order's quantity is above max.order.quantity. */
    MAX_ORDER_QUANTITY("order quantity above the risk limit max.order.quantity"),
    /** A risk limit: price x quantity is above max.order.notional. */
    MAX_ORDER_NOTIONAL("order notional above the risk limit max.order.notional"),
    /** A risk limit: the limit price is outside price.band.bps around the mid. */
    PRICE_BAND("price outside the risk limit price.band.bps around the mid"),
    /** A risk limit: the fill would take the position beyond max.position. */
    MAX_POSITION("the position would exceed the risk limit max.position"),
    /**
     * Added in 1.2: the risk checks have no confirmed configuration (the host started without
     * etc/flox.risk.cfg, or with it empty, with an unknown key or naming an unknown symbol): new orders are refused
     * until the file is fixed or the operator runs {@code flox:risk accept-defaults}. Also the
     * gateway's answer while no risk check runs after one had (risk stopped, updated or swapped).
     * Not a limit ({@link #isRiskLimit()} is false), like {@link #KILL_SWITCH}.
     */
    RISK_HALTED("risk halted: no confirmed risk configuration (fix etc/flox.risk.cfg or flox:risk accept-defaults), or no risk check running"),
    /**
     * Added in 1.3: the order's venue is not {@link flox.api.event.VenueState#LIVE} (connecting,
     * syncing, stale, disconnected, rate-limited or banned, or it has published no state yet).
     * New orders and replaces are refused; cancels pass. Not a limit.
     */
    VENUE_NOT_LIVE("the venue is not LIVE (see its state in the status line)"),
    /**
     * Added in 1.3: the symbol's order book is invalid (the feed lost the venue's book, see
     * {@link flox.api.event.BookUpdate#INVALID}) until the next snapshot, so the order cannot be
     * checked against the market. Not a limit ({@link #isRiskLimit()} is false).
     */
    BOOK_INVALID("the symbol's order book is invalid (the feed lost the venue's book) until the next snapshot"),
    /** Added in 1.3: the venue says the account lacks the balance for it. */
    INSUFFICIENT_BALANCE("the venue says the account's balance is insufficient"),
    /** Added in 1.3: the venue's own rate limit (not risk's {@link #RATE_LIMIT}): retry after the venue's time. */
    VENUE_RATE_LIMIT("the venue's request rate limit was reached"),
    /** Added in 1.3: the venue could not take it (maintenance, overload, session down). */
    VENUE_UNAVAILABLE("the venue is unavailable"),
    /** Added in 1.3: the venue's self-trade prevention canceled or refused it. */
    SELF_TRADE_PREVENTION("the venue's self-trade prevention refused it"),
    /** Added in 1.3: the symbol is not tradable at the venue now ({@link flox.api.symbol.SymbolInfo#isTradable()}). */
    SYMBOL_NOT_TRADABLE("the symbol is not tradable at the venue now"),
    /** Added in 1.3: above the venue's {@link flox.api.symbol.SymbolInfo#maxQuantityScaled()} (not a risk limit). */
    ABOVE_MAX_QUANTITY("quantity is above the symbol's maximum at the venue"),
    /** Added in 1.3: above the venue's {@link flox.api.symbol.SymbolInfo#maxNotionalScaled()} (not a risk limit). */
    ABOVE_MAX_NOTIONAL("price x quantity is above the symbol's maximum notional at the venue");

    private final String description;

    RejectReason(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    /**
     * A risk check refused it: {@link #RISK_LIMIT} (a limit without a reason of its own) or one of
     * the specific limits added in 1.1. Strategies that only need "risk said no" test this.
     */
    public boolean isRiskLimit() {
        return this == RISK_LIMIT || this == MAX_ORDER_QUANTITY || this == MAX_ORDER_NOTIONAL || this == PRICE_BAND || this == MAX_POSITION;
    }
}
