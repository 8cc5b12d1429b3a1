package flox.api.plugin;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A trading strategy. It usually also registers as a bus subscriber to receive market data and
 * execution reports, and submits orders through the host's {@link flox.api.order.OrderGateway} (never to an
 * {@link OrderExecutor} directly: the gateway runs the risk checks and tracks the order). Started in the
 * STRATEGY phase; on stop it stops deciding (its open orders stay in the tracker, owned by
 * {@link #strategyId()}). It may be started again after a stop (an operator's
 * {@code flox:disable} then {@code flox:enable}). See {@link StateHandover} for hot swaps. Thread-safety: start/stop come from the coordinator thread and
 * market-data callbacks from the bus; a strategy that shares state between them must publish it
 * safely. Callbacks should not allocate.
 */
@ConsumerType
public interface Strategy extends LifecycleParticipant {
    /** {@return the stable id that owns this strategy's orders; unique within the host, kept across swaps} */
    int strategyId();

    @Override
    default LifecyclePhase phase() {
        return LifecyclePhase.STRATEGY;
    }
}
