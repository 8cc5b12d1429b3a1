package flox.executor.sim.internal.venue;

import flox.api.book.OrderBook;
import flox.api.bus.ExecutionBus;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderTracker;
import flox.api.order.TrackerResult;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.executor.sim.internal.matching.DelayedCommandRing;
import flox.executor.sim.internal.matching.ExecutionSink;
import flox.executor.sim.internal.matching.SimCommand;
import flox.executor.sim.internal.matching.SimCommandHandler;
import flox.executor.sim.internal.matching.SimIdSequence;
import flox.executor.sim.internal.matching.SimMatchingEngine;
import java.lang.System.Logger.Level;

/**
 * The simulated exchange's state for every symbol of its exchange: the market's book (from the
 * market data it is fed) and a {@link SimMatchingEngine}, plus the order-entry latency. Reports
 * follow {@link ExecutionReports}' rule: applied to the order tracker, published only if applied.
 *
 * <p>Single-threaded: exactly one thread at a time calls {@link #process} and
 * {@link #releaseDue} (the executor guarantees it). No allocation in steady state; a symbol
 * seen for the first time gets its book and engine then.
 */
final class SimVenue implements ExecutionSink, SimCommandHandler {
    private static final System.Logger LOG = System.getLogger("flox.sim");

    private final String exchange;
    private final SymbolRegistry symbols;
    private final OrderTracker tracker;
    private final NanoClock clock;
    private final SimIdSequence ids = new SimIdSequence();
    private final flox.api.order.OrderState refusedView = new flox.api.order.OrderState();
    private final ExecutionEvent refusal = new ExecutionEvent();
    private final DelayedCommandRing delayed;
    private final long latencyNs;
    private final int bookLevels;
    private final int maxOrdersPerSymbol;
    private volatile long makerFeeBpsX100;
    private volatile long takerFeeBpsX100;
    private final ExecutionReports reporter;

    private OrderBook[] books = new OrderBook[0];
    private SimMatchingEngine[] engines = new SimMatchingEngine[0];
    /** Symbol ids of other exchanges, known not to be ours (so the registry is asked once). */
    private boolean[] foreign = new boolean[0];
    /** Books between two fragments of a CONTINUED update. */
    private int booksUpdating;

    // counters: written by the venue thread, read by status (volatile for visibility)
    volatile long reports;
    volatile long fills;
    volatile long rejects;
    volatile long trackerRefusals;
    volatile long marketEvents;
    volatile long delayFull;

    SimVenue(String exchange, SymbolRegistry symbols, OrderTracker tracker, NanoClock clock, long latencyNs, int bookLevels,
             int maxOrdersPerSymbol, int delayCapacity) {
        this.exchange = exchange;
        this.symbols = symbols;
        this.tracker = tracker;
        this.clock = clock;
        this.latencyNs = latencyNs;
        this.bookLevels = bookLevels;
        this.maxOrdersPerSymbol = maxOrdersPerSymbol;
        this.delayed = new DelayedCommandRing(delayCapacity);
        this.reporter = new ExecutionReports(tracker, null);
    }

    /** Applies to engines created from now on and to those that exist (set before start: the venue thread reads it then). */
    void fees(long makerBpsX100, long takerBpsX100) {
        makerFeeBpsX100 = makerBpsX100;
        takerFeeBpsX100 = takerBpsX100;
        for (SimMatchingEngine e : engines) if (e != null) e.fees(makerBpsX100, takerBpsX100);
    }

    void executionBus(ExecutionBus bus) {
        reporter.executionBus(bus);
    }

    /** The reports' publication counters (published, ignored as duplicates or stale, refused, unpublished). */
    ExecutionReports reporter() {
        return reporter;
    }

    /** Handles one input: market data at once; order commands after the configured latency. */
    void process(VenueInput in) {
        switch (in.kind) {
            case VenueInput.BOOK: {
                int id = in.book.symbolId();
                if (!isOurs(id)) return;
                marketEvents++;
                OrderBook book = books[id];
                boolean wasUpdating = book.isUpdating();
                book.apply(in.book);
                if (book.isUpdating() != wasUpdating) booksUpdating += wasUpdating ? -1 : 1;
                engines[id].onBookUpdate(in.book);
                break;
            }
            case VenueInput.TRADE: {
                int id = in.trade.symbolId();
                if (!isOurs(id)) return;
                marketEvents++;
                engines[id].onTrade(in.trade);
                break;
            }
            case VenueInput.NEW:
                processNew(in.request, in.enqueuedNs);
                return;
            case VenueInput.CANCEL:
                if (!delayed.offerCancel(in.enqueuedNs + latencyNs, in.symbolId, in.clientOrderId)) {
                    refuse(ExecType.CANCEL_REJECTED, in.clientOrderId, 0, in.symbolId, null);
                }
                break;
            case VenueInput.REPLACE:
                if (!delayed.offerReplace(in.enqueuedNs + latencyNs, in.symbolId, in.clientOrderId, in.newClientOrderId,
                        in.newPriceScaled, in.newQuantityScaled)) {
                    refuse(ExecType.REPLACE_REJECTED, in.newClientOrderId, in.clientOrderId, in.symbolId, null);
                }
                break;
            default:
                throw new IllegalStateException("unknown venue input " + in.kind);
        }
        if (latencyNs == 0) releaseDue(Long.MAX_VALUE);
    }

