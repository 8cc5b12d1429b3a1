package flox.bench.binance;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookFragments;
import flox.api.event.BookUpdate;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The baseline of {@link BinanceFeedBenchmark}: the same combined-stream depthUpdate frames
 * handled the conventional way, with Jackson databind. Each frame is read into a new object
 * (a {@link JsonNode} tree, {@link Tree}, or a POJO with {@code BigDecimal[][]} levels,
 * {@link Pojo}), its stream and event type checked, its symbol resolved in the same registry; the
 * same sync rule as the connector's {@code DepthSync} is applied (diffs buffered until a
 * snapshot; {@code u <= id} stale, {@code U > id + 1} a gap, which publishes the book INVALID
 * and waits for the next snapshot); each level's price and quantity become {@link BigDecimal}s
 * that are put into (or, at quantity 0, removed from) a {@code TreeMap<BigDecimal, BigDecimal>}
 * per side (bids in reverse order); and the update is converted to the bus's fixed-point
 * {@link BookUpdate} at the symbol's scales ({@code movePointRight(scale).longValueExact()}, which
 * refuses a price finer than the tick) and published on the same bus as the connector does
 * (split into fragments of the bus's level limit with {@link BookFragments}; back-pressure
 * retried). The REST snapshot is read with the same binding.
 *
 * <p>Readers are built once ({@link ObjectMapper#readerFor}); what allocates is what databind
 * allocates per frame. One thread; not thread-safe.
 *
 * @param <D> the bound form of a diff frame
 * @param <S> the bound form of a snapshot
 */
abstract class DatabindFeed<D, S> {
    private final SymbolRegistry registry;
    private final String exchange;
    private final MarketDataBus bus;
    private final BookFragments fragments = new BookFragments();
    private final BookUpdate out;
    private final BookUpdate fragment;
    private final BookUpdate invalid = new BookUpdate(1);

    final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    private final List<D> buffer = new ArrayList<>();
    private boolean synced;
    private long bookId;
    private int symbolId = -1;
    private int priceScale;
    private int quantityScale;
    /** A snapshot was asked for (the benchmark answers it). */
    boolean requested;

    long frames;
    long diffsApplied;
    long diffsStale;
    long gaps;
    long snapshotsApplied;
    long snapshotsStale;
    long skipped;
    long publishRefusals;

    DatabindFeed(SymbolRegistry registry, String exchange, MarketDataBus bus, int bookLevels) {
        this.registry = registry;
        this.exchange = exchange;
        this.bus = bus;
        this.out = new BookUpdate(bookLevels);
        this.fragment = new BookUpdate(bookLevels);
    }

    // ------------------------------------------------------------------ what a binding supplies

    /** The frame as a diff of a known symbol (its fields read), or null when it is not one. */
    abstract D readDiff(byte[] buf, int start, int end) throws IOException;

    abstract String symbol(D diff);

    abstract long firstId(D diff);

    abstract long lastId(D diff);

    abstract long eventTimeMs(D diff);

    /** Applies the diff's levels to the book and adds them to {@link #out}. */
    abstract void applyLevels(D diff);

    abstract S readSnapshot(byte[] buf, int start, int end) throws IOException;

    abstract long lastUpdateId(S snapshot);

    /** Applies the snapshot's levels to the (emptied) book and adds them to {@link #out}. */
    abstract void applySnapshotLevels(S snapshot);

    // ------------------------------------------------------------------ the path

    /** A received frame: bytes {@code [start, end)} of {@code buf}. */
    final void onFrame(byte[] buf, int start, int end, long receiveNs) {
        frames++;
        D diff;
        try {
            diff = readDiff(buf, start, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (diff == null) {
            skipped++;
            return;
        }
        int id = registry.resolve(exchange, symbol(diff));
        if (id < 0) {
            skipped++;
            return;
        }
        if (id != symbolId) scales(id);
        if (!synced) {
            buffer.add(diff);
            requested = true;
            return;
        }
        if (!applyOrDrop(diff, receiveNs)) buffer.add(diff);
    }

    /** The REST snapshot asked for: applied (the book replaced), then the buffered diffs. */
    final void onSnapshot(byte[] buf, int start, int end, long receiveNs) {
        requested = false;
        S s;
        try {
            s = readSnapshot(buf, start, end);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long l = lastUpdateId(s);
        if (synced && l <= bookId) return;
        for (D d : buffer) {
            if (lastId(d) <= l) continue;
            if (firstId(d) > l + 1) {
                snapshotsStale++;
                requested = true;
                return;
            }
            break;
        }
        synced = true;
        bookId = l;
        snapshotsApplied++;
        bids.clear();
        asks.clear();
        out.reset(symbolId, BookUpdate.Type.SNAPSHOT).updateIds(0, l).timestamps(0, receiveNs);
        applySnapshotLevels(s);
        publishBook(out);
        int n = buffer.size();
        for (int i = 0; i < n; i++) {
            if (!applyOrDrop(buffer.get(i), receiveNs)) {
                buffer.subList(0, i).clear();
                return;
            }
        }
        buffer.clear();
    }

    /** The connection is gone: a book in sync is published INVALID; the sync starts again. */
    final void onConnectionLost() {
        if (synced) publishOne(invalid.resetInvalid(symbolId));
        synced = false;
        buffer.clear();
        requested = false;
    }

    private boolean applyOrDrop(D diff, long receiveNs) {
        long first = firstId(diff), last = lastId(diff);
        if (last <= bookId) {
            diffsStale++;
            return true;
        }
        if (first > bookId + 1) {
            synced = false;
            gaps++;
            publishOne(invalid.resetInvalid(symbolId));
            return false;
        }
        out.reset(symbolId, BookUpdate.Type.DELTA).updateIds(first, last).timestamps(eventTimeMs(diff) * 1_000_000L, receiveNs);
        applyLevels(diff);
        publishBook(out);
        bookId = last;
        diffsApplied++;
        return true;
    }

    private void scales(int id) {
        SymbolInfo s = registry.symbol(id);
        symbolId = id;
        priceScale = s.priceScale();
        quantityScale = s.quantityScale();
    }

    /** One level: into the TreeMap book (quantity 0 removes it) and into the update, at the bus's fixed point. */
    final void level(boolean bid, BigDecimal price, BigDecimal quantity) {
        TreeMap<BigDecimal, BigDecimal> side = bid ? bids : asks;
        if (quantity.signum() == 0) side.remove(price);
        else side.put(price, quantity);
        long p = price.movePointRight(priceScale).longValueExact();
        long q = quantity.movePointRight(quantityScale).longValueExact();
        if (!(bid ? out.addBid(p, q) : out.addAsk(p, q))) throw new IllegalStateException("more levels than " + out.capacity());
    }

    private void publishBook(BookUpdate u) {
        int max = bus.maxBookLevels();
        if (Math.max(u.bidCount(), u.askCount()) <= max) {
            publishOne(u);
            return;
        }
        fragments.start(u, max);
        while (fragments.next(fragment)) publishOne(fragment);
    }

    private void publishOne(BookUpdate u) {
        long r;
        while ((r = bus.publishBookUpdate(u)) == BusResult.BACK_PRESSURED) Thread.onSpinWait();
        if (r < 0) publishRefusals++;
    }

    final boolean isSynced() {
        return synced;
    }

    final long bookId() {
        return bookId;
    }

    private static ObjectMapper mapper() {
        return new ObjectMapper().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    // ------------------------------------------------------------------ tree binding

    /** {@code ObjectReader.readTree}: the frame as a {@link JsonNode} tree; prices and quantities from its text nodes. */
    static final class Tree extends DatabindFeed<JsonNode, JsonNode> {
        private final ObjectReader reader = mapper().reader();

        Tree(SymbolRegistry registry, String exchange, MarketDataBus bus, int bookLevels) {
            super(registry, exchange, bus, bookLevels);
        }

        @Override
        JsonNode readDiff(byte[] buf, int start, int end) throws IOException {
            JsonNode root = reader.readTree(buf, start, end - start);
            JsonNode stream = root.get("stream");
            JsonNode data = root.get("data");
            if (stream == null || data == null || !stream.textValue().endsWith("@depth@100ms")) return null;
            JsonNode e = data.get("e");
            return e != null && "depthUpdate".equals(e.textValue()) ? data : null;
        }

        @Override String symbol(JsonNode d) { return d.get("s").textValue(); }
        @Override long firstId(JsonNode d) { return d.get("U").longValue(); }
        @Override long lastId(JsonNode d) { return d.get("u").longValue(); }
        @Override long eventTimeMs(JsonNode d) { return d.get("E").longValue(); }

        @Override
        void applyLevels(JsonNode d) {
            levels(d.get("b"), true);
            levels(d.get("a"), false);
        }

        private void levels(JsonNode side, boolean bid) {
            for (int i = 0, n = side.size(); i < n; i++) {
                JsonNode l = side.get(i);
                level(bid, new BigDecimal(l.get(0).textValue()), new BigDecimal(l.get(1).textValue()));
            }
        }

        @Override
        JsonNode readSnapshot(byte[] buf, int start, int end) throws IOException {
            return reader.readTree(buf, start, end - start);
        }

        @Override long lastUpdateId(JsonNode s) { return s.get("lastUpdateId").longValue(); }

        @Override
        void applySnapshotLevels(JsonNode s) {
            levels(s.get("bids"), true);
            levels(s.get("asks"), false);
        }
    }

    // ------------------------------------------------------------------ POJO binding

    /** A combined-stream frame bound to a POJO. */
    public static final class Frame {
        public String stream;
        public Depth data;
    }

    /** A depthUpdate event; levels bound to BigDecimal pairs {@code [price, quantity]} from the venue's strings. */
    public static final class Depth {
        @JsonProperty("e") public String event;
        @JsonProperty("E") public long eventTime;
        @JsonProperty("s") public String symbol;
        @JsonProperty("U") public long firstUpdateId;
        @JsonProperty("u") public long lastUpdateId;
        @JsonProperty("b") public BigDecimal[][] bids;
        @JsonProperty("a") public BigDecimal[][] asks;
    }

    /** The REST depth snapshot bound to a POJO. */
    public static final class Snapshot {
        public long lastUpdateId;
        public BigDecimal[][] bids;
        public BigDecimal[][] asks;
    }

    /** {@code ObjectReader.readValue} into {@link Frame} / {@link Depth} / {@link Snapshot}. */
    static final class Pojo extends DatabindFeed<Depth, Snapshot> {
        private final ObjectMapper mapper = mapper();
        private final ObjectReader frames = mapper.readerFor(Frame.class);
        private final ObjectReader snapshots = mapper.readerFor(Snapshot.class);

        Pojo(SymbolRegistry registry, String exchange, MarketDataBus bus, int bookLevels) {
            super(registry, exchange, bus, bookLevels);
        }

        @Override
        Depth readDiff(byte[] buf, int start, int end) throws IOException {
            Frame f = frames.readValue(buf, start, end - start);
            if (f.stream == null || f.data == null || !f.stream.endsWith("@depth@100ms") || !"depthUpdate".equals(f.data.event)) return null;
            return f.data;
        }

        @Override String symbol(Depth d) { return d.symbol; }
        @Override long firstId(Depth d) { return d.firstUpdateId; }
        @Override long lastId(Depth d) { return d.lastUpdateId; }
        @Override long eventTimeMs(Depth d) { return d.eventTime; }

        @Override
        void applyLevels(Depth d) {
            levels(d.bids, true);
            levels(d.asks, false);
        }

        private void levels(BigDecimal[][] side, boolean bid) {
            for (BigDecimal[] l : side) level(bid, l[0], l[1]);
        }

        @Override
        Snapshot readSnapshot(byte[] buf, int start, int end) throws IOException {
            return snapshots.readValue(buf, start, end - start);
        }

        @Override long lastUpdateId(Snapshot s) { return s.lastUpdateId; }

        @Override
        void applySnapshotLevels(Snapshot s) {
            levels(s.bids, true);
            levels(s.asks, false);
        }
    }
}
