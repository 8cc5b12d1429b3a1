package flox.core.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Bounded stress: writers own disjoint orders and drive fills with increasing cumulative
 * quantity; readers read continuously and check that every copy they get is consistent.
 * Every field a writer sets is derived from the cumulative quantity, so a torn copy (fields from
 * two different updates, or from two different orders) shows up as a cross-field mismatch.
 * No sleeps: threads start on a latch and readers stop when the writers are done.
 */
class LockFreeOrderTrackerConcurrencyTest {
    private static final int WRITERS = 2;
    private static final int READERS = 2;
    private static final long ACK_EXEC_ID = 1L << 40;
    private static final long T0 = 1_000_000_000L;

    /** Everything a writer stamps on an order, as a function of the order and its cumulative quantity. */
    private static long execIdOf(long cum) { return cum; }
    private static long priceOf(long cum) { return 50_000 + cum; }
    private static long timeOf(long cum) { return T0 + cum; }

    /** Shared run state: first failure wins, everybody stops on it. */
    private static final class Run {
        final CountDownLatch start = new CountDownLatch(1);
        final AtomicInteger writersLeft = new AtomicInteger(WRITERS);
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        volatile boolean abort;
        final List<Thread> threads = new ArrayList<>();

        void spawn(String name, ThrowingRunnable body) {
            Thread t = new Thread(() -> {
                try {
                    start.await();
                    body.run();
                } catch (Throwable e) {
                    failure.compareAndSet(null, new AssertionError(name + ": " + e.getMessage(), e));
                    abort = true;
                }
            }, name);
            t.setDaemon(true);
            threads.add(t);
        }

        void runAll() throws InterruptedException {
            for (Thread t : threads) t.start();
            start.countDown();
            try {
                for (Thread t : threads) t.join();
            } finally {
                abort = true; // on a timeout interrupt, stop the stragglers
            }
            Throwable f = failure.get();
            if (f != null) throw new AssertionError(f.getMessage(), f);
        }

