package flox.risk.internal;

import flox.api.bus.ExecutionBus;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolInfo;
import flox.api.time.NanoClock;
import flox.core.gateway.OrderRouter;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The risk engine wired to the host's real gateway, tracker and registry (flox.core), with a
 * hand-driven clock, a fake exchange that answers at once, and an execution bus that delivers
 * synchronously to the engine (as the sync bus would) and records what was published.
 *
 * <p>Symbols: SIM:BTCUSDT (price scale 2, quantity scale 5) and SIM:ETHUSDT (2, 4).
 */
final class RiskFixture {
    static final int STRATEGY = 7;

    final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    final LockFreeOrderTracker tracker = new LockFreeOrderTracker(1024);
    final ManualClock clock = new ManualClock();
    final OrderRouter gateway = new OrderRouter(registry, tracker, clock);
    final FakeExchange exchange = new FakeExchange();
    final List<String> published = new ArrayList<>();
    final ExecutionEvent report = new ExecutionEvent();
    final OrderRequest request = new OrderRequest();
    final OrderState state = new OrderState();
    final BookUpdate book = new BookUpdate(8);
    final int btc;
    final int eth;
    RiskEngine engine;
    boolean recordPublished = true;
    /** Delivers synchronously to the engine, as the sync bus does, and records what it saw. */
    final ExecutionBus bus = new ExecutionBus() {
        @Override public long publishExecution(ExecutionEvent e) {
            if (recordPublished) published.add(e.execType() + " " + e.clientOrderId() + " " + e.reason());
            engine.onExecution(e);
            return 0;
        }
    };

    static final class ManualClock implements NanoClock {
        long now = 1_000_000_000_000L;
        long step;

        @Override public long nanoTime() { long t = now; now += step; return t; }
        @Override public long epochNanos() { return now; }
        void advanceMs(long ms) { now += ms * 1_000_000L; }
    }

    /** Accepts every order; cancels at once (CANCELED applied and published) unless told otherwise. */
    final class FakeExchange implements OrderExecutor {
        final List<Long> submitted = new ArrayList<>();
        final Set<Long> refuseCancel = new HashSet<>();
        boolean recordSubmits = true;

        @Override public String exchange() { return "SIM"; }
        @Override public RejectReason submit(OrderRequest r) {
            if (recordSubmits) submitted.add(r.clientOrderId());
            return RejectReason.NONE;
        }
        @Override public RejectReason cancel(int symbolId, long id) {
            if (refuseCancel.contains(id)) return RejectReason.VENUE_REJECT;
            tracker.read(id, state);
            execution(report.reset(ExecType.CANCELED, id, state.symbolId(), state.side()));
            return RejectReason.NONE;
        }
        @Override public RejectReason replace(int symbolId, long o, long n, long px, long qty) { return RejectReason.NONE; }
        @Override public void start() { }
        @Override public void stop() { }
    }

