package flox.connector.binance.internal.component;

import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolRegistry;
import flox.connector.binance.internal.live.ApiConnection;
import flox.connector.binance.internal.orders.OrderEntry;

/**
 * The account's {@link OrderExecutor} (issue 14 items 3 and 4), registered by
 * {@link BinanceConnectorComponent} when the account has API keys: {@code submit},
 * {@code cancel} and {@code replace} enqueue into {@link OrderEntry} and return (no network on the
 * caller's thread); the {@link ApiConnection} sends and receives. On every (re)connect the orders
 * the tracker holds open for this exchange are queried ({@code order.status}) and corrected from
 * the venue's view, then each symbol's open orders are asked ({@code openOrders.status}): those
 * this run did not place are canceled or left, by the {@code foreign.orders} policy; and its trades
 * past the last one the user-data stream delivered ({@code myTrades}): each counted, a trade of an
 * order not open here asked whose it was. Risk refuses new orders and replaces (VENUE_NOT_LIVE)
 * while the venue state is not LIVE, and the state is LIVE only once the user-data subscription is
 * confirmed and every answer of the round, and every query those answers led to, is in.
 *
 * <p>Threading: the gateway's callers submit; start/stop on the lifecycle thread.
 */
final class BinanceOrderExecutor implements OrderExecutor {
    private final String exchange;
    private final OrderEntry entry;
    /** A new connection for each start (a stopped one cannot start again: its threads are gone). */
    private final java.util.function.Supplier<ApiConnection> connections;
    private volatile ApiConnection connection;
    private final SymbolRegistry registry;
    private final OrderTracker tracker;
    private final java.util.function.Supplier<int[]> symbolIds;
    private volatile boolean running;
    /** Symbols whose venue definition changed since they were registered, or whose status is not TRADING: new orders and replaces refused. */
    private final java.util.function.IntPredicate refusedSymbol;

    BinanceOrderExecutor(String exchange, OrderEntry entry, java.util.function.Supplier<ApiConnection> connections, SymbolRegistry registry,
                         OrderTracker tracker, java.util.function.Supplier<int[]> symbolIds, java.util.function.IntPredicate refusedSymbol) {
        this.refusedSymbol = refusedSymbol;
        this.exchange = exchange;
        this.entry = entry;
        this.connections = connections;
        this.registry = registry;
        this.tracker = tracker;
        this.symbolIds = symbolIds;
    }

    @Override
    public String exchange() {
        return exchange;
    }

    @Override
    public String name() {
        return "binance order entry (" + exchange + ")";
    }

    @Override
    public synchronized void start() {
        if (connection != null) return;
        connection = connections.get();
        running = true;
        connection.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        ApiConnection c = connection;
        connection = null;
        if (c != null) c.close();
    }

    @Override
    public RejectReason submit(OrderRequest request) {
        if (!running) return RejectReason.NOT_RUNNING;
        return refusedSymbol.test(request.symbolId()) ? RejectReason.SYMBOL_NOT_TRADABLE : entry.submit(request);
    }

    @Override
    public RejectReason cancel(int symbolId, long clientOrderId) {
        return running ? entry.cancel(symbolId, clientOrderId) : RejectReason.NOT_RUNNING;
    }

    /**
     * Binance's {@code order.cancelReplace} (STOP_ON_FAILURE) for what is left to fill; the
     * venue's CANCELED + NEW reach the tracker as one REPLACED with the filled part carried over
     * ({@link OrderEntry}).
     */
    @Override
    public RejectReason replace(int symbolId, long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
        if (!running) return RejectReason.NOT_RUNNING;
        return refusedSymbol.test(symbolId) ? RejectReason.SYMBOL_NOT_TRADABLE
                : entry.replace(symbolId, origClientOrderId, newClientOrderId, newPriceScaled, newQuantityScaled);
    }

    /**
     * After each (re)connect: the venue's view of every order the tracker holds open here, each
     * symbol's open orders at the venue (orders this run did not place: the foreign-order policy)
     * and its recent trades ({@link OrderEntry#reconcile}). Not LIVE until the answers are in.
     */
    void reconcile() {
        entry.reconcile(symbolIds.get());
    }

    /** First pause before a failed reconciliation round is tried again on the same connection; doubles up to {@link #RETRY_MAX_MS}. */
    static final long RETRY_FIRST_MS = 2_000;
    static final long RETRY_MAX_MS = 60_000;
    private long retryPauseMs = RETRY_FIRST_MS;
    private long retryAtMs;
    private long retries;
    /** Rounds that failed for an answer that did not come in time (then tried again as any failed round). */
    private long stalledRounds;

