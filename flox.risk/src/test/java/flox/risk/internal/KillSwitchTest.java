package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The kill switch through the host's real gateway and tracker. */
@Timeout(30)
class KillSwitchTest {
    static final long PX = 6_000_000;

    @Test
    void shouldCancelEverythingOpenRefuseNewOrdersAndRestoreOnUnkill() throws Exception {
        RiskFixture f = new RiskFixture(only());
        for (int i = 0; i < 5; i++) {
            assertEquals(RejectReason.NONE, f.submit(STRATEGY + i % 2, i % 2 == 0 ? f.btc : f.eth, Side.BUY, PX, 100));
            f.ack(f.lastId());
        }
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, PX, 100));   // sent, not yet acknowledged
        long partial = f.lastId();
        f.ack(partial);
        f.fill(partial, PX, 40, 40);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.SELL, PX, 100));   // PENDING_NEW
        assertEquals(7, f.tracker.openOrderCount());

        String report = f.engine.engageKillSwitch("test");
        assertTrue(f.engine.isKillSwitchEngaged());
        assertEquals(0, f.tracker.openOrderCount(), report);
        assertTrue(report.contains("7 open orders, 7 cancels sent"), report);
        assertTrue(report.contains("no order is open"), report);
        for (long id = 1; id <= 7; id++) {
            assertTrue(f.tracker.read(id, f.state));
            assertEquals(OrderStatus.CANCELED, f.state.status(), "order " + id);
        }

        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals(RejectReason.KILL_SWITCH, f.submit(99, f.eth, Side.SELL, PX, 1));
        assertTrue(f.published.contains("REJECTED " + f.lastId() + " KILL_SWITCH"), "the strategy sees why");
        assertEquals(2, f.engine.counted(RiskCounter.KILL_SWITCH));
        assertEquals(2, f.gateway.count(RejectReason.KILL_SWITCH));

        String released = f.engine.releaseKillSwitch("test");
        assertTrue(released.contains("released"), released);
        assertFalse(f.engine.isKillSwitchEngaged());
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
        assertEquals("kill switch was not engaged", f.engine.releaseKillSwitch("test"));
    }

    @Test
    void shouldRefuseReplacesWhileEngaged() throws Exception {
        RiskFixture f = new RiskFixture(only());
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 100));
        long id = f.lastId();
        f.ack(id);
        f.exchange.refuseCancel.add(id);
        f.engine.engageKillSwitch("test");
        assertEquals(RejectReason.KILL_SWITCH, f.gateway.replace(id, f.gateway.nextClientOrderId(), PX, 200));
        assertTrue(f.tracker.read(id, f.state));
        assertEquals(OrderStatus.ACCEPTED, f.state.status(), "the original stays as it was");
    }

    @Test
    void shouldReportWhatCouldNotBeCanceledAfterTheLastRound() throws Exception {
        RiskFixture f = new RiskFixture(only("kill.cancel.rounds", "4", "kill.cancel.interval.ms", "1"));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 100));
        long stuck = f.lastId();
        f.ack(stuck);
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 100));
        f.ack(f.lastId());
        f.exchange.refuseCancel.add(stuck);

        String report = f.engine.engageKillSwitch("flox:kill");
        assertTrue(report.contains("1 still open after 4 rounds: " + stuck + " (ACCEPTED, strategy " + STRATEGY + ")"), report);
        assertTrue(report.contains("4 cancel attempts refused"), report);
        assertEquals(1, f.tracker.openOrderCount());
        long[] open = new long[4];
        assertEquals(1, f.tracker.openOrders(OrderTracker.ANY_SYMBOL, open));
        assertEquals(stuck, open[0]);
    }

    @Test
    void shouldEngageAtStartWhenConfiguredAndReleaseOnlyWhenTheConfigurationSaysFalse() throws Exception {
        RiskFixture f = new RiskFixture(only("kill.switch", "true"));
        assertTrue(f.engine.isKillSwitchEngaged(), "kill.switch=true engages at start");
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));

        String unkill = f.engine.releaseKillSwitch("flox:unkill");
        assertTrue(f.engine.isKillSwitchEngaged(), "the file still says kill.switch=true: " + unkill);
        assertTrue(unkill.contains("stays ENGAGED by configuration (kill.switch=true in configuration): new orders refused; "
                + "set kill.switch=false there"), unkill);
        f.engine.configure(RiskFixture.settings(only("kill.switch", "true", "max.order.quantity", "5")));
        assertTrue(f.engine.isKillSwitchEngaged(), "another field changed: still engaged");

        String log = f.engine.configure(RiskFixture.settings(only("kill.switch", "false")));
        assertFalse(f.engine.isKillSwitchEngaged(), log);
        assertTrue(log.contains("kill switch released by configuration (kill.switch=false in configuration)"), log);
    }

    @Test
    void shouldKeepAnOperatorKillWhenTheConfigurationReleasesOnlyItsOwn() throws Exception {
        RiskFixture f = new RiskFixture(only());
        f.engine.engageKillSwitch("flox:kill");
        f.engine.configure(RiskFixture.settings(only("kill.switch", "false", "max.order.quantity", "5")));
        assertTrue(f.engine.isKillSwitchEngaged(), "a configuration edit does not undo flox:kill");

        f.engine.configure(RiskFixture.settings(only("kill.switch", "true")));
        String log = f.engine.configure(RiskFixture.settings(only("kill.switch", "false")));
        assertTrue(f.engine.isKillSwitchEngaged(), "flox:kill is released only by flox:unkill: " + log);
        assertFalse(log.contains("released by"), "the log must not say released while the switch holds: " + log);
        assertTrue(log.contains("the kill switch stays ENGAGED by flox:kill since "), log);
        assertEquals(RejectReason.KILL_SWITCH, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));

        assertTrue(f.engine.releaseKillSwitch("flox:unkill").startsWith("kill switch released by flox:unkill (was engaged by flox:kill since "));
        assertEquals(RejectReason.NONE, f.submit(STRATEGY, f.btc, Side.BUY, PX, 1));
    }
}
