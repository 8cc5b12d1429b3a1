package flox.core.order;

import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link OrderTracker} over a preallocated slot table and an open-addressing index from client
 * order id to slot.
 *
 * <p>Threading: reads are lock-free (per-slot seqlock, see {@link OrderSlot}); index lookups are
 * wait-free for readers. Writers for one order serialize on that order's slot (uncontended when
 * each order has a single writer, the executor thread); writers for different orders run in
 * parallel. Changes to the index itself (a new order, an eviction) are serialized by a short
 * spin lock; updates of existing orders never touch it. A key is published with a release store
 * after its slot number, so a reader that sees the key sees its slot.
 *
 * <p>Allocation: none after construction. When the fresh slots run out, terminal orders are
 * evicted round-robin over the slots, so roughly oldest first (not strictly: a cursor walks the
 * slots and takes the next terminal one, whenever that order finished); a late report for an
 * evicted order is refused as unknown.
 */
public final class LockFreeOrderTracker implements OrderTracker {
    private static final VarHandle KEYS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final long EMPTY = 0L;
    private static final long TOMBSTONE = Long.MIN_VALUE;
    private static final TrackerResult[] RESULTS = TrackerResult.values();
    private static final VarHandle INDEX_LOCK;

    static {
        try {
            INDEX_LOCK = MethodHandles.lookup().findVarHandle(LockFreeOrderTracker.class, "indexLock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final OrderSlot[] slots;
    private final long[] indexKeys;
    private final int[] indexSlots;
    private final int indexMask;
    private final AtomicInteger nextFreshSlot = new AtomicInteger();
    private final AtomicInteger evictionCursor = new AtomicInteger();
    private final AtomicInteger openOrders = new AtomicInteger();
    private final AtomicInteger trackedOrders = new AtomicInteger();
    private final AtomicLongArray resultCounts = new AtomicLongArray(RESULTS.length);
    @SuppressWarnings("unused") // accessed through INDEX_LOCK
    private volatile int indexLock;

    /** @param capacity orders kept at once (open plus retained terminal ones) */
    public LockFreeOrderTracker(int capacity) {
        if (capacity <= 0 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("capacity must be in [1, 2^26], was " + capacity);
        }
        slots = new OrderSlot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new OrderSlot(i);
        }
        int indexSize = Integer.highestOneBit(Math.max(16, capacity * 4 - 1)) << 1; // load <= 1/4 of keys
        indexKeys = new long[indexSize];
        indexSlots = new int[indexSize];
        indexMask = indexSize - 1;
    }

    // ------------------------------------------------------------------ local (host-side) updates

    @Override
    public TrackerResult onNew(OrderRequest r, long nowNs) {
        long id = r.clientOrderId();
        if (!isValidId(id) || r.symbolId() < 0 || r.side() == null || r.orderType() == null || r.timeInForce() == null
                || r.quantityScaled() <= 0 || r.priceScaled() < 0) {
            return count(TrackerResult.REFUSED_INVALID);
        }
        if (findCell(id) >= 0) {
            return count(TrackerResult.REFUSED_DUPLICATE_ORDER_ID);
        }
        OrderSlot s = allocateSlot();
        if (s == null) {
            return count(TrackerResult.REFUSED_CAPACITY);
        }
        // the slot comes back locked and claimed: fill it, then publish it in the index
        long seq = s.heldSince();
        s.clientOrderId = id;
        s.origClientOrderId = 0;
        s.exchangeOrderId = 0;
        s.symbolId = r.symbolId();
        s.strategyId = r.strategyId();
        s.side = r.side();
        s.orderType = r.orderType();
        s.timeInForce = r.timeInForce();
        s.status = OrderStatus.NEW;
        s.resumeStatus = OrderStatus.NEW;
        s.lastReason = RejectReason.NONE;
        s.priceScaled = r.priceScaled();
        s.stopPriceScaled = r.stopPriceScaled();
        s.quantityScaled = r.quantityScaled();
        s.filledQuantityScaled = 0;
        s.lastFillPriceScaled = 0;
        s.lastExecId = 0;
        s.createdNs = nowNs;
        s.updatedNs = nowNs;
        s.updateCount = -1; // unlockChanged makes it 0
        s.unlockChanged(seq);
        return count(publishNewSlot(s, id));
    }

    @Override
    public TrackerResult onSubmitted(long clientOrderId, long nowNs) {
        OrderSlot s = slotOf(clientOrderId);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != clientOrderId) return unknown(s, seq);
        TrackerResult r;
        switch (s.status) {
            case NEW:
                s.status = OrderStatus.PENDING_NEW;
                s.resumeStatus = OrderStatus.PENDING_NEW;
                r = TrackerResult.APPLIED;
                break;
            case PENDING_NEW:
                r = TrackerResult.DUPLICATE;
                break;
            case REJECTED:
                r = TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                break;
            default: // the venue's answer overtook our own bookkeeping
                r = TrackerResult.STALE;
        }
        return finish(s, seq, r, nowNs, false);
    }

    @Override
    public TrackerResult onRejected(long clientOrderId, RejectReason reason, long nowNs) {
        OrderSlot s = slotOf(clientOrderId);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != clientOrderId) return unknown(s, seq);
        TrackerResult r;
        boolean terminal = false;
        if (s.status == OrderStatus.NEW || s.status == OrderStatus.PENDING_NEW) {
            s.status = OrderStatus.REJECTED;
            s.lastReason = reason == null ? RejectReason.OTHER : reason;
            r = TrackerResult.APPLIED;
            terminal = true;
        } else {
            r = s.status == OrderStatus.REJECTED ? TrackerResult.DUPLICATE : TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        }
        return finish(s, seq, r, nowNs, terminal);
    }

