package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.order.RejectReason;
import flox.api.order.Side;
import org.junit.jupiter.api.Test;

/** flox:risk shows the limits, the kill switch, refusals per limit and usage. */
class RiskDescribeTest {
    @Test
    void shouldShowLimitsRefusalsPositionsAndRates() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "2", "max.position", "4", "max.position.per.symbol", "SIM:ETHUSDT=10",
                "order.rate.per.second", "100", "order.rate.burst", "10"));
        f.book(f.btc, 5_999_000, 6_001_000);
        f.filled(STRATEGY, f.btc, Side.BUY, 6_000_000, 100_000);
        f.submit(STRATEGY, f.btc, Side.BUY, 6_000_000, 300_000);
        f.submit(5000, f.eth, Side.BUY, 6_000_000, 1);
        String out = f.engine.describe();
        assertTrue(out.contains("kill switch: off"), out);
        String line = f.engine.summaryLine();
        assertTrue(line.equals("risk: kill switch off; new orders refused: 1 (max.order.quantity 1; see flox:risk)" + System.lineSeparator()), line);
        assertTrue(out.matches("(?s).*SIM:BTCUSDT\\s+2\\.00000\\s+off\\s+4\\.00000\\s+60000\\.00.*"), out);
        assertTrue(out.matches("(?s).*SIM:ETHUSDT\\s+2\\.0000\\s+off\\s+10\\.0000\\s+-.*"), out);
        assertTrue(out.matches("(?s).*\\n  max\\.order\\.quantity\\s+1\\n.*"), out);
        assertTrue(out.contains("order rate: 100/s per strategy, burst 10"), out);
        assertTrue(out.matches("(?s).*\\s7 SIM:BTCUSDT\\s+1\\.00000\\s+25\\.0%.*"), out);
        // every refusal of the risk checks counts for its strategy, per reason (not only the rate's)
        assertTrue(out.matches("(?s).*\\s7\\s+0\\s+1\\s+1\\s+1\\s+9  max\\.order\\.quantity 1\\n.*"), out);
        assertTrue(out.matches("(?s).*others\\s+0\\s+1\\s+1\\s+0\\s+9  -\\n.*"), out);
        f.engine.engageKillSwitch("flox:kill");
        assertTrue(f.engine.describe().contains("kill switch: ENGAGED (by flox:kill since "));
        assertTrue(f.submit(STRATEGY, f.btc, Side.BUY, 1, 1) == RejectReason.KILL_SWITCH);
        f.submit(STRATEGY, f.btc, Side.BUY, 1, 1);
        String after = f.engine.describe();
        assertTrue(after.matches("(?s).*\\s7\\s+\\d+\\s+\\d+\\s+1\\s+3\\s+9  kill switch 2, max\\.order\\.quantity 1\\n.*"), after);
        String killed = f.engine.summaryLine();
        assertTrue(killed.startsWith("risk: kill switch ENGAGED (by flox:kill since ")
                && killed.contains("; new orders refused: 3 (kill switch 2, max.order.quantity 1; see flox:risk)"), killed);
    }
}
