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
