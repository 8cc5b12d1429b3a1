package flox.connector.binance.internal.feed;

import java.io.Closeable;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;

/**
 * Replays recorded Binance spot streams (hftbacktest and cryptofeed recordings; see
 * {@link RecordingSource} for the line formats) into a {@link ReplayHandler}: trades, book tickers
 * and synchronised book updates ({@link DepthSync}), per symbol.
 *
 * <p>Several files (cryptofeed's {@code BINANCE.ws.*} and {@code BINANCE.http.*}) are merged by
 * receive time; lines with the same time keep the order of the inputs. Frames of other streams
 * (aggTrade, kline, partial depth...), the venue's serverShutdown notice, other HTTP responses
 * and symbols {@link ReplaySymbols} does not know are skipped and counted in {@link #stats()}. A line that cannot be read is handled
 * by the {@link MalformedLinePolicy}; gaps are not errors of the file but of the data: they are
 * counted, kept in the problems and passed to {@link ReplayHandler#onBookInvalidated}.
 *
 * <p>Work is bounded per call ({@link #poll(ReplayHandler, int)} reads at most so many lines), so
 * an agent can drive a replay in its duty cycle and pace it; {@link #run(ReplayHandler)} reads
 * everything.
 *
 * <p>Not thread-safe: one thread opens, polls and closes. Allocation: after the first lines
 * (buffers sized, field names canonicalised) reading, decoding, syncing and dispatching allocate
 * nothing per line in steady state; the cold paths that do are a line longer than any before it,
 * buffering diffs while waiting for a snapshot, and problem messages.
 */
public final class BinanceRecordingReader implements Closeable {
    /** Levels per side an update can carry: Binance's largest snapshot (limit=5000). */
    public static final int DEFAULT_BOOK_LEVELS = 5_000;
    /** Diffs buffered per symbol while waiting for a snapshot (100 s of 100 ms diffs). */
    public static final int DEFAULT_MAX_BUFFERED_DIFFS = 1_000;

    private final MalformedLinePolicy policy;
    private final int maxBufferedDiffs;
    private final BinanceFrameDecoder decoder;
    private final RecordingSource[] sources;
    /** Sources with a current line not yet processed. */
    private final boolean[] pending;
    private final ReplayStats stats = new ReplayStats();
    private DepthSync[] syncs = new DepthSync[16];

    /** Opens the inputs with the defaults (fail on a malformed line). */
    public BinanceRecordingReader(List<RecordingInput> inputs, ReplaySymbols symbols) throws IOException {
        this(inputs, symbols, MalformedLinePolicy.FAIL, DEFAULT_BOOK_LEVELS, DEFAULT_MAX_BUFFERED_DIFFS);
    }

