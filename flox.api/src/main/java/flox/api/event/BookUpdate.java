package flox.api.event;

/**
 * An order-book change for one symbol: a full snapshot or a delta of price levels. Levels are
 * parallel arrays of fixed-point longs preallocated for {@link #capacity()} levels per side; a
 * delta level with quantity 0 removes that price.
 *
 * <p><b>Flags</b> ({@link #flags()}, cleared by {@link #reset}):
 * <ul>
 * <li>{@link #INVALID}: the publisher lost the venue's book (a gap in its sequence, a
 * disconnect). The book is cleared and must not be traded on until the next snapshot. Levels
 * are ignored; {@link #resetInvalid} sends it as a {@link Type#SNAPSHOT} without levels, so a
 * reader that ignores the flag still sees an empty book. It ends any open CONTINUED sequence.</li>
 * <li>{@link #CONTINUED}: this update is a fragment of one venue update that had more levels
 * than the bus carries ({@link flox.api.bus.MarketDataBus#maxBookLevels()}); more fragments of
 * it follow. The book is consistent only after the last fragment, which does not carry the
 * flag. A large snapshot is a SNAPSHOT fragment followed by DELTA fragments; every fragment
 * carries the venue update's ids and timestamps. Fragments of one update are published back to
 * back by one thread.</li>
 * </ul>
 *
 * <p>Flyweight: publishers reuse one instance; subscribers must copy what they keep beyond the
 * callback. Not thread-safe. No method allocates ({@link #addBid}/{@link #addAsk} return false
 * instead of growing).
 */
public final class BookUpdate {
    /** Snapshot replaces the book; delta changes the listed levels only. */
    public enum Type { /** Replaces the whole book. */ SNAPSHOT, /** Sets or removes the listed levels only. */ DELTA }

    /** Flag: the book is cleared and invalid until the next snapshot (see the class comment). */
    public static final int INVALID = 1;
    /** Flag: a fragment of one venue update; more fragments follow (see the class comment). */
    public static final int CONTINUED = 1 << 1;

    private final long[] bidPrices;
    private final long[] bidQuantities;
    private final long[] askPrices;
    private final long[] askQuantities;
    private int bidCount;
    private int askCount;
    private int symbolId = -1;
    private byte typeCode = EnumCodes.of(Type.DELTA); // a code, not a reference: see EnumCodes
    private int flags;
    private long firstUpdateId;
    private long lastUpdateId;
    private long exchangeTimestampNs;
    private long receiveTimestampNs;

    /**
     * Creates an empty update; allocates its level arrays, the only allocation it makes.
     *
     * @param capacity maximum levels per side
     * @throws IllegalArgumentException if {@code capacity} is not positive
     */
    public BookUpdate(int capacity) {
        if (capacity <= 0) throw new IllegalArgumentException("capacity must be > 0");
        bidPrices = new long[capacity];
        bidQuantities = new long[capacity];
        askPrices = new long[capacity];
        askQuantities = new long[capacity];
    }

    /**
     * Starts a new update: clears levels, flags, ids and timestamps.
     *
     * @param symbolId the registered symbol the update is for
     * @param type     {@link Type#SNAPSHOT} to replace the book, {@link Type#DELTA} to change levels
     * @return this, for chaining
     */
    public BookUpdate reset(int symbolId, Type type) {
        this.symbolId = symbolId;
        this.typeCode = EnumCodes.of(type);
        flags = 0;
        bidCount = 0;
        askCount = 0;
        firstUpdateId = 0;
        lastUpdateId = 0;
        exchangeTimestampNs = 0;
        receiveTimestampNs = 0;
        return this;
    }

    /**
     * Starts an {@link #INVALID} update for {@code symbolId}: a {@link Type#SNAPSHOT} without
     * levels, flagged INVALID. Set its ids and timestamps as for any update.
     *
     * @param symbolId the symbol whose book was lost
     * @return this, for chaining
     */
    public BookUpdate resetInvalid(int symbolId) {
        reset(symbolId, Type.SNAPSHOT);
        flags = INVALID;
        return this;
    }

    /**
     * Appends a bid level, after those already added.
     *
     * @param priceScaled    the level's price at the symbol's price scale
     * @param quantityScaled the level's absolute quantity at the symbol's quantity scale; 0 in a
     *                       delta removes the level
     * @return false if capacity is reached (the level is not added)
     */
    public boolean addBid(long priceScaled, long quantityScaled) {
        if (bidCount == bidPrices.length) return false;
        bidPrices[bidCount] = priceScaled;
        bidQuantities[bidCount++] = quantityScaled;
        return true;
    }

    /**
     * Appends an ask level, after those already added.
     *
     * @param priceScaled    the level's price at the symbol's price scale
     * @param quantityScaled the level's absolute quantity at the symbol's quantity scale; 0 in a
     *                       delta removes the level
     * @return false if capacity is reached (the level is not added)
     */
    public boolean addAsk(long priceScaled, long quantityScaled) {
        if (askCount == askPrices.length) return false;
        askPrices[askCount] = priceScaled;
        askQuantities[askCount++] = quantityScaled;
        return true;
    }

