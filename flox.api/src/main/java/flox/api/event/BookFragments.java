package flox.api.event;

/**
 * Splits a book update with more levels per side than a bus carries into consecutive fragments
 * of at most {@code maxLevels} a side, as {@link flox.api.plugin.ExchangeConnector} asks of a deep
 * venue: the first fragment has the update's type, the others are deltas (the levels of a
 * snapshot are absolute quantities, so setting them one fragment at a time gives the same book),
 * every fragment carries the update's ids and timestamps, and all but the last are flagged
 * {@link BookUpdate#CONTINUED}. Levels keep their order (best first, as venues send them; a price
 * listed twice still takes the later entry). An update that fits gives one fragment, a copy;
 * an {@link BookUpdate#INVALID} one is copied whole.
 *
 * <pre>
 * fragments.start(update, bus.maxBookLevels());
 * while (fragments.next(fragment)) bus.publishBookUpdate(fragment);
 * </pre>
 *
 * <p>Reusable; not thread-safe (one publisher thread). The source must not change until
 * {@link #next} has returned false. No allocation.
 */
public final class BookFragments {
    /** An empty splitter; {@link #start} gives it an update to split. */
    public BookFragments() {
    }

    private BookUpdate source;
    private int maxLevels;
    private int bidsDone;
    private int asksDone;
    private boolean started;
    private boolean done = true;

    /**
     * Starts splitting {@code source} into fragments of at most {@code maxLevels} levels a side,
     * abandoning any split in progress.
     *
     * @param source    the update to split; kept and read by {@link #next}, so it must not change
     *                  until {@code next} has returned false
     * @param maxLevels most levels a side per fragment, usually {@link flox.api.bus.MarketDataBus#maxBookLevels()}
     * @return this, for chaining
     * @throws IllegalArgumentException if {@code maxLevels} is not positive
     */
    public BookFragments start(BookUpdate source, int maxLevels) {
        if (maxLevels <= 0) throw new IllegalArgumentException("maxLevels must be > 0");
        this.source = source;
        this.maxLevels = maxLevels;
        bidsDone = 0;
        asksDone = 0;
        started = false;
        done = false;
        return this;
    }

    /**
     * Writes the next fragment into {@code into} (at most {@code min(maxLevels, into.capacity())}
     * levels a side).
     *
     * @param into the update to overwrite with the fragment, usually the publisher's reusable one
     * @return true if a fragment was written; false, leaving {@code into} unchanged, when every
     *     fragment has been written
     */
    public boolean next(BookUpdate into) {
        if (done) return false;
        BookUpdate s = source;
        if (s.isInvalid()) {
            into.resetInvalid(s.symbolId()).flags(s.flags());
            copyHeader(s, into);
            done = true;
            return true;
        }
        int n = Math.min(maxLevels, into.capacity());
        into.reset(s.symbolId(), started ? BookUpdate.Type.DELTA : s.type());
        started = true;
        copyHeader(s, into);
        for (int end = Math.min(s.bidCount(), bidsDone + n); bidsDone < end; bidsDone++) into.addBid(s.bidPrice(bidsDone), s.bidQuantity(bidsDone));
        for (int end = Math.min(s.askCount(), asksDone + n); asksDone < end; asksDone++) into.addAsk(s.askPrice(asksDone), s.askQuantity(asksDone));
        done = bidsDone == s.bidCount() && asksDone == s.askCount();
        into.flags(done ? s.flags() : s.flags() | BookUpdate.CONTINUED); // a fragment of a fragment stays CONTINUED
        return true;
    }

    /**
     * Counts the fragments {@link #next} would write, without writing them.
     *
     * @param update    the update to split
     * @param maxLevels most levels a side per fragment
     * @return the number of fragments {@code update} takes at {@code maxLevels} a side: 1 when it
     *     fits, and for an INVALID update
     * @throws IllegalArgumentException if {@code maxLevels} is not positive
     */
    public static int count(BookUpdate update, int maxLevels) {
        if (maxLevels <= 0) throw new IllegalArgumentException("maxLevels must be > 0");
        if (update.isInvalid()) return 1;
        int deepest = Math.max(update.bidCount(), update.askCount());
        return Math.max(1, (deepest + maxLevels - 1) / maxLevels);
    }

    private static void copyHeader(BookUpdate s, BookUpdate into) {
        into.updateIds(s.firstUpdateId(), s.lastUpdateId()).timestamps(s.exchangeTimestampNs(), s.receiveTimestampNs());
    }
}
