package flox.connector.fix.internal.marketdata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.event.TradeEvent;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The market-data connector ({@link FixMarketDataComponent}: its QuickFIX/J initiator and decoder)
 * against a scripted FIX 4.4 venue ({@link MarketDataAcceptor}, a real QuickFIX/J acceptor on
 * loopback), publishing on the host's bus (flox.bus) to a subscriber that keeps the books.
 */
@Timeout(60)
class MarketDataSessionTest {
    static final String EXCHANGE = "VENUE";

    @TempDir
    Path dir;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final int ibm;
    final int nope;
    MarketDataAcceptor venue;
    BusRecorder recorder;
    FixMarketDataComponent component;

    MarketDataSessionTest() throws Exception {
        ibm = registry.register(SymbolInfo.builder(EXCHANGE, "IBM").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
        nope = registry.register(SymbolInfo.builder(EXCHANGE, "NOPE").priceScale(2).quantityScale(0).tickSizeScaled(1).lotSizeScaled(1)
                .minQuantityScaled(1).build());
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> detail) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError(what + " not within 20 s: " + detail.get());
            LockSupport.parkNanos(1_000_000);
        }
    }

    @BeforeEach
    void logOn() throws Exception {
        venue = new MarketDataAcceptor();
        venue.level("IBM", "B", "12.50", "100");
        venue.level("IBM", "B", "12.49", "200");
        venue.level("IBM", "A", "12.52", "50");
        venue.level("IBM", "A", "12.53", "70");
        recorder = new BusRecorder(registry, 4);
        component = new FixMarketDataComponent(registry, recorder.bus, Map.of("exchange", EXCHANGE, "port", String.valueOf(venue.port),
                "sender.comp.id", MarketDataAcceptor.TARGET, "target.comp.id", MarketDataAcceptor.SENDER, "reconnect.s", "1",
                "market.depth", "10", "store.path", dir.resolve("md-store").toString(), "resubscribe.interval.ms", "100",
                "snapshot.interval.ms", "3600000")); // no republish in the middle of a case (MarketDataDecoderTest covers it)
        component.start();
        awaitLive();
    }

    void awaitLive() {
        await("LIVE on the bus", () -> recorder.venue().contains("VENUE LIVE NONE"), this::detail);
    }

    String detail() {
        return recorder.venue() + "\n" + recorder.events() + "\nvenue requests " + venue.requests + "\n" + component.fixmd();
    }

    @AfterEach
    void stop() {
        if (component != null) component.stop();
        if (venue != null) venue.close();
        if (recorder != null) recorder.close();
    }

    @Test
    void shouldSubscribePublishTheSnapshotAndCountTheRefusedSymbol() {
        assertEquals("bids 1250@100,1249@200 | asks 1252@50,1253@70", recorder.book(ibm));
        List<String> v = recorder.venue();
        assertEquals("VENUE CONNECTING STARTUP", v.get(0));
        assertEquals("VENUE SYNCING NONE", v.get(1));
        String ibmRequest = venue.requests.stream().filter(r -> r.startsWith("IBM ")).findFirst().orElseThrow();
        assertTrue(ibmRequest.matches("IBM 1 FLXMD\\w+_\\d+ 10 1 012"), "snapshot+updates, depth 10, incremental, bid/offer/trade: " + ibmRequest);
        MarketDataDecoder d = component.counters();
        await("the reject counted", () -> d.rejects() == 1, this::detail);
        assertEquals("unknown symbol: no such instrument: NOPE", d.rejection(nope));
        String text = component.fixmd();
        assertTrue(text.contains("logged on, LIVE, session FIX.4.4:FLOX->VENUE:md"), text);
        assertTrue(text.contains("NOPE: refused by the venue (unknown symbol: no such instrument: NOPE)"), text);
        assertTrue(text.contains("IBM: valid, 2x2 levels, bid 12.50, ask 12.52"), text);
        assertTrue(text.contains("snapshots 1, incrementals 0, trades 0, rejects 1"), text);
    }

    @Test
    void shouldApplyNewChangeAndDeleteAndPublishTrades() throws Exception {
        venue.incremental("IBM", true, "new B 12.51 30", "change A 12.52 45", "delete B 12.49");
        await("the changes applied", () -> recorder.book(ibm).equals("bids 1251@30,1250@100 | asks 1252@45,1253@70"), this::detail);
        venue.incremental("IBM", true, "trade 12.52 5 T-1", "change A 12.52 40", "trade 12.52 3 2");
        await("the trades published", () -> recorder.trades().size() == 2, this::detail);
        List<TradeEvent> t = recorder.trades();
        assertEquals(1252, t.get(0).priceScaled());
        assertEquals(5, t.get(0).quantityScaled());
        assertEquals(2, t.get(1).tradeId());
        await("the change between them", () -> recorder.book(ibm).equals("bids 1251@30,1250@100 | asks 1252@40,1253@70"), this::detail);
        List<String> e = recorder.events();
        int trade1 = e.indexOf("TRADE " + ibm + " 1252x5");
        assertEquals("DELTA " + ibm + " 0x1", e.get(trade1 + 1), "in the message's order: " + e);
        assertEquals("TRADE " + ibm + " 1252x3", e.get(trade1 + 2), e.toString());
        assertEquals(2, component.counters().incrementals());
        assertEquals(2, component.counters().trades());
    }

    @Test
    void shouldRefuseAPriceFinerThanTheScaleThenRecoverFromAFreshSnapshot() throws Exception {
        String first = venue.subscription("IBM");
        venue.incremental("IBM", false, "change A 12.525 45");
        await("a fresh subscription", () -> venue.subscription("IBM") != null && !venue.subscription("IBM").equals(first), this::detail);
        assertTrue(venue.requests.contains("IBM 2 " + first + " 10 1 012"), "the old one unsubscribed: " + venue.requests);
        assertTrue(recorder.events().contains("INVALID " + ibm + " 0x0"), recorder.events().toString());
        await("the book back from the new snapshot", () -> recorder.book(ibm).equals("bids 1250@100,1249@200 | asks 1252@50,1253@70"), this::detail);
        assertEquals(1, component.counters().scaleRefusals());
        assertEquals(1, component.counters().resubscribes());
        await("LIVE again", () -> {
            List<String> v = recorder.venue();
            return v.get(v.size() - 1).equals("VENUE LIVE NONE") && v.contains("VENUE SYNCING SEQUENCE_GAP");
        }, this::detail);
    }

    @Test
    void shouldInvalidateOnConnectionLossAndResubscribeAtLogon() throws Exception {
        String first = venue.subscription("IBM");
        recorder.clearEvents();
        venue.level("IBM", "B", "12.51", "7"); // the venue's book moves while Flox is away
        venue.dropConnection();
        await("DISCONNECTED on the bus", () -> recorder.venue().contains("VENUE DISCONNECTED CONNECTION_LOST"), this::detail);
        await("the book INVALID", () -> recorder.book(ibm).equals("INVALID"), this::detail);
        assertEquals("INVALID " + ibm + " 0x0", recorder.events().get(0));
        int lost = recorder.venue().lastIndexOf("VENUE DISCONNECTED CONNECTION_LOST");
        await("LIVE again", () -> recorder.venue().lastIndexOf("VENUE LIVE NONE") > lost, this::detail);
        String second = venue.subscription("IBM");
        assertNotEquals(first, second, "a new subscription with a new MDReqID");
        assertEquals("bids 1251@7,1250@100,1249@200 | asks 1252@50,1253@70", recorder.book(ibm), "the fresh snapshot");
        venue.incremental("IBM", true, "delete B 12.51");
        await("updates of the new subscription applied", () -> recorder.book(ibm).equals("bids 1250@100,1249@200 | asks 1252@50,1253@70"),
                this::detail);
        assertEquals(2, component.session().logons());
    }

    /**
     * A frame whose BodyLength runs past its end makes QuickFIX/J's decoder read the next message
     * (an incremental) as its body and drop both. The session's TestRequest after the dropped frame
     * brings the venue's next message at once (the heartbeat is 30 s), the gap shows, and the book
     * comes back right (resent, or a fresh snapshot after the gap fill).
     */
    @Test
    void shouldRecoverAnIncrementalSwallowedByAGarbledFrame() throws Exception {
        assertTrue(venue.sendRaw("8=FIX.4.4\u00019=60\u000135=0\u000134=999\u000149=X\u000156=Y\u000110=000\u0001"));
        venue.incremental("IBM", true, "new B 12.51 30");
        await("the swallowed change in the book", () -> recorder.book(ibm).equals("bids 1251@30,1250@100,1249@200 | asks 1252@50,1253@70"),
                this::detail);
        assertEquals(1, component.session().garbledFrames().dropped(), this::detail);
        assertEquals(1, component.session().garbledFrames().testRequests(), this::detail);
    }

    @Test
    void shouldPublishShutdownAtStop() {
        component.stop();
        List<String> v = recorder.venue();
        assertEquals("VENUE DISCONNECTED SHUTDOWN", v.get(v.size() - 1));
        assertEquals("INVALID", recorder.book(ibm));
        assertTrue(component.fixmd().endsWith(": stopped\n"), component.fixmd());
        assertNull(component.counters());
    }
}
