package flox.api.bus;

import flox.api.event.ExecutionEvent;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes execution reports (after they were applied to the order tracker) to every
 * execution subscriber. Same threading, ordering and allocation guarantees as
 * {@link MarketDataBus}: thread-safe for several publishers, per-publisher order, the event is copied, no allocation.
 */
@ProviderType
public interface ExecutionBus {
    /** @return sequence &gt;= 0, or a negative {@link BusResult} code */
    long publishExecution(ExecutionEvent event);
}
