package flox.bench;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.core.order.LockFreeOrderTracker;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The order tracker in steady state, driven as an executor drives it: one reusable
 * {@link OrderRequest} and one reusable {@link ExecutionEvent} flyweight, ever-increasing client
 * order ids and exec ids.
 *
 * <ul>
 *   <li>{@code orderLifecycle}: one whole order per op (onNew, onSubmitted, ACCEPTED,
 *       PARTIALLY_FILLED, FILLED) in a tracker of 65,536 slots. The tracker fills up after the
 *       first 65,536 ops; from then on every op evicts the oldest terminal order (slot reuse and
 *       index removal), so warmup and measurement run with eviction on every op.</li>
 *   <li>{@code fillUpdate}: one partial fill (cumulative quantity grows by one lot) on one of
 *       1,024 open orders, cycled. Their quantities are so large that they never fill.</li>
 *   <li>{@code read}: a consistent copy of one of those open orders into a reused OrderState.</li>
 * </ul>
 *
 * Baseline in the same run: the conventional book, a {@code ConcurrentHashMap<Long, MutableOrder>}
 * with a new order object per order, boxed keys on every lookup and a switch on the status for
 * validation. It keeps the same number of terminal orders (the oldest is removed when a new one
 * comes in, like the tracker's eviction). It is single-writer with plain fields and no
 * seqlock, so it does less than the tracker (readers on other threads could see torn orders).
 * The tracker's hot paths must show gc.alloc.rate.norm of about 0 B/op, and orderLifecycle's
 * score must stay flat from iteration to iteration (every op evicts an order, millions per
 * iteration when the tracker is healthy; a growing score means the id index degrades as orders
 * are removed from it). Every trial checks at teardown that every update was applied (nothing
 * refused, duplicate or stale) and that orderLifecycle evicted.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OrderTrackerBenchmark {
    static final int CAPACITY = 65_536;
    static final int OPEN = 1_024;
    static final int OPEN_MASK = OPEN - 1;
    static final int SYMBOL = 7;
    static final long PRICE = 6_500_000_000_000L;          // 65,000.00000000
    static final long LIFECYCLE_QTY = 200_000L;            // 0.00200000, filled in two halves
    static final long HUGE_QTY = Long.MAX_VALUE / 2;        // one lot per fill: never completes
    static final long LOT = 1_000L;

    // ------------------------------------------------------------------ Flox

    /** A tracker that fills up with terminal orders, then evicts one per new order. */
    @State(Scope.Thread)
    public static class Lifecycle {
        LockFreeOrderTracker tracker;
        final OrderRequest request = new OrderRequest();
        final ExecutionEvent event = new ExecutionEvent();
        long nextId;
        long nextExecId;

        @Setup
        public void setUp() {
            tracker = new LockFreeOrderTracker(CAPACITY);
            request.limit(1, SYMBOL, Side.BUY, PRICE, LIFECYCLE_QTY, TimeInForce.GTC).strategyId(3);
        }

        /** Runs inside the last measured iteration: allocates nothing unless it fails. */
        @TearDown
        public void check() {
            expectOnlyApplied(tracker, nextId * 5);
            if (nextId <= 2L * CAPACITY || tracker.trackedOrderCount() != CAPACITY) {
                throw new IllegalStateException("expected steady eviction: " + nextId + " orders, " + tracker.trackedOrderCount() + " tracked");
            }
        }
    }

    /** One whole order: new, submitted, accepted, half filled, filled (then evicted later). */
    @Benchmark
    public int orderLifecycle(Lifecycle st) {
        LockFreeOrderTracker t = st.tracker;
        ExecutionEvent e = st.event;
        long id = ++st.nextId;
        long now = id; // a clock read would cost as much as an update; any increasing value does
        int r = t.onNew(st.request.clientOrderId(id), now).ordinal();
        r |= t.onSubmitted(id, now).ordinal();
        e.reset(ExecType.ACCEPTED, id, SYMBOL, Side.BUY).order(PRICE, LIFECYCLE_QTY).exchangeOrderId(id).execId(++st.nextExecId)
                .timestamps(now, now);
        r |= t.apply(e).ordinal();
        e.reset(ExecType.PARTIALLY_FILLED, id, SYMBOL, Side.BUY).fill(PRICE, LIFECYCLE_QTY / 2, LIFECYCLE_QTY / 2)
                .execId(++st.nextExecId).timestamps(now, now);
        r |= t.apply(e).ordinal();
        e.reset(ExecType.FILLED, id, SYMBOL, Side.BUY).fill(PRICE, LIFECYCLE_QTY / 2, LIFECYCLE_QTY)
                .execId(++st.nextExecId).timestamps(now, now);
        return r | t.apply(e).ordinal();
    }

    /** 1,024 accepted orders that never fill completely. */
    @State(Scope.Thread)
    public static class OpenOrders {
        LockFreeOrderTracker tracker;
        final ExecutionEvent event = new ExecutionEvent();
        final OrderState state = new OrderState();
        final long[] ids = new long[OPEN];
        final long[] cumulative = new long[OPEN];
        long fills;
        long nextExecId;
        int cursor;

        @Setup
        public void setUp() {
            tracker = new LockFreeOrderTracker(CAPACITY);
            OrderRequest request = new OrderRequest();
            for (int i = 0; i < OPEN; i++) {
                long id = 1_000_000L + i * 7L;
                ids[i] = id;
                request.limit(id, SYMBOL, i % 2 == 0 ? Side.BUY : Side.SELL, PRICE, HUGE_QTY, TimeInForce.GTC);
                require(tracker.onNew(request, 1));
                require(tracker.onSubmitted(id, 2));
                require(tracker.apply(event.reset(ExecType.ACCEPTED, id, SYMBOL, request.side()).order(PRICE, HUGE_QTY)
                        .execId(++nextExecId).timestamps(3, 3)));
            }
        }

        @TearDown
        public void check() {
            expectOnlyApplied(tracker, OPEN * 3L + fills);
            if (tracker.openOrderCount() != OPEN) throw new IllegalStateException("open orders: " + tracker.openOrderCount());
        }
    }

    /** One partial fill on an open order. */
    @Benchmark
    public int fillUpdate(OpenOrders st) {
        int i = st.cursor++ & OPEN_MASK;
        long id = st.ids[i];
        long cum = st.cumulative[i] += LOT; // HUGE_QTY / LOT fills per order: centuries at this rate
        st.fills++;
        ExecutionEvent e = st.event.reset(ExecType.PARTIALLY_FILLED, id, SYMBOL, Side.BUY).fill(PRICE, LOT, cum)
                .execId(++st.nextExecId).timestamps(cum, cum);
        return st.tracker.apply(e).ordinal();
    }

    /** Consistent copy of an open order. */
    @Benchmark
    public long read(OpenOrders st) {
        long id = st.ids[st.cursor++ & OPEN_MASK];
        return st.tracker.read(id, st.state) ? st.state.filledQuantityScaled() : -1;
    }

    static final TrackerResult[] RESULTS = TrackerResult.values();

    static void require(TrackerResult r) {
        if (r != TrackerResult.APPLIED) throw new IllegalStateException("setup update was " + r);
    }

    /** Every update applied: a refused or ignored one would mean the benchmark measures an error path. */
    static void expectOnlyApplied(LockFreeOrderTracker t, long expected) {
        for (TrackerResult r : RESULTS) {
            long n = t.resultCount(r);
            if (r == TrackerResult.APPLIED ? n != expected : n != 0) {
                throw new IllegalStateException(r + " counted " + n + " times; expected " + (r == TrackerResult.APPLIED ? expected : 0));
            }
        }
    }

    // ------------------------------------------------------------------ baseline

    /** The conventional order object: allocated per order, validated by a switch on the status. */
    static final class MutableOrder {
        final long clientOrderId;
        final int symbolId;
        final int strategyId;
        final Side side;
        final long priceScaled;
        final long quantityScaled;
        final long createdNs;
        OrderStatus status = OrderStatus.NEW;
        long exchangeOrderId;
        long filledQuantityScaled;
        long lastFillPriceScaled;
        long lastExecId;
        long updatedNs;

        MutableOrder(OrderRequest r, long nowNs) {
            clientOrderId = r.clientOrderId();
            symbolId = r.symbolId();
            strategyId = r.strategyId();
            side = r.side();
            priceScaled = r.priceScaled();
            quantityScaled = r.quantityScaled();
            createdNs = nowNs;
            updatedNs = nowNs;
        }

        boolean submitted(long nowNs) {
            if (status != OrderStatus.NEW) return false;
            status = OrderStatus.PENDING_NEW;
            updatedNs = nowNs;
            return true;
        }

        /** ACCEPTED, PARTIALLY_FILLED and FILLED with the same checks as the tracker's (duplicate, overfill, stale). */
        boolean apply(ExecutionEvent e) {
            if (e.execId() != 0 && e.execId() == lastExecId) return false;
            switch (e.execType()) {
                case ACCEPTED:
                    if (status != OrderStatus.PENDING_NEW) return false;
                    status = OrderStatus.ACCEPTED;
                    if (e.exchangeOrderId() != 0) exchangeOrderId = e.exchangeOrderId();
                    break;
                case PARTIALLY_FILLED:
                case FILLED: {
                    switch (status) {
                        case PENDING_NEW:
                        case ACCEPTED:
                        case PARTIALLY_FILLED:
                        case PENDING_CANCEL:
                        case PENDING_REPLACE:
                            break;
                        default:
                            return false;
                    }
                    long cum = e.cumulativeQuantityScaled();
                    if (cum <= filledQuantityScaled || cum > quantityScaled) return false;
                    filledQuantityScaled = cum;
                    lastFillPriceScaled = e.lastPriceScaled();
                    status = cum == quantityScaled ? OrderStatus.FILLED : OrderStatus.PARTIALLY_FILLED;
                    break;
                }
                default:
                    return false;
            }
            lastExecId = e.execId();
            updatedNs = e.receiveTimestampNs();
            return true;
        }
    }

    /** The conventional book with the tracker's retention: the last 65,536 orders stay in the map. */
    @State(Scope.Thread)
    public static class BaselineLifecycle {
        final ConcurrentHashMap<Long, MutableOrder> orders = new ConcurrentHashMap<>(CAPACITY * 2);
        final long[] retained = new long[CAPACITY]; // ring of ids, oldest evicted first
        final OrderRequest request = new OrderRequest();
        final ExecutionEvent event = new ExecutionEvent();
        long nextId;
        long nextExecId;
        long refused;

        @Setup
        public void setUp() {
            request.limit(1, SYMBOL, Side.BUY, PRICE, LIFECYCLE_QTY, TimeInForce.GTC).strategyId(3);
        }

        @TearDown
        public void check() {
            if (refused != 0) throw new IllegalStateException("baseline refused " + refused + " updates");
        }
    }

    /** One whole order in the map, with the oldest order removed once 65,536 are kept. */
    @Benchmark
    public boolean baselineOrderLifecycle(BaselineLifecycle st) {
        ConcurrentHashMap<Long, MutableOrder> m = st.orders;
        ExecutionEvent e = st.event;
        long id = ++st.nextId;
        long now = id;
        int ring = (int) (id & (CAPACITY - 1));
        long victim = st.retained[ring];
        if (victim != 0) m.remove(victim);
        st.retained[ring] = id;
        boolean ok = m.putIfAbsent(id, new MutableOrder(st.request.clientOrderId(id), now)) == null;
        MutableOrder o = m.get(id);
        ok &= o != null && o.submitted(now);
        e.reset(ExecType.ACCEPTED, id, SYMBOL, Side.BUY).order(PRICE, LIFECYCLE_QTY).exchangeOrderId(id).execId(++st.nextExecId)
                .timestamps(now, now);
        o = m.get(id);
        ok &= o != null && o.apply(e);
        e.reset(ExecType.PARTIALLY_FILLED, id, SYMBOL, Side.BUY).fill(PRICE, LIFECYCLE_QTY / 2, LIFECYCLE_QTY / 2)
                .execId(++st.nextExecId).timestamps(now, now);
        o = m.get(id);
        ok &= o != null && o.apply(e);
        e.reset(ExecType.FILLED, id, SYMBOL, Side.BUY).fill(PRICE, LIFECYCLE_QTY / 2, LIFECYCLE_QTY)
                .execId(++st.nextExecId).timestamps(now, now);
        o = m.get(id);
        ok &= o != null && o.apply(e);
        if (!ok) st.refused++;
        return ok;
    }

    /** The same 1,024 open orders in the map. */
    @State(Scope.Thread)
    public static class BaselineOpenOrders {
        final ConcurrentHashMap<Long, MutableOrder> orders = new ConcurrentHashMap<>();
        final ExecutionEvent event = new ExecutionEvent();
        final long[] ids = new long[OPEN];
        final long[] cumulative = new long[OPEN];
        long nextExecId;
        long refused;
        int cursor;

        @Setup
        public void setUp() {
            OrderRequest request = new OrderRequest();
            for (int i = 0; i < OPEN; i++) {
                long id = 1_000_000L + i * 7L;
                ids[i] = id;
                request.limit(id, SYMBOL, i % 2 == 0 ? Side.BUY : Side.SELL, PRICE, HUGE_QTY, TimeInForce.GTC);
                MutableOrder o = new MutableOrder(request, 1);
                orders.put(id, o);
                o.submitted(2);
                o.apply(event.reset(ExecType.ACCEPTED, id, SYMBOL, request.side()).order(PRICE, HUGE_QTY)
                        .execId(++nextExecId).timestamps(3, 3));
            }
        }

        @TearDown
        public void check() {
            if (refused != 0) throw new IllegalStateException("baseline refused " + refused + " updates");
        }
    }

    /** One partial fill, looked up with a boxed key. */
    @Benchmark
    public boolean baselineFillUpdate(BaselineOpenOrders st) {
        int i = st.cursor++ & OPEN_MASK;
        long id = st.ids[i];
        long cum = st.cumulative[i] += LOT;
        ExecutionEvent e = st.event.reset(ExecType.PARTIALLY_FILLED, id, SYMBOL, Side.BUY).fill(PRICE, LOT, cum)
                .execId(++st.nextExecId).timestamps(cum, cum);
        MutableOrder o = st.orders.get(id);
        boolean ok = o != null && o.apply(e);
        if (!ok) st.refused++;
        return ok;
    }
}
