package flox.core.order;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link OrderTracker} over a preallocated slot table. This class finds, locks and releases
 * slots and counts outcomes; the transitions are {@link OrderStateMachine}'s, the id index
 * {@link OrderIdIndex}'s, and which slot a new order takes {@link SlotPool}'s.
 *
 * <p>Threading: reads are lock-free (per-slot seqlock, see {@link OrderSlot}); index lookups are
 * wait-free for readers. Writers for one order serialize on that order's slot (uncontended when
 * each order has a single writer, the executor thread); writers for different orders run in
 * parallel. Changes to the index itself (a new order, an eviction) are serialized by the index's
 * spin lock; updates of existing orders never touch it.
 *
 * <p>Allocation: none after construction. When the fresh slots run out, the terminal order that
 * finished longest ago is evicted; a late report for an evicted order is refused as unknown.
 */
public final class LockFreeOrderTracker implements OrderTracker {
    private static final TrackerResult[] RESULTS = TrackerResult.values();

    private final OrderSlot[] slots;
    private final OrderIdIndex index;
    private final SlotPool pool;
    private final AtomicInteger openOrders = new AtomicInteger();
    private final AtomicInteger trackedOrders = new AtomicInteger();
    private final AtomicLong corrections = new AtomicLong();
    private final AtomicLongArray resultCounts = new AtomicLongArray(RESULTS.length);

    /** @param capacity orders kept at once (open plus retained terminal ones) */
    public LockFreeOrderTracker(int capacity) {
        if (capacity <= 0 || capacity > (1 << 26)) {
            throw new IllegalArgumentException("capacity must be in [1, 2^26], was " + capacity);
        }
        slots = new OrderSlot[capacity];
        for (int i = 0; i < capacity; i++) {
            slots[i] = new OrderSlot(i);
        }
        index = new OrderIdIndex(capacity);
        pool = new SlotPool(slots);
    }

    // ------------------------------------------------------------------ local (host-side) updates

    @Override
    public TrackerResult onNew(OrderRequest r, long nowNs) {
        long id = r.clientOrderId();
        if (!OrderIdIndex.isValidId(id) || r.symbolId() < 0 || r.side() == null || r.orderType() == null || r.timeInForce() == null
                || r.quantityScaled() <= 0 || r.priceScaled() < 0) {
            return count(TrackerResult.REFUSED_INVALID);
        }
        if (index.contains(id)) {
            return count(TrackerResult.REFUSED_DUPLICATE_ORDER_ID);
        }
        OrderSlot s = claimSlot();
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
        return finish(s, seq, OrderStateMachine.submitted(s), nowNs);
    }

