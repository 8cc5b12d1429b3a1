package flox.core.lifecycle;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.HandoverState;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.StateHandover;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.gateway.OrderRouter;
import flox.core.lifecycle.StrategyHandovers.OrdersPolicy;
import flox.core.lifecycle.StrategyHandovers.Record;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link StrategyHandovers} with a real {@link LockFreeOrderTracker} and {@link OrderRouter} (a
 * recording executor behind it) and a {@link ManualScheduler}: handover timeouts fire only when
 * the test moves the clock.
 */
@Timeout(30)
class StrategyHandoversTest {
    static final int ID = 7;
    static final int OTHER = 8;
    static final String V1 = "sample.strategy 1.0.0";
    static final String V2 = "sample.strategy 1.1.0";

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final NanoClock clock = new NanoClock() {
        long now = 1000;
        @Override public long nanoTime() { return now++; }
        @Override public long epochNanos() { return now; }
    };
    final OrderRouter router = new OrderRouter(registry, tracker, clock);
    final Exec exec = new Exec();
    final ManualScheduler scheduler = new ManualScheduler();
    /** What the listener heard: "WARN message" or "INFO message". */
    final List<String> heard = new ArrayList<>();
    final StrategyHandovers handovers = new StrategyHandovers(scheduler, (m, problem) -> heard.add((problem ? "WARN " : "INFO ") + m));
    final OrderState state = new OrderState();
    final ExecutionEvent report = new ExecutionEvent();
    int btc;

    /** Accepts submits; answers cancels with {@link #cancelAnswer}; records the cancels. */
    static final class Exec implements OrderExecutor {
        RejectReason cancelAnswer = RejectReason.NONE;
        final List<Long> cancels = new ArrayList<>();
        @Override public String exchange() { return "SIM"; }
        @Override public RejectReason submit(OrderRequest r) { return RejectReason.NONE; }
        @Override public RejectReason cancel(int symbolId, long id) { cancels.add(id); return cancelAnswer; }
        @Override public RejectReason replace(int symbolId, long o, long n, long px, long qty) { return RejectReason.NONE; }
        @Override public void start() { }
        @Override public void stop() { }
    }

    /** A strategy that carries state over; what it exports and whether it accepts is up to the test. */
    static class Handing implements Strategy, StateHandover {
        final int id;
        int format = 3;
        byte[] export = {1, 2, 3, 4};
        RuntimeException exportThrows;
        RuntimeException importThrows;
        boolean accept = true;
        int exports;
        int formatCalls;
        final List<HandoverState> imported = new ArrayList<>();

        Handing(int id) { this.id = id; }
        @Override public int strategyId() { return id; }
        @Override public void start() { }
        @Override public void stop() { }
        @Override public int stateFormat() { formatCalls++; return format; }
        @Override public byte[] exportState() {
            exports++;
            if (exportThrows != null) throw exportThrows;
            return export;
        }
        @Override public boolean importState(HandoverState s) {
            imported.add(s);
            if (importThrows != null) throw importThrows;
            return accept;
        }
    }

    /** A strategy without {@link StateHandover}. */
    static final class Plain implements Strategy {
        final int id;
        Plain(int id) { this.id = id; }
        @Override public int strategyId() { return id; }
        @Override public void start() { }
        @Override public void stop() { }
    }

    @BeforeEach
    void setUp() throws Exception {
        btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        router.addExecutor(exec);
        handovers.tracker(tracker);
        handovers.gateway(router);
        handovers.configure(OrdersPolicy.HANDOVER, 500);
    }

    /** An order of {@code strategyId} sent through the router and acknowledged by the venue. */
    long open(int strategyId) {
        long id = router.nextClientOrderId();
        OrderRequest r = new OrderRequest().limit(id, btc, Side.BUY, 6_000_000, 100, TimeInForce.GTC).strategyId(strategyId);
        assertEquals(RejectReason.NONE, router.submit(r));
        assertTrue(tracker.apply(report.reset(ExecType.ACCEPTED, id, btc, Side.BUY)).isApplied());
        return id;
    }

