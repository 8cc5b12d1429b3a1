package flox.bus.internal.ring;

/**
 * A bounded wait for the stress tests: an actor that waits on another (a producer on a gating
 * reader, a reader on a producer) gives up after 10 s instead of hanging the run, and its test
 * reports the outcome as forbidden. Yields after a short spin: the tests run more actors than
 * this machine has cores.
 */
final class Spin {
    static final long LIMIT_NS = 10_000_000_000L;
    /** The one-publisher ring's close settle time in these tests: long against a store buffer's drain, short for jcstress. */
    static final long SETTLE_NS = 20_000L;

    private long deadline;
    private int spins;

    Spin() {
        reset();
    }

    void reset() {
        deadline = 0;
        spins = 0;
    }

    /** Waits a little; false once the bound has passed. */
    boolean pause() {
        if (++spins < 64) {
            Thread.onSpinWait();
            return true;
        }
        if (deadline == 0) deadline = System.nanoTime() + LIMIT_NS;
        Thread.yield();
        return System.nanoTime() - deadline < 0;
    }

    /** Claims a sequence, waiting while the ring is full; -1 when the bound passed, {@link BroadcastRing#CLOSED} once closed. */
    static long claim(BroadcastRing<?> ring) {
        Spin spin = new Spin();
        for (;;) {
            long s = ring.tryClaim();
            if (s != BroadcastRing.FULL) return s;
            if (!spin.pause()) return -1;
        }
    }

    /** Writes {@code value} into the claimed slot as a producer does, and publishes it. */
    static void write(BroadcastRing<StressSlot> ring, long seq, long value) {
        StressSlot slot = ring.beginWrite(seq);
        slot.a = value;
        slot.b = value;
        if (!ring.publish(seq)) throw new IllegalStateException("publish of " + seq + " refused: ring closed");
    }
}
