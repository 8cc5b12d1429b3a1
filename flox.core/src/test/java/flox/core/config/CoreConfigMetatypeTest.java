package flox.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.core.gateway.OrderGatewayComponent;
import flox.core.lifecycle.LifecycleComponent;
import flox.core.order.OrderTrackerComponent;
import flox.core.plugin.PluginHost;
import flox.core.symbol.SymbolRegistryComponent;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * flox.core's components read their configuration against the metatype bnd generates from their
 * Config annotations: every key the annotation declares is in the generated file, and every
 * whole-number key has both bounds there, so no range is written a second time in code.
 */
class CoreConfigMetatypeTest {
    private static final List<Class<?>> CONFIGS = List.of(OrderTrackerComponent.Config.class, SymbolRegistryComponent.Config.class,
            LifecycleComponent.Config.class, PluginHost.Config.class, OrderGatewayComponent.Config.class);

    @Test
    void shouldDeclareEveryKeyWithItsDefaultAndEveryWholeNumberWithBothBounds() {
        for (Class<?> c : CONFIGS) {
            Metatype m = Metatype.of(c);
            for (String key : ConfigReader.keysOf(c)) {
                Metatype.Attribute a = m.attribute(key);
                assertNotNull(a.defaultValue(), c.getName() + " " + key + " has no default");
                if (a.type().equals("Long") || a.type().equals("Integer")) {
                    assertNotNull(a.min(), c.getName() + " " + key + " has no min");
                    assertNotNull(a.max(), c.getName() + " " + key + " has no max");
                }
            }
        }
    }

    @Test
    void shouldRefuseAValueAboveTheMetatypesMaxNamingFileAndFieldAndKeepTheFallback() {
        ConfigReader config = new ConfigReader(LifecycleComponent.PID, Map.of("felix.fileinstall.filename", "file:/home/etc/flox.lifecycle.cfg",
                "stop.timeout.ms", "600001", "handover.orders", "keep"));
        Metatype m = Metatype.of(LifecycleComponent.Config.class);
        assertEquals(10_000, m.longValue(config, "stop.timeout.ms", m.defaultLong("stop.timeout.ms")));
        assertEquals("handover", m.optionValue(config, "handover.orders", m.defaultString("handover.orders")));
        assertTrue(config.errors().contains("/home/etc/flox.lifecycle.cfg, field stop.timeout.ms: 600001 is outside [1, 600000] (keeping 10000)"),
                config.errors());
        assertTrue(config.errors().contains("field handover.orders: 'keep' is not one of handover, cancel (keeping handover)"), config.errors());
    }
}
