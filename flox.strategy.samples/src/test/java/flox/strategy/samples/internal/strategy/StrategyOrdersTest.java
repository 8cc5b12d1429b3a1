package flox.strategy.samples.internal.strategy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.strategy.samples.internal.TestSupport.FakeGateway;
import flox.strategy.samples.internal.TestSupport.ManualClock;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(30)
class StrategyOrdersTest {
    private final FakeGateway gateway = new FakeGateway();
    private final TickToTradeProbe probe = new TickToTradeProbe(64);
    private final ManualClock clock = new ManualClock();
    private final StrategyOrders orders = new StrategyOrders(gateway, probe, clock, 3, 2);

    @Test
    void shouldMeasureTickToTradeFromTheTriggerToSubmitReturned() {
        clock.nowNs = 1_000;
        long[] duringSubmit = new long[1];
        gateway.listener = r -> {
            duringSubmit[0] = probe.handedNs(r.clientOrderId());
            clock.nowNs += 250; // the gateway, risk and the venue's queue take 250 ns
        };
        long id = orders.submit(Side.BUY, 100, 10, TimeInForce.GTC, 400);
        assertEquals(TickToTradeProbe.IN_FLIGHT, duringSubmit[0], "an ACCEPTED report inside submit finds no hand-off time yet");
        assertEquals(1_250, probe.handedNs(id), "handed to the venue when submit returned");
        assertEquals(1, probe.tickToTrade().count());
        assertEquals(850, probe.tickToTrade().max(), "trigger 400 to hand-off 1250");
        assertEquals(0, probe.refused());
    }

    @Test
    void shouldCountAnOrderRefusedInSubmitWithoutATickToTradeTime() {
        clock.nowNs = 1_000;
        gateway.submitResult = RejectReason.BACK_PRESSURED;
        orders.submit(Side.BUY, 100, 10, TimeInForce.IOC, 400);
        assertEquals(1, probe.refused());
        assertEquals(0, probe.tickToTrade().count(), "no time for an order that was not handed over");
        assertEquals(TickToTradeProbe.NONE, probe.handedNs(gateway.last().id()));

        gateway.submitResult = RejectReason.NONE;
        orders.submit(Side.BUY, 100, 10, TimeInForce.IOC, 900);
        assertEquals(1, probe.refused());
        assertEquals(100, probe.tickToTrade().max());
    }

    @Test
    void shouldNotMeasureAnOrderTheTableHadNoRoomFor() {
        orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0);
        orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0);
        orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0); // never reaches the gateway
        assertEquals(2, probe.tickToTrade().count());
        assertEquals(0, probe.refused());
    }

    @Test
    void shouldTakeFillsFromTheCumulativeQuantitySoRepeatsChangeNothing() {
        long id = orders.submit(Side.BUY, 100, 10, TimeInForce.GTC, 0);
        orders.onExecution(ExecType.ACCEPTED, id, 0, 0, 0);
        orders.onExecution(ExecType.PARTIALLY_FILLED, id, 100, 4, 4);
        orders.onExecution(ExecType.PARTIALLY_FILLED, id, 100, 4, 4); // repeated
        assertEquals(4, orders.inventory());
        orders.onExecution(ExecType.FILLED, id, 100, 6, 10);
        assertEquals(10, orders.inventory());
        assertEquals(0, orders.openCount());
        orders.onExecution(ExecType.FILLED, id, 100, 6, 10); // after the slot is free: ignored
        assertEquals(10, orders.inventory());
        assertEquals(2, orders.fills());
    }

    @Test
    void shouldFreeTheSlotOfARefusedOrderAndRememberWhy() {
        gateway.submitResult = RejectReason.RISK_LIMIT;
        assertEquals(0, orders.submit(Side.SELL, 100, 1, TimeInForce.IOC, 0));
        assertEquals(0, orders.openCount());
        assertEquals(RejectReason.RISK_LIMIT, orders.lastRefusal());
        assertEquals(1, orders.refused());
        orders.onExecution(ExecType.REJECTED, 1, 0, 0, 0); // the gateway's report of the same refusal
        assertEquals(0, orders.openCount());
    }

    @Test
    void shouldRefuseToSendWhenTheTableIsFull() {
        assertTrue(orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0) > 0);
        assertTrue(orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0) > 0);
        assertEquals(0, orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0));
        assertEquals(1, orders.tableFull());
        assertEquals(2, gateway.submits);
    }

    @Test
    void shouldIgnoreReportsOfOtherStrategiesOrders() {
        orders.onExecution(ExecType.FILLED, 42, 100, 5, 5);
        assertEquals(0, orders.inventory());
    }

    @Test
    void shouldGoBackToLiveWhenACancelIsRefusedAndFreeTheSlotWhenCanceled() {
        long id = orders.submit(Side.SELL, 100, 10, TimeInForce.GTC, 0);
        orders.onExecution(ExecType.ACCEPTED, id, 0, 0, 0);
        int slot = orders.find(id);
        assertTrue(orders.cancel(slot));
        assertEquals(StrategyOrders.CANCELING, orders.state(slot));
        assertFalse(orders.cancel(slot), "already canceling");
        orders.onExecution(ExecType.CANCEL_REJECTED, id, 0, 0, 0);
        assertEquals(StrategyOrders.LIVE, orders.state(slot));
        assertTrue(orders.cancel(slot));
        orders.onExecution(ExecType.PARTIALLY_FILLED, id, 100, 3, 3); // filled while canceling
        orders.onExecution(ExecType.CANCELED, id, 0, 0, 3);
        assertEquals(-3, orders.inventory());
        assertEquals(0, orders.openCount());
        assertEquals(java.util.List.of(id, id), gateway.cancels);
    }

    @Test
    void shouldKeepAnOrderWorkingWhenTheGatewayCannotCancelIt() {
        long id = orders.submit(Side.SELL, 100, 10, TimeInForce.GTC, 0);
        orders.onExecution(ExecType.ACCEPTED, id, 0, 0, 0);
        gateway.cancelResult = RejectReason.NOT_RUNNING;
        assertFalse(orders.cancel(orders.find(id)));
        assertEquals(StrategyOrders.LIVE, orders.state(orders.find(id)));
        gateway.cancelResult = RejectReason.UNKNOWN_ORDER; // it ended meanwhile: its report will free it
        assertFalse(orders.cancel(orders.find(id)));
        assertEquals(StrategyOrders.CANCELING, orders.state(orders.find(id)));
    }

    @Test
    void shouldHoldNewOrdersBackForTheCooldownAfterARefusal() {
        orders.cooldownNs(100);
        assertTrue(orders.mayOpen(0));
        gateway.submitResult = RejectReason.KILL_SWITCH;
        orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0);
        assertFalse(orders.mayOpen(1_000), "the cool-down starts at the first check after the refusal");
        assertFalse(orders.mayOpen(1_099));
        assertTrue(orders.mayOpen(1_100));
        gateway.submitResult = RejectReason.NONE;
        long id = orders.submit(Side.BUY, 1, 1, TimeInForce.GTC, 0);
        orders.onExecution(ExecType.REJECTED, id, 0, 0, 0);
        assertEquals(1, orders.rejects());
        assertFalse(orders.mayOpen(2_000));
        assertTrue(orders.mayOpen(2_100));
    }
}
