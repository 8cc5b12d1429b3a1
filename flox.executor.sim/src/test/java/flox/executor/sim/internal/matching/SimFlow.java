package flox.executor.sim.internal.matching;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.symbol.SymbolInfo;
import java.util.SplittableRandom;

/**
 * A seeded random market (book deltas around a drifting mid, trades that the book then shows,
 * snapshots) and a host that sends new orders (every type and time in force, a few breaking
 * the rules), cancels and replaces through a {@link DelayedCommandRing} with a fixed latency,
 * so its requests race with market data. The host knows its orders only from the reports.
 *
 * <p>With a tracker, the host does what an executor does: {@code onNew}/{@code onSubmitted},
 * {@code onCancelRequested}, {@code onReplaceRequested} before sending, and applies every report;
 * results are counted, and anything but APPLIED is recorded as unexpected, except a cancel reject
 * for an order that had finished (STALE by design).
 *
 * <p>Single-threaded. A step allocates nothing (tracker included) unless the observer does or
 * something unexpected is recorded.
 */
final class SimFlow implements ExecutionSink, SimCommandHandler {
    static final int SYMBOL_ID = 3;
    static final long TICK = 5;
    static final long LATENCY_NS = 100_000;
    static final int MAX_OPEN = 48;
    /** Price scale 2, tick 0.05; whole quantities; min notional 150.00 (one lot at ~100.00 is below it). */
    static final SymbolInfo SYMBOL = SymbolInfo.builder("SIM", "FLOW").priceScale(2).quantityScale(0).tickSizeScaled(TICK)
            .lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(15_000).build().withSymbolId(SYMBOL_ID);

    final TestBook book = new TestBook(20);
    final ManualClock clock = new ManualClock();
    final SimIdSequence ids = new SimIdSequence();
    final SimMatchingEngine engine;
    final DelayedCommandRing ring = new DelayedCommandRing(1024);
    private final OrderTracker tracker;
    private final ExecutionSink observer;
    private final SplittableRandom rnd;
    private final BookUpdate update = new BookUpdate(64);
    private final OrderRequest request = new OrderRequest();
    private final OrderState state = new OrderState();
    private long mid = 10_000;
    private long nextId = 1;
    /** Walks the engine's state after every step (slow; functional tests only). */
    boolean checksInvariants;

    // the host's view of its open orders, from reports only
    private final long[] openIds = new long[256];
    private final long[] openPrice = new long[256];
    private final long[] openQty = new long[256];
    private final long[] openFilled = new long[256];
    private final boolean[] openPending = new boolean[256];
    private final LongIntHashMap openIndex = new LongIntHashMap(256);
    private int openCount;

    // outcomes
    final long[][] results = new long[ExecType.values().length][TrackerResult.values().length];
    long reports;
    long unexpected;
    String firstUnexpected;
    long cancelRejectedAfterFinish;
    long replaceRejectedAfterFinish;
    long replaceRejectedBelowFilled;
    long fillsWhileCancelPending;
    long fillsWhileReplacePending;

    SimFlow(long seed, OrderTracker tracker, ExecutionSink observer) {
        this.rnd = new SplittableRandom(seed);
        this.tracker = tracker;
        this.observer = observer;
        engine = new SimMatchingEngine(SYMBOL, book, clock, ids, this, 128, 20);
        snapshot();
    }

    /** One random market or host action, after releasing the commands that are due. */
    void step() {
        clock.advance(1 + rnd.nextInt(50_000));
        ring.drain(clock.nowNs, Integer.MAX_VALUE, this);
        int op = rnd.nextInt(100);
        if (op < 30) delta();
        else if (op < 44) trade();
        else if (op < 46) snapshot();
        else if (op < 78) newOrder();
        else if (op < 90) cancelOne();
        else replaceOne();
        if (checksInvariants) {
            String violation = engine.invariantViolation();
            if (violation != null) unexpected(violation);
        }
    }

    /** Lets every command in flight reach the venue. */
    void finish() {
        clock.advance(2 * LATENCY_NS);
        ring.drain(clock.nowNs, Integer.MAX_VALUE, this);
    }

    int openCount() { return openCount; }
    long openId(int i) { return openIds[i]; }
    long openFilled(int i) { return openFilled[i]; }

    // ------------------------------------------------------------------ market

