package flox.strategy.samples.internal.strategy;

import static flox.strategy.samples.internal.TestSupport.book;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import flox.api.book.OrderBook;
import flox.api.event.ExecType;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.strategy.samples.internal.TestSupport;
import flox.strategy.samples.internal.TestSupport.FakeGateway;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import flox.strategy.samples.internal.TestSupport.Sent;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The momentum taker on synthetic ETHUSDT books (price scale 2, quantity scale 4): lookback 3
 * mid changes, threshold 5 bps, size 0.01 (100), holding 1000 ns.
 */
@Timeout(30)
class MomentumTakerTest {
    private static final int STRATEGY = 6;
    private final FakeGateway gateway = new FakeGateway();
    private final StrategyOrders orders = new StrategyOrders(gateway, new TickToTradeProbe(64), new ManualClock(), STRATEGY, 4);
    private final MomentumTaker taker = new MomentumTaker(orders, new MomentumTaker.Params(3, 500, 1_000_000L, 1_000, 0, 0));

    @BeforeEach
    void bind() {
        orders.symbolId(1);
        assertNull(taker.bindSymbol(TestSupport.ETH));
        assertEquals(100, taker.sizeScaled());
    }

    /** A book with its mid at {@code mid}, 0.10 wide. */
    private static OrderBook eth(long mid) {
        return book(1, mid - 10, 1_000, mid + 10, 1_000);
    }

    private void feed(long nowNs, long... mids) {
        for (long m : mids) taker.onBook(eth(m), nowNs, nowNs);
    }

    @Test
    void shouldBuyAtTheAskWhenTheMidRoseByTheThresholdOverTheLookback() {
        feed(1, 300_000, 300_050, 300_050, 300_100); // repeated mids are not changes
        assertEquals(0, gateway.sent.size(), "three changes seen so far: not enough history");
        feed(2, 300_140); // +140 over 3 changes: 4.67 bps
        assertEquals(0, gateway.sent.size());
        feed(3, 300_200); // vs 300050: +150 = 4.9991 bps
        assertEquals(0, gateway.sent.size());
        feed(4, 300_220); // vs 300100: +120
        assertEquals(0, gateway.sent.size());
        feed(5, 300_260); // vs 300140: +120
        assertEquals(0, gateway.sent.size());
        feed(6, 300_360); // vs 300200: +160 = 5.33 bps
        assertEquals(new Sent(1, 1, STRATEGY, Side.BUY, 300_370, 100, TimeInForce.FOK), gateway.last());
        assertEquals(1, gateway.sent.size());
    }

    @Test
    void shouldForgetTheMidHistoryWhenTheBookBecomesInvalid() {
        feed(1, 300_000, 300_050, 300_100);
        taker.onBookInvalid();
        feed(2, 300_200); // +200 over 3 changes if the history had survived the gap
        assertEquals(0, gateway.sent.size(), "mids across a gap are no move");
        feed(3, 300_210, 300_220, 300_360); // vs 300200: +160 over 3 changes after the gap
        assertEquals(1, gateway.sent.size());
    }

    @Test
    void shouldSellAtTheBidWhenTheMidFell() {
        feed(1, 300_000, 299_950, 299_900, 299_850);
        assertEquals(new Sent(1, 1, STRATEGY, Side.SELL, 299_840, 100, TimeInForce.FOK), gateway.last());
    }

    @Test
    void shouldHoldThenTakeThePositionOff() {
        feed(1, 300_000, 300_050, 300_100, 300_160);
        Sent entry = gateway.last();
        feed(2, 300_300);
        assertEquals(1, gateway.sent.size(), "one order at a time");
        orders.onExecution(ExecType.PARTIALLY_FILLED, entry.id(), 300_170, 60, 60);
        orders.onExecution(ExecType.EXPIRED, entry.id(), 0, 0, 60); // a remainder (a venue that fills FOK partly): held as it is
        assertEquals(60, orders.inventory());

        taker.onBook(eth(300_300), 10, 5_000); // holding starts now
        taker.onBook(eth(300_300), 11, 5_999);
        assertEquals(1, gateway.sent.size());
        taker.onBook(eth(300_320), 12, 6_000);
        assertEquals(new Sent(2, 1, STRATEGY, Side.SELL, 300_310, 60, TimeInForce.FOK), gateway.last());

        orders.onExecution(ExecType.FILLED, 2, 300_310, 60, 60);
        assertEquals(0, orders.inventory());
        feed(7_000, 300_330); // flat; the rise goes on (vs 300160): enter again
        Sent again = gateway.last();
        assertEquals(Side.BUY, again.side());
        orders.onExecution(ExecType.FILLED, again.id(), 300_340, 100, 100);
        taker.onBook(eth(300_330), 13, 8_000);
        taker.onBook(eth(300_330), 14, 8_999);
        assertEquals(3, gateway.sent.size(), "the holding time restarts with the new position");
        taker.onBook(eth(300_330), 15, 9_000);
        assertEquals(new Sent(4, 1, STRATEGY, Side.SELL, 300_320, 100, TimeInForce.FOK), gateway.last());
    }

    @Test
    void shouldRetryAnExitThatDidNotFill() {
        feed(1, 300_000, 299_950, 299_900, 299_850);
        orders.onExecution(ExecType.FILLED, 1, 299_840, 100, 100);
        taker.onBook(eth(299_850), 2, 10_000);
        taker.onBook(eth(299_850), 3, 11_000);
        Sent exit = gateway.last();
        assertEquals(new Sent(2, 1, STRATEGY, Side.BUY, 299_860, 100, TimeInForce.FOK), exit);
        orders.onExecution(ExecType.EXPIRED, exit.id(), 0, 0, 0);
        taker.onBook(eth(299_850), 4, 11_001);
        assertEquals(Side.BUY, gateway.last().side());
        assertEquals(3, gateway.last().id());
    }

    @Test
    void shouldPriceItsOrdersThroughTheTouchBySlippageTicks() {
        MomentumTaker slipping = new MomentumTaker(orders, new MomentumTaker.Params(3, 500, 1_000_000L, 1_000, 2, 0));
        assertNull(slipping.bindSymbol(TestSupport.ETH));
        for (long m : new long[] {300_000, 299_950, 299_900, 299_850}) slipping.onBook(eth(m), 1, 1);
        assertEquals(new Sent(1, 1, STRATEGY, Side.SELL, 299_838, 100, TimeInForce.FOK), gateway.last(), "best bid 2998.40 - 2 ticks");
    }
}
