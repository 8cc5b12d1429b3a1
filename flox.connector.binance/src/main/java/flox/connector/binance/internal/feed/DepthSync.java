package flox.connector.binance.internal.feed;

import flox.api.event.BookUpdate;

/**
 * Binance's diff-depth synchronisation for one symbol (SPEC-NOTES.md §1, from the venue's "How
 * to manage a local order book correctly"):
 * <ol>
 *   <li>Until a snapshot arrives, diffs are buffered (copied).</li>
 *   <li>A snapshot with {@code lastUpdateId} L is passed on as the book, whose id becomes L.</li>
 *   <li>Buffered and later diffs then go through one rule: {@code u <= id} is stale (dropped,
 *       counted); {@code U > id + 1} is a gap (updates are missing); otherwise the diff is passed
 *       on and id becomes {@code u}. For the first diff after a snapshot this is exactly the
 *       venue's {@code U <= L+1 <= u}.</li>
 *   <li>A gap invalidates the book (reported with file and line, counted); the diff that showed
 *       it and later ones are buffered again until the next snapshot.</li>
 *   <li>A snapshot older than the buffered diffs (the first buffered diff it does not contain
 *       starts after L + 1; the venue says: fetch it again) is refused before anything is passed
 *       on, counted as stale apart from gaps; the buffer is kept for the next one.</li>
 *   <li>A snapshot arriving while in sync replaces the book if it is newer (L &gt; id: later diffs
 *       up to L are then stale) and is ignored otherwise.</li>
 * </ol>
 *
 * <p>Not thread-safe. Allocation: the buffer's copies are pooled and reused; the pool grows (and a
 * pooled update is replaced by a larger one) only while buffering, which happens before the
 * first snapshot and after a gap, never in steady state. The buffer holds at most
 * {@code maxBuffered} diffs; beyond that the oldest is dropped (counted) and a gap will say so if
 * it was needed.
 */
final class DepthSync {
    private static final int MIN_POOLED_LEVELS = 64;

    final int symbolId;
    private final int maxBuffered;
    private boolean synced;
    private long bookId;

    private BookUpdate[] buffer = new BookUpdate[8];
    private String[] bufferFile = new String[8];
    private long[] bufferLine = new long[8];
    private int buffered;

    DepthSync(int symbolId, int maxBuffered) {
        if (maxBuffered <= 0) throw new IllegalArgumentException("maxBuffered must be > 0");
        this.symbolId = symbolId;
        this.maxBuffered = maxBuffered;
    }

    /** As new (not synced, nothing buffered) but keeping the pooled copies: a lost connection's sync starts again without allocating. */
    void reset() {
        synced = false;
        bookId = 0;
        for (int i = 0; i < buffered; i++) bufferFile[i] = null;
        buffered = 0;
    }

    boolean isSynced() {
        return synced;
    }

    /** Book id: the {@code u} of the last diff passed on, or the snapshot's L. */
    long bookId() {
        return bookId;
    }

    int bufferedDiffs() {
        return buffered;
    }

    void onDiff(BookUpdate diff, String file, long line, ReplayHandler handler, ReplayStats stats) {
        if (!synced) {
            buffer(diff, file, line, stats);
            return;
        }
        if (!applyOrDrop(diff, file, line, handler, stats)) {
            buffer(diff, file, line, stats);
        }
    }

    /**
     * A snapshot: passed on and synced from, ignored (not newer than the book in sync), or refused
     * as stale before anything is passed on.
     *
     * @return false when the snapshot is stale: it does not cover the first buffered diff it would
     *         be continued by ({@code U > L + 1} after dropping the diffs it contains), so a newer
     *         one must be fetched; nothing was passed on and the buffer is kept
     */
    boolean onSnapshot(BookUpdate snapshot, String file, long line, ReplayHandler handler, ReplayStats stats) {
        long l = snapshot.lastUpdateId();
        if (synced && l <= bookId) {
            stats.snapshotsIgnored++;
            return true;
        }
        for (int i = 0; i < buffered; i++) {
            if (buffer[i].lastUpdateId() <= l) continue; // contained in the snapshot
            if (buffer[i].firstUpdateId() > l + 1) {
                stats.snapshotsStale++;
                stats.problem(file + ":" + line + ": stale depth snapshot for symbol " + symbolId + ": lastUpdateId " + l
                        + " but the first buffered diff it would continue starts at U=" + buffer[i].firstUpdateId()
                        + "; not applied, a newer snapshot is needed");
                return false;
            }
            break;
        }
        synced = true;
        bookId = l;
        stats.snapshotsApplied++;
        handler.onBookUpdate(snapshot);
        int n = buffered;
        for (int i = 0; i < n; i++) {
            if (!applyOrDrop(buffer[i], bufferFile[i], bufferLine[i], handler, stats)) {
                keepFrom(i); // the rest stays buffered for the next snapshot
                return true;
            }
        }
        buffered = 0;
        return true;
    }

    /** The update rule; false on a gap (the book is then invalid and {@code diff} not applied). */
    private boolean applyOrDrop(BookUpdate diff, String file, long line, ReplayHandler handler, ReplayStats stats) {
        if (diff.lastUpdateId() <= bookId) {
            stats.diffsStale++;
            return true;
        }
        if (diff.firstUpdateId() > bookId + 1) {
            synced = false;
            stats.gaps++;
            String message = file + ":" + line + ": depth gap for symbol " + symbolId + ": book is at update " + bookId
                    + " but this diff starts at U=" + diff.firstUpdateId() + " (updates " + (bookId + 1) + ".."
                    + (diff.firstUpdateId() - 1) + " missing); the book is invalid until the next snapshot";
            stats.problem(message);
            handler.onBookInvalidated(symbolId, message);
            return false;
        }
        handler.onBookUpdate(diff);
        bookId = diff.lastUpdateId();
        stats.diffsApplied++;
        return true;
    }

    private void buffer(BookUpdate diff, String file, long line, ReplayStats stats) {
        if (buffered == maxBuffered) {
            // drop the oldest; keep its pooled copy for reuse at the end
            BookUpdate oldest = buffer[0];
            System.arraycopy(buffer, 1, buffer, 0, buffered - 1);
            System.arraycopy(bufferFile, 1, bufferFile, 0, buffered - 1);
            System.arraycopy(bufferLine, 1, bufferLine, 0, buffered - 1);
            buffer[buffered - 1] = oldest;
            buffered--;
            stats.bufferedDiffsDropped++;
        }
        if (buffered == buffer.length) {
            int size = Math.min(buffer.length * 2, maxBuffered);
            buffer = java.util.Arrays.copyOf(buffer, size);
            bufferFile = java.util.Arrays.copyOf(bufferFile, size);
            bufferLine = java.util.Arrays.copyOf(bufferLine, size);
        }
        BookUpdate copy = buffer[buffered];
        if (copy == null || !copy.copyFrom(diff)) {
            copy = new BookUpdate(Math.max(MIN_POOLED_LEVELS, Math.max(diff.bidCount(), diff.askCount())));
            copy.copyFrom(diff);
            buffer[buffered] = copy;
        }
        bufferFile[buffered] = file;
        bufferLine[buffered] = line;
        buffered++;
    }

    /** Moves entries [from, buffered) to the front, keeping every pooled copy. */
    private void keepFrom(int from) {
        int n = buffered - from;
        for (int i = 0; i < n; i++) {
            BookUpdate spare = buffer[i];
            buffer[i] = buffer[from + i];
            buffer[from + i] = spare;
            bufferFile[i] = bufferFile[from + i];
            bufferLine[i] = bufferLine[from + i];
        }
        buffered = n;
    }
}
