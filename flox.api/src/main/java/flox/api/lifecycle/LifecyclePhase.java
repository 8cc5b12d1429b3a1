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
    /** Buses: launched first, stop fan-out first. */
    BUS(0),
    /** Market-data connectors: launched after the buses, stopped together with strategies. */
    CONNECTOR(1),
    /** Strategies: launched after the connectors, stopped together with them. */
    STRATEGY(1),
    /** Order executors: launched last, stopped last so they finish in-flight work. */
    EXECUTOR(2);

    private final int shutdownStep;

    LifecyclePhase(int shutdownStep) {
        this.shutdownStep = shutdownStep;
    }

    /** {@return position in the shutdown order; equal steps stop together (in reverse launch order)} */
    public int shutdownStep() {
        return shutdownStep;
    }
}
