package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What the fake tells the demo about a recording's symbols (`./flox run --venue binance-fake`
 * configures the connector and the sample strategies from these lines): every symbol, the busiest
 * first, a price from near the start and the filters of the exchangeInfo it serves; a symbol
 * without an entry there is named as unknown.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class FakeBinanceSymbolsTest {
    @Test
    void shouldNameEachSymbolOfARecordingWithAPriceAndItsFilters() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.cryptofeed()).exchangeInfo(TestSupport.exchangeInfo())
                .pacing(Pacing.testControlled()).start()) {
            assertEquals(List.of(
                    "symbol=NKNUSDT frames=226 price=0.35210000 tick=0.00010000 step=1.00000000 min.notional=10.00000000",
                    "symbol=LRCBTC frames=26 price=0.00000637 tick=0.00000001 step=1.00000000 min.notional=0.00010000",
                    "symbol=BLZETH frames=11 price=0.00006547 tick=0.00000001 step=1.00000000 min.notional=0.00500000",
                    "symbol=RUNEEUR frames=2 price=6.24800000 tick=0.00100000 step=0.10000000 min.notional=10.00000000"),
                    fake.symbolSummaries().stream().map(FakeBinance.SymbolSummary::line).toList());
        }
    }

    @Test
    void shouldNameASymbolTheExchangeInfoDoesNotKnowAsUnknown() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).pacing(Pacing.testControlled()).start()) {
            List<String> lines = fake.symbolSummaries().stream().map(FakeBinance.SymbolSummary::line).toList();
            assertEquals(1, lines.size(), lines.toString());
            assertEquals(true, lines.get(0).startsWith("symbol.unknown=BTCUSDT frames="), lines.toString());
        }
    }
}
