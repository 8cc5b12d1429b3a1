package flox.connector.fix.internal.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.VenueState;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolInfo;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flox's FIX session against the real QuickFIX/J example executor, a separate process on
 * loopback: logon, a limit order acknowledged (ExecType F with OrdStatus NEW) and filled, an
 * OrdType it does not take refused by a session Reject (RefTagID 40) that becomes the order's
 * REJECTED, a cancel it does not support refused by a BusinessMessageReject, a restart of
 * Flox's side resuming the sequence numbers from the file store, and the executor killed and
 * started again on its store.
 */
@Timeout(60)
class ExecutorSessionTest {
    static final String EXCHANGE = "EXEC";
    @TempDir
    static Path dir;
    static ExampleExecutor executor;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final int ibm;
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final List<ExecutionEvent> published = new CopyOnWriteArrayList<>();
    final ExecutionReports reports = new ExecutionReports(tracker, event -> {
        published.add(new ExecutionEvent().copyFrom(event));
        return published.size();
    });
    final List<String> states = new CopyOnWriteArrayList<>();
    final OrderRequest request = new OrderRequest();
    final OrderState state = new OrderState();
    FixSession session;

    ExecutorSessionTest() throws Exception {
        ibm = registry.register(SymbolInfo.builder(EXCHANGE, "IBM").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    @BeforeAll
    static void startExecutor() throws Exception {
        executor = new ExampleExecutor(dir);
    }

    @AfterAll
    static void stopExecutor() throws Exception {
        if (executor != null) executor.close();
    }

    @AfterEach
    void stopSession() {
        if (session != null) session.stop();
    }

    FixSession start(String prefix) throws Exception {
        FixSession.Settings s = new FixSession.Settings();
        s.exchange = EXCHANGE;
        s.port = executor.port;
        s.senderCompId = "BANZAI";
        s.targetCompId = "EXEC";
        s.storePath = dir.resolve("flox-store").toString();
        s.reconnectSeconds = "1";
        s.clientIdPrefix = prefix;
        FixSession f = new FixSession(s, registry, tracker, reports, (st, why) -> states.add(st.name()), Clock.systemUTC(), System::nanoTime);
        f.start();
        await("logon", () -> states.contains("LIVE"), () -> states + "\n" + executor.output());
        return f;
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " not within 20 s: " + detail.get());
            LockSupport.parkNanos(1_000_000);
        }
    }

    RejectReason submit(long id, OrderType type, long price, long quantity) {
        request.clear().clientOrderId(id).symbolId(ibm).strategyId(1).side(Side.BUY).orderType(type).timeInForce(TimeInForce.GTC)
                .priceScaled(price).quantityScaled(quantity).stopPriceScaled(type == OrderType.STOP ? price : 0);
        assertEquals(TrackerResult.APPLIED, tracker.onNew(request, 1));
        assertEquals(TrackerResult.APPLIED, tracker.onSubmitted(id, 1));
        return session.orderEntry().submit(request);
    }

    OrderStatus status(long id) {
        assertTrue(tracker.read(id, state));
        return state.status();
    }

    void awaitStatus(long id, OrderStatus expected) {
        await("order " + id + " " + expected, () -> tracker.read(id, state) && state.status() == expected,
                () -> state + " published " + published + "\n" + executor.output());
    }

