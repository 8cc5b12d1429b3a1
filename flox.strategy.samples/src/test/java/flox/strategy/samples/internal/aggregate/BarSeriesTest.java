package flox.strategy.samples.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class BarSeriesTest {
    private static final long SECOND = 1_000_000_000L;

    private static BarSeries.Bar[] bars(int n) {
        BarSeries.Bar[] b = new BarSeries.Bar[n];
        for (int i = 0; i < n; i++) b[i] = new BarSeries.Bar();
        return b;
    }

    private static void assertBar(BarSeries.Bar b, long start, long end, long o, long h, long l, long c, long v, long trades) {
        assertEquals(start, b.startNs, "start");
        assertEquals(end, b.endNs, "end");
        assertEquals(o, b.open, "open");
        assertEquals(h, b.high, "high");
        assertEquals(l, b.low, "low");
        assertEquals(c, b.close, "close");
        assertEquals(v, b.volume, "volume");
        assertEquals(trades, b.trades, "trades");
    }

    @Test
    void shouldCutTimeBarsOnIntervalBoundaries() {
        BarSeries s = new BarSeries(0, BarSeries.Kind.TIME, SECOND, 0, 10);
        long t0 = 1_700_000_000L * SECOND; // a whole second
        s.onTrade(t0 + 100, 1000, 5);
        s.onTrade(t0 + 200, 1010, 1);
        s.onTrade(t0 + 300, 990, 2);
        s.onTrade(t0 + SECOND - 1, 1005, 3);
        s.onTrade(t0 + SECOND, 1020, 4); // the next second: closes the first bar
        s.onTrade(t0 + 3 * SECOND + 5, 1030, 1); // a second without trades makes no bar
        BarSeries.Bar[] out = bars(10);
        BarSeries.Bar current = new BarSeries.Bar();
        assertEquals(2, s.read(out, current));
        assertBar(out[0], t0, t0 + SECOND, 1000, 1010, 990, 1005, 11, 4);
        assertBar(out[1], t0 + SECOND, t0 + 2 * SECOND, 1020, 1020, 1020, 1020, 4, 1);
        assertBar(current, t0 + 3 * SECOND, t0 + 4 * SECOND, 1030, 1030, 1030, 1030, 1, 1);
    }

    @Test
    void shouldAddALateTradeToTheBarInProgress() {
        BarSeries s = new BarSeries(0, BarSeries.Kind.TIME, SECOND, 0, 10);
        s.onTrade(5 * SECOND, 100, 1);
        s.onTrade(4 * SECOND, 90, 1); // out of order
        BarSeries.Bar current = new BarSeries.Bar();
        assertEquals(0, s.read(bars(1), current));
        assertBar(current, 5 * SECOND, 6 * SECOND, 100, 100, 90, 90, 2, 2);
    }

    @Test
    void shouldCutTickBarsEveryNTradesAndKeepTheLastHistoryBars() {
        BarSeries s = new BarSeries(0, BarSeries.Kind.TICK, 0, 3, 2);
        long[] prices = {10, 12, 11, 20, 25, 15, 30, 31, 29, 40};
        for (int i = 0; i < prices.length; i++) s.onTrade(100 + i, prices[i], i + 1);
        assertEquals(3, s.completedCount());
        BarSeries.Bar[] out = bars(5);
        BarSeries.Bar current = new BarSeries.Bar();
        assertEquals(2, s.read(out, current), "history keeps 2");
        assertBar(out[0], 103, 105, 20, 25, 15, 15, 4 + 5 + 6, 3);
        assertBar(out[1], 106, 108, 30, 31, 29, 29, 7 + 8 + 9, 3);
        assertBar(current, 109, 109, 40, 40, 40, 40, 10, 1);
        BarSeries.Bar[] one = bars(1);
        assertEquals(1, s.read(one, current));
        assertEquals(106, one[0].startNs, "the most recent");
    }
}
