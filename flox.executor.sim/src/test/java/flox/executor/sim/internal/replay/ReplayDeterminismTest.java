package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.MalformedLinePolicy;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.RegistryReplaySymbols;
import flox.connector.binance.internal.feed.ReplayHandler;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.RejectReason;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.bus.internal.StandaloneBuses;
import flox.core.gateway.OrderRouter;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.executor.sim.internal.venue.SimOrderExecutor;
import flox.strategy.samples.internal.metrics.TickToTradeProbe;
import flox.strategy.samples.internal.strategy.MarketMaker;
import flox.strategy.samples.internal.strategy.MomentumTaker;
import flox.strategy.samples.internal.strategy.StrategyDriver;
import flox.strategy.samples.internal.strategy.StrategyOrders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The whole trading pipeline on a recording, twice: replay → sync market-data bus → sample
 * strategies → gateway → inline simulated exchange → tracker → sync execution bus. Time is the
 * recording's (a clock that reads the current event's receive time), so the same recording gives
 * the same orders and fills, compared exactly, field by field.
 */
@Timeout(120)
class ReplayDeterminismTest {

    /** The replay's notion of now: the receive time of the event being handled. */
    static final class EventClock implements NanoClock {
        long now;
        @Override public long nanoTime() { return now; }
        @Override public long epochNanos() { return now; }
    }

    @Test
    void shouldProduceTheSameOrdersAndFillsForTheSameRecording() throws Exception {
        Path recording = SharedData.file("binance/recordings/hftbacktest/btcusdt_20240808.gz");
        List<String> first = run(recording);
        List<String> second = run(recording);
        long fills = first.stream().filter(s -> s.startsWith("FILLED") || s.startsWith("PARTIALLY_FILLED")).count();
        long accepted = first.stream().filter(s -> s.startsWith("ACCEPTED")).count();
        assertTrue(accepted > 50, "the strategies traded: " + accepted + " orders accepted");
        assertTrue(fills > 20, "and got fills: " + fills);
        assertEquals(first.size(), second.size(), "as many execution reports");
        for (int i = 0; i < first.size(); i++) {
            assertEquals(first.get(i), second.get(i), "report #" + i);
        }
    }

    private static List<String> run(Path recording) throws Exception {
        ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
        // Binance BTCUSDT as the simulated exchange's symbol: tick 0.01, lot 0.00001, quantities kept at 8 decimals
        registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(8).tickSizeScaled(1)
                .lotSizeScaled(1_000).minQuantityScaled(1_000).minNotionalScaled(500).build());
        EventClock clock = new EventClock();
        LockFreeOrderTracker tracker = new LockFreeOrderTracker(1 << 16);
        OrderRouter gateway = new OrderRouter(registry, tracker, clock);
        StandaloneBuses.Options sync = new StandaloneBuses.Options().sync(true).ringSize(64).bookLevels(5_000);
        MarketDataBus marketData = StandaloneBuses.marketData(sync, registry);
        ExecutionBus executions = StandaloneBuses.execution(sync, registry);
        gateway.executionBus(executions);

        SimOrderExecutor venue = new SimOrderExecutor("SIM", true, registry, tracker, clock, 0, 5_000, 1_024, 4_096, 16);
        venue.executionBus(executions);
        OrderState state = new OrderState();
        gateway.addExecutor(new OrderExecutor() {
            @Override public String exchange() { return "SIM"; }
            @Override public RejectReason submit(OrderRequest r) { return venue.submit(r); }
            @Override public RejectReason cancel(int sym, long id) { return venue.cancel(sym, id); }
            @Override public RejectReason replace(int sym, long o, long n, long px, long q) { return venue.replace(sym, o, n, px, q); }
            @Override public void start() { }
            @Override public void stop() { }
        });
        venue.start();
        StandaloneBuses.subscribe(marketData, new MarketDataSubscriber() {
            @Override public void onBookUpdate(BookUpdate u) { venue.onBookUpdate(u); }
            @Override public void onTrade(TradeEvent t) { venue.onTrade(t); }
        }, "venue", "lossless", -100); // the venue sees the market before the strategies

        List<String> reports = new ArrayList<>();
        StandaloneBuses.subscribe(executions, (ExecutionSubscriber) e -> reports.add(describe(e)), "recorder", "lossless", 100);

        StrategyOrders mmOrders = new StrategyOrders(gateway, new TickToTradeProbe(1_024), clock, 1, 64);
        MarketMaker mm = new MarketMaker(mmOrders, new MarketMaker.Params(20_000, 200_000, 0, 4, 0, 1, 0, 3, 250_000_000L));
        StrategyDriver mmDriver = new StrategyDriver("mm", mm, clock, registry, 5_000);
        StrategyOrders momOrders = new StrategyOrders(gateway, new TickToTradeProbe(1_024), clock, 2, 64);
        MomentumTaker mom = new MomentumTaker(momOrders, new MomentumTaker.Params(20, 50, 10_000, 2_000_000_000L, 2, 250_000_000L));
        StrategyDriver momDriver = new StrategyDriver("momentum", mom, clock, registry, 5_000);
        for (StrategyDriver d : new StrategyDriver[] {mmDriver, momDriver}) {
            StandaloneBuses.subscribe(marketData, d, d.name(), "lossless", 0);
            StandaloneBuses.subscribe(executions, d, d.name(), "lossless", 0);
            d.watchVenue("SIM");
            d.start();
        }
        // as ReplayMarketDataComponent does before the first line
        assertTrue(marketData.publishVenueState(new VenueStateEvent().set("SIM", VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE,
                VenueStateReason.STARTUP, 0, "replaying", 0)) >= 0);

        try (BinanceRecordingReader reader = new BinanceRecordingReader(List.of(RecordingInput.of(recording)),
                new RegistryReplaySymbols(registry, "SIM"), MalformedLinePolicy.FAIL, 5_000, 1_000)) {
            reader.run(new ReplayHandler() {
                @Override public void onBookUpdate(BookUpdate u) {
                    clock.now = u.receiveTimestampNs();
                    assertTrue(marketData.publishBookUpdate(u) >= 0);
                }

                @Override public void onTrade(TradeEvent t) {
                    clock.now = t.receiveTimestampNs();
                    assertTrue(marketData.publishTrade(t) >= 0);
                }
            });
        }
        mmDriver.stop();
        momDriver.stop();
        venue.stop(1_000);
        StandaloneBuses.stop(marketData);
        StandaloneBuses.stop(executions);
        return reports;
    }

    private static String describe(ExecutionEvent e) {
        return e.execType() + " id=" + e.clientOrderId() + " orig=" + e.origClientOrderId() + " xo=" + e.exchangeOrderId() + " x=" + e.execId()
                + " " + e.side() + " px=" + e.priceScaled() + " qty=" + e.quantityScaled() + " last=" + e.lastQuantityScaled() + "@"
                + e.lastPriceScaled() + " cum=" + e.cumulativeQuantityScaled() + " " + e.reason() + " t=" + e.receiveTimestampNs()
                + (e.execType() == ExecType.REJECTED ? " " + e.text() : "");
    }
}
