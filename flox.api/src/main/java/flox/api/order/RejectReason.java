package flox.api.order;

/**
 * Why an order or an action on it was refused, locally (risk, validation, backpressure) or by
 * the venue. {@link #NONE} means accepted. Enum constants are shared singletons: returning one
 * does not allocate.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum RejectReason {
    /** Not refused: accepted (by the gateway, handed to the executor). */
    NONE("accepted"),
    /** The symbol id is not registered. */
    UNKNOWN_SYMBOL("symbol id is not registered"),
    /** The price is not positive or not a multiple of the symbol's tick size. */
    INVALID_PRICE("price is not positive or not on the symbol's tick size"),
    /** The quantity is not positive or not a multiple of the symbol's lot size. */
    INVALID_QUANTITY("quantity is not positive or not on the symbol's lot size"),
    /** The quantity is below the symbol's {@link flox.api.symbol.SymbolInfo#minQuantityScaled()}. */
    BELOW_MIN_QUANTITY("quantity is below the symbol's minimum"),
    /** Price times quantity is below the symbol's {@link flox.api.symbol.SymbolInfo#minNotionalScaled()}. */
    BELOW_MIN_NOTIONAL("price x quantity is below the symbol's minimum notional"),
    /** The client order id is already in use. */
    DUPLICATE_ORDER_ID("client order id is already in use"),
    /** No such open order (or not cancelable or replaceable in its status). */
    UNKNOWN_ORDER("no such open order"),
    /** A risk limit without a reason of its own refused it; see {@link #isRiskLimit()}. */
    RISK_LIMIT("a risk limit refused it"),
    /** Risk's own order rate limit (not the venue's {@link #VENUE_RATE_LIMIT}). */
    RATE_LIMIT("order rate limit reached"),
    /** The kill switch is engaged ({@code flox:kill}): no new orders or replaces. Not a limit. */
    KILL_SWITCH("kill switch is engaged"),
    /** A POST_ONLY order would have crossed the book. */
    WOULD_TAKE_LIQUIDITY("post-only order would have crossed the book"),
    /** Not enough liquidity to fill an IOC, FOK or market order. */
    NO_LIQUIDITY("not enough liquidity to fill (IOC/FOK/market)"),
    /** The executor's outbound queue is full; retry later. */
    BACK_PRESSURED("outbound queue is full; retry later"),
    /** The component (gateway, executor) is not running. */
    NOT_RUNNING("the component is not running"),
    /** The venue rejected it for a reason without a constant of its own; see the report's text. */
    VENUE_REJECT("the venue rejected it; see the text"),
    /** Any other reason; see the report's text. */
    OTHER("other; see the text"),
    /**
     * The order's strategy id is disabled ({@code flox:disable}): new orders and replaces are
     * refused, cancels pass. Added in 1.1 (last, so earlier constants keep their ordinals), as the
     * four risk limits below.
     */
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

    /** {@return a short explanation for people (logs, {@code flox:} commands)} */
    public String description() {
        return description;
    }

    /**
     * Strategies that only need "risk said no" test this.
     *
     * @return true when a risk check refused it: {@link #RISK_LIMIT} (a limit without a reason of
     *     its own) or one of the specific limits added in 1.1
     */
    public boolean isRiskLimit() {
        return this == RISK_LIMIT || this == MAX_ORDER_QUANTITY || this == MAX_ORDER_NOTIONAL || this == PRICE_BAND || this == MAX_POSITION;
    }
}
