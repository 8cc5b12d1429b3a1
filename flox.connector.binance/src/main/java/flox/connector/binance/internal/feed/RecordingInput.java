package flox.connector.binance.internal.feed;

import java.nio.file.Path;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One recording file and, for formats whose depth snapshots carry no symbol, the symbol they
 * belong to.
 *
 * @param path the file (gzip or plain text)
 * @param snapshotSymbol the venue symbol ("BTCUSDT") of snapshots that name none (hftbacktest
 *        writes the REST response as is); null when every snapshot names its symbol
 *        (cryptofeed: in the request URL). A snapshot without a symbol in a file without one
 *        is a malformed line.
 */
public record RecordingInput(Path path, String snapshotSymbol) {
    private static final Pattern HFTBACKTEST_NAME = Pattern.compile("([a-z0-9]+)_\\d{8}(\\.gz)?");

    /**
     * The file, with the snapshot symbol taken from an hftbacktest file name
     * ({@code btcusdt_20240808.gz} gives BTCUSDT), else none.
     */
    public static RecordingInput of(Path path) {
        return of(path, null);
    }

    /**
     * The file, with {@code symbol} (the launcher's {@code --symbol}) as its snapshot symbol when
     * given (not blank), else the one from its hftbacktest file name, else none.
     */
    public static RecordingInput of(Path path, String symbol) {
        if (symbol != null && !symbol.isBlank()) return new RecordingInput(path, symbol.strip().toUpperCase(Locale.ROOT));
        Matcher m = HFTBACKTEST_NAME.matcher(path.getFileName().toString());
        return new RecordingInput(path, m.matches() ? m.group(1).toUpperCase(Locale.ROOT) : null);
    }
}
