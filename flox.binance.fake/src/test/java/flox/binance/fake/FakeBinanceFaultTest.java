package flox.binance.fake;

import static flox.binance.fake.TestSupport.WAIT;
import static flox.binance.fake.TestSupport.get;
import static flox.binance.fake.TestSupport.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import flox.binance.fake.TestSupport.WsClient;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class FakeBinanceFaultTest {
    private static final String DEPTH = "btcusdt@depth@100ms";
    private static final String TRADE = "btcusdt@trade";

    private static FakeBinance start() throws Exception {
        return FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).start();
    }

    /** Releases up to and including the next depth diff; returns its position. */
    private static long releaseNextDiff(FakeBinance fake) throws Exception {
        long p = fake.releaseUntil(FakeBinance.Frame::depth);
        assertTrue(fake.awaitSent(p, WAIT));
        return p;
    }

    @Test
    void shouldCloseEveryConnectionWithTheGivenCode() throws Exception {
        try (FakeBinance fake = start()) {
            WsClient a = WsClient.connect(fake, TRADE);
            WsClient b = WsClient.connect(fake, DEPTH);
            fake.fault(Fault.disconnect(4000));
            assertEquals(4000, a.closeCodeWithin());
            assertEquals(4000, b.closeCodeWithin());
            TestSupport.await("no connection left", () -> fake.connectionsOpen() == 0);
            assertEquals(1, fake.faultsFired(Fault.Kind.DISCONNECT));
        }
    }

    @Test
    void shouldDisconnectAfterTheQueuedFrame() throws Exception {
        try (FakeBinance fake = start()) {
            WsClient c = WsClient.connect(fake, TRADE, DEPTH);
            fake.faultAfterFrame(40, Fault.disconnect(1011));
            fake.release(100);
            assertEquals(1011, c.closeCodeWithin());
            List<String> upTo40 = fake.frames().stream().filter(f -> f.position() <= 40 && (f.stream().equals(TRADE) || f.stream().equals(DEPTH)))
                    .map(FakeBinance.Frame::text).toList();
            assertEquals(upTo40, c.take(upTo40.size()));
            assertTrue(c.messages.isEmpty(), "nothing after frame 40");
            assertThrows(IllegalStateException.class, () -> fake.faultAfterFrame(40, Fault.disconnect(1000)));
        }
    }

    @Test
    void shouldDropTheNextDiffOfTheSymbolLeavingAGap() throws Exception {
        try (FakeBinance fake = start()) {
            fake.release(7); // past the recorded snapshot
            assertTrue(fake.awaitSent(7, WAIT));
            WsClient c = WsClient.connect(fake, DEPTH);
            long first = releaseNextDiff(fake);
            fake.fault(Fault.sequenceGap("BTCUSDT"));
            long dropped = releaseNextDiff(fake);
            long third = releaseNextDiff(fake);
            List<String> got = c.take(2);
            assertEquals(fake.frames().get((int) first - 1).text(), got.get(0));
            assertEquals(fake.frames().get((int) third - 1).text(), got.get(1));
            JsonNode d1 = json(got.get(0)).get("data");
            JsonNode d3 = json(got.get(1)).get("data");
            FakeBinance.Frame missing = fake.frames().get((int) dropped - 1);
            assertEquals(d1.get("u").asLong() + 1, missing.firstUpdateId(), "the dropped diff continued the first");
            assertEquals(missing.lastUpdateId() + 1, d3.get("U").asLong(), "and the third continued it");
            assertTrue(d3.get("U").asLong() > d1.get("u").asLong() + 1, "the client sees U..u of the dropped diff missing");
            assertEquals(1, fake.faultsFired(Fault.Kind.SEQUENCE_GAP));
            // the venue's own book moved on: its snapshot is at the third diff, the dropped one applied
            assertEquals(d3.get("u").asLong(), json(get(fake, "/api/v3/depth?symbol=BTCUSDT").body()).get("lastUpdateId").asLong());
            c.abort();
        }
    }

    @Test
    void shouldServeAStaleSnapshotOlderThanTheFirstBufferedDiff() throws Exception {
        try (FakeBinance fake = start()) {
            long warm = fake.releaseUntil(f -> f.depth() && f.position() > 1000); // well past the snapshot and the lag
            assertTrue(fake.awaitSent(warm, WAIT));
            WsClient c = WsClient.connect(fake, DEPTH);
            releaseNextDiff(fake);
            long firstU = json(c.take(1).get(0)).get("data").get("U").asLong();
            fake.fault(Fault.staleSnapshot());
            HttpResponse<String> stale = get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=1000");
            assertEquals(200, stale.statusCode());
            long staleId = json(stale.body()).get("lastUpdateId").asLong();
            assertTrue(staleId + 1 < firstU, "stale: L+1 = " + (staleId + 1) + " is before the first buffered U " + firstU);
            long freshId = json(get(fake, "/api/v3/depth?symbol=BTCUSDT&limit=1000").body()).get("lastUpdateId").asLong();
            assertTrue(freshId + 1 >= firstU, "the next reply is current again");
            assertEquals(1, fake.faultsFired(Fault.Kind.STALE_SNAPSHOT));
        }
    }

    @Test
    void shouldDelayTheNextSnapshot() throws Exception {
        try (FakeBinance fake = start()) {
            fake.release(7);
            assertTrue(fake.awaitSent(7, WAIT));
            fake.fault(Fault.slowSnapshot(400));
            long t0 = System.nanoTime();
            HttpResponse<String> r = get(fake, "/api/v3/depth?symbol=BTCUSDT");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(200, r.statusCode());
            assertTrue(ms >= 400, "delayed " + ms + " ms");
            assertEquals(1, fake.faultsFired(Fault.Kind.SLOW_SNAPSHOT));
        }
    }

    @Test
    void shouldAnswer429WithRetryAfterOnce() throws Exception {
        try (FakeBinance fake = start()) {
            fake.fault(Fault.rateLimited(7));
            HttpResponse<String> r = get(fake, "/api/v3/exchangeInfo");
            assertEquals(429, r.statusCode());
            assertEquals("7", r.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(-1003, json(r.body()).get("code").asInt());
            assertTrue(r.headers().firstValue("X-MBX-USED-WEIGHT-1M").isPresent());
            assertEquals(200, get(fake, "/api/v3/exchangeInfo").statusCode());
            assertEquals(1, fake.faultsFired(Fault.Kind.RATE_LIMITED_429));
        }
    }

    @Test
    void shouldAnswer418WithRetryAfterOnce() throws Exception {
        try (FakeBinance fake = start()) {
            fake.fault(Fault.banned(120));
            HttpResponse<String> r = get(fake, "/api/v3/depth?symbol=BTCUSDT");
            assertEquals(418, r.statusCode());
            assertEquals("120", r.headers().firstValue("Retry-After").orElseThrow());
            assertEquals(200, get(fake, "/api/v3/exchangeInfo").statusCode());
            assertEquals(1, fake.faultsFired(Fault.Kind.BANNED_418));
        }
    }

    @Test
    void shouldBreakTheNextFrameSent() throws Exception {
        for (Fault.Malformation how : Fault.Malformation.values()) {
            try (FakeBinance fake = start()) {
                WsClient c = WsClient.connect(fake, TRADE);
                fake.fault(Fault.malformedFrame(how));
                long p = fake.releaseUntil(f -> f.stream().equals(TRADE) && f.position() > 20);
                assertTrue(fake.awaitSent(p, WAIT));
                List<String> trades = fake.frames().stream().filter(f -> f.position() <= p && f.stream().equals(TRADE))
                        .map(FakeBinance.Frame::text).toList();
                List<String> got = c.take(trades.size());
                assertThrows(JsonProcessingException.class, () -> TestSupport.JSON.readTree(got.get(0)), how + ": " + got.get(0));
                assertEquals(trades.subList(1, trades.size()), got.subList(1, got.size()), "only one frame broken");
                assertEquals(1, fake.faultsFired(Fault.Kind.MALFORMED_FRAME));
                c.abort();
            }
        }
    }

    @Test
    void shouldSendServerShutdownThenClose() throws Exception {
        try (FakeBinance fake = start()) {
            WsClient c = WsClient.connect(fake, TRADE);
            fake.fault(Fault.serverShutdown(100));
            JsonNode frame = json(c.take(1).get(0));
            assertEquals("!serverShutdown", frame.get("stream").asText(), "the combined stream's form (web-socket-streams.md)");
            JsonNode event = frame.get("data");
            assertEquals("serverShutdown", event.get("e").asText());
            assertTrue(event.get("E").asLong() > 0);
            assertEquals(1001, c.closeCodeWithin());
            assertEquals(1, fake.faultsFired(Fault.Kind.SERVER_SHUTDOWN));
        }
    }
}
