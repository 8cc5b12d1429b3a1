package flox.bus.internal.component;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The bus components' reference to the host's fault book. */
class HostFaultBookTargetTest {
    /** Only the host's fault book binds: flox.core's component, by name; not a PluginFaults a plugin registers. */
    @Test
    void shouldBindOnlyTheHostsFaultBook() throws Exception {
        org.osgi.framework.Filter target = org.osgi.framework.FrameworkUtil.createFilter(BusComponent.HOST_PLUGIN_FAULTS);
        assertTrue(target.matches(java.util.Map.of("component.name", flox.core.plugin.PluginFaultMonitor.class.getName())));
        assertTrue(!target.matches(java.util.Map.of("component.name", "com.acme.MyFaults")), "a plugin's component");
        assertTrue(!target.matches(java.util.Map.of("service.id", 12L)), "a plugin's plain service");
    }
}
