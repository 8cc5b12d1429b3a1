package flox.bench.binance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.symbol.SymbolInfo;
import flox.bus.internal.StandaloneBuses;
import flox.connector.binance.internal.feed.DepthBook;
import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.feed.RegistryReplaySymbols;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The benchmark's payload and its contenders: the lap is gap-free, and after the same frames
 * (two laps, with the resync between them) the connector's book and each databind baseline's
 * TreeMap book are the same book, and the subscriber got the same updates from each: the rows
 * measure the same work.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BinanceFeedTest {
    private static final Path RECORDING = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance/recordings/hftbacktest/btcusdt_20240808.gz");

    @Test
    void shouldTakeTheDiffsThatFollowTheSnapshotAsOneGapFreeLap() throws Exception {
        DepthLap lap = DepthLap.load(RECORDING);
        assertEquals(3_451, lap.depthFramesInRecording);
        assertEquals(3_451 - lap.depthFramesBefore, lap.frames.length);
        assertEquals(3_449, lap.frames.length, "the diffs MarketDataSessionTest sees applied from this recording");
        assertEquals(50_093_239_218L, lap.snapshotId);
    }

    @Test
    void shouldBuildTheSameBookAndPublishTheSameUpdatesOnEveryPath() throws Exception {
        DepthLap lap = DepthLap.load(RECORDING);
        Run flox = new Run(lap, "flox");
        Run tree = new Run(lap, "databindTree");
        Run pojo = new Run(lap, "databindPojo");
        for (Run r : new Run[] {flox, tree, pojo}) r.feed(2 * lap.frames.length + 100);
        DepthBook depth = flox.session.book(flox.symbolId).book;
        BookUpdate book = new BookUpdate(Math.max(depth.bidLevels(), depth.askLevels())); // every level, best first
        book.reset(depth.symbolId(), BookUpdate.Type.SNAPSHOT);
        assertEquals(0, depth.appendLevels(book));
        for (Run r : new Run[] {tree, pojo}) {
            assertSame(book, r.databind.bids, true);
            assertSame(book, r.databind.asks, false);
            assertEquals(flox.sink.deltas, r.sink.deltas);
            assertEquals(flox.sink.snapshots, r.sink.snapshots);
            assertEquals(flox.sink.invalids, r.sink.invalids);
            assertEquals(flox.sink.levels, r.sink.levels, "the same levels in the same fragments");
            assertEquals(flox.sink.checksum, r.sink.checksum, "the same fixed-point prices and quantities");
            assertEquals(flox.sink.updates, r.sink.updates);
        }
        assertEquals(2 * lap.frames.length + 100, flox.sink.deltas);
        assertEquals(3, flox.sink.snapshots);
        assertEquals(2, flox.sink.invalids);
        assertTrue(book.bidCount() > 900 && book.askCount() > 900);
    }

    private static void assertSame(BookUpdate book, TreeMap<BigDecimal, BigDecimal> side, boolean bids) {
        int n = bids ? book.bidCount() : book.askCount();
        assertEquals(n, side.size(), bids ? "bid levels" : "ask levels");
        Iterator<Map.Entry<BigDecimal, BigDecimal>> it = side.entrySet().iterator();
        for (int i = 0; i < n; i++) {
            Map.Entry<BigDecimal, BigDecimal> e = it.next();
            assertEquals(bids ? book.bidPrice(i) : book.askPrice(i), e.getKey().movePointRight(BinanceFeedBenchmark.PRICE_SCALE).longValueExact());
            assertEquals(bids ? book.bidQuantity(i) : book.askQuantity(i), e.getValue().movePointRight(BinanceFeedBenchmark.QUANTITY_SCALE).longValueExact());
        }
    }

    /** One contender set up as the benchmark sets it up, on a sync bus. */
    static final class Run {
        final DepthLap lap;
        final int symbolId;
        final BookSink sink = new BookSink();
        MarketDataSession session;
        DatabindFeed<?, ?> databind;
        private boolean asked;
        private int next;

        Run(DepthLap lap, String method) throws Exception {
            this.lap = lap;
            ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
            symbolId = registry.register(SymbolInfo.builder("BINANCE", "BTCUSDT").priceScale(BinanceFeedBenchmark.PRICE_SCALE)
                    .quantityScale(BinanceFeedBenchmark.QUANTITY_SCALE)
                    .tickSizeScaled(1_000_000).lotSizeScaled(1_000).minQuantityScaled(1_000).build()); // tick 0.01, step 0.00001
            MarketDataBus bus = StandaloneBuses.marketData(new StandaloneBuses.Options().sync(true), registry);
            StandaloneBuses.subscribe(bus, sink, "sink", "lossless", 0);
            switch (method) {
                case "flox" -> session = new MarketDataSession("test", new RegistryReplaySymbols(registry, "BINANCE"), bus,
                        (id, name) -> asked = true, p -> { throw new AssertionError(p); }, BinanceFeedBenchmark.BOOK_LEVELS,
                        BinanceFeedBenchmark.MAX_BUFFERED);
                case "databindTree" -> databind = new DatabindFeed.Tree(registry, "BINANCE", bus, BinanceFeedBenchmark.BOOK_LEVELS);
                default -> databind = new DatabindFeed.Pojo(registry, "BINANCE", bus, BinanceFeedBenchmark.BOOK_LEVELS);
            }
            next = lap.frames.length;
        }

        /** {@code n} frames, resyncing at each lap's start as the benchmark does. */
        void feed(int n) {
            for (int k = 0; k < n; k++) {
                if (next == lap.frames.length) {
                    byte[] f = lap.frames[0];
                    if (session != null) {
                        session.onConnectionLost("lap");
                        session.onFrame(f, 0, f.length, 1);
                        assertTrue(asked);
                        asked = false;
                        session.onSnapshot(symbolId, lap.snapshot, 0, lap.snapshot.length, 2);
                    } else {
                        databind.onConnectionLost();
                        databind.onFrame(f, 0, f.length, 1);
                        assertTrue(databind.requested);
                        databind.onSnapshot(lap.snapshot, 0, lap.snapshot.length, 2);
                    }
                    next = 1;
                } else {
                    byte[] f = lap.frames[next++];
                    if (session != null) session.onFrame(f, 0, f.length, 3);
                    else databind.onFrame(f, 0, f.length, 3);
                }
            }
        }
    }
}
