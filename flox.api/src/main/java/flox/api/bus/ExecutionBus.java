package flox.api.bus;

import flox.api.event.ExecutionEvent;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Publishes execution reports to every execution subscriber: only reports the order tracker
 * applied, each once (publishers follow {@link flox.api.plugin.ExecutionReports}). Same threading, ordering and allocation guarantees as
 * {@link MarketDataBus}: thread-safe for several publishers, per-publisher order, the event is copied, no allocation.
 */
@ProviderType
public interface ExecutionBus {
    /**
     * Publishes one execution report to every execution subscriber.
     *
     * @param event the report, already applied to the order tracker; copied before the call returns
     * @return sequence &gt;= 0, or a negative {@link BusResult} code
     */
    long publishExecution(ExecutionEvent event);
}
