package flox.api.order;

/**
 * Where an order stands in the tracker's state machine:
 *
 * <pre>
 * NEW -&gt; PENDING_NEW -&gt; ACCEPTED -&gt; PARTIALLY_FILLED -&gt; FILLED
 *                                 \-&gt; PENDING_CANCEL  -&gt; CANCELED
 *                                 \-&gt; PENDING_REPLACE -&gt; REPLACED (the new order id carries on)
 * PENDING_NEW -&gt; PENDING_CANCEL (cancel sent before the ack)
 * NEW | PENDING_NEW -&gt; REJECTED;  live states -&gt; EXPIRED | CANCELED (unsolicited)
 * </pre>
 *
 * FILLED, CANCELED, REJECTED, EXPIRED and REPLACED are terminal.
 *
 * <p>PENDING_CANCEL and PENDING_REPLACE remember the status to resume if the venue refuses the
 * cancel or replace. A fill while pending is kept for the resume, and so is the ack of an order
 * whose cancel went out before it (the order stays PENDING_CANCEL, resumes ACCEPTED, and keeps the
 * exchange order id). Until that ack the venue may still reject the order itself:
 * PENDING_CANCEL of an unacknowledged order -&gt; REJECTED.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum OrderStatus {
    /** Known to the host, not yet sent. */
    NEW,
    /** Sent, not yet acknowledged. */
    PENDING_NEW,
    /** Acknowledged by the venue, nothing filled yet. */
    ACCEPTED,
    /** Acknowledged and partly filled; the rest is open. */
    PARTIALLY_FILLED,
    /** Completely filled. Terminal. */
    FILLED,
    /** A cancel was sent; the venue has not confirmed it. */
    PENDING_CANCEL,
    /** Canceled, on request or by the venue. Terminal. */
    CANCELED,
    /** A cancel/replace was sent; the venue has not confirmed it. The replacement order is PENDING_REPLACE too. */
    PENDING_REPLACE,
    /** Replaced by the new order id, which carries on with the filled quantity. Terminal. */
    REPLACED,
    /** Refused locally or by the venue. Terminal. */
    REJECTED,
    /** Ended by the venue (time in force, an unfilled IOC or FOK rest). Terminal. */
    EXPIRED;

    private static final OrderStatus[] VALUES = values();

    /** {@return true for FILLED, CANCELED, REJECTED, EXPIRED and REPLACED: no further transition is possible} */
    public boolean isTerminal() {
        return this == FILLED || this == CANCELED || this == REJECTED || this == EXPIRED || this == REPLACED;
    }

    /** {@return true when not terminal: the order may still trade or be acted on} */
    public boolean isOpen() {
        return !isTerminal();
    }

    /**
     * By ordinal, without the array copy of {@code values()}: for packed storage. No allocation.
     *
     * @param ordinal a constant's {@link #ordinal()}
     * @return that constant
     * @throws ArrayIndexOutOfBoundsException if no constant has that ordinal
     */
    public static OrderStatus of(int ordinal) {
        return VALUES[ordinal];
    }
}