    /**
     * Copies {@code other} into this: levels, type, flags, ids and timestamps.
     *
     * @param other the update to copy
     * @return false (and this unchanged) if it has more levels than fit
     */
    public boolean copyFrom(BookUpdate other) {
        if (other.bidCount > bidPrices.length || other.askCount > askPrices.length) return false;
        symbolId = other.symbolId;
        typeCode = other.typeCode;
        flags = other.flags;
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

    /** {@return the most levels per side this instance holds} */
    public int capacity() { return bidPrices.length; }
    /** {@return the symbol the update is for; -1 before the first {@link #reset}} */
    public int symbolId() { return symbolId; }
    /** {@return whether the update replaces the book or changes levels} */
    public Type type() { return TYPES[typeCode]; }
    /** {@return the {@link #INVALID} and {@link #CONTINUED} bits; 0 for an ordinary complete update} */
    public int flags() { return flags; }
    /**
     * Sets the flags; {@link #reset} clears them.
     *
     * @param flags bits of {@link #INVALID} and {@link #CONTINUED}
     * @return this, for chaining
     * @throws IllegalArgumentException if {@code flags} has any other bit set
     */
    public BookUpdate flags(int flags) {
        if ((flags & ~(INVALID | CONTINUED)) != 0) throw new IllegalArgumentException("unknown book update flags " + flags);
        this.flags = flags;
        return this;
    }
    /**
     * {@return the {@link #INVALID} flag: the book is cleared and must not be traded on until the next snapshot}
     */
    public boolean isInvalid() { return (flags & INVALID) != 0; }
    /** {@return the {@link #CONTINUED} flag: a fragment; the book is consistent after the last one} */
    public boolean isContinued() { return (flags & CONTINUED) != 0; }
    /** {@return the number of bid levels added} */
    public int bidCount() { return bidCount; }
    /** {@return the number of ask levels added} */
    public int askCount() { return askCount; }
    /**
     * {@return the bid level's price at the symbol's price scale}
     * @param level index in the order added, below {@link #bidCount()} (not checked: a higher index reads a stale level or throws)
     */
    public long bidPrice(int level) { return bidPrices[level]; }
    /**
     * {@return the bid level's quantity at the symbol's quantity scale}
     * @param level index in the order added, below {@link #bidCount()} (not checked: a higher index reads a stale level or throws)
     */
    public long bidQuantity(int level) { return bidQuantities[level]; }
    /**
     * {@return the ask level's price at the symbol's price scale}
     * @param level index in the order added, below {@link #askCount()} (not checked: a higher index reads a stale level or throws)
     */
    public long askPrice(int level) { return askPrices[level]; }
    /**
     * {@return the ask level's quantity at the symbol's quantity scale}
     * @param level index in the order added, below {@link #askCount()} (not checked: a higher index reads a stale level or throws)
     */
    public long askQuantity(int level) { return askQuantities[level]; }
    /** {@return the venue sequence of the first change in this update (Binance {@code U}); 0 if unknown} */
    public long firstUpdateId() { return firstUpdateId; }
    /** {@return the venue sequence of the last change in this update (Binance {@code u}); 0 if unknown} */
    public long lastUpdateId() { return lastUpdateId; }
    /**
     * Sets the venue sequence range of this update.
     *
     * @param first the venue sequence of its first change; 0 if unknown
     * @param last  the venue sequence of its last change; 0 if unknown
     * @return this, for chaining
     */
    public BookUpdate updateIds(long first, long last) { firstUpdateId = first; lastUpdateId = last; return this; }
    /** {@return the venue's time of the update, nanoseconds since the Unix epoch; 0 when it sends none} */
    public long exchangeTimestampNs() { return exchangeTimestampNs; }
    /**
     * {@return host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) when the update was received or generated}
     */
    public long receiveTimestampNs() { return receiveTimestampNs; }
    /**
     * Sets both timestamps.
     *
     * @param exchangeNs the venue's time, nanoseconds since the Unix epoch; 0 when it sends none
     * @param receiveNs  host monotonic time ({@link flox.api.time.NanoClock#nanoTime()}) of receipt
     * @return this, for chaining
     */
    public BookUpdate timestamps(long exchangeNs, long receiveNs) { exchangeTimestampNs = exchangeNs; receiveTimestampNs = receiveNs; return this; }

    @Override
    public String toString() {
        return "BookUpdate[" + type() + (isInvalid() ? " INVALID" : "") + (isContinued() ? " CONTINUED" : "") + " sym=" + symbolId + " bids=" + bidCount + " asks=" + askCount + " u=" + lastUpdateId + ']';
    }

    private static final Type[] TYPES = EnumCodes.table(Type.values());
}
