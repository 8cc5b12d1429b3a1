package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
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
import flox.connector.binance.internal.feed.TickerCheck;
import flox.connector.binance.internal.live.MarketDataConnection;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 14 item 6: Binance ends a WebSocket connection at 24 h, so the connector replaces both
 * of its connections first, on its own terms, once they are {@code connection.max.age.ms} old.
 * Here the age is 1,500 ms, against the fake exchange on loopback (which never closes a
 * connection by itself: no fault is armed, and its ping rule drops none): the market-data
 * connection is replaced, the book resyncs and keeps matching the bookTicker checkpoints; the
 * WebSocket API connection is replaced, order entry reconnects and reconciles, an order resting
 * before it is still known and unchanged, and new orders trade after it. A value out of range is
 * refused naming the key.
 *
 * <p>The replacements come on the connector's timer, not the test's: every wait is a condition
 * polled until a deadline ({@link TestSupport#await}), and the assertions hold whichever frame or
 * request the replacement falls on.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConnectorConnectionAgeTest {
    static final String KEY = "connection.max.age.ms";
    /** Why the connector says it replaced a connection, as its events and log put it. */
    static final String AGED = "connection older than 1500 ms (connection.max.age.ms; Binance ends them at 24 h): replaced on our terms";

    @TempDir
    Path keys;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    /** Each venue state published: "STATE: text". */
    final List<String> states = new CopyOnWriteArrayList<>();
    final AtomicLong invalids = new AtomicLong();
    final List<ExecutionEvent> reports = new CopyOnWriteArrayList<>();
    final MarketDataBus bus = new MarketDataBus() {
        @Override
        public long publishBookUpdate(BookUpdate u) {
            if (u.isInvalid()) invalids.incrementAndGet();
            return 1;
        }

        @Override public int maxBookLevels() { return 32; }
        @Override public long publishTrade(TradeEvent t) { return 1; }

        @Override
        public long publishVenueState(VenueStateEvent s) {
            states.add(s.state() + ": " + s.text());
            return 1;
        }
    };
    final ExecutionBus executionBus = e -> {
        reports.add(new ExecutionEvent().copyFrom(e));
        return reports.size();
    };

    /** The connector's log (System.Logger "flox.binance", on java.util.logging here). */
    final List<LogRecord> log = new CopyOnWriteArrayList<>();
    final Logger jul = Logger.getLogger("flox.binance");
    final Handler capture = new Handler() {
        @Override public void publish(LogRecord r) { log.add(r); }
        @Override public void flush() { }
        @Override public void close() { }
    };

    FakeBinance fake;
    BinanceConnectorComponent component;
    OrderExecutor executor;
    long nextId = 1;

    @BeforeEach
    void captureLog() {
        jul.addHandler(capture);
    }

    @AfterEach
    void tearDown() throws Exception {
        jul.removeHandler(capture);
        if (executor != null) executor.stop();
        if (component != null) component.stop();
        if (fake != null) fake.close();
    }

    Path secretFile(String name, String value) throws Exception {
        return TestSupport.secretFile(keys, name, value);
    }

    /** The component on the running fake with {@code more} configuration; order entry too when {@code withKeys}; waits for LIVE. */
    void start(Map<String, Object> more, boolean withKeys) throws Exception {
        String base = "127.0.0.1:" + fake.port();
        Map<String, Object> config = new HashMap<>(Map.of("symbols", "BTCUSDT", "stream.url", "ws://" + base, "rest.url", "http://" + base,
                "snapshot.interval.ms", "200", "reconnect.min.ms", "20"));
        if (withKeys) {
            config.putAll(Map.of("api.url", fake.apiUrl(), ".api.key", "file:" + secretFile("key", FakeBinance.DOCS_API_KEY),
                    ".api.secret", "file:" + secretFile("secret", FakeBinance.DOCS_SECRET_KEY), "recv.window.ms", "1000"));
        }
        config.putAll(more);
        component = new BinanceConnectorComponent(registry, bus, withKeys ? tracker : null, withKeys ? executionBus : null, config);
        component.start();
        if (withKeys) {
            executor = component.orderExecutor();
            assertNotNull(executor, "keys given: order entry");
            executor.start();
        }
        TestSupport.await("LIVE", () -> states.stream().anyMatch(s -> s.startsWith("LIVE")));
    }

    /** The texts of the DISCONNECTED states published so far. */
    List<String> disconnects() {
        return states.stream().filter(s -> s.startsWith("DISCONNECTED: ")).map(s -> s.substring("DISCONNECTED: ".length())).toList();
    }

    /** The log lines (at WARNING and above) that start with {@code prefix}. */
    List<String> logged(Level level, String prefix) {
        return log.stream().filter(r -> r.getLevel().intValue() >= level.intValue()).map(LogRecord::getMessage)
                .filter(m -> m != null && m.startsWith(prefix)).toList();
    }

    /** BTCUSDT's book check, read on the connection's thread: checked, matched, resyncs, in sync (1) or not (0). */
    long[] book(MarketDataConnection c, int symbolId) {
        try {
            return c.onThread(() -> {
                TickerCheck k = c.session().book(symbolId);
                return k == null ? new long[] {0, 0, 0, 0} : new long[] {k.checked, k.matched, k.resyncs, c.session().isSynced(symbolId) ? 1 : 0};
            });
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldReplaceTheMarketDataConnectionOnceItIsOldAndResyncTheBook() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(20.0)).start();
        start(Map.of(KEY, "1500"), false);
        MarketDataConnection c = component.marketData().connection();
        int btc = registry.resolve("BINANCE", "BTCUSDT");

        TestSupport.await("the stream replaced for its age and connected again", () -> !disconnects().isEmpty() && fake.connectionsOpened() >= 2
                && fake.connectionsOpen() == 1);
        long checkedThen = book(c, btc)[0];
        // the recording plays on (at 20x, some 190 checkpoints a second): the book must sync again on the new connection and
        // its checkpoints keep matching; a later replacement (every 1.5 s) may fall in this wait too
        TestSupport.await("the book in sync again and 200 more checkpoints compared", () -> {
            long[] b = book(c, btc);
            return b[3] == 1 && b[0] >= checkedThen + 200;
        });
        long[] b = book(c, btc);
        assertEquals(b[0], b[1], "every checkpoint matched the bookTicker stream, before and after the replacement: checked " + b[0]
                + " matched " + b[1]);
        assertTrue(b[2] >= 1, "the book resynced after the replacement: resyncs " + b[2]);
        assertTrue(invalids.get() >= 1, "the replaced connection's book was published INVALID before the resync");
        int firstDisconnect = states.indexOf(states.stream().filter(s -> s.startsWith("DISCONNECTED: ")).findFirst().orElseThrow());
        assertTrue(states.subList(firstDisconnect, states.size()).stream().anyMatch(s -> s.startsWith("LIVE")), "LIVE again after it: " + states);
        for (String why : disconnects()) { // on our terms: the fake closed nothing, nor was the link found silent
            assertTrue(why.startsWith(AGED + "; reconnecting in "), "every replacement for its age: " + disconnects());
        }
        assertEquals(0, fake.connectionsDroppedNoPong());
        List<String> said = logged(Level.WARNING, "BINANCE: market data ");
        assertTrue(!said.isEmpty() && said.stream().allMatch(m -> m.startsWith("BINANCE: market data " + AGED + "; reconnecting in ")),
                "every market-data reconnect said why in the log: " + said);
        assertTrue(component.binance().contains("ticker mismatches 0"), component.binance());
    }

    OrderState state(long id) {
        OrderState s = new OrderState();
        assertTrue(tracker.read(id, s));
        return s;
    }

    long submit(Side side, TimeInForce tif, long priceScaled, long quantityScaled) {
        long id = nextId++;
        OrderRequest r = new OrderRequest().clientOrderId(id).symbolId(registry.resolve("BINANCE", "BTCUSDT")).strategyId(7).side(side)
                .orderType(OrderType.LIMIT).timeInForce(tif).priceScaled(priceScaled).quantityScaled(quantityScaled);
        tracker.onNew(r, System.nanoTime());
        tracker.onSubmitted(id, System.nanoTime());
        assertEquals(RejectReason.NONE, executor.submit(r));
        return id;
    }

    /**
     * Places an order until it reaches {@code wanted}. The connector's timer replaces the API
     * connection every 1.5 s: a request the sending thread meets between the old connection and
     * the new one is refused VENUE_UNAVAILABLE (as it should be), and only that refusal is taken
     * as a reason to place it again, under a new id; one sent just before the old connection
     * goes is asked about by the reconnect's reconciliation and comes out as the venue has it.
     */
    long place(OrderStatus wanted, Side side, TimeInForce tif, long priceScaled, long quantityScaled) {
        for (int attempt = 0; attempt < 5; attempt++) {
            long id = submit(side, tif, priceScaled, quantityScaled);
            TestSupport.await("order " + id + " " + wanted + " or rejected", () -> state(id).status() == wanted || state(id).status() == OrderStatus.REJECTED);
            if (state(id).status() == wanted) return id;
            ExecutionEvent rejected = reports.stream().filter(e -> e.clientOrderId() == id && e.execType() == ExecType.REJECTED).findFirst()
                    .orElseThrow(() -> new AssertionError("order " + id + " REJECTED without a report: " + reports));
            assertEquals(RejectReason.VENUE_UNAVAILABLE, rejected.reason(), "the only refusal expected (sent between two connections): " + rejected);
        }
        throw new AssertionError("five orders in a row met a replacement: " + component.binance());
    }

    /** The venue's client id of our order, as the connector writes it (its run prefix and the id). */
    String clientId(long id) {
        for (OrderView v : fake.openOrders()) if (v.clientOrderId().endsWith("_" + id)) return v.clientOrderId();
        throw new AssertionError("no open order for " + id + " at the fake: " + fake.openOrders());
    }

    @Test
    void shouldReplaceTheApiConnectionOnceItIsOldReconcileAndKeepEveryOrder() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(1.0)).start();
        start(Map.of(KEY, "1500"), true);
        long resting = place(OrderStatus.ACCEPTED, Side.BUY, TimeInForce.GTC, 50_000_00000000L, 100_000); // far below the market (61,8xx)
        String venueId = clientId(resting);

        long opened = fake.apiConnectionsOpened();
        long statusAsked = fake.apiRequests("order.status");
        long openOrdersAsked = fake.apiRequests("openOrders.status");
        // replaced by the connector's timer, connected again, and reconciled: the resting order asked about, the open orders asked
        TestSupport.await("the API connection replaced for its age, connected again and reconciled", () -> fake.apiConnectionsOpened() > opened
                && fake.apiRequests("order.status") > statusAsked && fake.apiRequests("openOrders.status") > openOrdersAsked
                && component.binance().contains("order entry: connected") && component.binance().contains(", reconciled (last "));
        List<String> replaced = logged(Level.WARNING, "BINANCE: order entry ");
        assertTrue(!replaced.isEmpty() && replaced.stream().allMatch(m -> m.startsWith("BINANCE: order entry " + AGED + "; reconnecting in ")),
                "every order-entry reconnect said why, and was for its age: " + replaced);

        OrderState s = state(resting); // nothing lost: the tracker's order as it was, and the venue's
        assertEquals(OrderStatus.ACCEPTED, s.status());
        assertEquals(50_000_00000000L, s.priceScaled());
        assertEquals(100_000, s.quantityScaled());
        assertEquals(0, s.filledQuantityScaled());
        assertEquals("NEW", fake.order(venueId).status());
        assertEquals(1, fake.openOrders().size(), fake.openOrders().toString());
        String status = component.binance();
        assertTrue(status.contains("corrections 0,"), "the venue's view matched the tracker's: " + status);
        assertTrue(status.contains("open at a connect 0,"), "our order is not taken for a foreign one: " + status);
        assertEquals(1, reports.stream().filter(e -> e.clientOrderId() == resting).count(), "one report (ACCEPTED) of the resting order: " + reports);

        // new orders after the replacement: a marketable one fills at the recorded book
        long taker = place(OrderStatus.FILLED, Side.BUY, TimeInForce.IOC, 70_000_00000000L, 100_000);
        assertEquals(100_000, state(taker).filledQuantityScaled());
        assertEquals(OrderStatus.ACCEPTED, state(resting).status(), "the resting order untouched");
    }

    /** 0 is "never"; above 24 h, below 1 s, negative or not a number is refused naming file and key, and the default kept. */
    @Test
    void shouldRefuseABadMaximumAgeNamingTheKey() throws Exception {
        String file = "file:/home/etc/flox.binance-main.cfg";
        Map<String, String> refusals = Map.of(
                "86400001", "field connection.max.age.ms: 86400001 is outside [0, 86400000] (keeping 85800000)",
                "-1", "field connection.max.age.ms: -1 is outside [0, 86400000] (keeping 85800000)",
                "500", "field connection.max.age.ms: 500 is shorter than 1000 ms (0: never replaced) (keeping 85800000)",
                "a day", "field connection.max.age.ms: 'a day' is not a whole number (keeping 85800000)");
        for (Map.Entry<String, String> r : refusals.entrySet()) {
            log.clear();
            component = new BinanceConnectorComponent(registry, bus, Map.of("felix.fileinstall.filename", file, "symbols", "BTCUSDT", KEY, r.getKey()));
            List<String> errors = logged(Level.SEVERE, "/home/etc/flox.binance-main.cfg, field " + KEY);
            assertEquals(1, errors.size(), r.getKey() + " refused: " + log.stream().map(LogRecord::getMessage).toList());
            assertTrue(errors.get(0).contains(r.getValue()), errors.get(0));
            component = null;
        }
        for (String good : List.of("0", "1000", "86400000")) {
            log.clear();
            new BinanceConnectorComponent(registry, bus, Map.of("felix.fileinstall.filename", file, "symbols", "BTCUSDT", KEY, good));
            assertEquals(List.of(), log.stream().map(LogRecord::getMessage).filter(m -> m.contains(KEY)).toList(), good + " taken");
        }
    }
}
