package flox.risk.internal;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.ExecutionEvent;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Feeds execution reports to the risk engine's positions. Lossless (a missed fill would be a
 * wrong position), inline and first on the publisher's thread (priority -100), so that the position has moved before a
 * strategy reacts to the same fill. Called by one thread at a time; no allocation in steady state.
 */
@Component(service = ExecutionSubscriber.class, property = {SubscriberProperties.PRIORITY + ":Integer=-100",
        SubscriberProperties.DELIVERY + "=" + SubscriberProperties.DELIVERY_INLINE})
public final class RiskExecutionSubscriber implements ExecutionSubscriber {
    private final RiskEngine engine;

    @Activate
    public RiskExecutionSubscriber(@Reference RiskComponent risk) {
        this.engine = risk.engine();
    }

    @Override
    public void onExecution(ExecutionEvent event) {
        engine.onExecution(event);
    }
}
