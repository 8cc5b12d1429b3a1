package flox.strategy.samples.internal.strategy;

import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import static flox.strategy.samples.internal.TestSupport.report;
import static flox.strategy.samples.internal.TestSupport.snapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.Side;
import flox.strategy.samples.internal.TestSupport;
import flox.strategy.samples.internal.TestSupport.FakeGateway;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import flox.strategy.samples.internal.TestSupport.Sent;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The threading shell: book upkeep, start/stop, the inbox hand-over, re-entrant reports, trigger times. */
@Timeout(30)
class StrategyDriverTest {
    private final FakeGateway gateway = new FakeGateway();
    private final TickToTradeProbe probe = new TickToTradeProbe(64);
    private final ManualClock clock = new ManualClock();
    private final StrategyOrders orders = new StrategyOrders(gateway, probe, clock, 5, 16);
    private final MarketMaker logic = new MarketMaker(orders, new MarketMaker.Params(100_000L, 300_000L, 1_000, 0, 100, 0, 200, 0, 0));
    private final StrategyDriver driver = new StrategyDriver("mm", logic, clock, TestSupport.registry(), 16);
    private final BookUpdate u = new BookUpdate(4);
    private final ExecutionEvent e = new ExecutionEvent();
    private final VenueStateEvent venue = new VenueStateEvent();

    {
        driver.watchVenue("SIM");
        venue(VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE); // as the sim publishes before the strategies start
    }

    private void venue(int symbolId, VenueState state) {
        driver.onVenueState(venue.set("SIM", symbolId, state, VenueStateReason.CONNECTION_LOST, 0, "test", clock.nowNs));
    }

    private void book(long shift) {
        snapshot(u, 0, 6_000_000 + shift, 50_000, 6_000_010 + shift, 50_000);
        u.timestamps(0, clock.nowNs - 700);
        driver.onBookUpdate(u);
    }

    @Test
    void shouldKeepTheBookWhileStoppedAndDecideOnlyOnceStarted() {
        book(0);
        assertEquals(0, gateway.sent.size());
        driver.start();
        snapshot(u, 0, 6_000_000, 50_000, 6_000_010, 50_000).timestamps(0, clock.nowNs - 700);
        u.reset(0, BookUpdate.Type.DELTA); // an empty delta: the book from before the start is what it decides on
        driver.onBookUpdate(u);
        assertEquals(2, gateway.sent.size());
        assertEquals(5_997_005, gateway.sent.get(0).price());
        assertEquals(0, orders.symbolId());
    }

    @Test
    void shouldStampTheEventsReceiveTimeWhenItIsPlausibleElseTheCallbackTime() {
        driver.start();
        book(0);
        assertEquals(2, probe.tickToTrade().count(), "both quotes handed over");
        assertEquals(700, probe.tickToTrade().min(), "from the event's receive time to submit returned");
        assertEquals(700, probe.tickToTrade().max());
        assertEquals(StrategyDriver.triggerTime(0, 500), 500, "no receive time");
        assertEquals(StrategyDriver.triggerTime(600, 500), 500, "in the future: another clock");
        assertEquals(StrategyDriver.triggerTime(1, 20_000_000_000L), 20_000_000_000L, "too old: another clock");
        assertEquals(StrategyDriver.triggerTime(400, 500), 400);
    }