    private void delta() {
        update.reset(SYMBOL_ID, BookUpdate.Type.DELTA);
        if (rnd.nextInt(8) == 0) {
            long next = mid + (rnd.nextBoolean() ? TICK : -TICK);
            if (next > 5_000 && next < 15_000) mid = next;
            update.addBid(mid, 0); // nothing may stay at the mid: it would cross
            update.addAsk(mid, 0);
        }
        for (int i = 0, n = 1 + rnd.nextInt(3); i < n; i++) {
            long qty = rnd.nextInt(4) == 0 ? 0 : 1 + rnd.nextInt(30);
            if (rnd.nextBoolean()) update.addBid(mid - TICK * (1 + rnd.nextInt(12)), qty);
            else update.addAsk(mid + TICK * (1 + rnd.nextInt(12)), qty);
        }
        publish();
    }

    private void snapshot() {
        update.reset(SYMBOL_ID, BookUpdate.Type.SNAPSHOT);
        for (int k = 1; k <= 10; k++) {
            update.addBid(mid - TICK * k, 1 + rnd.nextInt(30));
            update.addAsk(mid + TICK * k, 1 + rnd.nextInt(30));
        }
        publish();
    }

    private void trade() {
        boolean sellerAggressor = rnd.nextBoolean();
        int levels = sellerAggressor ? book.bidLevels() : book.askLevels();
        if (levels == 0) return;
        int level = rnd.nextInt(Math.min(3, levels));
        long px = sellerAggressor ? book.bidPrice(level) : book.askPrice(level);
        long shown = sellerAggressor ? book.bidQuantity(level) : book.askQuantity(level);
        long qty = 1 + rnd.nextInt(20);
        Side aggressor = rnd.nextInt(10) == 0 ? null : sellerAggressor ? Side.SELL : Side.BUY;
        engine.onTrade(px, qty, aggressor);
        update.reset(SYMBOL_ID, BookUpdate.Type.DELTA); // then the book shows it
        if (sellerAggressor) update.addBid(px, Math.max(0, shown - qty));
        else update.addAsk(px, Math.max(0, shown - qty));
        publish();
    }

    private void publish() {
        book.apply(update);
        engine.onBookUpdate(update);
    }

    // ------------------------------------------------------------------ host

    private void newOrder() {
        if (openCount >= MAX_OPEN) {
            cancelOne();
            return;
        }
        Side side = rnd.nextBoolean() ? Side.BUY : Side.SELL;
        OrderType type = rnd.nextInt(100) < 12 ? OrderType.MARKET : OrderType.LIMIT;
        int t = rnd.nextInt(100);
        TimeInForce tif = t < 50 ? TimeInForce.GTC : t < 70 ? TimeInForce.IOC : t < 80 ? TimeInForce.FOK : TimeInForce.POST_ONLY;
        if (type == OrderType.MARKET && tif == TimeInForce.POST_ONLY && rnd.nextInt(5) != 0) tif = TimeInForce.IOC;
        long px = mid + TICK * (rnd.nextInt(13) - 6);
        if (rnd.nextInt(50) == 0) px += 1; // off the tick
        long qty = 1 + rnd.nextInt(20);
        request.clear().clientOrderId(nextId++).symbolId(SYMBOL_ID).strategyId(1).side(side).orderType(type)
                .timeInForce(tif).priceScaled(type == OrderType.MARKET ? 0 : px).quantityScaled(qty);
        if (tracker != null) {
            expectApplied(tracker.onNew(request, clock.nowNs), "onNew");
            expectApplied(tracker.onSubmitted(request.clientOrderId(), clock.nowNs), "onSubmitted");
        }
        if (!ring.offerNew(clock.nowNs + LATENCY_NS, request)) unexpected("ring full");
    }

    private void cancelOne() {
        int i = pickOpen();
        if (i < 0) return;
        openPending[i] = true;
        if (tracker != null) expectApplied(tracker.onCancelRequested(openIds[i], clock.nowNs), "onCancelRequested");
        if (!ring.offerCancel(clock.nowNs + LATENCY_NS, SYMBOL_ID, openIds[i])) unexpected("ring full");
    }

    private void replaceOne() {
        int i = pickOpen();
        if (i < 0) return;
        openPending[i] = true;
        long newId = nextId++;
        long px = Math.max(TICK, openPrice[i] + TICK * (rnd.nextInt(5) - 2));
        if (rnd.nextInt(40) == 0) px += 1; // off the tick
        long qty = Math.max(1, openFilled[i] + rnd.nextInt(12)); // at or above what the host knows is filled
        if (tracker != null) expectApplied(tracker.onReplaceRequested(openIds[i], newId, px, qty, clock.nowNs), "onReplaceRequested");
        if (!ring.offerReplace(clock.nowNs + LATENCY_NS, SYMBOL_ID, openIds[i], newId, px, qty)) unexpected("ring full");
    }

