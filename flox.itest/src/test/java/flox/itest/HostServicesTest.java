package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/** The host bundles boot in a real Felix with SCR and provide their services. */
@Timeout(60)
class HostServicesTest {
    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    SymbolRegistry registry;

    @InjectService(timeout = 10_000)
    OrderTracker tracker;

    @InjectService(timeout = 10_000)
    LifecycleCoordinator lifecycle;

    @InjectService(timeout = 10_000)
    NanoClock clock;

    @Test
    void shouldRunHostBundlesActive() {
        for (String bsn : new String[] {"flox.api", "flox.core", "org.apache.felix.scr", "org.apache.felix.configadmin"}) {
            Bundle b = Arrays.stream(context.getBundles()).filter(x -> bsn.equals(x.getSymbolicName())).findFirst().orElse(null);
            assertNotNull(b, bsn + " is installed");
            assertEquals(Bundle.ACTIVE, b.getState(), bsn + " is active");
        }
    }

    @Test
    void shouldRegisterAndResolveSymbolsThroughTheService() throws Exception {
        SymbolInfo def = SymbolInfo.builder("ITEST", "BTCUSDT").priceScale(2).quantityScale(5)
                .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(500).build();
        int id = registry.register(def);
        assertEquals(id, registry.resolve(new StringBuilder("ITEST"), new StringBuilder("BTCUSDT")));
        assertEquals("BTCUSDT", registry.symbol(id).symbol());
        assertEquals(id, registry.register(def), "identical re-registration returns the same id");
    }

    @Test
    void shouldTrackAnOrderThroughTheService() {
        long now = clock.nanoTime();
        OrderRequest r = new OrderRequest().limit(900_001L, 0, Side.BUY, 6_158_322L, 100L, TimeInForce.GTC).strategyId(7);
        assertEquals(TrackerResult.APPLIED, tracker.onNew(r, now));
        assertEquals(TrackerResult.APPLIED, tracker.onSubmitted(900_001L, now));
        ExecutionEvent e = new ExecutionEvent().reset(ExecType.ACCEPTED, 900_001L, 0, Side.BUY).execId(1);
        assertEquals(TrackerResult.APPLIED, tracker.apply(e));
        e.reset(ExecType.FILLED, 900_001L, 0, Side.BUY).execId(2).fill(6_158_322L, 100L, 100L);
        assertEquals(TrackerResult.APPLIED, tracker.apply(e));
        assertEquals(TrackerResult.DUPLICATE, tracker.apply(e), "the same report again is ignored");
        OrderState s = new OrderState();
        assertTrue(tracker.read(900_001L, s));
        assertEquals(OrderStatus.FILLED, s.status());
        assertEquals(7, s.strategyId());
        assertEquals(100L, s.filledQuantityScaled());
    }

    @Test
    void shouldOfferTheLifecycleCoordinator() {
        assertNotNull(lifecycle.state());
        assertNotNull(lifecycle.participants());
    }

    @Test
    void shouldRegisterTheFloxShellCommands() throws Exception {
        ServiceReference<?>[] refs = context.getServiceReferences((String) null, "(&(osgi.command.scope=flox)(osgi.command.function=symbols))");
        assertNotNull(refs, "a service with osgi.command.scope=flox is registered");
        assertEquals(1, refs.length);
        String[] functions = (String[]) refs[0].getProperty("osgi.command.function");
        assertTrue(Arrays.asList(functions).containsAll(Arrays.asList("symbols", "orders", "lifecycle", "status")), Arrays.toString(functions));
        SymbolInfo def = SymbolInfo.builder("ITEST", "SHELLUSDT").priceScale(2).quantityScale(2)
                .tickSizeScaled(1).lotSizeScaled(1).build();
        registry.register(def);
        for (String f : new String[] {"symbols", "orders", "lifecycle", "status"}) {
            String out = HostCalls.command(context, f);
            assertNotNull(out, f);
            if (f.equals("symbols")) assertTrue(out.contains("SHELLUSDT"), out);
            if (f.equals("status")) assertTrue(out.contains("symbols "), out);
        }
    }
}