    @Test
    void shouldCancelQuotesOnAnInvalidBookAndNotQuoteUntilTheNextSnapshot() {
        driver.start();
        book(0);
        assertEquals(2, gateway.sent.size());
        driver.onBookUpdate(u.resetInvalid(0));
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels, "quotes placed against a book no longer known are pulled");
        assertTrue(driver.describe().contains("BOOK INVALID"), driver.describe());
        driver.onExecution(report(e, ExecType.CANCELED, 1, 0, Side.BUY, 0, 0, 0));
        driver.onExecution(report(e, ExecType.CANCELED, 2, 0, Side.SELL, 0, 0, 0));
        u.reset(0, BookUpdate.Type.DELTA).addBid(6_000_000, 50_000);
        u.addAsk(6_000_010, 50_000);
        driver.onBookUpdate(u);
        driver.onBookUpdate(u);
        assertEquals(2, gateway.sent.size(), "no quote on an invalid book, whatever deltas bring");
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels, "told once per invalidation");
        book(0);
        assertEquals(4, gateway.sent.size(), "quoting again after the snapshot");
        assertFalse(driver.describe().contains("BOOK INVALID"), driver.describe());
    }

    @Test
    void shouldNotDecideBetweenTheFragmentsOfOneUpdate() {
        driver.start();
        book(0);
        long decided = driver.decisions();
        u.reset(0, BookUpdate.Type.SNAPSHOT).flags(BookUpdate.CONTINUED).addBid(6_000_000, 50_000);
        u.addAsk(6_000_010, 50_000);
        driver.onBookUpdate(u);
        u.reset(0, BookUpdate.Type.DELTA).flags(BookUpdate.CONTINUED).addBid(5_999_990, 50_000);
        driver.onBookUpdate(u);
        assertEquals(decided, driver.decisions(), "the book is not the venue's until the last fragment");
        u.reset(0, BookUpdate.Type.DELTA).addAsk(6_000_020, 50_000);
        driver.onBookUpdate(u);
        assertEquals(decided + 1, driver.decisions());
    }

    @Test
    void shouldApplyReportsAtTheNextDecision() {
        driver.start();
        book(0);
        driver.onExecution(report(e, ExecType.ACCEPTED, 1, 0, Side.BUY, 0, 0, 0));
        driver.onExecution(report(e, ExecType.ACCEPTED, 2, 0, Side.SELL, 0, 0, 0));
        driver.onExecution(report(e, ExecType.PARTIALLY_FILLED, 1, 0, Side.BUY, 5_997_005, 40, 40));
        assertEquals(0, orders.inventory(), "not applied yet: the decision thread owns the orders");
        book(1_600); // quotes move by 16.00 - 2.40 of skew: beyond the 12.00 threshold
        assertEquals(40, orders.inventory());
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels, "acknowledged quotes are requoted");
    }

    @Test
    void shouldQueueReportsDeliveredInsideSubmit() {
        // a synchronous executor: acknowledges and fills inside submit, on the decision thread
        ExecutionEvent inside = new ExecutionEvent();
        gateway.listener = r -> {
            driver.onExecution(inside.reset(ExecType.ACCEPTED, r.clientOrderId(), 0, r.side()));
            driver.onExecution(inside.reset(ExecType.FILLED, r.clientOrderId(), 0, r.side()).fill(r.priceScaled(), r.quantityScaled(), r.quantityScaled()));
        };
        driver.start();
        book(0);
        assertEquals(2, gateway.sent.size(), "the fills did not reach the logic in the middle of its decision");
        book(0);
        assertEquals(0, orders.inventory(), "bought 0.001 and sold 0.001");
        assertEquals(4, gateway.sent.size(), "both quotes filled: quoted again");
        assertEquals(0, driver.droppedReports());
    }

    @Test
    void shouldCancelWorkingQuotesOnStopAndStopDeciding() {
        driver.start();
        book(0);
        driver.stop();
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels);
        assertFalse(driver.isRunning());
        book(5_000);
        assertEquals(2, gateway.sent.size());
        driver.onExecution(report(e, ExecType.CANCELED, 1, 0, Side.BUY, 0, 0, 0));
        driver.onExecution(report(e, ExecType.CANCELED, 2, 0, Side.SELL, 0, 0, 0));
        driver.start(); // applies what came while stopped, then quotes the moved book
        book(5_000);
        assertEquals(4, gateway.sent.size());
        assertEquals(6_002_003, gateway.sent.get(2).price(), "mid 60050.05 - half spread 30.02");
    }

    @Test
    void shouldCancelAndStopDecidingWhenTheVenueLeavesLiveAndResumeWhenItIsBack() {
        driver.start();
        book(0);
        assertEquals(2, gateway.sent.size());
        driver.onVenueState(venue.set("OTHER", VenueStateEvent.ALL_SYMBOLS, VenueState.DISCONNECTED, VenueStateReason.NONE, 0, "", 0));
        assertEquals(java.util.List.of(), gateway.cancels, "another venue's state changes nothing");
        venue(VenueStateEvent.ALL_SYMBOLS, VenueState.STALE);
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels, "leaving LIVE cancels the working quotes");
        book(5_000);
        assertEquals(2, gateway.sent.size(), "no decision while the venue is not LIVE");
        assertTrue(driver.describe().contains("NOT TRADING: venue SIM STALE"), driver.describe());
        venue(VenueStateEvent.ALL_SYMBOLS, VenueState.DISCONNECTED);
        assertEquals(2, gateway.cancels.size(), "nothing more to cancel");
        driver.onExecution(report(e, ExecType.CANCELED, 1, 0, Side.BUY, 0, 0, 0));
        driver.onExecution(report(e, ExecType.CANCELED, 2, 0, Side.SELL, 0, 0, 0));
        venue(VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE);
        book(5_000);
        assertEquals(4, gateway.sent.size(), "quoting again once LIVE");
        venue(0, VenueState.RATE_LIMITED);
        assertEquals(4, gateway.cancels.size(), "the symbol's own state counts too");
    }

    @Test
    void shouldNotTradeBeforeItsVenueHasSaidItIsLive() {
        StrategyDriver fresh = new StrategyDriver("fresh", logic, clock, TestSupport.registry(), 16);
        fresh.watchVenue("SIM");
        fresh.start();
        snapshot(u, 0, 6_000_000, 50_000, 6_000_010, 50_000).timestamps(0, clock.nowNs - 700);
        fresh.onBookUpdate(u);
        assertEquals(0, gateway.sent.size());
        assertTrue(fresh.describe().contains("venue SIM state not known yet"), fresh.describe());
    }

    @Test
    void shouldWaitForADecisionInProgressBeforeCancelingOnStop() throws Exception {
        CountDownLatch inSubmit = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean first = new AtomicBoolean(true);
        gateway.listener = r -> {
            if (!first.getAndSet(false)) return;
            inSubmit.countDown();
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        };
        driver.start();
        Thread md = new Thread(() -> book(0), "md");
        md.start();
        assertTrue(inSubmit.await(10, TimeUnit.SECONDS));
        Thread stopper = new Thread(driver::stop, "coordinator");
        stopper.start();
        stopper.join(200);
        assertTrue(stopper.isAlive(), "stop waits while a decision is in progress");
        assertEquals(0, gateway.cancels.size());
        release.countDown();
        stopper.join(10_000);
        md.join(10_000);
        assertFalse(stopper.isAlive());
        assertEquals(2, gateway.sent.size(), "the decision in progress finished (both quotes)");
        assertEquals(java.util.List.of(1L, 2L), gateway.cancels, "then stop canceled both");
    }

    @Test
    void shouldApplyAConfigurationChangeAtTheNextDecision() {
        driver.start();
        driver.change(() -> logic.params(new MarketMaker.Params(200_000L, 600_000L, 2_000, 0, 100, 0, 200, 0, 0)));
        book(0);
        Sent bid = gateway.sent.get(0);
        assertEquals(200, bid.quantity(), "quote size 0.002");
        assertEquals(5_994_005, bid.price(), "spread 20 bps: half 60.00");
    }

    @Test
    void shouldNotDecideUntilTheSymbolIsRegistered() {
        driver.start();
        snapshot(u, 7, 100, 1, 200, 1); // id 7: unknown to the registry
        StrategyDriver other = new StrategyDriver("x", logic, clock, TestSupport.registry(), 4);
        other.start();
        other.onBookUpdate(u);
        assertEquals(0, gateway.sent.size());
        assertEquals(0, other.decisions());
    }

    @Test
    void shouldHandReportsFromAnotherThreadToTheDecisionThread() throws Exception {
        driver.start();
        book(0);
        Thread exec = new Thread(() -> {
            ExecutionEvent ev = new ExecutionEvent();
            for (int i = 1; i <= 100_000; i++) {
                driver.onExecution(report(ev, ExecType.PARTIALLY_FILLED, 1, 0, Side.BUY, 5_997_005, 0, i)); // cumulative grows by 1
            }
        }, "exec");
        exec.start();
        while (exec.isAlive()) book(0);
        exec.join();
        book(0);
        assertEquals(100_000, orders.inventory(), "every report arrived once, in order");
        assertEquals(0, driver.droppedReports());
    }
}
