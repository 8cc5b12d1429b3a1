package flox.core.gateway;

import flox.api.bus.ExecutionBus;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.plugin.OrderExecutor;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * {@link OrderGateway} logic without OSGi: symbol check, risk checks in order, tracking,
 * routing to the executor of the symbol's exchange, and refusals reported as execution events.
 *
 * <p>Order of a submit: the order is tracked (NEW), risk runs, the tracker is told it is being
 * sent (PENDING_NEW) <em>before</em> the executor gets it, because an executor on another
 * thread may report ACCEPTED at once; a refusal by the executor then moves it to REJECTED.
 *
 * <p>Thread-safe. Executors and risk checks are held in arrays replaced as a whole (volatile)
 * when services come and go; routing is an array lookup by symbol id. No allocation per call
 * once a thread has its reusable report and request (ThreadLocal, set up on first use).
 */
public final class OrderRouter implements OrderGateway {
    private static final System.Logger LOG = System.getLogger("flox.gateway");
    private static final RejectReason[] REASONS = RejectReason.values();
    private static final OrderExecutor[] NO_EXECUTORS = new OrderExecutor[0];
    private static final RiskCheck[] NO_CHECKS = new RiskCheck[0];

    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final NanoClock clock;
    private final ExecutionReports reports;
    private final AtomicLong nextId;
    /** Ids start from the wall clock (first.id=epoch): checked against it every IDS_PER_MS ids. */
    private final boolean epochSeededIds;
    private volatile boolean idsAheadOfClockSaid;
    private final AtomicLongArray counts = new AtomicLongArray(REASONS.length);

    private volatile OrderExecutor[] executors = NO_EXECUTORS;
    /** Executor by symbol id, rebuilt when executors or symbols change. */
    private volatile OrderExecutor[] bySymbol = NO_EXECUTORS;
    private volatile int routedRegistrySize = -1;
    private volatile RiskCheck[] riskChecks = NO_CHECKS;
    /** A risk check has been bound once (or one is required): from then on, none bound means refuse (risk stopped or being swapped), not pass. */
    private volatile boolean riskEverBound;
    /** The last risk check left (said at WARNING; its return is said too). Under the router's lock. */
    private boolean riskLost;
    /** Strategy ids whose new orders are refused (flox:disable), ascending; replaced as a whole. */
    private volatile int[] disabledStrategies = new int[0];

    private final ThreadLocal<ExecutionEvent> report = ThreadLocal.withInitial(ExecutionEvent::new);
    private final ThreadLocal<OrderState> state = ThreadLocal.withInitial(OrderState::new);
    private final ThreadLocal<OrderRequest> replacement = ThreadLocal.withInitial(OrderRequest::new);

    /** Client order ids from 1 (deterministic). */
    public OrderRouter(SymbolRegistry symbols, OrderTracker tracker, NanoClock clock) {
        this(symbols, tracker, clock, ClientOrderIds.deterministic());
    }

    /** Client order ids from {@code ids}' first id, taken from the clock now when epoch-seeded. */
    public OrderRouter(SymbolRegistry symbols, OrderTracker tracker, NanoClock clock, ClientOrderIds ids) {
        this.symbols = symbols;
        this.tracker = tracker;
        this.clock = clock;
        this.reports = new ExecutionReports(tracker, null);
        this.epochSeededIds = ids.epochSeeded();
        this.nextId = new AtomicLong(ids.firstId(clock.epochNanos()) - 1);
    }

    public void executionBus(ExecutionBus bus) {
        reports.executionBus(bus);
    }

    /** Publication counters of the gateway's own refusal reports. */
    public ExecutionReports refusalReports() {
        return reports;
    }

    /**
     * Refuses (true) or accepts again (false) new orders and replaces of {@code strategyId}'s
     * orders, with {@link RejectReason#STRATEGY_DISABLED}; cancels still go through. Thread-safe
     * (writers serialized; submit reads the array through one volatile read); allocates.
     */
    public synchronized void setDisabled(int strategyId, boolean disabled) {
        int[] cur = disabledStrategies;
        int i = Arrays.binarySearch(cur, strategyId);
        if (disabled == (i >= 0)) return;
        int[] next;
        if (disabled) {
            next = Arrays.copyOf(cur, cur.length + 1);
            next[cur.length] = strategyId;
            Arrays.sort(next);
        } else {
            next = new int[cur.length - 1];
            System.arraycopy(cur, 0, next, 0, i);
            System.arraycopy(cur, i + 1, next, i, cur.length - i - 1);
        }
        disabledStrategies = next;
    }

