package flox.core.order;

import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The host's {@link OrderTracker} service (pid {@value #PID}). Delegates to a
 * {@link LockFreeOrderTracker} created once at activation; a later capacity change is reported
 * and applies at the next start, so live order state is never dropped by a reconfiguration.
 */
@Component(service = OrderTracker.class, configurationPid = OrderTrackerComponent.PID, immediate = true)
@Designate(ocd = OrderTrackerComponent.Config.class)
public final class OrderTrackerComponent implements OrderTracker {
    public static final String PID = "flox.tracker";
    private static final System.Logger LOG = System.getLogger("flox.tracker");

    @ObjectClassDefinition(name = "Flox order tracker", description = "Order state machine of the host.")
    public @interface Config {
        @AttributeDefinition(name = "Capacity", description = "Orders kept at once (open plus most recent terminal); preallocated at start.", min = "1", max = "67108864")
        int capacity() default 65_536;
    }

    private LockFreeOrderTracker tracker;

    @Activate
    void activate(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        Metatype schema = Metatype.of(Config.class);
        int capacity = (int) schema.longValue(config, "capacity", schema.defaultLong("capacity"));
        warnUnknown(config);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
        tracker = new LockFreeOrderTracker(capacity);
        LOG.log(Level.INFO, "order tracker ready, capacity " + capacity);
    }

    private static void warnUnknown(ConfigReader config) {
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        long capacity = Metatype.of(Config.class).longValue(config, "capacity", tracker.capacity());
        warnUnknown(config);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
        if (capacity != tracker.capacity()) {
            LOG.log(Level.WARNING, config.source() + ", field capacity: " + capacity + " applies at the next start; running with "
                    + tracker.capacity() + " so that no order state is lost");
        }
    }

    @Override public TrackerResult onNew(OrderRequest request, long nowNs) { return tracker.onNew(request, nowNs); }
    @Override public TrackerResult onSubmitted(long id, long nowNs) { return tracker.onSubmitted(id, nowNs); }
    @Override public TrackerResult onRejected(long id, RejectReason reason, long nowNs) { return tracker.onRejected(id, reason, nowNs); }
    @Override public TrackerResult onCancelRequested(long id, long nowNs) { return tracker.onCancelRequested(id, nowNs); }
    @Override public TrackerResult onReplaceRequested(long origId, long newId, long px, long qty, long nowNs) {
        return tracker.onReplaceRequested(origId, newId, px, qty, nowNs);
    }
    @Override public TrackerResult apply(ExecutionEvent event) { return tracker.apply(event); }
    @Override public TrackerResult adopt(ExecutionEvent venueView) { return tracker.adopt(venueView); }
    @Override public long correctionCount() { return tracker.correctionCount(); }
    @Override public boolean read(long id, OrderState into) { return tracker.read(id, into); }
    @Override public int openOrders(int symbolId, long[] out) { return tracker.openOrders(symbolId, out); }
    @Override public int openOrderCount() { return tracker.openOrderCount(); }
    @Override public int trackedOrderCount() { return tracker.trackedOrderCount(); }
    @Override public int capacity() { return tracker.capacity(); }
    @Override public long resultCount(TrackerResult result) { return tracker.resultCount(result); }
}
