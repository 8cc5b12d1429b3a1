package flox.itest.plugins.faulty;

import flox.api.lifecycle.LifecycleParticipant;
import flox.api.lifecycle.LifecyclePhase;

/** A lifecycle participant (strategy phase) whose start throws: the lifecycle marks it FAILED. */
public final class FailingParticipant implements LifecycleParticipant {
    public static final String NAME = "faulty.participant";
    public static final String MESSAGE = "faulty plugin: start throws on purpose";

    @Override
    public LifecyclePhase phase() {
        return LifecyclePhase.STRATEGY;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void start() {
        throw new IllegalStateException(MESSAGE);
    }

    @Override
    public void stop() {
    }
}
