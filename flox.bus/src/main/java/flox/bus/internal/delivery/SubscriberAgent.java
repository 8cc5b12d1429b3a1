package flox.bus.internal.delivery;

import flox.bus.internal.ring.BroadcastRing;
import flox.bus.internal.ring.BusSlot;
import java.lang.invoke.VarHandle;
import org.agrona.concurrent.Agent;

/**
 * Delivers ring events to one decoupled subscriber on its own thread (an Agrona agent; the
 * runner's idle strategy decides how it waits).
 *
 * <p>A gating reader (lossless) is never overrun, so it delivers the ring's slot in place. A
 * non-gating or detachable one (lossy, or lossless but not required) copies the slot into a
 * private one, re-checks the slot's mark and delivers the copy; when it was lapped it skips
 * ahead to half a ring behind the cursor and counts the skipped events as dropped.
 *
 * <p>Under a sustained stream (a turn found events and so did the one before it) the agent
 * pauses after each turn, spinning without touching shared memory, when the bus's threads fit
 * the cores: events then gather into batches, and the cursor's and the slots' cache lines cross
 * cores once per batch instead of once per event (measured on 2 cores, 1 -> 1 busy-spin: 15 ->
 * 28 M ev/s; docs/ARCHITECTURE.md, "Batching under load"). {@link StreamPause} says how long; a
 * turn that finds nothing ends the stream, so a subscriber of a paced or quiet feed never pauses.
 *
 * <p>Thread: {@link #doWork()} runs on the agent thread only; {@link #stopDelivering()} may be
 * called from any thread. No allocation in {@link #doWork()}.
 */
final class SubscriberAgent<S extends BusSlot> implements Agent {
    private static final int BATCH_LIMIT = 256;

    private final FanOutBus<S> bus;
    private final BroadcastRing<S> ring;
    final Subscription subscription;
    final BroadcastRing.RingReader reader = new BroadcastRing.RingReader();
    private final boolean inPlace;
    private final S privateCopy;
    private volatile boolean delivering = true;
    private final StreamPause pause = new StreamPause(BATCH_LIMIT);

    SubscriberAgent(FanOutBus<S> bus, BroadcastRing<S> ring, Subscription subscription, boolean inPlace, S privateCopy) {
        this.bus = bus;
        this.ring = ring;
        this.subscription = subscription;
        this.inPlace = inPlace;
        this.privateCopy = privateCopy;
    }

    /** After this returns the agent delivers at most the event it is in the middle of. */
    void stopDelivering() {
        delivering = false;
    }

    /** Events published and not yet delivered to this subscriber. */
    long depth() {
        return Math.max(0, ring.cursor() - reader.position.getAcquire());
    }

    @Override
    public int doWork() {
        final Subscription sub = subscription;
        final BroadcastRing<S> ring = this.ring;
        long next = reader.position.get() + 1; // single writer: this thread
        int processed = 0;
        long delivered = 0;
        long dropped = 0;
        batch:
        while (processed < BATCH_LIMIT && delivering) {
            if (!inPlace && ring.isLapped(next)) {
                long resume = Math.max(next + 1, ring.cursor() - (ring.size() >> 1) + 1);
                dropped += resume - next;
                next = resume;
                continue;
            }
            long available = Math.min(ring.available(next), next + (BATCH_LIMIT - processed) - 1);
            if (available < next) break; // nothing published yet (an in-place reader is never lapped)
            for (; next <= available; next++, processed++) {
                S slot = ring.slot(next);
                if (!inPlace) {
                    try {
                        privateCopy.copyFrom(slot);
                    } catch (RuntimeException torn) {
                        // a lapping writer changed the slot under the copy (e.g. a text shrank mid-copy): the
                        // re-check below says so. Should it not, the slot itself is unreadable: dropped.
                        VarHandle.loadLoadFence();
                        if (ring.isLapped(next)) continue batch;
                        dropped++;
                        continue;
                    }
                    VarHandle.loadLoadFence();
                    if (ring.isLapped(next)) continue batch; // overwritten while copying: skipped above
                    slot = privateCopy;
                }
                if (sub.wants(slot)) {
                    bus.deliverSafely(sub, slot);
                    delivered++;
                }
                if (!delivering) {
                    next++;
                    processed++;
                    break batch;
                }
            }
        }
        if (processed > 0 || dropped > 0) {
            reader.position.setRelease(next - 1);
            if (delivered > 0) sub.addDelivered(delivered);
            if (dropped > 0) sub.addDropped(dropped);
        }
        // an empty turn never pauses: the idle poll loop skips the volatile read
        int spins = pause.afterTurn(processed, processed > 0 && bus.spinWhenIdle);
        for (int i = 0; i < spins; i++) Thread.onSpinWait(); // let a batch gather (see StreamPause)
        return processed;
    }

    @Override
    public String roleName() {
        return "flox-" + bus.name() + "-" + subscription.name;
    }
}
