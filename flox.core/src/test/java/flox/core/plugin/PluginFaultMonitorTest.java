package flox.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    static final long MS = 1_000_000L;

    /** Stacks are sampled only within a window after an event that may start an activation. */
    @Test
    void shouldOpenTheSampleWindowForItsLengthAndExtendItOnly() {
        PluginFaultMonitor.SampleWindow w = new PluginFaultMonitor.SampleWindow();
        assertFalse(w.isOpen(0), "never opened: closed");
        assertFalse(w.isOpen(Long.MIN_VALUE));
        long t0 = -5_000 * MS; // nanoTime may be negative
        w.open(t0, 15_000 * MS);
        assertTrue(w.isOpen(t0));
        assertTrue(w.isOpen(t0 + 14_999 * MS));
        assertFalse(w.isOpen(t0 + 15_000 * MS), "closed after its length");
        w.open(t0 + 1_000 * MS, 15_000 * MS);
        assertTrue(w.isOpen(t0 + 15_500 * MS), "extended by a later event");
        w.open(t0 + 2_000 * MS, 1_000 * MS);
        assertTrue(w.isOpen(t0 + 15_500 * MS), "a shorter one does not cut it");
        assertFalse(w.isOpen(t0 + 16_000 * MS));
        PluginFaultMonitor.SampleWindow wrapping = new PluginFaultMonitor.SampleWindow();
        wrapping.open(Long.MAX_VALUE - 1_000 * MS, 15_000 * MS); // across the nanoTime wrap
        assertTrue(wrapping.isOpen(Long.MAX_VALUE));
        assertTrue(wrapping.isOpen(Long.MIN_VALUE + 13_000 * MS));
        assertFalse(wrapping.isOpen(Long.MIN_VALUE + 14_000 * MS));
    }

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
