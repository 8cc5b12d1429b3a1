package flox.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;
import flox.api.lifecycle.LifecycleState;
import flox.api.lifecycle.ParticipantState;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link LifecycleConductor}'s operator enable/disable: the conductor runs every change on its own
 * thread, in order; a test waits for everything asked so far with {@link #settle()} (a call that
 * blocks until its own task ran after all earlier ones), never with sleeps.
 */
@Timeout(30)
class LifecycleConductorTest {
    /** "start name", "stop name" in the order the conductor called them. */
    final List<String> calls = new CopyOnWriteArrayList<>();
    final List<String> failures = new CopyOnWriteArrayList<>();
    final LifecycleConductor conductor = new LifecycleConductor((name, action, error) -> failures.add(name + " " + action + ": " + error.getMessage()));

    class P implements LifecycleParticipant {
        final String name;
        final LifecyclePhase phase;
        RuntimeException startThrows;
        RuntimeException stopThrows;

        P(String name, LifecyclePhase phase) {
            this.name = name;
            this.phase = phase;
        }

        @Override public LifecyclePhase phase() { return phase; }
        @Override public String name() { return name; }
        @Override public void start() {
            calls.add("start " + name);
            if (startThrows != null) throw startThrows;
        }
        @Override public void stop() {
            calls.add("stop " + name);
            if (stopThrows != null) throw stopThrows;
        }
    }

    @AfterEach
    void tearDown() {
        conductor.close(5_000);
    }

    /** Waits until the conductor ran every task asked so far (removing an unknown participant is a no-op task). */
    void settle() {
        assertTrue(conductor.remove(new P("barrier", LifecyclePhase.BUS), 10_000));
    }

    void launched() {
        conductor.launch();
        settle();
        assertEquals(LifecycleState.RUNNING, conductor.state());
    }

    @Test
    void shouldNotStartADisabledParticipant() throws Exception {
        P bus = new P("bus", LifecyclePhase.BUS);
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(bus, 1).get();
        conductor.add(strategy, 2, true).get();
        assertTrue(conductor.isDisabled(strategy));
        assertFalse(conductor.isDisabled(bus));

        launched();

        assertEquals(List.of("start bus"), calls);
        assertEquals(ParticipantState.WAITING, conductor.stateOf(strategy));
        assertEquals(ParticipantState.RUNNING, conductor.stateOf(bus));
        assertEquals(1, conductor.runningCount());

        P late = new P("late", LifecyclePhase.STRATEGY);
        conductor.add(late, 3, true).get();
        assertEquals(List.of("start bus"), calls, "a disabled arrival after launch is not started either");
        assertEquals(ParticipantState.WAITING, conductor.stateOf(late));
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldStartAnEnabledArrivalAfterLaunchAtOnce() throws Exception {
        launched();
        P late = new P("late", LifecyclePhase.STRATEGY);
        conductor.add(late, 3, false).get();
        assertEquals(List.of("start late"), calls);
        assertEquals(ParticipantState.RUNNING, conductor.stateOf(late));
    }

    @Test
    void shouldStopOnDisableAndStartOnEnable() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2).get();
        launched();
        assertEquals(ParticipantState.RUNNING, conductor.stateOf(strategy));

        assertTrue(conductor.setEnabled(strategy, false, 5_000));
        assertEquals(List.of("start strategy", "stop strategy"), calls);
        assertEquals(ParticipantState.STOPPED, conductor.stateOf(strategy));
        assertTrue(conductor.isDisabled(strategy));
        assertEquals(0, conductor.runningCount());

