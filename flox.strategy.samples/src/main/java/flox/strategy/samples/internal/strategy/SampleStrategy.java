package flox.strategy.samples.internal.strategy;

/** The sample strategies as the shell sees them (private service type for {@code flox:strategies}). */
public interface SampleStrategy {
    int strategyId();

    /** One line: state, inventory, open orders, counts. */
    String describe();
}
