package flox.bus.internal.component;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.bus.internal.delivery.FanOutBus;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/**
 * Gogo command {@code flox:buses}: per bus, mode and counters (published, back-pressured,
 * refused while closed, refused as invalid, stalls); per subscriber, policy, thread, delivered,
 * dropped, errors, queue depth, lag and state. Cold path; allocates.
 */
@Component(service = BusCommands.class, property = {"osgi.command.scope=flox", "osgi.command.function=buses"})
public final class BusCommands {
    private final MarketDataBus marketData;
    private final ExecutionBus execution;

    @Activate
    public BusCommands(@Reference MarketDataBus marketData, @Reference ExecutionBus execution) {
        this.marketData = marketData;
        this.execution = execution;
    }

    /** flox:buses */
    @Descriptor("per bus: mode and counters; per subscriber: policy, thread, delivered, dropped, errors, queue depth, lag")
    public String buses() {
        return describe(marketData) + describe(execution);
    }

    private static String describe(Object bus) {
        FanOutBus<?> engine = bus instanceof BusComponent ? ((BusComponent<?>) bus).engine() : null;
        return engine == null ? bus + ": not active" + System.lineSeparator() : engine.status().describe();
    }
}
