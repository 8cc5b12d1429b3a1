package flox.bench;

import flox.api.book.OrderBook;
import flox.api.book.ReferenceOrderBook;
import flox.api.event.BookUpdate;
import flox.bench.binance.DepthLap;
import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.DepthBook;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.ReplayHandler;
import flox.connector.binance.internal.feed.StaticReplaySymbols;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link OrderBook#apply} on the BTCUSDT recording's real diffs, against the flat-array book it
 * replaced ({@link ReferenceOrderBook}, the old code unchanged) in the same run. The updates are
 * decoded once by the connector's {@link BinanceRecordingReader} (scale 8, as on the wire;
 * synchronised: the REST snapshot of 1,000 levels a side, then the 3,449 diffs it is continued
 * by) and kept as preallocated {@link BookUpdate}s. One invocation applies the snapshot and every
 * diff in order to a book of the connector's capacity (20,000 levels a side), as the live
 * connector's book does; the score is per diff ({@code @OperationsPerInvocation}), so the one
 * snapshot per lap (about 1/3,450 of the work) is spread over the diffs. Over the lap the book
 * grows from 1,000 levels a side to about 1,200 bids and 2,200 asks; 78 % of the level changes
 * insert or remove a level, at a median of 84 levels from the top.
 *
 * <p>{@code blocks}: the current OrderBook. {@code flatArrays}: the baseline. Each trial checks at
 * teardown that both books end equal, level for level. Both must show about 0 B/op with
 * {@code -prof gc}. Recording: {@code -Dflox.bench.binance.recording}, default
 * {@link DepthLap#DEFAULT_RECORDING} under the working directory (the repository root).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xms1g", "-Xmx1g"})
public class OrderBookApplyBenchmark {
    /** The connector's full-depth capacity (MarketDataSession.FULL_DEPTH). */
    static final int CAPACITY = 20_000;
    /** Diffs per lap of the default recording; checked at setup. */
    static final int DIFFS = 3_449;

    BookUpdate snapshot;
    BookUpdate[] diffs;
    OrderBook blocks;
    ReferenceOrderBook flat;
    DepthBook depth;

    @Setup(Level.Trial)
    public void setUp() {
        Lap lap = Lap.load(DepthLap.recording());
        if (lap.diffs.length != DIFFS) {
            throw new IllegalStateException(DepthLap.recording() + ": " + lap.diffs.length + " diffs after the snapshot, the benchmark counts "
                    + DIFFS + " per invocation (@OperationsPerInvocation): use the default recording or change DIFFS");
        }
        snapshot = lap.snapshot;
        diffs = lap.diffs;
        blocks = new OrderBook(snapshot.symbolId(), CAPACITY);
        flat = new ReferenceOrderBook(snapshot.symbolId(), CAPACITY);
        depth = new DepthBook(snapshot.symbolId(), CAPACITY);
    }

    @Benchmark
    @OperationsPerInvocation(DIFFS)
    public long blocks() {
        OrderBook b = blocks;
        b.apply(snapshot);
        for (BookUpdate u : diffs) {
            b.apply(u);
        }
        return b.bestBidPrice();
    }

    @Benchmark
    @OperationsPerInvocation(DIFFS)
    public long flatArrays() {
        ReferenceOrderBook b = flat;
        b.apply(snapshot);
        for (BookUpdate u : diffs) {
            b.apply(u);
        }
        return b.bestBidPrice();
    }

    @Benchmark
    @OperationsPerInvocation(DIFFS)
    public long depthBook() {
        DepthBook b = depth;
        b.apply(snapshot);
        for (BookUpdate u : diffs) {
            b.apply(u);
        }
        return b.bestBidPrice();
    }

    @TearDown(Level.Trial)
    public void check() {
        // whichever ran in this trial, both books must hold the lap's final book
        blocks();
        flatArrays();
        depthBook();
        String difference = Lap.difference(blocks, flat);
        if (difference == null) difference = Lap.difference(depth, blocks);
        if (difference != null) throw new IllegalStateException("the books differ after a lap: " + difference);
        if (blocks.droppedLevels() != 0) throw new IllegalStateException("the book dropped levels: raise CAPACITY");
    }

    /** The recording's snapshot and the diffs that continue it, decoded once (set-up and tests only). */
    public static final class Lap {
        public final BookUpdate snapshot;
        public final BookUpdate[] diffs;

        private Lap(BookUpdate snapshot, BookUpdate[] diffs) {
            this.snapshot = snapshot;
            this.diffs = diffs;
        }

        /** Decodes {@code recording} (BTCUSDT, prices and quantities at scale 8); fails unless it has exactly one snapshot and no gap. */
        public static Lap load(Path recording) {
            StaticReplaySymbols symbols = new StaticReplaySymbols();
            symbols.add("BTCUSDT", 8, 8);
            List<BookUpdate> updates = new ArrayList<>();
            try (BinanceRecordingReader reader = new BinanceRecordingReader(List.of(RecordingInput.of(recording)), symbols)) {
                reader.run(new ReplayHandler() {
                    @Override
                    public void onBookUpdate(BookUpdate update) {
                        BookUpdate copy = new BookUpdate(Math.max(1, Math.max(update.bidCount(), update.askCount())));
                        copy.copyFrom(update);
                        updates.add(copy);
                    }

                    @Override
                    public void onBookInvalidated(int symbolId, String reason) {
                        throw new IllegalStateException(recording + ": a gap, the lap must apply whole: " + reason);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(recording + ": cannot read the recording", e);
            }
            if (updates.isEmpty() || updates.get(0).type() != BookUpdate.Type.SNAPSHOT) {
                throw new IllegalStateException(recording + ": expected a snapshot first, then diffs");
            }
            for (int i = 1; i < updates.size(); i++) {
                if (updates.get(i).type() != BookUpdate.Type.DELTA) throw new IllegalStateException(recording + ": a second snapshot at update " + i);
            }
            return new Lap(updates.get(0), updates.subList(1, updates.size()).toArray(new BookUpdate[0]));
        }

        /** The first difference between the feed's book and the OrderBook (levels in order, counts, drops), or null. */
        public static String difference(DepthBook a, OrderBook b) {
            if (a.bidLevels() != b.bidLevels() || a.askLevels() != b.askLevels()) {
                return "depth book levels " + a.bidLevels() + "/" + a.askLevels() + " against " + b.bidLevels() + "/" + b.askLevels();
            }
            if (a.droppedLevels() != b.droppedLevels()) return "depth book dropped " + a.droppedLevels() + " against " + b.droppedLevels();
            BookUpdate listed = new BookUpdate(Math.max(1, Math.max(a.bidLevels(), a.askLevels())));
            listed.reset(a.symbolId(), BookUpdate.Type.SNAPSHOT);
            a.appendLevels(listed);
            for (int i = 0; i < b.bidLevels(); i++) {
                if (listed.bidPrice(i) != b.bidPrice(i) || listed.bidQuantity(i) != b.bidQuantity(i)) return "depth book bid level " + i;
            }
            for (int i = 0; i < b.askLevels(); i++) {
                if (listed.askPrice(i) != b.askPrice(i) || listed.askQuantity(i) != b.askQuantity(i)) return "depth book ask level " + i;
            }
            return null;
        }

        /** The first difference between the two books (levels, counts, drops), or null. */
        public static String difference(OrderBook a, ReferenceOrderBook b) {
            if (a.bidLevels() != b.bidLevels() || a.askLevels() != b.askLevels()) {
                return "levels " + a.bidLevels() + "/" + a.askLevels() + " against " + b.bidLevels() + "/" + b.askLevels();
            }
            if (a.droppedLevels() != b.droppedLevels()) return "dropped " + a.droppedLevels() + " against " + b.droppedLevels();
            if (a.lastUpdateId() != b.lastUpdateId()) return "lastUpdateId " + a.lastUpdateId() + " against " + b.lastUpdateId();
            for (int i = 0; i < a.bidLevels(); i++) {
                if (a.bidPrice(i) != b.bidPrice(i) || a.bidQuantity(i) != b.bidQuantity(i)) return "bid level " + i;
            }
            for (int i = 0; i < a.askLevels(); i++) {
                if (a.askPrice(i) != b.askPrice(i) || a.askQuantity(i) != b.askQuantity(i)) return "ask level " + i;
            }
            return null;
        }
    }
}
