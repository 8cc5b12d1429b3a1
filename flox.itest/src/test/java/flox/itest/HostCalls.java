package flox.itest;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Method;
import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/**
 * Calls a public method of a host service whose class is private to its bundle (flox.core's
 * Gogo commands, its fault monitor): the test bundle cannot import it, so by reflection.
 */
public final class HostCalls {
    private HostCalls() {
    }

    /**
     * Publishes {@code exchange} LIVE (venue-wide) on the market-data bus, as a venue's connector
     * does when it is up: risk refuses new orders for a venue that has not. Fails if the bus refuses.
     */
    public static void venueLive(flox.api.bus.MarketDataBus bus, String exchange) {
        long r = bus.publishVenueState(new flox.api.event.VenueStateEvent().set(exchange, flox.api.event.VenueStateEvent.ALL_SYMBOLS,
                flox.api.event.VenueState.LIVE, flox.api.event.VenueStateReason.NONE, 0, "test venue up", System.nanoTime()));
        assertTrue(r >= 0, "venue state LIVE of " + exchange + " published: " + flox.api.bus.BusResult.describe(r));
    }

    /** A flox Gogo command ({@code flox:function args...}); its text. Arguments are passed as the shell's words (strings). */
    public static String command(BundleContext context, String function, Object... args) {
        Object[] words = new Object[args.length];
        for (int i = 0; i < args.length; i++) words[i] = String.valueOf(args[i]);
        return (String) call(context, "(&(osgi.command.scope=flox)(osgi.command.function=" + function + "))", function, words);
    }

    /** {@code method(args...)} on the first service matching {@code filter}. */
    public static Object call(BundleContext context, String filter, String method, Object... args) {
        try {
            ServiceReference<?>[] refs = context.getAllServiceReferences(null, filter);
            assertTrue(refs != null && refs.length > 0, "a service " + filter);
            Object service = context.getService(refs[0]);
            try {
                for (Method m : service.getClass().getMethods()) {
                    if (m.getName().equals(method) && m.getParameterCount() == args.length) return m.invoke(service, args);
                }
                throw new AssertionError("no method " + method + " with " + args.length + " argument(s) on " + service.getClass().getName());
            } finally {
                context.ungetService(refs[0]);
            }
        } catch (ReflectiveOperationException | InvalidSyntaxException e) {
            throw new AssertionError(e);
        }
    }
}