    @Override
    public TrackerResult onRejected(long clientOrderId, RejectReason reason, long nowNs) {
        OrderSlot s = slotOf(clientOrderId);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != clientOrderId) return unknown(s, seq);
        return finish(s, seq, OrderStateMachine.rejectedLocally(s, reason), nowNs);
    }

    @Override
    public TrackerResult onCancelRequested(long clientOrderId, long nowNs) {
        OrderSlot s = slotOf(clientOrderId);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != clientOrderId) return unknown(s, seq);
        return finish(s, seq, OrderStateMachine.cancelRequested(s), nowNs);
    }

    @Override
    public TrackerResult onReplaceRequested(long origId, long newId, long newPriceScaled, long newQuantityScaled, long nowNs) {
        if (!OrderIdIndex.isValidId(newId) || newQuantityScaled <= 0 || newPriceScaled < 0 || newId == origId) {
            return count(TrackerResult.REFUSED_INVALID);
        }
        OrderSlot old = slotOf(origId);
        if (old == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = old.lock();
        if (old.clientOrderId != origId) return unknown(old, seq);
        TrackerResult may = OrderStateMachine.mayReplace(old, newQuantityScaled);
        if (!may.isApplied()) return finish(old, seq, may, nowNs);
        if (index.contains(newId)) {
            return finish(old, seq, TrackerResult.REFUSED_DUPLICATE_ORDER_ID, nowNs);
        }
        OrderSlot n = claimSlot(); // no deadlock: see SlotPool.claim
        if (n == null) {
            return finish(old, seq, TrackerResult.REFUSED_CAPACITY, nowNs);
        }
        long nseq = n.heldSince();
        OrderStateMachine.startReplacement(n, old, newId, newPriceScaled, newQuantityScaled, nowNs);
        n.unlockChanged(nseq);
        TrackerResult published = publishNewSlot(n, newId);
        if (!published.isApplied()) {
            return finish(old, seq, published, nowNs);
        }
        OrderStateMachine.replaceRequested(old);
        return finish(old, seq, TrackerResult.APPLIED, nowNs);
    }

    // ------------------------------------------------------------------ venue reports

    @Override
    public TrackerResult apply(ExecutionEvent e) {
        ExecType type = e.execType();
        if (type == null) return count(TrackerResult.REFUSED_INVALID);
        if (type == ExecType.REPLACED) return applyReplaced(e);
        if (type == ExecType.REPLACE_REJECTED) return applyReplaceRejected(e);
        long id = e.clientOrderId();
        OrderSlot s = slotOf(id);
        if (s == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long seq = s.lock();
        if (s.clientOrderId != id) return unknown(s, seq);
        long now = e.receiveTimestampNs();
        if (e.execId() != 0 && e.execId() == s.lastExecId) {
            return finish(s, seq, TrackerResult.DUPLICATE, now);
        }
        TrackerResult r = OrderStateMachine.report(s, e);
        if (r.isApplied() && e.execId() != 0) s.lastExecId = e.execId();
        if (r.isApplied() && type == ExecType.RESTATED) corrections.incrementAndGet();
        return finish(s, seq, r, now);
    }

    @Override
    public TrackerResult adopt(ExecutionEvent e) {
        long id = e.clientOrderId();
        long cum = e.cumulativeQuantityScaled();
        OrderStatus status = e.venueStatus() != null ? e.venueStatus() : cum > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED;
        if (!OrderIdIndex.isValidId(id) || e.symbolId() < 0 || e.side() == null || e.quantityScaled() <= 0 || e.priceScaled() < 0
                || cum < 0 || cum > e.quantityScaled() || status == OrderStatus.NEW || status == OrderStatus.PENDING_NEW
                || (status == OrderStatus.FILLED && cum != e.quantityScaled())) {
            return count(TrackerResult.REFUSED_INVALID);
        }
        if (index.contains(id)) return count(TrackerResult.REFUSED_DUPLICATE_ORDER_ID);
        OrderSlot s = claimSlot();
        if (s == null) return count(TrackerResult.REFUSED_CAPACITY);
        long seq = s.heldSince();
        long now = e.receiveTimestampNs();
        s.clientOrderId = id;
        s.origClientOrderId = 0;
        s.exchangeOrderId = e.exchangeOrderId();
        s.symbolId = e.symbolId();
        s.strategyId = OrderState.UNOWNED;
        s.side = e.side();
        s.orderType = e.priceScaled() > 0 ? OrderType.LIMIT : OrderType.MARKET; // what a venue's open-order list can tell
        s.timeInForce = TimeInForce.GTC;
        s.status = status;
        s.resumeStatus = status.isTerminal() || status == OrderStatus.PENDING_CANCEL || status == OrderStatus.PENDING_REPLACE
                ? (cum > 0 ? OrderStatus.PARTIALLY_FILLED : OrderStatus.ACCEPTED) : status;
        s.lastReason = e.reason();
        s.priceScaled = e.priceScaled();
        s.stopPriceScaled = 0;
        s.quantityScaled = e.quantityScaled();
        s.filledQuantityScaled = cum;
        s.lastFillPriceScaled = e.lastPriceScaled();
        s.lastExecId = e.execId();
        s.createdNs = now;
        s.updatedNs = now;
        s.updateCount = -1; // unlockChanged makes it 0
        s.unlockChanged(seq);
        TrackerResult r = publishNewSlot(s, id);
        if (r.isApplied()) {
            corrections.incrementAndGet();
            if (status.isTerminal()) retired(s);
        }
        return count(r);
    }

    @Override
    public long correctionCount() {
        return corrections.get();
    }

    /** REPLACED: clientOrderId is the new order, origClientOrderId the one it replaces. */
    private TrackerResult applyReplaced(ExecutionEvent e) {
        OrderSlot n = slotOf(e.clientOrderId());
        if (n == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long now = e.receiveTimestampNs();
        long nseq = n.lock();
        if (n.clientOrderId != e.clientOrderId()) return unknown(n, nseq);
        TrackerResult awaited = OrderStateMachine.replacementAwaited(n, e);
        if (!awaited.isApplied()) return finish(n, nseq, awaited, now);
        // n is PENDING_REPLACE (open), so holding it while locking the original cannot deadlock
        OrderSlot o = slotOf(e.origClientOrderId());
        if (o == null) return finish(n, nseq, TrackerResult.REFUSED_UNKNOWN_ORDER, now);
        long oseq = o.lock();
        if (o.clientOrderId != e.origClientOrderId()) {
            o.unlockUnchanged(oseq);
            return finish(n, nseq, TrackerResult.REFUSED_UNKNOWN_ORDER, now);
        }
        TrackerResult r = OrderStateMachine.replaced(n, o, e, now);
        if (!r.isApplied()) {
            o.unlockUnchanged(oseq);
            return finish(n, nseq, r, now);
        }
        o.unlockChanged(oseq);
        retired(o);
        if (e.execId() != 0) n.lastExecId = e.execId();
        return finish(n, nseq, TrackerResult.APPLIED, now);
    }

    /** REPLACE_REJECTED: the new id is rejected, the original resumes. */
    private TrackerResult applyReplaceRejected(ExecutionEvent e) {
        OrderSlot n = slotOf(e.clientOrderId());
        if (n == null) return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
        long now = e.receiveTimestampNs();
        long nseq = n.lock();
        if (n.clientOrderId != e.clientOrderId()) return unknown(n, nseq);
        TrackerResult r = finish(n, nseq, OrderStateMachine.replaceRejected(n, e), now);
        if (!r.isApplied()) return r;
        OrderSlot o = slotOf(e.origClientOrderId());
        if (o != null) {
            long oseq = o.lock();
            if (o.clientOrderId == e.origClientOrderId() && OrderStateMachine.replaceUndone(o, now)) {
                o.unlockChanged(oseq);
            } else {
                o.unlockUnchanged(oseq);
            }
        }
        return r;
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

    private TrackerResult count(TrackerResult r) {
        resultCounts.getAndIncrement(r.ordinal());
        return r;
    }

    private TrackerResult unknown(OrderSlot s, long seq) {
        s.unlockUnchanged(seq);
        return count(TrackerResult.REFUSED_UNKNOWN_ORDER);
    }

    /**
     * Releases the slot (changed only if applied), counts, and books the order as finished when
     * this update made it terminal (the state machine never leaves a terminal state, so an
     * applied update that ends terminal started open).
     */
    private TrackerResult finish(OrderSlot s, long seq, TrackerResult r, long nowNs) {
        if (r.isApplied()) {
            boolean terminal = s.status.isTerminal();
            s.updatedNs = nowNs;
            s.unlockChanged(seq);
            if (terminal) retired(s);
        } else {
            s.unlockUnchanged(seq);
        }
        return count(r);
    }

    /** The order in {@code s} became terminal: one open order less, and the slot queues for reuse. */
    private void retired(OrderSlot s) {
        openOrders.decrementAndGet();
        pool.finished(s.index);
    }

    /** Publishes a filled slot under {@code id}; on a lost race for the id, gives the slot back. Not counted. */
    private TrackerResult publishNewSlot(OrderSlot s, long id) {
        if (!index.insert(id, s.index)) {
            long seq = s.lock();
            s.inUse = false;
            s.clientOrderId = 0;
            s.status = null;
            s.unlockChanged(seq);
            pool.finished(s.index);
            return TrackerResult.REFUSED_DUPLICATE_ORDER_ID;
        }
        openOrders.incrementAndGet();
        trackedOrders.incrementAndGet();
        return TrackerResult.APPLIED;
    }

    /**
     * A slot for a new order, LOCKED (the caller fills and unlocks it): a never-used one, else a
     * given-back one or the one whose order finished longest ago, that order evicted. Null when
     * every slot holds an open order.
     */
    private OrderSlot claimSlot() {
        OrderSlot s = pool.claim();
        if (s == null) return null;
        if (s.inUse && s.clientOrderId != 0) {
            index.remove(s.clientOrderId);
            trackedOrders.decrementAndGet();
        }
        s.inUse = true;
        s.clientOrderId = 0;
        s.status = null;
        return s;
    }

    private OrderSlot slotOf(long clientOrderId) {
        if (!OrderIdIndex.isValidId(clientOrderId)) return null;
        int slot = index.slotOf(clientOrderId);
        return slot < 0 ? null : slots[slot];
    }

    /** Cells holding a key or a tombstone; for tests of index hygiene under churn. */
    int indexCellsInUse() {
        return index.cellsInUse();
    }

    /** Index cells; for tests. */
    int indexSize() {
        return index.size();
    }
}
