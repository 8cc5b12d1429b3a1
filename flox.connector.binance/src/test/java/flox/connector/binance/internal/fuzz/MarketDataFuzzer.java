package flox.connector.binance.internal.fuzz;

/** Jazzer's driver entry for {@link DecoderFuzzTest}'s market-data target ({@code ./flox fuzz}). */
public final class MarketDataFuzzer {
    private static final DecoderFuzzTest TARGET = new DecoderFuzzTest();

    private MarketDataFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        TARGET.shouldTakeOrRefuseAnyMarketDataFrameAndReadTheNextGoodOne(input);
    }
}
