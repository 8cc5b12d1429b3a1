package flox.itest;

import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded polling for conditions that another thread makes true (no fixed sleeps). */
public final class Await {
    private Await() {
    }

    public static void until(String what, long timeoutMs, BooleanSupplier condition) {
        until(what, timeoutMs, condition, () -> "");
    }

    public static void until(String what, long timeoutMs, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + timeoutMs + " ms waiting for " + what + " " + detail.get());
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what);
            }
        }
    }
}
