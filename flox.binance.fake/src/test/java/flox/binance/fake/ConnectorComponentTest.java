package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.connector.binance.internal.component.BinanceConnectorComponent;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Binance connector's component (as DS creates it, without a framework) against the fake
 * exchange: the symbol comes from exchangeInfo into the registry at the wire scale, the venue's
 * state goes CONNECTING, SYNCING, LIVE, and DISCONNECTED at stop, and flox:binance tells it.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConnectorComponentTest {
    static final class StateBus implements MarketDataBus {
        final List<String> states = new CopyOnWriteArrayList<>();
        volatile long books;

        @Override public long publishBookUpdate(BookUpdate u) { books++; return 1; }
        @Override public int maxBookLevels() { return 32; }
        @Override public long publishTrade(TradeEvent t) { return 1; }

        @Override
        public long publishVenueState(VenueStateEvent s) {
            states.add(s.exchange() + " " + s.state());
            return 1;
        }
    }

    FakeBinance fake;
    BinanceConnectorComponent component;

    @AfterEach
    void tearDown() throws Exception {
        if (component != null) component.stop();
        if (fake != null) fake.close();
    }

    @Test
    void shouldRegisterTheSymbolSyncAndGoLiveThenDisconnectedAtStop() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(1.0)).start();
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        StateBus bus = new StateBus();
        String base = "127.0.0.1:" + fake.port();
        component = new BinanceConnectorComponent(registry, bus, Map.of("symbols", "BTCUSDT", "stream.url", "ws://" + base,
                "rest.url", "http://" + base, "snapshot.interval.ms", "200", "reconnect.min.ms", "20"));
        component.start();
        TestSupport.await("LIVE", () -> bus.states.contains("BINANCE LIVE"));
        assertEquals(List.of("BINANCE CONNECTING", "BINANCE SYNCING", "BINANCE LIVE"), bus.states.subList(0, 3));
        int id = registry.resolve("BINANCE", "BTCUSDT");
        SymbolInfo btc = registry.symbol(id);
        assertEquals(8, btc.priceScale());
        assertEquals(1_000_000, btc.tickSizeScaled(), "tick 0.01 from the recorded exchangeInfo");
        String text = component.binance();
        assertTrue(text.contains("BINANCE: LIVE") && text.contains("BTCUSDT: in sync"), text);
        assertTrue(text.contains("note: BTCUSDT: the venue checks, Flox does not (a breach comes back as the venue's reject): "
                + "[ICEBERG_PARTS, MARKET_LOT_SIZE, MAX_NUM_ALGO_ORDERS, MAX_NUM_ORDERS, PERCENT_PRICE]"), "the filters Flox does not check, named: " + text);
        component.stop();
        assertEquals("BINANCE DISCONNECTED", bus.states.get(bus.states.size() - 1));
        component = null;
    }

    /** symbols.csv defined BINANCE:BTCUSDT first, at another scale: the venue's definition is refused naming the field, not traded. */
    @Test
    void shouldRefuseASymbolThatConflictsWithSymbolsCsvNamingTheField() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled()).start();
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        registry.register(SymbolInfo.builder("BINANCE", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        StateBus bus = new StateBus();
        String base = "127.0.0.1:" + fake.port();
        component = new BinanceConnectorComponent(registry, bus, Map.of("symbols", "BTCUSDT", "stream.url", "ws://" + base,
                "rest.url", "http://" + base));
        component.start();
        TestSupport.await("the conflict told", () -> component.binance().contains("no configured symbol could be registered"));
        String text = component.binance();
        assertTrue(text.contains("BTCUSDT: refused, it conflicts with the registry (symbols.csv?)") && text.contains("priceScale"), text);
        assertEquals(2, registry.symbol(registry.resolve("BINANCE", "BTCUSDT")).priceScale(), "symbols.csv's definition stands");
        assertEquals(List.of("BINANCE CONNECTING"), bus.states, "nothing to trade: not connected");
    }

    @Test
    void shouldStayConnectingAndSayWhyWhenNoSymbolIsKnown() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled()).start();
        StateBus bus = new StateBus();
        String base = "127.0.0.1:" + fake.port();
        component = new BinanceConnectorComponent(new ConcurrentSymbolRegistry(), bus, Map.of("symbols", "NOPEUSDT", "stream.url", "ws://" + base,
                "rest.url", "http://" + base));
        component.start();
        TestSupport.await("the reason told", () -> component.binance().contains("no configured symbol could be registered"));
        assertTrue(component.binance().contains("NOPEUSDT: not in the venue's exchangeInfo"), component.binance());
        assertEquals(List.of("BINANCE CONNECTING"), bus.states);
    }
}
