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
     * A handover in which no order ended between the two instances: {@link #ordersAtDeparture()}
     * equals {@code openOrderIds}.
     *
     * @param strategyId   the strategy id both instances share
     * @param format       {@link StateHandover#stateFormat()} of the exporter; 0 if it exported nothing
     * @param state        the exported bytes (empty or null if none); copied
     * @param openOrderIds client order ids of the strategy's open orders at import time; copied
     * @param from         the exporting bundle, "symbolic-name version", for logs
     */
    public HandoverState(int strategyId, int format, byte[] state, long[] openOrderIds, String from) {
        this(strategyId, format, state, openOrderIds, openOrderIds, from);
    }

    /**
     * A handover with the orders open at each end.
     *
     * @param strategyId        the strategy id both instances share
     * @param format            {@link StateHandover#stateFormat()} of the exporter; 0 if it exported nothing
     * @param state             the exported bytes (empty or null if none); copied
     * @param openOrderIds      client order ids of the strategy's open orders at import time; copied
     * @param ordersAtDeparture client order ids of the strategy's open orders when the old instance
     *                          left: those no longer in {@code openOrderIds} ended in between (read
     *                          their fills from the tracker); null means the same as {@code openOrderIds}
     * @param from              the exporting bundle, "symbolic-name version", for logs
     */
    public HandoverState(int strategyId, int format, byte[] state, long[] openOrderIds, long[] ordersAtDeparture, String from) {
        this.strategyId = strategyId;
        this.format = format;
        this.state = state == null ? new byte[0] : state.clone();
        this.openOrderIds = openOrderIds == null ? new long[0] : openOrderIds.clone();
        this.ordersAtDeparture = ordersAtDeparture == null ? this.openOrderIds.clone() : ordersAtDeparture.clone();
        this.from = from == null ? "" : from;
    }

    /** {@return the strategy id both instances share} */
    public int strategyId() { return strategyId; }

    /** {@return the format version of {@link #state()}; 0 when the old instance exported nothing} */
    public int format() { return format; }

    /** {@return a copy of the exported bytes; empty when none} */
    public byte[] state() { return state.clone(); }

    /** {@return a copy of the ids of the strategy's open orders at import time, ascending} */
    public long[] openOrderIds() { return openOrderIds.clone(); }

    /**
     * An order here but not in {@link #openOrderIds()} ended between the two instances: its last
     * reports reached neither, so read its final state from the tracker.
     *
     * @return a copy of the ids of the strategy's orders that were open when the old instance left,
     *     ascending
     */
    public long[] ordersAtDeparture() { return ordersAtDeparture.clone(); }

    /** {@return the exporting bundle, "symbolic-name version"; empty when not known} */
    public String from() { return from; }

    @Override
    public String toString() {
        return "HandoverState[strategy " + strategyId + " format " + format + ", " + state.length + " bytes, open orders "
                + Arrays.toString(openOrderIds) + " from " + from + ']';
    }
}
