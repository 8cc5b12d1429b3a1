package flox.api.plugin;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sends orders to a venue (real or simulated), applies the venue's execution reports to the
 * order tracker and publishes those the tracker applied on the execution bus, by one rule:
 * {@link ExecutionReports#report} (duplicates and stale reports counted, never shown twice;
 * backpressure retried while the bus is open). Started in the EXECUTOR phase and stopped last,
 * after finishing in-flight work.
 *
 * <p>A venue plugin registers an {@link ExchangeConnector} (market data) and an
 * {@code OrderExecutor} (order entry) for its exchange, and publishes the venue's state
 * ({@link flox.api.event.VenueStateEvent}) from whichever side holds the session: risk sends
 * no new order to a venue that has not said it is LIVE. {@link #start()} does not wait for the
 * network: it starts the connection on the plugin's own thread and returns; the venue state
 * says when it is up.
 *
 * <p>Orders reach it through the host's {@link flox.api.order.OrderGateway}, which has already
 * checked risk and told the tracker (the order is PENDING_NEW when {@code submit} is called).
 *
 * <p>The submit methods are thread-safe (several strategies call them), copy what they need
 * before returning, do not block and do not allocate in steady state. Refusal is a return
 * value: {@link RejectReason#NONE} means accepted for sending, anything else says why not
 * (for example {@link RejectReason#BACK_PRESSURED}). The executor does not report its own
 * refusals: the gateway applies and publishes them (REJECTED, CANCEL_REJECTED, REPLACE_REJECTED),
 * so each is shown once.
 *
 * <p>{@code cancel} and {@code replace} receive the order's symbol id from the gateway, which has
 * read the order from the tracker: an executor needs no lookup of its own to route them. What
 * else a venue message restates (side, stop price, exchange order id) is in the tracker:
 * {@link flox.api.order.OrderTracker#read} into an {@link flox.api.order.OrderState} the executor
 * keeps for its sending thread.
 */
@ConsumerType
public interface OrderExecutor extends LifecycleParticipant {
    /** {@return the venue name as used in the symbol registry; the gateway routes the symbols of this exchange here} */
    String exchange();

    /**
     * Sends a new order; the tracker already says PENDING_NEW.
     *
     * @param request the order; copy what is needed before returning, it is reused
     * @return {@link RejectReason#NONE} when accepted for sending, otherwise why not (reported by the gateway)
     */
    RejectReason submit(OrderRequest request);

    /**
     * Sends the cancel of {@code clientOrderId} (on {@code symbolId}); the tracker already says PENDING_CANCEL.
     *
     * @param symbolId      the order's symbol, read by the gateway from the tracker
     * @param clientOrderId the order to cancel
     * @return {@link RejectReason#NONE} when accepted for sending, otherwise why not (the gateway
     *     then undoes the pending cancel)
     */
    RejectReason cancel(int symbolId, long clientOrderId);

    /**
     * Sends a cancel/replace of {@code origClientOrderId} (on {@code symbolId}); the tracker
     * already holds {@code newClientOrderId} as PENDING_REPLACE with the new price and quantity,
     * and the original's side, type, time in force and stop price, which the replace keeps.
     *
     * @param symbolId          the order's symbol, read by the gateway from the tracker
     * @param origClientOrderId the live order being replaced
     * @param newClientOrderId  the replacement's id
     * @param newPriceScaled    the new limit price at the symbol's price scale
     * @param newQuantityScaled the new total quantity at the symbol's quantity scale
     * @return {@link RejectReason#NONE} when accepted for sending, otherwise why not (the gateway
     *     then undoes the pending replace)
     */
    RejectReason replace(int symbolId, long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled);

    @Override
    default LifecyclePhase phase() {
        return LifecyclePhase.EXECUTOR;
    }
}
