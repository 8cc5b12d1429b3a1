package flox.risk.internal;

import static flox.risk.internal.RiskFixture.STRATEGY;
import static flox.risk.internal.RiskFixture.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** No allocation on check(), on execution reports and on book updates once warmed up. */
@Timeout(60)
class RiskAllocationTest {
    private final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    @Test
    void shouldNotAllocateOnChecksFillsAndBookUpdatesInSteadyState() throws Exception {
        RiskFixture f = new RiskFixture(only("max.order.quantity", "10", "max.order.notional", "1000000", "max.position", "1000000",
                "price.band.bps", "500", "order.rate.per.second", "1000000000", "order.rate.burst", "1000"));
        f.clock.step = 1_000;
        OrderRequest limit = new OrderRequest().limit(1, f.btc, Side.BUY, 6_000_000, 100, TimeInForce.GTC).strategyId(STRATEGY);
        OrderRequest market = new OrderRequest().limit(2, f.eth, Side.SELL, 0, 100, TimeInForce.IOC).strategyId(STRATEGY + 1).orderType(OrderType.MARKET);
        OrderRequest tooBig = new OrderRequest().limit(3, f.btc, Side.BUY, 6_000_000, 100_000_000, TimeInForce.GTC).strategyId(STRATEGY);
        OrderRequest outsideBand = new OrderRequest().limit(4, f.btc, Side.SELL, 1_000_000, 100, TimeInForce.GTC).strategyId(STRATEGY);
        BookUpdate book = new BookUpdate(4);
        ExecutionEvent fill = new ExecutionEvent();
        // orders to attribute fills to (the engine reads the strategy from the tracker)
        long buyId = f.filled(STRATEGY, f.btc, Side.BUY, 6_000_000, 10);
        long sellId = f.filled(STRATEGY, f.btc, Side.SELL, 6_000_000, 10);
        f.recordPublished = false;
        f.book(f.btc, 5_999_950, 6_000_050); // the deltas below apply to a book that had its snapshot

        for (int round = 0; round < 3; round++) {
            long before = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            for (int i = 0; i < 100_000; i++) {
                long px = 6_000_000 + (i & 63);
                book.reset(f.btc, BookUpdate.Type.DELTA);
                book.addBid(px - 50, 10 + i);
                book.addAsk(px + 50, 10 + i);
                book.addBid(px - 100 - (i & 7), (i & 1) == 0 ? 0 : 5);
                f.engine.onBookUpdate(book);
                book.reset(f.eth, BookUpdate.Type.SNAPSHOT);
                book.addBid(300_000, 5);
                book.addAsk(300_100, 5);
                f.engine.onBookUpdate(book);
                assertSame(RejectReason.NONE, f.engine.check(limit));
                assertSame(RejectReason.NONE, f.engine.check(market));
                assertSame(RejectReason.MAX_ORDER_QUANTITY, f.engine.check(tooBig));
                assertSame(RejectReason.PRICE_BAND, f.engine.check(outsideBand));
                // a repeated fill, then fills of an order the engine already counted (cumulative grows)
                f.engine.onExecution(fill.reset(ExecType.PARTIALLY_FILLED, buyId, f.btc, Side.BUY).fill(6_000_000, 1, 10));
                f.engine.onExecution(fill.reset(ExecType.PARTIALLY_FILLED, sellId, f.btc, Side.SELL).fill(6_000_000, 1, 11 + i + round * 100_000L));
                f.engine.onExecution(fill.reset(ExecType.ACCEPTED, sellId, f.btc, Side.SELL));
            }
            long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - before;
            if (round == 2) {
                assertTrue(allocated < 1024, "allocated " + allocated + " bytes for 100,000 iterations of 4 checks, 3 reports and 2 book updates");
            }
        }
        assertTrue(f.engine.position(STRATEGY, f.btc) < 0, "the sell fills moved the position");
        assertEquals(3 * 100_000, f.engine.counted(RiskCounter.REPEATED_FILL));
    }

    private static void assertSame(RejectReason expected, RejectReason actual) {
        if (expected != actual) throw new AssertionError("expected " + expected + " but was " + actual);
    }
}
