package flox.connector.binance.internal.feed;

import flox.api.event.BookUpdate;
import flox.api.num.FixedPoint;
import java.util.function.Consumer;

/**
 * One symbol's book rebuilt from its diffs, checked against the venue's bookTicker (used by
 * {@code ./flox book-check} and, as the cross-check of its books, by the live connector): after each
 * applied diff ending at update D, the book's best bid and ask (price and quantity) must equal
 * the ticker with the largest update id at or below D. A ticker may arrive after the diff it
 * reflects, so each checkpoint waits until a ticker past D has been read (buffered diffs,
 * applied when their snapshot comes, usually find it read already); checkpoints still waiting
 * when the stream ends are not checked. The last {@link #TICKER_HISTORY} tickers are kept for
 * the lookup. One thread.
 */
public final class TickerCheck {
    private static final int FIELDS = 5; // D, bid price, bid quantity, ask price, ask quantity

    public final String symbol;
    public final DepthBook book;
    public long checked;
    public long matched;
    /** Sequence gaps in the stream (a lost connection is counted in {@link #connectionsLost}). */
    public long gaps;
    /** Times the book was invalidated by a lost connection. */
    public long connectionsLost;
    public long resyncs;
    public long diffsApplied;
    /** Checkpoints with no ticker at or before them (early in the stream), so not checked. */
    public long withoutTicker;
    public long snapshots;
    /** True from a gap until the next snapshot: a gap never recovered makes the check fail. */
    public boolean invalid;

    /*
     * Mismatches come in runs: checkpoints in a row that did not match. A real-feed disagreement
     * (the ticker and the diff stream disagreeing for a moment) lasts one update and the next
     * checkpoint matches again; a sync error leaves the book wrong until a resync, so it lasts.
     */
    /** Runs of mismatched checkpoints, ended or not. */
    public long mismatchRuns;
    /** Runs that lasted one checkpoint: the next one matched again. */
    public long mismatchRunsOfOne;
    /** The most checkpoints in one run. */
    public long longestMismatchRun;
    /** Runs that a gap, a snapshot, lost tickers or the stream's end cut before a checkpoint matched again. */
    public long mismatchRunsCut;
    /** Checkpoints of the run in progress (0: the last checkpoint matched), and its first diff's update id. */
    private long mismatchRun;
    private long mismatchRunFirstId;

    private long[] pending = new long[FIELDS * 64];
    private int pendingHead;
    private int pendingCount;
    /** Checkpoints that may wait for a ticker; beyond, the oldest is dropped (not checked, counted). */
    static final int MAX_PENDING = 4096;
    /** Checkpoints dropped unchecked because too many waited for a ticker. */
    public long droppedCheckpoints;

    /** Tickers kept, oldest first, in a ring; their ids do not decrease. */
    static final int TICKER_HISTORY = 8192;
    private final long[] tickers = new long[FIELDS * TICKER_HISTORY];
    private int tickerHead;
    private int tickerCount;
    private final Consumer<String> mismatches;
    private final Consumer<String> runEnds;

    /** {@code mismatches}: told each mismatched checkpoint. */
    public TickerCheck(String symbol, int symbolId, int bookLevels, Consumer<String> mismatches) {
        this(symbol, symbolId, bookLevels, mismatches, m -> { });
    }

    /** {@code runEnds}: also told how long each run of mismatches lasted, when longer than one checkpoint or cut. */
    public TickerCheck(String symbol, int symbolId, int bookLevels, Consumer<String> mismatches, Consumer<String> runEnds) {
        this.symbol = symbol;
        this.book = new DepthBook(symbolId, bookLevels);
        this.mismatches = mismatches;
        this.runEnds = runEnds;
    }

    public void onBookUpdate(BookUpdate u) {
        book.apply(u);
        if (u.type() == BookUpdate.Type.SNAPSHOT) {
            cutMismatchRun("a snapshot");
            snapshots++;
            if (invalid) resyncs++;
            invalid = false;
            pendingCount = 0; // a new book: checkpoints of the old one can no longer be told apart from it
            return;
        }
        if (book.isUpdating()) return; // a fragment: the book is consistent after the last one
        diffsApplied++;
        if (tickerCount > 0 && ticker(tickerCount - 1) > u.lastUpdateId()) {
            resolve(u.lastUpdateId(), book.bestBidPrice(), book.bestBidQuantity(), book.bestAskPrice(), book.bestAskQuantity());
            return;
        }
        if (pendingCount == MAX_PENDING) { // a quiet top of book sends no ticker: drop the oldest waiting checkpoint, counted
            pendingHead = (pendingHead + 1) % (pending.length / FIELDS);
            pendingCount--;
            droppedCheckpoints++;
        }
        if (pendingCount * FIELDS == pending.length) grow();
        int at = FIELDS * ((pendingHead + pendingCount) % (pending.length / FIELDS));
        pending[at] = u.lastUpdateId();
        pending[at + 1] = book.bestBidPrice();
        pending[at + 2] = book.bestBidQuantity();
        pending[at + 3] = book.bestAskPrice();
        pending[at + 4] = book.bestAskQuantity();
        pendingCount++;
    }

    /** The book was invalidated because its connection was lost (not a gap in the stream): invalid until the next snapshot. */
    public void onConnectionLost() {
        cutMismatchRun("a lost connection");
        connectionsLost++;
        invalid = true;
        pendingCount = 0;
    }

    public void onBookInvalidated() {
        cutMismatchRun("a gap");
        gaps++;
        invalid = true;
        pendingCount = 0;
    }

