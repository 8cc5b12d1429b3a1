package flox.recorder.internal.journal;

import flox.api.time.NanoClock;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A test clock that can hold the recorder's writer thread: the writer samples
 * {@link #epochNanos()} before each batch it takes from the ring ({@code Recorder.run}), so while
 * the gate is held the writer ("flox-recorder") waits there and drains nothing, and the ring fills
 * as a slow disk would leave it. Only that thread is held: the publishers call {@link #nanoTime()}
 * and the segment thread ("flox-recorder-segments") is another thread.
 *
 * <p>{@link #nanoTime()} advances 1 us per call (so recorded times are strictly increasing in
 * publish order) and {@link #epochNanos()} is that plus a constant (the writer's offset never
 * moves): 2026-12-06T01:00Z at the start.
 */
public final class GatedClock implements NanoClock {
    /** The recorder's writer thread, by its name. */
    static final String WRITER = "flox-recorder";
    private static final long EPOCH_OFFSET = JournalTestSupport.DAY_START + 3_600_000_000_000L;
    /** How long a held writer waits at most: a failed test must not leave a thread held for ever. */
    private static final long HOLD_LIMIT_S = 60;

    private final AtomicLong nano = new AtomicLong(1_000_000);
    private volatile CountDownLatch gate;
    private volatile CountDownLatch held;

    @Override
    public long nanoTime() {
        return nano.addAndGet(1_000);
    }

    @Override
    public long epochNanos() {
        CountDownLatch g = gate;
        if (g != null && Thread.currentThread().getName().equals(WRITER)) {
            held.countDown();
            try {
                g.await(HOLD_LIMIT_S, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return EPOCH_OFFSET + nano.get();
    }

    /** Holds the writer at its next batch; {@link #awaitWriterHeld()} tells when it is there. */
    public void hold() {
        held = new CountDownLatch(1);
        gate = new CountDownLatch(1);
    }

    /** Waits (up to 10 s, else fails) until the writer waits at the gate: from then on it takes nothing from the ring. */
    public void awaitWriterHeld() throws InterruptedException {
        if (!held.await(10, TimeUnit.SECONDS)) throw new AssertionError("the recorder's writer did not reach the gate within 10 s");
    }

    /** Lets the writer go on. */
    public void release() {
        CountDownLatch g = gate;
        gate = null;
        if (g != null) g.countDown();
    }
}