    /** A new order, sent at {@code sentNs}: to the engine after the latency (at once without). */
    void processNew(flox.api.order.OrderRequest request, long sentNs) {
        if (!delayed.offerNew(sentNs + latencyNs, request)) {
            refuse(ExecType.REJECTED, request.clientOrderId(), 0, request.symbolId(), request.side());
        }
        if (latencyNs == 0) releaseDue(Long.MAX_VALUE);
    }

    /**
     * Hands the commands whose latency has passed to the engines; returns how many. None while a
     * book is between two fragments of one venue update: an order must not match a book the venue
     * never had (they wait, in order, for the last fragment or an INVALID update).
     */
    int releaseDue(long nowNs) {
        if (booksUpdating > 0) return 0;
        int n = 0;
        int k;
        while ((k = delayed.drain(nowNs, 256, this)) > 0) n += k;
        return n;
    }

    long nextDueNs() {
        return delayed.nextDueNs();
    }

    int inFlight() {
        return delayed.size();
    }

    @Override
    public void onCommand(SimCommand c) {
        int id = c.symbolId();
        if (!isOurs(id)) {
            LOG.log(Level.ERROR, exchange + ": command for symbol id " + id + ", not one of " + exchange + "'s: " + c);
            return;
        }
        SimMatchingEngine engine = engines[id];
        switch (c.kind()) {
            case NEW: engine.submit(c.request()); break;
            case CANCEL: engine.cancel(c.clientOrderId()); break;
            case REPLACE: engine.replace(c.clientOrderId(), c.newClientOrderId(), c.newPriceScaled(), c.newQuantityScaled()); break;
            default: throw new IllegalStateException();
        }
    }

    /**
     * The latency queue is full: the venue refuses the command, and says so like any refusal
     * (tracker and execution bus), so nothing is left waiting for an answer.
     */
    private void refuse(ExecType type, long clientOrderId, long origClientOrderId, int symbolId, flox.api.order.Side side) {
        long n = ++delayFull;
        if (n == 1 || n % 1000 == 0) LOG.log(Level.ERROR, exchange + ": order-entry queue full (" + n + " refusals so far)");
        refusal.reset(type, clientOrderId, symbolId, side).origClientOrderId(origClientOrderId)
                .reason(flox.api.order.RejectReason.BACK_PRESSURED, "venue order-entry queue full").timestamps(0, clock.nanoTime());
        onReport(refusal);
    }

    @Override
    public void onReport(ExecutionEvent report) {
        reports++;
        ExecType t = report.execType();
        if (t == ExecType.FILLED || t == ExecType.PARTIALLY_FILLED) fills++;
        else if (t == ExecType.REJECTED || t == ExecType.REPLACE_REJECTED) rejects++;
        TrackerResult applied = reporter.report(report); // published only if the tracker applied it
        if (applied.isRefused()) {
            long n = ++trackerRefusals;
            if (n <= 20) { // a disagreement between venue and tracker is a bug somewhere: say exactly what (rare; allocates)
                boolean known = tracker.read(report.clientOrderId(), refusedView);
                LOG.log(Level.ERROR, exchange + ": the order tracker refused " + report + " as " + applied + "; it holds "
                        + (known ? refusedView.toString() : "no such order"));
            }
        }
    }

    /** True if the symbol belongs to this venue; creates its book and engine on first sight. */
    private boolean isOurs(int symbolId) {
        if (symbolId < 0) return false;
        if (symbolId < foreign.length && foreign[symbolId]) return false;
        if (symbolId < engines.length && engines[symbolId] != null) return true;
        SymbolInfo s = symbols.symbol(symbolId);
        grow(symbolId + 1);
        if (s == null || !s.exchange().equals(exchange)) {
            if (s != null) foreign[symbolId] = true; // unknown ids may be registered later
            return false;
        }
        OrderBook book = new OrderBook(symbolId, bookLevels);
        books[symbolId] = book;
        engines[symbolId] = new SimMatchingEngine(s, new BookLevels(book), clock, ids, this, maxOrdersPerSymbol, bookLevels);
        engines[symbolId].fees(makerFeeBpsX100, takerFeeBpsX100);
        return true;
    }

    private void grow(int size) {
        if (size <= engines.length) return;
        int n = Math.max(size, engines.length * 2);
        books = java.util.Arrays.copyOf(books, n);
        engines = java.util.Arrays.copyOf(engines, n);
        foreign = java.util.Arrays.copyOf(foreign, n);
    }

    /** Best bid/ask of a symbol's market book, for status; NO_PRICE when unknown. */
    OrderBook book(int symbolId) {
        return symbolId >= 0 && symbolId < books.length ? books[symbolId] : null;
    }
}
