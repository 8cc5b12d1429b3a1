package example.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.lang.management.ManagementFactory;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Drives the strategy as the buses would: {@link BookUpdate} flyweights in, {@link ExecutionEvent}
 * flyweights back, orders caught by a fake {@link OrderGateway}. No OSGi framework needed.
 */
@Timeout(10)
class MeanReversionStrategyTest {
    // SIM:BTCUSDT as in the host's symbols.csv: tick 0.01 (price scale 2), lot 0.00001 (quantity scale 5)
    static final SymbolInfo BTC = SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(500).build().withSymbolId(0);
    static final SymbolInfo ETH = SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(500).build().withSymbolId(1);
    static final long MID = 6_000_000; // 60000.00
    static final long SIZE = 20;        // 0.00020
    static final int WINDOW = 10;

    final FakeGateway gateway = new FakeGateway();
    final FakeClock clock = new FakeClock();
    final BookUpdate update = new BookUpdate(8);
    final ExecutionEvent report = new ExecutionEvent();
    MeanReversionStrategy strategy;

    @BeforeEach
    void setUp() {
        // window 10 updates, threshold 2 ticks, max position 0.0004 (two orders), cool-down 100 ms
        strategy = new MeanReversionStrategy(gateway, new FakeSymbols(), clock,
                new MeanReversionStrategy.Settings("SIM", "BTCUSDT", 7, "0.0002", WINDOW, 2, "0.0004", 100, 16));
        strategy.start();
    }

    /** A snapshot of one level a side around {@code mid}, one tick either way. */
    void book(int symbolId, long mid) {
        update.reset(symbolId, BookUpdate.Type.SNAPSHOT);
        update.addBid(mid - 1, 100);
        update.addAsk(mid + 1, 100);
        strategy.onBookUpdate(update);
    }

    void warmUp() {
        for (int i = 0; i < WINDOW; i++) book(0, MID);
    }

    /** The venue's answer to the last order: filled in full, reported on the execution bus. */
    void fill(long clientOrderId, Side side, long price) {
        report.reset(ExecType.ACCEPTED, clientOrderId, 0, side).order(price, SIZE);
        strategy.onExecution(report);
        report.reset(ExecType.FILLED, clientOrderId, 0, side).order(price, SIZE).fill(price, SIZE, SIZE);
        strategy.onExecution(report);
    }

    @Test
    void buysAtTheAskWhenTheMidFallsBelowItsAverage() {
        warmUp();
        assertEquals(0, gateway.submitted, "no order while the mid sits on its average");
        book(0, MID - 3); // 3 ticks down; the average moves 0.3 ticks: 2.7 ticks below
        assertEquals(1, gateway.submitted);
        OrderRequest o = gateway.last;
        assertEquals(Side.BUY, o.side());
        assertEquals(MID - 2, o.priceScaled(), "at the best ask");
        assertEquals(SIZE, o.quantityScaled());
        assertEquals(TimeInForce.IOC, o.timeInForce());
        assertEquals(7, o.strategyId());
        assertEquals(0, o.symbolId());
    }

    @Test
    void sellsAtTheBidWhenTheMidRisesAboveItsAverage() {
        warmUp();
        book(0, MID + 3);
        assertEquals(1, gateway.submitted);
        assertEquals(Side.SELL, gateway.last.side());
        assertEquals(MID + 2, gateway.last.priceScaled(), "at the best bid");
    }

    @Test
    void oneOrderInFlightThenCoolDownThenPositionLimit() {
        warmUp();
        book(0, MID - 3);
        long first = gateway.last.clientOrderId();
        book(0, MID - 6);
        assertEquals(1, gateway.submitted, "nothing new while the first is in flight");

        fill(first, Side.BUY, MID - 2);
        assertEquals(SIZE, strategy.position());
        book(0, MID - 6);
        assertEquals(1, gateway.submitted, "cool-down");

        clock.now += 100_000_000L;
        book(0, MID - 9);
        assertEquals(2, gateway.submitted);
        fill(gateway.last.clientOrderId(), Side.BUY, MID - 8);
        assertEquals(2 * SIZE, strategy.position());

        clock.now += 100_000_000L;
        book(0, MID - 12);
        assertEquals(2, gateway.submitted, "max position 0.0004 reached: no third buy");
        assertEquals(2, strategy.fills());
    }

