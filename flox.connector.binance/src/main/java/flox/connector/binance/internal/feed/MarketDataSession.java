package flox.connector.binance.internal.feed;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookFragments;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.function.Consumer;

/**
 * One combined-stream connection's market data, as the live connector keeps it (issue 14 item
 * 1): frames in, books synced by the documented procedure ({@link DepthSync}) and trades out to
 * the market-data bus. Transport-free: the connector hands it each received frame, each REST
 * depth reply it asked for, and the loss of the connection.
 * <ul>
 * <li>A diff for a symbol that is not in sync is buffered and, once per attempt, a snapshot is
 * asked for ({@link SnapshotRequests}); the reply goes to {@link #onSnapshot}. A stale reply
 * (older than the first buffered diff it would continue) is refused before anything is
 * published, counted apart from gaps, and asked for again.</li>
 * <li>A gap publishes the symbol's book {@link BookUpdate#INVALID} first, then resyncs (counted).
 * The loss of the connection does the same for every symbol and resets the sync.</li>
 * <li>Books are published within the bus's level limit ({@link BookFragments}); each symbol's
 * full-depth book is kept ({@link TickerCheck}), and the bookTicker stream cross-checks it
 * (matches and mismatches counted).</li>
 * <li>A malformed frame is counted by kind and reported through {@code problems} once per kind.</li>
 * </ul>
 *
 * <p>Threading: one caller at a time, not thread-safe by itself (live: the connection's session
 * lock, held by Jetty's reading thread for frames and by the connection's thread for the rest;
 * replay and benchmarks: one thread). Allocation:
 * none per well-formed frame in sync; buffering (before a snapshot, after a gap), a snapshot
 * reply's decode, counters' first report and mismatch messages allocate.
 */
public final class MarketDataSession {
    /** Asks the connector for {@code GET /api/v3/depth} of a symbol; it answers through {@link #onSnapshot}. */
    @FunctionalInterface
    public interface SnapshotRequests {
        void request(int symbolId, String venueSymbol);

        /** False: the request would not be sent now (the IP's request weight); it is not asked, and the next diff tries again. */
        default boolean mayRequest(int symbolId, String venueSymbol) {
            return true;
        }
    }

    /** Levels a full-depth book keeps per side: above Binance's deepest snapshot (5,000), with room for levels outside it. */
    static final int FULL_DEPTH = 20_000;

    private final String where;
    private final ReplaySymbols symbols;
    private final MarketDataBus bus;
    private final SnapshotRequests snapshots;
    private final Consumer<String> problems;
    private final BinanceFrameDecoder decoder;
    private final BookFragments fragments = new BookFragments();
    private final BookUpdate fragment;
    private final BookUpdate invalid = new BookUpdate(1);
    /** A synced book written out whole again for late subscribers. */
    private final BookUpdate republish;
    private long republished;
    private final ReplayStats stats = new ReplayStats();
    private final EnumSet<FeedProblem> reported = EnumSet.noneOf(FeedProblem.class);
    private final Handler handler = new Handler();
    private final int maxBuffered;

    private DepthSync[] syncs = new DepthSync[0];
    private TickerCheck[] books = new TickerCheck[0];
    private String[] names = new String[0];
    private boolean[] requested = new boolean[0];
    /** Per symbol: no snapshot is asked for before this (host monotonic ns): backoff after a stale or failed one, or the venue's Retry-After. */
    private long[] notBeforeNs = new long[0];
    /** No snapshot of any symbol before this (a 429's or 418's Retry-After: the limit is the IP's, not the symbol's). */
    private long venueNotBeforeNs = Long.MIN_VALUE;
    private int[] snapshotFailures = new int[0];
    private long frames;
    private long snapshotRequests;
    private long resyncs;
    private long tickerMismatches;
    private long publishRefusals;
    private long unaskedSnapshots;
    private long serverShutdowns;
    private long snapshotBackoffs;
    /** The backoff's clock (host monotonic ns); tests set their own. */
    private java.util.function.LongSupplier nanoClock = System::nanoTime;
    private boolean shutdownAnnounced;
    private volatile boolean open = true;

