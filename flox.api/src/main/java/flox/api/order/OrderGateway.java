package flox.api.order;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way strategies send orders: the host checks the symbol, runs every
 * {@link flox.api.plugin.RiskCheck} service, tracks the order and hands it to the
 * {@link flox.api.plugin.OrderExecutor} of the symbol's exchange. Implemented by the host.
 *
 * <p>A refusal is the return value ({@link RejectReason#NONE} means handed to the executor) and
 * is also reported as a REJECTED (or CANCEL_REJECTED / REPLACE_REJECTED) execution report on the
 * execution bus and in the tracker, so strategies, metrics and the tracker all see it; refusals
 * are counted per reason.
 *
 * <p>Thread-safe: several strategies may call it at once. No method allocates in steady state
 * (the first call on a new thread sets up that thread's reusable report).
 */
@ProviderType
public interface OrderGateway {
    /** A client order id unique in this host, increasing from 1 (deterministic for a given run). */
    long nextClientOrderId();

    /** Checks, tracks and sends a new order. The request is copied; the caller may reuse it. */
    RejectReason submit(OrderRequest request);

    /** Requests the cancel of a live order. */
    RejectReason cancel(long clientOrderId);

    /** Requests a cancel/replace; {@code newClientOrderId} carries on with the new price and total quantity. */
    RejectReason replace(long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled);

    /** Refusals with {@code reason} since start ({@link RejectReason#NONE}: orders handed to an executor). */
    long count(RejectReason reason);
}