    /** One volatile read; with no id disabled (the usual case) no search. */
    public boolean isDisabled(int strategyId) {
        int[] disabled = disabledStrategies;
        return disabled.length != 0 && Arrays.binarySearch(disabled, strategyId) >= 0;
    }

    /** The disabled strategy ids, ascending (a copy). */
    public int[] disabledStrategies() {
        return disabledStrategies.clone();
    }

    @Override
    public long nextClientOrderId() {
        long id = nextId.incrementAndGet();
        if (epochSeededIds && (id & (ClientOrderIds.IDS_PER_MS - 1)) == 0) checkIdsBehindClock(id);
        return id;
    }

    /** The id {@link #nextClientOrderId()} returns next; for logs and tests. */
    public long peekNextClientOrderId() {
        return nextId.get() + 1;
    }

    /**
     * Epoch-seeded ids are unique across restarts while they stay behind the wall clock
     * (IDS_PER_MS per millisecond): said once at WARNING when they overtake it. Runs once per
     * IDS_PER_MS ids; the message allocates then only.
     */
    private void checkIdsBehindClock(long id) {
        long nowMs = clock.epochNanos() / 1_000_000L;
        long idMs = id >>> ClientOrderIds.MS_SHIFT;
        if (idMs > nowMs && !idsAheadOfClockSaid) {
            idsAheadOfClockSaid = true;
            LOG.log(System.Logger.Level.WARNING, "gateway: client order ids run " + (idMs - nowMs) + " ms ahead of the wall clock (more than "
                    + ClientOrderIds.IDS_PER_MS + " per ms since start): a restart within that time could reuse ids of this run");
        }
    }

    @Override
    public RejectReason submit(OrderRequest request) {
        long now = clock.nanoTime();
        int symbolId = request.symbolId();
        SymbolInfo symbol = symbols.symbol(symbolId);
        if (symbol == null) return counted(RejectReason.UNKNOWN_SYMBOL);
        if (request.side() == null || request.quantityScaled() <= 0) return counted(RejectReason.INVALID_QUANTITY);
        if (request.priceScaled() < 0) return counted(RejectReason.INVALID_PRICE);
        TrackerResult tracked = tracker.onNew(request, now);
        if (!tracked.isApplied()) {
            return counted(tracked == TrackerResult.REFUSED_DUPLICATE_ORDER_ID ? RejectReason.DUPLICATE_ORDER_ID
                    : tracked == TrackerResult.REFUSED_CAPACITY ? RejectReason.BACK_PRESSURED : RejectReason.OTHER);
        }
        RejectReason reason = isDisabled(request.strategyId()) ? RejectReason.STRATEGY_DISABLED : check(request);
        OrderExecutor executor = executorFor(symbolId);
        if (reason == RejectReason.NONE && executor == null) reason = RejectReason.NOT_RUNNING;
        if (reason != RejectReason.NONE) {
            rejected(request, reason, now, tracker.onRejected(request.clientOrderId(), reason, now));
            return counted(reason);
        }
        tracker.onSubmitted(request.clientOrderId(), now);
        reason = executor.submit(request);
        if (reason != RejectReason.NONE) {
            rejected(request, reason, now, tracker.onRejected(request.clientOrderId(), reason, clock.nanoTime()));
        }
        return counted(reason);
    }

    @Override
    public RejectReason cancel(long clientOrderId) {
        long now = clock.nanoTime();
        OrderState order = state.get();
        if (!tracker.read(clientOrderId, order) || !order.status().isOpen()) return counted(RejectReason.UNKNOWN_ORDER);
        OrderExecutor executor = executorFor(order.symbolId());
        if (executor == null) return counted(RejectReason.NOT_RUNNING);
        TrackerResult r = tracker.onCancelRequested(clientOrderId, now);
        if (r.isRefused()) return counted(RejectReason.UNKNOWN_ORDER); // not cancelable in its state (e.g. NEW, already pending)
        RejectReason reason = executor.cancel(order.symbolId(), clientOrderId);
        if (reason != RejectReason.NONE) {
            refusal(ExecType.CANCEL_REJECTED, clientOrderId, 0, order.symbolId(), order.side(), reason, now);
        }
        return counted(reason);
    }

