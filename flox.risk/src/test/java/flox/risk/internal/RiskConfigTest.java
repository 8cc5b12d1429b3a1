package flox.risk.internal;

import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Configuration is read by hand: a bad value names the file and field and keeps its last good value. */
class RiskConfigTest {
    static final String FILE = "/host/etc/flox.risk.cfg";

    static Map<String, Object> file(Object... keyValues) {
        Map<String, Object> m = only(keyValues);
        m.put("felix.fileinstall.filename", "file:" + FILE);
        return m;
    }

    @Test
    void shouldTakeTheDefaultsForAbsentKeys() {
        StringBuilder errors = new StringBuilder();
        RiskSettings s = RiskSettings.read(RiskComponent.PID, Map.of(), RiskSettings.defaults(), errors);
        assertEquals("", errors.toString());
        assertEquals(RiskSettings.defaults(), s);
        assertEquals("1000", s.maxOrderQuantity.toString());
        assertEquals("100000", s.maxOrderNotional.toString());
        assertEquals(500, s.priceBandBps);
        assertEquals(1000, s.orderRatePerSecond);
        assertEquals(200, s.orderRateBurst);
    }

    @Test
    void shouldReportBadValuesByFileAndFieldAndKeepTheLastGoodOnes() {
        StringBuilder errors = new StringBuilder();
        RiskSettings good = RiskSettings.read(RiskComponent.PID, file("max.order.quantity", "3", "price.band.bps", "250",
                "max.position.per.symbol", "SIM:BTCUSDT=2", "kill.switch", "false"), RiskSettings.defaults(), errors);
        assertEquals("", errors.toString());

        RiskSettings next = RiskSettings.read(RiskComponent.PID, file("max.order.quantity", "three", "price.band.bps", "-1",
                "max.position.per.symbol", "SIM:BTCUSDT=2, ETHUSDT=4", "kill.switch", "maybe", "max.order.notional", "-5",
                "order.rate.burst", "0", "max.position", "7"), good, errors);
        String e = errors.toString();
        for (String expected : List.of(
                FILE + ", field max.order.quantity: 'three' is not a plain non-negative decimal such as 2 or 0.5 (0 = off) (keeping 3)",
                FILE + ", field price.band.bps: -1 is outside [0, 100000] (keeping 250)",
                FILE + ", field max.position.per.symbol: entry 'ETHUSDT=4' is not EXCHANGE:SYMBOL=decimal (keeping {SIM:BTCUSDT=2})",
                FILE + ", field kill.switch: 'maybe' is not true or false (keeping false)",
                FILE + ", field max.order.notional: '-5' is not a plain non-negative decimal",
                FILE + ", field order.rate.burst: 0 is outside [1, 1000000000]")) {
            assertTrue(e.contains(expected), "missing <" + expected + "> in " + e);
        }
        assertEquals("3", next.maxOrderQuantity.toString());
        assertEquals(250, next.priceBandBps);
        assertEquals(Map.of("SIM:BTCUSDT", DecimalLimit.parse("2")), next.maxPositionBySymbol);
        assertEquals("off", next.maxOrderNotional.toString(), "last good: 0 = off");
        assertEquals("7", next.maxPosition.toString(), "the good fields of the same change apply");
    }

    @Test
    void shouldApplyAGoodChangeToARunningEngineAndKeepItsState() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "1"));
        f.filled(RiskFixture.STRATEGY, f.btc, flox.api.order.Side.BUY, 6_000_000, 50_000);
        StringBuilder errors = new StringBuilder();
        Map<String, Object> change = new HashMap<>(file("max.order.quantity", "0.1", "positions.capacity", "32"));
        String log = f.engine.configure(RiskSettings.read(RiskComponent.PID, change, f.engine.settings(), errors));
        assertEquals("", errors.toString());
        assertTrue(log.contains("max.order.quantity 0.1"), log);
        assertTrue(log.contains("positions.capacity and book.levels apply at the next start"), log);
        assertEquals(flox.api.order.RejectReason.MAX_ORDER_QUANTITY, f.submit(RiskFixture.STRATEGY, f.btc, flox.api.order.Side.BUY, 6_000_000, 10_001));
        assertEquals(50_000, f.engine.position(RiskFixture.STRATEGY, f.btc), "positions survive a configuration change");
        assertEquals(65_536, f.engine.settings().positionsCapacity);
    }

    @Test
    void shouldAcceptPerSymbolEntriesAsAListToo() {
        StringBuilder errors = new StringBuilder();
        RiskSettings s = RiskSettings.read(RiskComponent.PID, file("max.order.quantity.per.symbol", new String[] {"SIM:BTCUSDT=2", "SIM:ETHUSDT=50,SIM:SOLUSDT=500"}),
                RiskSettings.defaults(), errors);
        assertEquals("", errors.toString());
        assertEquals(3, s.maxOrderQuantityBySymbol.size());
        assertEquals("500", s.maxOrderQuantityBySymbol.get("SIM:SOLUSDT").toString());
    }

    @Test
    void shouldParseDecimalLimitsAndConvertThemToEachScaleRoundingDown() {
        assertEquals(200_000, DecimalLimit.parse("2").scaledFloor(5));
        assertEquals(1, DecimalLimit.parse("0.000019").scaledFloor(5));
        assertEquals(0, DecimalLimit.parse("0.5").scaledFloor(0));
        assertEquals(12, DecimalLimit.parse(" 12.75 ").scaledFloor(0));
        assertEquals(DecimalLimit.UNLIMITED, DecimalLimit.parse("0").scaledFloor(5), "0 = off");
        assertEquals(DecimalLimit.UNLIMITED, DecimalLimit.parse("0.000").scaledFloor(5));
        assertEquals(DecimalLimit.UNLIMITED, DecimalLimit.parse("90000000000000000").scaledFloor(8), "too large for the scale: limits nothing");
        for (String bad : new String[] {"", "-1", "+1", "1e3", "1.", ".5", "1,5", "abc", "99999999999999999999"}) {
            assertEquals(null, DecimalLimit.parse(bad), bad);
        }
    }
}
