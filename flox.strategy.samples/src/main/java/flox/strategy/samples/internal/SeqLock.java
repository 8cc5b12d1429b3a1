package flox.strategy.samples.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A sequence lock for one writer thread and any number of readers: the writer brackets its
 * plain writes with {@link #beginWrite()}/{@link #endWrite()}; a reader copies the fields
 * between {@link #beginRead()} and {@link #isValid(long)} and retries while that returns false.
 * Readers never block the writer and never see a torn state (the order tracker's slots use the
 * same scheme; see docs/ARCHITECTURE.md).
 *
 * <pre>
 * long v;
 * do { v = lock.beginRead(); a = this.a; b = this.b; } while (!lock.isValid(v));
 * </pre>
 *
 * <p>Single writer (not checked); readers on any thread. No allocation.
 */
public final class SeqLock {
    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(SeqLock.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Even when stable, odd while the writer is inside. */
    @SuppressWarnings("unused")
    private long version;

    public void beginWrite() {
        VERSION.setOpaque(this, (long) VERSION.getOpaque(this) + 1);
        VarHandle.storeStoreFence(); // the odd version is visible before any data write
    }

    public void endWrite() {
        VERSION.setRelease(this, (long) VERSION.getOpaque(this) + 1);
    }

    /** Waits (spinning) while a write is in progress and returns the version to validate against. */
    public long beginRead() {
        long v;
        while (((v = (long) VERSION.getAcquire(this)) & 1) != 0) {
            Thread.onSpinWait();
        }
        return v;
    }

    /** True when no write happened since {@link #beginRead()} returned {@code v}: the copy is consistent. */
    public boolean isValid(long v) {
        VarHandle.loadLoadFence();
        return (long) VERSION.getOpaque(this) == v;
    }
}