    /**
     * @param where names the connection in messages (e.g. its URL)
     * @param symbols maps Binance symbols to the registry's ids and scales
     * @param bookLevels most levels per side of one venue update or snapshot (5,000 for Binance)
     */
    public MarketDataSession(String where, ReplaySymbols symbols, MarketDataBus bus, SnapshotRequests snapshots, Consumer<String> problems,
                             int bookLevels, int maxBuffered) {
        this.where = where;
        this.symbols = symbols;
        this.bus = bus;
        this.snapshots = snapshots;
        this.problems = problems;
        this.decoder = new BinanceFrameDecoder(symbols, bookLevels);
        this.fragment = new BookUpdate(bookLevels);
        this.republish = new BookUpdate(bookLevels);
        this.maxBuffered = maxBuffered;
    }

    /** A received frame: bytes {@code [start, end)} of {@code buf}, at {@code receiveNs} (host monotonic). */
    public void onFrame(byte[] buf, int start, int end, long receiveNs) {
        frames++;
        int result;
        try {
            result = decoder.decodeFrame(buf, start, end, receiveNs, where, frames);
        } catch (RecordingFormatException e) {
            malformed(e);
            return;
        }
        int id = decoder.symbolId();
        switch (result) {
            case BinanceFrameDecoder.DEPTH_DIFF:
                stats.depthUpdates++;
                DepthSync sync = sync(id);
                sync.onDiff(decoder.update, where, frames, handler, stats);
                if (!sync.isSynced() && !requested[id]) request(id);
                break;
            case BinanceFrameDecoder.TRADE:
                stats.trades++;
                publish(decoder.trade);
                break;
            case BinanceFrameDecoder.BOOK_TICKER:
                stats.bookTickers++;
                sync(id);
                books[id].onTicker(decoder.ticker);
                break;
            case BinanceFrameDecoder.SKIPPED_AGG_TRADE:
                stats.skippedAggTrades++;
                break;
            case BinanceFrameDecoder.SKIPPED_KLINE:
                stats.skippedKlines++;
                break;
            case BinanceFrameDecoder.UNKNOWN_SYMBOL:
                stats.unknownSymbolFrames++;
                break;
            case BinanceFrameDecoder.SERVER_SHUTDOWN:
                serverShutdowns++;
                shutdownAnnounced = true; // the connection reconnects at once instead of waiting to be dropped
                break;
            default:
                stats.skippedOtherFrames++; // a snapshot on the stream, or another event: not a book source here
        }
    }

    /**
     * The reply to {@link SnapshotRequests#request} for {@code symbolId}: bytes {@code [start, end)}
     * of {@code buf}. A stale snapshot is refused and asked for again; a malformed one is counted
     * and asked for again.
     */
    public void onSnapshot(int symbolId, byte[] buf, int start, int end, long receiveNs) {
        if (symbolId < 0 || symbolId >= syncs.length || syncs[symbolId] == null) {
            unaskedSnapshots++; // no frame of this symbol came on this connection, so none was asked for
            return;
        }
        requested[symbolId] = false;
        stats.snapshots++;
        int result;
        try {
            result = decoder.decodeSnapshot(buf, start, end, names[symbolId], receiveNs, where + " depth " + names[symbolId], stats.snapshots);
        } catch (RecordingFormatException e) {
            malformed(e);
            backOff(symbolId, 0);
            request(symbolId);
            return;
        }
        if (result != BinanceFrameDecoder.SNAPSHOT || decoder.symbolId() != symbolId) {
            stats.unknownSymbolFrames++;
            return;
        }
        if (!syncs[symbolId].onSnapshot(decoder.update, where, stats.snapshots, handler, stats)) {
            backOff(symbolId, 0); // stale: the venue says fetch again; at once the first time, then after growing waits
            request(symbolId);
        } else {
            snapshotFailures[symbolId] = 0;
        }
    }

    /** The request for a symbol's snapshot failed (network, 5XX): it is asked for again after a growing wait. */
    public void onSnapshotFailed(int symbolId) {
        onSnapshotFailed(symbolId, 0);
    }

