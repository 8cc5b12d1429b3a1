package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import java.util.List;

/**
 * One engine over a {@link TestBook}, driven by hand: market data helpers keep the book and the
 * engine in step, order helpers return the reports they caused. Prices are plain ticks (scale 0,
 * tick 1, lot 1, no minimums) unless a symbol is given.
 */
final class Venue {
    static final int SYMBOL_ID = 7;

    final SymbolInfo symbol;
    final TestBook book = new TestBook(32);
    final ManualClock clock = new ManualClock();
    final SimIdSequence ids = new SimIdSequence();
    final RecordingSink sink = new RecordingSink();
    final SimMatchingEngine engine;
    private final BookUpdate update = new BookUpdate(32);

    Venue() {
        this(plainSymbol(), 64, 16);
    }

    Venue(SymbolInfo symbol, int maxOrders, int maxLevels) {
        this.symbol = symbol;
        engine = new SimMatchingEngine(symbol, book, clock, ids, sink, maxOrders, maxLevels);
    }

    static SymbolInfo plainSymbol() {
        return SymbolInfo.builder("SIM", "TEST").priceScale(0).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .build().withSymbolId(SYMBOL_ID);
    }

    // ------------------------------------------------------------------ market data

    /** A delta with one ask level (0 removes it). */
    List<ExecutionEvent> ask(long px, long qty) {
        update.reset(SYMBOL_ID, BookUpdate.Type.DELTA).addAsk(px, qty);
        return apply();
    }

    List<ExecutionEvent> bid(long px, long qty) {
        update.reset(SYMBOL_ID, BookUpdate.Type.DELTA).addBid(px, qty);
        return apply();
    }

    /** A snapshot: {bids: px, qty, px, qty...}, {asks: ...}. */
    List<ExecutionEvent> snapshot(long[] bids, long[] asks) {
        update.reset(SYMBOL_ID, BookUpdate.Type.SNAPSHOT);
        for (int i = 0; i < bids.length; i += 2) update.addBid(bids[i], bids[i + 1]);
        for (int i = 0; i < asks.length; i += 2) update.addAsk(asks[i], asks[i + 1]);
        return apply();
    }

    private List<ExecutionEvent> apply() {
        clock.advance(10);
        book.apply(update);
        engine.onBookUpdate(update);
        return sink.drain();
    }

    List<ExecutionEvent> trade(long px, long qty, Side aggressor) {
        clock.advance(10);
        engine.onTrade(px, qty, aggressor);
        return sink.drain();
    }

    // ------------------------------------------------------------------ orders

    List<ExecutionEvent> limit(long id, Side side, long px, long qty, TimeInForce tif) {
        clock.advance(10);
        engine.submit(id, side, OrderType.LIMIT, tif, px, qty);
        return sink.drain();
    }

    List<ExecutionEvent> buy(long id, long px, long qty) {
        return limit(id, Side.BUY, px, qty, TimeInForce.GTC);
    }

    List<ExecutionEvent> sell(long id, long px, long qty) {
        return limit(id, Side.SELL, px, qty, TimeInForce.GTC);
    }

    List<ExecutionEvent> market(long id, Side side, long qty) {
        clock.advance(10);
        engine.submit(id, side, OrderType.MARKET, TimeInForce.IOC, 0, qty);
        return sink.drain();
    }

    List<ExecutionEvent> cancel(long id) {
        clock.advance(10);
        engine.cancel(id);
        return sink.drain();
    }

    List<ExecutionEvent> replace(long orig, long newId, long px, long qty) {
        clock.advance(10);
        engine.replace(orig, newId, px, qty);
        return sink.drain();
    }

    long[] resting(Side side) {
        long[] out = new long[engine.restingOrders(side, new long[0])];
        engine.restingOrders(side, out);
        return out;
    }

    // ------------------------------------------------------------------ assertions

    static void assertFill(ExecutionEvent e, ExecType type, long id, long lastQty, long lastPx, long cum) {
        assertEquals(type, e.execType(), () -> "type of " + e);
        assertEquals(id, e.clientOrderId(), () -> "id of " + e);
        assertEquals(lastQty, e.lastQuantityScaled(), () -> "last quantity of " + e);
        assertEquals(lastPx, e.lastPriceScaled(), () -> "last price of " + e);
        assertEquals(cum, e.cumulativeQuantityScaled(), () -> "cumulative quantity of " + e);
    }

    static void assertReport(ExecutionEvent e, ExecType type, long id, long cum, RejectReason reason) {
        assertEquals(type, e.execType(), () -> "type of " + e);
        assertEquals(id, e.clientOrderId(), () -> "id of " + e);
        assertEquals(cum, e.cumulativeQuantityScaled(), () -> "cumulative quantity of " + e);
        assertEquals(reason, e.reason(), () -> "reason of " + e);
    }

    static void assertTypes(List<ExecutionEvent> reports, ExecType... types) {
        assertEquals(List.of(types), reports.stream().map(ExecutionEvent::execType).toList(), () -> "reports " + reports);
    }
}
