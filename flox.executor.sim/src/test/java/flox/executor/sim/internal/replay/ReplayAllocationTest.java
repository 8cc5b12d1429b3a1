package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.BookTicker;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.ReplayHandler;
import flox.connector.binance.internal.feed.StaticReplaySymbols;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Steady-state allocation of the whole replay path (gunzip, line split, prefix, JSON decode, sync,
 * OrderBook apply) over the BTCUSDT recording, measured with the thread's allocated-bytes counter.
 * Opening a reader allocates its buffers (about 1.5 MB, mostly the 1 MB line buffer and the
 * 5,000-level update) and the first lines size Jackson's buffers; everything after the first
 * 1,000 lines (40,249 lines, 36,000 events) must allocate nothing per line.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ReplayAllocationTest {
    static final class Applier implements ReplayHandler {
        final OrderBook book;
        long checksum;

        Applier(int symbolId) {
            book = new OrderBook(symbolId, 5_000);
        }

        @Override
        public void onBookUpdate(BookUpdate update) {
            book.apply(update);
            checksum += book.bestBidPrice() + book.bestAskQuantity();
        }

        @Override
        public void onTrade(TradeEvent trade) {
            checksum += trade.priceScaled();
        }

        @Override
        public void onBookTicker(BookTicker ticker) {
            checksum += ticker.askPriceScaled();
        }
    }

    @Test
    void shouldAllocateNothingPerLineInSteadyState() throws IOException {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "per-thread allocation counter disabled");
        long tid = Thread.currentThread().getId();

        StaticReplaySymbols symbols = new StaticReplaySymbols();
        int btc = symbols.add("BTCUSDT", 2, 8);
        RecordingInput input = RecordingInput.of(SharedData.file("binance/recordings/hftbacktest/btcusdt_20240808.gz"));
        long checksum = 0;
        long perLine = 0;
        for (int round = 0; round < 3; round++) { // later rounds run with compiled code, as a replay soon does
            Applier applier = new Applier(btc);
            try (BinanceRecordingReader reader = new BinanceRecordingReader(List.of(input), symbols)) {
                assertEquals(1_000, reader.poll(applier, 1_000));
                long before = mx.getThreadAllocatedBytes(tid);
                long start = System.nanoTime();
                int lines = reader.poll(applier, Integer.MAX_VALUE);
                long nanos = System.nanoTime() - start;
                long bytes = mx.getThreadAllocatedBytes(tid) - before;
                assertEquals(40_249, lines);
                assertEquals(0, reader.stats().gaps);
                perLine = bytes / lines;
                System.out.printf("replay round %d: %,d lines after the first 1,000: %,d bytes allocated (%.2f B/line), %,d ns/line%n",
                        round, lines, bytes, (double) bytes / lines, nanos / lines);
            }
            if (round > 0) {
                assertEquals(checksum, applier.checksum, "every round replays the same");
            }
            checksum = applier.checksum;
        }
        // a few bytes per line would be measurement noise (the counter's own bookkeeping); one
        // object per line would be 16 B or more
        assertTrue(perLine < 4, "steady-state allocation " + perLine + " B/line");
    }
}
