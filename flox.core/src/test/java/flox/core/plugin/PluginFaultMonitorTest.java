package flox.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PluginFaultMonitorTest {
    /** What Felix SCR keeps in ComponentConfigurationDTO.failure: the printed stack trace. */
    static final String FAILURE = String.join(System.lineSeparator(),
            "org.osgi.service.component.ComponentException: activate failed",
            "\tat org.apache.felix.scr.impl.manager.SingleComponentManager.createImplementationObject(SingleComponentManager.java:360)",
            "\tat org.apache.felix.scr.impl.manager.SingleComponentManager.createComponent(SingleComponentManager.java:115)",
            "Caused by: java.lang.IllegalStateException: venue unreachable",
            "\tat com.acme.Faulty.activate(Faulty.java:21)",
            "\tat java.base/jdk.internal.reflect.NativeMethodAccessorImpl.invoke0(Native Method)",
            "\t... 12 more");

    @Test
    void shouldShowActivationFailureAsRootCauseAndWhere() {
        assertEquals("java.lang.IllegalStateException: venue unreachable at com.acme.Faulty.activate(Faulty.java:21)",
                PluginFaultMonitor.summary(FAILURE));
    }

    @Test
    void shouldShowActivationFailureWithoutCause() {
        assertEquals("java.lang.IllegalStateException: boom at com.acme.Faulty.activate(Faulty.java:21)",
                PluginFaultMonitor.summary("java.lang.IllegalStateException: boom\n\tat com.acme.Faulty.activate(Faulty.java:21)\n"));
        assertEquals("boom", PluginFaultMonitor.summary("boom"));
        assertEquals("(no reason given)", PluginFaultMonitor.summary(null));
    }
}
