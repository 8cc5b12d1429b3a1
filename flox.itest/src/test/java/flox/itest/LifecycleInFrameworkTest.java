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

    @InjectService(timeout = 10_000)
    org.osgi.service.cm.ConfigurationAdmin configAdmin;

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

    /** A strategy with a given id and name that records its start and stop. */
    static final class IdStrategy implements flox.api.plugin.Strategy {
        final int id;
        final String name;

        IdStrategy(int id, String name) {
            this.id = id;
            this.name = name;
        }

        @Override public int strategyId() { return id; }
        @Override public String name() { return name; }
        @Override public void start() { EVENTS.add("start:" + name); }
        @Override public void stop() { EVENTS.add("stop:" + name); }
    }

    private static long rows(String table, int id) {
        return table.lines().filter(l -> l.startsWith(String.format("%6d  ", id))).count();
    }

    @Test
    @Order(3)
    void shouldRefuseASecondInstanceOfAHeldStrategyIdAndShowWhy() {
        Await.until("the host to launch", 20_000, () -> lifecycle.state() == LifecycleState.RUNNING);
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        try (LogCapture log = new LogCapture("flox.lifecycle")) {
            regs.add(context.registerService(flox.api.plugin.Strategy.class, new IdStrategy(4343, "dup-first"), null));
            Await.until("the first instance to start", 10_000, () -> EVENTS.contains("start:dup-first"), EVENTS::toString);
            regs.add(context.registerService(flox.api.plugin.Strategy.class, new IdStrategy(4343, "dup-second"), null));
            Await.until("the lifecycle holding the second instance", 10_000, () -> status("dup-second") != null, () -> lifecycle.participants().toString());

            assertEquals(ParticipantState.WAITING, status("dup-second").state(), "the second instance is not started");
            assertEquals(List.of("start:dup-first"), EVENTS);
            List<java.util.logging.LogRecord> warnings = log.records.stream()
                    .filter(r -> r.getLevel() == java.util.logging.Level.WARNING && r.getMessage().contains("4343")).collect(java.util.stream.Collectors.toList());
            assertEquals(1, warnings.size(), "one warning: " + log.dump());
            String w = warnings.get(0).getMessage();
            assertTrue(w.contains("dup-first") && w.contains("dup-second") && w.contains("flox.itest-tests") && w.contains("refused"), w);

            String table = HostCalls.command(context, "strategies");
            assertEquals(2, rows(table, 4343), "one row per instance, never merged: " + table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith("  4343") && l.contains("dup-first") && l.contains("RUNNING")), table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith("  4343") && l.contains("dup-second") && l.contains("REFUSED")
                    && l.contains("held by dup-first")), table);
            assertTrue(table.contains("1 instance REFUSED"), table);
            long strategyRows = table.lines().filter(l -> l.matches("^\\s*\\d+  .*") && !l.contains("REFUSED")).count();
            assertTrue(table.contains(strategyRows + (strategyRows == 1 ? " strategy," : " strategies,")), "the count agrees with the rows: " + table);

            HostCalls.command(context, "enable", 4343);
            assertEquals(ParticipantState.WAITING, status("dup-second").state(), "enable does not start a refused instance");
        } finally {
            for (ServiceRegistration<?> r : regs) r.unregister();
            EVENTS.clear();
        }
    }

    @Test
    @Order(4)
    void shouldStartDisabledAStrategyRecreatedAfterTheHandoverTimeoutWhileItsIdHoldsAPosition() throws Exception {
        Await.until("the host to launch", 20_000, () -> lifecycle.state() == LifecycleState.RUNNING);
        org.osgi.service.cm.Configuration config = configAdmin.getConfiguration("flox.lifecycle", "?");
        java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
        props.put("handover.timeout.ms", "300");
        config.update(props);
        // the host's view of id 4444's position (as the metrics collector or risk would count it)
        flox.api.order.StrategyPositions positions = id -> id == 4444 ? java.util.Map.of(0, -173L) : java.util.Map.of();
        List<ServiceRegistration<?>> regs = new ArrayList<>();
        try (LogCapture log = new LogCapture("flox.lifecycle")) {
            ServiceRegistration<?> first = context.registerService(flox.api.plugin.Strategy.class, new IdStrategy(4444, "pos-first"), null);
            Await.until("the first instance to start", 10_000, () -> EVENTS.contains("start:pos-first"), EVENTS::toString);
            regs.add(context.registerService(flox.api.order.StrategyPositions.class, positions, null)); // it traded meanwhile
            first.unregister();
            Await.until("its handover to time out", 20_000, () -> log.records.stream().anyMatch(r -> r.getMessage().contains("strategy 4444: ")
                    && r.getMessage().contains("no new instance within")), log::dump);

            regs.add(context.registerService(flox.api.plugin.Strategy.class, new IdStrategy(4444, "pos-second"), null));
            Await.until("the lifecycle holding the new instance", 10_000, () -> status("pos-second") != null, () -> lifecycle.participants().toString());

            assertEquals(ParticipantState.WAITING, status("pos-second").state(), "it is not started flat");
            assertTrue(!EVENTS.contains("start:pos-second"), EVENTS.toString());
            assertTrue(log.records.stream().anyMatch(r -> r.getLevel() == java.util.logging.Level.WARNING && r.getMessage().contains("4444")
                    && r.getMessage().contains("kept DISABLED") && r.getMessage().contains("flox:enable 4444")), log.dump());
            String table = HostCalls.command(context, "strategies");
            assertTrue(table.lines().anyMatch(l -> l.startsWith("  4444") && l.contains("DISABLED") && l.contains("kept disabled")), table);
            assertTrue(table.lines().anyMatch(l -> l.startsWith("disabled: ") && l.contains("4444")), "its id is disabled (the gateway refuses its orders): " + table);

            HostCalls.command(context, "enable", 4444);
            Await.until("the operator's flox:enable to start it", 10_000, () -> EVENTS.contains("start:pos-second"), EVENTS::toString);
        } finally {
            for (ServiceRegistration<?> r : regs) r.unregister();
            HostCalls.command(context, "enable", 4444);
            config.delete();
            EVENTS.clear();
        }
    }

    @Test
    @Order(10)
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