    RiskFixture(Map<String, ?> config) throws Exception {
        btc = registry.register(SymbolInfo.builder("SIM", "BTCUSDT").priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).build());
        eth = registry.register(SymbolInfo.builder("SIM", "ETHUSDT").priceScale(2).quantityScale(4).tickSizeScaled(1).lotSizeScaled(1).build());
        gateway.executionBus(bus);
        gateway.addExecutor(exchange);
        engine = new RiskEngine(registry, tracker, gateway, clock, settings(config));
        venueLive();
        gateway.addRiskCheck(engine);
    }

    /** SIM publishes LIVE (venue-wide) to the current engine, as the simulated exchange does when it starts. */
    void venueLive() {
        venue(VenueStateEvent.ALL_SYMBOLS, VenueState.LIVE);
    }

    void venue(int symbolId, VenueState state) {
        engine.onVenueState(new VenueStateEvent().set("SIM", symbolId, state, VenueStateReason.NONE, 0, "test", clock.now));
    }

    /**
     * Replaces the engine with a {@link RiskComponent} (no timer) on {@code home} started with
     * {@code properties}, as the gateway's risk check; {@link #engine} is the component's.
     */
    RiskComponent component(java.nio.file.Path home, Map<String, Object> properties) {
        return component(home, properties, null);
    }

    /** As {@link #component(java.nio.file.Path, Map)}, with {@code held} standing for what Configuration Admin holds. */
    RiskComponent component(java.nio.file.Path home, Map<String, Object> properties, java.util.function.Supplier<Map<String, Object>> held) {
        gateway.removeRiskCheck(engine);
        if (component != null) gateway.removeRiskCheck(component);
        component = new RiskComponent(registry, tracker, gateway, clock, new flox.core.config.HomeState(home), properties, false, held);
        engine = component.engine();
        venueLive();
        gateway.addRiskCheck(component);
        return component;
    }

    RiskComponent component;

    /** Reads the configuration as the component does; fails the test on a configuration error. */
    static RiskSettings settings(Map<String, ?> config) {
        StringBuilder errors = new StringBuilder();
        RiskSettings s = RiskSettings.read(RiskComponent.PID, config, RiskSettings.defaults(), errors);
        if (errors.length() > 0) throw new AssertionError(errors.toString());
        return s;
    }

    /** Everything off except what {@code keyValues} sets. */
    static Map<String, Object> only(Object... keyValues) {
        Map<String, Object> m = new HashMap<>();
        m.put("max.order.quantity", "0");
        m.put("max.order.notional", "0");
        m.put("max.position", "0");
        m.put("price.band.bps", "0");
        m.put("order.rate.per.second", "0");
        m.put("kill.cancel.rounds", "3");
        m.put("kill.cancel.interval.ms", "1");
        for (int i = 0; i < keyValues.length; i += 2) m.put((String) keyValues[i], keyValues[i + 1]);
        return m;
    }

    RejectReason submit(int strategy, int symbol, Side side, long priceScaled, long quantityScaled) {
        request.limit(gateway.nextClientOrderId(), symbol, side, priceScaled, quantityScaled, TimeInForce.GTC).strategyId(strategy);
        return gateway.submit(request);
    }

    RejectReason submitMarket(int strategy, int symbol, Side side, long quantityScaled) {
        request.limit(gateway.nextClientOrderId(), symbol, side, 0, quantityScaled, TimeInForce.IOC).strategyId(strategy).orderType(OrderType.MARKET);
        return gateway.submit(request);
    }

    /** Id of the last order submitted. */
    long lastId() {
        return request.clientOrderId();
    }

    /** The venue's report, applied to the tracker and published, as an executor does. */
    void execution(ExecutionEvent e) {
        tracker.apply(e);
        bus.publishExecution(e);
    }

    void ack(long id) {
        tracker.read(id, state);
        execution(report.reset(ExecType.ACCEPTED, id, state.symbolId(), state.side()).execId(id * 100));
    }

    /** A fill of {@code last} bringing the order's cumulative fill to {@code cumulative}. */
    void fill(long id, long priceScaled, long last, long cumulative) {
        tracker.read(id, state);
        ExecType type = cumulative == state.quantityScaled() ? ExecType.FILLED : ExecType.PARTIALLY_FILLED;
        execution(report.reset(type, id, state.symbolId(), state.side()).execId(id * 100 + cumulative).fill(priceScaled, last, cumulative));
    }

    /** Submits, acknowledges and fills a limit order completely; returns its id. */
    long filled(int strategy, int symbol, Side side, long priceScaled, long quantityScaled) {
        RejectReason r = submit(strategy, symbol, side, priceScaled, quantityScaled);
        if (r != RejectReason.NONE) throw new AssertionError("refused: " + r);
        long id = lastId();
        ack(id);
        fill(id, priceScaled, quantityScaled, quantityScaled);
        return id;
    }

    /** A one-level snapshot of the symbol's book (bid or ask 0: that side empty). */
    void book(int symbol, long bidScaled, long askScaled) {
        book.reset(symbol, BookUpdate.Type.SNAPSHOT);
        if (bidScaled > 0) book.addBid(bidScaled, 100);
        if (askScaled > 0) book.addAsk(askScaled, 100);
        engine.onBookUpdate(book);
    }
}
