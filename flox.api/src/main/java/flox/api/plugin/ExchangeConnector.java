package flox.api.plugin;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Brings a venue's market data into the host: resolves symbols in the registry and publishes
 * book updates and trades on the market-data bus. Started in the CONNECTOR phase.
 * Thread-safety: start/stop follow {@link LifecycleParticipant} (one coordinator thread);
 * implementations document their own I/O threads. Publishing must not allocate in steady state.
 */
@ConsumerType
public interface ExchangeConnector extends LifecycleParticipant {
    /** Venue name as used in the symbol registry (e.g. "BINANCE"). */
    String exchange();

    @Override
    default LifecyclePhase phase() {
        return LifecyclePhase.CONNECTOR;
    }
}