    @Test
    void aRefusedOrderFreesTheSlot() {
        gateway.answer = RejectReason.RISK_LIMIT;
        warmUp();
        book(0, MID - 3);
        assertEquals(1, gateway.submitted);
        // the gateway also publishes the refusal as a REJECTED report
        report.reset(ExecType.REJECTED, gateway.last.clientOrderId(), 0, Side.BUY).reason(RejectReason.RISK_LIMIT, "max.position");
        strategy.onExecution(report);
        assertEquals(1, strategy.rejected());

        gateway.answer = RejectReason.NONE;
        clock.now += 100_000_000L;
        book(0, MID - 6);
        assertEquals(2, gateway.submitted, "the refused order is no longer in flight");
        assertEquals(0, strategy.position());
    }

    @Test
    void ignoresOtherSymbolsOtherOrdersAndStopsDeciding() {
        warmUp();
        book(1, MID - 300); // ETHUSDT
        assertEquals(0, gateway.submitted);

        report.reset(ExecType.FILLED, 999, 0, Side.SELL).fill(MID, SIZE, SIZE); // another strategy's order
        strategy.onExecution(report);
        assertEquals(0, strategy.position());

        strategy.stop();
        book(0, MID - 3);
        assertEquals(0, gateway.submitted, "stopped");
        strategy.start();
        book(0, MID - 6);
        assertEquals(1, gateway.submitted);
    }

    @Test
    void aSizeOffTheLotIsReportedAndNothingIsSent() {
        strategy = new MeanReversionStrategy(gateway, new FakeSymbols(), clock,
                new MeanReversionStrategy.Settings("SIM", "BTCUSDT", 7, "0.000001", WINDOW, 2, "0.0004", 100, 16));
        strategy.start();
        warmUp();
        book(0, MID - 3);
        assertNotNull(strategy.problem());
        assertEquals(0, gateway.submitted);
        assertTrue(strategy.statusFragment().contains("NOT TRADING"));
    }

    @Test
    void theSameRequestIsReusedAndCallbacksDoNotAllocate() {
        warmUp();
        book(0, MID - 3);
        OrderRequest firstRequest = gateway.last;
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long tid = Thread.currentThread().getId();
        long allocated = -1;
        for (int round = 0; round < 3; round++) { // the first rounds warm up (class loading, JIT)
            long before = threads.getThreadAllocatedBytes(tid);
            cycle(100_000);
            allocated = threads.getThreadAllocatedBytes(tid) - before;
        }
        assertSame(firstRequest, gateway.last, "one preallocated OrderRequest for every order");
        assertTrue(gateway.submitted > 10_000, "orders sent: " + gateway.submitted);
        // a few hundred bytes per round are the JIT's and the measurement's, not per event
        assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 100,000 book updates, orders and reports");
    }

    /** Book updates swinging around the average; each order is filled at once; the clock passes the cool-down. */
    private void cycle(int updates) {
        for (int i = 0; i < updates; i++) {
            clock.now += 100_000_000L;
            book(0, (i & 8) == 0 ? MID - 5 : MID + 5);
            if (gateway.inFlight != 0) {
                fill(gateway.inFlight, gateway.last.side(), gateway.last.priceScaled());
                gateway.inFlight = 0;
            }
        }
    }

    // ------------------------------------------------------------------ fakes

    /** Keeps the last request (the strategy's own, reused instance) and answers as told. Allocates nothing. */
    static final class FakeGateway implements OrderGateway {
        long nextId = 1;
        int submitted;
        OrderRequest last;
        long inFlight;
        RejectReason answer = RejectReason.NONE;

        @Override public long nextClientOrderId() { return nextId++; }

        @Override public RejectReason submit(OrderRequest request) {
            submitted++;
            last = request;
            if (answer == RejectReason.NONE) inFlight = request.clientOrderId();
            return answer;
        }

