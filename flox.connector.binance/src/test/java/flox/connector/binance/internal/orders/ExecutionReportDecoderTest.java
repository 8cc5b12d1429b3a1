package flox.connector.binance.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.Liquidity;
import flox.api.order.OrderStatus;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.connector.binance.internal.feed.ReplaySymbols;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Binance's executionReport (the documented example, and its variants by the mapping table) into ExecutionEvents. */
class ExecutionReportDecoderTest {
    static final Path DOCS = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "docs");
    static final BinanceClientIds IDS = new BinanceClientIds("flxRUN1_");

    static final class Wire implements ReplaySymbols {
        @Override public int idOf(CharSequence s) { return "ETHBTC".contentEquals(s) ? 7 : UNKNOWN; }
        @Override public int priceScale(int id) { return 8; }
        @Override public int quantityScale(int id) { return 8; }
    }

    final ExecutionReportDecoder decoder = new ExecutionReportDecoder(new Wire(), IDS);

    static String documented() throws IOException {
        return Files.readString(DOCS.resolve("uds-executionReport.json"));
    }

    /** The documented report with fields replaced: pairs of "field", value-as-JSON. */
    static String report(String... changes) throws IOException {
        String s = documented().replace("\"c\": \"mUvoqJxFIILMdfAW5iGSOW\"", "\"c\": \"flxRUN1_42\"");
        for (int i = 0; i < changes.length; i += 2) s = s.replaceFirst("\"" + changes[i] + "\": [^,\\n]+", "\"" + changes[i] + "\": " + changes[i + 1]);
        return s;
    }

    int decode(String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        return decoder.decode(b, 0, b.length, 99);
    }

    @Test
    void shouldCountTheDocumentedExampleAsNotOursForItsClientIdHasNotThisRunsPrefix() throws IOException {
        assertEquals(ExecutionReportDecoder.NOT_OURS, decode(documented()));
        assertEquals("mUvoqJxFIILMdfAW5iGSOW", decoder.foreignClientId());
    }

    @Test
    void shouldMapANewOrderToAcceptedWithItsPriceQuantityAndLeaves() throws IOException {
        assertEquals(ExecutionReportDecoder.REPORT, decode(report()));
        ExecutionEvent e = decoder.event;
        assertEquals(ExecType.ACCEPTED, e.execType());
        assertEquals(42, e.clientOrderId());
        assertEquals(7, e.symbolId());
        assertEquals(Side.BUY, e.side());
        assertEquals(10_264_410, e.priceScaled(), "0.10264410 at 8 decimals");
        assertEquals(100_000_000, e.quantityScaled());
        assertEquals(100_000_000, e.leavesQuantityScaled());
        assertEquals(0, e.cumulativeQuantityScaled());
        assertEquals(4293153, e.exchangeOrderId());
        assertEquals(1499405658657L * 1_000_000L, e.exchangeTimestampNs(), "T, the transaction time, in ns");
        assertEquals(99, e.receiveTimestampNs());
    }

    @Test
    void shouldMapATradeToAFillWithItsFeeLiquidityAndTradeIdKeyedOnTheStatus() throws IOException {
        assertEquals(ExecutionReportDecoder.REPORT, decode(report("x", "\"TRADE\"", "X", "\"PARTIALLY_FILLED\"", "l", "\"0.40000000\"",
                "L", "\"0.10264400\"", "z", "\"0.40000000\"", "n", "\"0.000000401\"", "N", "\"BNB\"", "t", "77", "m", "true")));
        ExecutionEvent e = decoder.event;
        assertEquals(ExecType.PARTIALLY_FILLED, e.execType());
        assertEquals(10_264_400, e.lastPriceScaled());
        assertEquals(40_000_000, e.lastQuantityScaled());
        assertEquals(40_000_000, e.cumulativeQuantityScaled(), "z is the cumulative truth");
        assertEquals(60_000_000, e.leavesQuantityScaled());
        assertEquals(41, e.feeScaled(), "0.000000401 rounded up at 8 decimals: a fee is never understated, nor dropped");
        assertEquals(8, e.feeScale());
        assertEquals("BNB", e.feeAsset());
        assertEquals(Liquidity.MAKER, e.liquidity());
        assertEquals(77, e.execId());
        String bnb = e.feeAsset();
        decode(report("x", "\"TRADE\"", "X", "\"FILLED\"", "l", "\"0.60000000\"", "z", "\"1.00000000\"", "N", "\"BNB\"", "m", "false"));
        assertEquals(ExecType.FILLED, decoder.event.execType());
        assertEquals(0, decoder.event.leavesQuantityScaled());
        assertEquals(Liquidity.TAKER, decoder.event.liquidity());
        assertTrue(bnb == decoder.event.feeAsset(), "a fee asset is kept, not allocated per report");
    }

    @Test
    void shouldTakeACancelsOwnIdFromCapitalC() throws IOException {
        assertEquals(ExecutionReportDecoder.REPORT, decode(report("x", "\"CANCELED\"", "X", "\"CANCELED\"", "c", "\"cancelRequest9\"",
                "C", "\"flxRUN1_42\"")));
        assertEquals(ExecType.CANCELED, decoder.event.execType());
        assertEquals(42, decoder.event.clientOrderId());
        assertEquals(0, decoder.event.leavesQuantityScaled());
    }

    @Test
    void shouldMapRejectsAndSelfTradePreventionToReasons() throws IOException {
        decode(report("x", "\"REJECTED\"", "X", "\"REJECTED\"", "r", "\"INSUFFICIENT_BALANCES\""));
        assertEquals(ExecType.REJECTED, decoder.event.execType());
        assertEquals(RejectReason.INSUFFICIENT_BALANCE, decoder.event.reason());
        decode(report("x", "\"REJECTED\"", "X", "\"REJECTED\"", "r", "\"SOMETHING_NEW\""));
        assertEquals(RejectReason.VENUE_REJECT, decoder.event.reason());
        decode(report("x", "\"TRADE_PREVENTION\"", "X", "\"EXPIRED_IN_MATCH\""));
        assertEquals(ExecType.EXPIRED, decoder.event.execType());
        assertEquals(RejectReason.SELF_TRADE_PREVENTION, decoder.event.reason());
        assertEquals(ExecutionReportDecoder.NO_CHANGE, decode(report("x", "\"TRADE_PREVENTION\"", "X", "\"NEW\"")));
        decode(report("x", "\"EXPIRED\"", "X", "\"EXPIRED\""));
        assertEquals(ExecType.EXPIRED, decoder.event.execType());
        assertEquals(RejectReason.NONE, decoder.event.reason());
    }

    @Test
    void shouldTakeAnAmendByAnotherProgramAsTheVenuesViewOfTheOrder() throws IOException {
        decode(report("x", "\"REPLACED\"", "X", "\"NEW\"", "q", "\"0.50000000\""));
        assertEquals(ExecType.RESTATED, decoder.event.execType());
        assertEquals(OrderStatus.ACCEPTED, decoder.event.venueStatus());
        assertEquals(50_000_000, decoder.event.quantityScaled());
    }

    @Test
    void shouldTellOtherEventsAndUnknownSymbolsApart() throws IOException {
        assertEquals(ExecutionReportDecoder.OTHER_EVENT, decode(Files.readString(DOCS.resolve("uds-balanceUpdate.json"))));
        assertEquals(ExecutionReportDecoder.UNKNOWN_SYMBOL, decode(report("s", "\"XYZBTC\"")));
    }

    @Test
    void shouldTellTheApisServerShutdownEvent() throws IOException {
        assertEquals(ExecutionReportDecoder.SERVER_SHUTDOWN, decode("{\"event\":{\"e\":\"serverShutdown\",\"E\":1}}"));
        assertEquals(ExecutionReportDecoder.REPORT, decode(report()), "the next report decodes");
    }

    @Test
    void shouldRefuseAMalformedReportNamingWhatIsWrongAndRecover() throws IOException {
        IOException cut = assertThrows(IOException.class, () -> decode(report().substring(0, 80)));
        assertTrue(cut.getMessage().contains("JSON ends before"), cut.getMessage());
        IOException noSide = assertThrows(IOException.class, () -> decode(report().replace("\"S\": \"BUY\",", "")));
        assertTrue(noSide.getMessage().contains("without \"S\""), noSide.getMessage());
        IOException badQty = assertThrows(IOException.class, () -> decode(report("q", "\"1.000000001\"")));
        assertTrue(badQty.getMessage().contains("\"q\" '1.000000001'"), badQty.getMessage());
        // each has its kind, so that the connection says each kind once (item 9)
        assertEquals(ApiProblem.INVALID_JSON, ApiProblem.of(cut));
        assertEquals(ApiProblem.MISSING_FIELD, ApiProblem.of(noSide));
        assertEquals(ApiProblem.BAD_VALUE, ApiProblem.of(badQty));
        IOException notJson = assertThrows(IOException.class, () -> decode("{\"e\": \"executionReport\", ]"));
        assertEquals(ApiProblem.INVALID_JSON, ApiProblem.of(notJson), notJson.toString());
        IOException unknownStatus = assertThrows(IOException.class, () -> decode(report("X", "\"PARKED\"")));
        assertEquals(ApiProblem.BAD_VALUE, ApiProblem.of(unknownStatus), unknownStatus.toString());
        assertEquals(ExecutionReportDecoder.REPORT, decode(report()), "the next report decodes");
    }

    @Test
    void shouldAllocateNothingPerReport() throws Exception {
        byte[] fill = report("x", "\"TRADE\"", "X", "\"PARTIALLY_FILLED\"", "l", "\"0.40000000\"", "z", "\"0.40000000\"", "n", "\"0.00000040\"",
                "N", "\"BNB\"").getBytes(StandardCharsets.UTF_8);
        long bytes = flox.connector.binance.internal.Allocation.leastPerRound(() -> {
            for (int i = 0; i < 20_000; i++) decoder.decode(fill, 0, fill.length, i);
        }, 20, 1_024);
        assertTrue(bytes < 1_024, bytes + " bytes over 20,000 reports in the least of 20 rounds");
    }

    @Test
    void shouldWriteAndParseBackClientIdsWithinBinancesPattern() {
        BinanceClientIds ids = BinanceClientIds.forRunStartedAt(1_765_000_000_000L);
        byte[] out = new byte[64];
        long epochSeeded = (1_765_000_000_000L << 10) + 12345;
        int n = ids.write(epochSeeded, out, 0);
        String venueId = new String(out, 0, n, StandardCharsets.US_ASCII);
        assertTrue(venueId.matches("^[a-zA-Z0-9-_]{1,36}$"), venueId);
        assertEquals(epochSeeded, ids.parse(venueId));
        assertEquals(BinanceClientIds.NOT_OURS, ids.parse("flxOTHER_12"));
        assertEquals(BinanceClientIds.NOT_OURS, ids.parse(ids.prefix() + "99999999999999999999"), "beyond a long");
        assertEquals(BinanceClientIds.NOT_OURS, ids.parse(ids.prefix() + "12a"));
        assertThrows(IllegalArgumentException.class, () -> new BinanceClientIds("bad prefix"));
    }
}
