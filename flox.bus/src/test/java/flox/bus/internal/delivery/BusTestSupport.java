package flox.bus.internal.delivery;

import static org.junit.jupiter.api.Assertions.fail;

import flox.api.bus.BusResult;
import flox.api.event.TradeEvent;
import flox.api.order.Side;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Waiting on conditions (bounded; no fixed sleeps) and publishing helpers. */
public final class BusTestSupport {
    private BusTestSupport() {
    }

    public static void await(String what, long timeoutMs, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) fail("timed out after " + timeoutMs + " ms waiting for " + what + ": " + state.get());
            LockSupport.parkNanos(200_000);
        }
    }

    public static long price(long tradeId) {
        return (tradeId * 7919) & 0xFFFF_FFFFL;
    }

    /** Publishes until accepted; returns the sequence. Fails on CLOSED. */
    static long publishRetrying(MarketDataFanOut bus, TradeEvent t, int publisher, long index) {
        long id = TradeRecorder.tradeId(publisher, index);
        t.set(1, id, price(id), 1, Side.BUY, 0, 0);
        for (;;) {
            long r = bus.publishTrade(t);
            if (r >= 0) return r;
            if (r == BusResult.CLOSED) throw new IllegalStateException("bus closed");
            Thread.onSpinWait();
        }
    }

    /**
     * Runs {@code round} on this thread until a round from the third on allocates under 1 KiB (at
     * most eight rounds) and returns how many ran; fails with every round's bytes when none does.
     * Rounds 0-1 warm up (class loading, JIT); a JIT transition under load may cost one later round a
     * few KiB once, while an allocation per event costs every round megabytes.
     */
    static int roundsUntilNoAllocation(String what, Runnable round) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        StringBuilder perRound = new StringBuilder();
        for (int r = 0; r < 8; r++) {
            long before = threads.getThreadAllocatedBytes(id);
            round.run();
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            perRound.append(r == 0 ? "" : ", ").append(allocated);
            if (r >= 2 && allocated < 1024) return r + 1;
        }
        fail("bytes allocated per round of " + what + ": " + perRound);
        return -1;
    }

    static long expectedChecksum(int publishers, long perPublisher) {
        long sum = 0;
        for (int p = 0; p < publishers; p++) {
            for (long i = 0; i < perPublisher; i++) {
                long id = TradeRecorder.tradeId(p, i);
                sum += id * 31 + price(id);
            }
        }
        return sum;
    }
}
