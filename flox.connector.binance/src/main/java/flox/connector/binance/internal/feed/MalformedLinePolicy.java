package flox.connector.binance.internal.feed;

/** What {@link BinanceRecordingReader} does with a line it cannot read. */
public enum MalformedLinePolicy {
    /**
     * Stop the replay with a {@link RecordingFormatException} naming file, line and problem.
     * The default: a replay must be deterministic, and a damaged recording should be noticed,
     * not half-replayed.
     */
    FAIL,
    /**
     * Count the line, keep its message in {@link ReplayStats#problems()} and go on. For
     * recordings known to be damaged (e.g. cut off mid-line). A skipped depth diff is not lost
     * silently: the next diff of that symbol reports a gap and the book waits for a snapshot.
     */
    SKIP
}
