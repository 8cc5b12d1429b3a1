package flox.api.plugin;

import java.util.Arrays;

/**
 * What the host hands from a strategy's old instance to its new one (see {@link StateHandover}):
 * the exported bytes and their format, where they came from, and the strategy's orders still open
 * in the tracker. Immutable: arrays are copied in and out. Thread-safe.
 */
public final class HandoverState {
    private final int strategyId;
    private final int format;
    private final byte[] state;
    private final long[] openOrderIds;
    private final long[] ordersAtDeparture;
    private final String from;

    /**
     * @param strategyId   the strategy id both instances share
     * @param format       {@link StateHandover#stateFormat()} of the exporter; 0 if it exported nothing
     * @param state        the exported bytes (empty if none)
     * @param openOrderIds client order ids of the strategy's open orders at import time
     * @param from         the exporting bundle, "symbolic-name version", for logs
     */
    public HandoverState(int strategyId, int format, byte[] state, long[] openOrderIds, String from) {
        this(strategyId, format, state, openOrderIds, openOrderIds, from);
    }

    /**
     * @param ordersAtDeparture client order ids of the strategy's open orders when the old instance
     *                          left: those no longer in {@code openOrderIds} ended in between (read
     *                          their fills from the tracker)
     */
    public HandoverState(int strategyId, int format, byte[] state, long[] openOrderIds, long[] ordersAtDeparture, String from) {
        this.strategyId = strategyId;
        this.format = format;
        this.state = state == null ? new byte[0] : state.clone();
        this.openOrderIds = openOrderIds == null ? new long[0] : openOrderIds.clone();
        this.ordersAtDeparture = ordersAtDeparture == null ? this.openOrderIds.clone() : ordersAtDeparture.clone();
        this.from = from == null ? "" : from;
    }

    public int strategyId() { return strategyId; }

    /** Format version of {@link #state()}; 0 when the old instance exported nothing. */
    public int format() { return format; }

    /** A copy of the exported bytes. */
    public byte[] state() { return state.clone(); }

    /** A copy of the ids of the strategy's open orders at import time, ascending. */
    public long[] openOrderIds() { return openOrderIds.clone(); }

    /**
     * A copy of the ids of the strategy's orders that were open when the old instance left,
     * ascending. An order here but not in {@link #openOrderIds()} ended between the two instances:
     * its last reports reached neither, so read its final state from the tracker.
     */
    public long[] ordersAtDeparture() { return ordersAtDeparture.clone(); }

    /** The exporting bundle, "symbolic-name version". */
    public String from() { return from; }

    @Override
    public String toString() {
        return "HandoverState[strategy " + strategyId + " format " + format + ", " + state.length + " bytes, open orders "
                + Arrays.toString(openOrderIds) + " from " + from + ']';
    }
}
