package flox.api.event;

/**
 * An order-book change for one symbol: a full snapshot or a delta of price levels. Levels are
 * parallel arrays of fixed-point longs preallocated for {@link #capacity()} levels per side; a
 * delta level with quantity 0 removes that price.
 *
 * <p>Flyweight: publishers reuse one instance; subscribers must copy what they keep beyond the
 * callback. Not thread-safe. No method allocates ({@link #addBid}/{@link #addAsk} return false
 * instead of growing).
 */
public final class BookUpdate {
    /** Snapshot replaces the book; delta changes the listed levels only. */
    public enum Type { SNAPSHOT, DELTA }

    private final long[] bidPrices;
    private final long[] bidQuantities;
    private final long[] askPrices;
    private final long[] askQuantities;
    private int bidCount;
    private int askCount;
    private int symbolId = -1;
    private Type type = Type.DELTA;
    private long firstUpdateId;
    private long lastUpdateId;
    private long exchangeTimestampNs;
    private long receiveTimestampNs;

    /** @param capacity maximum levels per side */
    public BookUpdate(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0");
        bidPrices = new long[capacity];
        bidQuantities = new long[capacity];
        askPrices = new long[capacity];
        askQuantities = new long[capacity];
    }

    /** Starts a new update; clears levels. */
    public BookUpdate reset(int symbolId, Type type) {
        this.symbolId = symbolId;
        this.type = type;
        bidCount = 0;
        askCount = 0;
        firstUpdateId = 0;
        lastUpdateId = 0;
        exchangeTimestampNs = 0;
        receiveTimestampNs = 0;
        return this;
    }

    /** Appends a bid level; false if capacity is reached (the level is not added). */
    public boolean addBid(long priceScaled, long quantityScaled) {
        if (bidCount == bidPrices.length) return false;
        bidPrices[bidCount] = priceScaled;
        bidQuantities[bidCount++] = quantityScaled;
        return true;
    }

    /** Appends an ask level; false if capacity is reached (the level is not added). */
    public boolean addAsk(long priceScaled, long quantityScaled) {
        if (askCount == askPrices.length) return false;
        askPrices[askCount] = priceScaled;
        askQuantities[askCount++] = quantityScaled;
        return true;
    }

    /** Copies {@code other} into this; false (and this unchanged) if it has more levels than fit. */
    public boolean copyFrom(BookUpdate other) {
        if (other.bidCount > bidPrices.length || other.askCount > askPrices.length) return false;
        symbolId = other.symbolId;
        type = other.type;
        firstUpdateId = other.firstUpdateId;
        lastUpdateId = other.lastUpdateId;
        exchangeTimestampNs = other.exchangeTimestampNs;
        receiveTimestampNs = other.receiveTimestampNs;
        bidCount = other.bidCount;
        askCount = other.askCount;
        System.arraycopy(other.bidPrices, 0, bidPrices, 0, bidCount);
        System.arraycopy(other.bidQuantities, 0, bidQuantities, 0, bidCount);
        System.arraycopy(other.askPrices, 0, askPrices, 0, askCount);
        System.arraycopy(other.askQuantities, 0, askQuantities, 0, askCount);
        return true;
    }

    public int capacity() { return bidPrices.length; }
    public int symbolId() { return symbolId; }
    public Type type() { return type; }
    public int bidCount() { return bidCount; }
    public int askCount() { return askCount; }
    public long bidPrice(int level) { return bidPrices[level]; }
    public long bidQuantity(int level) { return bidQuantities[level]; }
    public long askPrice(int level) { return askPrices[level]; }
    public long askQuantity(int level) { return askQuantities[level]; }
    /** Venue sequence of the first change in this update (Binance {@code U}); 0 if unknown. */
    public long firstUpdateId() { return firstUpdateId; }
    /** Venue sequence of the last change in this update (Binance {@code u}); 0 if unknown. */
    public long lastUpdateId() { return lastUpdateId; }
    public BookUpdate updateIds(long first, long last) { firstUpdateId = first; lastUpdateId = last; return this; }
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    public long receiveTimestampNs() { return receiveTimestampNs; }
    public BookUpdate timestamps(long exchangeNs, long receiveNs) { exchangeTimestampNs = exchangeNs; receiveTimestampNs = receiveNs; return this; }

    @Override
    public String toString() {
        return "BookUpdate[" + type + " sym=" + symbolId + " bids=" + bidCount + " asks=" + askCount + " u=" + lastUpdateId + ']';
    }
}