    @Override
    public TrackerResult onCancelRequested(long clientOrderId, long nowNs) {
        OrderSlot s = slotOf(clientOrderId);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != clientOrderId) return unknown(s, seq);
        TrackerResult r;
        switch (s.status) {
            case PENDING_NEW:
            case ACCEPTED:
            case PARTIALLY_FILLED:
                s.resumeStatus = s.status;
                s.status = OrderStatus.PENDING_CANCEL;
                r = TrackerResult.APPLIED;
                break;
            case PENDING_CANCEL:
                r = TrackerResult.DUPLICATE;
                break;
            default:
                r = TrackerResult.REFUSED_ILLEGAL_TRANSITION;
        }
        return finish(s, seq, r, nowNs, false);
    }

    @Override
    public TrackerResult onReplaceRequested(long origId, long newId, long newPriceScaled, long newQuantityScaled, long nowNs) {
        if (!isValidId(newId) || newQuantityScaled <= 0 || newPriceScaled < 0 || newId == origId) {
            return count(TrackerResult.REFUSED_INVALID);
        }
        OrderSlot old = slotOf(origId);
        if (old == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = old.lock();
        if (old.clientOrderId != origId) return unknown(old, seq);
        if (old.status != OrderStatus.ACCEPTED && old.status != OrderStatus.PARTIALLY_FILLED) {
            return finish(old, seq, TrackerResult.REFUSED_ILLEGAL_TRANSITION, nowNs, false);
        }
        if (newQuantityScaled < old.filledQuantityScaled) {
            return finish(old, seq, TrackerResult.REFUSED_OVERFILL, nowNs, false);
        }
        if (findCell(newId) >= 0) {
            return finish(old, seq, TrackerResult.REFUSED_DUPLICATE_ORDER_ID, nowNs, false);
        }
        // the replacement slot: no deadlock, allocation only ever locks terminal or free slots
        OrderSlot n = allocateSlot();
        if (n == null) {
            return finish(old, seq, TrackerResult.REFUSED_CAPACITY, nowNs, false);
        }
        long nseq = n.heldSince();
        n.clientOrderId = newId;
        n.origClientOrderId = origId;
        n.exchangeOrderId = old.exchangeOrderId;
        n.symbolId = old.symbolId;
        n.strategyId = old.strategyId;
        n.side = old.side;
        n.orderType = old.orderType;
        n.timeInForce = old.timeInForce;
        n.status = OrderStatus.PENDING_REPLACE;
        n.resumeStatus = OrderStatus.PENDING_REPLACE;
        n.lastReason = RejectReason.NONE;
        n.priceScaled = newPriceScaled;
        n.stopPriceScaled = old.stopPriceScaled;
        n.quantityScaled = newQuantityScaled;
        n.filledQuantityScaled = old.filledQuantityScaled;
        n.lastFillPriceScaled = old.lastFillPriceScaled;
        n.lastExecId = 0;
        n.createdNs = nowNs;
        n.updatedNs = nowNs;
        n.updateCount = -1;
        n.unlockChanged(nseq);
        TrackerResult published = publishNewSlot(n, newId);
        if (!published.isApplied()) {
            return finish(old, seq, published, nowNs, false);
        }
        old.resumeStatus = old.status;
        old.status = OrderStatus.PENDING_REPLACE;
        old.lastReason = RejectReason.NONE;
        return finish(old, seq, TrackerResult.APPLIED, nowNs, false);
    }

    // ------------------------------------------------------------------ venue reports

    @Override
    public TrackerResult apply(ExecutionEvent e) {
        if (e.execType() == null) return count(TrackerResult.REFUSED_INVALID);
        switch (e.execType()) {
            case REPLACED:
                return applyReplaced(e);
            case REPLACE_REJECTED:
                return applyReplaceRejected(e);
            default:
                break;
        }
        long id = e.clientOrderId();
        OrderSlot s = slotOf(id);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != id) return unknown(s, seq);
        long now = e.receiveTimestampNs();
        if (e.execId() != 0 && e.execId() == s.lastExecId) {
            return finish(s, seq, TrackerResult.DUPLICATE, now, false);
        }
        OrderStatus st = s.status;
        TrackerResult r;
        boolean terminal = false;
        switch (e.execType()) {
            case ACCEPTED:
                if (st == OrderStatus.PENDING_NEW) {
                    s.status = OrderStatus.ACCEPTED;
                    s.resumeStatus = OrderStatus.ACCEPTED;
                    if (e.exchangeOrderId() != 0) s.exchangeOrderId = e.exchangeOrderId();
                    r = TrackerResult.APPLIED;
                } else if (st == OrderStatus.ACCEPTED) {
                    r = TrackerResult.DUPLICATE;
                } else if (st == OrderStatus.PENDING_CANCEL && s.resumeStatus == OrderStatus.PENDING_NEW) {
                    // the cancel went out before the ack: still pending cancel, but a cancel reject
                    // must resume an accepted order with its exchange id. (A pending replace always
                    // follows an ack, so it never resumes PENDING_NEW.)
                    s.resumeStatus = OrderStatus.ACCEPTED;
                    if (e.exchangeOrderId() != 0) s.exchangeOrderId = e.exchangeOrderId();
                    r = TrackerResult.APPLIED;
                } else if (st == OrderStatus.NEW || st == OrderStatus.REJECTED) {
                    r = TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                } else {
                    r = TrackerResult.STALE; // an ack overtaken by fills, cancels or expiry
                }
                break;
            case PARTIALLY_FILLED:
            case FILLED:
                r = applyFill(s, e);
                terminal = r.isApplied() && s.status == OrderStatus.FILLED;
                break;
            case REJECTED:
                // also an unacknowledged order whose cancel is pending: the venue rejects the order
                // itself (and then, most likely, the cancel of an order it does not know)
                if (st == OrderStatus.PENDING_NEW
                        || (st == OrderStatus.PENDING_CANCEL && s.resumeStatus == OrderStatus.PENDING_NEW)) {
                    s.status = OrderStatus.REJECTED;
                    s.lastReason = e.reason() == RejectReason.NONE ? RejectReason.VENUE_REJECT : e.reason();
                    r = TrackerResult.APPLIED;
                    terminal = true;
                } else {
                    r = st == OrderStatus.REJECTED ? TrackerResult.DUPLICATE : TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                }
                break;
            case PENDING_CANCEL:
                if (st == OrderStatus.PENDING_NEW || st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED) {
                    s.resumeStatus = st;
                    s.status = OrderStatus.PENDING_CANCEL;
                    r = TrackerResult.APPLIED;
                } else if (st == OrderStatus.PENDING_CANCEL) {
                    r = TrackerResult.DUPLICATE;
                } else if (st.isTerminal()) {
                    r = TrackerResult.STALE; // a late or replayed pending-cancel ack
                } else {
                    r = TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                }
                break;
            case CANCELED:
            case EXPIRED: {
                OrderStatus target = e.execType() == flox.api.event.ExecType.CANCELED ? OrderStatus.CANCELED : OrderStatus.EXPIRED;
                if (st == target) {
                    r = TrackerResult.DUPLICATE;
                } else if (isLiveAtVenue(st)) {
                    long cum = e.cumulativeQuantityScaled();
                    if (cum > s.quantityScaled) {
                        r = TrackerResult.REFUSED_OVERFILL;
                    } else {
                        if (cum > s.filledQuantityScaled) s.filledQuantityScaled = cum; // fills the report also carries
                        s.status = target;
                        s.lastReason = e.reason();
                        r = TrackerResult.APPLIED;
                        terminal = true;
                    }
                } else {
                    r = TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                }
                break;
            }
            case CANCEL_REJECTED:
                if (st == OrderStatus.PENDING_CANCEL) {
                    s.status = s.filledQuantityScaled > 0 ? OrderStatus.PARTIALLY_FILLED : s.resumeStatus;
                    s.lastReason = e.reason();
                    r = TrackerResult.APPLIED;
                } else if (st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED || st.isTerminal()) {
                    r = TrackerResult.STALE; // already resolved (e.g. the order filled)
                } else {
                    r = TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                }
                break;
            case PENDING_REPLACE:
                if (st == OrderStatus.PENDING_REPLACE) {
                    r = TrackerResult.DUPLICATE;
                } else if (st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED) {
                    s.resumeStatus = st;
                    s.status = OrderStatus.PENDING_REPLACE;
                    r = TrackerResult.APPLIED;
                } else {
                    r = st.isTerminal() ? TrackerResult.STALE : TrackerResult.REFUSED_ILLEGAL_TRANSITION;
                }
                break;
            default:
                r = TrackerResult.REFUSED_INVALID;
        }
        if (r.isApplied() && e.execId() != 0) {
            s.lastExecId = e.execId();
        }
        return finish(s, seq, r, now, terminal);
    }

    /** Fill on a locked slot; cumulative quantity is the source of truth. */
    private static TrackerResult applyFill(OrderSlot s, ExecutionEvent e) {
        long cum = e.cumulativeQuantityScaled();
        if (cum <= 0 || e.lastQuantityScaled() < 0) {
            return TrackerResult.REFUSED_INVALID;
        }
        if (e.execType() == flox.api.event.ExecType.FILLED && cum != s.quantityScaled && cum <= s.quantityScaled) {
            return TrackerResult.REFUSED_INVALID; // "filled" must mean nothing leaves
        }
        OrderStatus st = s.status;
        if (!isLiveAtVenue(st)) {
            if (st.isTerminal() && cum <= s.filledQuantityScaled) {
                return cum == s.filledQuantityScaled ? TrackerResult.DUPLICATE : TrackerResult.STALE;
            }
            return TrackerResult.REFUSED_ILLEGAL_TRANSITION; // fill on NEW or after a terminal state
        }
        if (cum > s.quantityScaled) {
            return TrackerResult.REFUSED_OVERFILL;
        }
        if (cum < s.filledQuantityScaled) {
            return TrackerResult.STALE;
        }
        if (cum == s.filledQuantityScaled) {
            return TrackerResult.DUPLICATE;
        }
        s.filledQuantityScaled = cum;
        s.lastFillPriceScaled = e.lastPriceScaled();
        if (cum == s.quantityScaled) {
            s.status = OrderStatus.FILLED;
        } else if (st == OrderStatus.PENDING_CANCEL || st == OrderStatus.PENDING_REPLACE) {
            s.resumeStatus = OrderStatus.PARTIALLY_FILLED; // stays pending
        } else {
            s.status = OrderStatus.PARTIALLY_FILLED;
            s.resumeStatus = OrderStatus.PARTIALLY_FILLED;
        }
        return TrackerResult.APPLIED;
    }

    /** REPLACED: clientOrderId is the new order, origClientOrderId the one it replaces. */
    private TrackerResult applyReplaced(ExecutionEvent e) {
        OrderSlot n = slotOf(e.clientOrderId());
        if (n == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long now = e.receiveTimestampNs();
        long nseq = n.lock();
        if (n.clientOrderId != e.clientOrderId()) return unknown(n, nseq);
        if (n.origClientOrderId != e.origClientOrderId() || e.origClientOrderId() == 0) {
            return finish(n, nseq, TrackerResult.REFUSED_INVALID, now, false);
        }
        if (n.status != OrderStatus.PENDING_REPLACE) {
            TrackerResult r = n.status == OrderStatus.REJECTED ? TrackerResult.REFUSED_ILLEGAL_TRANSITION : TrackerResult.DUPLICATE;
            return finish(n, nseq, r, now, false);
        }
        long qty = e.quantityScaled() > 0 ? e.quantityScaled() : n.quantityScaled;
        // retire the original first; the new order goes live only if that succeeded
        OrderSlot o = slotOf(e.origClientOrderId());
        long oldFilled;
        if (o == null) {
            return finish(n, nseq, TrackerResult.REFUSED_UNKNOWN_ORDER, now, false);
        }
        long oseq = o.lock();
        if (o.clientOrderId != e.origClientOrderId()) {
            o.unlockUnchanged(oseq);
            return finish(n, nseq, TrackerResult.REFUSED_UNKNOWN_ORDER, now, false);
        }
        if (o.status != OrderStatus.PENDING_REPLACE && o.status != OrderStatus.ACCEPTED && o.status != OrderStatus.PARTIALLY_FILLED) {
            o.unlockUnchanged(oseq);
            return finish(n, nseq, TrackerResult.REFUSED_ILLEGAL_TRANSITION, now, false);
        }
        oldFilled = Math.max(o.filledQuantityScaled, e.cumulativeQuantityScaled());
        if (oldFilled > qty) {
            o.unlockUnchanged(oseq);
            return finish(n, nseq, TrackerResult.REFUSED_OVERFILL, now, false);
        }
        o.status = OrderStatus.REPLACED;
        o.updatedNs = now;
        o.unlockChanged(oseq);
        retired();

        if (e.priceScaled() > 0) n.priceScaled = e.priceScaled();
        n.quantityScaled = qty;
        n.filledQuantityScaled = oldFilled;
        if (e.exchangeOrderId() != 0) n.exchangeOrderId = e.exchangeOrderId();
        if (e.execId() != 0) n.lastExecId = e.execId();
        boolean filled = oldFilled == qty;
        n.status = filled ? OrderStatus.FILLED : oldFilled > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
        n.resumeStatus = n.status;
        return finish(n, nseq, TrackerResult.APPLIED, now, filled);
    }

    /** REPLACE_REJECTED: the new id is rejected, the original resumes. */
    private TrackerResult applyReplaceRejected(ExecutionEvent e) {
        OrderSlot n = slotOf(e.clientOrderId());
        if (n == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long now = e.receiveTimestampNs();
        long nseq = n.lock();
        if (n.clientOrderId != e.clientOrderId()) return unknown(n, nseq);
        if (n.status == OrderStatus.REJECTED) return finish(n, nseq, TrackerResult.DUPLICATE, now, false);
        if (n.status != OrderStatus.PENDING_REPLACE || n.origClientOrderId != e.origClientOrderId()) {
            return finish(n, nseq, TrackerResult.REFUSED_ILLEGAL_TRANSITION, now, false);
        }
        n.status = OrderStatus.REJECTED;
        n.lastReason = e.reason() == RejectReason.NONE ? RejectReason.VENUE_REJECT : e.reason();
        TrackerResult r = finish(n, nseq, TrackerResult.APPLIED, now, true);

        OrderSlot o = slotOf(e.origClientOrderId());
        if (o != null) {
            long oseq = o.lock();
            if (o.clientOrderId == e.origClientOrderId() && o.status == OrderStatus.PENDING_REPLACE) {
                o.status = o.filledQuantityScaled > 0 ? OrderStatus.PARTIALLY_FILLED : o.resumeStatus;
                o.updatedNs = now;
                o.unlockChanged(oseq);
            } else {
                o.unlockUnchanged(oseq); // it moved on meanwhile (filled, canceled): nothing to resume
            }
        }
        return r;
    }

    private static boolean isLiveAtVenue(OrderStatus st) {
        return st == OrderStatus.PENDING_NEW || st == OrderStatus.ACCEPTED || st == OrderStatus.PARTIALLY_FILLED
                || st == OrderStatus.PENDING_CANCEL || st == OrderStatus.PENDING_REPLACE;
    }

    // ------------------------------------------------------------------ reads

    @Override
    public boolean read(long clientOrderId, OrderState into) {
        OrderSlot s = slotOf(clientOrderId);
        return s != null && s.readInto(clientOrderId, into);
    }

    @Override
    public int openOrders(int symbolId, long[] out) {
        int n = 0;
        for (OrderSlot s : slots) { // array for-each: no iterator allocated
            long id = s.openOrderIdOn(symbolId);
            if (id != 0) {
                if (n < out.length) out[n] = id;
                n++;
            }
        }
        return n;
    }

    @Override
    public int openOrderCount() {
        return openOrders.get();
    }

    @Override
    public int trackedOrderCount() {
        return trackedOrders.get();
    }

    @Override
    public int capacity() {
        return slots.length;
    }

    @Override
    public long resultCount(TrackerResult result) {
        return resultCounts.get(result.ordinal());
    }

    // ------------------------------------------------------------------ internals

    private static boolean isValidId(long id) {
        return id != EMPTY && id != TOMBSTONE;
    }

    private TrackerResult count(TrackerResult r) {
        resultCounts.getAndIncrement(r.ordinal());
        return r;
    }

    private TrackerResult unknown(OrderSlot s, long seq) {
        s.unlockUnchanged(seq);
        return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
    }

    /** Releases the slot (changed only if applied), counts, and books a terminal transition. */
    private TrackerResult finish(OrderSlot s, long seq, TrackerResult r, long nowNs, boolean becameTerminal) {
        if (r.isApplied()) {
            s.updatedNs = nowNs;
            s.unlockChanged(seq);
            if (becameTerminal) retired();
        } else {
            s.unlockUnchanged(seq);
        }
        return count(r);
    }

    private void retired() {
        openOrders.decrementAndGet();
    }

    /** Publishes a filled slot under {@code id}; on a lost race for the id, gives the slot back. Not counted. */
    private TrackerResult publishNewSlot(OrderSlot s, long id) {
        if (!insertKey(id, s.index)) {
            long seq = s.lock();
            s.inUse = false;
            s.clientOrderId = 0;
            s.status = null;
            s.unlockChanged(seq);
            return TrackerResult.REFUSED_DUPLICATE_ORDER_ID;
        }
        openOrders.incrementAndGet();
        trackedOrders.incrementAndGet();
        return TrackerResult.APPLIED;
    }

    /**
     * Claims a slot and returns it LOCKED (the caller fills it and unlocks): a never-used one,
     * else a given-back or terminal one, evicted round-robin over the slots (so roughly, not
     * strictly, oldest first). Null when every slot holds an open order.
     */
    private OrderSlot allocateSlot() {
        for (int fresh = nextFreshSlot.get(); fresh < slots.length; fresh = nextFreshSlot.get()) {
            if (nextFreshSlot.compareAndSet(fresh, fresh + 1)) {
                OrderSlot s = slots[fresh];
                s.lock();
                if (!s.inUse) { // an evicting scanner may have claimed it between the CAS and the lock
                    s.inUse = true;
                    return s;
                }
                s.unlockUnchanged(s.heldSince());
            }
        }
        for (int scanned = 0; scanned < slots.length; scanned++) {
            int i = Math.floorMod(evictionCursor.getAndIncrement(), slots.length);
            OrderSlot s = slots[i];
            long seq = s.tryLock(); // never wait: the caller may hold a lock on a slot in this scan
            if (seq < 0) {
                continue;
            }
            if (!s.inUse || (s.status != null && s.status.isTerminal())) {
                long victim = s.clientOrderId;
                if (s.inUse && victim != 0) {
                    removeKey(victim);
                    trackedOrders.decrementAndGet();
                }
                s.inUse = true;
                s.clientOrderId = 0;
                s.status = null;
                return s; // still locked
            }
            s.unlockUnchanged(seq);
        }
        return null;
    }

    private OrderSlot slotOf(long clientOrderId) {
        if (!isValidId(clientOrderId)) return null;
        int cell = findCell(clientOrderId);
        return cell < 0 ? null : slots[indexSlots[cell]];
    }

    private static int hash(long key) {
        key ^= key >>> 33;
        key *= 0xff51afd7ed558ccdL;
        key ^= key >>> 33;
        key *= 0xc4ceb9fe1a85ec53L;
        key ^= key >>> 33;
        return (int) key;
    }

    /** Index cell holding {@code key}, or -1. Wait-free for readers. */
    private int findCell(long key) {
        int cell = hash(key) & indexMask;
        for (int probes = 0; probes <= indexMask; probes++) {
            long k = (long) KEYS.getAcquire(indexKeys, cell);
            if (k == key) return cell;
            if (k == EMPTY) return -1;
            cell = (cell + 1) & indexMask;
        }
        return -1;
    }

    /**
     * Publishes {@code key -> slotIndex}: writes the slot number, then the key with a release
     * store, so a reader that sees the key sees its slot. Reuses the first tombstone on the probe
     * path. False if the key is already present.
     */
    private boolean insertKey(long key, int slotIndex) {
        lockIndex();
        try {
            int cell = hash(key) & indexMask;
            int reusable = -1;
            for (int probes = 0; probes <= indexMask; probes++) {
                long k = indexKeys[cell]; // index writers are serialized: plain reads suffice
                if (k == key) return false;
                if (k == TOMBSTONE && reusable < 0) reusable = cell;
                if (k == EMPTY) {
                    if (reusable < 0) reusable = cell;
                    break;
                }
                cell = (cell + 1) & indexMask;
            }
            if (reusable < 0) return false; // cannot happen: the index has 4x as many cells as slots
            indexSlots[reusable] = slotIndex;
            KEYS.setRelease(indexKeys, reusable, key);
            return true;
        } finally {
            unlockIndex();
        }
    }

    /**
     * Removes {@code key}. A cell followed by an empty one becomes empty again, and so do the
     * tombstones right before it: without this, churn would turn every empty cell into a
     * tombstone and a miss would probe the whole index. Safe for concurrent readers: linear
     * probing never places a key beyond an empty cell of its cluster, so emptying the tail of a
     * cluster hides nothing a reader could be looking for.
     */
    private void removeKey(long key) {
        lockIndex();
        try {
            int cell = findCell(key);
            if (cell < 0) return;
            if (indexKeys[(cell + 1) & indexMask] != EMPTY) {
                KEYS.setRelease(indexKeys, cell, TOMBSTONE);
                return;
            }
            KEYS.setRelease(indexKeys, cell, EMPTY);
            for (int prev = (cell - 1) & indexMask; indexKeys[prev] == TOMBSTONE; prev = (prev - 1) & indexMask) {
                KEYS.setRelease(indexKeys, prev, EMPTY);
            }
        } finally {
            unlockIndex();
        }
    }

    /**
     * Index writers (order creation and eviction, never updates of existing orders) take a spin
     * lock held for a few probes; readers never take it. Ordering: a slot lock may be held while
     * taking this lock, never the other way round.
     */
    private void lockIndex() {
        while (!INDEX_LOCK.compareAndSet(this, 0, 1)) {
            Thread.onSpinWait();
        }
    }

    private void unlockIndex() {
        INDEX_LOCK.setRelease(this, 0);
    }

    /** Cells holding a key or a tombstone; for tests of index hygiene under churn. */
    int indexCellsInUse() {
        int n = 0;
        for (int i = 0; i <= indexMask; i++) {
            if ((long) KEYS.getAcquire(indexKeys, i) != EMPTY) n++;
        }
        return n;
    }

    /** Index cells; for tests. */
    int indexSize() {
        return indexMask + 1;
    }
}
