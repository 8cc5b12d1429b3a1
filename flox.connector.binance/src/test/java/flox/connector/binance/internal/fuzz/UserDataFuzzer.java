package flox.connector.binance.internal.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;

/** Jazzer's driver entry for {@link DecoderFuzzTest}'s user-data and reply target ({@code ./flox fuzz}). */
public final class UserDataFuzzer {
    private static final DecoderFuzzTest TARGET = new DecoderFuzzTest();

    private UserDataFuzzer() {
    }

    public static void fuzzerTestOneInput(byte[] input) {
        try {
            TARGET.shouldTakeOrRefuseAnyUserDataEventOrReply(input);
        } catch (IOException e) {
            throw new UncheckedIOException("a well-formed reply was refused after this input", e);
        }
    }
}
