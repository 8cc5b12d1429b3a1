package flox.api.plugin;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * Optional for a {@link Strategy}: carries its state over to the instance that replaces it when its
 * bundle is updated (hot swap). Orders belong to the {@link Strategy#strategyId() strategy id}, not to
 * an object, so the new instance (same id) owns the old one's open orders once it accepts them.
 *
 * <p>The host's sequence for one strategy id:
 * <ol>
 * <li>the old instance's services go away: its bus subscriptions end, the host calls
 * {@link Strategy#stop()} and then {@link #exportState()} (an event already on its way may still be
 * delivered until its subscriptions are gone: the order of those two is not defined);</li>
 * <li>the new instance arrives with the same id: before its {@link Strategy#start()} the host calls
 * {@link #importState(HandoverState)} with that state and the ids of the strategy's orders still open
 * in the tracker at that moment;</li>
 * <li>if the new instance refuses (returns false or throws), does not implement this interface, or
 * does not arrive within the host's handover timeout, the host cancels those orders.</li>
 * </ol>
 * Reports for the strategy's orders that arrive between the old subscription's end and the new one's
 * start are not delivered to either instance: the importer reads the orders' current state from the
 * {@link flox.api.order.OrderTracker} (it is never behind the bus), for the orders still open and for
 * those that ended in between ({@link HandoverState#ordersAtDeparture()}), and counts fills by
 * cumulative quantity so a report seen twice adds nothing.
 *
 * <p>Both calls come from the host's lifecycle thread, never concurrently with {@code start}/{@code stop};
 * cold path, may allocate. The format of the bytes is the strategy's own; {@link #stateFormat()}
 * versions it so a new release can read (or knowingly refuse) an old release's state.
 */
@ConsumerType
public interface StateHandover {
    /** {@return the version of the format {@link #exportState()} writes} */
    int stateFormat();

    /**
     * Called once on the old instance after {@link Strategy#stop()}.
     *
     * @return the state to carry over; never null (an empty array: nothing to carry)
     */
    byte[] exportState();

    /**
     * Called once on the new instance before {@link Strategy#start()}.
     *
     * @param state what the old instance exported, and the strategy's open orders
     * @return true if it takes over the state and the open orders, false to refuse (the host then
     *     cancels the orders)
     */
    boolean importState(HandoverState state);
}
