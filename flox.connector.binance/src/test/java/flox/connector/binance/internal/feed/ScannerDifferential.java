package flox.connector.binance.internal.feed;

import java.nio.charset.StandardCharsets;

/**
 * For the fuzz target (another package): decodes one input as a frame and as a BTCUSDT snapshot
 * with the decoder's byte scanner and with Jackson alone, and fails when they disagree (result,
 * update field by field, or refusal). Test scope.
 */
public final class ScannerDifferential {
    private final BinanceFrameDecoder withScanner = new BinanceFrameDecoder(new FrameScannerTest.Wire(8, 8), 200, true);
    private final BinanceFrameDecoder jacksonOnly = new BinanceFrameDecoder(new FrameScannerTest.Wire(8, 8), 200, false);
    private final BinanceFrameDecoder coarseScanner = new BinanceFrameDecoder(new FrameScannerTest.Wire(2, 5), 200, true);
    private final BinanceFrameDecoder coarseJackson = new BinanceFrameDecoder(new FrameScannerTest.Wire(2, 5), 200, false);

    public void check(byte[] input) {
        for (String snapshotSymbol : new String[] {null, "BTCUSDT"}) {
            FrameScannerTest.Input in = new FrameScannerTest.Input(input, snapshotSymbol);
            compare(withScanner, jacksonOnly, in);
            compare(coarseScanner, coarseJackson, in);
        }
    }

    private static void compare(BinanceFrameDecoder scanner, BinanceFrameDecoder jackson, FrameScannerTest.Input in) {
        String a = FrameScannerTest.describe(scanner, in, 1);
        String b = FrameScannerTest.describe(jackson, in, 1);
        if (!a.equals(b)) {
            throw new AssertionError("scanner and Jackson disagree on " + new String(in.json(), StandardCharsets.ISO_8859_1)
                    + "\n scanner: " + a + "\n jackson: " + b);
        }
    }
}
