package flox.binance.fake;

import static flox.binance.fake.TestSupport.WAIT;
import static flox.binance.fake.TestSupport.get;
import static flox.binance.fake.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.StaticReplaySymbols;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeBinanceRestTest {
    /** The BTCUSDT recording's snapshot (line 8, lastUpdateId ...218) comes after the diff ...208..224 (line 6). */
    private static final long AFTER_FIRST_DIFF = 50093239224L;

    /** Top {@code n} levels of each side as "price x qty" at scale 8, from the connector's replay of the recording. */
    private static List<List<String>> rebuiltBook(long lastUpdateId, int n) throws Exception {
        return rebuiltBook(List.of(RecordingInput.of(TestSupport.btcusdt())), "BTCUSDT", lastUpdateId, n);
    }

    private static List<List<String>> rebuiltBook(List<RecordingInput> inputs, String symbol, long lastUpdateId, int n) throws Exception {
        StaticReplaySymbols symbols = new StaticReplaySymbols();
        int id = symbols.add(symbol, 8, 8);
        OrderBook book = new OrderBook(id, 10_000);
        List<List<String>> out = new ArrayList<>();
        try (BinanceRecordingReader reader = new BinanceRecordingReader(inputs, symbols)) {
            reader.run((BookUpdate u) -> {
                book.apply(u);
                if (out.isEmpty() && book.lastUpdateId() == lastUpdateId) {
                    List<String> bids = new ArrayList<>();
                    List<String> asks = new ArrayList<>();
                    for (int i = 0; i < Math.min(n, book.bidLevels()); i++) {
                        bids.add(book.bidPrice(i) + "x" + book.bidQuantity(i));
                    }
                    for (int i = 0; i < Math.min(n, book.askLevels()); i++) {
                        asks.add(book.askPrice(i) + "x" + book.askQuantity(i));
                    }
                    out.add(bids);
                    out.add(asks);
                }
            });
        }
        assertFalse(out.isEmpty(), "the replay never reached update id " + lastUpdateId);
        return out;
    }

    private static List<String> levels(JsonNode side) {
        List<String> out = new ArrayList<>();
        for (JsonNode l : side) {
            out.add(new BigDecimal(l.get(0).asText()).movePointRight(8).longValueExact() + "x"
                    + new BigDecimal(l.get(1).asText()).movePointRight(8).longValueExact());
        }
        return out;
    }

    @Test
    void shouldServeTheBookRebuiltFromTheStreamAtThatPoint() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).start()) {
            long p = fake.releaseUntil(f -> f.depth() && f.position() >= 3000);
            assertTrue(fake.awaitSent(p, WAIT));
            long u = fake.frames().get((int) p - 1).lastUpdateId();
            HttpResponse<String> r = get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=1000");
            assertEquals(200, r.statusCode(), r.body());
            JsonNode snap = json(r.body());
            assertEquals(u, snap.get("lastUpdateId").asLong(), "lastUpdateId is the u of the last diff played");
            assertEquals(1000, snap.get("bids").size());
            assertEquals(1000, snap.get("asks").size());
            List<List<String>> rebuilt = rebuiltBook(u, 1000);
            assertSameLevels("bids", rebuilt.get(0), levels(snap.get("bids")));
            assertSameLevels("asks", rebuilt.get(1), levels(snap.get("asks")));
            JsonNode top5 = json(get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=5").body());
            assertEquals(rebuilt.get(0).subList(0, 5), levels(top5.get("bids")));
            assertEquals(2, fake.snapshotsServed());
        }
    }

    private static void assertSameLevels(String side, List<String> want, List<String> got) {
        for (int i = 0; i < Math.min(want.size(), got.size()); i++) {
            assertEquals(want.get(i), got.get(i), side + " level " + i);
        }
        assertEquals(want.size(), got.size(), side + " levels");
    }

    @Test
    void shouldHoldADepthRequestUntilTheRecordingReachesItsFirstSnapshot() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).start()) {
            // the recording's snapshot comes after its 7th frame
            CompletableFuture<HttpResponse<String>> early = TestSupport.getAsync(fake, "/api/v3/depth?symbol=BTCUSDT&limit=1000");
            fake.release(6);
            assertTrue(fake.awaitSent(6, WAIT));
            TestSupport.await("the request to reach the fake", () -> fake.restRequests() == 1);
            assertFalse(early.isDone(), "no reply before the stream passes the recorded snapshot");
            fake.release(1);
            HttpResponse<String> r = early.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            assertEquals(200, r.statusCode());
            // the recorded snapshot (218) plus the diff 208..224 played before its line
            JsonNode snap = json(r.body());
            assertEquals(AFTER_FIRST_DIFF, snap.get("lastUpdateId").asLong());
            List<List<String>> rebuilt = rebuiltBook(AFTER_FIRST_DIFF, 1000);
            assertSameLevels("bids", rebuilt.get(0), levels(snap.get("bids")));
            assertSameLevels("asks", rebuilt.get(1), levels(snap.get("asks")));
        }
    }

    @Test
    void shouldServeTheCryptofeedSnapshotsRecordedAsHttpReplies() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.cryptofeed()).exchangeInfo(TestSupport.exchangeInfo())
                .pacing(Pacing.asFastAsRead()).waitForFirstClient(false).start()) {
            TestSupport.await("the end of the recording", fake::isFinished);
            java.util.Map<String, Long> recorded = new java.util.HashMap<>();
            for (String line : java.nio.file.Files.readAllLines(TestSupport.data("binance/recordings/cryptofeed/BINANCE.http.0.0"))) {
                if (!line.contains("/depth?")) {
                    continue;
                }
                String symbol = line.substring(line.indexOf("symbol=") + 7, line.indexOf('&'));
                recorded.put(symbol, json(line.substring(line.indexOf(": {") + 2)).get("lastUpdateId").asLong());
            }
            assertEquals(4, recorded.size());
            for (String symbol : recorded.keySet()) {
                long lastDiff = fake.frames().stream().filter(f -> f.depth() && symbol.equals(f.symbol()))
                        .mapToLong(FakeBinance.Frame::lastUpdateId).max().orElseThrow();
                JsonNode snap = json(get(fake, "/api/v3/depth?symbol=" + symbol + "&limit=1000").body());
                // the recorded snapshot, brought up to the last diff played if that goes past it
                assertEquals(Math.max(recorded.get(symbol), lastDiff), snap.get("lastUpdateId").asLong(), symbol);
                assertTrue(snap.get("bids").size() > 0 && snap.get("asks").size() > 0, symbol);
                List<List<String>> rebuilt = rebuiltBook(List.of(RecordingInput.of(TestSupport.data("binance/recordings/cryptofeed/BINANCE.ws.1.0")),
                        RecordingInput.of(TestSupport.data("binance/recordings/cryptofeed/BINANCE.http.0.0"))), symbol, snap.get("lastUpdateId").asLong(), 1000);
                assertSameLevels(symbol + " bids", rebuilt.get(0), levels(snap.get("bids")));
                assertSameLevels(symbol + " asks", rebuilt.get(1), levels(snap.get("asks")));
            }
        }
    }

    @Test
    void shouldAnswer503WhenTheRecordingDoesNotReachASnapshotInTime() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).snapshotWait(Duration.ofMillis(200)).start()) {
            HttpResponse<String> r = get(fake, "/api/v3/depth?symbol=BTCUSDT");
            assertEquals(503, r.statusCode());
            assertEquals(-1001, json(r.body()).get("code").asInt());
            assertEquals(0, fake.snapshotsServed());
        }
    }

    @Test
    void shouldRefuseAnUnknownSymbolAndAMissingOne() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).start()) {
            HttpResponse<String> r = get(fake, "/api/v3/depth?symbol=NOPE");
            assertEquals(400, r.statusCode());
            assertEquals(-1121, json(r.body()).get("code").asInt());
            assertEquals(-1102, json(get(fake, "/api/v3/depth").body()).get("code").asInt());
        }
    }

    @Test
    void shouldServeTheRecordedExchangeInfoWithBtcusdt() throws Exception {
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).start()) {
            JsonNode info = json(get(fake, "/api/v3/exchangeInfo").body());
            assertFalse(info.has("_comment"));
            assertEquals(10, info.get("symbols").size());
            assertEquals(1200, info.get("rateLimits").get(0).get("limit").asInt());
            JsonNode one = json(get(fake, "/api/v3/exchangeInfo?symbol=BTCUSDT").body());
            assertEquals(1, one.get("symbols").size());
            assertEquals("BTCUSDT", one.get("symbols").get(0).get("symbol").asText());
            assertEquals("0.01000000", findFilter(one.get("symbols").get(0), "PRICE_FILTER").get("tickSize").asText());
        }
    }

    private static JsonNode findFilter(JsonNode symbol, String type) {
        for (JsonNode f : symbol.get("filters")) {
            if (type.equals(f.get("filterType").asText())) {
                return f;
            }
        }
        throw new AssertionError("no " + type);
    }

    @Test
    void shouldCountTheWeightOfEachRequestPerClockMinute() throws Exception {
        AtomicLong now = new AtomicLong(1_700_000_000_000L - 1_700_000_000_000L % 60_000 + 1_000);
        try (FakeBinance fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo())
                .clockMs(now::get).start()) {
            fake.release(7);
            assertTrue(fake.awaitSent(7, WAIT));
            assertEquals("5", get(fake, "/api/v3/depth?symbol=BTCUSDT").headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
            assertEquals("55", get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=1000").headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
            assertEquals("305", get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=5000").headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
            assertEquals("325", get(fake, "/api/v3/exchangeInfo").headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
            assertEquals("350", get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=500").headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
            now.addAndGet(60_000); // the next minute starts from 0
            assertEquals("20", get(fake, "/api/v3/exchangeInfo").headers().firstValue("X-MBX-USED-WEIGHT-1M").orElseThrow());
            assertEquals(20, fake.usedWeight());
        }
    }
}
