package flox.strategy.samples.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.time.NanoClock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bar times are UTC wall-clock times, whatever clock the market-data source stamps with. */
@Timeout(30)
class BarsComponentTest {
    /** 2024-12-01T00:00:00Z. */
    static final long EPOCH_NS = 1_733_011_200_000_000_000L;
    /** The machine booted 5 s ago: the monotonic clock reads 5 s. */
    static final long BOOT_NS = 5_000_000_000L;

    final NanoClock clock = new NanoClock() {
        @Override public long nanoTime() { return BOOT_NS; }
        @Override public long epochNanos() { return EPOCH_NS; }
    };

    BarSeries.Bar firstBar(BarsComponent bars) {
        BarSeries.Bar[] out = {new BarSeries.Bar()};
        BarSeries.Bar current = new BarSeries.Bar();
        bars.series()[0].read(out, current);
        return current;
    }

    @Test
    void shouldStampTradesOfAMonotonicSourceWithTheWallClock() {
        BarsComponent bars = new BarsComponent(clock, Map.of("type", "time", "interval.ms", "1000"));
        // the synthetic market stamps with the nano clock: 1.5 s after the component started
        bars.onTrade(new TradeEvent().set(0, 1, 100, 1, Side.BUY, 0, BOOT_NS + 1_500_000_000L));
        BarSeries.Bar b = firstBar(bars);
        assertEquals(EPOCH_NS + 1_000_000_000L, b.startNs, "aligned to the UTC second 00:00:01");
        assertEquals(EPOCH_NS + 2_000_000_000L, b.endNs);
    }

    @Test
    void shouldKeepAnExchangeEpochTimestamp() {
        BarsComponent bars = new BarsComponent(clock, Map.of("type", "tick", "trades", "10"));
        long exchange = EPOCH_NS - 3_600_000_000_000L; // a replayed trade, an hour earlier
        bars.onTrade(new TradeEvent().set(0, 1, 100, 1, Side.BUY, exchange, BOOT_NS));
        assertEquals(exchange, firstBar(bars).startNs);
    }
}
