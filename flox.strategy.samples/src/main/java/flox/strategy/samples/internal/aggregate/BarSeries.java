package flox.strategy.samples.internal.aggregate;

import flox.strategy.samples.internal.SeqLock;

/**
 * OHLCV bars of one symbol built from its public trades, either by time (a bar per
 * {@code interval}, aligned to multiples of it: 12:00:00.000-12:00:01.000...) or by trade count
 * (a bar per {@code tradesPerBar} trades). Prices and volume are fixed-point longs at the
 * symbol's scales. The last {@code history} completed bars are kept in a preallocated ring,
 * with the bar in progress beside them.
 *
 * <p>Time comes from the trade: its exchange timestamp when it has one, else its receive time.
 * A time bar closes when a trade of a later interval arrives (an interval without trades makes
 * no bar); a trade older than the bar in progress (out of order) is added to it. A tick bar
 * closes with its last trade and spans the times of its first and last trade.
 *
 * <p>One writer thread ({@link #onTrade}); readers on any thread ({@link #read}: seqlock, they
 * never see a half-updated bar). No allocation after construction.
 */
public final class BarSeries {
    /** How bars are cut. */
    public enum Kind { TIME, TICK }

    private final int symbolId;
    private final Kind kind;
    private final long intervalNs;
    private final int tradesPerBar;
    private final SeqLock lock = new SeqLock();

    private final Bar current = new Bar();
    private final Bar[] completed;
    private long completedCount;

    /** One bar; fields at the symbol's scales. A plain holder: readers get copies. */
    public static final class Bar {
        public long startNs;
        public long endNs;
        public long open;
        public long high;
        public long low;
        public long close;
        public long volume;
        public long trades;

        void copyFrom(Bar o) {
            startNs = o.startNs;
            endNs = o.endNs;
            open = o.open;
            high = o.high;
            low = o.low;
            close = o.close;
            volume = o.volume;
            trades = o.trades;
        }
    }

    /**
     * @param intervalNs bar length for {@link Kind#TIME}
     * @param tradesPerBar trades per bar for {@link Kind#TICK}
     * @param history completed bars kept
     */
    public BarSeries(int symbolId, Kind kind, long intervalNs, int tradesPerBar, int history) {
        if (kind == Kind.TIME && intervalNs <= 0) throw new IllegalArgumentException("interval must be > 0");
        if (kind == Kind.TICK && tradesPerBar <= 0) throw new IllegalArgumentException("trades per bar must be > 0");
        if (history <= 0) throw new IllegalArgumentException("history must be > 0");
        this.symbolId = symbolId;
        this.kind = kind;
        this.intervalNs = intervalNs;
        this.tradesPerBar = tradesPerBar;
        completed = new Bar[history];
        for (int i = 0; i < history; i++) completed[i] = new Bar();
    }

    public int symbolId() { return symbolId; }
    public Kind kind() { return kind; }
    public long intervalNs() { return intervalNs; }
    public int tradesPerBar() { return tradesPerBar; }
    public int history() { return completed.length; }

    /** Writer: one trade at {@code timeNs}. */
    public void onTrade(long timeNs, long priceScaled, long quantityScaled) {
        lock.beginWrite();
        try {
            if (kind == Kind.TIME) {
                long start = Math.floorDiv(timeNs, intervalNs) * intervalNs;
                if (current.trades > 0 && start > current.startNs) close();
                if (current.trades == 0) open(start, start + intervalNs, priceScaled);
            } else if (current.trades == 0) {
                open(timeNs, timeNs, priceScaled);
            }
            Bar b = current;
            if (priceScaled > b.high) b.high = priceScaled;
            if (priceScaled < b.low) b.low = priceScaled;
            b.close = priceScaled;
            b.volume += quantityScaled;
            b.trades++;
            if (kind == Kind.TICK) {
                if (timeNs > b.endNs) b.endNs = timeNs;
                if (b.trades == tradesPerBar) close();
            }
        } finally {
            lock.endWrite();
        }
    }

    private void open(long startNs, long endNs, long price) {
        Bar b = current;
        b.startNs = startNs;
        b.endNs = endNs;
        b.open = price;
        b.high = price;
        b.low = price;
        b.close = price;
        b.volume = 0;
        b.trades = 0;
    }

    private void close() {
        completed[(int) (completedCount % completed.length)].copyFrom(current);
        completedCount++;
        current.trades = 0;
    }

    /**
     * Any thread: copies up to {@code into.length} of the most recent completed bars into
     * {@code into}, oldest first, and the bar in progress into {@code inProgress} (its
     * {@code trades} is 0 when there is none). Returns how many completed bars were copied.
     */
    public int read(Bar[] into, Bar inProgress) {
        int n;
        long v;
        do {
            v = lock.beginRead();
            long total = completedCount;
            n = (int) Math.min(Math.min(total, completed.length), into.length);
            for (int i = 0; i < n; i++) {
                into[i].copyFrom(completed[(int) ((total - n + i) % completed.length)]);
            }
            inProgress.copyFrom(current);
        } while (!lock.isValid(v));
        return n;
    }

    /** Completed bars since start (also those no longer kept). */
    public long completedCount() {
        long v;
        long c;
        do {
            v = lock.beginRead();
            c = completedCount;
        } while (!lock.isValid(v));
        return c;
    }
}
