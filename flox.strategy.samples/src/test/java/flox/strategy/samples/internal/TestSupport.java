package flox.strategy.samples.internal;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderGateway;
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
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.util.ArrayList;
import java.util.List;

/** Fakes and builders shared by the tests: symbols, books, a gateway, a tracker and a clock. */
public final class TestSupport {
    private TestSupport() {
    }

    /** SIM:BTCUSDT as in bndrun/etc/symbols.csv: tick 0.01 (price scale 2), lot 0.00001 (quantity scale 5). */
    public static final SymbolInfo BTC = SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(500).build().withSymbolId(0);
    /** SIM:ETHUSDT: tick 0.01, lot 0.0001. */
    public static final SymbolInfo ETH = SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(500).build().withSymbolId(1);

    /** A registry holding {@link #BTC} (id 0) and {@link #ETH} (id 1). */
    public static SymbolRegistry registry() {
        return new SymbolRegistry() {
            @Override public int register(SymbolInfo definition) { throw new UnsupportedOperationException(); }
            @Override public int[] registerAll(List<SymbolInfo> definitions) { throw new UnsupportedOperationException(); }
            @Override public SymbolInfo symbol(int id) { return id == 0 ? BTC : id == 1 ? ETH : null; }
            @Override public int resolve(CharSequence exchange, CharSequence symbol) {
                if (!"SIM".contentEquals(exchange)) return UNKNOWN;
                return "BTCUSDT".contentEquals(symbol) ? 0 : "ETHUSDT".contentEquals(symbol) ? 1 : UNKNOWN;
            }
            @Override public int size() { return 2; }
            @Override public List<SymbolInfo> symbols() { return List.of(BTC, ETH); }
        };
    }

    /** A book of {@code symbolId} with one level per side (prices and quantities scaled). */
    public static OrderBook book(int symbolId, long bid, long bidQty, long ask, long askQty) {
        OrderBook b = new OrderBook(symbolId, 16);
        b.setBid(bid, bidQty);
        b.setAsk(ask, askQty);
        return b;
    }

    /** Fills {@code u} with a snapshot of one level per side. */
    public static BookUpdate snapshot(BookUpdate u, int symbolId, long bid, long bidQty, long ask, long askQty) {
        u.reset(symbolId, BookUpdate.Type.SNAPSHOT);
        u.addBid(bid, bidQty);
        u.addAsk(ask, askQty);
        return u;
    }

    /** A clock the test moves by hand. */
    public static final class ManualClock implements NanoClock {
        public long nowNs = 1_000_000_000L;

        @Override public long nanoTime() { return nowNs; }
        @Override public long epochNanos() { return nowNs; }
    }

    /** One order as the gateway saw it. */
    public record Sent(long id, int symbolId, int strategyId, Side side, long price, long quantity, TimeInForce tif) {
    }

    /**
     * Records submissions and cancels. {@code recording = false} keeps only counts (no
     * allocation, for the allocation tests); {@code listener} is called inside submit, like a
     * synchronous executor reporting before submit returns.
     */
    public static final class FakeGateway implements OrderGateway {
        public final List<Sent> sent = new ArrayList<>();
        public final List<Long> cancels = new ArrayList<>();
        public boolean recording = true;
        public RejectReason submitResult = RejectReason.NONE;
        public RejectReason cancelResult = RejectReason.NONE;
        public long submits;
        public long cancelCount;
        public SubmitListener listener;
        private long nextId;

        public interface SubmitListener {
            void submitted(OrderRequest request);
        }

        @Override public long nextClientOrderId() { return ++nextId; }

        @Override
        public RejectReason submit(OrderRequest r) {
            submits++;
            if (recording) sent.add(new Sent(r.clientOrderId(), r.symbolId(), r.strategyId(), r.side(), r.priceScaled(), r.quantityScaled(), r.timeInForce()));
            if (listener != null) listener.submitted(r);
            return submitResult;
        }

        @Override
        public RejectReason cancel(long clientOrderId) {
            cancelCount++;
            if (recording) cancels.add(clientOrderId);
            return cancelResult;
        }

        @Override
        public RejectReason replace(long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
            return RejectReason.OTHER;
        }

        @Override public long count(RejectReason reason) { return 0; }

        public Sent last() {
            return sent.get(sent.size() - 1);
        }
    }

    /** A tracker that knows which strategy owns each order id (ids below its capacity); only {@link #read} works. */
    public static final class FakeTracker implements OrderTracker {
        private final int[] strategyOf;

        public FakeTracker(int capacity) {
            strategyOf = new int[capacity];
        }

        /** Ids are kept modulo the capacity: an id capacity later takes the slot over. */
        public void own(long clientOrderId, int strategyId) {
            strategyOf[(int) (clientOrderId % strategyOf.length)] = strategyId;
        }

        public int owner(long clientOrderId) {
            return strategyOf[(int) (clientOrderId % strategyOf.length)];
        }

        @Override
        public boolean read(long id, OrderState into) {
            if (id <= 0 || owner(id) == 0) return false;
            into.set(id, 0, 0, 0, owner(id), Side.BUY, OrderType.LIMIT, TimeInForce.GTC, OrderStatus.ACCEPTED,
                    RejectReason.NONE, 0, 0, 0, 0, 0, 0, 0, 0, 0);
            return true;
        }

        @Override public TrackerResult onNew(OrderRequest request, long nowNs) { throw new UnsupportedOperationException(); }
        @Override public TrackerResult onSubmitted(long clientOrderId, long nowNs) { throw new UnsupportedOperationException(); }
        @Override public TrackerResult onRejected(long clientOrderId, RejectReason reason, long nowNs) { throw new UnsupportedOperationException(); }
        @Override public TrackerResult onCancelRequested(long clientOrderId, long nowNs) { throw new UnsupportedOperationException(); }
        @Override public TrackerResult onReplaceRequested(long o, long n, long p, long q, long nowNs) { throw new UnsupportedOperationException(); }
        @Override public TrackerResult apply(ExecutionEvent event) { throw new UnsupportedOperationException(); }
        @Override public TrackerResult adopt(ExecutionEvent venueView) { throw new UnsupportedOperationException(); }
        @Override public long correctionCount() { return 0; }
        @Override public int openOrders(int symbolId, long[] out) { return 0; }
        @Override public int openOrderCount() { return 0; }
        @Override public int trackedOrderCount() { return 0; }
        @Override public int capacity() { return strategyOf.length; }
        @Override public long resultCount(TrackerResult result) { return 0; }
    }

    /** Fills {@code e} as a report of {@code type} for an order. */
    public static ExecutionEvent report(ExecutionEvent e, ExecType type, long id, int symbolId, Side side,
                                        long lastPx, long lastQty, long cumQty) {
        return e.reset(type, id, symbolId, side).fill(lastPx, lastQty, cumQty);
    }
}
