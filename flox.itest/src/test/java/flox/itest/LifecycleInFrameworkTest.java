package flox.itest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.lifecycle.LifecycleState;
import flox.api.lifecycle.ParticipantState;
import flox.api.lifecycle.ParticipantStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.test.common.annotation.InjectBundleContext;
import org.osgi.test.common.annotation.InjectService;

/**
 * Participants registered as OSGi services after the host has launched are started on
 * arrival; a failing one is reported and does not stop the others; shutdown runs in
 * lifecycle order. The shutdown test runs last because it stops the host's coordinator.
 */
@Timeout(60)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LifecycleInFrameworkTest {
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    @InjectBundleContext
    BundleContext context;

    @InjectService(timeout = 10_000)
    LifecycleCoordinator lifecycle;

    static final class Recording implements LifecycleParticipant {
        final String name;
        final LifecyclePhase phase;
        final boolean failStart;

        Recording(String name, LifecyclePhase phase, boolean failStart) {
            this.name = name;
            this.phase = phase;
            this.failStart = failStart;
        }

        @Override public LifecyclePhase phase() { return phase; }
        @Override public String name() { return name; }

        @Override
        public void start() {
            EVENTS.add("start:" + name);
            if (failStart) throw new IllegalStateException("cannot connect to nowhere");
        }

        @Override
        public void stop() {
            EVENTS.add("stop:" + name);
        }
    }

    private ParticipantStatus status(String name) {
        for (ParticipantStatus p : lifecycle.participants()) if (p.name().equals(name)) return p;
        return null;
    }

    private ServiceRegistration<LifecycleParticipant> register(Recording r) {
        return context.registerService(LifecycleParticipant.class, r, null);
    }

    @Test
    @Order(1)
    void shouldStartLateArrivalsOnArrivalAndIsolateAFailingOne() {
        Await.until("the host to launch", 20_000, () -> lifecycle.state() == LifecycleState.RUNNING, () -> "state " + lifecycle.state());
        List<ServiceRegistration<LifecycleParticipant>> regs = new ArrayList<>();
        try {
            regs.add(register(new Recording("late-connector", LifecyclePhase.CONNECTOR, false)));
            regs.add(register(new Recording("broken-strategy", LifecyclePhase.STRATEGY, true)));
            regs.add(register(new Recording("late-executor", LifecyclePhase.EXECUTOR, false)));
            Await.until("the late arrivals to start", 10_000, () -> {
                ParticipantStatus e = status("late-executor");
                return e != null && e.state() == ParticipantState.RUNNING;
            }, () -> lifecycle.participants().toString());
            assertEquals(ParticipantState.RUNNING, status("late-connector").state());
            ParticipantStatus broken = status("broken-strategy");
            assertEquals(ParticipantState.FAILED, broken.state());
            assertTrue(broken.error().contains("cannot connect to nowhere"), broken.error());
            assertEquals(List.of("start:late-connector", "start:broken-strategy", "start:late-executor"), EVENTS);

            // removal while running: stopped synchronously before the service goes away
            regs.remove(0).unregister();
            assertEquals("stop:late-connector", EVENTS.get(EVENTS.size() - 1));
            assertEquals(null, status("late-connector"));
        } finally {
            for (ServiceRegistration<?> r : regs) r.unregister();
            EVENTS.clear();
        }
    }

    @Test
    @Order(2)
    void shouldStartAPluginRegisteredOnlyUnderItsRoleInterface() {
        Await.until("the host to launch", 20_000, () -> lifecycle.state() == LifecycleState.RUNNING);
        final class OnlyAStrategy implements flox.api.plugin.Strategy {
            @Override public int strategyId() { return 4242; }
            @Override public String name() { return "role-only-strategy"; }
            @Override public void start() { EVENTS.add("start:role-only-strategy"); }
            @Override public void stop() { EVENTS.add("stop:role-only-strategy"); }
        }
        ServiceRegistration<flox.api.plugin.Strategy> reg = context.registerService(flox.api.plugin.Strategy.class, new OnlyAStrategy(), null);
        try {
            Await.until("the strategy to start", 10_000, () -> EVENTS.contains("start:role-only-strategy"), EVENTS::toString);
            assertEquals(ParticipantState.RUNNING, status("role-only-strategy").state());
            assertEquals(LifecyclePhase.STRATEGY, status("role-only-strategy").phase());
        } finally {
            reg.unregister();
            EVENTS.clear();
        }
    }

    @Test
    @Order(3)
    void shouldShutDownBusesFirstThenStrategiesAndConnectorsThenExecutors() {
        Await.until("the host to launch", 20_000, () -> lifecycle.state() == LifecycleState.RUNNING);
        List<ServiceRegistration<LifecycleParticipant>> regs = new ArrayList<>();
        try {
            regs.add(register(new Recording("executor", LifecyclePhase.EXECUTOR, false)));
            regs.add(register(new Recording("strategy", LifecyclePhase.STRATEGY, false)));
            regs.add(register(new Recording("connector", LifecyclePhase.CONNECTOR, false)));
            regs.add(register(new Recording("bus", LifecyclePhase.BUS, false)));
            Await.until("all four to run", 10_000, () -> EVENTS.size() == 4, EVENTS::toString);
            EVENTS.clear();

            assertTrue(lifecycle.shutdown(10_000), "shutdown finished in time");
            assertEquals(LifecycleState.STOPPED, lifecycle.state());
            assertEquals(List.of("stop:bus", "stop:connector", "stop:strategy", "stop:executor"), EVENTS,
                    "bus first; strategy and connector in reverse arrival order; executor last");
            for (String n : new String[] {"bus", "connector", "strategy", "executor"}) {
                assertNotNull(status(n));
                assertEquals(ParticipantState.STOPPED, status(n).state(), n);
            }
        } finally {
            for (ServiceRegistration<?> r : regs) r.unregister();
            EVENTS.clear();
        }
    }
}
