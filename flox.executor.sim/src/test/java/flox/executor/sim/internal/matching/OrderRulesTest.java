package flox.executor.sim.internal.matching;

import static flox.executor.sim.internal.matching.Venue.assertReport;
import static flox.executor.sim.internal.matching.Venue.assertTypes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.symbol.SymbolInfo;
import java.math.BigInteger;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tick, lot, minimum quantity and minimum notional, in the rules and as the engine's rejects. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class OrderRulesTest {
    /** BTCUSDT-like: price scale 2, tick 0.01; quantity scale 8, lot 0.00001, min 0.0001; min notional 5.00. */
    private static final SymbolInfo BTC = SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(8)
            .tickSizeScaled(1).lotSizeScaled(1_000).minQuantityScaled(10_000).minNotionalScaled(500).build().withSymbolId(Venue.SYMBOL_ID);
    private final OrderRules btc = new OrderRules(BTC);

    @Test
    void shouldRefuseAboveTheVenuesMaximumsAndWhenTheSymbolIsNotTradable() {
        // max 9000 BTC and 1,000,000.00 USDT of notional
        OrderRules capped = new OrderRules(BTC.toBuilder().maxQuantityScaled(900_000_000_000L).maxNotionalScaled(100_000_000L).build().withSymbolId(Venue.SYMBOL_ID));
        assertEquals(RejectReason.NONE, capped.checkQuantity(900_000_000_000L), "at the maximum");
        assertEquals(RejectReason.ABOVE_MAX_QUANTITY, capped.checkQuantity(900_000_001_000L));
        assertEquals(RejectReason.NONE, capped.checkLimit(10_000_000, 1_000_000_000L), "100000.00 x 10 = 1,000,000.00: at the maximum");
        assertEquals(RejectReason.ABOVE_MAX_NOTIONAL, capped.checkLimit(10_000_001, 1_000_000_000L));
        assertEquals(RejectReason.NONE, btc.checkLimit(10_000_001, 1_000_000_000L), "no maximum set");
        OrderRules halted = new OrderRules(BTC.toBuilder().tradable(false).build().withSymbolId(Venue.SYMBOL_ID));
        assertEquals(RejectReason.SYMBOL_NOT_TRADABLE, halted.checkLimit(6_000_000, 10_000));
    }

    private static OrderRules rules(int priceScale, int qtyScale, long tick, long lot, long minQty, long minNotional) {
        return new OrderRules(SymbolInfo.builder("SIM", "X").priceScale(priceScale).quantityScale(qtyScale).tickSizeScaled(tick)
                .lotSizeScaled(lot).minQuantityScaled(minQty).minNotionalScaled(minNotional).build());
    }

    @Test
    void shouldRefusePricesOffTheTickOrNotPositive() {
        OrderRules r = rules(2, 0, 5, 1, 0, 0);
        assertEquals(RejectReason.NONE, r.checkPrice(10_005));
        assertEquals(RejectReason.INVALID_PRICE, r.checkPrice(10_003));
        assertEquals(RejectReason.INVALID_PRICE, r.checkPrice(0));
        assertEquals(RejectReason.INVALID_PRICE, r.checkPrice(-5));
    }

    @Test
    void shouldRefuseQuantitiesOffTheLotNotPositiveOrBelowTheMinimum() {
        assertEquals(RejectReason.NONE, btc.checkQuantity(10_000));
        assertEquals(RejectReason.INVALID_QUANTITY, btc.checkQuantity(10_500));
        assertEquals(RejectReason.INVALID_QUANTITY, btc.checkQuantity(0));
        assertEquals(RejectReason.INVALID_QUANTITY, btc.checkQuantity(-1_000));
        assertEquals(RejectReason.BELOW_MIN_QUANTITY, btc.checkQuantity(9_000));
    }

    @Test
    void shouldCompareTheNotionalAtTheCombinedScale() {
        // 50,000.00 x 0.0001 = 5.00: exactly the minimum
        assertFalse(btc.isBelowMinNotional(5_000_000, 10_000));
        assertTrue(btc.isBelowMinNotional(4_999_999, 10_000));
        assertEquals(RejectReason.BELOW_MIN_NOTIONAL, btc.checkLimit(4_999_999, 10_000));
        assertEquals(RejectReason.NONE, btc.checkLimit(5_000_000, 10_000));
        assertFalse(rules(2, 8, 1, 1, 0, 0).isBelowMinNotional(1, 1), "no minimum: nothing is below");
    }

    @Test
    void shouldCheckPriceThenQuantityThenNotional() {
        assertEquals(RejectReason.INVALID_PRICE, rules(2, 0, 5, 1, 0, 1_000_000).checkLimit(3, 0));
        assertEquals(RejectReason.INVALID_QUANTITY, rules(2, 0, 5, 1, 0, 1_000_000).checkLimit(5, 0));
        assertEquals(RejectReason.BELOW_MIN_QUANTITY, rules(2, 0, 5, 1, 2, 1_000_000).checkLimit(5, 1));
        assertEquals(RejectReason.BELOW_MIN_NOTIONAL, rules(2, 0, 5, 1, 2, 1_000_000).checkLimit(5, 2));
    }

    @Test
    void shouldNotBeFooledByProductsBeyond64Bits() {
        OrderRules r = rules(8, 8, 1, 1, 0, 100_000_000); // min notional 1.00
        // 2^40 x 2^30 = 2^70: the low 64 bits are 0, a long product would say "below"
        assertFalse(r.isBelowMinNotional(1L << 40, 1L << 30));
        // the minimum itself overflows at the combined scale: 10,000.00000000 x 10^8 = 10^20
        OrderRules big = rules(8, 8, 1, 1, 0, 1_000_000_000_000L);
        assertFalse(big.isBelowMinNotional(10_000_000_000L, 10_000_000_000L)); // 100 x 100 = 10,000
        assertTrue(big.isBelowMinNotional(10_000_000_000L, 9_999_999_999L));
        assertFalse(big.isBelowMinNotional(Long.MAX_VALUE, Long.MAX_VALUE));
    }

    @Test
    void shouldAgreeWithBigIntegerOnRandomValues() {
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 100_000; i++) {
            int ps = rnd.nextInt(19);
            int qs = rnd.nextInt(19);
            long min = rnd.nextLong(Long.MAX_VALUE);
            long price = rnd.nextBoolean() ? rnd.nextLong(Long.MAX_VALUE) : rnd.nextLong(1_000_000_000L);
            long qty = rnd.nextBoolean() ? rnd.nextLong(Long.MAX_VALUE) : rnd.nextLong(1_000_000_000L);
            OrderRules r = rules(ps, qs, 1, 1, 0, min);
            boolean expected = BigInteger.valueOf(price).multiply(BigInteger.valueOf(qty))
                    .compareTo(BigInteger.valueOf(min).multiply(BigInteger.TEN.pow(qs))) < 0;
            assertEquals(expected, r.isBelowMinNotional(price, qty), "price " + price + " qty " + qty + " min " + min + " qs " + qs);
        }
    }

    // ------------------------------------------------------------------ as the engine applies them

    @Test
    void shouldRejectNewOrdersThatBreakTheRulesWithTheReason() {
        Venue v = new Venue(BTC, 16, 8);
        v.snapshot(new long[] {5_000_000, 100_000_000}, new long[] {5_000_100, 100_000_000});
        assertRejected(v.limit(1, Side.BUY, 0, 10_000, TimeInForce.GTC), 1, RejectReason.INVALID_PRICE);
        assertRejected(v.limit(2, Side.BUY, 5_000_000, 10_500, TimeInForce.GTC), 2, RejectReason.INVALID_QUANTITY);
        assertRejected(v.limit(3, Side.BUY, 5_000_000, 9_000, TimeInForce.GTC), 3, RejectReason.BELOW_MIN_QUANTITY);
        assertRejected(v.limit(4, Side.BUY, 4_999_999, 10_000, TimeInForce.IOC), 4, RejectReason.BELOW_MIN_NOTIONAL);
        assertTypes(v.limit(5, Side.BUY, 5_000_000, 10_000, TimeInForce.GTC), ExecType.ACCEPTED);
        assertEquals(1, v.engine.restingOrderCount());
        assertEquals(0, v.engine.takenAt(Side.SELL, 5_000_100));
    }

    @Test
    void shouldCheckAMarketOrdersNotionalAtTheBestOppositePrice() {
        Venue v = new Venue(BTC, 16, 8);
        v.snapshot(new long[] {4_000_000, 100_000_000}, new long[] {5_000_000, 100_000_000});
        assertRejected(v.market(1, Side.SELL, 12_000), 1, RejectReason.BELOW_MIN_NOTIONAL); // 40,000 x 0.00012 = 4.80
        assertTypes(v.market(2, Side.BUY, 10_000), ExecType.ACCEPTED, ExecType.FILLED); // 50,000 x 0.0001 = 5.00
        assertRejected(v.market(3, Side.BUY, 10_500), 3, RejectReason.INVALID_QUANTITY);
    }

    @Test
    void shouldRejectADuplicateIdOfAnOpenOrderAndLeaveTheOpenOrderAlone() {
        Venue v = new Venue();
        v.buy(1, 100, 5);
        assertRejected(v.buy(1, 101, 5), 1, RejectReason.DUPLICATE_ORDER_ID);
        assertEquals(1, v.engine.restingOrderCount());
        assertTypes(v.cancel(1), ExecType.CANCELED);
    }

    @Test
    void shouldRejectUnsupportedOrIncompleteOrders() {
        Venue v = new Venue();
        v.engine.submit(1, Side.BUY, OrderType.STOP_LIMIT, TimeInForce.GTC, 100, 1);
        assertRejected(v.sink.drain(), 1, RejectReason.OTHER);
        v.engine.submit(2, null, OrderType.LIMIT, TimeInForce.GTC, 100, 1);
        assertRejected(v.sink.drain(), 2, RejectReason.OTHER);
        v.engine.submit(3, Side.BUY, OrderType.MARKET, TimeInForce.POST_ONLY, 0, 1);
        assertRejected(v.sink.drain(), 3, RejectReason.OTHER);
    }

    @Test
    void shouldRejectARequestForAnotherSymbol() {
        Venue v = new Venue();
        v.engine.submit(new OrderRequest().limit(1, Venue.SYMBOL_ID + 1, Side.BUY, 100, 1, TimeInForce.GTC));
        assertRejected(v.sink.drain(), 1, RejectReason.UNKNOWN_SYMBOL);
        v.engine.submit(new OrderRequest().limit(2, Venue.SYMBOL_ID, Side.BUY, 100, 1, TimeInForce.GTC));
        assertTypes(v.sink.drain(), ExecType.ACCEPTED);
    }

    @Test
    void shouldRejectWhenTheVenueHoldsNoMoreOrdersAndRecoverOnceOneGoes() {
        Venue v = new Venue(Venue.plainSymbol(), 2, 4);
        v.buy(1, 100, 1);
        v.buy(2, 100, 1);
        assertRejected(v.buy(3, 100, 1), 3, RejectReason.OTHER);
        v.cancel(1);
        assertTypes(v.buy(3, 100, 1), ExecType.ACCEPTED);
    }

    private static void assertRejected(List<ExecutionEvent> r, long id, RejectReason reason) {
        assertTypes(r, ExecType.REJECTED);
        assertReport(r.get(0), ExecType.REJECTED, id, 0, reason);
        assertTrue(r.get(0).text().length() > 0);
        assertEquals(0, r.get(0).exchangeOrderId());
        assertTrue(r.get(0).execId() > 0);
    }
}
