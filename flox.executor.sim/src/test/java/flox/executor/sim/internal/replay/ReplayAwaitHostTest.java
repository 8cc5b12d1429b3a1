package flox.executor.sim.internal.replay;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueStateEvent;
import flox.api.symbol.SymbolInfo;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The replay holds its first event until the host is ready (every lifecycle phase launched, the
 * awaited services there): otherwise how far it got before a late strategy joined was a race and
 * two backtests of one recording differed.
 */
@Timeout(60)
class ReplayAwaitHostTest {
    @TempDir
    Path tmp;
    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final AtomicLong published = new AtomicLong();
    final AtomicLong states = new AtomicLong();
    final CountDownLatch hostStopped = new CountDownLatch(1);
    ReplayMarketDataComponent component;

    final MarketDataBus bus = new MarketDataBus() {
        @Override public long publishBookUpdate(BookUpdate update) { return published.getAndIncrement(); }
        @Override public long publishTrade(TradeEvent trade) { return published.getAndIncrement(); }
        @Override public long publishVenueState(VenueStateEvent v) { return states.getAndIncrement(); }
        @Override public int maxBookLevels() { return 5000; }
    };

    @BeforeEach
    void setUp() throws Exception {
        registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1)
                .lotSizeScaled(1_000).minQuantityScaled(1_000).minNotionalScaled(500).build());
    }

    @AfterEach
    void tearDown() throws InterruptedException {
        if (component != null) component.stop();
    }

    private ReplayMarketDataComponent replay(String awaitServices) throws Exception {
        Map<String, Object> config = new HashMap<>(Map.of("files", SharedData.file("binance/recordings/hftbacktest/btcusdt_20240808.gz").toString(),
                "pace", "max", "stop.host.when.done", "true"));
        if (awaitServices != null) config.put("await.services", awaitServices);
        return new ReplayMarketDataComponent(bus, registry, ReplayOutcomeReportingTest.CLOCK, config, Files.createDirectories(tmp.resolve("home")),
                hostStopped::countDown);
    }

    @Test
    void shouldHoldTheFirstEventUntilTheHostIsReady() throws Exception {
        AtomicBoolean ready = new AtomicBoolean();
        AtomicInteger asked = new AtomicInteger();
        CountDownLatch askedOften = new CountDownLatch(5);
        component = replay("(felix.fileinstall.filename=*/flox.strategy.marketmaker-btc.cfg)");
        component.awaitHost(() -> {
            asked.incrementAndGet();
            askedOften.countDown();
            return ready.get() ? null : "no service matches (felix.fileinstall.filename=*/flox.strategy.marketmaker-btc.cfg)";
        }, TimeUnit.SECONDS.toNanos(50));
        component.start();
        assertTrue(askedOften.await(10, TimeUnit.SECONDS), "the replay thread asks whether the host is ready");
        assertEquals(0, published.get() + states.get(), "nothing published while the host is not ready (asked " + asked.get() + " times)");
        ready.set(true);
        assertTrue(hostStopped.await(30, TimeUnit.SECONDS), "the replay runs to its end once the host is ready");
        assertTrue(component.outcome().complete(), component.outcome().toString());
        assertTrue(published.get() > 10_000, published.get() + " events");
    }

    @Test
    void shouldEndIncompleteWhenAnAwaitedServiceNeverComes() throws Exception {
        component = replay("(felix.fileinstall.filename=*/flox.backtest.cfg)");
        component.awaitHost(() -> "no service matches (felix.fileinstall.filename=*/flox.backtest.cfg)", TimeUnit.MILLISECONDS.toNanos(50));
        component.start();
        assertTrue(hostStopped.await(30, TimeUnit.SECONDS), "the host is stopped: the backtest would miss what it waits for");
        assertFalse(component.outcome().complete());
        assertTrue(component.outcome().reason().contains("no service matches (felix.fileinstall.filename=*/flox.backtest.cfg) (field await.services)"),
                component.outcome().reason());
        assertEquals(0, published.get(), "nothing replayed");
    }

    @Test
    void shouldReplayAnywayWhenOnlyTheLifecycleIsLateAndNothingIsAwaited() throws Exception {
        component = replay(null);
        component.awaitHost(() -> "the host's lifecycle has not launched every phase", TimeUnit.MILLISECONDS.toNanos(50));
        component.start();
        assertTrue(hostStopped.await(30, TimeUnit.SECONDS));
        assertTrue(component.outcome().complete(), component.outcome().toString());
    }
}
