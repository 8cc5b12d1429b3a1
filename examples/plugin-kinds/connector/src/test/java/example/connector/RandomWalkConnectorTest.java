package example.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector on its own, publishing to a bus of the test's: a book per symbol that stays
 * consistent (never crossed) and moves, trades, and its venue state from CONNECTING to LIVE to
 * DISCONNECTED. No OSGi framework needed.
 */
@Timeout(20)
class RandomWalkConnectorTest {
    static final SymbolInfo XYZ = SymbolInfo.builder("DEMO", "XYZUSD").priceScale(2).quantityScale(3)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build().withSymbolId(0);
    static final SymbolInfo OTHER = SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5)
            .tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build().withSymbolId(1);

    static final SymbolRegistry SYMBOLS = new SymbolRegistry() {
        @Override public int register(SymbolInfo definition) { throw new UnsupportedOperationException(); }
        @Override public int[] registerAll(List<SymbolInfo> definitions) { throw new UnsupportedOperationException(); }
        @Override public SymbolInfo symbol(int id) { return id == 0 ? XYZ : id == 1 ? OTHER : null; }
        @Override public int resolve(CharSequence exchange, CharSequence symbol) { return UNKNOWN; }
        @Override public int size() { return 2; }
        @Override public List<SymbolInfo> symbols() { return List.of(XYZ, OTHER); }
    };

    /** Applies every book update to an OrderBook, as a subscriber would, on the connector's thread. */
    static final class Bus implements MarketDataBus {
        final OrderBook book = new OrderBook(0, 16);
        final List<String> states = new CopyOnWriteArrayList<>();
        final AtomicLong updates = new AtomicLong();
        final AtomicLong trades = new AtomicLong();
        volatile boolean everCrossed;
        volatile long bestBid;
        volatile boolean otherSymbol;

        @Override public long publishBookUpdate(BookUpdate u) {
            if (u.symbolId() != 0) otherSymbol = true;
            book.apply(u);
            if (book.bidLevels() > 0 && book.askLevels() > 0 && book.bidPrice(0) >= book.askPrice(0)) everCrossed = true;
            if (book.bidLevels() > 0) bestBid = book.bidPrice(0);
            return updates.incrementAndGet();
        }
        @Override public int maxBookLevels() { return 16; }
        @Override public long publishTrade(TradeEvent t) { return trades.incrementAndGet(); }
        @Override public long publishVenueState(VenueStateEvent e) {
            states.add(e.exchange() + " " + e.state());
            return states.size();
        }
    }

    static void await(String what, java.util.function.BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!c.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) throw new AssertionError(what + ": not within 10 s");
            Thread.sleep(5);
        }
    }

    @Test
    void shouldPublishAConsistentMovingBookTradesAndItsStateForItsOwnSymbolsOnly() throws Exception {
        Bus bus = new Bus();
        RandomWalkConnector c = new RandomWalkConnector(bus, SYMBOLS, new RandomWalkConnector.Settings("DEMO", 5_000, "100", 200, 7));
        assertEquals("DEMO", c.exchange());
        c.start();
        try {
            await("LIVE after the first snapshot", () -> bus.states.contains("DEMO LIVE"));
            long firstBid = bus.bestBid;
            assertTrue(firstBid > 9_000 && firstBid < 11_000, "a walk from 100.00 (a tick a step): " + firstBid);
            await("the book moved and trades came", () -> bus.updates.get() > 2_000 && bus.trades.get() > 50 && bus.bestBid != firstBid);
            await("LIVE again with a periodic snapshot (for late subscribers)",
                    () -> bus.states.stream().filter("DEMO LIVE"::equals).count() >= 2);
        } finally {
            c.stop();
        }
        List<String> states = new ArrayList<>(bus.states);
        assertEquals("DEMO CONNECTING", states.remove(0));
        assertEquals("DEMO DISCONNECTED", states.remove(states.size() - 1));
        assertEquals(List.of("DEMO LIVE"), states.stream().distinct().toList(), "LIVE in between: " + bus.states);
        assertFalse(bus.everCrossed, "never a crossed book");
        assertFalse(bus.otherSymbol, "only its exchange's symbols");
        assertTrue(bus.book.isConsistent());
    }
}
