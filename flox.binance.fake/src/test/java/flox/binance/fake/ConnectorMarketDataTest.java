package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.feed.ReplaySymbols;
import flox.connector.binance.internal.feed.TickerCheck;
import flox.connector.binance.internal.live.MarketDataConnection;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The connector's live market data (JDK WebSocket and HTTP client, MarketDataSession) against
 * the fake exchange on loopback playing the BTCUSDT recording: the book is synced, every
 * checkpoint matches the bookTicker stream, and each scripted fault (a sequence gap, a dropped
 * connection, a stale snapshot, a malformed frame) ends with the book correct again.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class ConnectorMarketDataTest {
    static final List<String> STREAMS = List.of("btcusdt@depth@100ms", "btcusdt@trade", "btcusdt@bookTicker");

    static final class Wire implements ReplaySymbols {
        @Override public int idOf(CharSequence s) { return "BTCUSDT".contentEquals(s) ? 0 : UNKNOWN; }
        @Override public int priceScale(int id) { return 8; }
        @Override public int quantityScale(int id) { return 8; }
    }

    static final class CountingBus implements MarketDataBus {
        final AtomicLong books = new AtomicLong();
        final AtomicLong invalids = new AtomicLong();
        final AtomicLong trades = new AtomicLong();
        /** Publishing callers at this moment, the most seen at once, and every thread that published. */
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger mostInside = new AtomicInteger();
        final Set<String> threads = ConcurrentHashMap.newKeySet();

        private void enter() {
            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
            String name = Thread.currentThread().getName();
            threads.add(name.startsWith("flox-binance-ws-") ? "flox-binance-ws-N" : name);
        }

        @Override
        public long publishBookUpdate(BookUpdate u) {
            enter();
            if (u.isInvalid()) invalids.incrementAndGet();
            else books.incrementAndGet();
            inside.decrementAndGet();
            return 1;
        }

        @Override public int maxBookLevels() { return 32; }

        @Override
        public long publishTrade(TradeEvent t) {
            enter();
            trades.incrementAndGet();
            inside.decrementAndGet();
            return 1;
        }

        @Override public long publishVenueState(VenueStateEvent s) { return 1; }
    }

    FakeBinance fake;
    MarketDataConnection connection;
    final CountingBus bus = new CountingBus();
    final List<String> problems = new CopyOnWriteArrayList<>();
    final List<String> events = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        if (connection != null) connection.close();
        if (fake != null) fake.close();
    }

    void connect(FakeBinance f) {
        connect(f, 0);
    }

    /** As above; {@code deadAfterMs} > 0 sets the silence after which the connection is replaced. */
    void connect(FakeBinance f, long deadAfterMs) {
        fake = f;
        connection = new MarketDataConnection(URI.create(f.streamUrl(STREAMS.toArray(new String[0]))), URI.create(f.restBaseUrl()),
                requests -> new MarketDataSession("fake", new Wire(), bus, requests, problems::add, 5_000, 1_000),
                new MarketDataConnection.Events() {
                    @Override public void connecting(URI uri) { events.add("connecting"); }
                    @Override public void connected(URI uri) { events.add("connected"); }
                    @Override public void disconnected(String why, long inMs) { events.add("disconnected: " + why); }
                    @Override public void limited(int status, long retryAfterMs) { events.add("limited " + status + " " + retryAfterMs); }
                }, problems::add, 20, 200, 1000);
        if (deadAfterMs > 0) connection.deadAfterMs(deadAfterMs);
        connection.start();
    }

    /** Waits until the fake has played everything and the connector has taken every frame it was sent. */
    void awaitAllTaken() throws Exception {
        awaitAllTaken(0);
    }

    /**
     * As above, with {@code events} frames the fake sent besides the streams' (a serverShutdown).
     * The connector takes the whole recording as fast as it is read in about 6 s on a quiet machine and
     * took more than 10 in a CI run: 30 s each, within the class's 2-minute bound.
     */
    void awaitAllTaken(int events) throws Exception {
        TestSupport.await("the recording played to its end", fake::isFinished, ALL_TAKEN);
        long sent = 0;
        for (String s : STREAMS) sent += fake.framesSent(s);
        long expected = sent + events;
        TestSupport.await("every frame sent taken by the connector", () -> frames() == expected, ALL_TAKEN);
    }

    static final java.time.Duration ALL_TAKEN = java.time.Duration.ofSeconds(30);

    long frames() {
        try {
            return connection.onThread(() -> connection.session().frames());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    String stats() {
        try {
            return connection.onThread(() -> connection.session().stats().toString() + " " + connection.session().stats().problems());
        } catch (Exception e) {
            return e.toString();
        }
    }

    TickerCheck check() throws Exception {
        return connection.onThread(() -> connection.session().book(0));
    }

    @Test
    void shouldSyncTheBookAndMatchEveryCheckpoint() throws Exception {
        connect(FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.asFastAsRead())
                .start());
        awaitAllTaken();
        TickerCheck c = check();
        assertTrue(c.checked > 3_000, c.line());
        assertEquals(c.checked, c.matched, c.line());
        assertEquals(0, c.gaps);
        assertEquals(List.of(), problems);
        // frames publish on Jetty's reading thread, the snapshot's reply on the connection's; the session lock keeps them apart
        assertEquals(1, bus.mostInside.get(), "one publishing caller at a time");
        assertTrue(Set.of("flox-binance-md", "flox-binance-ws-N").containsAll(bus.threads), bus.threads::toString);
        assertTrue(bus.threads.contains("flox-binance-ws-N"), () -> "frames published on the reading thread, without a hand-off: " + bus.threads);
        assertEquals(1, fake.snapshotsServed());
    }

    @Test
    void shouldResyncAfterASequenceGapAndMatchAgain() throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.asFastAsRead())
                .start();
        f.faultAfterFrame(20_000, new Fault.SequenceGap("BTCUSDT"));
        connect(f);
        awaitAllTaken();
        TickerCheck c = check();
        assertEquals(1, c.gaps, c.line());
        assertEquals(1, c.resyncs, c.line());
        assertEquals(1, bus.invalids.get(), "the gap published INVALID first");
        assertEquals(c.checked, c.matched, c.line());
        assertEquals(2, fake.snapshotsServed(), "a new snapshot after the gap");
    }

    @Test
    void shouldReconnectAfterTheVenueDropsTheConnectionAndSyncAgain() throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled())
                .start();
        connect(f);
        TestSupport.await("connected", () -> f.connectionsOpen() == 1);
        long half = f.releaseUntil(fr -> fr.position() >= 20_000);
        assertTrue(f.awaitSent(half, TestSupport.WAIT));
        TestSupport.await("the first half taken", () -> frames() >= 1);
        f.fault(new Fault.Disconnect(1001, "going away"));
        TestSupport.await("reconnected", () -> connection.connects() == 2 && f.connectionsOpen() == 1);
        f.release(Long.MAX_VALUE);
        awaitAllTaken();
        TickerCheck c = check();
        assertEquals(1, bus.invalids.get(), "the lost connection published INVALID");
        assertEquals(1, c.resyncs, c.line());
        assertEquals(c.checked, c.matched, c.line());
        assertTrue(events.contains("disconnected: closed by the venue (1001 going away)"), events.toString());
    }

    @Test
    void shouldRefuseAStaleSnapshotAndFetchAnother() throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled())
                .start();
        f.faultAfterFrame(30_000, new Fault.SequenceGap("BTCUSDT"));
        f.faultAfterFrame(30_000, new Fault.StaleSnapshot()); // the reply asked for at the gap is the book of 20 diffs ago
        connect(f);
        TestSupport.await("connected", () -> f.connectionsOpen() == 1);
        long p = f.releaseUntil(fr -> fr.position() > 30_000 && fr.depth());
        p = f.releaseUntil(fr -> fr.position() > 30_000 && fr.depth()); // the diff after the dropped one shows the gap
        assertTrue(f.awaitSent(p, TestSupport.WAIT));
        TestSupport.await("the stale snapshot refused", () -> {
            try {
                return connection.onThread(() -> connection.session().stats().snapshotsStale == 1);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        f.release(Long.MAX_VALUE); // a new snapshot is asked for with a diff after the backoff (250 ms)
        awaitAllTaken();
        TickerCheck c = check();
        assertEquals(1, c.gaps, c.line());
        assertEquals(1, c.resyncs, c.line());
        assertEquals(c.checked, c.matched, c.line());
        assertEquals(3, f.snapshotsServed(), "the first, the stale one, and the one asked for again");
    }

    @Test
    void shouldReconnectAtOnceWhenTheVenueAnnouncesServerShutdown() throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled())
                .start();
        connect(f);
        TestSupport.await("connected", () -> f.connectionsOpen() == 1);
        long p = f.releaseUntil(fr -> fr.position() >= 20_000);
        assertTrue(f.awaitSent(p, TestSupport.WAIT));
        f.fault(new Fault.ServerShutdown(30_000)); // the fake would close 30 s later: the connector must not wait for that
        TestSupport.await("reconnected before the venue closed", () -> connection.connects() == 2 && f.connectionsOpen() == 1);
        f.release(Long.MAX_VALUE);
        awaitAllTaken(1);
        assertEquals(1, (long) connection.onThread(() -> connection.session().serverShutdowns()));
        assertEquals(0, (long) connection.onThread(() -> connection.session().stats().malformedLines), "serverShutdown is an event, not a malformed frame");
        TickerCheck c = check();
        assertEquals(1, c.resyncs, c.line());
        assertEquals(c.checked, c.matched, c.line());
        assertTrue(events.contains("disconnected: the venue announced serverShutdown; reconnecting now"), events.toString());
    }

    @Test
    void shouldCountAMalformedFrameReportItOnceAndKeepTheBook() throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.asFastAsRead())
                .start();
        f.faultAfterFrame(10_000, new Fault.MalformedFrame(Fault.Malformation.NOT_JSON));
        connect(f);
        awaitAllTaken();
        // at least the frame the fake broke (once in some 30 runs two were counted: the fake's fault fires per frame
        // sent, and which frames it hits is its business); reported once per kind whatever the count
        assertTrue(connection.onThread(() -> connection.session().stats().malformedLines) >= 1, () -> problems + " " + stats());
        assertEquals(1, problems.size(), problems.toString());
        TickerCheck c = check();
        assertEquals(c.checked, c.matched, c.line());
    }

    @Test
    void shouldReportManyMalformedFramesOfOneKindInOneLine() throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.asFastAsRead())
                .start();
        for (long k = 4_000; k <= 12_000; k += 2_000) f.faultAfterFrame(k, new Fault.MalformedFrame(Fault.Malformation.NOT_JSON));
        f.faultAfterFrame(14_000, new Fault.MalformedFrame(Fault.Malformation.TRUNCATED)); // also invalid JSON: the same kind
        connect(f);
        awaitAllTaken();
        assertTrue(connection.onThread(() -> connection.session().stats().malformedLines) >= 6, () -> problems + " " + stats());
        assertEquals(1, problems.size(), "six malformed frames of one kind, one line: " + problems);
        assertTrue(problems.get(0).contains("INVALID_JSON"), problems.toString());
        TickerCheck c = check();
        assertEquals(c.checked, c.matched, c.line());
    }

    /**
     * The first snapshot answered with {@code fault}: the connector waits as told (diffs buffered
     * meanwhile), then syncs, and every checkpoint after matches. The recording plays at 60x (about
     * 6 s): a 1 s wait buffers some 600 diffs, within the 1,000 the session keeps.
     */
    void syncAfterADelayedSnapshot(Fault fault, String said) throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.original(60.0))
                .start();
        f.fault(fault); // the first snapshot request meets it
        connect(f);
        if (said != null) TestSupport.await("the refusal seen", () -> events.contains(said));
        awaitAllTaken();
        TickerCheck c = check();
        // the diffs the snapshot already covers are dropped unchecked (about 600 of 3,449 for a 1 s wait)
        assertTrue(c.checked > 2_500, c.line());
        assertEquals(c.checked, c.matched, c.line());
        assertEquals(0, c.resyncs, c.line());
        assertEquals(0, bus.invalids.get(), "nothing was published before the book was in sync, so nothing to invalidate");
        assertEquals(List.of(), problems.stream().filter(p -> !p.contains("429") && !p.contains("418")).toList());
    }

    @Test
    void shouldWaitTheRetryAfterOfA429SnapshotThenSync() throws Exception {
        syncAfterADelayedSnapshot(new Fault.RateLimited(1), "limited 429 1000");
        assertEquals(1, fake.snapshotsServed());
    }

    @Test
    void shouldWaitTheRetryAfterOfA418SnapshotThenSync() throws Exception {
        syncAfterADelayedSnapshot(new Fault.Banned(1), "limited 418 1000");
        assertEquals(1, fake.snapshotsServed());
    }

    @Test
    void shouldBufferDiffsWhileASlowSnapshotComesAndMatchEveryCheckpoint() throws Exception {
        syncAfterADelayedSnapshot(new Fault.SlowSnapshot(500), null);
        assertEquals(1, fake.snapshotsServed());
    }

    /** The stream goes quiet after its first 2,000 frames: with pings every {@code pingMs} and the link dead after 600 ms of silence. */
    void quietAfter2000Frames(long pingMs) throws Exception {
        FakeBinance f = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled())
                .pingInterval(java.time.Duration.ofMillis(pingMs)).start();
        connect(f, 600);
        TestSupport.await("connected", () -> f.connectionsOpen() == 1);
        assertTrue(f.awaitSent(f.releaseUntil(fr -> fr.position() >= 2_000), TestSupport.WAIT));
    }

    @Test
    void shouldReplaceALinkThatWentSilentWithoutClosing() throws Exception {
        quietAfter2000Frames(20_000); // no frame, no ping: a half-open link looks like this
        TestSupport.await("replaced after the silence", () -> connection.connects() == 2 && fake.connectionsOpen() == 1);
        assertTrue(events.stream().anyMatch(e -> e.startsWith("disconnected: nothing heard for 600 ms")), events.toString());
        fake.release(Long.MAX_VALUE);
        awaitAllTaken();
        TickerCheck c = check();
        assertEquals(c.checked, c.matched, c.line());
        assertEquals(1, bus.invalids.get(), "the books frozen by the silence were invalidated");
    }

    @Test
    void shouldKeepALinkThatOnlyPingsWhileTheMarketIsQuiet() throws Exception {
        quietAfter2000Frames(100);
        long pings = fake.pingsSent();
        TestSupport.await("pings over three silence windows", () -> fake.pingsSent() >= pings + 20);
        assertEquals(1, connection.connects(), "pings are a sign of life: " + events);
    }
}
