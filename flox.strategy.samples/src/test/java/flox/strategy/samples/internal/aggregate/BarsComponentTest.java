package flox.strategy.samples.internal.aggregate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.TradeEvent;
import flox.api.order.Side;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.Settings;
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

    @Test
    void shouldRefuseAnUnknownTypeAndAnIntervalOutOfRangeNamingFileAndFieldAndApplyTheOthers() {
        Settings s = new Settings(BarsComponent.PID, Map.of("felix.fileinstall.filename", "file:/home/etc/flox.aggregator.bars-1s.cfg",
                "type", "hourly", "interval.ms", "86400001", "history", "10"), BarsComponent.Config.class);
        BarsComponent.Spec spec = BarsComponent.Spec.read(s);
        assertTrue(s.errors().contains("/home/etc/flox.aggregator.bars-1s.cfg, field type: 'hourly' is not one of time, tick (keeping time)"), s.errors());
        assertTrue(s.errors().contains("field interval.ms: 86400001 is outside [1, 86400000] (keeping 1000)"), s.errors());
        assertEquals(new BarsComponent.Spec(BarSeries.Kind.TIME, 1_000_000_000L, 100, 10), spec, "the metatype's defaults; history applies");
    }

    @Test
    void shouldTakeTheTypeInAnyCase() {
        Settings s = new Settings(BarsComponent.PID, Map.of("type", "TICK", "trades", "10"), BarsComponent.Config.class);
        assertEquals(BarSeries.Kind.TICK, BarsComponent.Spec.read(s).kind());
        assertEquals("", s.errors());
    }
}