    /**
     * The stream was interrupted (a lost or replaced connection): tickers were missed, so the
     * kept ones no longer tell the top of book at a later update (each checkpoint after the
     * resync would be compared with a ticker from before the loss: a false mismatch). They are
     * forgotten, and the waiting checkpoints with them; a checkpoint with no ticker of the new
     * stream at or before it is not checked ({@link #withoutTicker}).
     */
    public void onTickersLost() {
        cutMismatchRun("a lost connection");
        tickerCount = 0;
        pendingCount = 0;
    }

    /** Keeps the ticker, then resolves the checkpoints it is past. */
    public void onTicker(BookTicker t) {
        long u = t.updateId();
        if (tickerCount > 0 && u < ticker(tickerCount - 1)) tickerCount = 0; // ids went back (a new stream): start the history again
        int at = FIELDS * ((tickerHead + tickerCount) % TICKER_HISTORY);
        if (tickerCount == TICKER_HISTORY) tickerHead = (tickerHead + 1) % TICKER_HISTORY;
        else tickerCount++;
        tickers[at] = u;
        tickers[at + 1] = t.bidPriceScaled();
        tickers[at + 2] = t.bidQuantityScaled();
        tickers[at + 3] = t.askPriceScaled();
        tickers[at + 4] = t.askQuantityScaled();
        int slots = pending.length / FIELDS;
        while (pendingCount > 0) {
            int p = FIELDS * pendingHead;
            if (u <= pending[p]) break;
            resolve(pending[p], pending[p + 1], pending[p + 2], pending[p + 3], pending[p + 4]);
            pendingHead = (pendingHead + 1) % slots;
            pendingCount--;
        }
    }

    /** The id of the i-th kept ticker, oldest first. */
    private long ticker(int i) {
        return tickers[FIELDS * ((tickerHead + i) % TICKER_HISTORY)];
    }

    /** Compares the book after diff {@code d} with the kept ticker of the largest id at or below {@code d}. */
    private void resolve(long d, long bidPrice, long bidQuantity, long askPrice, long askQuantity) {
        int lo = 0;
        int hi = tickerCount - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (ticker(mid) <= d) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        if (found < 0) {
            withoutTicker++;
            return;
        }
        int t = FIELDS * ((tickerHead + found) % TICKER_HISTORY);
        checked++;
        if (bidPrice == tickers[t + 1] && bidQuantity == tickers[t + 2] && askPrice == tickers[t + 3] && askQuantity == tickers[t + 4]) {
            matched++;
            if (mismatchRun > 0) endMismatchRun(d);
            return;
        }
        if (mismatchRun++ == 0) {
            mismatchRuns++;
            mismatchRunFirstId = d;
        }
        mismatches.accept(symbol + ": mismatch after diff u=" + d + " (ticker u=" + tickers[t] + "): book bid "
                + level(bidPrice, bidQuantity) + " ask " + level(askPrice, askQuantity) + ", ticker bid "
                + level(tickers[t + 1], tickers[t + 2]) + " ask " + level(tickers[t + 3], tickers[t + 4]));
    }

    /** The checkpoint after diff {@code d} matched again: the run in progress ends (said when it lasted more than one). */
    private void endMismatchRun(long d) {
        long run = mismatchRun;
        mismatchRun = 0;
        longestMismatchRun = Math.max(longestMismatchRun, run);
        if (run == 1) {
            mismatchRunsOfOne++;
        } else {
            runEnds.accept(symbol + ": the mismatch from diff u=" + mismatchRunFirstId + " lasted " + run
                    + " checkpoints (matched again after diff u=" + d + ")");
        }
    }

    /** A run in progress ends unresolved ({@code by}: what cut it). */
    private void cutMismatchRun(String by) {
        long run = mismatchRun;
        if (run == 0) return;
        mismatchRun = 0;
        longestMismatchRun = Math.max(longestMismatchRun, run);
        mismatchRunsCut++;
        runEnds.accept(symbol + ": the mismatch from diff u=" + mismatchRunFirstId + " lasted " + run + " checkpoint(s) until " + by
                + ", without matching again");
    }

    /** The stream ended: a run in progress is cut there. */
    public void finish() {
        cutMismatchRun("the end of the stream");
    }

    /** The runs in one line ({@code ./flox book-check}), or "" when every checkpoint matched. */
    public String mismatchRunsLine() {
        if (mismatchRuns == 0) return "";
        return symbol + ": mismatches in " + mismatchRuns + " run(s): " + mismatchRunsOfOne + " lasted one update (the next checkpoint matched)"
                + ", longest " + longestMismatchRun + ", cut before matching again " + mismatchRunsCut;
    }

    /** Decimals of prices and quantities in mismatch messages (Binance's wire scale). */
    private static final int WIRE_SCALE = 8;

    private static String level(long price, long quantity) {
        if (price == flox.api.book.OrderBook.NO_PRICE) return "none";
        return strip(FixedPoint.format(price, WIRE_SCALE)) + " x " + strip(FixedPoint.format(quantity, WIRE_SCALE));
    }

    private static String strip(String decimal) {
        if (decimal.indexOf('.') < 0) return decimal;
        int end = decimal.length();
        while (decimal.charAt(end - 1) == '0') end--;
        if (decimal.charAt(end - 1) == '.') end--;
        return decimal.substring(0, end);
    }

    private void grow() {
        int slots = pending.length / FIELDS;
        long[] next = new long[pending.length * 2];
        for (int i = 0; i < pendingCount; i++) {
            System.arraycopy(pending, FIELDS * ((pendingHead + i) % slots), next, FIELDS * i, FIELDS);
        }
        pending = next;
        pendingHead = 0;
    }

    /** Checkpoints never resolved (no ticker past them before the end). */
    public int unresolved() {
        return pendingCount;
    }

    public String line() {
        return symbol + ": checked " + checked + " matched " + matched + " gaps " + gaps + " resyncs " + resyncs;
    }
}