    void fill(long id) {
        assertTrue(tracker.apply(report.reset(ExecType.FILLED, id, btc, Side.BUY).fill(6_000_000, 100, 100)).isApplied());
    }

    OrderStatus status(long id) {
        assertTrue(tracker.read(id, state), "order " + id + " is tracked");
        return state.status();
    }

    String lastHeard() {
        return heard.get(heard.size() - 1);
    }

    // ------------------------------------------------------------------ handover

    @Test
    void shouldHandOverOpenOrdersToTheNextInstance() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        long b = open(ID);
        long done = open(ID);
        fill(done);
        long foreign = open(OTHER);

        handovers.departed(v1, V1, false);

        assertEquals(1, v1.exports, "the old instance exports once");
        assertArrayEquals(new int[] {ID}, handovers.pendingIds());
        assertArrayEquals(new int[0], handovers.presentIds());
        assertEquals(1, scheduler.waiting().size(), "one handover timeout");
        assertEquals(500, scheduler.waiting().get(0).delayMs, "the configured handover timeout");
        assertEquals(List.of(), exec.cancels, "orders wait for the next instance");

        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);

        assertEquals(1, v2.imported.size());
        HandoverState s = v2.imported.get(0);
        assertEquals(ID, s.strategyId());
        assertEquals(3, s.format());
        assertArrayEquals(new byte[] {1, 2, 3, 4}, s.state());
        assertArrayEquals(new long[] {a, b}, s.openOrderIds(), "the open orders of the id, not the filled one nor another id's");
        assertEquals(V1, s.from());
        assertArrayEquals(new int[0], handovers.pendingIds());
        assertArrayEquals(new int[] {ID}, handovers.presentIds());
        assertEquals(List.of(v2), handovers.instances(ID));
        assertEquals(List.of(), scheduler.waiting(), "the timeout was canceled");

        scheduler.advance(10_000);
        assertEquals(List.of(), exec.cancels, "nothing is canceled once handed over");
        assertEquals(OrderStatus.ACCEPTED, status(a));
        assertEquals(OrderStatus.ACCEPTED, status(b));
        assertEquals(OrderStatus.ACCEPTED, status(foreign));

        Record r = handovers.lastSwap(ID);
        assertNotNull(r);
        assertEquals(ID, r.strategyId);
        assertEquals(V1, r.from);
        assertEquals(V2, r.to);
        assertEquals(2, r.handedOver);
        assertEquals(0, r.canceled);
        assertTrue(r.departedNs > 0 && r.arrivedNs >= r.departedNs, r.departedNs + " -> " + r.arrivedNs);
        assertTrue(r.outcome.startsWith("handed over 2 open order(s) and 4 byte(s) of state (format 3)"), r.outcome);
        assertEquals(List.of(r), handovers.history());
        assertEquals("INFO " + r, lastHeard());
        assertArrayEquals(new long[] {foreign}, handovers.orphanedOrders(), "only the order of id 8, which never had an instance");
    }

    @Test
    void shouldHandOverOnlyTheOrdersStillOpenWhenTheNextInstanceArrives() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        long b = open(ID);
        handovers.departed(v1, V1, false);
        fill(a); // reports keep coming while no instance is there

        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);

        assertArrayEquals(new long[] {b}, v2.imported.get(0).openOrderIds());
        assertEquals(1, handovers.lastSwap(ID).handedOver);
    }

    @Test
    void shouldHandOverEmptyStateWhenTheOldInstanceCannotExport() {
        Plain v1 = new Plain(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);
        assertArrayEquals(new int[] {ID}, handovers.pendingIds(), "its orders still wait");

        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);

        HandoverState s = v2.imported.get(0);
        assertEquals(0, s.format());
        assertEquals(0, s.state().length);
        assertArrayEquals(new long[] {a}, s.openOrderIds());
        assertEquals(List.of(), exec.cancels);
    }

    @Test
    void shouldStartAFreshTimeoutForEachDeparture() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);
        scheduler.advance(400);
        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);
        v2.export = new byte[] {9};
        handovers.departed(v2, V2, false);

        scheduler.advance(400); // 800 ms after the first departure, 400 after the second
        assertEquals(List.of(), exec.cancels, "the first timeout was canceled with its handover");
        Handing v3 = new Handing(ID);
        handovers.arrived(v3, v3.strategyId(), "sample.strategy 1.2.0");
        assertArrayEquals(new byte[] {9}, v3.imported.get(0).state(), "the newest instance's state");
        assertEquals(V2, v3.imported.get(0).from());
        assertArrayEquals(new long[] {a}, v3.imported.get(0).openOrderIds());
        assertEquals(2, handovers.history().size());
    }

    // ------------------------------------------------------------------ cancels

    @Test
    void shouldCancelOpenOrdersWhenNoInstanceArrivesInTime() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        long b = open(ID);
        long foreign = open(OTHER);
        handovers.departed(v1, V1, false);

        scheduler.advance(499);
        assertEquals(List.of(), exec.cancels, "not before the timeout");
        assertArrayEquals(new int[] {ID}, handovers.pendingIds());

        scheduler.advance(1);
        assertEquals(List.of(a, b), exec.cancels, "exactly the strategy's open orders, through the gateway");
        assertEquals(OrderStatus.PENDING_CANCEL, status(a));
        assertEquals(OrderStatus.PENDING_CANCEL, status(b));
        assertEquals(OrderStatus.ACCEPTED, status(foreign));
        assertArrayEquals(new int[0], handovers.pendingIds());

        Record r = handovers.lastSwap(ID);
        assertEquals(V1, r.from);
        assertNull(r.to);
        assertEquals(0, r.arrivedNs);
        assertEquals(0, r.handedOver);
        assertEquals(2, r.canceled);
        assertEquals("no new instance within 500 ms: canceled 2 of 2 open order(s)", r.outcome);
        assertEquals("WARN " + r, lastHeard());

        Handing late = new Handing(ID);
        handovers.arrived(late, late.strategyId(), V2);
        assertEquals(List.of(), late.imported, "a late instance gets nothing to import");
        assertEquals(1, handovers.history().size());
    }

    @Test
    void shouldReportTheTimeoutItWaitedEvenIfReconfiguredMeanwhile() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        open(ID);
        handovers.departed(v1, V1, false);
        handovers.configure(OrdersPolicy.HANDOVER, 60_000);

        scheduler.advance(500);

        assertEquals(1, exec.cancels.size(), "the timeout in force at the departure applies");
        assertEquals("no new instance within 500 ms: canceled 1 of 1 open order(s)", handovers.lastSwap(ID).outcome);
    }

    @Test
    void shouldRecordADepartureWithoutOrdersAsNoProblem() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        handovers.departed(v1, V1, false);
        scheduler.advance(500);
        assertEquals(List.of(), exec.cancels);
        assertEquals(0, handovers.lastSwap(ID).canceled);
        assertTrue(lastHeard().startsWith("INFO "), lastHeard());
    }

    @Test
    void shouldWarnWhenOrdersCouldNotBeCanceled() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        long b = open(ID);
        handovers.departed(v1, V1, false);
        exec.cancelAnswer = RejectReason.NOT_RUNNING;

        scheduler.advance(500);

        assertEquals(List.of(a, b), exec.cancels, "both were tried");
        assertEquals(OrderStatus.ACCEPTED, status(a), "the refused cancel was undone");
        Record r = handovers.lastSwap(ID);
        assertEquals(0, r.canceled);
        assertTrue(lastHeard().startsWith("WARN "), "open orders left without an owner are a problem: " + lastHeard());
        assertArrayEquals(new long[] {a, b}, handovers.orphanedOrders());
    }

    @Test
    void shouldWarnWhenARefusedHandoverLeavesOrdersOpen() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);
        exec.cancelAnswer = RejectReason.NOT_RUNNING;
        Handing v2 = new Handing(ID);
        v2.accept = false;

        handovers.arrived(v2, v2.strategyId(), V2);

        assertEquals(List.of(a), exec.cancels);
        assertEquals(0, handovers.lastSwap(ID).canceled);
        assertTrue(lastHeard().startsWith("WARN "), lastHeard());
    }

    @Test
    void shouldWarnWhenThePolicyCannotCancel() {
        handovers.configure(OrdersPolicy.CANCEL, 500);
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        handovers.departed(v1, V1, false);
        assertTrue(lastHeard().startsWith("INFO "), "nothing open, nothing to worry about: " + lastHeard());

        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        exec.cancelAnswer = RejectReason.NOT_RUNNING;
        handovers.departed(v1, V1, false);

        assertEquals(List.of(a), exec.cancels);
        assertTrue(lastHeard().startsWith("WARN "), "an order the policy could not cancel: " + lastHeard());
    }

    @Test
    void shouldCancelWhenTheNewInstanceRefuses() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        long b = open(ID);
        handovers.departed(v1, V1, false);

        Handing v2 = new Handing(ID);
        v2.accept = false;
        handovers.arrived(v2, v2.strategyId(), V2);

        assertEquals(1, v2.imported.size(), "it was asked");
        assertEquals(List.of(a, b), exec.cancels);
        assertEquals(OrderStatus.PENDING_CANCEL, status(a));
        assertEquals(OrderStatus.PENDING_CANCEL, status(b));
        Record r = handovers.lastSwap(ID);
        assertEquals(V2, r.to);
        assertEquals(0, r.handedOver);
        assertEquals(2, r.canceled);
        assertEquals("new instance refused the state: canceled 2 of 2 open order(s)", r.outcome);
        assertEquals("WARN " + r, lastHeard());
        assertArrayEquals(new int[0], handovers.pendingIds());
        assertEquals(List.of(), scheduler.waiting());
        assertEquals(List.of(v2), handovers.instances(ID), "it stays present (it just starts without the old orders)");
    }

    @Test
    void shouldCancelWhenTheImportThrows() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);

        Handing v2 = new Handing(ID);
        v2.importThrows = new IllegalStateException("cannot read format 3");
        handovers.arrived(v2, v2.strategyId(), V2);

        assertEquals(List.of(a), exec.cancels);
        Record r = handovers.lastSwap(ID);
        assertEquals(1, r.canceled);
        assertTrue(r.outcome.startsWith("new instance import threw java.lang.IllegalStateException: cannot read format 3"), r.outcome);
        assertTrue(lastHeard().startsWith("WARN "));
    }

    @Test
    void shouldCancelWhenTheNewInstanceCannotImport() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);

        handovers.arrived(new Plain(ID), ID, V2);

        assertEquals(List.of(a), exec.cancels);
        assertEquals("new instance does not implement StateHandover: canceled 1 of 1 open order(s)", handovers.lastSwap(ID).outcome);
    }

    @Test
    void shouldCancelAtOnceWithCancelPolicy() {
        handovers.configure(OrdersPolicy.CANCEL, 500);
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        long b = open(ID);
        long foreign = open(OTHER);

        handovers.departed(v1, V1, false);

        assertEquals(List.of(a, b), exec.cancels);
        assertEquals(OrderStatus.ACCEPTED, status(foreign));
        assertEquals(0, v1.exports, "nothing to carry over");
        assertArrayEquals(new int[0], handovers.pendingIds());
        assertEquals(List.of(), scheduler.scheduled, "no timeout");
        Record r = handovers.lastSwap(ID);
        assertEquals(2, r.canceled);
        assertNull(r.to);
        assertEquals("policy cancel: canceled 2 of 2 open order(s)", r.outcome);

        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);
        assertEquals(List.of(), v2.imported);
    }

    // ------------------------------------------------------------------ host stop, export failure, duplicates

    @Test
    void shouldDoNothingWhileTheHostStops() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);

        handovers.departed(v1, V1, true);
        handovers.configure(OrdersPolicy.CANCEL, 500);
        Handing other = new Handing(OTHER);
        handovers.arrived(other, other.strategyId(), V1);
        open(OTHER);
        handovers.departed(other, V1, true);

        assertEquals(0, v1.exports);
        assertEquals(0, other.exports);
        assertEquals(List.of(), exec.cancels, "executors finish their in-flight work; nothing is canceled");
        assertEquals(OrderStatus.ACCEPTED, status(a));
        assertArrayEquals(new int[0], handovers.pendingIds());
        assertArrayEquals(new int[0], handovers.presentIds(), "gone all the same");
        assertEquals(List.of(), scheduler.scheduled);
        assertEquals(List.of(), handovers.history());
        assertEquals(List.of(), heard);
    }

    @Test
    void shouldStillParkOrdersWhenExportThrows() {
        Handing v1 = new Handing(ID);
        v1.exportThrows = new IllegalStateException("broken export");
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);

        handovers.departed(v1, V1, false);

        assertArrayEquals(new int[] {ID}, handovers.pendingIds());
        assertEquals(List.of(), exec.cancels);
        assertEquals(1, scheduler.waiting().size());
        assertEquals("WARN strategy 7 (" + V1 + "): export threw java.lang.IllegalStateException: broken export;"
                + " its orders wait for the next instance without state", lastHeard());

        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);

        HandoverState s = v2.imported.get(0);
        assertEquals(0, s.state().length, "no state");
        assertEquals(0, s.format(), "format 0: nothing was exported (HandoverState's contract)");
        assertArrayEquals(new long[] {a}, s.openOrderIds());
        assertEquals(List.of(), exec.cancels);
        assertEquals(1, handovers.lastSwap(ID).handedOver);
    }

    @Test
    void shouldTreatANullExportAsEmptyState() {
        Handing v1 = new Handing(ID);
        v1.export = null;
        handovers.arrived(v1, v1.strategyId(), V1);
        handovers.departed(v1, V1, false);
        Handing v2 = new Handing(ID);
        handovers.arrived(v2, v2.strategyId(), V2);
        assertEquals(0, v2.imported.get(0).state().length);
    }

    @Test
    void shouldRefuseASecondInstanceWhoseIdIsHeldAndNameBoth() {
        Handing first = new Handing(ID);
        Handing second = new Handing(ID);
        assertNull(handovers.arrived(first, first.strategyId(), V1, "comp.one").refused);
        long a = open(ID);

        StrategyHandovers.Arrival dup = handovers.arrived(second, second.strategyId(), "other.strategy 2.0.0", "comp.two");

        assertNotNull(dup.refused, "the second instance is refused");
        assertTrue(dup.refused.contains("strategy " + ID) && dup.refused.contains("comp.one") && dup.refused.contains(V1)
                && dup.refused.contains("comp.two") && dup.refused.contains("other.strategy 2.0.0"), "names both: " + dup.refused);
        assertEquals(List.of(first), handovers.instances(ID), "only the first holds the id");
        assertEquals(1, handovers.refused().size());
        assertEquals(second, handovers.refused().get(0).strategy);
        assertEquals(List.of(), heard, "the caller logs the refusal once; nothing else is said");
        assertEquals(0, second.imported.size());

        handovers.departed(second, "other.strategy 2.0.0", false);
        assertEquals(0, second.exports, "a refused instance hands nothing over");
        assertEquals(List.of(), handovers.refused());
        assertEquals(List.of(first), handovers.instances(ID));
        assertArrayEquals(new int[0], handovers.pendingIds());

        handovers.departed(first, V1, false);
        assertEquals(1, first.exports);
        scheduler.advance(500);
        assertEquals(List.of(a), exec.cancels);
    }

    @Test
    void shouldSayARefusedInstanceStaysStoppedWhenTheHolderLeaves() {
        Handing first = new Handing(ID);
        Handing second = new Handing(ID);
        handovers.arrived(first, ID, V1);
        handovers.arrived(second, ID, V2);
        handovers.departed(first, V1, false);
        assertTrue(heard.stream().anyMatch(h -> h.startsWith("WARN ") && h.contains("stay stopped")), heard.toString());
        assertEquals(1, first.exports, "the holder's state is parked for the next instance");
        assertArrayEquals(new int[] {ID}, handovers.pendingIds());
    }

    @Test
    void shouldNotTreatASwapAsADuplicate() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, ID, V1);
        handovers.departed(v1, V1, false);
        Handing v2 = new Handing(ID);
        StrategyHandovers.Arrival a = handovers.arrived(v2, ID, V2);
        assertNull(a.refused);
        assertNull(a.startDisabled);
        assertTrue(a.imported);
        assertEquals(List.of(), handovers.refused());
        assertEquals(List.of(v2), handovers.instances(ID));
    }

    // ------------------------------------------------------------------ an instance that would start flat

    /** A position source that says {@link #held} for {@link #ID}. */
    final class Positions implements StrategyHandovers.HeldPositions {
        String held;
        @Override public boolean available() { return true; }
        @Override public String held(int strategyId) { return strategyId == ID ? held : null; }
    }

    @Test
    void shouldStartDisabledAnInstanceRecreatedAfterTheHandoverTimeoutWhileItsIdHoldsAPosition() {
        Positions positions = new Positions();
        handovers.positions(positions);
        Handing v1 = new Handing(ID);
        assertNull(handovers.arrived(v1, ID, V1).startDisabled, "flat at its first start");
        positions.held = "SIM:BTCUSDT -0.00173";
        handovers.departed(v1, V1, false);
        scheduler.advance(500); // no new instance in time: the handover expires

        Handing v2 = new Handing(ID);
        StrategyHandovers.Arrival a = handovers.arrived(v2, ID, V2, "example.strategy");

        assertNull(a.refused);
        assertNotNull(a.startDisabled, "it would start flat while the host counts a position");
        assertTrue(a.startDisabled.contains("SIM:BTCUSDT -0.00173") && a.startDisabled.contains("flox:enable " + ID)
                && a.startDisabled.contains("DISABLED"), a.startDisabled);
        assertEquals(0, v2.imported.size(), "nothing to import: the handover timed out");
        assertTrue(handovers.heldBack(ID).contains("SIM:BTCUSDT -0.00173"));
        handovers.enabled(ID);
        assertNull(handovers.heldBack(ID));
    }

    @Test
    void shouldStartDisabledAnInstanceThatRefusesTheStateWhileItsIdHoldsAPosition() {
        Positions positions = new Positions();
        handovers.positions(positions);
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, ID, V1);
        positions.held = "SIM:BTCUSDT 0.002";
        handovers.departed(v1, V1, false);
        Handing v2 = new Handing(ID);
        v2.accept = false;
        StrategyHandovers.Arrival a = handovers.arrived(v2, ID, V2);
        assertNotNull(a.startDisabled);
        assertTrue(a.startDisabled.contains("refused its predecessor's state"), a.startDisabled);
    }

    @Test
    void shouldStartAnInstanceThatTookOverTheStateOrWhoseIdIsFlat() {
        Positions positions = new Positions();
        handovers.positions(positions);
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, ID, V1);
        positions.held = "SIM:BTCUSDT 0.002";
        handovers.departed(v1, V1, false);
        Handing v2 = new Handing(ID);
        assertNull(handovers.arrived(v2, ID, V2).startDisabled, "it imported its predecessor's position");

        positions.held = null;
        handovers.departed(v2, V2, false);
        scheduler.advance(500);
        assertNull(handovers.arrived(new Handing(ID), ID, V2).startDisabled, "flat: starting flat is right");
    }

    @Test
    void shouldStartDisabledAReturningIdWhenNoPositionSourceCanTell() {
        Plain v1 = new Plain(ID);
        assertNull(handovers.arrived(v1, ID, V1).startDisabled, "a first instance starts");
        handovers.departed(v1, V1, false);
        scheduler.advance(500);
        StrategyHandovers.Arrival a = handovers.arrived(new Plain(ID), ID, V2);
        assertNotNull(a.startDisabled);
        assertTrue(a.startDisabled.contains("no position source"), a.startDisabled);
    }

    // ------------------------------------------------------------------ queries

    @Test
    void shouldReportOrphanedOrders() {
        Handing present = new Handing(ID);
        handovers.arrived(present, present.strategyId(), V1);
        long owned = open(ID);
        long orphan = open(9); // no instance ever had id 9
        long ownerless = open(0); // sent without an owner: not counted
        long finished = open(9);
        fill(finished);
        assertArrayEquals(new long[] {orphan}, handovers.orphanedOrders());

        Handing leaving = new Handing(OTHER);
        handovers.arrived(leaving, leaving.strategyId(), V1);
        long parked = open(OTHER);
        handovers.departed(leaving, V1, false);
        assertArrayEquals(new long[] {orphan}, handovers.orphanedOrders(), "a pending handover owns its orders");

        handovers.departed(present, V1, true); // host stopping: nothing handed over
        assertArrayEquals(new long[] {owned, orphan}, sorted(handovers.orphanedOrders()));

        scheduler.advance(500); // id 8's orders canceled: pending cancel, still open at the venue
        assertEquals(OrderStatus.PENDING_CANCEL, status(parked));
        assertArrayEquals(new long[] {owned, orphan, parked}, sorted(handovers.orphanedOrders()));
        tracker.apply(report.reset(ExecType.CANCELED, parked, btc, Side.BUY));
        assertArrayEquals(new long[] {owned, orphan}, sorted(handovers.orphanedOrders()));
        assertEquals(OrderStatus.ACCEPTED, status(ownerless));

        handovers.tracker(null);
        assertArrayEquals(new long[0], handovers.orphanedOrders(), "no tracker, nothing known");
        assertArrayEquals(new long[0], handovers.openOrders(ID));
    }

    @Test
    void shouldListOpenOrdersOfAStrategyAscending() {
        long[] ids = new long[40]; // more than allOpen's first buffer
        for (int i = 0; i < ids.length; i++) ids[i] = open(ID);
        open(OTHER);
        fill(ids[5]);
        long[] expected = new long[ids.length - 1];
        for (int i = 0, n = 0; i < ids.length; i++) if (i != 5) expected[n++] = ids[i];
        assertArrayEquals(expected, handovers.openOrders(ID));
        assertArrayEquals(new long[0], handovers.openOrders(42));
    }

    @Test
    void shouldKeepTheLast256Records() {
        handovers.configure(OrdersPolicy.CANCEL, 500);
        for (int i = 1; i <= 300; i++) {
            Plain s = new Plain(i);
            handovers.arrived(s, s.strategyId(), V1);
            handovers.departed(s, V1, false);
        }
        List<Record> h = handovers.history();
        assertEquals(256, h.size());
        assertEquals(45, h.get(0).strategyId, "oldest first, the first 44 dropped");
        assertEquals(300, h.get(255).strategyId);
        assertNotNull(handovers.lastSwap(1), "last swap per id is kept regardless");
    }

    @Test
    void shouldLeaveOrdersAsTheyAreOnClose() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);

        handovers.close();

        assertArrayEquals(new int[0], handovers.pendingIds());
        assertEquals(List.of(), scheduler.waiting(), "the timeout was canceled");
        scheduler.advance(10_000);
        assertEquals(List.of(), exec.cancels);
        assertEquals(OrderStatus.ACCEPTED, status(a));
    }

    @Test
    void shouldCancelNothingWithoutAGateway() {
        Handing v1 = new Handing(ID);
        handovers.arrived(v1, v1.strategyId(), V1);
        long a = open(ID);
        handovers.departed(v1, V1, false);
        handovers.gateway(null);
        scheduler.advance(500);
        assertEquals(List.of(), exec.cancels);
        assertEquals(OrderStatus.ACCEPTED, status(a));
        assertEquals(0, handovers.lastSwap(ID).canceled);
    }

    static long[] sorted(long[] a) {
        long[] c = a.clone();
        java.util.Arrays.sort(c);
        return c;
    }
}
