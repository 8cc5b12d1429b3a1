package flox.api.order;

/** Order or aggressor side.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum Side {
    /** Buys the base asset. */
    BUY,
    /** Sells the base asset. */
    SELL;

    /** {@return +1 for BUY, -1 for SELL: position change per unit filled} */
    public int sign() {
        return this == BUY ? 1 : -1;
    }

    /** {@return the other side: SELL for BUY, BUY for SELL} */
    public Side opposite() {
        return this == BUY ? SELL : BUY;
    }
}
