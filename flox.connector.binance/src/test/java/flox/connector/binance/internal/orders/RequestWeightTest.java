package flox.connector.binance.internal.orders;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.connector.binance.internal.symbols.ExchangeInfo;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The account's (IP's) request weight this minute and the REST throttle it decides: the highest
 * count of the minute stands, a new minute starts at 0, a request waits for the next minute when
 * it would pass the limit less the headroom, and the limit is the lowest the venue states.
 */
class RequestWeightTest {
    /** 12:00:00.000 of some day: a minute's start. */
    static final long MINUTE = 1_723_118_400_000L;
    static final Path DATA = Path.of(System.getProperty("flox.data.dir", "../testdata"), "binance");

    final RequestWeight weight = new RequestWeight(0.1);

    @Test
    void shouldKeepTheHighestCountOfTheMinute() {
        weight.report(300, MINUTE + 1_000);
        weight.report(120, MINUTE + 2_000); // a reply to an older request, come late
        assertEquals(300, weight.used(MINUTE + 3_000));
        weight.report(450, MINUTE + 4_000);
        assertEquals(450, weight.used(MINUTE + 4_000));
        weight.spend(50, MINUTE + 5_000); // sent, not answered yet
        assertEquals(500, weight.used(MINUTE + 5_000));
        weight.report(480, MINUTE + 6_000); // counted before our request reached the venue: ours still counts
        assertEquals(500, weight.used(MINUTE + 6_000));
    }

    @Test
    void shouldStartEachMinuteAtZeroAndIgnoreALateReportOfTheLastOne() {
        weight.report(900, MINUTE + 59_999);
        assertEquals(900, weight.used(MINUTE + 59_999));
        assertEquals(0, weight.used(MINUTE + 60_000), "a new minute: Binance's windows line up with the clock");
        weight.report(70, MINUTE + 60_500);
        assertEquals(70, weight.used(MINUTE + 60_500));
        weight.report(950, MINUTE + 59_000); // a clock a little behind (the API's venue clock): the older minute's, ignored
        assertEquals(70, weight.used(MINUTE + 61_000));
        weight.spend(25, MINUTE + 59_900);
        assertEquals(70, weight.used(MINUTE + 61_000), "spent on a clock behind the view's minute: not this minute's");
        weight.spend(5, MINUTE + 120_000);
        assertEquals(5, weight.used(MINUTE + 120_000));
    }

    @Test
    void shouldHoldARequestThatWouldPassTheMarginUntilTheNextMinute() {
        weight.limitFromExchangeInfo(1200); // allowed: 1080
        assertEquals(1080, weight.allowed());
        weight.report(1030, MINUTE + 15_000);
        assertEquals(0, weight.waitMs(50, MINUTE + 15_000), "1030 + 50 = 1080: at the margin, not past it");
        assertEquals(45_000, weight.waitMs(51, MINUTE + 15_000), "past the margin: until the next minute");
        weight.report(1170, MINUTE + 20_000);
        assertEquals(40_000, weight.waitMs(RequestWeight.depthWeight(1000), MINUTE + 20_000));
        assertEquals(0, weight.waitMs(RequestWeight.depthWeight(1000), MINUTE + 60_000), "the next minute: it goes");
    }

    @Test
    void shouldHoldNothingBeforeALimitIsStatedAndTakeTheLowestStated() {
        weight.report(5_000, MINUTE);
        assertEquals(0, weight.waitMs(250, MINUTE), "no limit known yet");
        weight.limitFromApi(6000); // allowed 5400
        assertEquals(0, weight.waitMs(250, MINUTE));
        weight.limitFromExchangeInfo(1200);
        assertEquals(1200, weight.limit(), "the lower of exchangeInfo's and the API's");
        assertEquals(60_000, weight.waitMs(5, MINUTE));
        weight.limitFromExchangeInfo(6100);
        assertEquals(6000, weight.limit(), "each source's latest word; still the lower");
    }

    @Test
    void shouldLetARequestHeavierThanTheAllowanceGoAtTheStartOfAMinute() {
        weight.limitFromApi(200); // allowed 180
        assertEquals(0, weight.waitMs(250, MINUTE + 1), "waiting would not make it fit");
        weight.spend(250, MINUTE + 1);
        assertEquals(59_999, weight.waitMs(250, MINUTE + 1));
    }

    @Test
    void shouldCountHoldsOncePerMinuteAndSayWhenHolding() {
        weight.limitFromExchangeInfo(1200);
        weight.report(1170, MINUTE + 10_000);
        assertTrue(weight.held(MINUTE + 60_000), "the first request held this minute: said");
        assertFalse(weight.held(MINUTE + 60_000), "the next diff's attempt: not said again");
        assertTrue(weight.holding(MINUTE + 30_000));
        assertEquals("1170/1200 this minute (REST requests wait past 1080); held in 1 minute(s), HOLDING REST requests until the next minute",
                weight.describe(MINUTE + 30_000));
        assertFalse(weight.holding(MINUTE + 60_000));
        assertEquals("0/1200 this minute (REST requests wait past 1080); held in 1 minute(s)", weight.describe(MINUTE + 60_000));
        assertTrue(weight.held(MINUTE + 120_000));
        assertEquals(2, weight.holds());
    }

    @Test
    void shouldReadTheHeaderAndTheDocumentedWeights() {
        assertEquals(1170, RequestWeight.parseHeader("1170"));
        assertEquals(7, RequestWeight.parseHeader(" 7 "));
        assertEquals(-1, RequestWeight.parseHeader("7x"));
        assertEquals(-1, RequestWeight.parseHeader(""));
        assertEquals(-1, RequestWeight.parseHeader(null));
        weight.report(RequestWeight.parseHeader("bad"), MINUTE);
        assertEquals(0, weight.used(MINUTE), "a header that is not a number changes nothing");
        assertEquals(5, RequestWeight.depthWeight(100));
        assertEquals(25, RequestWeight.depthWeight(101));
        assertEquals(25, RequestWeight.depthWeight(500));
        assertEquals(50, RequestWeight.depthWeight(1000));
        assertEquals(250, RequestWeight.depthWeight(1001));
        assertEquals(250, RequestWeight.depthWeight(5000));
    }

    @Test
    void shouldTakeTheLimitFromTheRecordedExchangeInfo() throws IOException {
        byte[] info = Files.readAllBytes(DATA.resolve("recordings/cryptofeed/exchangeInfo-excerpt-20211012.json"));
        assertEquals(1200, ExchangeInfo.requestWeightPerMinute(info), "REQUEST_WEIGHT 1200 per 1 MINUTE in 2021");
        assertEquals(-1, ExchangeInfo.requestWeightPerMinute("{\"symbols\":[]}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(-1, ExchangeInfo.requestWeightPerMinute("not json".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void shouldTakeTheApisOneMinuteWeightFromItsRateLimits() throws IOException {
        RateLimits limits = new RateLimits(0.1);
        limits.shareRequestWeight(weight);
        byte[] reply = Files.readAllBytes(DATA.resolve("docs/wsapi-response-with-rateLimits.json"));
        long now = 1655716096505L; // the documented reply's transactTime
        new WsApiResponse().decode(reply, 0, reply.length, limits, now);
        assertEquals(321, weight.used(now), "REQUEST_WEIGHT 321/6000 per 1 MINUTE");
        assertEquals(6000, weight.limit());
        limits.report(RateLimits.ORDERS, 10_000, 50, 49, now);
        assertEquals(321, weight.used(now), "other windows are not the IP's request weight");
    }
}