    /**
     * A round that failed on a connection that stays up (a refused query, a 429, a full queue),
     * or a refused user-data subscription, is tried again after a pause (2 s, doubling to 60 s)
     * once the venue lets requests through, instead of leaving orders refused until the next
     * connect. Called on the market-data connection's tick (every snapshot.interval.ms);
     * allocates only when it retries.
     */
    void retryFailedReconciliation(long nowMs) {
        ApiConnection c = connection;
        if (c != null && c.isConnected() && !entry.sendingPaused() && entry.failStalledRound(nowMs)) stalledRounds++;
        boolean refusedSubscription = entry.subscriptionRefused();
        if (c == null || !c.isConnected() || !(refusedSubscription || entry.isSubscribed() && entry.reconcileFailure() != null)) {
            if (entry.isReady()) retryPauseMs = RETRY_FIRST_MS;
            retryAtMs = 0;
            return;
        }
        if (entry.sendingPaused()) return; // banned or weight-limited: the round would only wait in the queue
        if (retryAtMs == 0) {
            retryAtMs = nowMs + retryPauseMs;
            return;
        }
        if (nowMs < retryAtMs) return;
        retries++;
        retryAtMs = 0;
        retryPauseMs = Math.min(RETRY_MAX_MS, retryPauseMs * 2);
        if (refusedSubscription) entry.subscribeUserData(); // then the round: trades made while unsubscribed are missed ones
        reconcile();
    }

    /** The symbols are registered: reconcile now if connected (a reconcile before them asked nothing and is not done). */
    void symbolsLoaded() {
        ApiConnection c = connection;
        if (c != null && c.isConnected()) reconcile();
    }

    /** Orders the tracker holds open on this exchange's symbols (for flox:binance; allocates). */
    private int openOrders() {
        long[] ids = new long[Math.max(16, tracker.openOrderCount())];
        int n = 0;
        for (int symbolId : symbolIds.get()) n += tracker.openOrders(symbolId, ids);
        return n;
    }

    /** Connected, user data subscribed, and reconciled: the venue may be LIVE. */
    boolean isReady() {
        ApiConnection c = connection;
        return c != null && c.isConnected() && entry.isSubscribed() && entry.isReconciled();
    }

    /** Order entry's part of the status line: open orders, the weight used, and what needs the operator (allocates). */
    String brief() {
        String failure = entry.reconcileFailure();
        String weight = entry.briefLimits(System.currentTimeMillis());
        return "open " + openOrders() + (weight.isEmpty() ? "" : " " + weight) + (failure != null ? " RECONCILIATION FAILED" : "")
                + (entry.foreignOpen() > 0 || entry.notOurs() > 0 ? " foreign orders seen" : "");
    }

    /** Order entry's lines of {@code flox:binance} (allocates). */
    String describe() {
        ApiConnection c = connection;
        String failure = entry.reconcileFailure();
        return "  order entry: " + (c == null ? "stopped" : (c.isConnected() ? "connected" : "not connected") + ", connects " + c.connects())
                + (entry.isSubscribed() ? ", user data subscribed" : ", user data not subscribed")
                + (failure != null ? ", reconciliation failed: " + failure : entry.isReconciled() ? ", reconciled" : ", reconciling")
                + (entry.lastReconciledMs() > 0 ? " (last " + java.time.Instant.ofEpochMilli(entry.lastReconciledMs()) + ")" : "")
                + (retries > 0 ? ", failed rounds or subscriptions tried again " + retries : "")
                + (stalledRounds > 0 ? ", rounds failed for an answer that did not come " + stalledRounds : "") + "\n"
                + "    open orders " + openOrders() + "; rate limits " + entry.describeLimits(System.currentTimeMillis()) + "\n"
                + (entry.quietUntilMs() > System.currentTimeMillis() ? "    SENDING NOTHING until " + java.time.Instant.ofEpochMilli(entry.quietUntilMs())
                        + " (the venue's 418 ban or timed 429); turns skipped " + entry.quietTurns() + "\n" : "")
                + "    requests sent " + entry.sent() + ", refused " + entry.refusedRequests() + ", unknown outcomes " + entry.unknownOutcomes()
                + ", corrections " + entry.corrections() + ", missed fills recovered " + entry.fillsRecovered()
                + ", trades the stream missed " + entry.missedTrades() + " (of orders not ours " + entry.missedForeignTrades() + ")"
                + ", awaiting a reply " + entry.awaitingReply() + ", queued to send " + entry.queuedBytes() + " B, held by the order window " + entry.throttled()
                + ", canceled before sending " + entry.canceledUnsent() + ", sends timed out " + (c == null ? 0 : c.sendTimeouts())
                + ", unreadable user-data events " + (c == null ? 0 : c.malformedUserData()) + " (each asks the orders again), unreadable replies "
                + (c == null ? 0 : c.malformedReplies()) + (c == null || c.malformedByKind().isEmpty() ? "" : " (" + c.malformedByKind() + ")") + "\n"
                + "    orders not placed by this run: open at a connect " + entry.foreignOpen() + ", reports " + entry.notOurs()
                + ", canceled " + entry.foreignCanceled() + ", adopted " + entry.foreignAdopted() + "; replaces whose old order filled while canceled " + entry.racedReplaces()
                + "; commands that failed " + entry.commandFailures() + "; reports the tracker refused " + entry.refusedReports() + "\n";
    }

    OrderEntry entry() {
        return entry;
    }

    ApiConnection connection() {
        return connection;
    }
}
