package flox.core.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.BusResult;
import flox.api.bus.ExecutionBus;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class OrderRouterTest {
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final NanoClock clock = new NanoClock() {
        long now = 1000;
        @Override public long nanoTime() { return now++; }
        @Override public long epochNanos() { return now; }
    };
    final List<String> published = new ArrayList<>();
    final OrderRouter router = new OrderRouter(registry, tracker, clock);
    final OrderState state = new OrderState();
    int btc;

    /** Records what it was asked, checks the tracker already says PENDING_NEW, answers {@link #answer}. */
    class Exec implements OrderExecutor {
        final String exchange;
        RejectReason answer = RejectReason.NONE;
        final List<String> calls = new ArrayList<>();
        final List<Integer> symbols = new ArrayList<>();
        OrderStatus statusSeenAtSubmit;

        Exec(String exchange) { this.exchange = exchange; }
        @Override public String exchange() { return exchange; }
        @Override public RejectReason submit(OrderRequest r) {
            tracker.read(r.clientOrderId(), state);
            statusSeenAtSubmit = state.status();
            calls.add("submit " + r.clientOrderId());
            return answer;
        }
        @Override public RejectReason cancel(int sym, long id) { calls.add("cancel " + id); symbols.add(sym); return answer; }
        @Override public RejectReason replace(int sym, long o, long n, long px, long qty) { symbols.add(sym); calls.add("replace " + o + "->" + n + " " + px + "x" + qty); return answer; }
        @Override public void start() { }
        @Override public void stop() { }
    }

    @BeforeEach
    void setUp() throws Exception {
        btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        router.executionBus(new ExecutionBus() {
            @Override public long publishExecution(ExecutionEvent e) {
                published.add(e.execType() + " " + e.clientOrderId() + " " + e.reason());
                return 0;
            }
        });
    }

    OrderRequest order(long id, long qty) {
        return new OrderRequest().limit(id, btc, Side.BUY, 6_000_000, qty, TimeInForce.GTC).strategyId(7);
    }

    @Test
    void shouldTrackAsPendingNewBeforeTheExecutorSeesTheOrder() {
        Exec exec = new Exec("SIM");
        router.addExecutor(exec);
        assertEquals(RejectReason.NONE, router.submit(order(1, 100)));
        assertEquals(OrderStatus.PENDING_NEW, exec.statusSeenAtSubmit, "an executor on another thread may ack at once");
        assertEquals(List.of("submit 1"), exec.calls);
        assertEquals(1, router.count(RejectReason.NONE));
        assertEquals(List.of(), published);
    }

    @Test
    void shouldRefuseUnknownSymbolsAndInvalidRequestsWithoutTrackingThem() {
        router.addExecutor(new Exec("SIM"));
        assertEquals(RejectReason.UNKNOWN_SYMBOL, router.submit(order(1, 100).symbolId(99)));
        assertEquals(RejectReason.INVALID_QUANTITY, router.submit(order(2, 0)));
        assertEquals(0, tracker.trackedOrderCount());
    }

    @Test
    void shouldRejectThroughRiskWithTheReasonVisibleEverywhere() {
        Exec exec = new Exec("SIM");
        router.addExecutor(exec);
        List<Long> seen = new ArrayList<>();
        RiskCheck maxQty = r -> r.quantityScaled() > 500 ? RejectReason.RISK_LIMIT : RejectReason.NONE;
        RiskCheck recorder = r -> { seen.add(r.clientOrderId()); return RejectReason.NONE; };
        router.addRiskCheck(maxQty);
        router.addRiskCheck(recorder);
        assertEquals(RejectReason.RISK_LIMIT, router.submit(order(1, 1000)));
        assertEquals(List.of(), seen, "checks stop at the first refusal");
        assertEquals(List.of(), exec.calls, "the executor never saw it");
        assertTrue(tracker.read(1, state));
        assertEquals(OrderStatus.REJECTED, state.status());
        assertEquals(RejectReason.RISK_LIMIT, state.lastReason());
        assertEquals(List.of("REJECTED 1 RISK_LIMIT"), published);
        assertEquals(1, router.count(RejectReason.RISK_LIMIT));
        assertEquals(RejectReason.NONE, router.submit(order(2, 100)));
        assertEquals(List.of(2L), seen);
        router.removeRiskCheck(maxQty);
        assertEquals(RejectReason.NONE, router.submit(order(3, 1000)));
    }

    @Test
    void shouldRefuseNewOrdersUntilARiskCheckIsBoundWhenOneIsRequired() {
        router.addExecutor(new Exec("SIM"));
        router.requireRiskCheck(); // a host process: flox.risk may not have started (or may have failed to)
        assertTrue(router.refusingForWantOfRisk());
        assertEquals(RejectReason.RISK_HALTED, router.submit(order(1, 100)));
        router.addRiskCheck(r -> RejectReason.NONE);
        assertFalse(router.refusingForWantOfRisk());
        assertEquals(RejectReason.NONE, router.submit(order(2, 100)));
    }

    @Test
    void shouldRefuseNewOrdersWhileTheLastRiskCheckIsGone() {
        Exec exec = new Exec("SIM");
        router.addExecutor(exec);
        RiskCheck risk = r -> r.quantityScaled() > 500 ? RejectReason.RISK_LIMIT : RejectReason.NONE;
        router.addRiskCheck(risk);
        assertEquals(RejectReason.NONE, router.submit(order(1, 100)));
        router.removeRiskCheck(risk); // risk's bundle stopped, updated or swapped
        assertEquals(RejectReason.RISK_HALTED, router.submit(order(2, 1000)), "an order never passes unchecked while risk restarts");
        assertEquals(RejectReason.RISK_HALTED, router.replace(1, 3, 6_000_000, 1000));
        assertEquals(RejectReason.NONE, router.cancel(1), "cancels still pass");
        router.addRiskCheck(risk);
        assertEquals(RejectReason.RISK_LIMIT, router.submit(order(4, 1000)));
        assertEquals(RejectReason.NONE, router.submit(order(5, 100)));
    }

    @Test
    void shouldTreatAThrowingRiskCheckAsARefusal() {
        router.addExecutor(new Exec("SIM"));
        router.addRiskCheck(r -> { throw new IllegalStateException("broken"); });
        assertEquals(RejectReason.RISK_LIMIT, router.submit(order(1, 100)));
    }

    @Test
    void shouldRejectWhenNoExecutorServesTheExchangeOrItRefuses() {
        assertEquals(RejectReason.NOT_RUNNING, router.submit(order(1, 100)));
        Exec other = new Exec("BINANCE");
        router.addExecutor(other);
        assertEquals(RejectReason.NOT_RUNNING, router.submit(order(2, 100)), "routing is by the symbol's exchange");
        Exec sim = new Exec("SIM");
        sim.answer = RejectReason.BACK_PRESSURED;
        router.addExecutor(sim);
        assertEquals(RejectReason.BACK_PRESSURED, router.submit(order(3, 100)));
        tracker.read(3, state);
        assertEquals(OrderStatus.REJECTED, state.status());
        assertEquals(List.of("REJECTED 1 NOT_RUNNING", "REJECTED 2 NOT_RUNNING", "REJECTED 3 BACK_PRESSURED"), published);
    }

    @Test
    void shouldRouteSymbolsRegisteredAfterTheExecutorArrived() throws Exception {
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        int eth = registry.register(SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        assertEquals(RejectReason.NONE, router.submit(order(1, 100).symbolId(eth)));
    }

    @Test
    void shouldCancelAndReplaceThroughTheTrackerAndUndoWhenTheExecutorRefuses() {
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        router.submit(order(1, 100));
        ExecutionEvent ack = new ExecutionEvent().reset(ExecType.ACCEPTED, 1, btc, Side.BUY);
        tracker.apply(ack);
        assertEquals(RejectReason.NONE, router.replace(1, 2, 5_900_000, 200));
        assertEquals("replace 1->2 5900000x200", sim.calls.get(1));
        tracker.read(1, state);
        assertEquals(OrderStatus.PENDING_REPLACE, state.status());
        tracker.apply(new ExecutionEvent().reset(ExecType.REPLACED, 2, btc, Side.BUY).origClientOrderId(1).order(5_900_000, 200));
        sim.answer = RejectReason.UNKNOWN_ORDER;
        assertEquals(RejectReason.UNKNOWN_ORDER, router.cancel(2));
        tracker.read(2, state);
        assertEquals(OrderStatus.ACCEPTED, state.status(), "the refused cancel is undone");
        assertEquals(List.of("CANCEL_REJECTED 2 UNKNOWN_ORDER"), published);
        sim.answer = RejectReason.NONE;
        assertEquals(RejectReason.NONE, router.cancel(2));
        tracker.read(2, state);
        assertEquals(OrderStatus.PENDING_CANCEL, state.status());
        assertEquals(RejectReason.UNKNOWN_ORDER, router.cancel(99));
    }

    /**
     * The gateway alone publishes the refusals of submit, cancel and replace, applied to the
     * tracker first, each once, with BACK_PRESSURED retried (it used to be dropped).
     */
    @Test
    void shouldPublishEachRefusalOnceRetryingBackPressure() {
        List<String> delivered = new ArrayList<>();
        int[] pushBacks = {0};
        router.executionBus(new ExecutionBus() {
            @Override public long publishExecution(ExecutionEvent e) {
                if (pushBacks[0]++ % 2 == 0) return BusResult.BACK_PRESSURED; // every other attempt
                delivered.add(e.execType() + " " + e.clientOrderId() + " " + e.reason());
                return delivered.size();
            }
        });
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        router.submit(order(1, 100));
        tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, 1, btc, Side.BUY));
        sim.answer = RejectReason.BACK_PRESSURED;
        assertEquals(RejectReason.BACK_PRESSURED, router.submit(order(2, 100)));
        assertEquals(RejectReason.BACK_PRESSURED, router.cancel(1));
        assertEquals(RejectReason.BACK_PRESSURED, router.replace(1, 3, 5_900_000, 100));
        assertEquals(List.of("REJECTED 2 BACK_PRESSURED", "CANCEL_REJECTED 1 BACK_PRESSURED", "REPLACE_REJECTED 3 BACK_PRESSURED"), delivered);
        assertEquals(3, router.refusalReports().published());
        assertEquals(3, router.refusalReports().backPressuredRetries());
        tracker.read(1, state);
        assertEquals(OrderStatus.ACCEPTED, state.status(), "both refusals undone in the tracker");
    }

    @Test
    void shouldRefuseOrdersOfADisabledStrategy() {
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        List<Long> checked = new ArrayList<>();
        router.addRiskCheck(r -> { checked.add(r.clientOrderId()); return RejectReason.NONE; });
        router.setDisabled(7, true);
        assertTrue(router.isDisabled(7));
        assertFalse(router.isDisabled(8));

        assertEquals(RejectReason.STRATEGY_DISABLED, router.submit(order(1, 100)));

        assertEquals(List.of(), sim.calls, "the executor never saw it");
        assertEquals(List.of(), checked, "refused before the risk checks");
        assertTrue(tracker.read(1, state), "tracked like any other refusal");
        assertEquals(OrderStatus.REJECTED, state.status());
        assertEquals(RejectReason.STRATEGY_DISABLED, state.lastReason());
        assertEquals(7, state.strategyId());
        assertEquals(List.of("REJECTED 1 STRATEGY_DISABLED"), published);
        assertEquals(1, router.count(RejectReason.STRATEGY_DISABLED));
        assertEquals(0, router.count(RejectReason.NONE));

        assertEquals(RejectReason.NONE, router.submit(order(2, 100).strategyId(8)), "other strategies go on");
        assertEquals(List.of("submit 2"), sim.calls);
        assertEquals(RejectReason.DUPLICATE_ORDER_ID, router.submit(order(1, 100)), "the refused id stays used");
    }

    @Test
    void shouldGiveTheExecutorTheSymbolOfTheOrderToCancelOrReplace() throws Exception {
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        int eth = registry.register(SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        router.submit(order(1, 100).symbolId(eth).stopPriceScaled(6_100_000));
        router.submit(order(2, 100).symbolId(eth));
        tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, 1, eth, Side.BUY));
        tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, 2, eth, Side.BUY));
        assertEquals(RejectReason.NONE, router.cancel(2));
        assertEquals(RejectReason.NONE, router.replace(1, 3, 5_900_000, 50));
        assertEquals(List.of(eth, eth), sim.symbols, "symbol ids passed with cancel and replace");
        assertTrue(eth != btc);
        assertTrue(tracker.read(3, state));
        assertEquals(6_100_000, state.stopPriceScaled(), "the replacement keeps the stop price, which a FIX replace restates");
    }

    @Test
    void shouldAcceptOrdersAgainWhenTheStrategyIsEnabled() {
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        router.setDisabled(7, true);
        assertEquals(RejectReason.STRATEGY_DISABLED, router.submit(order(1, 100)));
        router.setDisabled(7, false);
        assertFalse(router.isDisabled(7));
        assertEquals(RejectReason.NONE, router.submit(order(2, 100)));
        assertEquals(List.of("submit 2"), sim.calls);
        tracker.read(2, state);
        assertEquals(OrderStatus.PENDING_NEW, state.status());
    }

    @Test
    void shouldStillCancelButNotReplaceOrdersOfADisabledStrategy() {
        Exec sim = new Exec("SIM");
        router.addExecutor(sim);
        router.submit(order(1, 100));
        router.submit(order(2, 100));
        tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, 1, btc, Side.BUY));
        tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, 2, btc, Side.BUY));
        router.setDisabled(7, true);

        assertEquals(RejectReason.NONE, router.cancel(1));
        tracker.read(1, state);
        assertEquals(OrderStatus.PENDING_CANCEL, state.status());
        assertEquals(RejectReason.STRATEGY_DISABLED, router.replace(2, 3, 5_900_000, 500), "a replace could raise the quantity");
        tracker.read(2, state);
        assertEquals(OrderStatus.ACCEPTED, state.status(), "the original stays as it is");
        assertFalse(tracker.read(3, state), "the replacement is not tracked");
        assertEquals(List.of("submit 1", "submit 2", "cancel 1"), sim.calls);
        assertEquals(1, router.count(RejectReason.STRATEGY_DISABLED));
        router.setDisabled(7, false);
        assertEquals(RejectReason.NONE, router.replace(2, 3, 5_900_000, 50));
        assertEquals(List.of("submit 1", "submit 2", "cancel 1", "replace 2->3 5900000x50"), sim.calls);
    }

    @Test
    void shouldRefuseADisabledStrategyEvenWithoutAnExecutor() {
        router.setDisabled(7, true);
        assertEquals(RejectReason.STRATEGY_DISABLED, router.submit(order(1, 100)), "the operator's refusal is the reason given");
        assertEquals(List.of("REJECTED 1 STRATEGY_DISABLED"), published);
    }

    @Test
    void shouldKeepTrackOfSeveralDisabledStrategies() {
        int[] ids = {42, 7, -3, 0, 1_000_000, 8, 9};
        for (int id : ids) router.setDisabled(id, true);
        router.setDisabled(7, true); // twice: no change
        for (int id : ids) assertTrue(router.isDisabled(id), "disabled " + id);
        assertFalse(router.isDisabled(10));

        router.setDisabled(8, false);
        router.setDisabled(-3, false);
        router.setDisabled(1_000_000, false);
        router.setDisabled(11, false); // never disabled: no change
        for (int id : new int[] {42, 7, 0, 9}) assertTrue(router.isDisabled(id), "still disabled " + id);
        for (int id : new int[] {8, -3, 1_000_000, 11}) assertFalse(router.isDisabled(id), "enabled " + id);

        for (int id : ids) router.setDisabled(id, false);
        for (int id : ids) assertFalse(router.isDisabled(id));
        router.addExecutor(new Exec("SIM"));
        assertEquals(RejectReason.NONE, router.submit(order(1, 100)));
    }

    @Test
    void shouldNotAllocateOnSubmitInSteadyState() {
        Exec sim = new Exec("SIM") {
            @Override public RejectReason submit(OrderRequest r) { return RejectReason.NONE; }
        };
        router.addExecutor(sim);
        router.addRiskCheck(r -> r.quantityScaled() > 1_000_000 ? RejectReason.RISK_LIMIT : RejectReason.NONE);
        router.executionBus(null);
        OrderRequest req = order(0, 100);
        ExecutionEvent fill = new ExecutionEvent();
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long me = Thread.currentThread().getId();
        StringBuilder perRound = new StringBuilder();
        boolean steady = false;
        // rounds 0-1 warm up (class loading, JIT); then the first round under 1 KiB is the steady state. A JIT
        // transition under load may cost a round a few KiB once; an allocation per event costs every round MiBs.
        for (int round = 0; round < 8 && !steady; round++) {
            long before = threads.getThreadAllocatedBytes(me);
            for (int i = 0; i < 50_000; i++) {
                long id = router.nextClientOrderId();
                router.submit(req.clientOrderId(id));
                tracker.apply(fill.reset(ExecType.ACCEPTED, id, btc, Side.BUY));
                tracker.apply(fill.reset(ExecType.FILLED, id, btc, Side.BUY).fill(6_000_000, 100, 100));
            }
            long allocated = threads.getThreadAllocatedBytes(me) - before;
            perRound.append(round == 0 ? "" : ", ").append(allocated);
            steady = round >= 2 && allocated < 1024;
        }
        assertTrue(steady, "bytes allocated per round of 50,000 orders: " + perRound);
    }
}