    @Override
    public RejectReason replace(long origId, long newId, long newPriceScaled, long newQuantityScaled) {
        long now = clock.nanoTime();
        OrderState order = state.get();
        if (!tracker.read(origId, order) || !order.status().isOpen()) return counted(RejectReason.UNKNOWN_ORDER);
        OrderExecutor executor = executorFor(order.symbolId());
        if (executor == null) return counted(RejectReason.NOT_RUNNING);
        OrderRequest proposed = replacement.get().clear()
                .clientOrderId(newId).symbolId(order.symbolId()).strategyId(order.strategyId()).side(order.side())
                .orderType(order.orderType()).timeInForce(order.timeInForce()).priceScaled(newPriceScaled)
                .stopPriceScaled(order.stopPriceScaled()).quantityScaled(newQuantityScaled);
        RejectReason reason = isDisabled(order.strategyId()) ? RejectReason.STRATEGY_DISABLED : check(proposed);
        if (reason != RejectReason.NONE) return counted(reason); // nothing tracked yet: the original stays as it is
        TrackerResult r = tracker.onReplaceRequested(origId, newId, newPriceScaled, newQuantityScaled, now);
        if (!r.isApplied()) {
            return counted(r == TrackerResult.REFUSED_DUPLICATE_ORDER_ID ? RejectReason.DUPLICATE_ORDER_ID
                    : r == TrackerResult.REFUSED_OVERFILL ? RejectReason.INVALID_QUANTITY : RejectReason.UNKNOWN_ORDER);
        }
        reason = executor.replace(order.symbolId(), origId, newId, newPriceScaled, newQuantityScaled);
        if (reason != RejectReason.NONE) {
            refusal(ExecType.REPLACE_REJECTED, newId, origId, order.symbolId(), order.side(), reason, now);
        }
        return counted(reason);
    }

    @Override
    public long count(RejectReason reason) {
        return counts.get(reason.ordinal());
    }

    /** Set once at start when a setting the ids depend on was refused; read by every check. */
    private volatile String newOrdersRefused;

    private RejectReason counted(RejectReason reason) {
        counts.getAndIncrement(reason.ordinal());
        return reason;
    }

    private RejectReason check(OrderRequest request) {
        if (newOrdersRefused != null) return RejectReason.NOT_RUNNING;
        RiskCheck[] checks = riskChecks;
        if (checks.length == 0 && riskEverBound) return RejectReason.RISK_HALTED;
        for (int i = 0; i < checks.length; i++) {
            RejectReason r;
            try {
                r = checks[i].check(request);
            } catch (RuntimeException e) {
                r = RejectReason.RISK_LIMIT; // a broken check refuses rather than lets through
            }
            if (r != RejectReason.NONE) return r;
        }
        return RejectReason.NONE;
    }

    /**
     * A submit refused here or by the executor: the tracker has been told ({@code onRejected});
     * published only if that applied, as every report (see {@link ExecutionReports}).
     */
    private void rejected(OrderRequest request, RejectReason reason, long now, TrackerResult tracked) {
        if (!tracked.isApplied()) return; // nothing changed: nothing to show
        ExecutionEvent e = report.get().reset(ExecType.REJECTED, request.clientOrderId(), request.symbolId(), request.side());
        e.order(request.priceScaled(), request.quantityScaled()).reason(reason, reason.description()).timestamps(0, now);
        reports.publishApplied(e);
    }

    /**
     * A cancel or replace the executor refused: the report undoes the pending state in the
     * tracker and is published only if the tracker applied it (the gateway alone reports an
     * executor's refusals). A tracker refusing the gateway's own report would be a bug: logged
     * (rare; allocates then).
     */
    private void refusal(ExecType type, long id, long origId, int symbolId, flox.api.order.Side side, RejectReason reason, long now) {
        ExecutionEvent e = report.get().reset(type, id, symbolId, side).origClientOrderId(origId);
        e.order(0, 0).reason(reason, reason.description()).timestamps(0, now);
        TrackerResult r = reports.report(e);
        if (r.isRefused()) LOG.log(System.Logger.Level.ERROR, "gateway: the order tracker refused its own report " + e + " as " + r);
    }

