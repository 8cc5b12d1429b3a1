package flox.connector.binance.internal.feed;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Counters of one replay, plus the first {@link #MAX_PROBLEMS} problem messages (gaps, skipped
 * malformed lines, snapshot trouble), each naming file and line. Written by the replay thread
 * only; read it after {@link BinanceRecordingReader#run} returns.
 */
public final class ReplayStats {
    /** Problem messages kept; later ones are only counted. */
    public static final int MAX_PROBLEMS = 100;

    /** Lines read, of every kind. */
    public long lines;
    /** Lines with no event: empty lines, connection and configuration lines of cryptofeed. */
    public long controlLines;
    /** Lines that could not be read (only under {@link MalformedLinePolicy#SKIP}). */
    public long malformedLines;

    /** depthUpdate frames decoded (of known symbols). */
    public long depthUpdates;
    /** REST depth snapshots decoded. */
    public long snapshots;
    public long trades;
    public long bookTickers;

    /** Frames of streams this reader does not replay, by kind. */
    public long skippedAggTrades;
    public long skippedKlines;
    public long skippedOtherFrames;
    /** HTTP responses other than depth snapshots (e.g. exchangeInfo). */
    public long skippedOtherHttp;
    /** Frames and snapshots of symbols {@link ReplaySymbols} does not know. */
    public long unknownSymbolFrames;

    /** Diffs handed to the handler (applied to the book). */
    public long diffsApplied;
    /** Diffs dropped because the book was already past them ({@code u <= book id}). */
    public long diffsStale;
    /** Missing updates detected ({@code U > book id + 1}); each invalidates that book. */
    public long gaps;
    /** Snapshots handed to the handler. */
    public long snapshotsApplied;
    /** Snapshots ignored because the synced book was already at or past them. */
    public long snapshotsIgnored;
    /** Snapshots refused as stale: older than the first buffered diff they would be continued by (fetch again). */
    public long snapshotsStale;
    /** Buffered diffs dropped because the buffer was full while waiting for a snapshot. */
    public long bufferedDiffsDropped;

    private long problemCount;
    private final List<String> problems = new ArrayList<>();
    private final long[] malformedByKind = new long[FeedProblem.values().length];

    /** Counts a malformed line by kind (the message goes through {@link #problem}). */
    void countMalformed(FeedProblem kind) {
        malformedByKind[kind.ordinal()]++;
    }

    /** Malformed lines of one kind. */
    public long malformed(FeedProblem kind) {
        return malformedByKind[kind.ordinal()];
    }

    /** "BAD_VALUE 2, INVALID_JSON 1", the kinds seen; empty when none. */
    public String malformedKinds() {
        StringBuilder sb = new StringBuilder();
        for (FeedProblem k : FeedProblem.values()) {
            long n = malformedByKind[k.ordinal()];
            if (n == 0) continue;
            if (sb.length() > 0) sb.append(", ");
            sb.append(k).append(' ').append(n);
        }
        return sb.toString();
    }

    void problem(String message) {
        problemCount++;
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(message);
        }
    }

    /** Every problem reported, including those beyond {@link #MAX_PROBLEMS}. */
    public long problemCount() { return problemCount; }

    /** The first {@link #MAX_PROBLEMS} problem messages, in order. */
    public List<String> problems() { return Collections.unmodifiableList(problems); }

    @Override
    public String toString() {
        return "lines " + lines + " (control " + controlLines + ", malformed " + malformedLines
                + (malformedLines == 0 ? "" : ": " + malformedKinds()) + ")"
                + ", depthUpdates " + depthUpdates + " (applied " + diffsApplied + ", stale " + diffsStale
                + ", gaps " + gaps + ", buffer drops " + bufferedDiffsDropped + ")"
                + ", snapshots " + snapshots + " (applied " + snapshotsApplied + ", ignored " + snapshotsIgnored
                + (snapshotsStale == 0 ? "" : ", stale " + snapshotsStale) + ")"
                + ", trades " + trades + ", bookTickers " + bookTickers
                + ", skipped aggTrade " + skippedAggTrades + " kline " + skippedKlines + " other " + skippedOtherFrames
                + " http " + skippedOtherHttp + " unknown-symbol " + unknownSymbolFrames
                + ", problems " + problemCount;
    }
}
