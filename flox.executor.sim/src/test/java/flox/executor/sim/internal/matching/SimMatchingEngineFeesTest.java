package flox.executor.sim.internal.matching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a sim fill says beyond price and quantity: maker or taker, the fee charged, what is left. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SimMatchingEngineFeesTest {
    /** BTCUSDT-like: prices at scale 2, quantities at scale 5. */
    static SymbolInfo btc() {
        return SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).minNotionalScaled(1).build().withSymbolId(Venue.SYMBOL_ID);
    }

    @Test
    void shouldChargeTheTakerRateOnTakingFillsTheMakerRateOnRestingOnesAndReportWhatIsLeft() {
        Venue v = new Venue(btc(), 64, 16);
        v.engine.fees(100, 1_000); // maker 1 bp, taker 10 bps
        v.snapshot(new long[] {6_000_000, 100_000}, new long[] {6_000_100, 50_000}); // bid 60000.00 x 1, ask 60001.00 x 0.5
        List<ExecutionEvent> r = v.buy(1, 6_000_100, 80_000); // takes 0.5 at 60001.00, rests 0.3
        assertEquals(ExecType.ACCEPTED, r.get(0).execType());
        assertEquals(80_000, r.get(0).leavesQuantityScaled(), "nothing filled yet");
        ExecutionEvent take = r.get(1);
        assertEquals(ExecType.PARTIALLY_FILLED, take.execType());
        assertEquals(Liquidity.TAKER, take.liquidity());
        assertEquals(3_001, take.feeScaled(), "60001.00 x 0.5 x 10 bps = 30.0005, rounded up to 30.01 at the price scale");
        assertEquals(2, take.feeScale());
        assertNull(take.feeAsset(), "the quote currency");
        assertEquals(30_000, take.leavesQuantityScaled());

        List<ExecutionEvent> rest = v.trade(6_000_100, 30_000, Side.SELL); // a seller hits the resting bid at 60001.00
        ExecutionEvent made = rest.get(rest.size() - 1);
        assertEquals(ExecType.FILLED, made.execType());
        assertEquals(Liquidity.MAKER, made.liquidity());
        assertEquals(181, made.feeScaled(), "60001.00 x 0.3 x 1 bp = 1.80003, rounded up to 1.81");
        assertEquals(0, made.leavesQuantityScaled());
    }

    @Test
    void shouldChargeNothingWithoutAFeeSchedule() {
        Venue v = new Venue(btc(), 64, 16);
        v.snapshot(new long[] {6_000_000, 100_000}, new long[] {6_000_100, 50_000});
        ExecutionEvent take = v.buy(1, 6_000_100, 50_000).get(1);
        assertEquals(ExecType.FILLED, take.execType());
        assertEquals(0, take.feeScaled());
        assertEquals(Liquidity.TAKER, take.liquidity());
    }
}
