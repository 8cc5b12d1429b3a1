package flox.connector.binance.internal.symbols;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.symbol.SymbolInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Symbols from Binance's exchangeInfo, on the real reply of 2021-10-12 (an excerpt of ten symbols) and on edge cases. */
class ExchangeInfoTest {
    static byte[] recorded() throws IOException {
        return Files.readAllBytes(Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "recordings", "cryptofeed",
                "exchangeInfo-excerpt-20211012.json"));
    }

    @Test
    void shouldDefineTheRecordedSymbolsAtTheWireScaleWithTheirFilters() throws Exception {
        Map<String, ExchangeInfo.Symbol> all = ExchangeInfo.parse(recorded(), "BINANCE", Set.of());
        assertEquals(10, all.size());
        SymbolInfo btc = all.get("BTCUSDT").definition;
        assertEquals("BINANCE", btc.exchange());
        assertEquals(8, btc.priceScale());
        assertEquals(8, btc.quantityScale());
        assertEquals(1_000_000, btc.tickSizeScaled(), "tickSize 0.01");
        assertEquals(1_000, btc.lotSizeScaled(), "stepSize 0.00001");
        assertEquals(1_000, btc.minQuantityScaled());
        assertEquals(9_000_00000000L, btc.maxQuantityScaled(), "maxQty 9000");
        assertEquals(10_00000000L, btc.minNotionalScaled(), "MIN_NOTIONAL 10 (no NOTIONAL filter in 2021)");
        assertEquals(0, btc.maxNotionalScaled());
        assertTrue(btc.isTradable());
        assertEquals(List.of("ICEBERG_PARTS", "MARKET_LOT_SIZE", "MAX_NUM_ALGO_ORDERS", "MAX_NUM_ORDERS", "PERCENT_PRICE"),
                all.get("BTCUSDT").ignoredFilters);
        assertEquals(1, all.get("LRCBTC").definition.tickSizeScaled(), "tickSize 0.00000001 is one unit of the wire scale");
        for (ExchangeInfo.Symbol s : all.values()) assertNull(s.problem, s.name);
    }

    @Test
    void shouldReadOnlyTheWantedSymbols() throws Exception {
        Map<String, ExchangeInfo.Symbol> some = ExchangeInfo.parse(recorded(), "BINANCE", Set.of("ETHUSDT", "NKNUSDT", "NOSUCHUSDT"));
        assertEquals(Set.of("ETHUSDT", "NKNUSDT"), some.keySet());
    }

    static byte[] reply(String status, String filters) {
        return ("{\"timezone\":\"UTC\",\"symbols\":[{\"symbol\":\"XYZUSDT\",\"status\":\"" + status + "\",\"orderTypes\":[\"LIMIT\"],\"filters\":["
                + filters + "]}]}").getBytes(StandardCharsets.UTF_8);
    }

    static final String PRICE = "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0\",\"maxPrice\":\"0\",\"tickSize\":\"0.01000000\"}";
    static final String LOT = "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0.00100000\",\"maxQty\":\"100.00000000\",\"stepSize\":\"0.00100000\"}";

    @Test
    void shouldMakeASymbolNotTradingNotTradable() throws Exception {
        ExchangeInfo.Symbol s = ExchangeInfo.parse(reply("BREAK", PRICE + "," + LOT), "BINANCE", Set.of()).get("XYZUSDT");
        assertFalse(s.definition.isTradable());
        assertEquals("BREAK", s.status);
    }

    @Test
    void shouldPreferNotionalOverMinNotionalAndTakeItsMaximum() throws Exception {
        String notional = "{\"filterType\":\"NOTIONAL\",\"minNotional\":\"5.00000000\",\"applyMinToMarket\":true,\"maxNotional\":\"9000000.00000000\",\"applyMaxToMarket\":false,\"avgPriceMins\":5}";
        String minNotional = "{\"filterType\":\"MIN_NOTIONAL\",\"minNotional\":\"1.00000000\",\"applyToMarket\":true,\"avgPriceMins\":5}";
        SymbolInfo s = ExchangeInfo.parse(reply("TRADING", PRICE + "," + LOT + "," + minNotional + "," + notional), "BINANCE", Set.of()).get("XYZUSDT").definition;
        assertEquals(5_00000000L, s.minNotionalScaled());
        assertEquals(9_000_000_00000000L, s.maxNotionalScaled());
    }

    @Test
    void shouldTurnADisabledTickOrStepIntoOneUnitAndSaySo() throws Exception {
        String price0 = "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0\",\"maxPrice\":\"0\",\"tickSize\":\"0.00000000\"}";
        String lot0 = "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"0\",\"maxQty\":\"0\",\"stepSize\":\"0\"}";
        ExchangeInfo.Symbol s = ExchangeInfo.parse(reply("TRADING", price0 + "," + lot0), "BINANCE", Set.of()).get("XYZUSDT");
        assertEquals(1, s.definition.tickSizeScaled());
        assertEquals(1, s.definition.lotSizeScaled());
        assertEquals(0, s.definition.maxQuantityScaled(), "no maximum");
        assertEquals(List.of("PRICE_FILTER.tickSize", "LOT_SIZE.stepSize", "LOT_SIZE.maxQty"), s.disabledChecks);
    }

    @Test
    void shouldRefuseASymbolWhoseValuesDoNotFitNamingTheField() throws Exception {
        String fine = "{\"filterType\":\"PRICE_FILTER\",\"minPrice\":\"0\",\"maxPrice\":\"0\",\"tickSize\":\"0.000000001\"}";
        ExchangeInfo.Symbol s = ExchangeInfo.parse(reply("TRADING", fine + "," + LOT), "BINANCE", Set.of()).get("XYZUSDT");
        assertNull(s.definition);
        assertTrue(s.problem.contains("PRICE_FILTER.tickSize '0.000000001'"), s.problem);
        ExchangeInfo.Symbol noLot = ExchangeInfo.parse(reply("TRADING", PRICE), "BINANCE", Set.of()).get("XYZUSDT");
        assertEquals("XYZUSDT: no LOT_SIZE filter", noLot.problem);
        String huge = "{\"filterType\":\"LOT_SIZE\",\"minQty\":\"1\",\"maxQty\":\"999999999999.00000000\",\"stepSize\":\"1\"}";
        assertTrue(ExchangeInfo.parse(reply("TRADING", PRICE + "," + huge), "BINANCE", Set.of()).get("XYZUSDT").problem.contains("LOT_SIZE.maxQty"));
    }

    @Test
    void shouldRefuseAReplyThatIsNotExchangeInfoNamingWhere() {
        IOException notJson = assertThrows(IOException.class, () -> ExchangeInfo.parse("{\"symbols\":[{\"symbol\":".getBytes(StandardCharsets.UTF_8), "B", Set.of()));
        assertTrue(notJson.getMessage().startsWith("exchangeInfo: "), notJson.getMessage());
        IOException noSymbols = assertThrows(IOException.class, () -> ExchangeInfo.parse("{\"code\":-1121,\"msg\":\"x\"}".getBytes(StandardCharsets.UTF_8), "B", Set.of()));
        assertEquals("exchangeInfo: no \"symbols\" array", noSymbols.getMessage());
    }
}
