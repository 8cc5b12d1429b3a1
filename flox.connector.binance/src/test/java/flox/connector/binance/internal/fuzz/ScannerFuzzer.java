package flox.connector.binance.internal.fuzz;

/** Jazzer's driver entry for {@link DecoderFuzzTest}'s byte-scanner differential target ({@code ./flox fuzz}). */
public final class ScannerFuzzer {
    private static final DecoderFuzzTest TARGET = new DecoderFuzzTest();

    private ScannerFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        TARGET.shouldDecodeAnyDepthFrameAsJacksonDoes(input);
    }
}
