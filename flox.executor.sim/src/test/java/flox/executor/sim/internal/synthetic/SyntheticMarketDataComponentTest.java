package flox.executor.sim.internal.synthetic;

import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The synthetic market's start when the SIM symbols are registered only after it started. */
@Timeout(20)
class SyntheticMarketDataComponentTest {
    static final NanoClock CLOCK = new NanoClock() {
        @Override public long nanoTime() { return System.nanoTime(); }
        @Override public long epochNanos() { return System.currentTimeMillis() * 1_000_000L; }
    };

    @Test
    void shouldStartPublishingWhenSymbolsAreRegisteredAfterItStartedAndSayWhenItIsLive() throws Exception {
        Registry registry = new Registry();
        AtomicLong published = new AtomicLong();
        List<String> states = new CopyOnWriteArrayList<>();
        MarketDataBus bus = new MarketDataBus() {
            @Override public long publishBookUpdate(BookUpdate update) { return published.incrementAndGet(); }
            @Override public long publishTrade(TradeEvent trade) { return published.incrementAndGet(); }
            @Override public long publishVenueState(VenueStateEvent v) {
                states.add(v.exchange() + " " + v.state() + " after " + published.get() + (v.isVenueWide() ? "" : " symbol " + v.symbolId()));
                return 0;
            }
            @Override public int maxBookLevels() { return 5000; }
        };
        SyntheticMarketDataComponent market = new SyntheticMarketDataComponent(bus, registry, CLOCK, config());
        market.start();
        try {
            // the publishing thread looked at the (empty) registry at least twice: it is waiting, not gone
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (registry.lookups.get() < 2) {
                assertTrue(System.nanoTime() < deadline, "the market checks the registry again");
                Thread.onSpinWait();
            }
            assertEquals(0, published.get(), "nothing to publish without SIM symbols");
            registry.symbols.add(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1)
                    .minQuantityScaled(1).minNotionalScaled(500).build().withSymbolId(0));
            while (published.get() < 100) {
                assertTrue(System.nanoTime() < deadline, "events published once the symbol is registered: " + published.get());
                Thread.onSpinWait();
            }
        } finally {
            market.stop();
        }
        assertEquals(List.of("SIM CONNECTING after 0", "SIM SYNCING after 0", "SIM LIVE after 1", "SIM DISCONNECTED after " + market.published()), states,
                "LIVE once the one book's snapshot is out, DISCONNECTED last");
    }

    @Test
    void shouldStopWhileStillWaitingForSymbols() throws Exception {
        Registry registry = new Registry();
        List<VenueState> states = new CopyOnWriteArrayList<>();
        SyntheticMarketDataComponent market = new SyntheticMarketDataComponent(new MarketDataBus() {
            @Override public long publishBookUpdate(BookUpdate update) { return 0; }
            @Override public long publishTrade(TradeEvent trade) { return 0; }
            @Override public long publishVenueState(VenueStateEvent v) { states.add(v.state()); return 0; }
            @Override public int maxBookLevels() { return 5000; }
        }, registry, CLOCK, config());
        market.start();
        long t0 = System.nanoTime();
        market.stop();
        assertTrue(System.nanoTime() - t0 < 2_000_000_000L, "stop returns promptly");
        assertEquals(0, market.published());
        assertEquals(List.of(VenueState.CONNECTING, VenueState.DISCONNECTED), states, "never LIVE without a symbol");
    }

    @Test
    void shouldPublishBooksDeeperThanTheBusInFragments() throws Exception {
        Registry registry = new Registry();
        registry.symbols.add(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).minNotionalScaled(500).build().withSymbolId(0));
        AtomicLong refused = new AtomicLong();
        AtomicLong continued = new AtomicLong();
        AtomicLong books = new AtomicLong();
        flox.api.book.OrderBook book = new flox.api.book.OrderBook(0, 64);
        MarketDataBus bus = new MarketDataBus() {
            @Override public long publishVenueState(flox.api.event.VenueStateEvent v) { return 0; }
            @Override public long publishBookUpdate(BookUpdate u) {
                if (u.bidCount() > 2 || u.askCount() > 2) {
                    refused.incrementAndGet();
                    return flox.api.bus.BusResult.INVALID;
                }
                if (u.isContinued()) continued.incrementAndGet();
                book.apply(u);
                return books.incrementAndGet();
            }
            @Override public long publishTrade(TradeEvent trade) { return 0; }
            @Override public int maxBookLevels() { return 2; }
        };
        SyntheticMarketDataComponent market = new SyntheticMarketDataComponent(bus, registry, CLOCK, config());
        market.start();
        try {
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (continued.get() == 0) { // the first event of each book is its snapshot: 5 levels a side
                assertTrue(System.nanoTime() < deadline, "a fragmented snapshot: " + books.get() + " books published");
                Thread.onSpinWait();
            }
        } finally {
            market.stop();
        }
        assertEquals(0, refused.get(), "nothing deeper than the bus was offered to it");
        assertTrue(book.isConsistent(), "the publisher finished the update it had started: " + book);
    }

    static java.util.Map<String, Object> config() {
        return java.util.Map.of("rate", "20000", "seed", "42", "depth", "5", "max.lots", "50", "trade.percent", "10", "move.percent", "15",
                "snapshot.interval.ms", "1000", "start.prices", "BTCUSDT=60000");
    }

    /** Symbols as the test adds them; counts lookups of the whole list. */
    static final class Registry implements SymbolRegistry {
        final List<SymbolInfo> symbols = new CopyOnWriteArrayList<>();
        final AtomicInteger lookups = new AtomicInteger();

        @Override public int register(SymbolInfo definition) { throw new UnsupportedOperationException(); }
        @Override public int[] registerAll(List<SymbolInfo> definitions) { throw new UnsupportedOperationException(); }
        @Override public SymbolInfo symbol(int id) { return id >= 0 && id < symbols.size() ? symbols.get(id) : null; }
        @Override public int resolve(CharSequence exchange, CharSequence symbol) { return UNKNOWN; }
        @Override public int size() { return symbols.size(); }

        @Override
        public List<SymbolInfo> symbols() {
            lookups.incrementAndGet();
            return List.copyOf(symbols);
        }
    }
}