        boolean writing() {
            return writersLeft.get() > 0 && !abort;
        }
    }

    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }

    private static void check(boolean ok, long id, OrderState s, String what) {
        if (!ok) throw new AssertionError("order " + id + ": " + what + " in " + s + " (filled " + s.filledQuantityScaled()
                + ", execId " + s.lastExecId() + ", px " + s.lastFillPriceScaled() + ", updates " + s.updateCount()
                + ", updatedNs " + s.updatedNs() + ")");
    }

    /** The cross-field invariants of an order written by {@link #fillToQuantity}. */
    private static void checkConsistent(long id, OrderState s, int symbol, long qty) {
        check(s.clientOrderId() == id, id, s, "read() returned another order");
        check(s.symbolId() == symbol, id, s, "symbol");
        check(s.quantityScaled() == qty, id, s, "quantity");
        check(s.side() == Side.SELL && s.strategyId() == 9, id, s, "side/strategy");
        long filled = s.filledQuantityScaled();
        check(filled >= 0 && filled <= qty, id, s, "filled outside [0, qty]");
        check((s.status() == OrderStatus.FILLED) == (filled == qty), id, s, "FILLED iff filled == qty");
        check(s.leavesQuantityScaled() == (s.status().isTerminal() ? 0 : qty - filled), id, s, "leaves");
        if (filled == 0) {
            switch (s.status()) {
                case NEW: check(s.updateCount() == 0 && s.lastExecId() == 0, id, s, "NEW"); break;
                case PENDING_NEW: check(s.updateCount() == 1 && s.lastExecId() == 0, id, s, "PENDING_NEW"); break;
                case ACCEPTED: check(s.updateCount() == 2 && s.lastExecId() == ACK_EXEC_ID && s.exchangeOrderId() == id + 1, id, s, "ACCEPTED"); break;
                default: check(false, id, s, "status with nothing filled");
            }
        } else {
            check(filled == qty || s.status() == OrderStatus.PARTIALLY_FILLED, id, s, "PARTIALLY_FILLED iff 0 < filled < qty");
            check(s.lastExecId() == execIdOf(filled), id, s, "exec id does not match filled");
            check(s.lastFillPriceScaled() == priceOf(filled), id, s, "fill price does not match filled");
            check(s.updatedNs() == timeOf(filled), id, s, "updatedNs does not match filled");
            check(s.updateCount() == 2 + filled, id, s, "updateCount does not match filled");
            check(s.exchangeOrderId() == id + 1, id, s, "exchange id lost");
        }
    }

    /** Writer side: new, submit, ack. */
    private static void open(OrderTracker t, OrderRequest r, ExecutionEvent e, long id, int symbol, long qty) {
        r.limit(id, symbol, Side.SELL, 100, qty, TimeInForce.GTC).strategyId(9);
        expect(t.onNew(r, T0 - 3), id, "new");
        expect(t.onSubmitted(id, T0 - 2), id, "submit");
        e.reset(ExecType.ACCEPTED, id, symbol, Side.SELL).execId(ACK_EXEC_ID).exchangeOrderId(id + 1).timestamps(T0 - 1, T0 - 1);
        expect(t.apply(e), id, "ack");
    }

    /** Writer side: one fill report taking the order to {@code cum}. */
    private static TrackerResult fill(OrderTracker t, ExecutionEvent e, long id, int symbol, long qty, long cum, long execId) {
        e.reset(cum == qty ? ExecType.FILLED : ExecType.PARTIALLY_FILLED, id, symbol, Side.SELL)
                .execId(execId).fill(priceOf(cum), 1, cum).timestamps(timeOf(cum), timeOf(cum));
        return t.apply(e);
    }

    private static void expect(TrackerResult r, long id, String what) {
        if (r != TrackerResult.APPLIED) throw new AssertionError(what + " of order " + id + ": " + r);
    }

    // ------------------------------------------------------------------ fixed set of orders, many fills each

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void shouldGiveReadersConsistentMonotonicCopiesWhileWritersFillDisjointOrders() throws Exception {
        final int ordersPerWriter = 4;
        final long qty = 250_000;
        final int replayEvery = 97; // writers also send a duplicate and a stale report now and then
        LockFreeOrderTracker tracker = new LockFreeOrderTracker(256);
        long[][] ids = new long[WRITERS][ordersPerWriter];
        for (int w = 0; w < WRITERS; w++) {
            for (int i = 0; i < ordersPerWriter; i++) ids[w][i] = (w + 1) * 1_000_000L + i * 7919L;
        }
        Run run = new Run();
        AtomicLong duplicatesSent = new AtomicLong();
        AtomicLong staleSent = new AtomicLong();

        for (int w = 0; w < WRITERS; w++) {
            final long[] mine = ids[w];
            final int symbol = w + 1;
            run.spawn("writer-" + w, () -> {
                OrderRequest r = new OrderRequest();
                ExecutionEvent e = new ExecutionEvent();
                try {
                    for (long id : mine) open(tracker, r, e, id, symbol, qty);
                    for (long cum = 1; cum <= qty && !run.abort; cum++) {
                        for (long id : mine) {
                            expect(fill(tracker, e, id, symbol, qty, cum, execIdOf(cum)), id, "fill " + cum);
                            if (cum % replayEvery == 0 && cum > 1) {
                                TrackerResult dup = fill(tracker, e, id, symbol, qty, cum, execIdOf(cum)); // same exec id
                                TrackerResult stale = fill(tracker, e, id, symbol, qty, cum - 1, (1L << 50) + cum); // older cum
                                if (dup != TrackerResult.DUPLICATE || stale != TrackerResult.STALE) {
                                    throw new AssertionError("order " + id + " replay at " + cum + ": " + dup + ", " + stale);
                                }
                                duplicatesSent.incrementAndGet();
                                staleSent.incrementAndGet();
                            }
                        }
                    }
                } finally {
                    run.writersLeft.decrementAndGet();
                }
            });
        }

        AtomicLong[] readsPerReader = new AtomicLong[READERS];
        for (int rd = 0; rd < READERS; rd++) {
            AtomicLong reads = readsPerReader[rd] = new AtomicLong();
            final int offset = rd;
            run.spawn("reader-" + rd, () -> {
                OrderState s = new OrderState();
                long[] lastFilled = new long[WRITERS * ordersPerWriter];
                int[] lastUpdates = new int[WRITERS * ordersPerWriter];
                boolean[] seen = new boolean[WRITERS * ordersPerWriter];
                long[] openBuf = new long[WRITERS * ordersPerWriter];
                long n = 0;
                boolean last = false;
                while (true) {
                    boolean writing = run.writing();
                    for (int k = 0; k < lastFilled.length; k++) {
                        int idx = (k + offset * 17) % lastFilled.length; // readers walk in different orders
                        int w = idx / ordersPerWriter;
                        long id = ids[w][idx % ordersPerWriter];
                        if (!tracker.read(id, s)) {
                            if (seen[idx]) throw new AssertionError("order " + id + " disappeared");
                            continue;
                        }
                        seen[idx] = true;
                        checkConsistent(id, s, w + 1, qty);
                        check(s.filledQuantityScaled() >= lastFilled[idx], id, s, "filled went backwards from " + lastFilled[idx]);
                        check(s.updateCount() >= lastUpdates[idx], id, s, "updateCount went backwards from " + lastUpdates[idx]);
                        lastFilled[idx] = s.filledQuantityScaled();
                        lastUpdates[idx] = s.updateCount();
                        if (last) check(s.status() == OrderStatus.FILLED, id, s, "not FILLED at the end");
                        n++;
                    }
                    int open = tracker.openOrderCount();
                    int tracked = tracker.trackedOrderCount();
                    if (open < 0 || open > lastFilled.length || tracked < 0 || tracked > lastFilled.length) {
                        throw new AssertionError("counts out of range: open " + open + ", tracked " + tracked);
                    }
                    int listed = tracker.openOrders(OrderTracker.ANY_SYMBOL, openBuf);
                    if (listed < 0 || listed > lastFilled.length) throw new AssertionError("openOrders " + listed);
                    if (last || run.abort) break;
                    last = !writing; // one full pass after the writers are done
                }
                reads.set(n);
            });
        }

        run.runAll();

        OrderState s = new OrderState();
        for (int w = 0; w < WRITERS; w++) {
            for (long id : ids[w]) {
                assertTrue(tracker.read(id, s), "order " + id);
                checkConsistent(id, s, w + 1, qty);
                assertEquals(OrderStatus.FILLED, s.status());
                assertEquals(qty, s.filledQuantityScaled());
                assertEquals(2 + qty, s.updateCount());
                assertEquals(execIdOf(qty), s.lastExecId());
            }
        }
        int orders = WRITERS * ordersPerWriter;
        assertEquals(0, tracker.openOrderCount());
        assertEquals(orders, tracker.trackedOrderCount());
        assertEquals(0, tracker.openOrders(OrderTracker.ANY_SYMBOL, new long[orders]));
        assertEquals(orders * (3 + qty), tracker.resultCount(TrackerResult.APPLIED));
        assertEquals(duplicatesSent.get(), tracker.resultCount(TrackerResult.DUPLICATE));
        assertEquals(staleSent.get(), tracker.resultCount(TrackerResult.STALE));
        for (TrackerResult r : TrackerResult.values()) {
            if (r.isRefused()) assertEquals(0, tracker.resultCount(r), r.name());
        }
        for (AtomicLong reads : readsPerReader) {
            assertTrue(reads.get() >= orders, "each reader made at least its final full pass: " + reads.get());
        }
    }

    // ------------------------------------------------------------------ churn with eviction and slot reuse

    private static int symbolOf(long id) { return (int) (id % 1000); }
    private static long qtyOf(long id) { return 5 + id % 7; }

    @Test
    @Timeout(value = 15, unit = TimeUnit.SECONDS)
    void shouldNeverHandAReaderAnotherOrdersStateWhileSlotsAreEvictedAndReused() throws Exception {
        final int capacity = 32;
        final int openPerWriter = 4;
        final long ordersPerWriter = 40_000;
        LockFreeOrderTracker tracker = new LockFreeOrderTracker(capacity);
        Run run = new Run();
        AtomicLong[] latest = new AtomicLong[WRITERS];
        long[] base = new long[WRITERS];

        for (int w = 0; w < WRITERS; w++) {
            final AtomicLong newest = latest[w] = new AtomicLong();
            final long first = base[w] = (w + 1) * 10_000_000L;
            run.spawn("writer-" + w, () -> {
                OrderRequest r = new OrderRequest();
                ExecutionEvent e = new ExecutionEvent();
                try {
                    for (long n = 0; n < ordersPerWriter && !run.abort; n++) {
                        long id = first + n;
                        open(tracker, r, e, id, symbolOf(id), qtyOf(id));
                        newest.set(id);
                        long done = id - (openPerWriter - 1);
                        if (done >= first) {
                            long q = qtyOf(done);
                            for (long cum = 1; cum <= q; cum++) expect(fill(tracker, e, done, symbolOf(done), q, cum, execIdOf(cum)), done, "fill");
                        }
                    }
                } finally {
                    run.writersLeft.decrementAndGet();
                }
            });
        }
        AtomicLong successfulReads = new AtomicLong();
        for (int rd = 0; rd < READERS; rd++) {
            final int me = rd;
            run.spawn("reader-" + rd, () -> {
                OrderState s = new OrderState();
                long n = 0;
                long k = me;
                while (run.writing()) {
                    for (int w = 0; w < WRITERS; w++) {
                        long newest = latest[w].get();
                        if (newest == 0) continue;
                        // the newest orders, the ones being filled, and some just evicted or about to be
                        long id = Math.max(base[w], newest - (k++ % (2L * capacity)));
                        if (tracker.read(id, s)) {
                            checkConsistent(id, s, symbolOf(id), qtyOf(id));
                            n++;
                        }
                    }
                }
                for (int w = 0; w < WRITERS && !run.abort; w++) { // the newest orders are open, never evicted
                    long id = latest[w].get();
                    if (!tracker.read(id, s)) throw new AssertionError("newest order " + id + " not readable");
                    checkConsistent(id, s, symbolOf(id), qtyOf(id));
                    n++;
                }
                successfulReads.addAndGet(n);
            });
        }

        run.runAll();

        OrderState s = new OrderState();
        long applied = 0;
        for (int w = 0; w < WRITERS; w++) {
            long last = base[w] + ordersPerWriter - 1;
            for (long id = last; id > last - (openPerWriter - 1); id--) {
                assertTrue(tracker.read(id, s), "open order " + id);
                checkConsistent(id, s, symbolOf(id), qtyOf(id));
                assertEquals(OrderStatus.ACCEPTED, s.status());
            }
            // sum of qtyOf over this writer's filled orders (ids shifted by the writer's base)
            long fills = 0;
            for (long id = base[w]; id <= last - (openPerWriter - 1); id++) fills += qtyOf(id);
            applied += 3 * ordersPerWriter + fills;
        }
        assertEquals(WRITERS * (openPerWriter - 1), tracker.openOrderCount());
        assertEquals(capacity, tracker.trackedOrderCount());
        assertEquals(applied, tracker.resultCount(TrackerResult.APPLIED));
        assertEquals(applied, total(tracker), "nothing refused or ignored, in particular no REFUSED_CAPACITY");
        assertNull(run.failure.get());
        assertTrue(successfulReads.get() >= READERS * WRITERS, "reads: " + successfulReads.get());
    }

    private static long total(OrderTracker t) {
        long n = 0;
        for (TrackerResult r : TrackerResult.values()) n += t.resultCount(r);
        return n;
    }
}