    private OrderExecutor executorFor(int symbolId) {
        if (symbols.size() != routedRegistrySize) rerouteIfRegistryChanged();
        OrderExecutor[] table = bySymbol;
        return symbolId >= 0 && symbolId < table.length ? table[symbolId] : null;
    }

    // ------------------------------------------------------------------ services (cold path)

    public synchronized void addExecutor(OrderExecutor executor) {
        OrderExecutor[] next = Arrays.copyOf(executors, executors.length + 1);
        next[next.length - 1] = executor;
        executors = next;
        reroute();
    }

    public synchronized void removeExecutor(OrderExecutor executor) {
        executors = Arrays.stream(executors).filter(e -> e != executor).toArray(OrderExecutor[]::new);
        reroute();
    }

    public synchronized void addRiskCheck(RiskCheck check) {
        RiskCheck[] next = Arrays.copyOf(riskChecks, riskChecks.length + 1);
        next[next.length - 1] = check;
        if (next.length == 1 && riskLost) LOG.log(System.Logger.Level.WARNING, "gateway: a risk check is back: new orders are checked again");
        riskChecks = next;
        riskEverBound = true;
        riskLost = false;
    }

    public void removeRiskCheck(RiskCheck check) {
        removeRiskCheck(check, false);
    }

    /**
     * Once a risk check has been bound, losing the last one (its bundle stopped, updated or
     * swapped) refuses new orders and replaces as RISK_HALTED until one is back: an order must
     * never pass unchecked because risk is restarting. Cancels still pass. Said at WARNING, at
     * INFO while the host stops ({@code hostStopping}).
     */
    public synchronized void removeRiskCheck(RiskCheck check, boolean hostStopping) {
        riskChecks = Arrays.stream(riskChecks).filter(c -> c != check).toArray(RiskCheck[]::new);
        if (riskChecks.length == 0 && riskEverBound) {
            riskLost = true;
            LOG.log(hostStopping ? System.Logger.Level.INFO : System.Logger.Level.WARNING, "gateway: no risk check running any more: new orders"
                    + " and replaces refused (RISK_HALTED) until one is back; cancels pass" + (hostStopping ? " (the host is stopping)" : ""));
        }
    }

    /** The registry grew since the table was built: rebuild once (threads that saw the old size queue here). */
    private synchronized void rerouteIfRegistryChanged() {
        if (symbols.size() != routedRegistrySize) reroute();
    }

    /** Maps every registered symbol to the executor of its exchange (the first one bound wins). */
    private synchronized void reroute() {
        int size = symbols.size();
        OrderExecutor[] table = new OrderExecutor[size];
        OrderExecutor[] all = executors;
        for (int id = 0; id < size; id++) {
            SymbolInfo s = symbols.symbol(id);
            for (OrderExecutor e : all) {
                if (s != null && e.exchange().equals(s.exchange())) {
                    table[id] = e;
                    break;
                }
            }
        }
        bySymbol = table;
        routedRegistrySize = size;
    }

    int riskCheckCount() {
        return riskChecks.length;
    }

    /** From now on, no risk check bound means refuse (a host process: set before any order; risk may bind later). */
    public void requireRiskCheck() {
        riskEverBound = true;
    }

    /**
     * Refuses every new order and replace from now on as NOT_RUNNING (cancels pass), for
     * {@code why}: a setting the gateway cannot run safely without was refused at start. Cold path.
     */
    public void refuseNewOrders(String why) {
        newOrdersRefused = why;
    }

    /** Why new orders are refused by {@link #refuseNewOrders}; null when they are not. */
    public String newOrdersRefused() {
        return newOrdersRefused;
    }

    /** True while new orders are refused because no risk check runs. */
    public boolean refusingForWantOfRisk() {
        return riskEverBound && riskChecks.length == 0;
    }
}