    @Test
    void shouldPlaceAndFillAndBeRefusedAsTheExecutorSays() throws Exception {
        session = start("FLXA_");
        assertEquals(RejectReason.NONE, submit(1, OrderType.LIMIT, 1250, 100));
        awaitStatus(1, OrderStatus.FILLED);
        // the tracker applies a report before it is published: wait for the list too
        await("the fill published", () -> published.size() >= 2, published::toString);
        assertEquals(2, published.size(), () -> published.toString());
        assertEquals(ExecType.ACCEPTED, published.get(0).execType(), "the ack: ExecType F with OrdStatus NEW");
        ExecutionEvent fill = published.get(1);
        assertEquals(ExecType.FILLED, fill.execType());
        assertEquals(1230, fill.lastPriceScaled(), "filled at the executor's market price, 12.30");
        assertEquals(100, fill.cumulativeQuantityScaled());

        // the executor takes OrdTypes 1, 2 and F only: a stop order gets a session Reject naming tag 40
        submit(2, OrderType.STOP, 1240, 10);
        awaitStatus(2, OrderStatus.REJECTED);
        await("the reject published", () -> published.stream().anyMatch(e -> e.clientOrderId() == 2 && e.execType() == ExecType.REJECTED),
                published::toString);
        ExecutionEvent rejected = published.stream().filter(e -> e.clientOrderId() == 2).reduce((a, b) -> b).orElseThrow();
        assertEquals(ExecType.REJECTED, rejected.execType());
        assertEquals(RejectReason.VENUE_REJECT, rejected.reason());
        assertTrue(rejected.text().length() > 0, "the Reject's text");

        // a limit below the market rests; the executor has no cancel: a BusinessMessageReject refuses it, the order goes on
        submit(3, OrderType.LIMIT, 1200, 10);
        awaitStatus(3, OrderStatus.ACCEPTED);
        assertEquals(TrackerResult.APPLIED, tracker.onCancelRequested(3, 2));
        assertEquals(RejectReason.NONE, session.orderEntry().cancel(ibm, 3));
        awaitStatus(3, OrderStatus.ACCEPTED);
        await("the cancel refused", () -> published.get(published.size() - 1).execType() == ExecType.CANCEL_REJECTED, published::toString);
        assertEquals(0, session.orderEntry().unmatchedRejects());
        assertEquals(2, session.orderEntry().sessionRejects());
    }

    @Test
    void shouldRunAsTheExchangesOrderExecutorAndPublishTheVenueState() throws Exception {
        List<String> venue = new CopyOnWriteArrayList<>();
        flox.api.bus.MarketDataBus bus = new flox.api.bus.MarketDataBus() {
            @Override public long publishBookUpdate(flox.api.event.BookUpdate update) { return 0; }
            @Override public int maxBookLevels() { return 0; }
            @Override public long publishTrade(flox.api.event.TradeEvent trade) { return 0; }
            @Override public long publishVenueState(flox.api.event.VenueStateEvent e) {
                venue.add(e.exchange() + " " + e.state() + " " + e.reason());
                return venue.size();
            }
        };
        FixConnectorComponent component = new FixConnectorComponent(registry, tracker, e -> {
            published.add(new ExecutionEvent().copyFrom(e));
            return published.size();
        }, bus, java.util.Map.of("exchange", EXCHANGE,
                "port", String.valueOf(executor.port), "sender.comp.id", "BANZAI", "target.comp.id", "EXEC", "reconnect.s", "1",
                "store.path", dir.resolve("flox-store").toString()));
        assertEquals(EXCHANGE, component.exchange());
        assertEquals(RejectReason.NOT_RUNNING, component.submit(request), "not started");
        component.start();
        try {
            await("LIVE on the bus", () -> venue.contains("EXEC LIVE NONE"), () -> venue + "\n" + executor.output());
            assertEquals("EXEC CONNECTING STARTUP", venue.get(0));
            request.clear().clientOrderId(21).symbolId(ibm).strategyId(1).side(Side.SELL).orderType(OrderType.LIMIT).timeInForce(TimeInForce.IOC)
                    .priceScaled(1200).quantityScaled(7);
            tracker.onNew(request, 1);
            tracker.onSubmitted(21, 1);
            assertEquals(RejectReason.NONE, component.submit(request));
            awaitStatus(21, OrderStatus.FILLED);
            String fix = component.fix();
            assertTrue(fix.contains(": logged on, session FIX.4.4:BANZAI->EXEC") && fix.matches("(?s).*next seq out [2-9]\\d* in [2-9].*")
                    && fix.contains("requests sent 1,") && fix.contains("\n  venue state published: LIVE: logged on as FIX.4.4:BANZAI->EXEC\n"), fix);
        } finally {
            component.stop();
        }
        assertTrue(component.fix().endsWith(": stopped\n"), component.fix());
        assertEquals("EXEC DISCONNECTED SHUTDOWN", venue.get(venue.size() - 1));
        assertEquals(RejectReason.NOT_RUNNING, component.cancel(ibm, 21));
    }

