package flox.bus.internal.ring;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

abstract class SequenceLhsPadding {
    @SuppressWarnings("unused") long p01, p02, p03, p04, p05, p06, p07;
}

abstract class SequenceValue extends SequenceLhsPadding {
    volatile long value;
}

/**
 * A sequence number alone on its cache line (padded on both sides through inheritance, since
 * the JVM may reorder the fields of one class): producers' cursor and each subscriber's position
 * are written by different threads and read by all. No allocation.
 */
public final class Sequence extends SequenceValue {
    @SuppressWarnings("unused") long p11, p12, p13, p14, p15, p16, p17;

    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(SequenceValue.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    Sequence(long initial) {
        VALUE.setRelease(this, initial);
    }

    public long get() {
        return value;
    }

    public long getAcquire() {
        return (long) VALUE.getAcquire(this);
    }

    /** Single-writer store: ordered after the writer's earlier stores, no full fence. */
    public void setRelease(long v) {
        VALUE.setRelease(this, v);
    }

    void setVolatile(long v) {
        value = v;
    }

    boolean compareAndSet(long expected, long v) {
        return VALUE.compareAndSet(this, expected, v);
    }
}