    public BinanceRecordingReader(List<RecordingInput> inputs, ReplaySymbols symbols, MalformedLinePolicy policy,
                                  int bookLevels, int maxBufferedDiffs) throws IOException {
        if (inputs.isEmpty()) throw new IllegalArgumentException("no recording to read");
        if (maxBufferedDiffs <= 0) throw new IllegalArgumentException("maxBufferedDiffs must be > 0");
        this.policy = policy;
        this.maxBufferedDiffs = maxBufferedDiffs;
        this.decoder = new BinanceFrameDecoder(symbols, bookLevels);
        this.sources = new RecordingSource[inputs.size()];
        this.pending = new boolean[inputs.size()];
        try {
            for (int i = 0; i < sources.length; i++) {
                sources[i] = new RecordingSource(inputs.get(i));
                pending[i] = sources[i].advance();
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        }
    }

    /** Reads every remaining line; returns the counters. */
    public ReplayStats run(ReplayHandler handler) throws IOException {
        while (poll(handler, Integer.MAX_VALUE) > 0) {
            // all lines in one call
        }
        return stats;
    }

    /**
     * Reads and dispatches at most {@code lineLimit} lines, in receive-time order across the inputs.
     *
     * @return lines read; 0 when every input is exhausted
     * @throws RecordingFormatException under {@link MalformedLinePolicy#FAIL}, for the first malformed line
     */
    public int poll(ReplayHandler handler, int lineLimit) throws IOException {
        int done = 0;
        while (done < lineLimit) {
            int next = nextSource();
            if (next < 0) {
                break;
            }
            RecordingSource src = sources[next];
            process(src, handler);
            done++;
            pending[next] = src.advance();
        }
        return done;
    }

    /** True once every line of every input has been read. */
    public boolean isDone() {
        return nextSource() < 0;
    }

    public ReplayStats stats() {
        return stats;
    }

    /** True when the book of {@code symbolId} is in sync (a snapshot and contiguous diffs since). */
    public boolean isSynced(int symbolId) {
        return symbolId < syncs.length && syncs[symbolId] != null && syncs[symbolId].isSynced();
    }

    /**
     * Diffs of {@code symbolId} waiting for a snapshot (none arrived yet, or none since a gap); 0
     * for a symbol without a depth stream. Non-zero at the end of a replay: those diffs were never
     * applied (the most kept is the reader's {@code maxBufferedDiffs}).
     */
    public int bufferedDiffs(int symbolId) {
        return symbolId < syncs.length && syncs[symbolId] != null ? syncs[symbolId].bufferedDiffs() : 0;
    }

    private int nextSource() {
        int best = -1;
        long bestNs = Long.MAX_VALUE;
        for (int i = 0; i < sources.length; i++) {
            if (pending[i] && (best < 0 || sources[i].receiveNs < bestNs)) {
                best = i;
                bestNs = sources[i].receiveNs;
            }
        }
        return best;
    }

    private void process(RecordingSource src, ReplayHandler handler) throws IOException {
        stats.lines++;
        switch (src.kind) {
            case CONTROL:
                stats.controlLines++;
                return;
            case MALFORMED:
                malformed(new RecordingFormatException(src.name, src.lineNumber, FeedProblem.BAD_LINE, src.problem + ": '" + src.excerpt(80) + "'", null));
                return;
            default:
                break;
        }
        int result;
        try {
            result = decoder.decode(src);
        } catch (RecordingFormatException e) {
            malformed(e);
            return;
        }
        switch (result) {
            case BinanceFrameDecoder.DEPTH_DIFF:
                stats.depthUpdates++;
                sync(decoder.symbolId()).onDiff(decoder.update, src.name, src.lineNumber, handler, stats);
                break;
            case BinanceFrameDecoder.SNAPSHOT:
                stats.snapshots++;
                sync(decoder.symbolId()).onSnapshot(decoder.update, src.name, src.lineNumber, handler, stats);
                break;
            case BinanceFrameDecoder.TRADE:
                stats.trades++;
                handler.onTrade(decoder.trade);
                break;
            case BinanceFrameDecoder.BOOK_TICKER:
                stats.bookTickers++;
                handler.onBookTicker(decoder.ticker);
                break;
            case BinanceFrameDecoder.SKIPPED_AGG_TRADE:
                stats.skippedAggTrades++;
                break;
            case BinanceFrameDecoder.SKIPPED_KLINE:
                stats.skippedKlines++;
                break;
            case BinanceFrameDecoder.SKIPPED_OTHER:
            case BinanceFrameDecoder.SERVER_SHUTDOWN: // the venue's notice before it closes the connection: no market event
                stats.skippedOtherFrames++;
                break;
            case BinanceFrameDecoder.SKIPPED_OTHER_HTTP:
                stats.skippedOtherHttp++;
                break;
            case BinanceFrameDecoder.UNKNOWN_SYMBOL:
                stats.unknownSymbolFrames++;
                break;
            default:
                throw new IllegalStateException("decoder result " + result);
        }
    }

    private void malformed(RecordingFormatException e) throws RecordingFormatException {
        if (policy == MalformedLinePolicy.FAIL) {
            throw e;
        }
        stats.malformedLines++;
        stats.countMalformed(e.kind());
        stats.problem(e.getMessage());
    }

    private DepthSync sync(int symbolId) {
        if (symbolId >= syncs.length) {
            syncs = Arrays.copyOf(syncs, Math.max(symbolId + 1, syncs.length * 2));
        }
        DepthSync s = syncs[symbolId];
        if (s == null) {
            s = new DepthSync(symbolId, maxBufferedDiffs);
            syncs[symbolId] = s;
        }
        return s;
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RecordingSource s : sources) {
            if (s != null) {
                try {
                    s.close();
                } catch (IOException e) {
                    if (first == null) first = e;
                }
            }
        }
        Arrays.fill(pending, false);
        if (first != null) throw first;
    }
}