        assertTrue(conductor.setEnabled(strategy, true, 5_000));
        assertEquals(List.of("start strategy", "stop strategy", "start strategy"), calls);
        assertEquals(ParticipantState.RUNNING, conductor.stateOf(strategy));
        assertFalse(conductor.isDisabled(strategy));
        assertEquals(List.of(), failures);
    }

    @Test
    void shouldNotStopOrStartTwiceWhenAskedTwice() {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2);
        launched();
        assertTrue(conductor.setEnabled(strategy, true, 5_000));
        assertEquals(List.of("start strategy"), calls, "enabling a running participant does nothing");
        assertTrue(conductor.setEnabled(strategy, false, 5_000));
        assertTrue(conductor.setEnabled(strategy, false, 5_000));
        assertEquals(List.of("start strategy", "stop strategy"), calls);
    }

    @Test
    void shouldStartADisabledParticipantWhenEnabledAfterLaunch() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2, true).get();
        launched();
        assertEquals(List.of(), calls);

        assertTrue(conductor.setEnabled(strategy, true, 5_000));

        assertEquals(List.of("start strategy"), calls);
        assertEquals(ParticipantState.RUNNING, conductor.stateOf(strategy));
    }

    @Test
    void shouldLeaveStartingToLaunchWhenEnabledBeforeIt() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2, true).get();
        assertTrue(conductor.setEnabled(strategy, true, 5_000));
        assertEquals(List.of(), calls, "its phase has not run yet");
        assertEquals(ParticipantState.WAITING, conductor.stateOf(strategy));

        launched();

        assertEquals(List.of("start strategy"), calls);
    }

    @Test
    void shouldKeepAParticipantDisabledBeforeLaunchFromStarting() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2).get();
        assertTrue(conductor.setEnabled(strategy, false, 5_000));
        assertEquals(ParticipantState.WAITING, conductor.stateOf(strategy), "nothing to stop yet");

        launched();

        assertEquals(List.of(), calls);
        assertTrue(conductor.isDisabled(strategy));
    }

    @Test
    void shouldAnswerForUnknownParticipants() {
        P unknown = new P("unknown", LifecyclePhase.STRATEGY);
        assertFalse(conductor.setEnabled(unknown, false, 5_000));
        assertFalse(conductor.isDisabled(unknown));
        assertNull(conductor.stateOf(unknown));
        assertEquals(List.of(), calls);
    }

    @Test
    void shouldForgetTheDisabledFlagWithTheParticipant() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2, true).get();
        launched();
        assertTrue(conductor.remove(strategy, 5_000));
        assertEquals(List.of(), calls, "a disabled participant that never ran is not stopped");
        assertFalse(conductor.isDisabled(strategy));
        assertNull(conductor.stateOf(strategy));
        assertFalse(conductor.setEnabled(strategy, true, 5_000));
    }

    @Test
    void shouldNotRestartAFailedParticipantOnEnable() throws Exception {
        P broken = new P("broken", LifecyclePhase.STRATEGY);
        broken.startThrows = new IllegalStateException("no market data");
        conductor.add(broken, 2).get();
        launched();
        assertEquals(ParticipantState.FAILED, conductor.stateOf(broken));
        assertEquals(List.of("broken start: no market data"), failures);

        assertTrue(conductor.setEnabled(broken, false, 5_000));
        assertTrue(conductor.setEnabled(broken, true, 5_000));

        assertEquals(List.of("start broken"), calls, "FAILED stays FAILED: neither stopped nor started again");
        assertEquals(ParticipantState.FAILED, conductor.stateOf(broken));
    }

    @Test
    void shouldMarkAParticipantWhoseStopThrowsOnDisableAsFailed() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        strategy.stopThrows = new IllegalStateException("stuck");
        conductor.add(strategy, 2).get();
        launched();

        assertTrue(conductor.setEnabled(strategy, false, 5_000));

        assertEquals(ParticipantState.FAILED, conductor.stateOf(strategy));
        assertEquals(List.of("strategy stop: stuck"), failures);
        assertTrue(conductor.participants().get(0).error().contains("stop failed"));
    }

    @Test
    void shouldNotStartOnEnableOnceShutDown() throws Exception {
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        P other = new P("other", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2).get();
        conductor.add(other, 3).get();
        launched();
        assertTrue(conductor.setEnabled(strategy, false, 5_000));

        assertTrue(conductor.shutdown(5_000));
        assertEquals(List.of("start strategy", "start other", "stop strategy", "stop other"), calls,
                "shutdown does not stop the disabled (already stopped) one again");

        assertTrue(conductor.setEnabled(strategy, true, 5_000));
        assertEquals(4, calls.size(), "not started after shutdown");
        assertEquals(ParticipantState.STOPPED, conductor.stateOf(strategy));
        assertEquals(LifecycleState.STOPPED, conductor.state());
    }

    @Test
    void shouldReportWhenTheConductorIsBusyLongerThanTheTimeout() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch starting = new CountDownLatch(1);
        P slow = new P("slow", LifecyclePhase.BUS) {
            @Override public void start() {
                starting.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
        P strategy = new P("strategy", LifecyclePhase.STRATEGY);
        conductor.add(strategy, 2).get();
        conductor.add(slow, 1);
        conductor.launch();
        assertTrue(starting.await(10, TimeUnit.SECONDS));

        assertFalse(conductor.setEnabled(strategy, false, 50), "the conductor is stuck in slow's start");
        assertEquals(1, failures.size());
        assertTrue(failures.get(0).startsWith("slow "), failures.get(0));

        release.countDown();
        settle();
        assertTrue(conductor.isDisabled(strategy), "the change still applies once the conductor gets to it");
        assertEquals(List.of("start strategy", "stop strategy"), calls, "in order: launch (asked first) started it, then the disable stopped it");
        assertEquals(ParticipantState.STOPPED, conductor.stateOf(strategy));
    }
}