    @Test
    void shouldResumeSequenceNumbersAfterARestart() throws Exception {
        session = start("FLXB_");
        submit(11, OrderType.LIMIT, 1250, 5);
        awaitStatus(11, OrderStatus.FILLED);
        submit(13, OrderType.LIMIT, 1200, 5); // below the executor's market: it rests, open in the tracker
        awaitStatus(13, OrderStatus.ACCEPTED);
        assertEquals(2, session.orderEntry().sentRequests());
        session.stop();
        assertEquals("DISCONNECTED", states.get(states.size() - 1));
        states.clear();
        // the session again on the same store: the executor would refuse a logon whose MsgSeqNum went back to 1. The open order is
        // asked about at logon; the executor refuses OrderStatusRequest, so LIVE comes with the order as the tracker has it
        session = start("FLXB_");
        // SYNCING before LIVE; once more if the executor asked a resend after the logon (the round after our gap fill)
        assertEquals(List.of("CONNECTING", "SYNCING"), states.subList(0, 2), states::toString);
        await("LIVE once every round is answered", () -> states.get(states.size() - 1).equals("LIVE") && !session.orderEntry().isReconciling(),
                states::toString);
        assertTrue(states.stream().allMatch(st -> st.equals("CONNECTING") || st.equals("SYNCING") || st.equals("LIVE")), states::toString);
        assertTrue(session.orderEntry().statusRefused() >= 1, "the executor refuses OrderStatusRequest: " + session.orderEntry().statusRefused());
        assertEquals(OrderStatus.ACCEPTED, status(13));
        submit(12, OrderType.LIMIT, 1250, 5);
        awaitStatus(12, OrderStatus.FILLED);
        assertFalse(executor.output().contains("MsgSeqNum too low"), executor::output);
    }

    /**
     * The executor killed (SIGKILL: no logout, a reset socket) and started again on its port and
     * file store: Flox sees the loss, refuses an order meanwhile (queued, then REJECTED with
     * VENUE_UNAVAILABLE by the sending thread, not logged on; never sent later), reconnects with backoff, logs on
     * with the sequence numbers both stores kept (no reset, no "MsgSeqNum too low"), and trades
     * on; the order filled before the kill keeps its state. After a clean logout both file
     * stores agree: each side expects what the other sends next.
     */
    @Test
    void shouldReconnectToAKilledAndRestartedExecutorWithTheSequenceNumbersInSync() throws Exception {
        int port = executor.port;
        try {
            session = start("FLXK_");
            submit(31, OrderType.LIMIT, 1250, 5);
            awaitStatus(31, OrderStatus.FILLED);
            await("the fill published", () -> published.stream().anyMatch(e -> e.clientOrderId() == 31 && e.execType() == ExecType.FILLED),
                    published::toString);

            executor.kill();
            await("the loss seen", () -> states.get(states.size() - 1).equals("DISCONNECTED"), states::toString);
            assertEquals(RejectReason.NONE, submit(32, OrderType.LIMIT, 1250, 5), "queued for the sending thread");
            awaitStatus(32, OrderStatus.REJECTED);
            assertEquals(RejectReason.VENUE_UNAVAILABLE, state.lastReason(), "not logged on");
            states.clear();
            executor = new ExampleExecutor(dir, port);
            await("logged on again", () -> states.contains("LIVE") && !session.orderEntry().isReconciling(), () -> states + "\n" + executor.output());

            submit(33, OrderType.LIMIT, 1250, 5);
            awaitStatus(33, OrderStatus.FILLED);
            assertEquals(OrderStatus.FILLED, status(31), "the order filled before the kill");
            assertEquals(OrderStatus.REJECTED, status(32));
            assertFalse(executor.output().contains("ClOrdID=FLXK_32") || executor.output().contains("11=FLXK_32"), "order 32 never sent");
            assertFalse(executor.output().contains("MsgSeqNum too low"), executor::output);
            session.stop(); // a logout both ways, then both stores are final
            session = null;
            executor.close();
            Path flox = dir.resolve("flox-store"), venue = ExampleExecutor.store(dir);
            assertEquals(ExampleExecutor.storedSeqNum(flox, "senderseqnums"), ExampleExecutor.storedSeqNum(venue, "targetseqnums"),
                    "the executor expects what Flox sends next");
            assertEquals(ExampleExecutor.storedSeqNum(venue, "senderseqnums"), ExampleExecutor.storedSeqNum(flox, "targetseqnums"),
                    "Flox expects what the executor sends next");
        } finally {
            executor.close();
            executor = new ExampleExecutor(dir, port); // the other tests of this class share it
        }
    }
}
