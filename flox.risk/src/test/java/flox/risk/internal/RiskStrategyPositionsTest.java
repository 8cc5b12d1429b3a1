package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.Side;
import flox.api.order.StrategyPositions;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The risk component is a {@link StrategyPositions} source for the host (a strategy re-created
 * after the handover timeout starts disabled while its id holds a position): the exact positions
 * of its table, which does not depend on the samples' metrics collector.
 */
@Timeout(30)
class RiskStrategyPositionsTest {
    static final long PX = 6_000_000;
    static final long ONE_BTC = 100_000;
    static final long ONE_ETH = 10_000;

    @TempDir
    Path home;

    @Test
    void shouldMoveThePositionByFillsARestatementBringsAndNotTwice() throws Exception {
        RiskFixture f = new RiskFixture(java.util.Map.of());
        assertEquals(flox.api.order.RejectReason.NONE, f.submit(RiskFixture.STRATEGY, f.btc, flox.api.order.Side.BUY, 6_000_000, 100_000));
        long id = f.lastId();
        f.ack(id);
        f.fill(id, 6_000_000, 20_000, 20_000);
        flox.api.order.OrderState s = new flox.api.order.OrderState();
        f.tracker.read(id, s);
        // the venue's view after a reconnect: 70,000 filled, still live
        f.execution(f.report.reset(flox.api.event.ExecType.RESTATED, id, f.btc, flox.api.order.Side.BUY).venueStatus(flox.api.order.OrderStatus.PARTIALLY_FILLED)
                .fill(6_000_000, 0, 70_000));
        assertEquals(70_000, f.engine.position(RiskFixture.STRATEGY, f.btc), "the 50,000 missed while disconnected count");
        f.execution(f.report.reset(flox.api.event.ExecType.RESTATED, id, f.btc, flox.api.order.Side.BUY).venueStatus(flox.api.order.OrderStatus.PARTIALLY_FILLED)
                .fill(6_000_000, 0, 70_000));
        assertEquals(70_000, f.engine.position(RiskFixture.STRATEGY, f.btc), "the same view again moves nothing");
    }

    @Test
    void shouldGiveTheHostEachStrategysNetFilledPositionsFromTheRiskTable() throws Exception {
        RiskFixture f = new RiskFixture(RiskFixture.only());
        Object component = f.component(home, RiskSafetyTest.file());
        assertTrue(component instanceof StrategyPositions, "flox.risk provides StrategyPositions");
        StrategyPositions positions = (StrategyPositions) component;
        assertEquals(Map.of(), positions.positions(STRATEGY), "never filled");

        f.filled(STRATEGY, f.btc, Side.BUY, PX, 3 * ONE_BTC / 2);
        f.filled(STRATEGY, f.eth, Side.SELL, 300_000, ONE_ETH / 4);
        f.filled(STRATEGY + 1, f.btc, Side.BUY, PX, ONE_BTC);
        f.filled(STRATEGY + 1, f.btc, Side.SELL, PX, ONE_BTC);

        assertEquals(Map.of(f.btc, 3 * ONE_BTC / 2, f.eth, -ONE_ETH / 4), positions.positions(STRATEGY), "symbol id -> scaled net position");
        assertEquals(Map.of(), positions.positions(STRATEGY + 1), "flat again: no entry");
        assertEquals(Map.of(), positions.positions(STRATEGY + 2));
        assertEquals(3 * ONE_BTC / 2, f.engine.position(STRATEGY, f.btc), "the same table the max.position check reads");
    }
}
