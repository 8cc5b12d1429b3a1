package flox.bench.sim;

import flox.api.bus.ExecutionBus;
import flox.api.bus.ExecutionSubscriber;
import flox.api.event.BookUpdate;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.time.NanoClock;
import flox.bus.internal.StandaloneBuses;
import flox.core.gateway.OrderRouter;
import flox.core.order.LockFreeOrderTracker;
import flox.core.symbol.ConcurrentSymbolRegistry;
import flox.core.time.SystemNanoClock;
import flox.executor.sim.internal.venue.SimOrderExecutor;
import flox.risk.internal.BenchRiskEngines;
import flox.risk.internal.RiskEngine;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The host's order path outside OSGi, wired by hand as the DS components wire it in the default
 * run: the real symbol registry, {@link LockFreeOrderTracker}, gateway ({@link OrderRouter}),
 * {@link RiskEngine} as its one risk check, and the simulated exchange
 * ({@link SimOrderExecutor}, inline or on its own thread) as the executor of exchange SIM, whose
 * reports go to the tracker and then to a <b>sync</b> execution bus with one subscriber: the risk
 * engine's position feed (what {@code RiskExecutionSubscriber} does in the host).
 *
 * <p>Market: two symbols with the same rules (price scale 2, quantity scale 5, tick and lot 1,
 * minimum quantity 1 lot, no minimum notional): {@link #WARMUP_SYMBOL} (ETHUSDT, id 0) for
 * unrecorded warm-up and {@link #MEASURED_SYMBOL} (BTCUSDT, id 1). At construction the venue and
 * the risk engine (its mid, for the price band) are given a snapshot of {@link #LEVELS} levels a
 * side around {@link #MID}, each level {@link #DEPTH_QTY} lots deep, so IOC orders of one lot at
 * the best price fill and never exhaust it. Nothing else feeds them afterwards: the venue keeps
 * matching against that book.
 *
 * <p>Risk limits: every check is on but generous, so orders pass (max order quantity 1,000,
 * notional 100,000,000, position 1,000,000, price band 500 bps, order rate 10^9/s with a burst of
 * 10^6); they still do their work (the band compares with the mid, the rate takes a token by CAS).
 *
 * <p>Not a hot-path object itself: construction and {@link #close} allocate and start or stop
 * threads. The objects it holds are the ones measured.
 */
public final class SimRig implements AutoCloseable {
    public static final int WARMUP_SYMBOL = 0;
    public static final int MEASURED_SYMBOL = 1;
    public static final int STRATEGY = 7;
    /** 61,583.22 at price scale 2. */
    public static final long MID = 6_158_322L;
    public static final long BEST_BID = MID;
    public static final long BEST_ASK = MID + 1;
    /** One lot: 0.00001 at quantity scale 5. */
    public static final long LOT = 1;
    public static final int LEVELS = 5;
    public static final long DEPTH_QTY = 1_000_000_000_000L;
    public static final int TRACKER_CAPACITY = 65_536;
    /** Keeps the INFO lines of buses (a subscriber joined, a bus stopped) and of the venue (stopped) out of benchmark output. */
    private static final Logger BUS_LOG = Logger.getLogger("flox.bus");
    private static final Logger SIM_LOG = Logger.getLogger("flox.sim");

    static {
        BUS_LOG.setLevel(Level.WARNING);
        SIM_LOG.setLevel(Level.WARNING);
    }

    static final Map<String, String> RISK_CONFIG = Map.of(
            "max.order.quantity", "1000",
            "max.order.notional", "100000000",
            "max.position", "1000000",
            "price.band.bps", "500",
            "order.rate.per.second", "1000000000",
            "order.rate.burst", "1000000",
            "refuse.market.without.reference", "false",
            "kill.switch", "false");

    public final ConcurrentSymbolRegistry registry = new ConcurrentSymbolRegistry();
    public final LockFreeOrderTracker tracker = new LockFreeOrderTracker(TRACKER_CAPACITY);
    public final NanoClock clock = new SystemNanoClock();
    public final OrderRouter gateway = new OrderRouter(registry, tracker, clock);
    public final RiskEngine risk;
    public final SimOrderExecutor venue;
    public final ExecutionBus executionBus;
    private final ExecutionSubscriber positionFeed;
    private final boolean inlineVenue;

    /** @param inlineVenue the venue matches on the submitting thread (inline) or on its own thread (threaded) */
    public SimRig(boolean inlineVenue) {
        this.inlineVenue = inlineVenue;
        try {
            int warm = registry.register(symbol("ETHUSDT"));
            int measured = registry.register(symbol("BTCUSDT"));
            if (warm != WARMUP_SYMBOL || measured != MEASURED_SYMBOL) throw new IllegalStateException("symbol ids " + warm + ", " + measured);
        } catch (SymbolRegistrationException e) {
            throw new IllegalStateException(e);
        }
        executionBus = StandaloneBuses.execution(new StandaloneBuses.Options().sync(true).publishTimeoutMs(10_000).stallTimeoutMs(10_000),
                registry);
        risk = BenchRiskEngines.create(registry, tracker, gateway, clock, RISK_CONFIG);
        risk.onVenueState(new flox.api.event.VenueStateEvent().set("SIM", flox.api.event.VenueStateEvent.ALL_SYMBOLS,
                flox.api.event.VenueState.LIVE, flox.api.event.VenueStateReason.NONE, 0, "bench", 0)); // the sim is up: orders pass
        positionFeed = risk::onExecution;
        StandaloneBuses.subscribe(executionBus, positionFeed, "risk", "lossless", -100);
        // latency 0; book levels 64; 4,096 resting orders per symbol; 8,192 queued commands; 8 market-data slots
        venue = new SimOrderExecutor("SIM", inlineVenue, registry, tracker, clock, 0, 64, 4_096, 8_192, 8);
        venue.executionBus(executionBus);
        gateway.executionBus(executionBus);
        gateway.addExecutor(asOrderExecutor(venue));
        gateway.addRiskCheck(risk);
        venue.start();
        for (int s = 0; s < 2; s++) {
            BookUpdate snapshot = snapshot(s);
            venue.onBookUpdate(snapshot);
            risk.onBookUpdate(snapshot);
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (venue.marketEvents() < 2) {
            if (System.nanoTime() - deadline > 0) throw new IllegalStateException("the venue did not take the snapshots within 10 s");
            Thread.onSpinWait();
        }
    }

    private static SymbolInfo symbol(String name) {
        return SymbolInfo.builder("SIM", name).priceScale(2).quantityScale(5).tickSizeScaled(1).lotSizeScaled(1).minQuantityScaled(1).build();
    }

    /** {@link #LEVELS} levels a side, best first, {@link #DEPTH_QTY} each. */
    public static BookUpdate snapshot(int symbolId) {
        BookUpdate u = new BookUpdate(LEVELS).reset(symbolId, BookUpdate.Type.SNAPSHOT);
        for (int i = 0; i < LEVELS; i++) {
            u.addBid(BEST_BID - i, DEPTH_QTY);
            u.addAsk(BEST_ASK + i, DEPTH_QTY);
        }
        return u;
    }

    /** Adapts the venue to the OrderExecutor contract, as its DS component does. */
    static OrderExecutor asOrderExecutor(SimOrderExecutor sim) {
        return new OrderExecutor() {
            @Override public String exchange() { return sim.exchange(); }
            @Override public RejectReason submit(OrderRequest r) { return sim.submit(r); }
            @Override public RejectReason cancel(int sym, long id) { return sim.cancel(sym, id); }
            @Override public RejectReason replace(int sym, long o, long n, long px, long q) { return sim.replace(sym, o, n, px, q); }
            @Override public void start() { sim.start(); }
            @Override public void stop() { sim.stop(5_000); }
        };
    }

    public boolean isInlineVenue() {
        return inlineVenue;
    }

    /**
     * Waits (up to 10 s) until the venue has handled every order (threaded mode), then returns
     * what went wrong, or "" when all is well: reports the tracker refused, refusals by the
     * gateway other than {@code allowed}, execution-bus deliveries lost or failed.
     */
    public String problems(RejectReason allowed) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (tracker.openOrderCount() > 0 && System.nanoTime() - deadline < 0) Thread.onSpinWait();
        StringBuilder b = new StringBuilder();
        if (tracker.openOrderCount() > 0) b.append(tracker.openOrderCount()).append(" orders still open; ");
        if (venue.trackerRefusals() > 0) b.append("the tracker refused ").append(venue.trackerRefusals()).append(" venue reports; ");
        for (TrackerResult r : TrackerResult.values()) {
            if (r.isRefused() && tracker.resultCount(r) > 0) b.append("tracker ").append(r).append(' ').append(tracker.resultCount(r)).append("; ");
        }
        for (RejectReason r : RejectReason.values()) {
            if (r != RejectReason.NONE && r != allowed && gateway.count(r) > 0) b.append("gateway refused ").append(gateway.count(r)).append(" x ").append(r).append("; ");
        }
        long[] c = StandaloneBuses.counters(executionBus, positionFeed);
        if (c == null || c[1] != 0 || c[2] != 0) {
            b.append("execution bus: ").append(c == null ? "risk feed not subscribed" : c[1] + " dropped, " + c[2] + " errors").append("; ");
        }
        if (venue.marketDataDropped() > 0) b.append("venue dropped ").append(venue.marketDataDropped()).append(" book updates; ");
        return b.toString();
    }

    @Override
    public void close() {
        venue.stop(10_000);
        StandaloneBuses.stop(executionBus);
    }
}
