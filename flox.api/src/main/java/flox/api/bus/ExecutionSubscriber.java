package flox.api.bus;

import flox.api.event.ExecutionEvent;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * Whiteboard subscriber for execution reports; same registration and threading rules as
 * {@link MarketDataSubscriber} (one delivery thread at a time, so no thread-safety needed against
 * the bus). The event has already been applied to the order tracker.
 */
@ConsumerType
public interface ExecutionSubscriber {
    /**
     * An execution report the tracker applied; each state change of an order arrives once.
     *
     * @param event a flyweight valid only during the call: copy what you keep
     */
    void onExecution(ExecutionEvent event);
}