    /** A random open order with no request in flight, or -1. */
    private int pickOpen() {
        for (int tries = 0; tries < 4 && openCount > 0; tries++) {
            int i = rnd.nextInt(openCount);
            if (!openPending[i]) return i;
        }
        return -1;
    }

    // ------------------------------------------------------------------ the venue

    @Override
    public void onCommand(SimCommand c) {
        switch (c.kind()) {
            case NEW:
                engine.submit(c.request());
                break;
            case CANCEL:
                engine.cancel(c.clientOrderId());
                break;
            case REPLACE:
                engine.replace(c.clientOrderId(), c.newClientOrderId(), c.newPriceScaled(), c.newQuantityScaled());
                break;
            default:
                unexpected("unknown command");
        }
    }

    @Override
    public void onReport(ExecutionEvent e) {
        reports++;
        if (tracker != null) track(e);
        if (observer != null) observer.onReport(e);
        long id = e.clientOrderId();
        switch (e.execType()) {
            case ACCEPTED:
                addOpen(id, e.priceScaled(), e.quantityScaled(), 0);
                break;
            case PARTIALLY_FILLED: {
                int i = openIndex.get(id);
                if (i >= 0) openFilled[i] = e.cumulativeQuantityScaled();
                break;
            }
            case FILLED:
            case CANCELED:
            case EXPIRED:
            case REJECTED:
                removeOpen(id);
                break;
            case REPLACED:
                removeOpen(e.origClientOrderId());
                if (e.cumulativeQuantityScaled() < e.quantityScaled()) {
                    addOpen(id, e.priceScaled(), e.quantityScaled(), e.cumulativeQuantityScaled());
                }
                break;
            case CANCEL_REJECTED: {
                int i = openIndex.get(id);
                if (i >= 0) openPending[i] = false;
                break;
            }
            case REPLACE_REJECTED: {
                int i = openIndex.get(e.origClientOrderId());
                if (i >= 0) openPending[i] = false;
                break;
            }
            default:
                unexpected("unexpected exec type");
        }
    }

    private void track(ExecutionEvent e) {
        boolean isFill = e.execType() == ExecType.PARTIALLY_FILLED || e.execType() == ExecType.FILLED;
        if (isFill && tracker.read(e.clientOrderId(), state)) {
            if (state.status() == OrderStatus.PENDING_CANCEL) fillsWhileCancelPending++;
            if (state.status() == OrderStatus.PENDING_REPLACE) fillsWhileReplacePending++;
        }
        if (e.execType() == ExecType.REPLACE_REJECTED) {
            if (e.reason() == RejectReason.UNKNOWN_ORDER) replaceRejectedAfterFinish++;
            if (e.reason() == RejectReason.INVALID_QUANTITY) replaceRejectedBelowFilled++;
        }
        TrackerResult r = tracker.apply(e);
        results[e.execType().ordinal()][r.ordinal()]++;
        if (r == TrackerResult.APPLIED) return;
        if (e.execType() == ExecType.CANCEL_REJECTED && r == TrackerResult.STALE
                && tracker.read(e.clientOrderId(), state) && state.status().isTerminal()) {
            cancelRejectedAfterFinish++; // the order filled before the cancel arrived: nothing to undo
            return;
        }
        if (firstUnexpected == null) firstUnexpected = RecordingSink.describe(e) + " -> " + r;
        unexpected++;
    }

    private void expectApplied(TrackerResult r, String what) {
        if (r != TrackerResult.APPLIED) unexpected(what);
    }

    private void unexpected(String what) {
        if (firstUnexpected == null) firstUnexpected = what;
        unexpected++;
    }

    private void addOpen(long id, long px, long qty, long filled) {
        if (openCount == openIds.length) {
            unexpected("host view full");
            return;
        }
        int i = openCount++;
        openIds[i] = id;
        openPrice[i] = px;
        openQty[i] = qty;
        openFilled[i] = filled;
        openPending[i] = false;
        openIndex.put(id, i);
    }

    private void removeOpen(long id) {
        int i = openIndex.remove(id);
        if (i < 0) return;
        int last = --openCount;
        if (i != last) {
            openIds[i] = openIds[last];
            openPrice[i] = openPrice[last];
            openQty[i] = openQty[last];
            openFilled[i] = openFilled[last];
            openPending[i] = openPending[last];
            openIndex.put(openIds[i], i);
        }
    }
}
