package flox.core.order;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Hands out order slots: never-used ones first, then the slots of orders in the order they
 * finished, so the terminal order evicted is always the one that finished longest ago (a late
 * report for an order that has just filled still finds it). A slot given back (an id lost to a
 * race) queues the same way.
 *
 * <p>The finished slots wait in a FIFO ring of slot numbers, one entry per slot at most (a slot
 * is queued when its order becomes terminal, which happens once, and leaves the ring only to be
 * reused), so the ring never overflows. Its two ends are serialized by a spin lock held for a
 * few instructions (waiters yield after a short spin); no slot lock is taken under it. No allocation after construction.
 */
final class SlotPool {
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(SlotPool.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OrderSlot[] slots;
    private final AtomicInteger nextFresh = new AtomicInteger();
    private final int[] finished;
    private long head; // next to evict; guarded by lock
    private long tail; // next free entry; guarded by lock
    @SuppressWarnings("unused") // accessed through LOCK
    private volatile int lock;

    SlotPool(OrderSlot[] slots) {
        this.slots = slots;
        this.finished = new int[slots.length];
    }

    /**
     * Claims a slot and returns it LOCKED: a never-used one, else the one that finished longest
     * ago (its order, if any, still in it: the caller evicts it). Null when none is free or
     * finished. Waits for the slot's lock, which is safe even while the caller holds another
     * slot's lock (a replace): a queued slot holds a terminal order, and a writer holding a
     * terminal order's slot never waits for another slot.
     */
    OrderSlot claim() {
        for (int fresh = nextFresh.get(); fresh < slots.length; fresh = nextFresh.get()) {
            if (nextFresh.compareAndSet(fresh, fresh + 1)) {
                OrderSlot s = slots[fresh];
                s.lock();
                return s;
            }
        }
        for (;;) {
            int i = pollOldest();
            if (i < 0) return null;
            OrderSlot s = slots[i];
            long seq = s.lock();
            if (!s.inUse || (s.status != null && s.status.isTerminal())) {
                return s;
            }
            s.unlockUnchanged(seq); // cannot happen: only finished or given-back slots are queued
        }
    }

    /** {@code slot} holds a terminal order from now on, or was given back: it queues for reuse. */
    void finished(int slot) {
        lockRing();
        try {
            finished[(int) (tail++ % finished.length)] = slot;
        } finally {
            unlockRing();
        }
    }

    private int pollOldest() {
        lockRing();
        try {
            return head == tail ? -1 : finished[(int) (head++ % finished.length)];
        } finally {
            unlockRing();
        }
    }

    /**
     * Spins briefly, then yields: the holder keeps the lock for a few instructions, but with more
     * busy threads than cores it may be descheduled holding it, and a waiter that only spins would
     * burn its whole time slice before the holder runs again.
     */
    private void lockRing() {
        for (int spins = 0; !LOCK.compareAndSet(this, 0, 1); spins++) {
            if (spins < 64) Thread.onSpinWait(); else Thread.yield();
        }
    }

    private void unlockRing() {
        LOCK.setRelease(this, 0);
    }
}
