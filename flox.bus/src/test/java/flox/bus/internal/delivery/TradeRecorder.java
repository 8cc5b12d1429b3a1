package flox.bus.internal.delivery;

import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import java.util.concurrent.CountDownLatch;

/**
 * A test subscriber that checks per-publisher order as events arrive. Trade ids carry
 * (publisher << 40 | per-publisher index); prices carry a value folded into a checksum.
 * Written by one delivery thread; read by the test after the bus quiesced (volatile counters).
 */
public class TradeRecorder implements MarketDataSubscriber {
    static final int MAX_PUBLISHERS = 8;

    final String name;
    final long[] lastIndex = new long[MAX_PUBLISHERS];
    public volatile long count;
    volatile long checksum;
    volatile long orderViolations;
    volatile long gaps;
    /** Trades whose fields do not belong together (price not {@link BusTestSupport#price} of the id, or quantity not 1): a torn copy. */
    volatile long torn;
    volatile long firstTradeId = -1;
    volatile long books;
    /** When set, the first delivery blocks until it is counted down (a stalled subscriber). */
    volatile CountDownLatch blockOn;
    volatile CountDownLatch blocked = new CountDownLatch(1);
    /** Throw on every n-th event (0 = never). */
    volatile int throwEvery;
    volatile long thrown;
    /** What to throw (instead of an IllegalStateException naming the event) when set. */
    volatile RuntimeException toThrow;

    public TradeRecorder(String name) {
        this.name = name;
        java.util.Arrays.fill(lastIndex, -1);
    }

    public static long tradeId(int publisher, long index) {
        return ((long) publisher << 40) | index;
    }

    @Override
    public void onTrade(TradeEvent t) {
        CountDownLatch gate = blockOn;
        if (gate != null) {
            blocked.countDown();
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            blockOn = null;
        }
        long id = t.tradeId();
        if (firstTradeId < 0) firstTradeId = id;
        int publisher = (int) (id >>> 40);
        long index = id & ((1L << 40) - 1);
        long last = lastIndex[publisher];
        if (last >= 0 && index <= last) orderViolations++;
        else if (last >= 0 && index != last + 1) gaps++; // a late joiner's first event is not a gap
        lastIndex[publisher] = index;
        if (t.priceScaled() != BusTestSupport.price(id) || t.quantityScaled() != 1) torn++;
        checksum += id * 31 + t.priceScaled();
        count++;
        int every = throwEvery;
        if (every > 0 && count % every == 0) {
            thrown++;
            RuntimeException custom = toThrow;
            throw custom != null ? custom : new IllegalStateException("subscriber " + name + " fails on purpose at " + id);
        }
    }

    @Override
    public void onBookUpdate(BookUpdate u) {
        books++;
    }
}
