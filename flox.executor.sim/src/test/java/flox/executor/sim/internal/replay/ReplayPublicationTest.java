package flox.executor.sim.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A gap in a recording is published as an INVALID book update, and the next snapshot makes the
 * book valid again; an update deeper than the bus is published in CONTINUED fragments; events
 * carry the host's receive time and the venue's exchange time.
 */
@Timeout(60)
class ReplayPublicationTest {
    @TempDir
    Path tmp;

    final List<String> seen = new CopyOnWriteArrayList<>();
    final List<Boolean> consistentAfter = new CopyOnWriteArrayList<>();
    final List<String> stamps = new CopyOnWriteArrayList<>();
    /** A subscriber that joined after the recording's snapshot: it sees everything from the second update on. */
    OrderBook late;
    final List<Boolean> lateConsistentAfter = new CopyOnWriteArrayList<>();
    /** The host's monotonic clock: 1,000 ns per reading, far from any epoch time. */
    final NanoClock clock = new NanoClock() {
        final java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong();
        @Override public long nanoTime() { return now.addAndGet(1_000); }
        @Override public long epochNanos() { return 0; }
    };

    /** Replays the lines through a bus of {@code busLevels} that applies what it gets to a book. */
    void replay(int busLevels, String... lines) throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        int btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1)
                .lotSizeScaled(1_000).minQuantityScaled(1_000).minNotionalScaled(500).build());
        OrderBook book = new OrderBook(btc, 64);
        late = new OrderBook(btc, 64);
        MarketDataBus bus = new MarketDataBus() {
            @Override public long publishVenueState(flox.api.event.VenueStateEvent v) { return 0; }
            @Override public long publishBookUpdate(BookUpdate u) {
                if (u.bidCount() > busLevels || u.askCount() > busLevels) return flox.api.bus.BusResult.INVALID;
                stamps.add("book " + u.exchangeTimestampNs() + " " + u.receiveTimestampNs());
                seen.add(u.type() + (u.isInvalid() ? " INVALID" : "") + (u.isContinued() ? " CONTINUED" : "") + " levels=" + (u.bidCount() + u.askCount()));
                book.apply(u);
                consistentAfter.add(book.isConsistent());
                if (seen.size() > 1) {
                    late.apply(u);
                    lateConsistentAfter.add(late.isConsistent());
                }
                return seen.size();
            }
            @Override public long publishTrade(TradeEvent t) {
                stamps.add("trade " + t.exchangeTimestampNs() + " " + t.receiveTimestampNs());
                return 0;
            }
            @Override public int maxBookLevels() { return busLevels; }
        };
        Path f = tmp.resolve("btcusdt_20240808.txt");
        Files.writeString(f, String.join("\n", lines) + "\n", StandardCharsets.UTF_8);
        CountDownLatch done = new CountDownLatch(1);
        ReplayMarketDataComponent replay = new ReplayMarketDataComponent(bus, registry, clock, config(f), Files.createDirectories(tmp.resolve("home")),
                done::countDown);
        replay.start();
        try {
            assertTrue(done.await(30, TimeUnit.SECONDS), "the replay ends");
        } finally {
            replay.stop();
        }
        assertTrue(replay.outcome().complete(), replay.outcome().toString());
    }

    @Test
    void shouldPublishInvalidOnAGapAndValidAgainAfterTheNextSnapshot() throws Exception {
        String diff = Frames.DIFF;
        replay(64,
                "1 " + Frames.SNAPSHOT,                                  // u = 100
                "2 " + diff,                                                                 // U 95, u 102: applied
                "3 " + diff.replace("\"U\":95,\"u\":102", "\"U\":110,\"u\":120"),            // gap: 103..109 missing
                "4 " + Frames.SNAPSHOT.replace("\"lastUpdateId\":100", "\"lastUpdateId\":130"),
                "5 " + diff.replace("\"U\":95,\"u\":102", "\"U\":131,\"u\":131"));
        assertEquals(List.of("SNAPSHOT levels=3", "DELTA levels=2", "SNAPSHOT INVALID levels=0", "SNAPSHOT levels=3", "DELTA levels=2"), seen,
                "the gap is published as INVALID, not as an empty snapshot a subscriber could take for an empty market");
        assertEquals(List.of(true, true, false, true, true), consistentAfter);
    }

    @Test
    void shouldPublishAnUpdateDeeperThanTheBusInContinuedFragments() throws Exception {
        replay(1, "1 " + Frames.SNAPSHOT, "2 " + Frames.DIFF); // 2 bids, 1 ask; then 1 + 1
        assertEquals(List.of("SNAPSHOT CONTINUED levels=2", "DELTA levels=1", "DELTA levels=2"), seen);
        assertEquals(List.of(false, true, true), consistentAfter);
    }

    @Test
    void shouldResendEachBookAsASnapshotForSubscribersThatJoinedLate() throws Exception {
        String diff = Frames.DIFF;
        replay(64,
                "1000000000 " + Frames.SNAPSHOT,                                    // u = 100, at 1.0 s
                "1500000000 " + diff,                                                                   // u = 102, at 1.5 s
                "2100000000 " + diff.replace("\"U\":95,\"u\":102", "\"U\":103,\"u\":103"),          // 1.1 s after the snapshot
                "2200000000 " + diff.replace("\"U\":95,\"u\":102", "\"U\":104,\"u\":104"));
        assertEquals(List.of("SNAPSHOT levels=3", "DELTA levels=2", "DELTA levels=2", "SNAPSHOT levels=3", "DELTA levels=2"), seen,
                "the book as it stands, resent once a second of recorded time has passed since the last snapshot");
        assertEquals(List.of(false, false, true, true), lateConsistentAfter, "the late subscriber's book is usable from the resent snapshot on");
        assertEquals(List.of("book 0 1000", "book 1723161255208000000 2000", "book 1723161255208000000 3000", "book 1723161255208000000 3000",
                "book 1723161255208000000 4000"), stamps, "the resent snapshot carries the times of the update that made the book");
    }

    @Test
    void shouldStampTheHostsReceiveTimeAndKeepTheVenuesTime() throws Exception {
        replay(64, "1723161255000000000 " + Frames.SNAPSHOT, "1723161255300000000 " + Frames.DIFF,
                "1723161255400000000 " + Frames.TRADE);
        // receive: the host clock (1,000 ns a reading here), not the recorder's epoch time; exchange: the venue's E and T in epoch ns
        assertEquals(List.of("book 0 1000", "book 1723161255208000000 2000", "trade 1723161255342000000 3000"), stamps);
    }

    private static java.util.Map<String, Object> config(Path file) {
        return java.util.Map.of("files", file.toString(), "pace", "max", "speed", "1.0", "malformed", "fail", "symbol", "btcusdt",
                "stop.host.when.done", "true", "snapshot.interval.ms", "1000");
    }
}
