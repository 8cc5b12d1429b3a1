package flox.core.order;

import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One preallocated order record guarded by a sequence word (a seqlock).
 *
 * <p>Writers take the slot by CAS-ing {@code sequence} from even to odd, write the plain fields,
 * then release it with a store of the next even value (or of the old value when nothing
 * changed). Readers copy the fields optimistically and retry if the sequence was odd or moved.
 * In the intended single-writer-per-order use the CAS is uncontended. No allocation.
 */
final class OrderSlot {
    private static final VarHandle SEQUENCE;

    static {
        try {
            SEQUENCE = MethodHandles.lookup().findVarHandle(OrderSlot.class, "sequence", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int index;
    @SuppressWarnings("unused") // accessed through SEQUENCE
    private volatile long sequence;

    // guarded by the sequence word; written only while it is odd
    /** Claimed by an order (possibly terminal); false for never-used and given-back slots. */
    boolean inUse;
    long clientOrderId; // 0 = no order
    long origClientOrderId;
    long exchangeOrderId;
    int symbolId;
    int strategyId;
    Side side;
    OrderType orderType;
    flox.api.order.TimeInForce timeInForce;
    OrderStatus status;
    /** Status to return to when a pending cancel/replace is rejected. */
    OrderStatus resumeStatus;
    RejectReason lastReason;
    long priceScaled;
    long stopPriceScaled;
    long quantityScaled;
    long filledQuantityScaled;
    long lastFillPriceScaled;
    long lastExecId;
    long createdNs;
    long updatedNs;
    int updateCount;

    OrderSlot(int index) {
        this.index = index;
    }

    /** Takes the slot for writing; returns the even sequence to pass to the unlock methods. */
    long lock() {
        for (;;) {
            long s = (long) SEQUENCE.getVolatile(this);
            if ((s & 1) == 0 && SEQUENCE.compareAndSet(this, s, s + 1)) {
                return s;
            }
            Thread.onSpinWait();
        }
    }

    /** Takes the slot if nobody holds it: the locked-at sequence, or -1 when busy. Never spins. */
    long tryLock() {
        long s = (long) SEQUENCE.getVolatile(this);
        return (s & 1) == 0 && SEQUENCE.compareAndSet(this, s, s + 1) ? s : -1;
    }

    /** The even sequence the current holder locked at; call only while holding the lock. */
    long heldSince() {
        return (long) SEQUENCE.getVolatile(this) - 1;
    }

    /** Releases after changing fields: readers that overlapped will retry. */
    void unlockChanged(long lockedAt) {
        updateCount++;
        SEQUENCE.setRelease(this, lockedAt + 2);
    }

    /** Releases without having changed anything. */
    void unlockUnchanged(long lockedAt) {
        SEQUENCE.setRelease(this, lockedAt);
    }

    /**
     * Copies a consistent view into {@code into} if the slot holds {@code expectedId}.
     * Lock-free; retries while a writer is inside. No allocation.
     */
    boolean readInto(long expectedId, OrderState into) {
        for (;;) {
            long before = (long) SEQUENCE.getAcquire(this);
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long id = clientOrderId;
            long orig = origClientOrderId;
            long exch = exchangeOrderId;
            int sym = symbolId;
            int strat = strategyId;
            Side sd = side;
            OrderType ot = orderType;
            flox.api.order.TimeInForce tif = timeInForce;
            OrderStatus st = status;
            RejectReason rr = lastReason;
            long px = priceScaled;
            long stopPx = stopPriceScaled;
            long qty = quantityScaled;
            long filled = filledQuantityScaled;
            long lastPx = lastFillPriceScaled;
            long execId = lastExecId;
            long created = createdNs;
            long updated = updatedNs;
            int updates = updateCount;
            VarHandle.loadLoadFence();
            if ((long) SEQUENCE.getAcquire(this) != before) {
                continue;
            }
            if (id != expectedId) {
                return false;
            }
            into.set(id, orig, exch, sym, strat, sd, ot, tif, st, rr, px, stopPx, qty, filled, lastPx, execId, created, updated, updates);
            return true;
        }
    }

    /**
     * Reads (id, symbol, open?) consistently for scans: returns the client order id if the slot
     * holds an open order on {@code symbolFilter} (or any symbol when negative), else 0.
     */
    long openOrderIdOn(int symbolFilter) {
        for (;;) {
            long before = (long) SEQUENCE.getAcquire(this);
            if ((before & 1) != 0) {
                Thread.onSpinWait();
                continue;
            }
            long id = clientOrderId;
            int sym = symbolId;
            OrderStatus st = status;
            VarHandle.loadLoadFence();
            if ((long) SEQUENCE.getAcquire(this) != before) {
                continue;
            }
            return id != 0 && st != null && st.isOpen() && (symbolFilter < 0 || sym == symbolFilter) ? id : 0;
        }
    }
}
