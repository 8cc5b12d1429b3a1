package flox.core.time;

import flox.api.time.MarketClock;
import flox.api.time.NanoClock;
import java.lang.System.Logger.Level;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * The host's {@link NanoClock} service. The framework property {@value #MODE} chooses it once, at
 * start: {@code system} (the default) is the machine's clock; {@code market} is a replayed
 * market's time ({@link MarketTime}, also registered as {@link MarketClock} for the replay to
 * advance; its start from {@value #START}, epoch nanoseconds, else 0). A framework property, not
 * Configuration Admin: every component takes its clock at activation, before FileInstall has
 * delivered the home's files. Any other value fails the activation, naming the property.
 * Thread-safe; {@link #nanoTime()} allocates nothing.
 */
@Component(service = NanoClock.class, immediate = true)
public final class HostClock implements NanoClock {
    public static final String MODE = "flox.clock";
    public static final String START = "flox.clock.start.epoch.ns";
    private static final System.Logger LOG = System.getLogger("flox.core");

    private final NanoClock delegate;
    private final ServiceRegistration<MarketClock> market;

    @Activate
    public HostClock(BundleContext context) {
        String mode = context.getProperty(MODE);
        if (mode == null || mode.isBlank() || mode.strip().equals("system")) {
            delegate = new SystemNanoClock();
            market = null;
        } else if (mode.strip().equals("market")) {
            String start = context.getProperty(START);
            long startNs;
            try {
                startNs = start == null || start.isBlank() ? 0 : Long.parseLong(start.strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("framework property " + START + " is '" + start + "': epoch nanoseconds expected");
            }
            MarketTime t = new MarketTime(startNs);
            delegate = t;
            market = context.registerService(MarketClock.class, t, null);
            LOG.log(Level.INFO, "clock: the replayed market's recorded time (" + MODE + "=market): timers, rates and stamps follow the data, "
                    + "not the machine");
        } else {
            throw new IllegalArgumentException("framework property " + MODE + " is '" + mode + "': system or market");
        }
    }

    @Deactivate
    void deactivate() {
        if (market != null) market.unregister();
    }

    @Override
    public long nanoTime() {
        return delegate.nanoTime();
    }

    @Override
    public long epochNanos() {
        return delegate.epochNanos();
    }
}
