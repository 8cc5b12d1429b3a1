package flox.bus.internal.ring;

/** Lets tests of other packages hold a many-to-many claim at a chosen point (the ring's test seams). */
public final class RingSeams {
    private RingSeams() {
    }

    /** Runs {@code r} once, in the next claim's slow path, after it read the membership. */
    public static void afterGatingRead(BroadcastRing<?> ring, Runnable r) {
        ((ManyToManyBroadcastRing<?>) ring).afterGatingRead = r;
    }
}
