package flox.strategy.samples.internal.metrics;

import static flox.strategy.samples.internal.TestSupport.report;
import static flox.strategy.samples.internal.TestSupport.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.Side;
import flox.strategy.samples.internal.TestSupport;
import flox.strategy.samples.internal.TestSupport.FakeTracker;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class MetricsCollectorTest {
    private final FakeTracker tracker = new FakeTracker(1024);
    private final ManualClock clock = new ManualClock();
    private final MetricsCollector collector = new MetricsCollector(tracker, TestSupport.registry(), clock, 16);
    private final ExecutionEvent e = new ExecutionEvent();
    private final BookUpdate u = new BookUpdate(4);

    @Test
    void shouldCountOrdersFillsRejectsAndCancelsPerStrategy() {
        tracker.own(1, 10);
        tracker.own(2, 10);
        tracker.own(3, 20);
        collector.onExecution(report(e, ExecType.ACCEPTED, 1, 0, Side.BUY, 0, 0, 0));
        collector.onExecution(report(e, ExecType.PARTIALLY_FILLED, 1, 0, Side.BUY, 6_000_000, 100, 100));
        collector.onExecution(report(e, ExecType.FILLED, 1, 0, Side.BUY, 6_000_100, 100, 200));
        collector.onExecution(report(e, ExecType.REJECTED, 2, 0, Side.SELL, 0, 0, 0));
        collector.onExecution(report(e, ExecType.ACCEPTED, 3, 1, Side.SELL, 0, 0, 0));
        collector.onExecution(report(e, ExecType.CANCELED, 3, 1, Side.SELL, 0, 0, 0));
        collector.onExecution(report(e, ExecType.ACCEPTED, 99, 1, Side.SELL, 0, 0, 0)); // unknown to the tracker

        StrategyStats a = collector.strategy(10);
        assertEquals(2, a.orders());
        assertEquals(2, a.fills());
        assertEquals(1, a.rejects());
        StrategyStats b = collector.strategy(20);
        assertEquals(1, b.orders());
        assertEquals(0, b.fills());
        assertEquals(1, b.cancels());
        assertNull(collector.strategy(30));
        assertEquals(1, collector.unattributed());
        assertEquals(7, collector.executions());

        PositionView v = collector.read(a.positions()[0], new PositionView());
        assertEquals(200, v.positionScaled);
        assertEquals(6_000_050, v.averagePriceScaled);
    }

    @Test
    void shouldTakeQuoteCurrencyFeesOffRealisedPnlAndCountFeesInOtherAssets() {
        tracker.own(1, 10);
        tracker.own(2, 10);
        tracker.own(3, 10);
        collector.onExecution(report(e, ExecType.FILLED, 1, 0, Side.BUY, 6_000_000, 100_000, 100_000).fee(6_000_001, 5, null)); // 60.00001 USDT
        collector.onExecution(report(e, ExecType.FILLED, 2, 0, Side.SELL, 6_010_000, 100_000, 100_000).fee(601, 2, null));       // 6.01 USDT
        collector.onExecution(report(e, ExecType.FILLED, 3, 0, Side.BUY, 6_000_000, 1, 1).fee(7, 8, "BNB"));                    // not pricable here
        PositionView v = collector.read(collector.strategy(10).positions()[0], new PositionView());
        assertEquals(6_001 + 601, v.feesScaled, "60.00001 rounded up to 60.01 at the price scale, plus 6.01");
        assertEquals(10_000 - 6_001 - 601, v.realisedScaled, "100.00 made on the round trip, net of fees");
        assertEquals(1, collector.feesNotInPnl());
        String table = new MetricsReport(collector, TestSupport.registry(), id -> null).summaryTable();
        assertTrue(table.contains("fees") && table.contains("66.02") && table.contains("another asset"), table);
    }

    @Test
    void shouldMarkPositionsToTheMidOfTheirSymbolsBook() {
        tracker.own(1, 10);
        collector.onExecution(report(e, ExecType.FILLED, 1, 0, Side.BUY, 6_000_000, 100_000, 100_000)); // 1 BTC @ 60000.00
        Position p = collector.strategy(10).positions()[0];
        assertEquals(0, collector.read(p, new PositionView()).unrealisedScaled, "no book yet: no mark");

        collector.onBookUpdate(snapshot(u, 0, 6_010_000, 5, 6_010_200, 5)); // mid 60101.00
        PositionView v = collector.read(p, new PositionView());
        assertEquals(6_010_100, v.markScaled);
        assertEquals(10_100, v.unrealisedScaled, "1 BTC x 101.00");

        collector.onBookUpdate(snapshot(u, 1, 300_000, 5, 300_100, 5)); // another symbol's book leaves BTC's mark alone
        assertEquals(6_010_100, collector.mark(0));
        assertEquals(300_050, collector.mark(1));
        assertEquals(2, collector.bookUpdates());
    }

    @Test
    void shouldMeasureAckLatencyFromTheHandOffToTheReportsReceiptOrElseItsArrival() {
        TickToTradeProbe probe = new TickToTradeProbe(64);
        collector.attach(10, probe);
        for (long id = 1; id <= 5; id++) tracker.own(id, 10);
        probe.handed(1, 5_000, 6_000);
        probe.handed(2, 5_000, 7_000);
        probe.submitting(4); // its submit has not returned
        probe.handed(5, 1_700_000_000_000_000_000L, 1_700_000_000_000_000_000L); // another clock (epoch ns)
        clock.nowNs = 20_000;
        // received by the host at 7,500: the collector's later arrival (its agent's wake-up) is not in it
        collector.onExecution(report(e, ExecType.ACCEPTED, 1, 0, Side.BUY, 0, 0, 0).timestamps(0, 7_500));
        collector.onExecution(report(e, ExecType.ACCEPTED, 2, 0, Side.BUY, 0, 0, 0)); // no receive time: arrival
        collector.onExecution(report(e, ExecType.ACCEPTED, 3, 0, Side.BUY, 0, 0, 0)); // never stamped
        collector.onExecution(report(e, ExecType.ACCEPTED, 4, 0, Side.BUY, 0, 0, 0)); // acknowledged before submit returned
        collector.onExecution(report(e, ExecType.ACCEPTED, 5, 0, Side.BUY, 0, 0, 0));

        StrategyStats s = collector.strategy(10);
        assertEquals(2, s.ackLatency().count());
        assertEquals(1_500, s.ackLatency().min());
        assertEquals(13_000, s.ackLatency().max());
        assertEquals(3, s.ackUnmeasured(), "not stamped, still in flight, implausible");
        assertEquals(2, collector.ackLatency().count());

        collector.detach(10, probe);
        tracker.own(6, 10);
        probe.handed(6, 19_000, 19_500);
        collector.onExecution(report(e, ExecType.ACCEPTED, 6, 0, Side.BUY, 0, 0, 0));
        assertEquals(4, s.ackUnmeasured(), "a detached probe is not consulted");
    }

    @Test
    void shouldSumTheProbesTickToTradeAndRefusalsAndKeepThemWhenAProbeDetaches() {
        TickToTradeProbe first = new TickToTradeProbe(64);
        TickToTradeProbe other = new TickToTradeProbe(64);
        collector.attach(10, first);
        collector.attach(20, other);
        assertEquals(2, collector.strategies().length, "a row per attached strategy from the start");
        first.handed(1, 1_000, 3_000);
        first.refused(2);
        other.handed(3, 1_000, 9_000);
        assertEquals(1, collector.tickToTrade(10).count());
        assertEquals(2_000, collector.tickToTrade(10).max());
        assertEquals(1, collector.refused(10));
        assertEquals(0, collector.refused(20));
        assertEquals(2, collector.tickToTrade().count());
        assertEquals(8_000, collector.tickToTrade().max());
        assertEquals(1, collector.refused());

        // a new instance of strategy 10 replaces the first: what the first measured stays
        TickToTradeProbe second = new TickToTradeProbe(64);
        collector.attach(10, second);
        collector.detach(10, first);
        second.handed(4, 1_000, 1_500);
        second.refused(5);
        assertEquals(2, collector.tickToTrade(10).count());
        assertEquals(500, collector.tickToTrade(10).min());
        assertEquals(2_000, collector.tickToTrade(10).max());
        assertEquals(2, collector.refused(10));
        assertEquals(3, collector.tickToTrade().count());
        assertEquals(2, collector.refused());
        collector.detach(10, first); // twice: nothing is counted again
        assertEquals(2, collector.refused(10));
        assertEquals(2, collector.tickToTrade(10).count());
    }

    @Test
    void shouldShowTickToTradeWithRefusedOrdersAndAckLatencyOnTheStatusLineAndTheTables() {
        TickToTradeProbe probe = new TickToTradeProbe(64);
        collector.attach(10, probe);
        tracker.own(1, 10);
        clock.nowNs = 100_000;
        probe.handed(1, 85_000, 88_000); // t2t 3.00us
        probe.refused(2);
        collector.onExecution(report(e, ExecType.ACCEPTED, 1, 0, Side.BUY, 0, 0, 0)); // ack 12.0us
        MetricsReport report = new MetricsReport(collector, TestSupport.registry(), id -> null);

        String fragment = report.statusFragment(0, 0);
        assertTrue(fragment.endsWith("| t2t p50 3.00us p99 3.00us refused 1 | ack p50 12.0us p99 12.0us"), fragment);
        String summary = report.summaryTable();
        assertTrue(summary.contains("market event to order handed to the venue"), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("10 ") && l.matches(".*3\\.00us\\s+3\\.00us\\s+1\\s+12\\.0us\\s+12\\.0us")), summary);
        assertTrue(summary.lines().anyMatch(l -> l.startsWith("total") && l.matches(".*3\\.00us\\s+3\\.00us\\s+1\\s+12\\.0us\\s+12\\.0us")), summary);
        String strategies = report.strategiesTable();
        assertTrue(strategies.lines().anyMatch(l -> l.startsWith("10 ") && l.matches(".*\\|\\s+1\\s+1\\s+3\\.00us\\s+3\\.00us\\s+3\\.00us\\s+3\\.00us\\s+\\|\\s+1\\s+12\\.0us.*\\s0")), strategies);
    }

    @Test
    void shouldSummariseAStrategyPerRowAndTotal() {
        tracker.own(1, 10);
        tracker.own(2, 20);
        collector.onExecution(report(e, ExecType.ACCEPTED, 1, 0, Side.BUY, 0, 0, 0));
        collector.onExecution(report(e, ExecType.FILLED, 1, 0, Side.BUY, 6_000_000, 1_000, 1_000));
        collector.onExecution(report(e, ExecType.REJECTED, 2, 1, Side.SELL, 0, 0, 0));
        collector.onBookUpdate(snapshot(u, 0, 6_100_000, 5, 6_100_000 + 2, 5)); // mid 61000.01
        MetricsReport report = new MetricsReport(collector, TestSupport.registry(), id -> id == 10 ? "marketmaker SIM:BTCUSDT" : null);

        String table = report.summaryTable();
        assertTrue(table.contains("10 marketmaker SIM:BTCUSDT"), table);
        assertTrue(table.contains("0.01000 BTCUSDT"), table);
        assertTrue(table.contains("10.00"), "0.01 BTC x 1000.01 unrealised, rounded down: " + table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("20 ")), table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("total") && l.contains(" 2 ") && l.contains(" 1 ")), table);

        String fragment = report.statusFragment(98_100, 1_200);
        assertTrue(fragment.startsWith("md 98.1k/s exec 1.20k/s | orders 2 filled 1 fills 1 rejects 1 | pnl 10.00"), fragment);

        String positions = report.positionsTable();
        assertTrue(positions.contains("SIM:BTCUSDT") && positions.contains("60000.00") && positions.contains("61000.01"), positions);
    }

    @Test
    void shouldCountFillReportsAndFilledOrdersApart() {
        // 7 orders, one filled in two parts: 8 fill reports, 7 filled orders
        for (long id = 1; id <= 7; id++) {
            tracker.own(id, 10);
            collector.onExecution(report(e, ExecType.ACCEPTED, id, 0, Side.BUY, 0, 0, 0));
            if (id == 7) {
                collector.onExecution(report(e, ExecType.PARTIALLY_FILLED, id, 0, Side.BUY, 6_000_000, 400, 400));
                collector.onExecution(report(e, ExecType.FILLED, id, 0, Side.BUY, 6_000_000, 600, 1_000));
            } else {
                collector.onExecution(report(e, ExecType.FILLED, id, 0, Side.BUY, 6_000_000, 1_000, 1_000));
            }
        }
        StrategyStats s = collector.strategy(10);
        assertEquals(7, s.orders());
        assertEquals(8, s.fills(), "fill reports");
        assertEquals(7, s.filledOrders(), "orders with a fill");
        MetricsReport report = new MetricsReport(collector, TestSupport.registry(), id -> null);
        String table = report.summaryTable();
        assertTrue(table.contains("filled = orders with at least one fill; fills = fill reports"), "the columns say what they count: " + table);
        assertTrue(table.lines().anyMatch(l -> l.startsWith("total") && l.matches("total\\s+7\\s+7\\s+8\\s+0\\s.*")), table);
        assertTrue(report.statusFragment(0, 0).contains("orders 7 filled 7 fills 8 rejects 0"), report.statusFragment(0, 0));
    }

    @Test
    void shouldReportTheNonZeroPositionsOfAStrategyId() {
        tracker.own(1, 10);
        tracker.own(2, 10);
        collector.onExecution(report(e, ExecType.FILLED, 1, 0, Side.SELL, 6_000_000, 173, 173));
        collector.onExecution(report(e, ExecType.FILLED, 2, 1, Side.BUY, 300_000, 50, 50));
        collector.onExecution(report(e, ExecType.FILLED, 2, 1, Side.SELL, 300_000, 50, 100));
        assertEquals(java.util.Map.of(0, -173L), collector.positions(10), "flat symbols are left out");
        assertEquals(java.util.Map.of(), collector.positions(99));
    }

    @Test
    void shouldKeepTheMarkBetweenFragmentsAndDropItOnAnInvalidBook() {
        collector.onBookUpdate(snapshot(u, 0, 6_000_000, 1, 6_000_200, 1));
        assertEquals(6_000_100, collector.mark(0));
        u.reset(0, BookUpdate.Type.SNAPSHOT).flags(BookUpdate.CONTINUED).addBid(6_100_000, 1); // the asks follow
        collector.onBookUpdate(u);
        assertEquals(6_000_100, collector.mark(0), "a half-applied book marks nothing");
        u.reset(0, BookUpdate.Type.DELTA).addAsk(6_100_200, 1);
        collector.onBookUpdate(u);
        assertEquals(6_100_100, collector.mark(0));
        collector.onBookUpdate(u.resetInvalid(0));
        assertEquals(flox.strategy.samples.internal.metrics.PositionView.NO_MARK, collector.mark(0));
    }
}
