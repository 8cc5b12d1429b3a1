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
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 14's third target, for every scripted fault at once: "every scripted fault recovers:
 * book correct, tracker reconciled, no order state lost". The whole connector component (market
 * data and order entry on their own connections, as in a host) trades against the fake exchange
 * playing the BTCUSDT recording at 20x; with an order resting at the venue, each fault is played
 * and a marketable order sent into it. Then, for every fault: the venue is LIVE again, a new
 * marketable order fills, the resting order cancels; every order's status and filled quantity in
 * the tracker equal the venue's, each fill is published once; and the book, after at least 200
 * more checkpoints, matches the venue's bookTicker at every one of them, from the start; and the
 * book a subscriber rebuilds from what was published (fragments, INVALID, snapshots) equals the
 * connector's own after every complete update, through the fault (checked on the publishing
 * thread; checked by hand on 2026-12-08: without applying fragments every scenario fails). (The
 * stalled-link fault has its own test, {@code ConnectorOrderEntryTest}: it takes a hundred
 * orders and small socket buffers.)
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConnectorFaultMatrixTest {
    static final long FAR_BELOW = 50_000_00000000L; // 50,000.00: below the recording's market (61,8xx)
    static final long THROUGH = 70_000_00000000L; // 70,000.00: takes the best ask
    static final EnumSet<OrderStatus> EITHER = EnumSet.of(OrderStatus.FILLED, OrderStatus.REJECTED);
    static final Pattern TICKER = Pattern.compile("BTCUSDT: (in sync|not in sync), ticker checks (\\d+)/(\\d+) matched, gaps (\\d+), lost with the connection (\\d+), resyncs (\\d+)");

    /**
     * A fault (or two: a snapshot fault needs a resync to meet it) and what the order sent into it
     * may come to: an API fault meets that order's own request; a stream fault races it (the
     * order fills if it reaches the venue before the venue state leaves LIVE, else it is refused).
     */
    enum Scenario {
        STREAM_DISCONNECT(EITHER, Fault.disconnect(1001)),
        SEQUENCE_GAP(EITHER, Fault.sequenceGap("BTCUSDT")),
        STALE_SNAPSHOT(EITHER, Fault.staleSnapshot(), Fault.sequenceGap("BTCUSDT")),
        SLOW_SNAPSHOT(EITHER, Fault.slowSnapshot(500), Fault.sequenceGap("BTCUSDT")),
        SNAPSHOT_429(EITHER, Fault.rateLimited(1), Fault.sequenceGap("BTCUSDT")),
        SNAPSHOT_418(EITHER, Fault.banned(1), Fault.sequenceGap("BTCUSDT")),
        MALFORMED_FRAME(EITHER, Fault.malformedFrame(Fault.Malformation.NOT_JSON)),
        TRUNCATED_FRAME(EITHER, Fault.malformedFrame(Fault.Malformation.TRUNCATED)),
        SERVER_SHUTDOWN(EITHER, Fault.serverShutdown(30_000)),
        API_SERVER_ERROR_EXECUTED(EnumSet.of(OrderStatus.FILLED), Fault.apiServerError(true)),
        API_SERVER_ERROR_NOT_EXECUTED(EnumSet.of(OrderStatus.REJECTED), Fault.apiServerError(false)),
        API_TIMEOUT_EXECUTED(EnumSet.of(OrderStatus.FILLED), Fault.apiTimeout(true)),
        API_TIMEOUT_NOT_EXECUTED(EnumSet.of(OrderStatus.REJECTED), Fault.apiTimeout(false)),
        API_INSUFFICIENT_BALANCE(EnumSet.of(OrderStatus.REJECTED), Fault.apiInsufficientBalance()),
        API_FILTER_FAILURE(EnumSet.of(OrderStatus.REJECTED), Fault.apiFilterFailure("PERCENT_PRICE_BY_SIDE")),
        API_429(EnumSet.of(OrderStatus.REJECTED), Fault.apiRateLimited(1_000)),
        API_418(EnumSet.of(OrderStatus.REJECTED), Fault.apiBanned(1_500)),
        API_DISCONNECT(EITHER, Fault.apiDisconnect(1006)),
        USER_DATA_DUPLICATE(EnumSet.of(OrderStatus.FILLED), Fault.userDataDuplicate()),
        USER_DATA_FILL_BEFORE_NEW(EnumSet.of(OrderStatus.FILLED), Fault.userDataFillBeforeNew()),
        USER_DATA_MALFORMED_FILL(EnumSet.of(OrderStatus.FILLED), Fault.userDataMalformedFill());

        final EnumSet<OrderStatus> sentInto;
        final Fault[] faults;

        Scenario(EnumSet<OrderStatus> sentInto, Fault... faults) {
            this.sentInto = sentInto;
            this.faults = faults;
        }
    }

    @TempDir
    Path keys;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final List<String> states = new CopyOnWriteArrayList<>();
    final List<ExecutionEvent> reports = new CopyOnWriteArrayList<>();
    final MarketDataBus bus = new MarketDataBus() {
        @Override
        public long publishBookUpdate(BookUpdate u) {
            subscriberView(u);
            return 1;
        }

        @Override public int maxBookLevels() { return 32; }
        @Override public long publishTrade(TradeEvent t) { return 1; }
        @Override public long publishVenueState(VenueStateEvent s) { states.add(s.state().name()); return 1; }
    };
    /** The book a subscriber rebuilds from what the connector published (fragments, INVALID, snapshots), as a strategy's would be. */
    flox.api.book.OrderBook subscriberBook;
    /** Complete published updates after which the subscriber's best bid and ask (price and quantity) were compared with the connector's own book. */
    final java.util.concurrent.atomic.AtomicLong subscriberChecks = new java.util.concurrent.atomic.AtomicLong();
    final List<String> subscriberMismatches = new CopyOnWriteArrayList<>();

    /** On the connector's thread (it publishes there): applies {@code u}; after a complete, valid update compares the tops. */
    void subscriberView(BookUpdate u) {
        if (subscriberBook == null) subscriberBook = new flox.api.book.OrderBook(u.symbolId(), 64);
        subscriberBook.apply(u);
        if (u.isContinued() || u.isInvalid()) return;
        flox.connector.binance.internal.live.MarketDataConnection c = component.marketData().connection();
        flox.connector.binance.internal.feed.TickerCheck k = c == null ? null : c.session().book(u.symbolId());
        if (k == null) return;
        flox.connector.binance.internal.feed.DepthBook b = k.book;
        subscriberChecks.incrementAndGet();
        if (b.bestBidPrice() != subscriberBook.bestBidPrice() || b.bestBidQuantity() != subscriberBook.bestBidQuantity()
                || b.bestAskPrice() != subscriberBook.bestAskPrice() || b.bestAskQuantity() != subscriberBook.bestAskQuantity()) {
            if (subscriberMismatches.size() < 5) subscriberMismatches.add(u + ": subscriber " + subscriberBook.bestBidPrice() + "/"
                    + subscriberBook.bestAskPrice() + ", connector " + b.bestBidPrice() + "/" + b.bestAskPrice());
        }
    }

    final ExecutionBus executionBus = e -> {
        reports.add(new ExecutionEvent().copyFrom(e));
        return reports.size();
    };
    FakeBinance fake;
    BinanceConnectorComponent component;
    OrderExecutor executor;
    long nextId = 1;

    @AfterEach
    void tearDown() throws Exception {
        if (executor != null) executor.stop();
        if (component != null) component.stop();
        if (fake != null) fake.close();
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Scenario.class)
    void shouldRecoverTheBookAndTheOrdersFromEveryScriptedFault(Scenario scenario) throws Exception {
        connect();
        long resting = submit(Side.BUY, TimeInForce.GTC, FAR_BELOW);
        TestSupport.await("the resting order accepted", () -> state(resting).status() == OrderStatus.ACCEPTED);
        long checkedBefore = ticker().checked;

        long apiOpened = fake.apiConnectionsOpened();
        for (Fault f : scenario.faults) fake.fault(f);
        long sentInto = submit(Side.BUY, TimeInForce.IOC, THROUGH);
        awaitStatus("the order sent into the fault", sentInto, scenario.sentInto);
        for (Fault f : scenario.faults) {
            TestSupport.await("the fault played: " + f.kind(), () -> fake.faultsFired(f.kind()) >= 1);
        }
        if (scenario == Scenario.SERVER_SHUTDOWN) { // the venue closes in 30 s: order entry reconnects on the announcement, not on the close
            TestSupport.await("order entry reconnected on the announcement", () -> fake.apiConnectionsOpened() > apiOpened);
        }
        TestSupport.await("LIVE again", () -> states.get(states.size() - 1).equals("LIVE"));

        List<Long> refusedAfter = new ArrayList<>();
        long after = submit(Side.BUY, TimeInForce.IOC, THROUGH);
        // the bus's LIVE may still stand a moment after order entry lost its link: the order entry refuses new orders
        // itself then (VENUE_NOT_LIVE) until reconciled; such a refusal is asked again once LIVE, a few times at most
        while (true) {
            awaitStatus("an order after the fault", after, EnumSet.of(OrderStatus.FILLED, OrderStatus.REJECTED));
            if (state(after).status() == OrderStatus.FILLED) break;
            assertEquals(RejectReason.VENUE_NOT_LIVE, state(after).lastReason(), "only a not-yet-ready refusal is asked again");
            assertTrue(refusedAfter.size() < 5, "refused 5 times: " + component.binance());
            refusedAfter.add(after);
            // order entry's own readiness: a round started while LIVE (an unreadable user-data event asks the orders again)
            // refuses new orders until it is done, before the bus's venue state says so on the next tick
            TestSupport.await("LIVE again, order entry reconciled", () -> states.get(states.size() - 1).equals("LIVE")
                    && component.binance().contains(", reconciled"));
            after = submit(Side.BUY, TimeInForce.IOC, THROUGH);
        }
        final long filledAfter = after;
        tracker.onCancelRequested(resting, System.nanoTime());
        assertEquals(RejectReason.NONE, executor.cancel(registry.resolve("BINANCE", "BTCUSDT"), resting));
        awaitStatus("the resting order", resting, OrderStatus.CANCELED);

        TestSupport.await("200 more checkpoints of a book in sync", () -> {
            Ticker t = ticker();
            return t.inSync && t.checked >= checkedBefore + 200;
        });
        Ticker t = ticker();
        assertEquals(t.checked, t.matched, "every checkpoint matched the venue's bookTicker: " + component.binance());
        assertTrue(subscriberChecks.get() >= 200, "the published book compared after " + subscriberChecks.get() + " updates");
        assertEquals(List.of(), subscriberMismatches, "the book a subscriber rebuilt from what was published, through the fault, "
                + "equals the connector's own (which matched the venue's bookTicker) after every complete update");

        Map<Long, OrderView> venue = venueOrders();
        List<Long> all = new ArrayList<>(List.of(resting, sentInto, filledAfter));
        all.addAll(refusedAfter);
        for (long id : all) {
            OrderState s = state(id);
            OrderView v = venue.get(id);
            if (v == null) { // never placed at the venue (refused before sending, or the request lost)
                assertEquals(OrderStatus.REJECTED, s.status(), "order " + id + " unknown to the venue");
                assertEquals(0, s.filledQuantityScaled(), "order " + id);
                continue;
            }
            assertEquals(venueStatus(v.status()), s.status(), "order " + id + ": tracker " + s.status() + ", venue " + v);
            assertEquals(v.executedQty().movePointRight(8).longValueExact(), s.filledQuantityScaled(), "order " + id + " filled: " + v);
        }
        for (long id : new long[] {sentInto, filledAfter}) {
            long fills = reports.stream().filter(e -> e.clientOrderId() == id && e.execType() == ExecType.FILLED).count();
            assertEquals(state(id).status() == OrderStatus.FILLED ? 1 : 0, fills, "FILLED published once for order " + id + ": " + reports);
        }
        assertTrue(fake.openOrders().isEmpty(), fake.openOrders().toString());
    }

    // ------------------------------------------------------------------ the component against the fake

    void connect() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(20.0)).start();
        String base = "127.0.0.1:" + fake.port();
        Map<String, Object> config = new HashMap<>(Map.of("symbols", "BTCUSDT", "stream.url", "ws://" + base, "rest.url", "http://" + base,
                "api.url", fake.apiUrl(), "snapshot.interval.ms", "200", "reconnect.min.ms", "20",
                ".api.key", "file:" + secret("key", FakeBinance.DOCS_API_KEY), ".api.secret", "file:" + secret("secret", FakeBinance.DOCS_SECRET_KEY),
                "foreign.orders", "cancel", "recv.window.ms", "1000"));
        config.put("exchange.info.interval.ms", "1000");
        component = new BinanceConnectorComponent(registry, bus, tracker, executionBus, config);
        executor = component.orderExecutor();
        assertNotNull(executor, "keys given: order entry");
        component.start();
        executor.start();
        TestSupport.await("LIVE with user data subscribed", () -> states.contains("LIVE"));
    }

    Path secret(String name, String value) throws Exception {
        return TestSupport.secretFile(keys, name, value);
    }

    long submit(Side side, TimeInForce tif, long priceScaled) {
        long id = nextId++;
        OrderRequest r = new OrderRequest().clientOrderId(id).symbolId(registry.resolve("BINANCE", "BTCUSDT")).strategyId(7).side(side)
                .orderType(OrderType.LIMIT).timeInForce(tif).priceScaled(priceScaled).quantityScaled(100_000);
        tracker.onNew(r, System.nanoTime());
        tracker.onSubmitted(id, System.nanoTime());
        RejectReason refused = executor.submit(r);
        if (refused != RejectReason.NONE) tracker.onRejected(id, refused, System.nanoTime()); // as the gateway does
        return id;
    }

    /** Waits for the order's status; on a timeout says where it is and what the connector says. */
    void awaitStatus(String what, long id, OrderStatus status) {
        awaitStatus(what, id, EnumSet.of(status));
    }

    void awaitStatus(String what, long id, EnumSet<OrderStatus> status) {
        try {
            TestSupport.await(what + " " + status, () -> status.contains(state(id).status()));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + ": it is " + state(id).status() + "; venue states " + states + "; " + component.binance(), e);
        }
    }

    OrderState state(long id) {
        OrderState s = new OrderState();
        assertTrue(tracker.read(id, s));
        return s;
    }

    record Ticker(boolean inSync, long matched, long checked) {
    }

    /** The book's line in {@code flox:binance}: in sync or not, checkpoints matched of checked. */
    Ticker ticker() {
        String status = component.binance();
        Matcher m = TICKER.matcher(status);
        if (!m.find()) return new Ticker(false, 0, 0); // not subscribed yet, or the market-data connection between sessions
        return new Ticker(m.group(1).equals("in sync"), Long.parseLong(m.group(2)), Long.parseLong(m.group(3)));
    }

    /** Every order the venue has had, by our client order id (the long after the run's prefix). */
    Map<Long, OrderView> venueOrders() {
        Map<Long, OrderView> byId = new HashMap<>();
        List<OrderView> all = new ArrayList<>();
        for (long orderId = 1; ; orderId++) {
            OrderView v = fake.order(orderId);
            if (v == null) break;
            all.add(v);
        }
        for (OrderView v : all) {
            String c = v.origClientOrderId() != null ? v.origClientOrderId() : v.clientOrderId();
            byId.put(Long.parseLong(c.substring(c.lastIndexOf('_') + 1)), v);
        }
        return byId;
    }

    static OrderStatus venueStatus(String binance) {
        return switch (binance) {
            case "NEW" -> OrderStatus.ACCEPTED;
            case "PARTIALLY_FILLED" -> OrderStatus.PARTIALLY_FILLED;
            case "FILLED" -> OrderStatus.FILLED;
            case "CANCELED" -> OrderStatus.CANCELED;
            case "EXPIRED", "EXPIRED_IN_MATCH" -> OrderStatus.EXPIRED;
            case "REJECTED" -> OrderStatus.REJECTED;
            default -> throw new AssertionError("a venue status the test does not map: " + binance);
        };
    }

}
