package flox.api.event;

/**
 * A change of a venue's connection state, published on the market-data bus by the venue's
 * connector or executor (same bus as its books, so a subscriber sees STALE before the book
 * updates that follow it, in publish order). {@link #symbolId()} is {@link #ALL_SYMBOLS} when the
 * state applies to every symbol of {@link #exchange()}; a symbol's own state applies to that symbol
 * until the next venue-wide event. Subscribers declare {@link EventKind#VENUE_STATE}; a venue-wide
 * event reaches a subscriber with a symbol filter too (it checks the exchange itself).
 *
 * <p>Publish a state when it changes, and the current one when the connector starts. States
 * are rare: the text may be built per event (it is copied by reference, not by content).
 *
 * <p>Flyweight: publishers reuse one instance; subscribers copy what they keep. Not thread-safe.
 * No method allocates.
 */
public final class VenueStateEvent {
    /** An empty state, to be filled by {@link #set} and reused. */
    public VenueStateEvent() {
    }

    /** {@link #symbolId()} of an event that applies to every symbol of the exchange. */
    public static final int ALL_SYMBOLS = -1;

    private String exchange = "";
    private int symbolId = ALL_SYMBOLS;
    private VenueState state = VenueState.DISCONNECTED;
    private VenueStateReason reason = VenueStateReason.NONE;
    private long retryAtEpochNs;
    private String text = "";
    private long receiveTimestampNs;

    /**
     * Sets every field: a reused instance carries nothing from its last state.
     *
     * @param exchange the venue as named in the symbol registry (e.g. "BINANCE")
     * @param symbolId a registered symbol of that exchange, or {@link #ALL_SYMBOLS}
     * @param state the venue's new state
     * @param reason why it entered that state; {@link VenueStateReason#NONE} for a normal step
     * @param retryAtEpochNs when the connector will retry or the venue allows requests again, epoch
     *        nanoseconds; 0 when not known or not applicable
     * @param text for people (logs, status); never a secret; null is taken as empty
     * @param receiveTimestampNs host monotonic time ({@link flox.api.time.NanoClock}) of the change
     * @return this, for chaining
     */
    public VenueStateEvent set(String exchange, int symbolId, VenueState state, VenueStateReason reason, long retryAtEpochNs,
                               String text, long receiveTimestampNs) {
        this.exchange = exchange;
        this.symbolId = symbolId;
        this.state = state;
        this.reason = reason;
        this.retryAtEpochNs = retryAtEpochNs;
        this.text = text == null ? "" : text;
        this.receiveTimestampNs = receiveTimestampNs;
        return this;
    }

    /**
     * Copies every field of {@code o} into this (the text by reference: strings are immutable).
     *
     * @param o the event to copy
     * @return this, for chaining
     */
    public VenueStateEvent copyFrom(VenueStateEvent o) {
        return set(o.exchange, o.symbolId, o.state, o.reason, o.retryAtEpochNs, o.text, o.receiveTimestampNs);
    }

    /** {@return the venue as named in the symbol registry; empty before the first {@link #set}} */
    public String exchange() { return exchange; }
    /** {@return the symbol the state applies to, or {@link #ALL_SYMBOLS} for the whole exchange} */
    public int symbolId() { return symbolId; }
    /** {@return the venue's new state} */
    public VenueState state() { return state; }
    /** {@return why the venue entered the state} */
    public VenueStateReason reason() { return reason; }
    /**
     * {@return when the connector will retry or the venue allows requests again, nanoseconds since the Unix epoch; 0 when not known or not applicable}
     */
    public long retryAtEpochNs() { return retryAtEpochNs; }
    /** {@return the explanation for people; never null, never a secret} */
    public String text() { return text; }
    /** {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) of the change} */
    public long receiveTimestampNs() { return receiveTimestampNs; }

    /** {@return true when this event applies to every symbol of its exchange} */
    public boolean isVenueWide() {
        return symbolId < 0;
    }

    @Override
    public String toString() {
        return "VenueState[" + exchange + (symbolId < 0 ? "" : " sym=" + symbolId) + ' ' + state + ' ' + reason
                + (text.isEmpty() ? "" : " '" + text + '\'') + ']';
    }
}
