package flox.connector.binance.internal.feed;

/**
 * Binance's {@code bookTicker}: best bid and ask (price and quantity) after venue update id
 * {@link #updateId()}, in the same id space as the depth stream's {@code U}/{@code u}. The
 * replay passes it on so tests and tools can check a rebuilt book against it; it carries no
 * exchange time (the venue sends none).
 *
 * <p>Flyweight: the reader reuses one instance; handlers copy what they keep. Not thread-safe.
 * No method allocates.
 */
public final class BookTicker {
    private int symbolId = -1;
    private long updateId;
    private long bidPriceScaled;
    private long bidQuantityScaled;
    private long askPriceScaled;
    private long askQuantityScaled;
    private long receiveTimestampNs;

    public BookTicker set(int symbolId, long updateId, long bidPriceScaled, long bidQuantityScaled,
                          long askPriceScaled, long askQuantityScaled, long receiveTimestampNs) {
        this.symbolId = symbolId;
        this.updateId = updateId;
        this.bidPriceScaled = bidPriceScaled;
        this.bidQuantityScaled = bidQuantityScaled;
        this.askPriceScaled = askPriceScaled;
        this.askQuantityScaled = askQuantityScaled;
        this.receiveTimestampNs = receiveTimestampNs;
        return this;
    }

    public int symbolId() { return symbolId; }
    public long updateId() { return updateId; }
    public long bidPriceScaled() { return bidPriceScaled; }
    public long bidQuantityScaled() { return bidQuantityScaled; }
    public long askPriceScaled() { return askPriceScaled; }
    public long askQuantityScaled() { return askQuantityScaled; }
    public long receiveTimestampNs() { return receiveTimestampNs; }

    @Override
    public String toString() {
        return "BookTicker[sym=" + symbolId + " u=" + updateId + " bid=" + bidPriceScaled + 'x' + bidQuantityScaled
                + " ask=" + askPriceScaled + 'x' + askQuantityScaled + ']';
    }
}
