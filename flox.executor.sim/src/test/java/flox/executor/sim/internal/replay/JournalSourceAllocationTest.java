package flox.executor.sim.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.order.Side;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.recorder.internal.journal.EventEncoder;
import flox.recorder.internal.journal.JournalFormat;
import flox.recorder.internal.journal.JournalWriter;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Steady-state allocation of a journal replay's reading: 100,000 book updates (10 levels a side)
 * and trades read by {@link JournalSource}, their symbol ids mapped, handed to a sink that applies
 * them to a book, measured with the thread's allocated-bytes counter after the first 1,000.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class JournalSourceAllocationTest {
    @TempDir
    Path dir;

    @Test
    void shouldAllocateNothingPerBookUpdateOrTradeInSteadyState() throws Exception {
        java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "needs HotSpot's per-thread allocation counter");
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) bean;
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled(), "per-thread allocation counter disabled");
        long tid = Thread.currentThread().getId();

        ConcurrentSymbolRegistry live = new ConcurrentSymbolRegistry();
        live.register(SymbolInfo.builder("BINANCE", "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1).lotSizeScaled(1).build());
        int events = 100_000;
        try (JournalWriter w = new JournalWriter(dir, 256L << 20, 1L << 30, live, ReplayOutcomeReportingTest.CLOCK)) {
            w.open();
            EventEncoder encoder = new EventEncoder();
            UnsafeBuffer scratch = new UnsafeBuffer(ByteBuffer.allocateDirect(1 << 16));
            BookUpdate u = new BookUpdate(10);
            TradeEvent t = new TradeEvent();
            for (int i = 0; i < events; i++) {
                if (i % 2 == 0) {
                    u.reset(0, BookUpdate.Type.DELTA).updateIds(i, i).timestamps(i, i);
                    for (int l = 0; l < 10; l++) {
                        u.addBid(6_000_000 - l - (i % 7), 100 + l);
                        u.addAsk(6_000_010 + l + (i % 5), 200 + l);
                    }
                    encoder.encode(u, 1_000L + i, scratch, 0);
                    w.append(JournalFormat.TYPE_BOOK_UPDATE, scratch, 0, EventEncoder.length(u));
                } else {
                    t.set(0, i, 6_000_005, 1_000, Side.BUY, i, i);
                    encoder.encode(t, 1_000L + i, scratch, 0);
                    w.append(JournalFormat.TYPE_TRADE, scratch, 0, EventEncoder.tradeLength());
                }
            }
        }
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        registry.register(SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        long perEvent = 0;
        for (int round = 0; round < 3; round++) { // later rounds run with compiled code
            OrderBook book = new OrderBook(1, 64);
            long[] seen = new long[2];
            JournalSource.Sink sink = new JournalSource.Sink() {
                @Override public void onBookUpdate(BookUpdate update) {
                    book.apply(update);
                    seen[0] += update.symbolId() == 1 ? 1 : 1_000_000;
                }

                @Override public void onTrade(TradeEvent trade) {
                    seen[1] += trade.symbolId() == 1 ? 1 : 1_000_000;
                }

                @Override public void onVenueState(VenueStateEvent state) { }

                @Override public void onRecordedExecution(ExecutionEvent report, int symbolId) { }
            };
            try (JournalSource source = new JournalSource(dir, registry, "SIM", 5_000)) {
                source.poll(sink, 1_000);
                long before = mx.getThreadAllocatedBytes(tid);
                while (!source.isDone()) source.poll(sink, 256);
                long bytes = mx.getThreadAllocatedBytes(tid) - before;
                perEvent = bytes / (events - 1_000);
                System.out.printf("journal replay round %d: %,d events after the first 1,000: %,d bytes allocated%n", round, events - 1_000, bytes);
            }
            assertEquals(events / 2, seen[0], "every book update, mapped onto SIM:BTCUSDT (id 1)");
            assertEquals(events / 2, seen[1], "every trade, mapped");
        }
        assertTrue(perEvent < 4, "steady-state allocation " + perEvent + " B/event");
    }
}