    /** As {@link #onSnapshotFailed(int)}, not before {@code retryAfterMs} (the venue's Retry-After of a 429 or 418). */
    public void onSnapshotFailed(int symbolId, long retryAfterMs) {
        if (retryAfterMs > 0) {
            long until = nanoClock.getAsLong() + retryAfterMs * 1_000_000L;
            if (venueNotBeforeNs == Long.MIN_VALUE || until - venueNotBeforeNs > 0) venueNotBeforeNs = until;
        }
        if (symbolId >= requested.length) return;
        requested[symbolId] = false;
        backOff(symbolId, retryAfterMs);
    }

    /** No wait after a first failure, then 250 ms doubling per failure up to 30 s, or the venue's wait if longer. */
    private void backOff(int symbolId, long retryAfterMs) {
        int f = Math.min(++snapshotFailures[symbolId], 8);
        long waitNs = Math.max(f == 1 ? 0 : 250_000_000L << (f - 2), retryAfterMs * 1_000_000L);
        notBeforeNs[symbolId] = nanoClock.getAsLong() + Math.min(waitNs, Math.max(30_000_000_000L, retryAfterMs * 1_000_000L));
        snapshotBackoffs++;
    }

    /**
     * The connection is gone: every book in sync is published INVALID ({@code reason}), and the
     * sync starts again with the next connection's frames; the tickers kept for the cross-check
     * are forgotten (those sent meanwhile are missed: the next connection's are compared).
     */
    public void onConnectionLost(String reason) {
        for (int id = 0; id < syncs.length; id++) {
            DepthSync s = syncs[id];
            if (s == null) continue;
            if (s.isSynced()) { // the book goes INVALID as after a gap, but counted as a loss, not as a gap of the stream
                books[id].onConnectionLost();
                publishInvalid(id);
            }
            s.reset();
            requested[id] = false;
            if (id < books.length && books[id] != null) books[id].onTickersLost();
        }
    }

    /**
     * Publishes every book in sync whole again, as a SNAPSHOT at its current update id (top
     * {@code bookLevels} a side down to the depth its REST snapshot covered, within the bus's
     * limit in fragments), so that a subscriber that
     * joined late gets a whole book (the connector calls it periodically, on this thread). A book
     * in the middle of a fragmented update is skipped this round. No allocation once a book's
     * listing buffer has grown to its depth ({@link DepthBook#appendKnownLevels}).
     */
    public void republishSnapshots(long receiveNs) {
        for (int id = 0; id < syncs.length; id++) {
            DepthSync s = syncs[id];
            if (s == null || !s.isSynced() || books[id].book.isUpdating()) continue;
            republish.reset(id, BookUpdate.Type.SNAPSHOT).updateIds(0, s.bookId()).timestamps(0, receiveNs);
            books[id].book.appendKnownLevels(republish); // not past the REST snapshot's depth: beyond it the book has holes
            publishBook(republish);
            republished++;
        }
    }

    /** After this, publishing retries stop (the connector is stopping). */
    public void close() {
        open = false;
    }

    /** Asks for a snapshot unless the symbol's backoff or the venue's Retry-After says not yet (the next diff tries again). */
    private void request(int symbolId) {
        long now = nanoClock.getAsLong();
        if (now - notBeforeNs[symbolId] < 0) return;
        if (venueNotBeforeNs != Long.MIN_VALUE && now - venueNotBeforeNs < 0) return; // rate limited or banned: every symbol waits
        if (!snapshots.mayRequest(symbolId, names[symbolId])) return; // held for the request weight: asked again with the next diff
        requested[symbolId] = true;
        snapshotRequests++;
        snapshots.request(symbolId, names[symbolId]);
    }

    private DepthSync sync(int symbolId) {
        if (symbolId >= syncs.length) {
            int n = Math.max(symbolId + 1, syncs.length * 2);
            syncs = Arrays.copyOf(syncs, n);
            books = Arrays.copyOf(books, n);
            names = Arrays.copyOf(names, n);
            requested = Arrays.copyOf(requested, n);
            notBeforeNs = Arrays.copyOf(notBeforeNs, n);
            snapshotFailures = Arrays.copyOf(snapshotFailures, n);
        }
        if (syncs[symbolId] == null) {
            syncs[symbolId] = new DepthSync(symbolId, maxBuffered);
            names[symbolId] = decoder.symbolName();
            books[symbolId] = new TickerCheck(names[symbolId], symbolId, FULL_DEPTH, this::mismatch);
        }
        return syncs[symbolId];
    }

