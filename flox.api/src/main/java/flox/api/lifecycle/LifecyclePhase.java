package flox.api.lifecycle;

/**
 * The phase a participant belongs to. Launch runs the phases in declaration order
 * (buses, connectors, strategies, executors). Shutdown runs in {@link #shutdownStep()} order:
 * buses stop fan-out first, then strategies and connectors stop together, and executors go last
 * so they can finish in-flight work.
 *
 * <p>Immutable and thread-safe; constants are shared, so using them allocates nothing.
 */
public enum LifecyclePhase {
    BUS(0),
    CONNECTOR(1),
    STRATEGY(1),
    EXECUTOR(2);

    private final int shutdownStep;

    LifecyclePhase(int shutdownStep) {
        this.shutdownStep = shutdownStep;
    }

    /** Position in the shutdown order; equal steps stop together (in reverse launch order). */
    public int shutdownStep() {
        return shutdownStep;
    }
}
