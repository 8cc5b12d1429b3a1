package flox.api.event;

/** The kinds of event the buses carry; subscribers declare which they want.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum EventKind {
    /** Book snapshots and deltas ({@link BookUpdate}), on the market-data bus. */
    BOOK_UPDATE,
    /** Public trades ({@link TradeEvent}), on the market-data bus. */
    TRADE,
    /** Execution reports ({@link ExecutionEvent}), on the execution bus. */
    EXECUTION,
    /** A venue's connection state ({@link VenueStateEvent}), on the market-data bus. Added in 1.1. */
    VENUE_STATE
}
