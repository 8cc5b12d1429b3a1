package flox.core.symbol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import flox.api.symbol.InstrumentType;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SymbolsFileTest {
    private static final String FILE = "etc/symbols.csv";
    private static final String HEADER = "exchange,symbol,type,tickSize,lotSize,minQuantity,minNotional";

    private static List<SymbolInfo> parse(String... lines) throws SymbolsFileException {
        return SymbolsFile.parse(FILE, List.of(lines));
    }

    /** Parses, expects a refusal, and checks the message starts with "file line N[, field F]: ". */
    private static String assertRefused(int line, String field, String... lines) {
        SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> parse(lines));
        String prefix = FILE + " line " + line + (field != null ? ", field " + field : "") + ": ";
        assertTrue(e.getMessage().startsWith(prefix), "expected prefix '" + prefix + "' in: " + e.getMessage());
        return e.getMessage();
    }

    private static SymbolInfo single(String header, String row) throws SymbolsFileException {
        List<SymbolInfo> out = parse(header, row);
        assertEquals(1, out.size());
        return out.get(0);
    }

    // ================================================================ good files

    @Nested
    class GoodFiles {
        @Test
        void shouldParseAFileWithHeaderCommentsAndBlankLines() throws Exception {
            List<SymbolInfo> out = parse(
                    "# Flox symbols",
                    "",
                    "   ",
                    HEADER,
                    "SIM,BTCUSDT,SPOT,0.01,0.00001,0.00001,5",
                    "  # an indented comment",
                    "\t",
                    "BINANCE,BTCUSDT_PERP,FUTURE,0.1,0.001,0.002,100",
                    "DERIBIT,BTC-PERPETUAL,INVERSE,0.5,10,10,0",
                    "DERIBIT,BTC-27JUN25-100000-C,OPTION,0.0005,0.1,0.1,0",
                    "# trailing comment",
                    "");
            assertEquals(4, out.size());

            SymbolInfo btc = out.get(0);
            assertEquals("SIM", btc.exchange());
            assertEquals("BTCUSDT", btc.symbol());
            assertEquals(InstrumentType.SPOT, btc.instrumentType());
            assertEquals(2, btc.priceScale());
            assertEquals(5, btc.quantityScale());
            assertEquals(1, btc.tickSizeScaled());
            assertEquals(1, btc.lotSizeScaled());
            assertEquals(1, btc.minQuantityScaled());
            assertEquals(500, btc.minNotionalScaled());
            assertEquals(SymbolRegistry.UNKNOWN, btc.symbolId(), "parsed definitions are unregistered");

            SymbolInfo perp = out.get(1);
            assertEquals(InstrumentType.FUTURE, perp.instrumentType());
            assertEquals(1, perp.priceScale());
            assertEquals(3, perp.quantityScale());
            assertEquals(1, perp.tickSizeScaled());
            assertEquals(1, perp.lotSizeScaled());
            assertEquals(2, perp.minQuantityScaled());
            assertEquals(1000, perp.minNotionalScaled());

            SymbolInfo inverse = out.get(2);
            assertEquals(InstrumentType.INVERSE, inverse.instrumentType());
            assertEquals(1, inverse.priceScale());
            assertEquals(0, inverse.quantityScale());
            assertEquals(5, inverse.tickSizeScaled());
            assertEquals(10, inverse.lotSizeScaled());
            assertEquals(10, inverse.minQuantityScaled());
            assertEquals(0, inverse.minNotionalScaled());

            SymbolInfo option = out.get(3);
            assertEquals(InstrumentType.OPTION, option.instrumentType());
            assertEquals("BTC-27JUN25-100000-C", option.symbol());
            assertEquals(4, option.priceScale());
            assertEquals(5, option.tickSizeScaled());
        }

        @Test
        void shouldReadTheVenuesMaximumsAndTradableFlagWhenGiven() throws Exception {
            List<SymbolInfo> out = parse(
                    "exchange,symbol,type,tickSize,lotSize,maxQuantity,maxNotional,tradable",
                    "BINANCE,BTCUSDT,SPOT,0.01,0.00001,9000,1000000,true",
                    "BINANCE,LUNAUSDT,SPOT,0.0001,0.01,,,FALSE");
            assertEquals(900_000_000, out.get(0).maxQuantityScaled());
            assertEquals(100_000_000, out.get(0).maxNotionalScaled());
            assertTrue(out.get(0).isTradable());
            assertEquals(0, out.get(1).maxQuantityScaled(), "empty: no limit");
            assertFalse(out.get(1).isTradable());
        }

        @Test
        void shouldKeepFileOrder() throws Exception {
            List<SymbolInfo> out = parse(HEADER, "SIM,CCC,SPOT,1,1,1,0", "SIM,AAA,SPOT,1,1,1,0", "SIM,BBB,SPOT,1,1,1,0");
            assertEquals(List.of("CCC", "AAA", "BBB"), List.of(out.get(0).symbol(), out.get(1).symbol(), out.get(2).symbol()));
        }

        @Test
        void shouldReturnNoSymbolsForAHeaderOnlyFile() throws Exception {
            assertTrue(parse("# nothing yet", HEADER).isEmpty());
        }

        @Test
        void shouldAcceptColumnsInAnyOrderAndAnyCase() throws Exception {
            SymbolInfo s = single(" LotSize , TYPE,symbol ,TickSize,Exchange", "0.001,future,ETHUSDT,0.05,BINANCE");
            assertEquals("BINANCE", s.exchange());
            assertEquals("ETHUSDT", s.symbol());
            assertEquals(InstrumentType.FUTURE, s.instrumentType());
            assertEquals(2, s.priceScale());
            assertEquals(5, s.tickSizeScaled());
            assertEquals(3, s.quantityScale());
            assertEquals(1, s.lotSizeScaled());
        }

        @Test
        void shouldStripWhitespaceAroundCells() throws Exception {
            SymbolInfo s = single(HEADER, "  SIM , BTCUSDT ,\tSpot\t, 0.01 , 0.001 , 0.002 , 10 ");
            assertEquals("SIM", s.exchange());
            assertEquals("BTCUSDT", s.symbol());
            assertEquals(InstrumentType.SPOT, s.instrumentType());
            assertEquals(1, s.tickSizeScaled());
            assertEquals(2, s.minQuantityScaled());
            assertEquals(1000, s.minNotionalScaled());
        }

        @Test
        void shouldDefaultMinQuantityToLotSizeAndMinNotionalToZeroWhenColumnsAreAbsent() throws Exception {
            SymbolInfo s = single("exchange,symbol,type,tickSize,lotSize", "SIM,BTCUSDT,SPOT,0.01,0.0001");
            assertEquals(1, s.lotSizeScaled());
            assertEquals(s.lotSizeScaled(), s.minQuantityScaled());
            assertEquals(0, s.minNotionalScaled());
        }

        @Test
        void shouldDefaultMinQuantityToLotSizeAndMinNotionalToZeroWhenCellsAreEmpty() throws Exception {
            SymbolInfo s = single(HEADER, "SIM,BTCUSDT,SPOT,0.01,0.25,,");
            assertEquals(2, s.quantityScale());
            assertEquals(25, s.lotSizeScaled());
            assertEquals(25, s.minQuantityScaled());
            assertEquals(0, s.minNotionalScaled());
            SymbolInfo blank = single(HEADER, "SIM,BTCUSDT,SPOT,0.01,0.25,  ,  ");
            assertEquals(25, blank.minQuantityScaled());
            assertEquals(0, blank.minNotionalScaled());
        }

        @Test
        void shouldAcceptZeroMinQuantityAndMinNotional() throws Exception {
            SymbolInfo s = single(HEADER, "SIM,BTCUSDT,SPOT,0.01,0.25,0,0.00");
            assertEquals(0, s.minQuantityScaled());
            assertEquals(0, s.minNotionalScaled());
        }

        @Test
        void shouldAcceptEveryInstrumentTypeInAnyCase() throws Exception {
            List<SymbolInfo> out = parse("exchange,symbol,type,tickSize,lotSize",
                    "SIM,A,spot,1,1", "SIM,B,Future,1,1", "SIM,C,INVERSE,1,1", "SIM,D,oPtIoN,1,1");
            assertEquals(List.of(InstrumentType.SPOT, InstrumentType.FUTURE, InstrumentType.INVERSE, InstrumentType.OPTION),
                    List.of(out.get(0).instrumentType(), out.get(1).instrumentType(), out.get(2).instrumentType(), out.get(3).instrumentType()));
        }

        @Test
        void shouldKeepTheSameSymbolOnDifferentExchangesApart() throws Exception {
            List<SymbolInfo> out = parse(HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,,", "BINANCE,BTCUSDT,SPOT,0.1,0.001,,");
            assertEquals(2, out.size());
            assertEquals(1, out.get(0).tickSizeScaled());
            assertEquals(2, out.get(0).priceScale());
            assertEquals(1, out.get(1).priceScale());
        }

        @Test
        void shouldTreatExchangeAndSymbolCaseSensitively() throws Exception {
            List<SymbolInfo> out = parse(HEADER, "SIM,btcusdt,SPOT,0.01,0.001,,", "SIM,BTCUSDT,SPOT,0.1,0.001,,");
            assertEquals(2, out.size());
        }

        @Test
        void shouldCollapseIdenticalDuplicateLinesIntoOneDefinition() throws Exception {
            List<SymbolInfo> out = parse(HEADER,
                    "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5",
                    "SIM,ETHUSDT,SPOT,0.01,0.001,0.001,5",
                    // same values written differently: identical definition
                    "SIM,BTCUSDT,spot,0.010,0.0010,,5.00");
            assertEquals(2, out.size());
            assertEquals("BTCUSDT", out.get(0).symbol());
            assertEquals("ETHUSDT", out.get(1).symbol());
        }

        /** Identifiers may contain ':' (e.g. CCXT's "BTC/USDT:USDT"), so "exchange:symbol" is no key. */
        @Test
        void shouldKeepDistinctPairsWhoseExchangeColonSymbolSpellingsCoincide() throws Exception {
            List<SymbolInfo> out = SymbolsFile.parse("symbols.csv", List.of(
                    "exchange,symbol,type,tickSize,lotSize",
                    "SIM,X:Y,SPOT,1,1",
                    "SIM:X,Y,SPOT,0.1,1"));
            assertEquals(2, out.size());
            assertEquals("SIM", out.get(0).exchange());
            assertEquals("X:Y", out.get(0).symbol());
            assertEquals("SIM:X", out.get(1).exchange());
            assertEquals("Y", out.get(1).symbol());
        }

        @Test
        void shouldCollapseAndCompareRepeatsOfPairsWithCoincidingSpellingsSeparately() throws Exception {
            List<String> lines = List.of(HEADER,
                    "SIM,X:Y,SPOT,1,1,,",
                    "SIM:X,Y,SPOT,0.1,1,,",
                    "SIM:X,Y,SPOT,0.1,1,,",
                    "SIM,X:Y,SPOT,1,1,,");
            assertEquals(2, SymbolsFile.parse(FILE, lines).size());

            String msg = assertRefused(4, null, HEADER,
                    "SIM,X:Y,SPOT,1,1,,",
                    "SIM:X,Y,SPOT,0.1,1,,",
                    "SIM:X,Y,SPOT,1,1,,");
            assertTrue(msg.contains("SIM:X:Y is also defined on line 3"), msg);
            assertTrue(msg.contains("priceScale is 1 but the new definition says 0"), msg);
        }

        @Test
        void shouldIgnoreAByteOrderMarkAtTheStartOfTheFirstLine() throws Exception {
            assertEquals(1, parse("\uFEFF" + HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,,").size());
            assertEquals(1, parse("\uFEFF# comment", HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,,").size());
        }

        @Test
        void shouldParseTheSameContentFromADifferentLineListImplementation() throws Exception {
            List<String> lines = new ArrayList<>(List.of(HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,,"));
            assertEquals(1, SymbolsFile.parse("x.csv", lines).size());
        }
    }

    // ================================================================ scales

    @Nested
    class Scales {
        @ParameterizedTest(name = "tickSize {0} -> priceScale {1}, tickSizeScaled {2}")
        @CsvSource({
            "1,          0, 1",
            "100,        0, 100",
            "5.,         0, 5",
            "1.0,        0, 1",
            "100.000,    0, 100",
            "0.5,        1, 5",
            ".5,         1, 5",
            "0.01,       2, 1",
            "0.010,      2, 1",
            "0.0100000,  2, 1",
            "2.50,       1, 25",
            "0.00001,    5, 1",
            "+0.25,      2, 25",
            "0.000000000000000001, 18, 1",
            // trailing zeros beyond 18 decimals do not count
            "0.0100000000000000000000000, 2, 1",
        })
        void shouldDerivePriceScaleFromTheDecimalsOfTickSizeIgnoringTrailingZeros(String tick, int scale, long scaled) throws Exception {
            SymbolInfo s = single("exchange,symbol,type,tickSize,lotSize", "SIM,X,SPOT," + tick + ",1");
            assertEquals(scale, s.priceScale());
            assertEquals(scaled, s.tickSizeScaled());
        }

        @ParameterizedTest(name = "lotSize {0} -> quantityScale {1}, lotSizeScaled {2}")
        @CsvSource({
            "1,         0, 1",
            "10,        0, 10",
            "0.001,     3, 1",
            "0.00100,   3, 1",
            "0.25,      2, 25",
            "1.000000,  0, 1",
        })
        void shouldDeriveQuantityScaleFromTheDecimalsOfLotSizeIgnoringTrailingZeros(String lot, int scale, long scaled) throws Exception {
            SymbolInfo s = single("exchange,symbol,type,tickSize,lotSize", "SIM,X,SPOT,1," + lot);
            assertEquals(scale, s.quantityScale());
            assertEquals(scaled, s.lotSizeScaled());
        }

        @Test
        void shouldUseExplicitPriceAndQuantityScales() throws Exception {
            SymbolInfo s = single(HEADER + ",priceScale,quantityScale", "SIM,BTCUSDT,SPOT,0.01,0.001,0.002,5,8,8");
            assertEquals(8, s.priceScale());
            assertEquals(8, s.quantityScale());
            assertEquals(1_000_000, s.tickSizeScaled());
            assertEquals(100_000, s.lotSizeScaled());
            assertEquals(200_000, s.minQuantityScaled());
            assertEquals(500_000_000, s.minNotionalScaled());
        }

        @Test
        void shouldAcceptTheBoundaryScalesZeroAndEighteen() throws Exception {
            SymbolInfo s = single("exchange,symbol,type,tickSize,lotSize,priceScale,quantityScale", "SIM,X,SPOT,1,1,0,18");
            assertEquals(0, s.priceScale());
            assertEquals(18, s.quantityScale());
            assertEquals(1_000_000_000_000_000_000L, s.lotSizeScaled());
        }

        @Test
        void shouldParseMinNotionalAtPriceScaleAndMinQuantityAtQuantityScale() throws Exception {
            SymbolInfo s = single(HEADER, "SIM,X,SPOT,0.001,0.1,0.3,12.5");
            assertEquals(3, s.priceScale());
            assertEquals(1, s.quantityScale());
            assertEquals(3, s.minQuantityScaled());
            assertEquals(12_500, s.minNotionalScaled());
        }

        @Test
        void shouldDeriveTheScaleWhenTheExplicitScaleCellIsEmpty() throws Exception {
            List<SymbolInfo> out = parse("exchange,symbol,type,tickSize,lotSize,priceScale,quantityScale",
                    "SIM,A,SPOT,0.01,0.001,,",
                    "SIM,B,SPOT,0.01,0.001,4,",
                    "SIM,C,SPOT,0.01,0.001, ,6");
            assertEquals(2, out.get(0).priceScale());
            assertEquals(3, out.get(0).quantityScale());
            assertEquals(4, out.get(1).priceScale());
            assertEquals(100, out.get(1).tickSizeScaled());
            assertEquals(3, out.get(1).quantityScale());
            assertEquals(2, out.get(2).priceScale());
            assertEquals(6, out.get(2).quantityScale());
            assertEquals(1000, out.get(2).lotSizeScaled());
        }

        @Test
        void shouldAcceptAnExplicitScaleWithAnyOptionalColumnSubset() throws Exception {
            SymbolInfo s = single("exchange,symbol,type,tickSize,lotSize,quantityScale", "SIM,X,SPOT,0.5,1,2");
            assertEquals(1, s.priceScale());
            assertEquals(2, s.quantityScale());
            assertEquals(100, s.lotSizeScaled());
            assertEquals(100, s.minQuantityScaled());
        }
    }

    // ================================================================ header errors

    @Nested
    class HeaderErrors {
        @ParameterizedTest
        @ValueSource(strings = {"exchange", "symbol", "type", "tickSize", "lotSize"})
        void shouldRefuseAHeaderWithoutARequiredColumn(String missing) {
            List<String> names = new ArrayList<>(List.of("exchange", "symbol", "type", "tickSize", "lotSize", "minQuantity"));
            names.remove(missing);
            String msg = assertRefused(3, missing, "# symbols", "", String.join(",", names), "SIM,X,SPOT,1,1");
            assertTrue(msg.contains("required column is missing"), msg);
        }

        @Test
        void shouldRefuseAnUnknownColumnAndListTheKnownOnes() {
            String msg = assertRefused(1, "tick_size", "exchange,symbol,type,tick_size,lotSize");
            assertTrue(msg.contains("unknown column"), msg);
            for (String known : new String[] {"exchange", "symbol", "type", "tickSize", "lotSize", "minQuantity",
                    "minNotional", "priceScale", "quantityScale"}) {
                assertTrue(msg.contains(known), known + " not listed: " + msg);
            }
        }

        @Test
        void shouldRefuseAColumnNamedTwiceIgnoringCase() {
            String msg = assertRefused(2, "tickSize", "#", "exchange,symbol,type,tickSize,lotSize,TICKSIZE");
            assertTrue(msg.contains("column appears twice"), msg);
        }

        @Test
        void shouldRefuseAByteOrderMarkThatIsNotAtTheStartOfTheFile() {
            String msg = assertRefused(2, "\uFEFFexchange", "# c", "\uFEFF" + HEADER);
            assertTrue(msg.contains("unknown column"), msg);
        }

        @Test
        void shouldRefuseAHeaderWithATrailingCommaAsAnEmptyColumnName() {
            String msg = assertRefused(2, null, "# c", "exchange,symbol,type,tickSize,lotSize,", "SIM,BTCUSDT,SPOT,0.01,0.001,");
            assertTrue(msg.contains("empty column name in column 6 of 6"), msg);
            assertTrue(msg.contains("trailing comma"), msg);
        }

        @Test
        void shouldRefuseAHeaderWithAnEmptyColumnNameInTheMiddle() {
            String msg = assertRefused(1, null, "exchange,symbol, ,type,tickSize,lotSize");
            assertTrue(msg.contains("empty column name in column 3 of 6"), msg);
        }

        @Test
        void shouldRefuseAFileWithoutHeader() {
            for (List<String> lines : List.of(List.<String>of(), List.of(""), List.of("# only", "   ", "# comments"))) {
                SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.parse(FILE, lines));
                assertTrue(e.getMessage().startsWith(FILE + ": no header line"), e.getMessage());
                assertTrue(e.getMessage().contains("exchange,symbol,type,tickSize,lotSize"), e.getMessage());
            }
        }

        @Test
        void shouldTakeTheFirstDataLineAsHeaderAndRefuseItWhenTheHeaderIsMissing() {
            String msg = assertRefused(2, "SIM", "# no header", "SIM,BTCUSDT,SPOT,0.01,0.001");
            assertTrue(msg.contains("unknown column"), msg);
        }
    }

    // ================================================================ line errors

    @Nested
    class LineErrors {
        @Test
        void shouldRefuseATradableFlagThatIsNotTrueOrFalseAndAMaximumBelowTheMinimum() {
            String msg = assertRefused(2, "tradable", "exchange,symbol,type,tickSize,lotSize,tradable", "SIM,BTCUSDT,SPOT,0.01,0.001,yes");
            assertTrue(msg.contains("'yes' is not true or false"), msg);
            msg = assertRefused(2, "maxQuantity", "exchange,symbol,type,tickSize,lotSize,minQuantity,maxQuantity", "SIM,BTCUSDT,SPOT,0.01,0.001,1,0.5");
            assertTrue(msg.contains("maxQuantity must be at least minQuantity"), msg);
        }

        @Test
        void shouldRefuseALineWithTooFewCells() {
            String msg = assertRefused(3, null, HEADER, "SIM,A,SPOT,1,1,1,0", "SIM,BTCUSDT,SPOT,0.01,0.001");
            assertTrue(msg.contains("has 5 fields but the header names 7"), msg);
        }

        @Test
        void shouldRefuseALineWithTooManyCells() {
            String msg = assertRefused(2, null, HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5,extra");
            assertTrue(msg.contains("has 8 fields but the header names 7"), msg);
        }

        @Test
        void shouldCountATrailingCommaAsAnExtraCell() {
            String msg = assertRefused(2, null, "exchange,symbol,type,tickSize,lotSize", "SIM,BTCUSDT,SPOT,0.01,0.001,");
            assertTrue(msg.contains("has 6 fields but the header names 5"), msg);
        }

        @Test
        void shouldCountCommentAndBlankLinesInLineNumbers() {
            assertRefused(7, "type", "# c1", "", HEADER, "# c2", "SIM,A,SPOT,1,1,1,0", "   ", "SIM,B,SWAP,1,1,1,0");
        }

        @ParameterizedTest
        @ValueSource(strings = {"SWAP", "PERP", "", "SPOT1", "S P O T"})
        void shouldRefuseAnUnknownInstrumentType(String type) {
            String msg = assertRefused(2, "type", HEADER, "SIM,BTCUSDT," + type + ",0.01,0.001,0.001,5");
            assertTrue(msg.contains("is not one of SPOT, FUTURE, INVERSE, OPTION"), msg);
            assertTrue(msg.contains("'" + type.strip() + "'"), msg);
        }

        @ParameterizedTest(name = "{0} = ''{1}''")
        @CsvSource({
            "tickSize,    abc",
            "tickSize,    1e-8",
            "tickSize,    0.0.1",
            "tickSize,    ''",
            "tickSize,    -",
            "tickSize,    1 000",
            "tickSize,    99999999999999999999",
            "lotSize,     x",
            "lotSize,     ''",
            "lotSize,     '0,5'",
            "minQuantity, lots",
            "minQuantity, 1..0",
            "minNotional, five",
            "minNotional, 5$",
        })
        void shouldRefuseABadDecimalNamingTheField(String field, String value) {
            String[] row = {"SIM", "BTCUSDT", "SPOT", "0.01", "0.001", "0.001", "5"};
            int column = List.of("exchange", "symbol", "type", "tickSize", "lotSize", "minQuantity", "minNotional").indexOf(field);
            row[column] = value;
            String line = String.join(",", row);
            if (value.contains(",")) {
                // a comma inside a value just shifts the cells: refused as a cell-count error
                String msg = assertRefused(2, null, HEADER, line);
                assertTrue(msg.contains("fields but the header names"), msg);
                return;
            }
            String msg = assertRefused(2, field, HEADER, line);
            assertTrue(msg.contains("'" + value.strip() + "' is not a decimal number (") || msg.contains("has too many digits"), msg);
        }

        @Test
        void shouldSayATickSizeOfLettersIsNotADecimalNumber() {
            String msg = assertRefused(2, "tickSize", HEADER, "SIM,BTCUSDT,SPOT,abc,0.001,0.001,5");
            assertTrue(msg.endsWith("'abc' is not a decimal number (write it as the venue publishes it, such as 0.01)"), msg);
        }

        @Test
        void shouldSayAnOverlongTickSizeHasTooManyDigits() {
            String msg = assertRefused(2, "tickSize", HEADER, "SIM,BTCUSDT,SPOT,99999999999999999999,0.001,0.001,5");
            assertTrue(msg.endsWith("'99999999999999999999' has too many digits: out of range (at most 18 digits)"), msg);
        }

        @Test
        void shouldNameTheLineOfARedefinitionOfARegisteredSymbol() throws Exception {
            ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
            registry.registerAll(parse(HEADER, "SIM,AAAUSDT,SPOT,0.01,0.001,0.001,5"));
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.parse(FILE,
                    List.of(HEADER, "SIM,BBBUSDT,SPOT,0.01,0.001,0.001,5", "SIM,AAAUSDT,SPOT,0.05,0.001,0.001,5"), registry));
            assertEquals(FILE + " line 3, field tickSize: SIM:AAAUSDT is already registered (id 0) and its tickSize is 0.01 but the new"
                    + " definition says 0.05; a registered symbol keeps its rules until the host restarts", e.getMessage());
            assertEquals(1, registry.size(), "nothing registered");
        }

        @Test
        void shouldRefuseATickSizeNotRepresentableAtTheExplicitPriceScale() {
            String msg = assertRefused(2, "tickSize", HEADER + ",priceScale", "SIM,BTCUSDT,SPOT,0.001,0.001,,,2");
            assertTrue(msg.contains("'0.001' is not a decimal number representable with 2 decimals"), msg);
        }

        @Test
        void shouldRefuseALotSizeNotRepresentableAtTheExplicitQuantityScale() {
            String msg = assertRefused(2, "lotSize", HEADER + ",quantityScale", "SIM,BTCUSDT,SPOT,0.01,0.5,,,0");
            assertTrue(msg.contains("'0.5' is not a decimal number representable with 0 decimals"), msg);
        }

        @Test
        void shouldRefuseAMinNotionalFinerThanThePriceScale() {
            String msg = assertRefused(2, "minNotional", HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5.001");
            assertTrue(msg.contains("representable with 2 decimals"), msg);
        }

        @Test
        void shouldRefuseAMinQuantityFinerThanTheQuantityScale() {
            String msg = assertRefused(2, "minQuantity", HEADER, "SIM,BTCUSDT,SPOT,0.01,0.001,0.0005,5");
            assertTrue(msg.contains("representable with 3 decimals"), msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"0.0000000000000000001", "1.1234567890123456789"})
        void shouldRefuseATickSizeWithMoreThanEighteenDecimals(String tick) {
            String msg = assertRefused(2, "tickSize", "exchange,symbol,type,tickSize,lotSize", "SIM,X,SPOT," + tick + ",1");
            assertTrue(msg.contains("has more than 18 decimals"), msg);
        }

        @Test
        void shouldRefuseALotSizeWithMoreThanEighteenDecimals() {
            String msg = assertRefused(2, "lotSize", "exchange,symbol,type,tickSize,lotSize", "SIM,X,SPOT,1,0.0000000000000000001");
            assertTrue(msg.contains("has more than 18 decimals"), msg);
        }

        @ParameterizedTest
        @CsvSource({
            "priceScale,    19",
            "priceScale,    -1",
            "priceScale,    two",
            "priceScale,    2.0",
            "quantityScale, 99999999999",
            "quantityScale, 1e2",
        })
        void shouldRefuseAnExplicitScaleThatIsNotAnIntegerFromZeroToEighteen(String column, String value) {
            String header = "exchange,symbol,type,tickSize,lotSize," + column;
            String msg = assertRefused(2, column, header, "SIM,X,SPOT,1,1," + value);
            assertTrue(msg.contains("'" + value + "' is not an integer in [0, 18]"), msg);
        }

        @ParameterizedTest(name = "tickSize {0}")
        @ValueSource(strings = {"0", "0.00", "-0.01", "-1"})
        void shouldRefuseANonPositiveTickSize(String tick) {
            String msg = assertRefused(2, "tickSize", HEADER, "SIM,X,SPOT," + tick + ",1,,");
            assertTrue(msg.contains("tickSize must be > 0"), msg);
        }

        @ParameterizedTest(name = "lotSize {0}")
        @ValueSource(strings = {"0", "0.000", "-0.5"})
        void shouldRefuseANonPositiveLotSize(String lot) {
            String msg = assertRefused(2, "lotSize", HEADER, "SIM,X,SPOT,1," + lot + ",1,");
            assertTrue(msg.contains("lotSize must be > 0"), msg);
        }

        @Test
        void shouldRefuseANegativeMinQuantity() {
            String msg = assertRefused(2, "minQuantity", HEADER, "SIM,X,SPOT,1,1,-1,");
            assertTrue(msg.contains("minQuantity must be >= 0"), msg);
        }

        @Test
        void shouldRefuseANegativeMinNotional() {
            String msg = assertRefused(2, "minNotional", HEADER, "SIM,X,SPOT,1,1,,-5");
            assertTrue(msg.contains("minNotional must be >= 0"), msg);
        }

        @Test
        void shouldRefuseAnEmptyExchange() {
            String msg = assertRefused(2, "exchange", HEADER, " ,BTCUSDT,SPOT,0.01,0.001,,");
            assertTrue(msg.contains("exchange is empty"), msg);
        }

        @Test
        void shouldRefuseAnEmptySymbol() {
            String msg = assertRefused(2, "symbol", HEADER, "SIM,,SPOT,0.01,0.001,,");
            assertTrue(msg.contains("symbol is empty"), msg);
        }

        @ParameterizedTest
        @ValueSource(strings = {"BTC USDT", "BTC\tUSDT", "BTCÜSDT", "BTC\u00a0USDT"})
        void shouldRefuseASymbolWithANonPrintableOrNonAsciiCharacter(String symbol) {
            String msg = assertRefused(2, "symbol", HEADER, "SIM," + symbol + ",SPOT,0.01,0.001,,");
            assertTrue(msg.contains("not printable ASCII"), msg);
        }

        @Test
        void shouldRefuseAnExchangeWithANonAsciiCharacter() {
            String msg = assertRefused(2, "exchange", HEADER, "SIMÉ,BTCUSDT,SPOT,0.01,0.001,,");
            assertTrue(msg.contains("not printable ASCII"), msg);
        }

        @Test
        void shouldRefuseASymbolRedefinedDifferentlyOnALaterLineNamingBothLinesAndTheField() {
            String msg = assertRefused(5, null, "# c", HEADER,
                    "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5",
                    "SIM,ETHUSDT,SPOT,0.01,0.001,0.001,5",
                    "SIM,BTCUSDT,SPOT,0.05,0.001,0.001,5");
            assertTrue(msg.contains("SIM:BTCUSDT is also defined on line 3"), msg);
            assertTrue(msg.contains("tickSize is 0.01 but the new definition says 0.05"), msg);
        }

        @Test
        void shouldNameTheFirstDifferingFieldOfARedefinition() {
            String msg = assertRefused(3, null, HEADER,
                    "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5",
                    "SIM,BTCUSDT,FUTURE,0.01,0.001,0.001,6");
            assertTrue(msg.contains("type is SPOT but the new definition says FUTURE"), msg);
        }

        @Test
        void shouldTreatADifferentDerivedScaleAsARedefinition() {
            String msg = assertRefused(3, null, HEADER + ",priceScale",
                    "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5,",
                    "SIM,BTCUSDT,SPOT,0.01,0.001,0.001,5,4");
            assertTrue(msg.contains("priceScale is 2 but the new definition says 4"), msg);
        }

        @Test
        void shouldStopAtTheFirstBadLine() {
            // line 3 is bad (type) and line 4 is bad (count): only line 3 is reported
            assertRefused(3, "type", HEADER, "SIM,A,SPOT,1,1,1,0", "SIM,B,WHAT,1,1,1,0", "SIM,C");
        }
    }

    // ================================================================ unexpected input

    /** Whatever goes wrong, parse reports a SymbolsFileException naming the file and the line. */
    @Nested
    class UnexpectedInput {
        @Test
        void shouldRefuseANullLineNamingIt() {
            String msg = assertThrows(SymbolsFileException.class,
                    () -> SymbolsFile.parse(FILE, Arrays.asList(HEADER, "SIM,A,SPOT,1,1,,", null))).getMessage();
            assertTrue(msg.startsWith(FILE + " line 3: "), msg);
        }

        @Test
        void shouldRefuseANullListOfLinesNamingTheFile() {
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.parse(FILE, null));
            assertTrue(e.getMessage().startsWith(FILE + ": "), e.getMessage());
        }

        @Test
        void shouldTurnAnUncheckedFailureIntoASymbolsFileExceptionNamingFileAndLine() {
            List<String> failing = new AbstractList<>() {
                @Override
                public String get(int index) {
                    if (index == 2) throw new IllegalStateException("boom");
                    return index == 0 ? HEADER : "SIM,A,SPOT,1,1,,";
                }

                @Override
                public int size() {
                    return 4;
                }
            };
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.parse(FILE, failing));
            assertTrue(e.getMessage().startsWith(FILE + " line 3: unexpected error"), e.getMessage());
            assertTrue(e.getMessage().contains("boom"), e.getMessage());
            assertInstanceOf(IllegalStateException.class, e.getCause());
        }
    }

    // ================================================================ reading files

    @Nested
    class ReadingFiles {
        @TempDir
        Path dir;

        @Test
        void shouldReadAUtf8FileFromDisk() throws Exception {
            Path f = dir.resolve("symbols.csv");
            Files.writeString(f, "# Flox\n\n" + HEADER + "\nSIM,BTCUSDT,SPOT,0.01,0.00001,0.00001,5\nSIM,ETHUSDT,SPOT,0.01,0.0001,,\n",
                    StandardCharsets.UTF_8);
            List<SymbolInfo> out = SymbolsFile.read(f);
            assertEquals(2, out.size());
            assertEquals("BTCUSDT", out.get(0).symbol());
            assertEquals(500, out.get(0).minNotionalScaled());
            assertEquals(1, out.get(1).minQuantityScaled());
        }

        @Test
        void shouldReadAFileWithWindowsLineEndings() throws Exception {
            Path f = dir.resolve("symbols.csv");
            Files.writeString(f, "# Flox\r\n" + HEADER + "\r\nSIM,BTCUSDT,SPOT,0.01,0.001,,\r\n\r\nSIM,ETHUSDT,SPOT,0.1,0.001,,\r\n");
            List<SymbolInfo> out = SymbolsFile.read(f);
            assertEquals(2, out.size());
            assertEquals(1, out.get(1).priceScale());
        }

        /** Excel's "CSV UTF-8" and some Windows editors start the file with a byte-order mark. */
        @Test
        void shouldAcceptAUtf8FileThatStartsWithAByteOrderMark() throws Exception {
            Path f = dir.resolve("symbols.csv");
            Files.write(f, "\uFEFFexchange,symbol,type,tickSize,lotSize\r\nSIM,BTCUSDT,SPOT,0.01,0.001\r\n"
                    .getBytes(StandardCharsets.UTF_8));
            List<SymbolInfo> out = SymbolsFile.read(f);
            assertEquals(1, out.size());
            assertEquals("SIM", out.get(0).exchange());
            assertEquals("BTCUSDT", out.get(0).symbol());
        }

        @Test
        void shouldNameThePathAndLineWhenAFileOnDiskIsMalformed() throws Exception {
            Path f = dir.resolve("bad.csv");
            Files.writeString(f, HEADER + "\nSIM,BTCUSDT,SPOT,0.01,0.001,,\nSIM,ETHUSDT,SPOT,zero,0.001,,\n");
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.read(f));
            assertTrue(e.getMessage().startsWith(f + " line 3, field tickSize: "), e.getMessage());
        }

        @Test
        void shouldRefuseAMissingFileNamingIt() {
            Path f = dir.resolve("missing.csv");
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.read(f));
            assertTrue(e.getMessage().startsWith(f + ": cannot read"), e.getMessage());
            assertInstanceOf(NoSuchFileException.class, e.getCause());
        }

        @Test
        void shouldRefuseADirectoryNamingIt() {
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.read(dir));
            assertTrue(e.getMessage().startsWith(dir + ": cannot read"), e.getMessage());
            assertNotNull(e.getCause());
        }

        @Test
        void shouldRefuseAFileThatIsNotUtf8NamingIt() throws Exception {
            Path f = dir.resolve("latin1.csv");
            Files.write(f, (HEADER + "\nSIM,BTC\u00c9,SPOT,0.01,0.001,,\n").getBytes(StandardCharsets.ISO_8859_1));
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.read(f));
            assertTrue(e.getMessage().startsWith(f + ": cannot read"), e.getMessage());
            assertInstanceOf(CharacterCodingException.class, e.getCause());
        }

        @Test
        void shouldRefuseAnUnreadableFileNamingIt() throws Exception {
            assumeTrue(FileSystems.getDefault().supportedFileAttributeViews().contains("posix"), "needs POSIX permissions");
            Path f = dir.resolve("secret.csv");
            Files.writeString(f, HEADER + "\n");
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("---------"));
            try {
                assumeFalse(Files.isReadable(f), "running with privileges that ignore file permissions");
                SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.read(f));
                assertTrue(e.getMessage().startsWith(f + ": cannot read"), e.getMessage());
            } finally {
                Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-------"));
            }
        }

        @Test
        void shouldRefuseAnEmptyFileAsHavingNoHeader() throws Exception {
            Path f = dir.resolve("empty.csv");
            Files.createFile(f);
            SymbolsFileException e = assertThrows(SymbolsFileException.class, () -> SymbolsFile.read(f));
            assertTrue(e.getMessage().startsWith(f + ": no header line"), e.getMessage());
        }
    }
}
