package flox.risk.internal;

import flox.api.book.OrderBook;
import flox.api.event.BookUpdate;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.num.FixedPoint;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderStatus;
import flox.api.order.OrderTracker;
import flox.api.order.OrderType;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The risk logic, without OSGi: in-line checks on every submit and replace, positions from the
 * execution reports, mid prices from the book updates, and the kill switch.
 *
 * <p>A check runs, in this order: kill switch ({@link RejectReason#KILL_SWITCH}), then a halt for
 * want of a confirmed configuration ({@link RejectReason#RISK_HALTED}); the order's venue must be
 * {@link VenueState#LIVE} by its last published state ({@link RejectReason#VENUE_NOT_LIVE}: a
 * venue that has published no state is not live; cancels are never checked, so they pass); max order
 * quantity; max order notional (price x quantity, exact in 128 bits; a market order is priced at
 * the mid); price band (a limit price within {@code price.band.bps} of the mid); max position
 * (the strategy's net filled position on the symbol plus this order must stay within
 * +/-{@code max.position}; an order that reduces the exposure always passes); order rate per
 * strategy ({@link RejectReason#RATE_LIMIT}, last, so that only orders that would go out take a
 * token). The limits answer {@link RejectReason#RISK_LIMIT}; every refusal is counted per limit.
 *
 * <p>Against a book the feed flagged invalid (until its next snapshot), an order the band would
 * check, or a market order priced at the mid, is refused with {@link RejectReason#BOOK_INVALID}
 * and counted; with the band off a limit order passes.
 *
 * <p>Without a mid (no book yet, or a side empty): a limit order passes without the band check,
 * counted as "without reference price"; a market order passes without the notional check,
 * counted, unless {@code refuse.market.without.reference} is set.
 *
 * <p>Positions count fills seen since this engine started: the growth of an order's cumulative
 * filled quantity, signed by side, attributed to the strategy that owns the order in the tracker.
 * Resting orders do not count towards the position: the per-order limits and the rate bound
 * what they can add. A replace is checked with its new total quantity.
 *
 * <p>Thread-safety: {@link #check} is lock-free and may run on any number of threads at once.
 * {@link #onExecution} and {@link #onBookUpdate} are each called by one thread at a time (their
 * bus's delivery thread for the risk subscriber). Configuration and the kill switch are cold
 * paths serialized on this object; one volatile field derived from the kill switch's two sources
 * (flox:kill, persisted; kill.switch in the file) and the halt is read first by every check.
 *
 * <p>Allocation: none on {@link #check}, {@link #onExecution} and {@link #onBookUpdate} in steady
 * state. The limits table is rebuilt (allocating) only when a symbol id beyond it is first
 * checked or the configuration changes; a reference book is allocated the first time a symbol's
 * update arrives.
 */
public final class RiskEngine implements RiskCheck {
    static final System.Logger LOG = System.getLogger("flox.risk");
    /** Ended orders whose cumulative fill is remembered, to recognise a late repeat of their last report. */
    static final int RETAINED_FILLS = 4096;
    private static final RiskCounter[] COUNTERS = RiskCounter.values();
    private static final int COUNTER_STRIDE = 16;
    private static final long NO_PRICE = ReferencePrices.NO_PRICE;
    private static final long BOOK_INVALID = ReferencePrices.BOOK_INVALID;
    private static final long UNLIMITED = DecimalLimit.UNLIMITED;

    /** One symbol's limits at its scales. Immutable. */
    static final class SymbolLimits {
        final SymbolInfo symbol;
        final long maxQuantityScaled;
        /** At the price scale: compared with price x quantity / 10^quantityScale. */
        final long maxNotionalScaled;
        final long quantityPow10;
        final long maxPositionScaled;

        SymbolLimits(SymbolInfo s, RiskSettings settings) {
            symbol = s;
            maxQuantityScaled = RiskSettings.forSymbol(settings.maxOrderQuantityBySymbol, settings.maxOrderQuantity, s.exchange(), s.symbol())
                    .scaledFloor(s.quantityScale());
            maxNotionalScaled = RiskSettings.forSymbol(settings.maxOrderNotionalBySymbol, settings.maxOrderNotional, s.exchange(), s.symbol())
                    .scaledFloor(s.priceScale());
            maxPositionScaled = RiskSettings.forSymbol(settings.maxPositionBySymbol, settings.maxPosition, s.exchange(), s.symbol())
                    .scaledFloor(s.quantityScale());
            quantityPow10 = FixedPoint.pow10(s.quantityScale());
        }
    }

    /** The limits in force: settings plus a table by symbol id. Immutable, replaced as a whole. */
    private static final class Limits {
        final RiskSettings settings;
        final SymbolLimits[] bySymbol;

        Limits(RiskSettings settings, SymbolLimits[] bySymbol) {
            this.settings = settings;
            this.bySymbol = bySymbol;
        }

        SymbolLimits symbol(int symbolId) {
            return symbolId >= 0 && symbolId < bySymbol.length ? bySymbol[symbolId] : null;
        }
    }

    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final OrderGateway gateway;
    private final NanoClock clock;
    private final PositionTable positions;
    private final ReferencePrices prices;
    private final OrderRateLimiter rate;
    private final VenueStates venues = new VenueStates();
    private final AtomicLongArray counters = new AtomicLongArray((COUNTERS.length + 2) * COUNTER_STRIDE);
    /** Refusals per rate bucket (strategy id) and refusal counter; preallocated. */
    private final AtomicLongArray refusedByStrategy = new AtomicLongArray((OrderRateLimiter.BUCKETS + 1) * RiskCounter.REFUSALS);
    private volatile Limits limits;
    /** KILL_SWITCH, RISK_HALTED or null: read first by every check; derived from the fields below. */
    private volatile RejectReason blocked;
    private volatile boolean haltWarned;

    // cold path, guarded by this: the two sources of the kill switch and the halt
    /** flox:kill, persisted; released only by flox:unkill. */
    private boolean operatorKilled;
    private String operatorBy = "";
    private String operatorSince = "";
    /** kill.switch=true in the configuration; released only when the configuration says false. */
    private boolean configKilled;
    private String configSource = "configuration";
    /** Why new orders are refused without a confirmed configuration; null when confirmed. */
    private volatile String halted;
    private final KillSwitchFile killFile;

    // execution delivery thread only
    private final FillTable fills;
    private final OrderState order = new OrderState();

    // cold path, guarded by this
    private final OrderState killRead = new OrderState();

    /**
     * @param gateway where the kill switch sends its cancels
     * @param settings the initial configuration; {@code kill.switch=true} engages the switch at once
     */
    public RiskEngine(SymbolRegistry symbols, OrderTracker tracker, OrderGateway gateway, NanoClock clock, RiskSettings settings) {
        this(symbols, tracker, gateway, clock, settings, null, null, "configuration");
    }

    /**
     * @param killFile where flox:kill is persisted (null: not persisted); an engaged switch found
     *     there is engaged at once and reported at WARNING
     * @param halt non-null: start halted (new orders refused as RISK_HALTED) for this reason
     * @param source the configuration file, for messages
     */
    RiskEngine(SymbolRegistry symbols, OrderTracker tracker, OrderGateway gateway, NanoClock clock, RiskSettings settings,
               KillSwitchFile killFile, String halt, String source) {
        this.killFile = killFile;
        this.halted = halt;
        this.configSource = source;
        this.symbols = symbols;
        this.tracker = tracker;
        this.gateway = gateway;
        this.clock = clock;
        this.positions = new PositionTable(settings.positionsCapacity);
        this.prices = new ReferencePrices(symbols.size(), settings.bookLevels);
        this.rate = new OrderRateLimiter(settings.orderRatePerSecond, settings.orderRateBurst);
        this.fills = new FillTable(tracker.capacity() + RETAINED_FILLS, RETAINED_FILLS);
        this.limits = build(settings);
        KillSwitchFile.Saved saved = killFile == null ? null : killFile.load();
        if (saved != null && saved.engaged) {
            operatorKilled = true;
            operatorBy = saved.by;
            operatorSince = saved.since;
            LOG.log(Level.WARNING, saved.unreadable != null
                    ? "kill switch ENGAGED: " + killFile.path() + " is unreadable (" + saved.unreadable + "), so the switch counts as engaged; "
                            + "new orders refused; flox:unkill to release (it rewrites the file)"
                    : "kill switch ENGAGED since " + saved.since + " (" + saved.by + "), from " + killFile.path()
                            + ": new orders refused; flox:unkill to release");
        }
        updateBlocked();
        if (settings.killSwitch) {
            LOG.log(Level.WARNING, engageByConfiguration());
        }
    }

    // ------------------------------------------------------------------ hot path

    @Override
    public RejectReason check(OrderRequest request) {
        RejectReason b = blocked;
        if (b != null) return refuseBlocked(request.strategyId(), b);
        int strategy = request.strategyId();
        int symbolId = request.symbolId();
        Limits l = limits;
        SymbolLimits s = l.symbol(symbolId);
        if (s == null) {
            // a symbol registered after the table was built: rebuild once (cold). An id the registry does
            // not know is refused without the lock, so a stream of bad orders cannot contend with configure/kill
            if (symbolId < 0 || symbolId >= symbols.size()) return refuse(strategy, RiskCounter.UNKNOWN_SYMBOL, RejectReason.RISK_LIMIT);
            l = limitsCovering(symbolId);
            s = l.symbol(symbolId);
            if (s == null) return refuse(strategy, RiskCounter.UNKNOWN_SYMBOL, RejectReason.RISK_LIMIT);
        }
        VenueState venue = venues.state(s.symbol);
        if (venue != VenueState.LIVE) return refuseVenue(strategy, s.symbol, venue);
        long quantity = request.quantityScaled();
        if (quantity > s.maxQuantityScaled) return refuse(strategy, RiskCounter.MAX_ORDER_QUANTITY, RejectReason.MAX_ORDER_QUANTITY);

        OrderType type = request.orderType();
        boolean limitPriced = type != OrderType.MARKET && type != OrderType.STOP;
        long mid = prices.mid(symbolId);
        boolean pricedAtMid = !limitPriced && !(type == OrderType.STOP && request.stopPriceScaled() > 0);
        RiskSettings settings = l.settings;
        if (mid == BOOK_INVALID) {
            // the feed lost the venue's book: nothing to price a market order at, no band to check
            if (pricedAtMid || (limitPriced && settings.priceBandBps > 0)) {
                return refuse(strategy, RiskCounter.BOOK_INVALID, RejectReason.BOOK_INVALID);
            }
            mid = NO_PRICE;
        }
        long price = limitPriced ? request.priceScaled() : pricedAtMid ? mid : request.stopPriceScaled();
        if (price == NO_PRICE) {
            if (settings.refuseMarketWithoutReference) return refuse(strategy, RiskCounter.MARKET_WITHOUT_REFERENCE, RejectReason.RISK_LIMIT);
            count(RiskCounter.MARKET_WITHOUT_REFERENCE_LET_THROUGH);
        } else if (price > 0 && s.maxNotionalScaled != UNLIMITED
                && Products.compare(price, quantity, s.maxNotionalScaled, s.quantityPow10) > 0) {
            return refuse(strategy, RiskCounter.MAX_ORDER_NOTIONAL, RejectReason.MAX_ORDER_NOTIONAL);
        }

        if (limitPriced && settings.priceBandBps > 0) {
            if (mid == NO_PRICE || mid <= 0) {
                count(RiskCounter.LIMIT_WITHOUT_REFERENCE);
            } else {
                long distance = price >= mid ? price - mid : mid - price;
                if (Products.compare(distance, 10_000, settings.priceBandBps, mid) > 0) {
                    return refuse(strategy, RiskCounter.PRICE_BAND, RejectReason.PRICE_BAND);
                }
            }
        }

        if (s.maxPositionScaled != UNLIMITED) {
            int slot = positions.slotOf(request.strategyId(), symbolId);
            if (slot < 0 && positions.isFull()) return refuse(strategy, RiskCounter.POSITIONS_FULL, RejectReason.RISK_LIMIT);
            long position = slot < 0 ? 0 : positions.position(slot);
            long room = request.side() == Side.SELL
                    ? Products.addSaturated(s.maxPositionScaled, position)        // position - quantity >= -max
                    : Products.subtractSaturated(s.maxPositionScaled, position);  // position + quantity <= max
            if (quantity > room) return refuse(strategy, RiskCounter.MAX_POSITION, RejectReason.MAX_POSITION);
        }

        if (!rate.tryAcquire(request.strategyId(), clock.nanoTime())) return refuse(strategy, RiskCounter.ORDER_RATE, RejectReason.RATE_LIMIT);
        return RejectReason.NONE;
    }

    private RejectReason refuse(int strategyId, RiskCounter counter, RejectReason reason) {
        count(counter);
        refusedByStrategy.getAndIncrement(OrderRateLimiter.bucket(strategyId) * RiskCounter.REFUSALS + counter.ordinal());
        return reason;
    }

    /** Logs the first refusal after each venue state change (allocates once per change). */
    private RejectReason refuseVenue(int strategyId, SymbolInfo s, VenueState state) {
        if (!venues.refusalLogged) {
            venues.refusalLogged = true;
            LOG.log(Level.WARNING, "risk: new orders for " + s.exchange() + ':' + s.symbol() + " refused (VENUE_NOT_LIVE): "
                    + (state == null ? "venue " + s.exchange() + " has published no state yet" : "venue state " + state)
                    + "; they pass again once it is LIVE (venues: " + venues.describe(symbols) + ")");
        }
        return refuse(strategyId, RiskCounter.VENUE_NOT_LIVE, RejectReason.VENUE_NOT_LIVE);
    }

    private RejectReason refuseBlocked(int strategyId, RejectReason b) {
        if (b == RejectReason.KILL_SWITCH) return refuse(strategyId, RiskCounter.KILL_SWITCH, b);
        if (!haltWarned) {
            haltWarned = true; // once per halt (a race may log it twice)
            String why = halted;
            LOG.log(Level.WARNING, "risk HALTED: new orders refused (RISK_HALTED)" + (why != null ? ": " + why : ""));
        }
        return refuse(strategyId, RiskCounter.RISK_HALTED, b);
    }

    private void count(RiskCounter counter) {
        counters.getAndIncrement((counter.ordinal() + 1) * COUNTER_STRIDE);
    }

    /** Execution reports: fills move positions. One thread at a time. */
    public void onExecution(ExecutionEvent e) {
        ExecType type = e.execType();
        if (type == ExecType.PARTIALLY_FILLED || type == ExecType.FILLED) {
            onFill(e, type == ExecType.FILLED);
        } else if (type == ExecType.RESTATED) {
            // the venue's view after a reconnect: fills the host missed move the position too
            boolean ended = e.venueStatus() != null && e.venueStatus().isTerminal();
            if (e.cumulativeQuantityScaled() > 0) onFill(e, ended);
            else if (ended) fills.retire(e.clientOrderId());
        } else if (type == ExecType.REPLACED) {
            long origId = e.origClientOrderId();
            if (fills.contains(origId)) {
                // the new id carries on with the filled quantity (as in the tracker): its cumulative starts there
                if (!fills.put(e.clientOrderId(), fills.get(origId))) count(RiskCounter.FILLS_TABLE_FULL);
                fills.retire(origId);
            }
        } else if (type == ExecType.CANCELED || type == ExecType.EXPIRED || type == ExecType.REJECTED) {
            fills.retire(e.clientOrderId());
        }
    }

    private void onFill(ExecutionEvent e, boolean isLast) {
        long id = e.clientOrderId();
        long cumulative = e.cumulativeQuantityScaled();
        long delta;
        if (cumulative > 0) {
            delta = cumulative - fills.get(id);
            if (delta <= 0) {
                count(RiskCounter.REPEATED_FILL);
                return;
            }
        } else {
            delta = e.lastQuantityScaled(); // a venue without cumulative quantities: repeats cannot be told apart
            if (delta <= 0) return;
        }
        if (cumulative > 0 && !fills.put(id, cumulative)) count(RiskCounter.FILLS_TABLE_FULL);
        if (isLast) fills.retire(id);
        if (!tracker.read(id, order)) {
            count(RiskCounter.UNATTRIBUTED_FILL);
            return;
        }
        Side side = e.side() != null ? e.side() : order.side();
        int symbolId = e.symbolId() >= 0 ? e.symbolId() : order.symbolId();
        if (!positions.add(order.strategyId(), symbolId, side == Side.SELL ? -delta : delta)) {
            count(RiskCounter.UNATTRIBUTED_FILL);
        }
    }

    /**
     * Venue states: orders for a venue that is not LIVE are refused; a change is logged (WARNING
     * when it leaves LIVE, INFO otherwise: start-up steps are normal), a repeat is not. One thread at a time (the market-data delivery thread).
     */
    public void onVenueState(VenueStateEvent e) {
        String previous = venues.apply(e, symbols);
        if (previous == VenueStates.UNCHANGED) return;
        boolean lost = previous.equals("LIVE"); // a venue that was trading is not any more: the operator should know
        LOG.log(lost ? Level.WARNING : Level.INFO, "risk: venue " + e.exchange()
                + (e.isVenueWide() ? "" : " symbol " + e.symbolId()) + " is " + e.state() + " (" + e.reason() + (e.text().isEmpty() ? "" : ": " + e.text())
                + "): new orders " + (e.state() == VenueState.LIVE ? "checked as usual" : "refused (VENUE_NOT_LIVE), cancels pass"));
    }

    /** Each venue's last state as risk applies it, for flox:risk and the tests. Cold path. */
    public String venueStates() {
        return venues.describe(symbols);
    }

    /** Book updates: the symbol's reference book and mid. One thread at a time. */
    public void onBookUpdate(BookUpdate update) {
        prices.onBookUpdate(update);
    }

    // ------------------------------------------------------------------ cold path

    private synchronized Limits limitsCovering(int symbolId) {
        Limits l = limits;
        if (l.symbol(symbolId) == null && symbolId >= 0 && symbolId < symbols.size()) {
            l = build(l.settings);
            limits = l;
        }
        return l;
    }

    private Limits build(RiskSettings settings) {
        int n = symbols.size();
        SymbolLimits[] table = new SymbolLimits[n];
        for (int id = 0; id < n; id++) {
            SymbolInfo s = symbols.symbol(id);
            if (s != null) table[id] = new SymbolLimits(s, settings);
        }
        return new Limits(settings, table);
    }

    /**
     * Applies a new configuration: limits and rate at once; the kill switch is engaged or
     * released when {@code kill.switch} changed (so a configuration edit of another field does
     * not undo a {@code flox:kill}); positions and book sizes keep their start values.
     *
     * @return what changed, for the log
     */
    public synchronized String configure(RiskSettings next) {
        return configure(next, configSource);
    }

    /** As {@link #configure(RiskSettings)}, {@code source} naming the configuration file in messages. */
    synchronized String configure(RiskSettings next, String source) {
        configSource = source;
        RiskSettings previous = limits.settings;
        StringBuilder out = new StringBuilder("risk limits: ").append(next);
        if (next.positionsCapacity != previous.positionsCapacity || next.bookLevels != previous.bookLevels) {
            out.append("; positions.capacity and book.levels apply at the next start (running with ")
                    .append(positions.capacity()).append(" and ").append(previous.bookLevels).append(')');
            next = new RiskSettings(next.maxOrderQuantity, next.maxOrderNotional, next.maxPosition, next.maxOrderQuantityBySymbol,
                    next.maxOrderNotionalBySymbol, next.maxPositionBySymbol, next.priceBandBps, next.refuseMarketWithoutReference,
                    next.orderRatePerSecond, next.orderRateBurst, next.killSwitch, next.killCancelRounds, next.killCancelIntervalMs,
                    previous.positionsCapacity, previous.bookLevels);
        }
        rate.configure(next.orderRatePerSecond, next.orderRateBurst);
        limits = build(next);
        if (next.killSwitch && !configKilled) {
            out.append("; ").append(engageByConfiguration());
        } else if (!next.killSwitch && configKilled) {
            configKilled = false;
            updateBlocked();
            out.append(operatorKilled
                    ? "; kill.switch=false in " + configSource + " releases only what the file engaged: the kill switch stays ENGAGED by "
                            + operatorBy + " since " + operatorSince + "; flox:unkill to release"
                    : "; kill switch released by configuration (kill.switch=false in " + configSource + "); orders are checked as usual");
        }
        return out.toString();
    }

    private String engageByConfiguration() {
        configKilled = true;
        updateBlocked();
        return sweep("configuration (kill.switch=true in " + configSource + ")");
    }

    private void updateBlocked() {
        blocked = operatorKilled || configKilled ? RejectReason.KILL_SWITCH : halted != null ? RejectReason.RISK_HALTED : null;
    }

    /**
     * Halts (reason non-null: new orders refused as {@link RejectReason#RISK_HALTED}, after the
     * kill switch) or resumes (null). Cold path.
     */
    synchronized void halt(String reason) {
        halted = reason;
        haltWarned = false;
        updateBlocked();
    }

    /** Why new orders are refused for want of a confirmed configuration; null when they are not. */
    String halted() {
        return halted;
    }

    RiskSettings settings() {
        return limits.settings;
    }

    /**
     * Engages the kill switch: from now on every check answers {@link RejectReason#KILL_SWITCH};
     * then every open order is canceled through the gateway, in rounds (orders still being sent
     * or awaiting their cancel are retried or waited for) until none is open or
     * {@code kill.cancel.rounds} have passed, {@code kill.cancel.interval.ms} apart. Cold path:
     * allocates and blocks up to rounds x interval.
     *
     * @return what was done and which orders could not be closed
     */
    public synchronized String engageKillSwitch(String by) {
        if (!operatorKilled) {
            operatorKilled = true;
            operatorBy = by;
            operatorSince = java.time.Instant.now().toString();
        }
        updateBlocked();
        String saveError = killFile == null ? null : killFile.save(true, operatorBy, operatorSince);
        String report = sweep(by);
        return saveError == null ? report
                : report + "; NOT PERSISTED (" + saveError + "): the switch is engaged now but a restart would not know it";
    }

    /** Cancels every open order in rounds; the switch is already engaged. */
    private String sweep(String by) {
        RiskSettings s = limits.settings;
        long[] ids = new long[Math.max(16, tracker.capacity())];
        int sent = 0;
        int refused = 0;
        int rounds = 0;
        int open = tracker.openOrders(OrderTracker.ANY_SYMBOL, ids);
        int openAtStart = open;
        while (open > 0 && rounds < s.killCancelRounds) {
            rounds++;
            for (int i = 0; i < Math.min(open, ids.length); i++) {
                if (tracker.read(ids[i], killRead) && killRead.status() == OrderStatus.PENDING_CANCEL) continue; // on its way
                if (gateway.cancel(ids[i]) == RejectReason.NONE) sent++;
                else refused++;
            }
            open = tracker.openOrders(OrderTracker.ANY_SYMBOL, ids);
            if (open > 0 && s.killCancelIntervalMs > 0) {
                try {
                    Thread.sleep(s.killCancelIntervalMs);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
                open = tracker.openOrders(OrderTracker.ANY_SYMBOL, ids);
            }
        }
        StringBuilder out = new StringBuilder("kill switch ENGAGED by ").append(by).append(": new orders are refused; ")
                .append(openAtStart).append(" open orders, ").append(sent).append(" cancels sent");
        if (refused > 0) out.append(", ").append(refused).append(" cancel attempts refused (retried while rounds were left)");
        out.append(" in ").append(rounds).append(rounds == 1 ? " round" : " rounds");
        if (open == 0) {
            out.append("; no order is open");
        } else {
            out.append("; ").append(open).append(" still open after ").append(s.killCancelRounds).append(" rounds:");
            for (int i = 0; i < Math.min(Math.min(open, ids.length), 20); i++) {
                if (tracker.read(ids[i], killRead)) {
                    out.append(' ').append(ids[i]).append(" (").append(killRead.status()).append(", strategy ")
                            .append(killRead.strategyId()).append(')');
                }
            }
            if (open > 20) out.append(" ...");
        }
        return out.toString();
    }

    /** Releases the kill switch: orders are checked as usual again. Cold path. */
    public synchronized String releaseKillSwitch(String by) {
        if (!operatorKilled && !configKilled) return "kill switch was not engaged";
        String was = operatorKilled ? operatorBy + " since " + operatorSince : null;
        String saveError = null;
        if (operatorKilled) {
            operatorKilled = false;
            operatorBy = "";
            operatorSince = "";
            if (killFile != null) saveError = killFile.save(false, by, java.time.Instant.now().toString());
        }
        updateBlocked();
        String out;
        if (configKilled) {
            out = (was != null ? by + " released the switch of " + was + ", but " : "")
                    + "the kill switch stays ENGAGED by configuration (kill.switch=true in " + configSource
                    + "): new orders refused; set kill.switch=false there to release it";
        } else {
            out = "kill switch released by " + by + " (was engaged by " + was + "); orders are checked as usual";
        }
        return saveError == null ? out : out + "; NOT PERSISTED (" + saveError + "): a restart would engage the switch again";
    }

    public boolean isKillSwitchEngaged() {
        return blocked == RejectReason.KILL_SWITCH;
    }

    /** The kill switch in words: "ENGAGED (by flox:kill since ...; by configuration kill.switch=true in F)" or "off". */
    synchronized String killSwitchState() {
        if (!operatorKilled && !configKilled) return "off";
        StringBuilder sb = new StringBuilder("ENGAGED (");
        if (operatorKilled) sb.append("by ").append(operatorBy).append(" since ").append(operatorSince);
        if (operatorKilled && configKilled) sb.append("; ");
        if (configKilled) sb.append("by configuration kill.switch=true in ").append(configSource);
        return sb.append(')').toString();
    }

    /** The status line's fragment: KILLED or HALTED while new orders are refused, else null. */
    String statusFragment() {
        RejectReason b = blocked;
        if (b == RejectReason.KILL_SWITCH) return "risk KILLED " + killSwitchState().substring("ENGAGED ".length()) + ": new orders refused";
        if (b == RejectReason.RISK_HALTED) {
            String h = halted;
            int colon = h == null ? -1 : h.indexOf(": ");
            return "risk HALTED: new orders refused (" + (colon > 0 ? h.substring(0, colon) : h) + "; see flox:risk)";
        }
        return null;
    }

    /** Refusals of the strategy's rate bucket by this counter. */
    long refusedBy(int strategyId, RiskCounter counter) {
        return refusedByStrategy.get(OrderRateLimiter.bucket(strategyId) * RiskCounter.REFUSALS + counter.ordinal());
    }

    long counted(RiskCounter counter) {
        return counters.get((counter.ordinal() + 1) * COUNTER_STRIDE);
    }

    /** Net filled position of the strategy on the symbol, at the symbol's quantity scale. */
    long position(int strategyId, int symbolId) {
        return positions.position(strategyId, symbolId);
    }

    /**
     * The strategy's non-zero net filled positions: symbol id to quantity at the symbol's
     * quantity scale. Cold path (scans the table, allocates); lock-free reads of the one-writer
     * table, so a fill being applied meanwhile may or may not be in it.
     */
    Map<Integer, Long> positionsOf(int strategyId) {
        Map<Integer, Long> out = new HashMap<>();
        if (positions.size() == 0) return out;
        positions.forEach((strategy, symbolId, position) -> {
            if (strategy == strategyId && position != 0) out.put(symbolId, position);
        });
        return out;
    }

    long mid(int symbolId) {
        return prices.mid(symbolId);
    }

    /** The exit summary's line: the kill switch, a halt, and the new orders refused, by limit. Cold path; allocates. */
    String summaryLine() {
        StringBuilder sb = new StringBuilder("risk: kill switch ").append(killSwitchState());
        String h = halted;
        if (h != null) sb.append("; HALTED: ").append(h);
        long total = 0;
        StringBuilder by = new StringBuilder();
        for (RiskCounter c : COUNTERS) {
            long n = c.isRefusal ? counted(c) : 0;
            if (n == 0) continue;
            total += n;
            by.append(by.length() == 0 ? "" : ", ").append(c.label).append(' ').append(n);
        }
        sb.append("; new orders refused: ").append(total);
        if (total > 0) sb.append(" (").append(by).append("; see flox:risk)");
        return sb.append(System.lineSeparator()).toString();
    }

    /** The text of {@code flox:risk}: limits, kill switch, refusals, positions and their utilisation, order rates. Cold path; allocates. */
    public String describe() {
        String nl = System.lineSeparator();
        Limits l = limits;
        RiskSettings s = l.settings;
        StringBuilder sb = new StringBuilder();
        sb.append("kill switch: ").append(killSwitchState()).append(nl);
        String h = halted;
        if (h != null) sb.append("risk checks: HALTED, new orders refused: ").append(h).append(nl);
        sb.append("venues (new orders only while LIVE): ").append(venues.describe(symbols)).append(nl);
        sb.append("price band: ").append(s.priceBandBps == 0 ? "off" : s.priceBandBps + " bps around the mid")
                .append("; market orders without a mid: ").append(s.refuseMarketWithoutReference ? "refused" : "let through")
                .append("; order rate: ").append(s.orderRatePerSecond == 0 ? "off" : s.orderRatePerSecond + "/s per strategy, burst " + s.orderRateBurst)
                .append(nl);
        sb.append("default limits: max.order.quantity ").append(s.maxOrderQuantity).append(", max.order.notional ").append(s.maxOrderNotional)
                .append(", max.position ").append(s.maxPosition).append(" (per symbol below)").append(nl);
        sb.append(String.format(Locale.ROOT, "%-24s %18s %18s %18s %16s%n", "symbol", "max order qty", "max order notional", "max position", "mid"));
        for (int id = 0; id < symbols.size(); id++) {
            SymbolInfo info = symbols.symbol(id);
            if (info == null) continue;
            SymbolLimits sl = new SymbolLimits(info, s);
            long mid = prices.mid(id);
            sb.append(String.format(Locale.ROOT, "%-24s %18s %18s %18s %16s%n", info.exchange() + ':' + info.symbol(),
                    limit(sl.maxQuantityScaled, info.quantityScale()), limit(sl.maxNotionalScaled, info.priceScale()),
                    limit(sl.maxPositionScaled, info.quantityScale()),
                    mid == NO_PRICE ? "-" : mid == BOOK_INVALID ? "book invalid" : FixedPoint.format(mid, info.priceScale())));
        }
        sb.append("refused per limit:").append(nl);
        for (RiskCounter c : COUNTERS) {
            if (c.isRefusal) sb.append(String.format(Locale.ROOT, "  %-48s %12d%n", c.label, counted(c)));
        }
        for (RiskCounter c : COUNTERS) {
            if (!c.isRefusal && counted(c) > 0) sb.append(c.label).append(": ").append(counted(c)).append(nl);
        }
        List<String> rows = new ArrayList<>();
        positions.forEach((strategy, symbolId, position) -> {
            SymbolInfo info = symbols.symbol(symbolId);
            int qs = info != null ? info.quantityScale() : 0;
            long max = info != null ? new SymbolLimits(info, s).maxPositionScaled : UNLIMITED;
            String use = max == UNLIMITED || max == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * Math.abs((double) position) / max);
            rows.add(String.format(Locale.ROOT, "%10d %-24s %18s %12s", strategy,
                    info != null ? info.exchange() + ':' + info.symbol() : "#" + symbolId, FixedPoint.format(position, qs), use));
        });
        sb.append("positions (").append(positions.size()).append(" of ").append(positions.capacity()).append(" pairs):").append(nl);
        if (!rows.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "%10s %-24s %18s %12s%n", "strategy", "symbol", "position", "of max"));
            for (String r : rows) sb.append(r).append(nl);
        }
        long now = clock.nanoTime();
        sb.append("orders per strategy:").append(nl);
        boolean header = false;
        for (int b = 0; b <= OrderRateLimiter.BUCKETS; b++) {
            long passed = rate.passed(b);
            long refused = 0;
            StringBuilder why = new StringBuilder();
            for (RiskCounter c : COUNTERS) {
                if (!c.isRefusal) continue;
                long n = refusedByStrategy.get(b * RiskCounter.REFUSALS + c.ordinal());
                if (n == 0) continue;
                refused += n;
                why.append(why.length() == 0 ? "" : ", ").append(c.label).append(' ').append(n);
            }
            if (passed == 0 && refused == 0) continue;
            if (!header) {
                sb.append(String.format(Locale.ROOT, "%10s %12s %12s %12s %12s %8s  %s%n", "strategy", "last second", "this second", "passed", "refused",
                        "tokens", "refused by"));
                header = true;
            }
            long tokens = rate.tokens(b, now);
            sb.append(String.format(Locale.ROOT, "%10s %12d %12d %12d %12d %8s  %s%n", b == OrderRateLimiter.SHARED ? "others" : Integer.toString(b),
                    rate.lastSecond(b, now), rate.thisSecond(b, now), passed, refused, tokens < 0 ? "-" : Long.toString(tokens),
                    why.length() == 0 ? "-" : why));
        }
        return sb.toString();
    }

    private static String limit(long scaled, int scale) {
        return scaled == UNLIMITED ? "off" : FixedPoint.format(scaled, scale);
    }

    OrderBook referenceBook(int symbolId) {
        return prices.book(symbolId);
    }
}
