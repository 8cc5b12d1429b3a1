package flox.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.time.MarketClock;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/** The host's clock chosen by the framework property flox.clock: the machine's, or a replayed market's time. */
class HostClockTest {
    final List<Object> registered = new ArrayList<>();
    int unregistered;

    /** A bundle context that answers framework properties from {@code props} and records registrations. */
    BundleContext context(Map<String, String> props) {
        ServiceRegistration<?> reg = (ServiceRegistration<?>) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ServiceRegistration.class},
                (p, m, a) -> {
                    if (m.getName().equals("unregister")) unregistered++;
                    return null;
                });
        return (BundleContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {BundleContext.class}, (p, m, a) -> {
            switch (m.getName()) {
                case "getProperty": return props.get((String) a[0]);
                case "registerService": registered.add(a[1]); return reg;
                default: throw new UnsupportedOperationException(m.getName());
            }
        });
    }

    @Test
    void shouldBeTheMachinesClockByDefault() {
        HostClock c = new HostClock(context(Map.of()));
        long before = System.nanoTime();
        long t = c.nanoTime();
        assertTrue(t >= before && t <= System.nanoTime());
        assertTrue(c.epochNanos() > 1_000_000_000_000_000_000L, "wall-clock epoch nanoseconds");
        assertTrue(registered.isEmpty(), "no MarketClock");
    }

    @Test
    void shouldFollowTheMarketWhenTold() {
        HostClock c = new HostClock(context(Map.of(HostClock.MODE, "market", HostClock.START, "1723161253937085768")));
        assertEquals(1, registered.size());
        MarketClock m = (MarketClock) registered.get(0);
        assertEquals(1_723_161_253_937_085_768L, c.nanoTime(), "the start before the first event");
        m.advanceTo(1_723_161_254_000_000_000L);
        assertEquals(1_723_161_254_000_000_000L, c.nanoTime());
        assertEquals(1_723_161_254_000_000_000L, c.epochNanos());
        m.advanceTo(1_723_161_253_000_000_000L);
        assertEquals(1_723_161_254_000_000_000L, c.nanoTime(), "time never goes back");
        c.deactivate();
        assertEquals(1, unregistered);
    }

    @Test
    void shouldStartAtZeroWithoutAStart() {
        HostClock c = new HostClock(context(Map.of(HostClock.MODE, "market")));
        assertEquals(0, c.nanoTime());
        assertFalse(registered.isEmpty());
    }

    @Test
    void shouldRefuseAnotherModeNamingTheProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new HostClock(context(Map.of(HostClock.MODE, "replay"))));
        assertEquals("framework property flox.clock is 'replay': system or market", e.getMessage());
        IllegalArgumentException s = assertThrows(IllegalArgumentException.class,
                () -> new HostClock(context(Map.of(HostClock.MODE, "market", HostClock.START, "yesterday"))));
        assertTrue(s.getMessage().contains(HostClock.START), s.getMessage());
    }
}
