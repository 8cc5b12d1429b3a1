package flox.api.order;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The one way strategies send orders: the host checks the symbol, runs every
 * {@link flox.api.plugin.RiskCheck} service, tracks the order and hands it to the
 * {@link flox.api.plugin.OrderExecutor} of the symbol's exchange. Implemented by the host.
 *
 * <p>A refusal is the return value ({@link RejectReason#NONE} means handed to the executor) and
 * is counted per reason. A refusal that changes an order (a tracked submit rejected, a pending
 * cancel or replace undone) is also applied to the tracker and published once as a REJECTED (or
 * CANCEL_REJECTED / REPLACE_REJECTED) execution report, by the gateway alone and by the rule of
 * {@link flox.api.plugin.ExecutionReports} (published only if the tracker applied it,
 * backpressure retried while the bus is open), so strategies, metrics and the tracker all see
 * it; one that changes nothing (an unknown order, a replace refused before anything was
 * tracked) is only returned and counted.
 *
 * <p>Thread-safe: several strategies may call it at once. No method allocates in steady state
 * (the first call on a new thread sets up that thread's reusable report).
 */
@ProviderType
public interface OrderGateway {
    /**
     * A client order id unique in this host, increasing by one per call. Where ids start is the
     * gateway setting {@code first.id} (pid {@code flox.gateway}, {@code etc/flox.gateway.cfg}):
     * <ul>
     * <li>a whole number N (default 1): every run starts at N. Deterministic: a replay of one
     * recording sends the same ids each time. For simulated and replayed venues; a live venue
     * keeps open orders for days and would be sent ids it has seen.</li>
     * <li>{@code epoch}, for live venues: the first id is the wall-clock milliseconds since the
     * Unix epoch when the gateway starts, times 1024. Unique across restarts, the same day or any
     * later one: a run that starts at millisecond tA and issues k ids uses tA*1024 .. tA*1024+k-1;
     * the next run (one host per home) starts at a later millisecond tB and so begins at tB*1024,
     * beyond them, as long as k &lt;= 1024*(tB-tA), that is, as long as the earlier run issued at
     * most 1024 ids per millisecond on average over its life (far above any venue's rate limit).
     * The gateway compares every 1024th id with the clock and says at WARNING when ids run ahead
     * of it. Not covered: a wall clock set back between two runs by more than the time between
     * them, and two hosts sending on one venue account (give each host its own account).</li>
     * </ul>
     * Id space: the tracker takes any id except 0 and {@code Long.MIN_VALUE}. An epoch seed is
     * about 1.8e15 in 2026: positive, 16 decimal digits, below 2^53 until the year 2248 (exact even
     * as a JSON double) and below 2^63 for some 285,000 years; as decimal text it fits a FIX
     * ClOrdID and Binance's 36-character client order id. A fixed N is at most 2^62.
     *
     * @return the next id; thread-safe, no allocation
     */
    long nextClientOrderId();

    /**
     * Checks, tracks and sends a new order: the symbol must be registered, every risk check must
     * pass, and the symbol's exchange must have an executor.
     *
     * @param request the order, with a fresh {@link #nextClientOrderId()} and the caller's strategy
     *                id; copied, so the caller may reuse it
     * @return {@link RejectReason#NONE} when handed to the executor (the outcome then comes as
     *     execution reports), otherwise why it was refused
     */
    RejectReason submit(OrderRequest request);

    /**
     * Requests the cancel of a live order: the tracker moves it to PENDING_CANCEL and the executor
     * sends the cancel. Cancels pass a kill switch, a risk halt and a disabled strategy.
     *
     * @param clientOrderId the order to cancel
     * @return {@link RejectReason#NONE} when handed to the executor (CANCELED comes as an execution
     *     report), otherwise why not (e.g. {@link RejectReason#UNKNOWN_ORDER})
     */
    RejectReason cancel(long clientOrderId);

    /**
     * Requests a cancel/replace; {@code newClientOrderId} carries on with the new price and total
     * quantity, and the original's side, type, time in force and stop price.
     *
     * @param origClientOrderId the live order to replace
     * @param newClientOrderId  the replacement's id, a fresh {@link #nextClientOrderId()}
     * @param newPriceScaled    the new limit price at the symbol's price scale
     * @param newQuantityScaled the new total quantity at the symbol's quantity scale (filled
     *                          quantity included; not below it)
     * @return {@link RejectReason#NONE} when handed to the executor (REPLACED comes as an execution
     *     report), otherwise why not
     */
    RejectReason replace(long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled);

    /**
     * {@return refusals with {@code reason} since start ({@link RejectReason#NONE}: orders handed to an executor)}
     * @param reason the refusal to count, or {@link RejectReason#NONE}
     */
    long count(RejectReason reason);
}
