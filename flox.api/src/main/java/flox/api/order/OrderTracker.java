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

    /**
     * Starts tracking a new order in {@link OrderStatus#NEW}; copies from {@code request}, stop price included.
     *
     * @param request the order; copied, not kept
     * @param nowNs   host monotonic time ({@link flox.api.time.NanoClock#nanoTime()})
     * @return {@link TrackerResult#APPLIED}, or why not (a duplicate id, no free slot, an invalid request)
     */
    TrackerResult onNew(OrderRequest request, long nowNs);

    /**
     * NEW -&gt; PENDING_NEW: the order was handed to the venue.
     *
     * @param clientOrderId the order
     * @param nowNs         host monotonic time ({@link flox.api.time.NanoClock#nanoTime()})
     * @return {@link TrackerResult#APPLIED}, or why not
     */
    TrackerResult onSubmitted(long clientOrderId, long nowNs);

    /**
     * Local refusal before sending (risk, validation): NEW | PENDING_NEW -&gt; REJECTED.
     *
     * @param clientOrderId the order
     * @param reason        why it was refused
     * @param nowNs         host monotonic time ({@link flox.api.time.NanoClock#nanoTime()})
     * @return {@link TrackerResult#APPLIED}, or why not
     */
    TrackerResult onRejected(long clientOrderId, RejectReason reason, long nowNs);

    /**
     * A cancel was sent: live order -&gt; PENDING_CANCEL.
     *
     * @param clientOrderId the order
     * @param nowNs         host monotonic time ({@link flox.api.time.NanoClock#nanoTime()})
     * @return {@link TrackerResult#APPLIED}, or why not (e.g. REFUSED_ILLEGAL_TRANSITION for an
     *     order that has ended or already has a cancel pending)
     */
    TrackerResult onCancelRequested(long clientOrderId, long nowNs);

    /**
     * A cancel/replace was sent: the original goes to PENDING_REPLACE and {@code newClientOrderId}
     * is tracked (PENDING_REPLACE too) with the new price and total quantity, carrying over the
     * filled quantity and the original's side, type, time in force and stop price. A new quantity
     * below the filled quantity is refused as an overfill.
     *
     * @param origClientOrderId the live order being replaced
     * @param newClientOrderId  the replacement's id
     * @param newPriceScaled    the new limit price at the symbol's price scale
     * @param newQuantityScaled the new total quantity at the symbol's quantity scale
     * @param nowNs             host monotonic time ({@link flox.api.time.NanoClock#nanoTime()})
     * @return {@link TrackerResult#APPLIED} (both orders changed), or why not (neither changed)
     */
    TrackerResult onReplaceRequested(long origClientOrderId, long newClientOrderId, long newPriceScaled,
                                     long newQuantityScaled, long nowNs);

    /**
     * Applies an execution report from the venue. Does not keep {@code event}.
     *
     * @param event the report
     * @return {@link TrackerResult#APPLIED}; DUPLICATE or STALE for a repeat or an out-of-order
     *     report (ignored); a REFUSED_ result when it contradicts the tracked order
     */
    TrackerResult apply(ExecutionEvent event);

    /**
     * Starts tracking an order the venue reports and the tracker does not know (it was placed
     * before a restart or outside this host), found by reconciliation: owned by no strategy
     * ({@link OrderState#UNOWNED}), with the report's ids, symbol, side, price, quantity,
     * cumulative fill and {@link ExecutionEvent#venueStatus()} (ACCEPTED or PARTIALLY_FILLED by
     * the fill when absent). Counted as a correction. Added in 2.0.
     *
     * @param venueView the venue's view of the order; not kept
     * @return {@link TrackerResult#APPLIED}; {@link TrackerResult#REFUSED_DUPLICATE_ORDER_ID}
     *     when the id is tracked already (apply a RESTATED report instead)
     */
    TrackerResult adopt(ExecutionEvent venueView);

    /** {@return corrections applied so far: RESTATED reports that changed an order, and adopted orders. Added in 2.0.} */
    long correctionCount();

    /**
     * Copies the order into {@code into}. Lock-free, consistent (never torn), no allocation.
     *
     * @param clientOrderId the order
     * @param into          the caller's reusable view, overwritten
     * @return false (and {@code into} unchanged) if it is not, or no longer, tracked
     */
    boolean read(long clientOrderId, OrderState into);

    /**
     * Writes the ids of open orders on {@code symbolId} (or {@link #ANY_SYMBOL}) into
     * {@code out}. Scans the whole table: for risk checks and tools, not for every event.
     *
     * @param symbolId the symbol, or {@link #ANY_SYMBOL}
     * @param out      receives as many ids as fit
     * @return how many open orders there are, which may exceed {@code out.length}
     */
    int openOrders(int symbolId, long[] out);

    /** {@return the number of orders currently not terminal} */
    int openOrderCount();

    /** {@return the number of orders currently tracked, open or terminal} */
    int trackedOrderCount();

    /** {@return the number of slots preallocated: the most orders tracked at once} */
    int capacity();

    /**
     * {@return how many updates ended with {@code result} since start}
     * @param result an outcome
     */
    long resultCount(TrackerResult result);
}