    private void mismatch(String message) {
        tickerMismatches++;
        if (tickerMismatches == 1) problems.accept(message + " (further mismatches are counted in flox:binance)");
    }

    private void malformed(RecordingFormatException e) {
        stats.malformedLines++;
        stats.countMalformed(e.kind());
        if (reported.add(e.kind())) problems.accept(e.getMessage() + " (" + e.kind() + "; further ones of this kind are counted)");
    }

    private void publish(TradeEvent trade) {
        long r;
        while ((r = bus.publishTrade(trade)) == BusResult.BACK_PRESSURED && open) Thread.onSpinWait();
        if (r < 0) publishRefusals++;
    }

    private void publishBook(BookUpdate update) {
        if (update.isInvalid() || Math.max(update.bidCount(), update.askCount()) <= bus.maxBookLevels()) {
            publishOne(update);
            return;
        }
        fragments.start(update, bus.maxBookLevels());
        while (fragments.next(fragment)) publishOne(fragment);
    }

    /** The symbol's book, INVALID on the bus until its next snapshot. */
    private void publishInvalid(int symbolId) {
        invalid.resetInvalid(symbolId);
        publishOne(invalid);
    }

    private void publishOne(BookUpdate update) {
        long r;
        while ((r = bus.publishBookUpdate(update)) == BusResult.BACK_PRESSURED && open) Thread.onSpinWait();
        if (r < 0) publishRefusals++;
    }

    /** What the sync passes on goes to the full-depth book and the bus. */
    private final class Handler implements ReplayHandler {
        @Override
        public void onBookUpdate(BookUpdate update) {
            int id = update.symbolId();
            TickerCheck book = books[id];
            if (update.type() == BookUpdate.Type.SNAPSHOT && book.invalid) resyncs++;
            book.onBookUpdate(update);
            publishBook(update);
        }

        @Override
        public void onBookInvalidated(int symbolId, String reason) {
            books[symbolId].onBookInvalidated();
            publishInvalid(symbolId);
        }
    }

    // ------------------------------------------------------------------ counters (any thread may read them, approximately)

    public ReplayStats stats() { return stats; }
    public long frames() { return frames; }
    public long snapshotRequests() { return snapshotRequests; }
    public long resyncs() { return resyncs; }
    public long tickerMismatches() { return tickerMismatches; }
    public long publishRefusals() { return publishRefusals; }
    /** Snapshots published again for late subscribers. */
    public long republished() { return republished; }
    /** For tests: the clock of the snapshot backoff. */
    void nanoClock(java.util.function.LongSupplier clock) {
        this.nanoClock = clock;
    }

    /** Snapshot requests held back after a stale, malformed or failed one. */
    public long snapshotBackoffs() { return snapshotBackoffs; }

    /** serverShutdown events received (the venue announced a planned disconnect). */
    public long serverShutdowns() { return serverShutdowns; }

    /** True once after a serverShutdown: the connection should reconnect now; clears the flag. */
    public boolean takeShutdownAnnounced() {
        boolean b = shutdownAnnounced;
        shutdownAnnounced = false;
        return b;
    }

    /** Snapshot replies for a symbol with no frame on this connection (none was asked for): ignored. */
    public long unaskedSnapshots() { return unaskedSnapshots; }

    /** Book cross-check of a symbol: checked and matched checkpoints; null before its first event. */
    public TickerCheck book(int symbolId) {
        return symbolId < books.length ? books[symbolId] : null;
    }

    /** How many of {@code symbolIds} have a book in sync. */
    public int syncedCount(int[] symbolIds) {
        int n = 0;
        for (int id : symbolIds) if (isSynced(id)) n++;
        return n;
    }

    public boolean isSynced(int symbolId) {
        return symbolId < syncs.length && syncs[symbolId] != null && syncs[symbolId].isSynced();
    }
}
