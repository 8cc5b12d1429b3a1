package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.OrderExecutor;
import flox.connector.binance.internal.component.BinanceConnectorComponent;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 7: one factory configuration per account. Two accounts in one host (two
 * exchanges in one registry, one tracker, one pair of buses), each on its own fake venue: each
 * goes LIVE on its own, its orders go to its own venue only, `flox:binance` shows each, and one
 * account's reconnect and reconciliation neither asks about nor cancels the other's orders.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConnectorTwoAccountsTest {
    @TempDir
    Path keys;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final List<String> states = new CopyOnWriteArrayList<>();
    final MarketDataBus bus = new MarketDataBus() {
        @Override public long publishBookUpdate(BookUpdate u) { return 1; }
        @Override public int maxBookLevels() { return 32; }
        @Override public long publishTrade(TradeEvent t) { return 1; }

        @Override
        public long publishVenueState(VenueStateEvent s) {
            states.add(s.state() + ": " + s.text());
            return 1;
        }
    };
    final ExecutionBus executionBus = e -> 1;

    FakeBinance venueA;
    FakeBinance venueB;
    BinanceConnectorComponent accountA;
    BinanceConnectorComponent accountB;
    long nextId = 1;

    @AfterEach
    void tearDown() throws Exception {
        for (BinanceConnectorComponent c : new BinanceConnectorComponent[] {accountA, accountB}) {
            if (c == null) continue;
            if (c.orderExecutor() != null) c.orderExecutor().stop();
            c.stop();
        }
        if (venueA != null) venueA.close();
        if (venueB != null) venueB.close();
    }

    Path secretFile(String name, String value) throws Exception {
        return TestSupport.secretFile(keys, name, value);
    }

    BinanceConnectorComponent account(String exchange, FakeBinance venue) throws Exception {
        String base = "127.0.0.1:" + venue.port();
        Map<String, Object> config = new HashMap<>(Map.of("exchange", exchange, "symbols", "BTCUSDT", "stream.url", "ws://" + base,
                "rest.url", "http://" + base, "api.url", venue.apiUrl(), "snapshot.interval.ms", "200", "reconnect.min.ms", "20",
                ".api.key", "file:" + secretFile(exchange + ".key", FakeBinance.DOCS_API_KEY),
                ".api.secret", "file:" + secretFile(exchange + ".secret", FakeBinance.DOCS_SECRET_KEY), "foreign.orders", "cancel"));
        config.put("recv.window.ms", "1000");
        BinanceConnectorComponent c = new BinanceConnectorComponent(registry, bus, tracker, executionBus, config);
        c.start();
        c.orderExecutor().start();
        return c;
    }

    OrderState state(long id) {
        OrderState s = new OrderState();
        assertTrue(tracker.read(id, s));
        return s;
    }

    long submit(String exchange, OrderExecutor executor) {
        long id = nextId++;
        OrderRequest r = new OrderRequest().clientOrderId(id).symbolId(registry.resolve(exchange, "BTCUSDT")).strategyId(7).side(Side.BUY)
                .orderType(OrderType.LIMIT).timeInForce(TimeInForce.GTC).priceScaled(50_000_00000000L).quantityScaled(100_000);
        tracker.onNew(r, System.nanoTime());
        tracker.onSubmitted(id, System.nanoTime());
        assertEquals(RejectReason.NONE, executor.submit(r));
        return id;
    }

    static boolean holds(FakeBinance venue, long id) {
        for (OrderView v : venue.openOrders()) if (v.clientOrderId().endsWith("_" + id)) return true;
        return false;
    }

    @Test
    void shouldKeepTwoAccountsApartInOneHost() throws Exception {
        venueA = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(1.0)).start();
        venueB = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(1.0)).start();
        accountA = account("BINANCE", venueA);
        accountB = account("BINANCE_B", venueB);
        TestSupport.await("account A LIVE", () -> accountA.marketData().state() == flox.api.event.VenueState.LIVE);
        TestSupport.await("account B LIVE", () -> accountB.marketData().state() == flox.api.event.VenueState.LIVE);
        int symbolA = registry.resolve("BINANCE", "BTCUSDT");
        int symbolB = registry.resolve("BINANCE_B", "BTCUSDT");
        assertNotEquals(symbolA, symbolB, "one symbol per exchange in the one registry");

        long onA = submit("BINANCE", accountA.orderExecutor());
        long onB = submit("BINANCE_B", accountB.orderExecutor());
        TestSupport.await("both accepted", () -> state(onA).status() == OrderStatus.ACCEPTED && state(onB).status() == OrderStatus.ACCEPTED);
        assertTrue(holds(venueA, onA) && !holds(venueA, onB), "venue A has A's order only: " + venueA.openOrders());
        assertTrue(holds(venueB, onB) && !holds(venueB, onA), "venue B has B's order only: " + venueB.openOrders());
        assertTrue(accountA.binance().startsWith("BINANCE: LIVE"), accountA.binance());
        assertTrue(accountB.binance().startsWith("BINANCE_B: LIVE"), accountB.binance());

        // account A reconnects and reconciles: B's open order is neither asked about on A's venue nor canceled
        long statusAsked = venueA.apiRequests("order.status");
        long openAsked = venueA.apiRequests("openOrders.status");
        accountA.orderExecutor().stop();
        accountA.orderExecutor().start();
        TestSupport.await("account A reconciled again", () -> venueA.apiRequests("openOrders.status") > openAsked
                && accountA.marketData().state() == flox.api.event.VenueState.LIVE && accountA.binance().contains("reconciled"));
        assertEquals(statusAsked + 1, venueA.apiRequests("order.status"), "A asked about its own open order only, not B's");
        assertEquals(OrderStatus.ACCEPTED, state(onB).status());
        assertTrue(holds(venueB, onB));
        assertEquals(OrderStatus.ACCEPTED, state(onA).status());

        // and each account's cancel reaches its own venue
        assertEquals(RejectReason.NONE, accountB.orderExecutor().cancel(registry.resolve("BINANCE_B", "BTCUSDT"), onB));
        TestSupport.await("B's order canceled", () -> state(onB).status() == OrderStatus.CANCELED);
        assertEquals(1, venueB.ordersCanceled());
        assertEquals(0, venueA.ordersCanceled());
        assertTrue(holds(venueA, onA));
    }
}
