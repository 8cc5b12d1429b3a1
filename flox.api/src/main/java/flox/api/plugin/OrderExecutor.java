package flox.api.plugin;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Sends orders to a venue (real or simulated), applies the venue's execution reports to the
 * order tracker and publishes them on the execution bus. Started in the EXECUTOR phase and
 * stopped last, after finishing in-flight work.
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
 * (for example {@link RejectReason#BACK_PRESSURED}).
 */
@ConsumerType
public interface OrderExecutor extends LifecycleParticipant {
    /** Venue name as used in the symbol registry. */
    String exchange();

    RejectReason submit(OrderRequest request);

    RejectReason cancel(long clientOrderId);

    RejectReason replace(long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled);

    @Override
    default LifecyclePhase phase() {
        return LifecyclePhase.EXECUTOR;
    }
}
