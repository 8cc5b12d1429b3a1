package flox.api.order;

import flox.api.event.ExecutionEvent;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The host's book of orders: a validated state machine per order (see {@link OrderStatus}).
 *
 * <p>Thread-safe, as follows. Writers: every mutating call concerns one order. An order has two
 * writers: the gateway's caller (a strategy's thread: {@code onNew}, {@code onSubmitted},
 * {@code onRejected}, cancel and replace requests) and the executor's thread (its venue's
 * reports); the tracker serialises them per order (a lock word in the order's slot, taken by
 * CAS, so the two never interleave within one update), and calls for different orders run
 * concurrently. A venue plugin hands all reports of one order to one thread, so that they are
 * applied in the venue's order. Illegal transitions, overfills and unknown ids are refused and counted, never
 * applied; a duplicate or out-of-order execution report is ignored (judged by exec id,
 * cumulative quantity and status: e.g. a pending-cancel ack after the order ended), so replaying
 * reports is idempotent.
 *
 * <p>Readers: {@link #read(long, OrderState)} and the counters are lock-free and may run on any
 * thread at any time; a read returns a consistent copy, never a torn one.
 *
 * <p>Allocation: capacity is preallocated; steady-state updates and reads allocate nothing.
 * When capacity is exhausted the terminal order that finished longest ago is evicted (so a late
 * report for an order that has just ended still finds it); if all slots hold open orders, new
 * orders are refused with {@link TrackerResult#REFUSED_CAPACITY}.
 */
@ProviderType
public interface OrderTracker {
    /** Symbol filter matching every symbol in {@link #openOrders(int, long[])}. */
    int ANY_SYMBOL = -1;

    /** Starts tracking a new order in {@link OrderStatus#NEW}; copies from {@code request}, stop price included. */
    TrackerResult onNew(OrderRequest request, long nowNs);

    /** NEW -&gt; PENDING_NEW: the order was handed to the venue. */
    TrackerResult onSubmitted(long clientOrderId, long nowNs);

    /** Local refusal before sending (risk, validation): NEW | PENDING_NEW -&gt; REJECTED. */
    TrackerResult onRejected(long clientOrderId, RejectReason reason, long nowNs);

    /** A cancel was sent: live order -&gt; PENDING_CANCEL. */
    TrackerResult onCancelRequested(long clientOrderId, long nowNs);

    /**
     * A cancel/replace was sent: the original goes to PENDING_REPLACE and {@code newClientOrderId}
     * is tracked (PENDING_REPLACE too) with the new price and total quantity, carrying over the
     * filled quantity and the original's side, type, time in force and stop price. A new quantity below the filled quantity is refused as an overfill.
     */
    TrackerResult onReplaceRequested(long origClientOrderId, long newClientOrderId, long newPriceScaled,
                                     long newQuantityScaled, long nowNs);

    /** Applies an execution report from the venue. Does not keep {@code event}. */
    TrackerResult apply(ExecutionEvent event);

    /**
     * Starts tracking an order the venue reports and the tracker does not know (it was placed
     * before a restart or outside this host), found by reconciliation: owned by no strategy
     * ({@link OrderState#UNOWNED}), with the report's ids, symbol, side, price, quantity,
     * cumulative fill and {@link ExecutionEvent#venueStatus()} (ACCEPTED or PARTIALLY_FILLED by
     * the fill when absent). Counted as a correction. {@link TrackerResult#REFUSED_DUPLICATE_ORDER_ID}
     * when the id is tracked already (apply a RESTATED report instead). Added in 2.0.
     */
    TrackerResult adopt(ExecutionEvent venueView);

    /** Corrections applied so far: RESTATED reports that changed an order, and adopted orders. Added in 2.0. */
    long correctionCount();

    /** Copies the order into {@code into}; false if it is not (or no longer) tracked. Lock-free. */
    boolean read(long clientOrderId, OrderState into);

    /**
     * Writes the ids of open orders on {@code symbolId} (or {@link #ANY_SYMBOL}) into
     * {@code out} and returns how many there are, which may exceed {@code out.length}. Scans
     * the whole table: for risk checks and tools, not for every event.
     */
    int openOrders(int symbolId, long[] out);

    /** Orders currently not terminal. */
    int openOrderCount();

    /** Orders currently tracked, open or terminal. */
    int trackedOrderCount();

    /** Slots preallocated. */
    int capacity();

    /** How many updates ended with {@code result} since start. */
    long resultCount(TrackerResult result);
}
