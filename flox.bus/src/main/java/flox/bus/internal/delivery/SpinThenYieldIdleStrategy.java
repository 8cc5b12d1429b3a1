package flox.bus.internal.delivery;

import org.agrona.concurrent.IdleStrategy;

/**
 * The bus's "yielding" idle strategy: when idle, spins up to {@value #SPINS} times (as the
 * Disruptor's YieldingWaitStrategy does) and then yields, but spins only while the bus's threads
 * fit the cores ({@link FanOutBus#spinWhenIdle}): with more threads than cores a spinning
 * subscriber takes the core a publisher or another subscriber needs, so it yields at once.
 *
 * <p>Owned by one agent thread; reads one volatile flag when idle. No allocation.
 */
final class SpinThenYieldIdleStrategy implements IdleStrategy {
    static final int SPINS = 100;
    private final FanOutBus<?> bus;
    private int spins;

    SpinThenYieldIdleStrategy(FanOutBus<?> bus) {
        this.bus = bus;
    }

    @Override
    public void idle(int workCount) {
        if (workCount > 0) {
            spins = 0;
            return;
        }
        idle();
    }

    @Override
    public void idle() {
        if (spins < SPINS && bus.spinWhenIdle) {
            spins++;
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    @Override
    public void reset() {
        spins = 0;
    }

    @Override
    public String alias() {
        return "yielding";
    }
}
