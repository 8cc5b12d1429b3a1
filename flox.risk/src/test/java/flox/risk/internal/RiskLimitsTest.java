package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Each limit through the host's real gateway: refused with a reason, tracked, published, counted. */
@Timeout(30)
class RiskLimitsTest {
    static final long PX = 6_000_000;       // 60000.00 at price scale 2
    static final long ONE_BTC = 100_000;    // 1 at quantity scale 5
    static final long ONE_ETH = 10_000;     // 1 at quantity scale 4

    @Test
    void shouldRefuseAnOrderAboveTheMaxQuantityWithTheReasonVisibleEverywhere() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "2"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 2 * ONE_BTC), "at the limit");
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 2 * ONE_BTC + 1));
        long refused = f.lastId();
        assertTrue(f.tracker.read(refused, f.state));
        assertEquals(OrderStatus.REJECTED, f.state.status());
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.state.lastReason());
        assertEquals(List.of("REJECTED " + refused + " MAX_ORDER_QUANTITY"), f.published, "the strategy sees the refusal on the execution bus");
        assertEquals(1, f.gateway.count(RejectReason.MAX_ORDER_QUANTITY));
        assertEquals(1, f.engine.counted(RiskCounter.MAX_ORDER_QUANTITY));
        assertEquals(List.of(1L), f.exchange.submitted, "the exchange never saw the refused order");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.eth, Side.BUY, PX, 2 * ONE_ETH), "in base units of each symbol");
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.eth, Side.BUY, PX, 2 * ONE_ETH + 1));
    }

    @Test
    void shouldApplyPerSymbolOverridesOfTheGlobalLimits() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "2", "max.order.quantity.per.symbol", "SIM:ETHUSDT=0.5, OTHER:XYZ=7"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.eth, Side.SELL, PX, ONE_ETH / 2));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.eth, Side.SELL, PX, ONE_ETH / 2 + 1));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, PX, 2 * ONE_BTC), "the global limit elsewhere");
    }

    @Test
    void shouldRoundALimitFinerThanTheSymbolsLotDown() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "0.000019"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "0.00001 is within 0.000019");
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 2), "0.00002 is not");
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.eth, Side.BUY, PX, 1), "at scale 4 the limit is 0: nothing passes");
    }

    @Test
    void shouldRefuseAnOrderAboveTheMaxNotionalInFixedPoint() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.notional", "1000"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, 5_000_000, 2_000), "50000.00 x 0.02 = 1000 exactly");
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, f.submit(STRATEGY, f.btc, Side.BUY, 5_000_001, 2_000), "50000.01 x 0.02 = 1000.0002");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, PX, 1_666), "60000 x 0.01666 = 999.6");
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, f.submit(STRATEGY, f.btc, Side.SELL, PX, 1_667), "60000 x 0.01667 = 1000.2");
        assertEquals(2, f.engine.counted(RiskCounter.MAX_ORDER_NOTIONAL));
    }

    @Test
    void shouldCompareNotionalsBeyondSixtyFourBitsExactly() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.notional", "90000000000000000"));   // 9e16 quote units
        // price 9e14 (scale 2: 9e16 scaled) x quantity 100 (scale 5: 1e7 scaled): the scaled product 9e23 overflows a long
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, 90_000_000_000_000_000L, 10_000_000), "exactly 9e16");
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, f.submit(STRATEGY, f.btc, Side.BUY, 90_000_000_000_000_000L, 10_000_001));
    }

    @Test
    void shouldPriceMarketOrdersAtTheMidAndLetThemThroughWithoutOneUnlessConfigured() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.notional", "1000"));
        assertEquals(RejectReason.NONE, f.submitMarket(STRATEGY, f.btc, Side.BUY, ONE_BTC), "no mid: not priced, let through");
        assertEquals(1, f.engine.counted(RiskCounter.MARKET_WITHOUT_REFERENCE_LET_THROUGH));
        f.book(f.btc, 5_999_900, 6_000_100);
        assertEquals(6_000_000, f.engine.mid(f.btc));
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, f.submitMarket(STRATEGY, f.btc, Side.BUY, ONE_BTC), "60000 x 1 > 1000");
        assertEquals(RejectReason.NONE, f.submitMarket(STRATEGY, f.btc, Side.SELL, 1_666));

        RiskFixture strict = new RiskFixture(only("max.order.notional", "1000", "refuse.market.without.reference", "true"));
        assertEquals(RejectReason.RISK_LIMIT, strict.submitMarket(STRATEGY, strict.btc, Side.BUY, 1));
        assertEquals(1, strict.engine.counted(RiskCounter.MARKET_WITHOUT_REFERENCE));
        assertEquals(RejectReason.NONE, strict.submit(STRATEGY, strict.btc, Side.BUY, PX, 1), "limit orders are priced by their limit");
    }

    @Test
    void shouldRefuseLimitPricesOutsideTheBandAroundTheMid() throws Exception {
        RiskFixture f = new RiskFixture(only("price.band.bps", "100"));
        f.book(f.btc, 5_999_000, 6_001_000);  // mid 60000.00
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, 6_060_000, 1), "+1% exactly");
        assertEquals(RejectReason.PRICE_BAND, f.submit(STRATEGY, f.btc, Side.BUY, 6_060_001, 1));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, 5_940_000, 1), "-1% exactly");
        assertEquals(RejectReason.PRICE_BAND, f.submit(STRATEGY, f.btc, Side.SELL, 5_939_999, 1));
        assertEquals(2, f.engine.counted(RiskCounter.PRICE_BAND));

        // the mid follows the book: a delta that moves the best ask
        f.book.reset(f.btc, BookUpdate.Type.DELTA);
        f.book.addAsk(6_001_000, 0);
        f.book.addAsk(6_201_000, 5);
        f.engine.onBookUpdate(f.book);
        assertEquals(6_100_000, f.engine.mid(f.btc));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, 6_161_000, 1), "+1% of the new mid");

        // no mid: a symbol without a book, or a book with one side empty
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.eth, Side.BUY, 1, 1), "no reference price: let through");
        f.book(f.btc, 5_999_000, 0);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, 1, 1));
        assertEquals(2, f.engine.counted(RiskCounter.LIMIT_WITHOUT_REFERENCE));
    }

    @Test
    void shouldRefuseOrdersThatWouldTakeThePositionBeyondTheMaxButLetReducingOnesThrough() throws Exception {
        RiskFixture f = new RiskFixture(only("max.position", "1"));
        f.filled(STRATEGY, f.btc, Side.BUY, PX, 60_000);
        assertEquals(60_000, f.engine.position(STRATEGY, f.btc));
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, f.btc, Side.BUY, PX, 40_001), "0.6 + 0.40001 > 1");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 40_000), "0.6 + 0.4 = 1");
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, f.btc, Side.SELL, PX, 160_001), "0.6 - 1.60001 < -1");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, PX, 160_000), "0.6 - 1.6 = -1");
        long sell = f.lastId();
        assertEquals(RejectReason.NONE, f.submit(8, f.btc, Side.BUY, PX, ONE_BTC), "per strategy");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.eth, Side.BUY, PX, ONE_ETH), "per symbol");
        assertEquals(2, f.engine.counted(RiskCounter.MAX_POSITION));

        f.ack(sell);
        f.fill(sell, PX, 160_000, 160_000);
        assertEquals(-100_000, f.engine.position(STRATEGY, f.btc), "sells count negative");
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, f.btc, Side.SELL, PX, 1), "at -max: no more short");
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, f.btc, Side.BUY, PX, 200_001), "-1 + 2.00001 > 1");
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 200_000), "reducing, even flipping to +1, passes");

        f.engine.configure(RiskFixture.settings(only("max.position", "0.5")));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 10_000), "beyond a lowered max: reducing passes");
        assertEquals(RejectReason.MAX_POSITION, f.submit(STRATEGY, f.btc, Side.SELL, PX, 1), "increasing does not");
    }

    @Test
    void shouldCountEachFillOnceFromTheCumulativeQuantity() throws Exception {
        RiskFixture f = new RiskFixture(only("max.position", "10"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 50_000));
        long id = f.lastId();
        f.ack(id);
        f.fill(id, PX, 20_000, 20_000);
        f.engine.onExecution(f.report);               // the same report again (a venue repeat)
        assertEquals(20_000, f.engine.position(STRATEGY, f.btc));
        f.fill(id, PX, 30_000, 50_000);
        assertEquals(50_000, f.engine.position(STRATEGY, f.btc));
        f.engine.onExecution(f.report);               // the last report again, after the order ended
        assertEquals(50_000, f.engine.position(STRATEGY, f.btc));
        assertEquals(2, f.engine.counted(RiskCounter.REPEATED_FILL));
    }

    @Test
    void shouldCarryTheFilledQuantityOverAReplace() throws Exception {
        RiskFixture f = new RiskFixture(only("max.position", "10"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, PX, 50_000));
        long orig = f.lastId();
        f.ack(orig);
        f.fill(orig, PX, 20_000, 20_000);
        long next = f.gateway.nextClientOrderId();
        assertEquals(RejectReason.NONE, f.gateway.replace(orig, next, PX - 100, 80_000));
        f.execution(f.report.reset(ExecType.REPLACED, next, f.btc, Side.SELL).origClientOrderId(orig).order(PX - 100, 80_000).execId(9));
        f.fill(next, PX - 100, 60_000, 80_000);       // cumulative over the replace, as the tracker counts it
        assertEquals(-80_000, f.engine.position(STRATEGY, f.btc));
    }

    @Test
    void shouldCheckAReplaceWithItsNewPriceAndQuantity() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "1", "price.band.bps", "100"));
        f.book(f.btc, 5_999_000, 6_001_000);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, ONE_BTC));
        long orig = f.lastId();
        f.ack(orig);
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.gateway.replace(orig, f.gateway.nextClientOrderId(), PX, ONE_BTC + 1));
        assertEquals(RejectReason.PRICE_BAND, f.gateway.replace(orig, f.gateway.nextClientOrderId(), 7_000_000, ONE_BTC));
        assertEquals(RejectReason.NONE, f.gateway.replace(orig, f.gateway.nextClientOrderId(), PX + 100, ONE_BTC));
    }

    @Test
    void shouldLimitTheOrderRatePerStrategyWithABurstAndSteadyRefill() throws Exception {
        RiskFixture f = new RiskFixture(only("order.rate.per.second", "10", "order.rate.burst", "3"));
        for (int i = 0; i < 3; i++) assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "burst " + i);
        assertEquals(RejectReason.RATE_LIMIT, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.NONE, f.submit(8, f.btc, Side.BUY, PX, 1), "another strategy has its own bucket");
        f.clock.advanceMs(99);
        assertEquals(RejectReason.RATE_LIMIT, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "one token per 100 ms");
        f.clock.advanceMs(1);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.RATE_LIMIT, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        f.clock.advanceMs(10_000);
        for (int i = 0; i < 3; i++) assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "idle: the burst again");
        assertEquals(RejectReason.RATE_LIMIT, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "but never more than the burst");
        assertEquals(4, f.engine.counted(RiskCounter.ORDER_RATE));
        assertEquals(4, f.gateway.count(RejectReason.RATE_LIMIT));
    }

    @Test
    void shouldShareOneBucketBetweenStrategyIdsBeyondThePreallocatedOnes() throws Exception {
        RiskFixture f = new RiskFixture(only("order.rate.per.second", "1", "order.rate.burst", "2"));
        assertEquals(RejectReason.NONE, f.submit(OrderRateLimiter.BUCKETS - 1, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.NONE, f.submit(OrderRateLimiter.BUCKETS - 1, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.NONE, f.submit(OrderRateLimiter.BUCKETS, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.NONE, f.submit(1_000_000, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.RATE_LIMIT, f.submit(-5, f.btc, Side.BUY, PX, 1), "4096, 1000000 and -5 share a bucket");
    }

    @Test
    void shouldGiveOutExactlyTheBurstToManyThreadsAtOnce() throws Exception {
        OrderRateLimiter limiter = new OrderRateLimiter(1, 1000);
        int threads = 4;
        int[] passed = new int[threads];
        Thread[] ts = new Thread[threads];
        for (int t = 0; t < threads; t++) {
            int me = t;
            ts[t] = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) if (limiter.tryAcquire(3, 42)) passed[me]++;
            });
        }
        for (Thread t : ts) t.start();
        for (Thread t : ts) t.join();
        int total = 0;
        for (int p : passed) total += p;
        assertEquals(1000, total, "one CAS per token: none lost, none twice");
        assertEquals(1000, limiter.passed(3));
        assertEquals(39_000, limiter.refused(3));
    }

    @Test
    void shouldCountOrdersPerStrategyInTheLastSecond() {
        OrderRateLimiter limiter = new OrderRateLimiter(0, 1);
        long t0 = 5_000_000_000L;
        for (int i = 0; i < 7; i++) limiter.tryAcquire(2, t0 + i);
        assertEquals(7, limiter.thisSecond(2, t0 + 10));
        assertEquals(0, limiter.lastSecond(2, t0 + 10));
        limiter.tryAcquire(2, t0 + 1_000_000_000L);
        assertEquals(1, limiter.thisSecond(2, t0 + 1_000_000_000L));
        assertEquals(7, limiter.lastSecond(2, t0 + 1_000_000_000L));
        assertEquals(1, limiter.lastSecond(2, t0 + 2_000_000_000L));
        assertEquals(0, limiter.lastSecond(2, t0 + 3_000_000_000L));
        assertEquals(-1, limiter.tokens(2, t0), "unlimited");
    }

    @Test
    void shouldCheckKillSwitchFirstAndLimitsInOrder() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "1", "order.rate.per.second", "1", "order.rate.burst", "1"));
        assertEquals(RejectReason.MAX_ORDER_QUANTITY, f.submit(STRATEGY, f.btc, Side.BUY, PX, 2 * ONE_BTC));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1), "a refused order took no token");
        f.engine.engageKillSwitch("test");
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 2 * ONE_BTC));
        assertEquals(1, f.engine.counted(RiskCounter.MAX_ORDER_QUANTITY));
    }

    @Test
    void shouldNotCheckStopOrdersAgainstTheBandButPriceThemAtTheirStop() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.notional", "1000", "price.band.bps", "10"));
        f.book(f.btc, 5_999_000, 6_001_000);
        f.request.limit(f.gateway.nextClientOrderId(), f.btc, Side.SELL, 0, 2_000, TimeInForce.GTC).strategyId(STRATEGY)
                .orderType(OrderType.STOP).stopPriceScaled(4_000_000);
        assertEquals(RejectReason.NONE, f.gateway.submit(f.request), "40000 x 0.02 = 800; the stop is far from the mid");
        f.request.clientOrderId(f.gateway.nextClientOrderId()).stopPriceScaled(6_000_000);
        assertEquals(RejectReason.MAX_ORDER_NOTIONAL, f.gateway.submit(f.request), "60000 x 0.02 = 1200");
    }
}
