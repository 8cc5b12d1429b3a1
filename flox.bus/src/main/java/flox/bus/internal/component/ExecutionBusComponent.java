package flox.bus.internal.component;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.event.ExecutionEvent;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.symbol.SymbolRegistry;
import flox.bus.internal.delivery.BusSettings;
import flox.bus.internal.delivery.ExecutionFanOut;
import flox.bus.internal.delivery.ExecutionSlot;
import java.util.Map;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The host's {@link ExecutionBus} (pid {@value #PID}): execution reports to every
 * {@link ExecutionSubscriber} service. Same guarantees as the market-data bus.
 */
@Component(service = {ExecutionBus.class, LifecycleParticipant.class}, configurationPid = ExecutionBusComponent.PID, immediate = true)
@Designate(ocd = BusConfig.class)
public final class ExecutionBusComponent extends BusComponent<ExecutionFanOut> implements ExecutionBus {
    public static final String PID = "flox.bus.execution";

    public ExecutionBusComponent() {
        super(PID, "execution bus", 1 << ExecutionSlot.EXECUTION);
    }

    @Override
    ExecutionFanOut newEngine(String name, BusSettings settings, SymbolRegistry symbols) {
        return new ExecutionFanOut("execution", settings, symbols);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY,
            updated = "updatedSubscriber")
    void addSubscriber(ExecutionSubscriber subscriber, Map<String, Object> properties) {
        bind(subscriber, properties);
    }

    void updatedSubscriber(ExecutionSubscriber subscriber, Map<String, Object> properties) {
        updated(subscriber, properties);
    }

    void removeSubscriber(ExecutionSubscriber subscriber) {
        unbind(subscriber);
    }

    @Override
    public long publishExecution(ExecutionEvent event) {
        ExecutionFanOut e = engine;
        return e == null ? BusResult.CLOSED : e.publishExecution(event);
    }
}
