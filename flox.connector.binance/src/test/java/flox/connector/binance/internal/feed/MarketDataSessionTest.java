package flox.connector.binance.internal.feed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.book.OrderBook;
import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.num.FixedPoint;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The live market-data path on the real BTCUSDT recording, fed frame by frame as a WebSocket
 * would, with the snapshot the recording holds answered as the REST reply: books synced and
 * cross-checked against bookTicker, a stale snapshot refused and fetched again, a gap and a lost
 * connection published INVALID and resynced, malformed frames reported once per kind, and
 * nothing allocated per frame in sync.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class MarketDataSessionTest {
    static final Path BTC = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance", "recordings", "hftbacktest", "btcusdt_20240808.gz");

    /** The recording: frames (without their receive-time prefix) and the one REST snapshot, in order. */
    static final List<byte[]> LINES = new ArrayList<>();
    static int snapshotLine = -1;

    static {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(BTC)), StandardCharsets.UTF_8))) {
            for (String l = r.readLine(); l != null; l = r.readLine()) {
                String json = l.substring(l.indexOf(' ') + 1);
                if (json.startsWith("{\"lastUpdateId\"")) snapshotLine = LINES.size();
                LINES.add(json.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A bus that records what is published, with a level limit, and can refuse a few publishes as back-pressured. */
    static class CaptureBus implements MarketDataBus {
        final int levels;
        final List<String> books = new ArrayList<>();
        int snapshotsStarted;
        int fragments;
        int invalids;
        long snapshotId = -1;
        int snapshotFragments;
        long trades;
        int backPressureLeft;
        boolean record = true;

        CaptureBus(int levels) {
            this.levels = levels;
        }

        @Override
        public long publishBookUpdate(BookUpdate u) {
            if (backPressureLeft > 0) {
                backPressureLeft--;
                return BusResult.BACK_PRESSURED;
            }
            if (Math.max(u.bidCount(), u.askCount()) > levels) return BusResult.INVALID;
            if (u.isInvalid()) invalids++;
            else if (u.type() == BookUpdate.Type.SNAPSHOT) {
                snapshotsStarted++;
                snapshotId = u.lastUpdateId();
            }
            if (u.isContinued()) fragments++;
            if (u.isContinued() && u.lastUpdateId() == snapshotId) snapshotFragments++;
            if (record) books.add(u.isInvalid() ? "INVALID" : u.type() + " " + u.firstUpdateId() + "-" + u.lastUpdateId());
            return 1;
        }

        @Override
        public int maxBookLevels() {
            return levels;
        }

        @Override
        public long publishTrade(TradeEvent trade) {
            trades++;
            return 1;
        }

        @Override
        public long publishVenueState(VenueStateEvent state) {
            return 1;
        }
    }

    static final class Wire implements ReplaySymbols {
        @Override public int idOf(CharSequence s) { return "BTCUSDT".contentEquals(s) ? 0 : UNKNOWN; }
        @Override public int priceScale(int id) { return 8; }
        @Override public int quantityScale(int id) { return 8; }
    }

    final CaptureBus bus = new CaptureBus(32);
    final List<String> requests = new ArrayList<>();
    final List<String> problems = new ArrayList<>();
    final MarketDataSession session = new MarketDataSession("wss://test/stream", new Wire(), bus, (id, name) -> requests.add(name), problems::add,
            5_000, 1_000);
    final long[] clockNs = {1_000_000_000L};

    {
        session.nanoClock(() -> clockNs[0]);
    }

    void frame(int line) {
        byte[] b = LINES.get(line);
        session.onFrame(b, 0, b.length, line);
    }

    void snapshot(byte[] json) {
        session.onSnapshot(0, json, 0, json.length, 0);
    }

    /** Feeds lines [from, to), answering the recording's snapshot at its place (as a REST reply asked for before it). */
    void feed(int from, int to) {
        for (int i = from; i < to; i++) {
            if (i == snapshotLine) snapshot(LINES.get(i));
            else frame(i);
        }
    }

    @Test
    void shouldSyncPublishWithinTheBusLimitAndMatchEveryTicker() {
        feed(0, LINES.size());
        assertEquals(List.of("BTCUSDT"), requests, "one snapshot asked for, when the first diff came");
        assertTrue(session.isSynced(0));
        assertEquals(1, bus.snapshotsStarted);
        assertEquals(1000 / 32, bus.snapshotFragments, "the 1,000-level snapshot in 32-level fragments: 31 continued, the last not");
        assertTrue(bus.fragments > bus.snapshotFragments, "diffs deeper than 32 levels are fragmented too");
        assertEquals(0, bus.invalids);
        assertEquals(9757, bus.trades);
        assertEquals(3449, session.stats().diffsApplied);
        TickerCheck check = session.book(0);
        assertEquals(3449, check.checked, "every applied diff checked against the bookTicker stream");
        assertEquals(check.checked, check.matched);
        assertEquals(0, session.tickerMismatches());
        assertEquals(List.of(), problems);
    }

    /** The recording's snapshot with another lastUpdateId. */
    static byte[] withLastUpdateId(byte[] snapshot, long id) {
        String s = new String(snapshot, StandardCharsets.UTF_8);
        return s.replaceFirst("\"lastUpdateId\":[0-9]+", "\"lastUpdateId\":" + id).getBytes(StandardCharsets.UTF_8);
    }

    static long firstU(byte[] diff) {
        return Long.parseLong(new String(diff, StandardCharsets.UTF_8).replaceAll(".*\"U\":([0-9]+).*", "$1"));
    }

    @Test
    void shouldRefuseAStaleSnapshotBeforePublishingAndAskAgain() {
        int firstDiff = -1;
        for (int i = 0; i < snapshotLine; i++) {
            frame(i);
            if (firstDiff < 0 && new String(LINES.get(i), StandardCharsets.UTF_8).contains("depthUpdate")) firstDiff = i;
        }
        assertEquals(1, requests.size());
        snapshot(withLastUpdateId(LINES.get(snapshotLine), firstU(LINES.get(firstDiff)) - 10)); // older than the first buffered diff
        assertEquals(List.of(), bus.books, "a stale snapshot is never published");
        assertEquals(1, session.stats().snapshotsStale);
        assertEquals(0, session.stats().gaps, "stale snapshots are counted apart from gaps");
        assertEquals(2, requests.size(), "asked for again at once the first time");
        snapshot(withLastUpdateId(LINES.get(snapshotLine), firstU(LINES.get(firstDiff)) - 10)); // stale again
        assertEquals(2, requests.size(), "the second time only after a wait: a venue serving stale books is not hammered");
        assertEquals(2, session.snapshotBackoffs());
        int next = firstDiff + 1;
        while (!new String(LINES.get(next), StandardCharsets.UTF_8).contains("depthUpdate")) next++;
        clockNs[0] += 249_000_000L;
        frame(next);
        assertEquals(2, requests.size(), "not before 250 ms");
        clockNs[0] += 1_000_000L;
        frame(next);
        assertEquals(3, requests.size(), "asked for again with the next diff after the wait");
        snapshot(LINES.get(snapshotLine));
        feed(snapshotLine + 1, LINES.size());
        assertEquals(1, bus.snapshotsStarted);
        assertEquals(3449, session.book(0).matched);
    }

    /** BTCUSDT and ETHUSDT at the wire scale. */
    static final class TwoSymbols implements ReplaySymbols {
        @Override public int idOf(CharSequence s) { return "BTCUSDT".contentEquals(s) ? 0 : "ETHUSDT".contentEquals(s) ? 1 : UNKNOWN; }
        @Override public int priceScale(int id) { return 8; }
        @Override public int quantityScale(int id) { return 8; }
    }

    /** A 429's or 418's Retry-After is the IP's: another symbol's snapshot waits for it too, not only the refused one. */
    @Test
    void shouldHoldEverySymbolsSnapshotUntilTheVenuesRetryAfter() {
        List<String> asked = new ArrayList<>();
        MarketDataSession s = new MarketDataSession("wss://test/stream", new TwoSymbols(), new CaptureBus(32), (id, name) -> asked.add(name),
                m -> { }, 5_000, 1_000);
        long[] now = {1_000_000_000L};
        s.nanoClock(() -> now[0]);
        byte[] btc = diff("btcusdt", "BTCUSDT", 10);
        byte[] eth = diff("ethusdt", "ETHUSDT", 20);
        s.onFrame(btc, 0, btc.length, 1);
        assertEquals(List.of("BTCUSDT"), asked);
        s.onSnapshotFailed(0, 60_000); // 429, Retry-After: 60 s
        s.onFrame(eth, 0, eth.length, 2);
        assertEquals(List.of("BTCUSDT"), asked, "ETHUSDT's first snapshot waits for the venue's time as well");
        now[0] += 59_999_000_000L;
        s.onFrame(eth, 0, eth.length, 3);
        assertEquals(List.of("BTCUSDT"), asked);
        now[0] += 1_000_000L;
        s.onFrame(eth, 0, eth.length, 4);
        assertEquals(List.of("BTCUSDT", "ETHUSDT"), asked, "asked once the minute is over");
    }

    /** A snapshot the connection holds for the request weight is not asked (nor counted); the next diff asks again. */
    @Test
    void shouldAskAgainWithTheNextDiffWhileTheRequestWeightHoldsTheSnapshot() {
        List<String> asked = new ArrayList<>();
        boolean[] may = {false};
        MarketDataSession s = new MarketDataSession("wss://test/stream", new TwoSymbols(), new CaptureBus(32), new MarketDataSession.SnapshotRequests() {
            @Override public void request(int symbolId, String venueSymbol) { asked.add(venueSymbol); }
            @Override public boolean mayRequest(int symbolId, String venueSymbol) { return may[0]; }
        }, m -> { }, 5_000, 1_000);
        byte[] btc = diff("btcusdt", "BTCUSDT", 10);
        s.onFrame(btc, 0, btc.length, 1);
        s.onFrame(btc, 0, btc.length, 2);
        assertEquals(List.of(), asked);
        assertEquals(0, s.snapshotRequests());
        may[0] = true;
        s.onFrame(btc, 0, btc.length, 3);
        assertEquals(List.of("BTCUSDT"), asked, "asked with the first diff once the weight allows it");
        assertEquals(1, s.snapshotRequests());
    }

    static byte[] diff(String stream, String symbol, long u) {
        return ("{\"stream\":\"" + stream + "@depth@100ms\",\"data\":{\"e\":\"depthUpdate\",\"E\":1723161255208,\"s\":\"" + symbol
                + "\",\"U\":" + u + ",\"u\":" + u + ",\"b\":[[\"100.00000000\",\"1.00000000\"]],\"a\":[]}}").getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void shouldPublishInvalidOnAGapThenResyncFromTheNextSnapshot() {
        List<Integer> diffs = new ArrayList<>();
        for (int i = snapshotLine + 1; i < LINES.size(); i++) if (new String(LINES.get(i), StandardCharsets.UTF_8).contains("depthUpdate")) diffs.add(i);
        int dropped = diffs.get(diffs.size() / 2);
        int resyncAt = diffs.get(diffs.size() / 2 + 5);
        feed(0, dropped);
        int published = bus.books.size();
        feed(dropped + 1, resyncAt + 1);
        assertEquals("INVALID", bus.books.get(published), "the gap is published before anything else");
        assertEquals(1, session.stats().gaps);
        assertEquals(2, requests.size(), "a new snapshot asked for at the gap");
        assertFalse(session.isSynced(0));
        snapshot(fullBookAfter(resyncAt)); // the venue's book after the last diff received
        assertTrue(session.isSynced(0));
        assertEquals(1, session.resyncs());
        feed(resyncAt + 1, LINES.size());
        TickerCheck check = session.book(0);
        assertTrue(check.checked > 3400, check.line());
        assertEquals(check.checked, check.matched, check.line());
    }

    @Test
    void shouldInvalidateEveryBookWhenTheConnectionIsLostAndSyncAgainAfter() {
        int half = LINES.size() / 2;
        feed(0, half);
        assertTrue(session.isSynced(0));
        long gaps = session.book(0).gaps;
        session.onConnectionLost("closed by the venue (1006)");
        assertEquals("INVALID", bus.books.get(bus.books.size() - 1));
        assertFalse(session.isSynced(0));
        assertEquals(gaps, session.book(0).gaps, "a lost connection is not a gap of the stream");
        assertEquals(1, session.book(0).connectionsLost);
        int next = half;
        while (!new String(LINES.get(next), StandardCharsets.UTF_8).contains("depthUpdate")) frame(next++);
        frame(next);
        assertEquals(2, requests.size(), "the new connection's first diff asks for a snapshot");
        snapshot(fullBookAfter(next));
        assertEquals(1, session.resyncs());
        feed(next + 1, LINES.size());
        assertEquals(session.book(0).checked, session.book(0).matched);
    }

    /**
     * A replaced connection (its age, issue 14 item 6, or any loss) misses the frames the venue
     * sent meanwhile, bookTickers too: a checkpoint after the resync is compared only with a
     * ticker of the new connection, never with one from before the loss (stale by the missed
     * updates, a false mismatch), and every checkpoint after it still matches.
     */
    @Test
    void shouldCheckTheBookAfterALostConnectionOnlyAgainstTheNewConnectionsTickers() {
        int lost = LINES.size() / 2;
        feed(0, lost);
        long checkedBefore = session.book(0).checked;
        session.onConnectionLost("connection older than 1500 ms");
        // the venue went on meanwhile (these frames were sent to no one); the new connection's first frame is a diff, and the
        // snapshot asked for then is the book just before it, so that diff is the first checkpoint, with no new ticker yet
        int before = lost + 400;
        while (!isDiff(before)) before++;
        int next = before + 1;
        while (!isDiff(next)) next++;
        frame(next);
        snapshot(fullBookAfter(before));
        assertEquals(1, session.resyncs());
        feed(next + 1, LINES.size());
        TickerCheck check = session.book(0);
        assertTrue(check.checked > checkedBefore + 1000, check.line());
        assertEquals(check.checked, check.matched, check.line() + " " + problems);
        assertEquals(0, session.tickerMismatches());
    }

    static boolean isDiff(int line) {
        return new String(LINES.get(line), StandardCharsets.UTF_8).contains("depthUpdate");
    }

    @Test
    void shouldReportMalformedFramesOncePerKindAndCountEach() {
        feed(0, snapshotLine + 100);
        byte[] truncated = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\"".getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 3; i++) session.onFrame(truncated, 0, truncated.length, 0);
        byte[] wrong = "{\"stream\":\"btcusdt@trade\",\"data\":{\"e\":\"trade\",\"s\":\"ETHUSDT\"}}".getBytes(StandardCharsets.UTF_8);
        session.onFrame(wrong, 0, wrong.length, 0);
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("INVALID_JSON"), problems.toString());
        assertTrue(problems.get(1).contains("WRONG_STREAM"), problems.toString());
        assertEquals(3, session.stats().malformed(FeedProblem.INVALID_JSON));
        feed(snapshotLine + 100, LINES.size());
        assertEquals(session.book(0).checked, session.book(0).matched, "a malformed frame does not disturb the sync");
    }

    @Test
    void shouldRepublishTheWholeBookForLateSubscribersWithinTheBusLimit() {
        feed(0, LINES.size() / 2);
        List<BookUpdate> seen = new ArrayList<>();
        MarketDataBus late = new CaptureBus(32) {
            @Override
            public long publishBookUpdate(BookUpdate u) {
                BookUpdate copy = new BookUpdate(64);
                copy.copyFrom(u);
                seen.add(copy);
                return 1;
            }
        };
        MarketDataSession s = new MarketDataSession("wss://test/stream", new Wire(), late, (id, name) -> { }, m -> { }, 5_000, 1_000);
        for (int i = 0; i < LINES.size() / 2; i++) {
            byte[] b = LINES.get(i);
            if (i == snapshotLine) s.onSnapshot(0, b, 0, b.length, 0);
            else s.onFrame(b, 0, b.length, 0);
        }
        seen.clear();
        s.republishSnapshots(123);
        assertEquals(BookUpdate.Type.SNAPSHOT, seen.get(0).type());
        assertTrue(seen.size() > 1, "deeper than 32 levels: fragments");
        OrderBook rebuilt = new OrderBook(0, 5_000);
        for (BookUpdate u : seen) {
            assertTrue(u.bidCount() <= 32 && u.askCount() <= 32);
            rebuilt.apply(u);
        }
        // the kept book down to the depth its REST snapshot covered: beyond it, levels the diffs added sit among unknown ones
        DepthBook depth = s.book(0).book;
        OrderBook kept = asOrderBook(depth);
        int knownBids = 0;
        while (knownBids < kept.bidLevels() && kept.bidPrice(knownBids) >= depth.knownBidFloor()) knownBids++;
        int knownAsks = 0;
        while (knownAsks < kept.askLevels() && kept.askPrice(knownAsks) <= depth.knownAskCeiling()) knownAsks++;
        assertTrue(knownBids < kept.bidLevels(), "the diffs added bids beyond the snapshot's depth: " + knownBids + " of " + kept.bidLevels());
        assertEquals(knownBids, rebuilt.bidLevels());
        assertEquals(knownAsks, rebuilt.askLevels());
        for (int i = 0; i < knownBids; i++) assertEquals(kept.bidPrice(i), rebuilt.bidPrice(i), "bid " + i);
        for (int i = 0; i < knownAsks; i++) assertEquals(kept.askPrice(i), rebuilt.askPrice(i), "ask " + i);
        assertEquals(kept.bestBidPrice(), rebuilt.bestBidPrice());
        assertEquals(kept.bestAskQuantity(), rebuilt.bestAskQuantity());
        assertEquals(1, s.republished());
        assertTrue(rebuilt.isValid() && !rebuilt.isUpdating());
    }

    @Test
    void shouldTakeServerShutdownInBothFormsAsAnEventNotAMalformedFrame() {
        feed(0, snapshotLine + 10);
        for (String f : new String[] {"{\"stream\":\"!serverShutdown\",\"data\":{\"e\":\"serverShutdown\",\"E\":1}}",
                "{\"e\":\"serverShutdown\",\"E\":2}"}) {
            byte[] b = f.getBytes(StandardCharsets.UTF_8);
            session.onFrame(b, 0, b.length, 0);
            assertTrue(session.takeShutdownAnnounced(), f);
        }
        assertEquals(2, session.serverShutdowns());
        assertEquals(0, session.stats().malformedLines);
        feed(snapshotLine + 10, LINES.size());
        assertEquals(session.book(0).checked, session.book(0).matched);
    }

    @Test
    void shouldRetryAPublishRefusedAsBackPressured() {
        feed(0, snapshotLine + 1);
        bus.backPressureLeft = 5;
        feed(snapshotLine + 1, LINES.size());
        assertEquals(0, session.publishRefusals());
        assertEquals(3449, session.book(0).matched);
    }

    @Test
    void shouldAllocateNothingPerFrameInSync() throws Exception {
        bus.record = false;
        feed(0, snapshotLine + 2_000); // sync and warm up
        int[] at = {snapshotLine + 2_000};
        int roundFrames = 5_000;
        long bytes = flox.connector.binance.internal.Allocation.leastPerRound(() -> {
            if (at[0] + roundFrames > LINES.size()) at[0] = snapshotLine + 2_000; // the stream again: stale diffs, same work otherwise
            feed(at[0], at[0] + roundFrames);
            at[0] += roundFrames;
        }, 7, 256);
        assertTrue(bytes < 256, bytes + " bytes over " + roundFrames + " frames in sync, in the least of 7 rounds");
    }

    @Test
    void shouldAllocateLittleToSyncAgainAfterALostConnection() throws Exception {
        CaptureBus quiet = new CaptureBus(32);
        quiet.record = false;
        int[] asked = {0};
        MarketDataSession s = new MarketDataSession("wss://test/stream", new Wire(), quiet, (id, name) -> asked[0]++, m -> { }, 5_000, 1_000);
        long[] now = {1_000_000_000L};
        s.nanoClock(() -> now[0]);
        byte[] snap = LINES.get(snapshotLine);
        long l = Long.parseLong(new String(snap, StandardCharsets.UTF_8).replaceAll("(?s).*\"lastUpdateId\":([0-9]+).*", "$1"));
        byte[] diff = null; // the recording's diff that continues the snapshot (U <= L+1 <= u)
        for (byte[] line : LINES) {
            String t = new String(line, StandardCharsets.UTF_8);
            if (!t.contains("depthUpdate")) continue;
            long u0 = Long.parseLong(t.replaceAll(".*\"U\":([0-9]+).*", "$1"));
            long u1 = Long.parseLong(t.replaceAll(".*\"u\":([0-9]+).*", "$1"));
            if (u0 <= l + 1 && l + 1 <= u1) {
                diff = line;
                break;
            }
        }
        assertTrue(diff != null, "the recording has the diff that continues its snapshot");
        byte[] next = diff;
        int resyncs = 50;
        for (int i = 0; i < 3_000; i++) { // the snapshot path compiled (its temporaries are only gone once C2 has it)
            now[0] += 60_000_000_000L;
            s.onConnectionLost("warm-up");
            s.onFrame(next, 0, next.length, 0);
            s.onSnapshot(0, snap, 0, snap.length, 0);
        }
        asked[0] = 0;
        long bytes = flox.connector.binance.internal.Allocation.leastPerRound(() -> {
            for (int i = 0; i < resyncs; i++) {
                now[0] += 60_000_000_000L; // past any backoff
                s.onConnectionLost("test");
                s.onFrame(next, 0, next.length, 0); // buffered; asks for a snapshot
                s.onSnapshot(0, snap, 0, snap.length, 0);
            }
        }, 7, 1 << 20);
        assertTrue(s.isSynced(0));
        assertTrue(asked[0] >= resyncs && asked[0] % resyncs == 0, "a snapshot asked for each loss: " + asked[0]);
        // the loss's message to the handler is the only allocation left (the sync state and its pooled diffs are reused)
        assertTrue(bytes / resyncs < 512, bytes / resyncs + " bytes per resync, in the least of 7 rounds of " + resyncs);
    }

    /** The venue's full book right after line {@code line}'s diff, from the intact recording, as a REST depth reply. */
    static byte[] fullBookAfter(int line) {
        long u = Long.parseLong(new String(LINES.get(line), StandardCharsets.UTF_8).replaceAll(".*\"u\":([0-9]+).*", "$1"));
        CaptureBus quiet = new CaptureBus(5_000);
        quiet.record = false;
        MarketDataSession intact = new MarketDataSession("intact", new Wire(), quiet, (id, n) -> { }, m -> { }, 5_000, 1_000);
        for (int i = 0; i <= line; i++) {
            byte[] b = LINES.get(i);
            if (i == snapshotLine) intact.onSnapshot(0, b, 0, b.length, 0);
            else intact.onFrame(b, 0, b.length, 0);
        }
        OrderBook book = asOrderBook(intact.book(0).book);
        StringBuilder json = new StringBuilder("{\"lastUpdateId\":").append(u).append(",\"bids\":[");
        for (int i = 0; i < Math.min(5_000, book.bidLevels()); i++) level(json, i > 0, book.bidPrice(i), book.bidQuantity(i));
        json.append("],\"asks\":[");
        for (int i = 0; i < Math.min(5_000, book.askLevels()); i++) level(json, i > 0, book.askPrice(i), book.askQuantity(i));
        return json.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    static void level(StringBuilder json, boolean comma, long price, long quantity) {
        if (comma) json.append(',');
        json.append("[\"").append(FixedPoint.format(price, 8)).append("\",\"").append(FixedPoint.format(quantity, 8)).append("\"]");
    }

    /** The feed's book as an OrderBook, level for level (its listing applied as a snapshot). */
    static OrderBook asOrderBook(DepthBook depth) {
        BookUpdate all = new BookUpdate(Math.max(1, Math.max(depth.bidLevels(), depth.askLevels())));
        all.reset(depth.symbolId(), BookUpdate.Type.SNAPSHOT).updateIds(0, depth.lastUpdateId());
        depth.appendLevels(all);
        OrderBook book = new OrderBook(depth.symbolId(), depth.capacity());
        book.apply(all);
        return book;
    }
}
