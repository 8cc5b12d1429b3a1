package example.strategy;

import flox.api.book.OrderBook;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.lifecycle.LifecycleParticipant;
import flox.api.metrics.StatusContributor;
import flox.api.num.FixedPoint;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.HandoverState;
import flox.api.plugin.StateHandover;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * A mean-reversion taker on one symbol, one instance per factory configuration
 * ({@code etc/example.strategy-NAME.cfg}).
 *
 * <p>It keeps the symbol's {@link OrderBook} and a simple moving average of the mid over the
 * last {@code window} book updates. When the mid is {@code threshold.ticks} or more below the
 * average it buys {@code size} at the best ask; that far above, it sells at the best bid; both
 * immediate-or-cancel, so nothing rests and {@link #stop()} has nothing to cancel. It holds at
 * most {@code max.position} either way, has at most one order in flight, and waits
 * {@code cooldown.ms} between orders. Orders go through the host's {@link OrderGateway} (risk
 * checks, tracking, routing to the simulated exchange), never to an executor directly.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li>Book updates arrive on one thread (the market-data bus's thread for this subscriber): it
 * owns the book, the average and the {@link OrderRequest}, and is the only one that decides.</li>
 * <li>Execution reports arrive on another (the execution bus's), or on the deciding thread itself
 * inside {@code submit} when the buses and the venue are synchronous. They only update the
 * position (single writer, volatile) and release the in-flight slot ({@link AtomicLong}).</li>
 * <li>{@code start}/{@code stop} come from the lifecycle coordinator and flip a volatile flag.</li>
 * </ul>
 *
 * <h2>Hot swap</h2>
 * Replacing the jar in the host's plugins directory swaps this strategy for the new version
 * without a restart ({@link StateHandover}): the old instance exports its position, counters and
 * the order in flight; the new one (same strategy id) imports them before it starts, so
 * {@code max.position} keeps holding across versions. Format 1 is the layout written by
 * {@link #exportState()}; a later version that changes it raises {@link #STATE_FORMAT} and still
 * reads format 1 (or refuses it: the host then cancels the open orders). Limitation kept for
 * brevity: a fill of the order in flight that happens between the two instances reaches neither
 * (the host delivers no event in the gap); a strategy that must not miss it reads the orders of
 * {@link HandoverState#ordersAtDeparture()} from the {@link flox.api.order.OrderTracker}.
 *
 * <p>No allocation in the callbacks: the book, the average's ring and the order request are
 * allocated once (the book and the ring when the symbol is first seen); the only allocating
 * line is the one-time log of the first order.
 */
@Component(configurationPid = MeanReversionStrategy.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        service = {Strategy.class, LifecycleParticipant.class, MarketDataSubscriber.class, ExecutionSubscriber.class,
                StatusContributor.class})
@Designate(ocd = MeanReversionStrategy.Config.class, factory = true)
public final class MeanReversionStrategy implements Strategy, StateHandover, MarketDataSubscriber, ExecutionSubscriber, StatusContributor {
    /** Factory pid: one configuration file {@code example.strategy-NAME.cfg} per instance. */
    public static final String PID = "example.strategy";
    /** Layout of {@link #exportState()}: position, sent, fills, rejected, order in flight, its quantity already counted (longs). */
    public static final int STATE_FORMAT = 1;
    private static final System.Logger LOG = System.getLogger(PID);

    @ObjectClassDefinition(name = "Example mean-reversion strategy",
            description = "Buys below and sells above a moving average of the mid, immediate-or-cancel; one instance per configuration.")
    public @interface Config {
        @AttributeDefinition(name = "Symbol", description = "EXCHANGE:SYMBOL as in symbols.csv, e.g. SIM:BTCUSDT.")
        String symbol();

        @AttributeDefinition(name = "Strategy id", description = "Owner id of its orders; unique in the host.", min = "1")
        int strategy_id();

        @AttributeDefinition(name = "Size", description = "Quantity of each order in base units (a multiple of the lot size).")
        String size() default "0.0002";

        @AttributeDefinition(name = "Window", description = "Book updates in the moving average of the mid.", min = "2")
        int window() default 200;

        @AttributeDefinition(name = "Threshold (ticks)", description = "Distance of the mid from its average that triggers an order.", min = "1")
        long threshold_ticks() default 2;

        @AttributeDefinition(name = "Max position", description = "Largest absolute position in base units.")
        String max_position() default "0.001";

        @AttributeDefinition(name = "Cool-down (ms)", description = "Least time between two orders.", min = "0")
        long cooldown_ms() default 100;

        @AttributeDefinition(name = "Book levels", description = "Levels per side kept in the strategy's book.", min = "1")
        int book_levels() default 64;
    }

    /** The configuration as plain values (tests build it directly). */
    public record Settings(String exchange, String symbol, int strategyId, String size, int window, long thresholdTicks,
                           String maxPosition, long cooldownMs, int bookLevels) {
        /** Reads and checks a configuration; the message of the exception names the bad field. */
        public static Settings from(Config c) {
            String s = c.symbol() == null ? "" : c.symbol().strip();
            int colon = s.indexOf(':');
            if (colon <= 0 || colon == s.length() - 1) {
                throw new IllegalArgumentException(PID + ": symbol '" + s + "' is not EXCHANGE:SYMBOL");
            }
            Settings settings = new Settings(s.substring(0, colon), s.substring(colon + 1), c.strategy_id(), c.size().strip(),
                    c.window(), c.threshold_ticks(), c.max_position().strip(), c.cooldown_ms(), c.book_levels());
            settings.check();
            return settings;
        }

        void check() {
            if (strategyId < 1) throw new IllegalArgumentException(PID + ": strategy.id must be >= 1");
            if (window < 2) throw new IllegalArgumentException(PID + ": window must be >= 2");
            if (thresholdTicks < 1) throw new IllegalArgumentException(PID + ": threshold.ticks must be >= 1");
            if (cooldownMs < 0) throw new IllegalArgumentException(PID + ": cooldown.ms must be >= 0");
            if (bookLevels < 1) throw new IllegalArgumentException(PID + ": book.levels must be >= 1");
        }
    }

    private final OrderGateway gateway;
    private final SymbolRegistry symbols;
    private final NanoClock clock;
    private final Settings settings;
    private final String name;

    // ---- owned by the market-data thread
    private final OrderRequest order = new OrderRequest(); // reused for every order
    private int symbolId = SymbolRegistry.UNKNOWN;
    private OrderBook book;
    private long sizeScaled;
    private long maxPositionScaled;
    private long thresholdScaled;
    private final long cooldownNs;
    private final long[] mids;    // ring of the last `window` mids
    private int midCount;
    private int midNext;
    private long midSum;
    private long lastOrderNs;
    private boolean firstOrderLogged;
    private volatile String problem;  // why it does not trade (symbol does not fit), or null

    // ---- shared
    private volatile boolean running;
    /** Client order id of the order in flight, 0 when none. Set by the decider, cleared by whoever sees the end. */
    private final AtomicLong inFlight = new AtomicLong();
    /** Client order id of the last order sent: reports for any other id are not ours. */
    private volatile long lastSentId;
    /** Net filled position, at the symbol's quantity scale; written by the execution thread only. */
    private volatile long position;
    private volatile long sent;      // market-data thread
    private volatile long fills;     // execution thread
    private volatile long rejected;  // execution thread
    // execution thread: cumulative quantity already counted for the order in flight
    private long countedOrderId;
    private long countedQuantity;

    @Activate
    public MeanReversionStrategy(@Reference OrderGateway gateway, @Reference SymbolRegistry symbols,
                                 @Reference NanoClock clock, Config config) {
        this(gateway, symbols, clock, Settings.from(config));
    }

    /** For tests and for other wiring: the same component from plain settings. */
    public MeanReversionStrategy(OrderGateway gateway, SymbolRegistry symbols, NanoClock clock, Settings settings) {
        settings.check();
        this.gateway = gateway;
        this.symbols = symbols;
        this.clock = clock;
        this.settings = settings;
        this.name = PID + "#" + settings.strategyId() + " " + settings.exchange() + ':' + settings.symbol();
        this.cooldownNs = settings.cooldownMs() * 1_000_000L;
        this.mids = new long[settings.window()];
        this.lastOrderNs = Long.MIN_VALUE / 2;
    }

    // ------------------------------------------------------------------ lifecycle (coordinator thread)

    @Override
    public int strategyId() {
        return settings.strategyId();
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void start() {
        running = true;
        LOG.log(Level.INFO, name + ": started (size " + settings.size() + ", window " + settings.window()
                + ", threshold " + settings.thresholdTicks() + " ticks, max position " + settings.maxPosition() + ")");
    }

    /** Stops deciding. Its orders are immediate-or-cancel: none is left resting. The position is kept. */
    @Override
    public void stop() {
        running = false;
        LOG.log(Level.INFO, name + ": stopped; " + statusFragment());
    }

    // ------------------------------------------------------------------ market data (one thread)

    @Override
    public void onBookUpdate(BookUpdate update) {
        if (symbolId == SymbolRegistry.UNKNOWN && !bind()) return;
        if (!book.apply(update)) return; // another symbol's update
        if (!book.isConsistent()) return; // invalid (the feed lost the book) or between fragments: nothing to decide on
        long mid = book.midPrice();
        if (mid == OrderBook.NO_PRICE) return;
        addMid(mid);
        if (running && midCount == mids.length && problem == null) decide(mid);
    }

    /** Resolves the configured symbol (once it is registered) and sets up the book and the scaled settings. */
    private boolean bind() {
        int id = symbols.resolve(settings.exchange(), settings.symbol());
        if (id == SymbolRegistry.UNKNOWN) return false;
        SymbolInfo info = symbols.symbol(id);
        sizeScaled = FixedPoint.parse(settings.size(), info.quantityScale());
        maxPositionScaled = FixedPoint.parse(settings.maxPosition(), info.quantityScale());
        thresholdScaled = settings.thresholdTicks() * info.tickSizeScaled();
        if (sizeScaled == FixedPoint.INVALID || !info.isOnLot(sizeScaled)) {
            problem = "size " + settings.size() + " is not a positive multiple of the lot size";
        } else if (maxPositionScaled == FixedPoint.INVALID || maxPositionScaled < sizeScaled) {
            problem = "max.position " + settings.maxPosition() + " is not a decimal of at least size";
        }
        if (problem != null) LOG.log(Level.ERROR, name + ": not trading: " + problem);
        book = new OrderBook(id, settings.bookLevels()); // once
        symbolId = id;
        return true;
    }

    private void addMid(long mid) {
        midSum += mid - mids[midNext];
        mids[midNext] = mid;
        midNext = midNext + 1 == mids.length ? 0 : midNext + 1;
        if (midCount < mids.length) midCount++;
    }

    private void decide(long mid) {
        if (inFlight.get() != 0) return;
        long now = clock.nanoTime();
        if (now - lastOrderNs < cooldownNs) return;
        // mid - average, compared without dividing: (mid * n - sum) vs threshold * n
        long n = mids.length;
        long deviation = mid * n - midSum;
        long limit = thresholdScaled * n;
        long pos = position;
        if (deviation <= -limit && pos + sizeScaled <= maxPositionScaled && book.askLevels() > 0) {
            send(Side.BUY, book.bestAskPrice(), now);
        } else if (deviation >= limit && pos - sizeScaled >= -maxPositionScaled && book.bidLevels() > 0) {
            send(Side.SELL, book.bestBidPrice(), now);
        }
    }

    private void send(Side side, long price, long now) {
        long id = gateway.nextClientOrderId();
        order.limit(id, symbolId, side, price, sizeScaled, TimeInForce.IOC).strategyId(settings.strategyId());
        lastOrderNs = now;
        lastSentId = id;
        inFlight.set(id); // before submit: a synchronous venue reports inside it
        RejectReason r = gateway.submit(order);
        sent++;
        if (r != RejectReason.NONE) {
            inFlight.compareAndSet(id, 0); // refused: also reported as REJECTED on the execution bus
        }
        if (!firstOrderLogged) {
            firstOrderLogged = true;
            SymbolInfo info = symbols.symbol(symbolId);
            LOG.log(Level.INFO, name + ": first order " + id + " " + side + " " + FixedPoint.format(sizeScaled, info.quantityScale())
                    + " @ " + FixedPoint.format(price, info.priceScale()) + " IOC: " + r);
        }
    }

    // ------------------------------------------------------------------ executions (one thread at a time)

    @Override
    public void onExecution(ExecutionEvent e) {
        long id = e.clientOrderId();
        if (id == 0 || id != lastSentId) return; // not ours: one order at a time, so only the last one sent can report
        ExecType t = e.execType();
        if (t == ExecType.PARTIALLY_FILLED || t == ExecType.FILLED) {
            if (id != countedOrderId) {
                countedOrderId = id;
                countedQuantity = 0;
            }
            long delta = e.cumulativeQuantityScaled() - countedQuantity; // cumulative: a repeat adds nothing
            if (delta > 0) {
                countedQuantity += delta;
                position = position + (e.side() == Side.BUY ? delta : -delta);
                fills++;
            }
        } else if (t == ExecType.REJECTED) {
            rejected++;
        }
        if (t == ExecType.FILLED || t == ExecType.CANCELED || t == ExecType.EXPIRED || t == ExecType.REJECTED) {
            inFlight.compareAndSet(id, 0);
        }
    }

    // ------------------------------------------------------------------ hot swap (coordinator thread; cold)

    @Override
    public int stateFormat() {
        return STATE_FORMAT;
    }

    /** Called after {@link #stop()}: no decision runs any more, so the values are final. */
    @Override
    public byte[] exportState() {
        long flying = inFlight.get();
        return ByteBuffer.allocate(6 * Long.BYTES).putLong(position).putLong(sent).putLong(fills).putLong(rejected)
                .putLong(flying).putLong(flying != 0 && flying == countedOrderId ? countedQuantity : 0).array();
    }

    /** Called before {@link #start()}; the order in flight is kept only if the host says it is still open. */
    @Override
    public boolean importState(HandoverState state) {
        if (state.format() != STATE_FORMAT) {
            LOG.log(Level.WARNING, name + ": cannot read state format " + state.format() + " from " + state.from() + "; starting flat");
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(state.state());
        position = b.getLong();
        sent = b.getLong();
        fills = b.getLong();
        rejected = b.getLong();
        long flying = b.getLong();
        long flyingCounted = b.getLong();
        for (long open : state.openOrderIds()) {
            if (open == flying) { // still open: its next reports are ours, counted from what the old instance counted
                lastSentId = flying;
                countedOrderId = flying;
                countedQuantity = flyingCounted;
                inFlight.set(flying);
            }
        }
        int id = symbols.resolve(settings.exchange(), settings.symbol());
        String pos = id == SymbolRegistry.UNKNOWN ? position + " (scaled)" : FixedPoint.format(position, symbols.symbol(id).quantityScale());
        LOG.log(Level.INFO, name + ": took over from " + state.from() + ": position " + pos + ", " + sent + " sent, " + fills + " fills"
                + (inFlight.get() != 0 ? ", order " + inFlight.get() + " in flight" : ""));
        return true;
    }

    // ------------------------------------------------------------------ status (any thread; cold)

    @Override
    public String statusFragment() {
        SymbolInfo info = symbolId == SymbolRegistry.UNKNOWN ? null : symbols.symbol(symbolId);
        String pos = info == null ? Long.toString(position) : FixedPoint.format(position, info.quantityScale());
        return "ex#" + settings.strategyId() + (running ? "" : " (stopped)") + " sent " + sent + " fills " + fills
                + " rejected " + rejected + " pos " + pos + (problem != null ? " NOT TRADING: " + problem : "");
    }

    @Override
    public String summaryTable() {
        return name + ": " + statusFragment() + System.lineSeparator();
    }

    // ------------------------------------------------------------------ for tests

    long position() { return position; }
    long sent() { return sent; }
    long fills() { return fills; }
    long rejected() { return rejected; }
    String problem() { return problem; }
}
