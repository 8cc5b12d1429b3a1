package flox.api.book;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import flox.api.event.BookUpdate;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real BTCUSDT recording (testdata/binance/recordings/hftbacktest/btcusdt_20240808.gz, the
 * repository's test data, found through the {@code flox.data.dir} property Surefire sets) through
 * the block layout and {@link ReferenceOrderBook}: its REST snapshot, then every depthUpdate that
 * follows it ({@code u} above the snapshot's id), and after each one the books must be equal level
 * for level, with the same counts, lookups of the diff's own prices and drops. At the connector's
 * capacity (20,000) the books grow past 2,000 levels a side; at 1,000 and 300 the drop rule works
 * on real diffs. The frames are read by a minimal parser of the recording's fixed layout (both
 * books get the same input, so it need not be the connector's decoder): prices and quantities at
 * scale 8, as on the wire.
 */
class OrderBookRecordingReplayTest {
    static final String RECORDING = "binance/recordings/hftbacktest/btcusdt_20240808.gz";
    static final int SYM = 1;

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {20_000, 1_000, 300})
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepTheReferenceBookThroughTheBtcusdtRecording(int capacity) throws IOException {
        OrderBook book = new OrderBook(SYM, capacity);
        ReferenceOrderBook ref = new ReferenceOrderBook(SYM, capacity);
        BookUpdate u = new BookUpdate(5_000);
        RecordingLines lines = new RecordingLines();
        int maxLevels = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(recording()), 1 << 16),
                StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (!lines.read(line, u)) continue;
                assertTrue(ref.apply(u));
                assertTrue(book.apply(u));
                String where = "line " + lineNo + " (capacity " + capacity + ")";
                assertSameBook(ref, book, where);
                for (int i = 0; i < u.bidCount(); i++) {
                    long p = u.bidPrice(i);
                    assertEquals(ref.bidLevelIndex(p), book.bidLevelIndex(p), where + ": bid index of " + p);
                    assertEquals(ref.bidQuantityAtOrAbove(p), book.bidQuantityAtOrAbove(p), where + ": bids at or above " + p);
                }
                for (int i = 0; i < u.askCount(); i++) {
                    long p = u.askPrice(i);
                    assertEquals(ref.askLevelIndex(p), book.askLevelIndex(p), where + ": ask index of " + p);
                    assertEquals(ref.askQuantityAtOrBelow(p), book.askQuantityAtOrBelow(p), where + ": asks at or below " + p);
                }
                maxLevels = Math.max(maxLevels, Math.max(book.bidLevels(), book.askLevels()));
            }
        }
        assertTrue(lines.snapshotId >= 0, "the recording has a REST snapshot");
        assertTrue(lines.diffs > 3_000, "the recording's diffs after its snapshot were applied: " + lines.diffs);
        if (capacity == 20_000) {
            assertTrue(maxLevels > 2_000, "the full-depth book grows past 2,000 levels a side: " + maxLevels);
            assertEquals(0, book.droppedLevels());
        } else {
            assertEquals(capacity, maxLevels);
            assertTrue(book.droppedLevels() > 0, "a small book drops levels");
        }
    }

    /**
     * As a connector's resync after a gap: every 300 diffs the book goes INVALID and is loaded again
     * from a 1,000-level snapshot of the reference (a REST depth reply's limit), then the diffs go
     * on, into books that already held blocks and a search position.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldKeepTheReferenceBookThroughResyncsFromSnapshots() throws IOException {
        OrderBook book = new OrderBook(SYM, 20_000);
        ReferenceOrderBook ref = new ReferenceOrderBook(SYM, 20_000);
        BookUpdate u = new BookUpdate(5_000);
        RecordingLines lines = new RecordingLines();
        int resyncs = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(recording()), 1 << 16),
                StandardCharsets.UTF_8))) {
            int lineNo = 0;
            for (String line; (line = in.readLine()) != null; ) {
                lineNo++;
                if (!lines.read(line, u)) continue;
                assertTrue(ref.apply(u));
                assertTrue(book.apply(u));
                assertSameBook(ref, book, "line " + lineNo);
                if (lines.diffs > 0 && lines.diffs % 300 == 0) {
                    BookUpdate invalid = new BookUpdate(1).reset(SYM, BookUpdate.Type.DELTA).updateIds(0, ref.lastUpdateId());
                    invalid.flags(BookUpdate.INVALID);
                    BookUpdate snapshot = new BookUpdate(1_000).reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(0, ref.lastUpdateId());
                    for (int i = 0; i < Math.min(1_000, ref.bidLevels()); i++) snapshot.addBid(ref.bidPrice(i), ref.bidQuantity(i));
                    for (int i = 0; i < Math.min(1_000, ref.askLevels()); i++) snapshot.addAsk(ref.askPrice(i), ref.askQuantity(i));
                    for (BookUpdate x : new BookUpdate[] {invalid, snapshot}) {
                        assertTrue(ref.apply(x));
                        assertTrue(book.apply(x));
                        assertSameBook(ref, book, "resync " + resyncs + " after line " + lineNo);
                    }
                    resyncs++;
                }
            }
        }
        assertTrue(resyncs >= 10, "resyncs: " + resyncs);
    }

    /** The recording's lines as book updates: its REST snapshot, then the depthUpdates past it. */
    static final class RecordingLines {
        long snapshotId = -1;
        int diffs;

        /** Reads {@code line} into {@code u}; false for a line that is neither (or a diff the snapshot holds). */
        boolean read(String line, BookUpdate u) {
            int sp = line.indexOf(' ');
            if (sp < 0) return false;
            String json = line.substring(sp + 1);
            if (json.startsWith("{\"lastUpdateId\"")) {
                snapshotId = number(json, "\"lastUpdateId\":");
                u.reset(SYM, BookUpdate.Type.SNAPSHOT).updateIds(snapshotId, snapshotId);
                levels(json, "\"bids\":[", u, true);
                levels(json, "\"asks\":[", u, false);
                return true;
            }
            if (snapshotId < 0 || !json.startsWith("{\"stream\":") || !json.contains("\"e\":\"depthUpdate\"")) return false;
            long last = number(json, "\"u\":");
            if (last <= snapshotId) return false; // contained in the snapshot
            u.reset(SYM, BookUpdate.Type.DELTA).updateIds(number(json, "\"U\":"), last);
            levels(json, "\"b\":[", u, true);
            levels(json, "\"a\":[", u, false);
            diffs++;
            return true;
        }
    }

    static void assertSameBook(ReferenceOrderBook ref, OrderBook book, String where) {
        assertEquals(ref.bidLevels(), book.bidLevels(), where + ": bid levels");
        assertEquals(ref.askLevels(), book.askLevels(), where + ": ask levels");
        assertEquals(ref.droppedLevels(), book.droppedLevels(), where + ": dropped");
        assertEquals(ref.lastUpdateId(), book.lastUpdateId(), where);
        assertEquals(ref.isConsistent(), book.isConsistent(), where);
        assertEquals(ref.midPrice(), book.midPrice(), where);
        for (int i = 0, n = ref.bidLevels(); i < n; i++) {
            if (ref.bidPrice(i) != book.bidPrice(i) || ref.bidQuantity(i) != book.bidQuantity(i)) {
                fail(where + ": bid level " + i + " is " + book.bidPrice(i) + "x" + book.bidQuantity(i) + ", expected " + ref.bidPrice(i) + "x"
                        + ref.bidQuantity(i));
            }
        }
        for (int i = 0, n = ref.askLevels(); i < n; i++) {
            if (ref.askPrice(i) != book.askPrice(i) || ref.askQuantity(i) != book.askQuantity(i)) {
                fail(where + ": ask level " + i + " is " + book.askPrice(i) + "x" + book.askQuantity(i) + ", expected " + ref.askPrice(i) + "x"
                        + ref.askQuantity(i));
            }
        }
    }

    static Path recording() {
        String dir = System.getProperty("flox.data.dir");
        Path base = dir != null && !dir.isBlank() ? Path.of(dir) : Path.of("..", "testdata");
        Path f = base.resolve(RECORDING);
        assertTrue(Files.isRegularFile(f), "missing test data file " + f + " (flox.data.dir=" + dir + "): expected the repository's testdata/");
        return f;
    }

    /** Adds the {@code ["price","quantity"]} pairs of the array opened by {@code key} to one side. */
    static void levels(String json, String key, BookUpdate u, boolean bids) {
        int at = json.indexOf(key);
        if (at < 0) throw new IllegalArgumentException("no " + key + " in " + json.substring(0, Math.min(120, json.length())));
        at += key.length();
        while (json.charAt(at) == '[') {
            int priceEnd = json.indexOf('"', at + 2);
            int qtyStart = priceEnd + 3; // ","
            int qtyEnd = json.indexOf('"', qtyStart);
            long price = decimal(json, at + 2, priceEnd);
            long qty = decimal(json, qtyStart, qtyEnd);
            if (!(bids ? u.addBid(price, qty) : u.addAsk(price, qty))) throw new IllegalStateException("more levels than the update holds");
            at = qtyEnd + 2; // "]
            if (json.charAt(at) == ',') at++;
        }
    }

    /** A decimal string at scale 8. */
    static long decimal(String s, int from, int to) {
        long v = 0;
        int decimals = -1;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c == '.') {
                decimals = 0;
                continue;
            }
            if (c < '0' || c > '9') throw new IllegalArgumentException("not a decimal: " + s.substring(from, to));
            v = v * 10 + (c - '0');
            if (decimals >= 0) decimals++;
        }
        for (int d = Math.max(decimals, 0); d < 8; d++) v *= 10;
        if (decimals > 8) throw new IllegalArgumentException("more than 8 decimals: " + s.substring(from, to));
        return v;
    }

    static long number(String json, String key) {
        int at = json.indexOf(key);
        if (at < 0) throw new IllegalArgumentException("no " + key + " in " + json.substring(0, Math.min(120, json.length())));
        at += key.length();
        long v = 0;
        while (at < json.length() && Character.isDigit(json.charAt(at))) v = v * 10 + (json.charAt(at++) - '0');
        return v;
    }
}
