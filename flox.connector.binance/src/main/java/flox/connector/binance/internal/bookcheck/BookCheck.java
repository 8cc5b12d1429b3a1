package flox.connector.binance.internal.bookcheck;

import flox.api.event.BookUpdate;
import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.BookTicker;
import flox.connector.binance.internal.feed.FeedProblem;
import flox.connector.binance.internal.feed.MalformedLinePolicy;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.ReplayHandler;
import flox.connector.binance.internal.feed.ReplayStats;
import flox.connector.binance.internal.feed.TickerCheck;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ./flox book-check PATH...} (issue 14 item 10): replays Binance spot recordings through
 * the connector's own parsing and depth-sync code (no network, no OSGi) and checks each rebuilt
 * book against the venue's bookTicker ({@link TickerCheck}). Prints one line per symbol and a
 * total; lists mismatches with their update ids and keeps going, and says how long each run of
 * mismatches lasted (one update: a disagreement of the feed; longer: look at it).
 *
 * <p>Exit status: 0 when every checkpoint matched; 1 on mismatches only; 2 on unreadable input
 * (a missing file, a line that cannot be read), a gap never recovered, or a book never rebuilt
 * (a symbol's diffs with no snapshot to start from: nothing of it could be checked). Runs on the calling
 * thread; allocates per symbol and per line of output only.
 */
public final class BookCheck {
    /** Levels kept per side: above the deepest snapshot Binance serves (5,000), so the book keeps full depth. */
    static final int BOOK_LEVELS = 20_000;
    /** Mismatch lines printed; later ones are counted. */
    static final int MAX_MISMATCH_LINES = 200;

    private BookCheck() {
    }

    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /** Runs the check; returns the exit status. */
    static int run(List<String> args, PrintStream out, PrintStream err) {
        if (args.isEmpty() || args.contains("-h") || args.contains("--help")) {
            (args.isEmpty() ? err : out).println("Usage: ./flox book-check [--symbol SYMBOL] PATH...\n"
                    + "  PATH: an hftbacktest recording (<local ns> <frame> lines, gzip or text; its depth snapshots' symbol comes\n"
                    + "        from a <symbol>_<yyyymmdd> file name), or a cryptofeed prefix such as .../BINANCE or .../BINANCE_US\n"
                    + "        (its PREFIX.ws.* and PREFIX.http.* files). Several paths of one stream, in order, are one continuous stream.\n"
                    + "  --symbol SYMBOL: the symbol of the depth snapshots in the hftbacktest files after it (else their <symbol>_<yyyymmdd> name).\n"
                    + "Prints SYMBOL: checked N matched M gaps G resyncs R per symbol, then TOTAL, and with mismatches how long each run\n"
                    + "of them lasted (one update: the feed disagreeing for a moment; longer: listed). Exit 0: all matched; 1: mismatches;\n"
                    + "2: unreadable input, a gap never recovered, or a book never rebuilt (diffs but no snapshot to start from).");
            return args.isEmpty() ? 2 : 0;
        }
        List<RecordingInput> inputs = new ArrayList<>();
        String snapshotSymbol = null;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            if (a.equals("--symbol")) {
                if (i + 1 == args.size() || args.get(i + 1).isBlank() || args.get(i + 1).startsWith("-")) {
                    err.println("book-check: --symbol needs a symbol (BTCUSDT)");
                    return 2;
                }
                snapshotSymbol = args.get(++i);
                continue;
            }
            String problem = expand(Path.of(a), snapshotSymbol, inputs);
            if (problem != null) {
                err.println("book-check: " + problem);
                return 2;
            }
        }
        if (inputs.isEmpty()) {
            err.println("book-check: no recording given");
            return 2;
        }
        DiscoveredSymbols symbols = new DiscoveredSymbols();
        List<TickerCheck> checks = new ArrayList<>();
        long[] mismatchCount = new long[1];
        java.util.function.Consumer<String> mismatches = line -> {
            if (mismatchCount[0]++ < MAX_MISMATCH_LINES) out.println(line);
        };
        long[] runLineCount = new long[1];
        java.util.function.Consumer<String> runEnds = line -> {
            if (runLineCount[0]++ < MAX_MISMATCH_LINES) out.println(line);
        };
        ReplayStats stats;
        List<String> neverRebuilt = new ArrayList<>();
        try (BinanceRecordingReader reader = new BinanceRecordingReader(inputs, symbols, MalformedLinePolicy.SKIP,
                BinanceRecordingReader.DEFAULT_BOOK_LEVELS, BinanceRecordingReader.DEFAULT_MAX_BUFFERED_DIFFS)) {
            stats = reader.run(new ReplayHandler() {
                TickerCheck check(int id) {
                    while (checks.size() <= id) checks.add(new TickerCheck(symbols.name(checks.size()), checks.size(), BOOK_LEVELS, mismatches, runEnds));
                    return checks.get(id);
                }

                @Override
                public void onBookUpdate(BookUpdate update) {
                    check(update.symbolId()).onBookUpdate(update);
                }

                @Override
                public void onBookTicker(BookTicker ticker) {
                    check(ticker.symbolId()).onTicker(ticker);
                }

                @Override
                public void onBookInvalidated(int symbolId, String reason) {
                    check(symbolId).onBookInvalidated();
                    out.println(symbols.name(symbolId) + ": gap: " + reason);
                }
            });
            // a symbol whose diffs never met a snapshot: its book was never rebuilt, so nothing of it was checked
            for (int id = 0; id < symbols.size(); id++) {
                boolean hadBook = id < checks.size() && checks.get(id).snapshots > 0;
                if (!hadBook && reader.bufferedDiffs(id) > 0) {
                    while (checks.size() <= id) checks.add(new TickerCheck(symbols.name(checks.size()), checks.size(), BOOK_LEVELS, mismatches, runEnds));
                    neverRebuilt.add(symbols.name(id) + ": its book was never rebuilt: no depth snapshot its diffs could start from (the last "
                            + reader.bufferedDiffs(id) + " buffered at the end; a day's file that continues the previous one needs that file"
                            + " before it, and an hftbacktest file's snapshots belong to the symbol of its name or --symbol)");
                }
            }
        } catch (IOException e) {
            err.println("book-check: " + e.getMessage());
            return 2;
        }
        for (TickerCheck c : checks) c.finish(); // a run of mismatches still going is cut by the end
        if (mismatchCount[0] > MAX_MISMATCH_LINES) out.println("(" + (mismatchCount[0] - MAX_MISMATCH_LINES) + " more mismatches not listed)");
        if (runLineCount[0] > MAX_MISMATCH_LINES) out.println("(" + (runLineCount[0] - MAX_MISMATCH_LINES) + " more mismatch runs not listed)");
        long checked = 0;
        long matched = 0;
        long runs = 0;
        long runsOfOne = 0;
        long longest = 0;
        boolean unrecovered = false;
        for (TickerCheck c : checks) {
            out.println(c.line());
            if (c.mismatchRuns > 0) out.println(c.mismatchRunsLine());
            runs += c.mismatchRuns;
            runsOfOne += c.mismatchRunsOfOne;
            longest = Math.max(longest, c.longestMismatchRun);
            checked += c.checked;
            matched += c.matched;
            if (c.invalid) {
                unrecovered = true;
                err.println("book-check: " + c.symbol + ": a gap was never recovered (no snapshot after it)");
            }
        }
        out.println("TOTAL: checked " + checked + " matched " + matched);
        if (runs > 0) {
            // the target: each mismatch a real-feed disagreement lasting one update, never a sync error
            out.println(runsOfOne == runs ? "MISMATCHES: " + runs + " run(s), each lasting one update (the next checkpoint matched): disagreements of the feed, not of the sync"
                    : "MISMATCHES: " + runs + " run(s), " + (runs - runsOfOne) + " lasting more than one update or cut before matching again (longest "
                    + longest + " checkpoints): look at them");
        }
        for (String n : neverRebuilt) err.println("book-check: " + n);
        if (stats.malformedLines > 0) {
            err.println("book-check: " + stats.malformedLines + " line(s) could not be read (" + stats.malformedKinds() + "); first: "
                    + (stats.problems().isEmpty() ? "?" : firstMalformed(stats)));
            if (stats.malformed(FeedProblem.SNAPSHOT_SYMBOL) > 0) {
                err.println("book-check: hftbacktest depth snapshots name no symbol: name the file <symbol>_<yyyymmdd>[.gz]"
                        + " (btcusdt_20240808.gz) or give the symbol before it: ./flox book-check --symbol BTCUSDT PATH");
            }
            return 2;
        }
        if (unrecovered || !neverRebuilt.isEmpty()) return 2;
        return matched == checked ? 0 : 1;
    }

    private static String firstMalformed(ReplayStats stats) {
        for (String p : stats.problems()) if (!p.contains("depth gap")) return p;
        return stats.problems().get(0);
    }

    /**
     * Adds the recording files of {@code path}: the file itself, or the files of a cryptofeed
     * prefix ({@code PREFIX.ws.*}, {@code PREFIX.http.*}, sorted by name), with {@code snapshotSymbol}
     * (--symbol, or null: from the file name) for snapshots that name none. Returns a problem, or null.
     */
    static String expand(Path path, String snapshotSymbol, List<RecordingInput> into) {
        if (Files.isRegularFile(path)) {
            if (!Files.isReadable(path)) return path + ": not readable";
            into.add(RecordingInput.of(path, snapshotSymbol));
            return null;
        }
        Path dir = path.toAbsolutePath().getParent();
        String prefix = path.getFileName().toString();
        List<Path> found = new ArrayList<>();
        if (dir != null && Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, prefix + ".{ws,http}.*")) {
                for (Path p : files) if (Files.isRegularFile(p)) found.add(p);
            } catch (IOException e) {
                return dir + ": cannot be listed (" + e.getMessage() + ")";
            }
        }
        if (found.isEmpty()) return path + ": no such file, nor a cryptofeed prefix (no " + prefix + ".ws.* or " + prefix + ".http.* beside it)";
        found.sort(null);
        for (Path p : found) into.add(RecordingInput.of(p, snapshotSymbol));
        return null;
    }
}