        @Override public RejectReason cancel(long clientOrderId) { return RejectReason.UNKNOWN_ORDER; }

        @Override public RejectReason replace(long orig, long next, long price, long quantity) { return RejectReason.UNKNOWN_ORDER; }

        @Override public long count(RejectReason reason) { return 0; }
    }

    static final class FakeSymbols implements SymbolRegistry {
        @Override public int register(SymbolInfo definition) { throw new UnsupportedOperationException(); }
        @Override public int[] registerAll(List<SymbolInfo> definitions) { throw new UnsupportedOperationException(); }
        @Override public SymbolInfo symbol(int id) { return id == 0 ? BTC : id == 1 ? ETH : null; }
        @Override public int resolve(CharSequence exchange, CharSequence symbol) {
            if (!"SIM".contentEquals(exchange)) return UNKNOWN;
            return "BTCUSDT".contentEquals(symbol) ? 0 : "ETHUSDT".contentEquals(symbol) ? 1 : UNKNOWN;
        }
        @Override public int size() { return 2; }
        @Override public List<SymbolInfo> symbols() { return List.of(BTC, ETH); }
    }

    static final class FakeClock implements NanoClock {
        long now = 1_000_000_000L;
        @Override public long nanoTime() { return now; }
        @Override public long epochNanos() { return now; }
    }

    @Test
    void shouldCarryItsPositionToTheNextVersionOnAHotSwap() {
        // build a long position: mid drops below the average, the strategy buys, the order fills
        warmUp();
        book(0, MID - 3);
        fill(gateway.last.clientOrderId(), Side.BUY, MID - 2);
        assertEquals(SIZE, strategy.position());
        strategy.stop();
        byte[] state = strategy.exportState();

        MeanReversionStrategy next = new MeanReversionStrategy(gateway, new FakeSymbols(), clock,
                new MeanReversionStrategy.Settings("SIM", "BTCUSDT", 7, "0.0002", WINDOW, 2, "0.0004", 100, 16));
        assertTrue(next.importState(new flox.api.plugin.HandoverState(7, strategy.stateFormat(), state, new long[0], "example 1.0.0")));
        assertEquals(SIZE, next.position(), "the position survives the swap, so max.position still holds");
        assertEquals(1, next.fills());
    }

    @Test
    void shouldNotCountAPartialFillTwiceAcrossAHotSwap() {
        warmUp();
        book(0, MID - 3);
        long id = gateway.last.clientOrderId();
        report.reset(ExecType.PARTIALLY_FILLED, id, 0, Side.BUY).order(MID - 2, SIZE).fill(MID - 2, SIZE / 2, SIZE / 2);
        strategy.onExecution(report);
        assertEquals(SIZE / 2, strategy.position());
        strategy.stop();
        byte[] state = strategy.exportState();

        MeanReversionStrategy next = new MeanReversionStrategy(gateway, new FakeSymbols(), clock,
                new MeanReversionStrategy.Settings("SIM", "BTCUSDT", 7, "0.0002", WINDOW, 2, "0.0004", 100, 16));
        assertTrue(next.importState(new flox.api.plugin.HandoverState(7, 1, state, new long[] {id}, "example 1.0.0")));
        report.reset(ExecType.FILLED, id, 0, Side.BUY).order(MID - 2, SIZE).fill(MID - 2, SIZE / 2, SIZE);
        next.onExecution(report);
        assertEquals(SIZE, next.position(), "the rest of the fill is added, the part counted before the swap is not added again");
        assertEquals(2, next.fills());
    }

    @Test
    void shouldRefuseAStateFormatItCannotRead() {
        MeanReversionStrategy next = new MeanReversionStrategy(gateway, new FakeSymbols(), clock,
                new MeanReversionStrategy.Settings("SIM", "BTCUSDT", 7, "0.0002", WINDOW, 2, "0.0004", 100, 16));
        assertEquals(false, next.importState(new flox.api.plugin.HandoverState(7, 99, new byte[3], new long[0], "example 9.0.0")));
        assertEquals(0, next.position());
    }
}
