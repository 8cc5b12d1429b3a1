package flox.api.plugin;

import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * An in-line pre-trade check on the submission path. Called on the submitting thread, possibly
 * from several threads at once: implementations must be thread-safe, must not block and must
 * not allocate.
 */
@ConsumerType
public interface RiskCheck {
    /**
     * Checks a new order, or the order a replace would make, before it is sent.
     *
     * @param request the order; read during the call only
     * @return {@link RejectReason#NONE} to let the order through, otherwise why it is refused
     */
    RejectReason check(OrderRequest request);
}
