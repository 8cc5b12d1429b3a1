package flox.api.order;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Net positions per strategy id as a host component counts them from fills (the metrics
 * collector, risk). The host asks before it starts a strategy instance that did not take over
 * its predecessor's state: one with a position it does not know about would start flat.
 *
 * <p>Thread-safe. Cold path: may allocate; never call it from a callback on a hot path.
 */
@ProviderType
public interface StrategyPositions {
    /**
     * The net positions of one strategy id.
     *
     * @param strategyId the strategy id
     * @return a new map of the non-zero net positions of {@code strategyId} (filled buys minus
     *     filled sells): symbol id to quantity at the symbol's quantity scale; empty when it is flat
     *     or has never filled
     */
    Map<Integer, Long> positions(int strategyId);
}
