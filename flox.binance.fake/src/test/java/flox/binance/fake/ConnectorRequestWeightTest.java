package flox.binance.fake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.connector.binance.internal.component.BinanceConnectorComponent;
import flox.connector.binance.internal.feed.TickerCheck;
import flox.connector.binance.internal.live.MarketDataConnection;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The IP's request weight against the fake, which counts REST and the WebSocket API together and
 * here refuses (429) a REST request that takes the minute past 1,200, as exchangeInfo states:
 * the weight shown in {@code flox:binance} is the venue's (the used-weight header), not only what
 * the connector sent, and a resync snapshot that would pass the margin (1,080) is held until the
 * next minute rather than draw the 429, then the book syncs and matches. Both clocks (the fake's
 * and the connector's) are one test clock: the minute passes when the test says so.
 */
@Timeout(value = 1, unit = TimeUnit.MINUTES)
class ConnectorRequestWeightTest {
    /** 2024-08-08 12:00:05 UTC: 5 s into a minute. */
    static final long START_MS = 1_723_118_400_000L + 5_000;
    static final String WEIGHT_LINE = "request weight (this IP, REST and API): ";

    final AtomicLong clock = new AtomicLong(START_MS);
    final ConnectorComponentTest.StateBus bus = new ConnectorComponentTest.StateBus();
    FakeBinance fake;
    BinanceConnectorComponent component;

    @AfterEach
    void tearDown() throws Exception {
        if (component != null) component.stop();
        if (fake != null) fake.close();
    }

    /** The component on the fake (limit 1,200 enforced), the BTCUSDT book in sync: exchangeInfo 20 + a snapshot of 1,000 levels 50. */
    long startInSync() throws Exception {
        fake = FakeBinance.builder().recording(TestSupport.btcusdt()).exchangeInfo(TestSupport.exchangeInfo()).pacing(Pacing.testControlled())
                .clockMs(clock::get).weightLimit(1_200).start();
        String base = "127.0.0.1:" + fake.port();
        component = new BinanceConnectorComponent(new ConcurrentSymbolRegistry(), bus, Map.of("symbols", "BTCUSDT", "stream.url", "ws://" + base,
                "rest.url", "http://" + base, "snapshot.interval.ms", "100", "reconnect.min.ms", "20"));
        component.marketData().clockMs(clock::get);
        component.start();
        TestSupport.await("connected", () -> fake.connectionsOpen() == 1);
        long p = fake.releaseUntil(fr -> fr.position() >= 2_000);
        assertTrue(fake.awaitSent(p, TestSupport.WAIT));
        TestSupport.await("in sync", () -> component.binance().contains("BTCUSDT: in sync"));
        assertEquals(70, fake.usedWeight());
        assertTrue(component.binance().contains(WEIGHT_LINE + "70/1200 this minute (REST requests wait past 1080)"), component.binance());
        return p;
    }

    /** Drops a diff after frame {@code after} and releases {@code frames} frames past it: the book resyncs, asking for a snapshot. */
    long gapAfter(long after, int frames) throws Exception {
        fake.faultAfterFrame(after + 50, new Fault.SequenceGap("BTCUSDT"));
        long p = fake.releaseUntil(fr -> fr.position() >= after + frames);
        assertTrue(fake.awaitSent(p, TestSupport.WAIT));
        return p;
    }

    TickerCheck check() throws Exception {
        MarketDataConnection c = component.marketData().connection();
        return c.onThread(() -> c.session().book(0));
    }

    long framesTaken() {
        MarketDataConnection c = component.marketData().connection();
        try {
            return c.onThread(() -> c.session().frames());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void shouldShowTheWeightTheVenueReportsNotOnlyWhatItSent() throws Exception {
        long p = startInSync();
        fake.useWeight(400); // another program on the same IP: the connector cannot know until a reply says so
        gapAfter(p, 500);
        TestSupport.await("resynced", () -> fake.snapshotsServed() == 2 && component.binance().contains("BTCUSDT: in sync"));
        // the connector sent 70 + 50; the header of the snapshot's reply said 520
        assertEquals(520, fake.usedWeight());
        TestSupport.await("the header's count shown", () -> component.binance().contains(WEIGHT_LINE + "520/1200 this minute"));
        clock.addAndGet(60_000);
        assertTrue(component.binance().contains(WEIGHT_LINE + "0/1200 this minute"), "a new minute starts at 0: " + component.binance());
    }

    @Test
    void shouldHoldAResyncSnapshotUntilTheNextMinuteRatherThanDrawA429() throws Exception {
        long p = startInSync();
        fake.useWeight(1_050); // 1,120: another program on the IP
        p = gapAfter(p, 500); // the connector thinks 70 + 50 may go; the venue counts 1,170, and says so
        TestSupport.await("resynced", () -> fake.snapshotsServed() == 2 && component.binance().contains("BTCUSDT: in sync"));
        TestSupport.await("the header's count shown", () -> component.binance().contains(WEIGHT_LINE + "1170/1200 this minute"));

        gapAfter(p, 300); // 1,170 + 50 would pass 1,080 (and the fake's 1,200: a 429)
        TestSupport.await("the snapshot held", () -> component.binance().contains("HOLDING REST requests until the next minute"));
        String held = component.binance();
        assertTrue(held.contains("BTCUSDT: not in sync") && held.contains("held in 1 minute(s)"), held);
        assertEquals(2, fake.snapshotsServed(), "nothing asked while held");
        assertEquals(0, fake.weightRefusals(), "no 429 drawn");
        assertFalse(bus.states.contains("BINANCE RATE_LIMITED"), bus.states.toString());

        clock.addAndGet(60_000); // the next minute: the next diff asks, the snapshot goes
        fake.release(Long.MAX_VALUE);
        TestSupport.await("the recording played to its end", fake::isFinished);
        long sent = 0;
        for (String s : ConnectorMarketDataTest.STREAMS) sent += fake.framesSent(s);
        long expected = sent;
        TestSupport.await("every frame sent taken", () -> framesTaken() == expected);
        TestSupport.await("LIVE again", () -> bus.states.get(bus.states.size() - 1).equals("BINANCE LIVE"));
        TickerCheck c = check();
        assertEquals(2, c.gaps, c.line());
        assertEquals(2, c.resyncs, c.line());
        assertTrue(c.checked > 2_500, c.line()); // of 3,449: the diffs the two snapshots cover are dropped unchecked, how many depends on when each is taken
        assertEquals(c.checked, c.matched, c.line());
        assertEquals(3, fake.snapshotsServed());
        assertEquals(0, fake.weightRefusals(), "no 429 drawn");
        assertFalse(bus.states.contains("BINANCE RATE_LIMITED"), bus.states.toString());
        String after = component.binance();
        assertTrue(after.contains(WEIGHT_LINE + "50/1200 this minute") && after.contains("held in 1 minute(s)")
                && !after.contains("HOLDING"), after);
    }
}
