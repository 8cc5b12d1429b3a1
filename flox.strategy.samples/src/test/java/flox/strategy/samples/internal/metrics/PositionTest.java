package flox.strategy.samples.internal.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.Side;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Average-cost PnL; amounts at price scale 2 and quantity scale 3, so 1 unit = 1000, 100.00 = 10000. */
@Timeout(30)
class PositionTest {
    private static final int PS = 2;
    private static final int QS = 3;

    private static long px(long whole) { return whole * 100; }
    private static long qty(long whole) { return whole * 1000; }

    private final Position position = new Position(7, 0, PS, QS);
    private final PositionView view = new PositionView();

    private PositionView read(long markWhole) {
        position.read(view, markWhole == Long.MIN_VALUE ? PositionView.NO_MARK : px(markWhole));
        return view;
    }

    /**
     * By hand: buy 2 @ 100 and 2 @ 110: 4 @ 105. Sell 3 @ 120: realised 3 x (120 - 105) = 45;
     * 1 @ 105 left, marked at 100: unrealised -5. Sell 2 @ 90: closes 1 (realised -15, total 30)
     * and opens a short of 1 @ 90; marked at 95: unrealised -5. Buy 1 @ 80: realised +10, total
     * 40, flat: 40 = sells (360 + 180) - buys (200 + 220 + 80).
     */
    @Test
    void shouldComputeRealisedAndUnrealisedPnlOnAHandComputableScenario() {
        position.applyFill(Side.BUY, px(100), qty(2));
        position.applyFill(Side.BUY, px(110), qty(2));
        read(110);
        assertEquals(qty(4), view.positionScaled);
        assertEquals(px(105), view.averagePriceScaled);
        assertEquals(0, view.realisedScaled);
        assertEquals(px(20), view.unrealisedScaled, "4 x (110 - 105)");

        position.applyFill(Side.SELL, px(120), qty(3));
        read(100);
        assertEquals(qty(1), view.positionScaled);
        assertEquals(px(105), view.averagePriceScaled);
        assertEquals(px(45), view.realisedScaled);
        assertEquals(px(-5), view.unrealisedScaled);

        position.applyFill(Side.SELL, px(90), qty(2));
        read(95);
        assertEquals(qty(-1), view.positionScaled);
        assertEquals(px(90), view.averagePriceScaled);
        assertEquals(px(30), view.realisedScaled);
        assertEquals(px(-5), view.unrealisedScaled, "short 1 from 90, marked at 95");

        position.applyFill(Side.BUY, px(80), qty(1));
        read(95);
        assertEquals(0, view.positionScaled);
        assertEquals(px(40), view.realisedScaled);
        assertEquals(0, view.unrealisedScaled);
        assertEquals(5, view.fills);
        assertEquals(qty(5), view.boughtScaled);
        assertEquals(qty(5), view.soldScaled);
        assertFalse(view.overflowed);
    }

    @Test
    void shouldShowNoUnrealisedPnlWithoutAMark() {
        position.applyFill(Side.SELL, px(50), qty(2));
        read(Long.MIN_VALUE);
        assertEquals(qty(-2), view.positionScaled);
        assertEquals(px(50), view.averagePriceScaled);
        assertEquals(0, view.unrealisedScaled);
        assertEquals(PositionView.NO_MARK, view.markScaled);
    }

    @Test
    void shouldRealiseExactlySellsMinusBuysOnceFlatWhateverTheRounding() {
        SplittableRandom random = new SplittableRandom(7);
        Position p = new Position(1, 0, 2, 5);
        long cash = 0; // at scale 2 + 5
        long pos = 0;
        for (int i = 0; i < 10_000; i++) {
            Side side = random.nextBoolean() ? Side.BUY : Side.SELL;
            long price = 6_000_000 + random.nextInt(-50_000, 50_000); // ~60000.00, odd cents
            long q = 1 + random.nextInt(3_333); // odd lots: shares of the cost do not divide evenly
            p.applyFill(side, price, q);
            cash += side == Side.SELL ? price * q : -price * q;
            pos += side.sign() * q;
        }
        p.applyFill(pos > 0 ? Side.SELL : Side.BUY, 6_000_000, Math.abs(pos)); // flatten at 60000.00
        cash += pos > 0 ? 6_000_000 * pos : -6_000_000 * -pos;
        PositionView v = new PositionView();
        p.read(v, PositionView.NO_MARK);
        assertEquals(0, v.positionScaled);
        assertEquals(Math.floorDiv(cash, 100_000L), v.realisedScaled, "realised must be sells - buys (at price scale, rounded down)");
    }

    @Test
    void shouldFlagAFillWhoseNotionalDoesNotFitInALong() {
        position.applyFill(Side.BUY, Long.MAX_VALUE / 2, 4);
        read(Long.MIN_VALUE);
        assertTrue(view.overflowed);
        assertEquals(0, view.positionScaled, "the fill is left out");
        assertEquals(1, view.fills);
    }

    @Test
    void shouldNeverShowAReaderAHalfAppliedFill() throws Exception {
        // the writer keeps position x average price at exactly 100.00 per unit; a torn read would show another average
        Position p = new Position(1, 0, PS, QS);
        Thread writer = new Thread(() -> {
            for (int i = 0; i < 2_000_000; i++) p.applyFill(i % 2 == 0 ? Side.BUY : Side.SELL, px(100), qty(1 + i % 5));
        });
        writer.start();
        PositionView v = new PositionView();
        long reads = 0;
        while (writer.isAlive()) {
            p.read(v, PositionView.NO_MARK);
            if (v.positionScaled != 0) assertEquals(px(100), v.averagePriceScaled, "torn read");
            assertEquals(0, v.realisedScaled, "buying and selling at one price realises nothing");
            reads++;
        }
        writer.join();
        assertTrue(reads > 0);
    }
}
