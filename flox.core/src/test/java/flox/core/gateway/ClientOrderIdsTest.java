package flox.core.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.time.NanoClock;
import flox.core.config.ConfigReader;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** first.id: deterministic ids by default, epoch-seeded ids unique across restarts. */
@Timeout(30)
class ClientOrderIdsTest {
    static final long MS = 1_000_000L;
    /** 2026-12-06T10:00:00Z as epoch nanoseconds. */
    static final long T0 = Instant.parse("2026-12-06T10:00:00Z").toEpochMilli() * MS;

    /** A clock whose wall time the test sets. */
    static final class WallClock implements NanoClock {
        long epochNanos;
        WallClock(long epochNanos) { this.epochNanos = epochNanos; }
        @Override public long nanoTime() { return 0; }
        @Override public long epochNanos() { return epochNanos; }
    }

    static OrderRouter router(String firstId, WallClock clock) {
        ConfigReader config = new ConfigReader(OrderGatewayComponent.PID, firstId == null ? Map.of() : Map.of(ClientOrderIds.KEY, firstId));
        return new OrderRouter(new ConcurrentSymbolRegistry(), new LockFreeOrderTracker(16), clock, ClientOrderIds.read(config, ClientOrderIds.deterministic()));
    }

    @Test
    void shouldStartEveryRunAtOneByDefaultWhateverTheClock() {
        assertEquals(1, router(null, new WallClock(T0)).nextClientOrderId());
        OrderRouter later = router(null, new WallClock(T0 + 3_600_000 * MS));
        assertEquals(1, later.nextClientOrderId());
        assertEquals(2, later.nextClientOrderId());
        assertEquals(1000, router("1000", new WallClock(T0)).nextClientOrderId());
    }

    @Test
    void shouldSeedFromTheWallClockInMillisecondsTimes1024() {
        OrderRouter r = router("epoch", new WallClock(T0 + 123_456L));
        long first = r.nextClientOrderId();
        assertEquals((T0 / MS) * 1024, first);
        assertEquals(first + 1, r.nextClientOrderId());
        assertTrue(first > 0 && first < (1L << 53), "positive and exact as a double: " + first);
        long in2248 = ClientOrderIds.epochSeed(Instant.parse("2248-01-01T00:00:00Z").toEpochMilli() * MS);
        assertTrue(in2248 > 0 && in2248 < (1L << 53), "still below 2^53 in 2248: " + in2248);
    }

    @Test
    void shouldNotReuseAnIdOfARunThatStoppedAMillisecondBefore() {
        WallClock clock = new WallClock(T0);
        OrderRouter first = router("epoch", clock);
        long last = 0;
        for (int ms = 0; ms < 5; ms++) { // 1024 ids in each of 5 ms: the most the guarantee covers
            for (int i = 0; i < 1024; i++) last = first.nextClientOrderId();
            clock.epochNanos += MS;
        }
        OrderRouter restarted = router("EPOCH", clock); // the same day, 5 ms after the first start
        assertTrue(restarted.nextClientOrderId() > last, "the restart begins beyond every id of the run before");
    }

    @Test
    void shouldSayWhenIdsRunAheadOfTheClock() {
        List<String> log = new CopyOnWriteArrayList<>();
        Handler h = new Handler() {
            @Override public void publish(LogRecord r) { log.add(r.getLevel() + " " + r.getMessage()); }
            @Override public void flush() { }
            @Override public void close() { }
        };
        Logger jul = Logger.getLogger("flox.gateway");
        jul.addHandler(h);
        try {
            OrderRouter r = router("epoch", new WallClock(T0)); // the clock stands still
            for (int i = 0; i < 1024; i++) r.nextClientOrderId();
            assertTrue(log.isEmpty(), "1024 ids within the first millisecond are covered: " + log);
            for (int i = 0; i < 1024; i++) r.nextClientOrderId();
            assertEquals(1, log.size(), log.toString());
            assertTrue(log.get(0).startsWith("WARNING gateway: client order ids run 1 ms ahead of the wall clock"), log.toString());
            for (int i = 0; i < 4096; i++) r.nextClientOrderId();
            assertEquals(1, log.size(), "said once");
        } finally {
            jul.removeHandler(h);
        }
    }

    @Test
    void shouldRefuseAMalformedSettingNamingTheFileAndFieldAndKeepTheLastGoodOne() {
        ConfigReader config = new ConfigReader(OrderGatewayComponent.PID,
                Map.of("felix.fileinstall.filename", "file:/home/etc/flox.gateway.cfg", ClientOrderIds.KEY, "epoc"));
        ClientOrderIds epoch = ClientOrderIds.read(new ConfigReader("x", Map.of(ClientOrderIds.KEY, "epoch")), ClientOrderIds.deterministic());
        assertTrue(ClientOrderIds.read(config, epoch).epochSeeded(), "the last good value is kept");
        assertEquals("/home/etc/flox.gateway.cfg, field first.id: 'epoc' is neither epoch nor a whole number in [1, "
                + (1L << 62) + "] (keeping epoch)", config.errors());
        ConfigReader zero = new ConfigReader(OrderGatewayComponent.PID, Map.of(ClientOrderIds.KEY, "0"));
        assertEquals(1, ClientOrderIds.read(zero, ClientOrderIds.deterministic()).firstId(T0), "0 is not an id");
        assertTrue(zero.hasErrors());
    }
}
