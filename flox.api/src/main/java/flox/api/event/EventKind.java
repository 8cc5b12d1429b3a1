package flox.api.event;

/** The kinds of event the buses carry; subscribers declare which they want. */
public enum EventKind {
    BOOK_UPDATE,
    TRADE,
    EXECUTION
}
