package flox.strategy.samples.internal.strategy;

import flox.api.book.OrderBook;
import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.ExecutionEvent;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.lang.System.Logger.Level;
import java.util.Hashtable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * The threading shell around a {@link StrategyLogic}: it subscribes to the market data and the
 * execution reports of one symbol, keeps the book, and calls the logic on one thread at a time.
 *
 * <h2>Threads</h2>
 * <ul>
 * <li><b>Market data</b> (the bus's thread for this subscriber in async mode, the publisher's in
 * sync mode) applies every book update to the driver's {@link OrderBook}, running or not, so
 * the book is right when the strategy starts. While running, the same thread then drains the
 * {@link ExecutionInbox} into the strategy's orders and lets the logic decide: it is the
 * strategy's <em>decision thread</em>.</li>
 * <li><b>Execution reports</b> (the execution bus's thread) are only copied into the inbox. A
 * full inbox makes that thread wait (up to {@value #INBOX_WAIT_MS} ms, then the report is
 * dropped, counted and logged); a report delivered re-entrantly on the decision thread itself
 * (a synchronous executor inside {@code submit}) cannot wait and is dropped if the inbox is
 * full. The inbox holds {@code 4096} reports and is drained at every decision, so neither is
 * expected.</li>
 * <li><b>start/stop</b> (the lifecycle coordinator's thread). {@code start} drains the inbox
 * and then sets {@code running}. {@code stop} clears {@code running}, waits until no callback
 * is inside the logic (a volatile {@code busy} flag written before {@code running} is read: of
 * two threads each writing one flag and reading the other, at least one sees the other's
 * write), drains the inbox and calls {@link StrategyLogic#onStop()}, which cancels the
 * strategy's working orders. So the logic's state always has exactly one owner, handed over
 * through volatile writes and reads, with no lock on the hot path.</li>
 * </ul>
 *
 * <h2>Venue state</h2>
 * The driver trades only while its venue is {@link VenueState#LIVE}: it subscribes to venue
 * states on the market-data thread, and when the venue (or its symbol) leaves LIVE it cancels the
 * strategy's working orders and stops deciding until LIVE comes again. Before any state has
 * arrived it does not trade either (venues republish their state periodically for late
 * subscribers such as a strategy deployed into a running host).
 *
 * <h2>Book validity</h2>
 * The logic decides only on a consistent book. When the feed flags the book invalid, the logic
 * is told once ({@link StrategyLogic#onBookInvalid}: cancel the working orders) and not called
 * again until a snapshot has made the book valid; between the fragments of one venue update
 * ({@link BookUpdate#CONTINUED}) it is not called at all.
 *
 * <h2>Trigger time</h2>
 * Each decision carries the time of the market event that caused it: the update's
 * {@link BookUpdate#receiveTimestampNs()} (when the host received or generated it, on the host
 * clock) if it is plausible (positive, not in the future, under 10 s old), else the time the
 * callback began. Tick-to-trade thus includes the market-data bus hop.
 *
 * <p>No allocation in steady state: the book is allocated on the first update, the logic and
 * the inbox are preallocated; configuration changes (cold) allocate.
 */
public final class StrategyDriver implements MarketDataSubscriber, ExecutionSubscriber {
    static final long MAX_TRIGGER_AGE_NS = 10_000_000_000L;
    static final long INBOX_WAIT_MS = 1_000;
    static final long QUIESCE_TIMEOUT_MS = 5_000;
    public static final int INBOX_CAPACITY = 4096;

    private final System.Logger log;
    private final String name;
    private final StrategyLogic logic;
    private final NanoClock clock;
    private final SymbolRegistry symbols;
    private final int bookLevels;
    private final ExecutionInbox inbox = new ExecutionInbox(INBOX_CAPACITY);
    private final AtomicReference<Runnable> pendingChange = new AtomicReference<>();

    // market-data thread
    private OrderBook book;
    // decision context (one owner at a time)
    private SymbolInfo symbol;
    private boolean disabled;
    /** The venue's last state as it applies to this symbol; null before any arrived. Market-data thread; read for display. */
    private volatile VenueState venueState;
    private String exchange = "";
    /** The logic was told the book is invalid (and has not decided since). */
    private boolean bookInvalidSeen;

    private volatile boolean running;
    private volatile boolean busy;
    private volatile Thread decisionThread;
    private volatile String problem;

    private final AtomicLong decisions = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong droppedReports = new AtomicLong();
    private final AtomicLong bookInvalidations = new AtomicLong();
    private volatile boolean bookValid = true;
    private long lastErrorLogNs;

    private ServiceRegistration<MarketDataSubscriber> marketDataRegistration;
    private ServiceRegistration<ExecutionSubscriber> executionRegistration;

    public StrategyDriver(String name, StrategyLogic logic, NanoClock clock, SymbolRegistry symbols, int bookLevels) {
        this.name = name;
        this.logic = logic;
        this.clock = clock;
        this.symbols = symbols;
        this.bookLevels = bookLevels;
        this.log = System.getLogger("flox.strategy");
    }

    // ------------------------------------------------------------------ registration (cold)

    /**
     * Registers the driver as a market-data subscriber (book updates of {@code symbol}, an
     * "EXCHANGE:SYMBOL" name) and an execution subscriber (reports for that symbol).
     */
    public void register(BundleContext context, String symbolName, String componentName) {
        Hashtable<String, Object> md = new Hashtable<>();
        md.put(SubscriberProperties.SYMBOLS, symbolName);
        md.put(SubscriberProperties.EVENT_KINDS, new String[] {"BOOK_UPDATE", "VENUE_STATE"});
        int colon = symbolName.indexOf(':');
        watchVenue(colon > 0 ? symbolName.substring(0, colon) : "");
        md.put(SubscriberProperties.DELIVERY, SubscriberProperties.DELIVERY_INLINE); // decides on the feed's thread: no queue hop
        md.put("component.name", componentName);
        marketDataRegistration = context.registerService(MarketDataSubscriber.class, this, md);
        Hashtable<String, Object> ex = new Hashtable<>();
        ex.put(SubscriberProperties.SYMBOLS, symbolName);
        ex.put(SubscriberProperties.DELIVERY, SubscriberProperties.DELIVERY_INLINE);
        ex.put("component.name", componentName);
        executionRegistration = context.registerService(ExecutionSubscriber.class, this, ex);
    }

    /** The exchange whose venue states this driver follows (set by {@link #register}; tests call it directly). Before any event. */
    public void watchVenue(String exchangeName) {
        exchange = exchangeName;
    }

    public void unregister() {
        unregister(marketDataRegistration);
        unregister(executionRegistration);
        marketDataRegistration = null;
        executionRegistration = null;
    }

    private static void unregister(ServiceRegistration<?> r) {
        if (r == null) return;
        try {
            r.unregister();
        } catch (IllegalStateException alreadyGone) {
            // the bundle is stopping
        }
    }

    /** Runs {@code change} in the decision context before the next decision (or at start). Cold path. */
    public void change(Runnable change) {
        pendingChange.set(change);
    }

    // ------------------------------------------------------------------ lifecycle (coordinator thread)

    public void start() {
        applyPendingChange();
        inbox.drain(logic.orders());
        running = true;
    }

    public void stop() {
        running = false;
        long deadline = System.nanoTime() + QUIESCE_TIMEOUT_MS * 1_000_000L;
        while (busy) {
            if (System.nanoTime() - deadline >= 0) {
                log.log(Level.ERROR, name + ": a market-data callback did not return within " + QUIESCE_TIMEOUT_MS
                        + " ms; stopping without canceling the strategy's orders (see flox:orders)");
                return;
            }
            Thread.onSpinWait();
        }
        inbox.drain(logic.orders());
        logic.onStop();
    }

    public boolean isRunning() {
        return running;
    }

    // ------------------------------------------------------------------ market data (one thread)

    @Override
    public void onBookUpdate(BookUpdate update) {
        OrderBook b = book;
        if (b == null) {
            b = new OrderBook(update.symbolId(), bookLevels); // once
            book = b;
        }
        if (!b.apply(update)) return; // another symbol: not ours
        if (b.isValid() != bookValid) bookValid = b.isValid(); // for describe()
        busy = true;
        try {
            if (!running) return;
            decisionThread = Thread.currentThread();
            long now = clock.nanoTime();
            decide(triggerTime(update.receiveTimestampNs(), now), now);
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            decisionThread = null;
            busy = false;
        }
    }

    private void decide(long triggerNs, long nowNs) {
        applyPendingChange();
        inbox.drain(logic.orders());
        if (symbol == null && !bind()) return;
        if (disabled || venueState != VenueState.LIVE) return;
        if (!book.isValid()) {
            if (!bookInvalidSeen) { // once per invalidation
                bookInvalidSeen = true;
                bookInvalidations.incrementAndGet();
                logic.onBookInvalid();
            }
            return;
        }
        bookInvalidSeen = false;
        if (book.isUpdating()) return; // between fragments: decide on the whole update
        decisions.setRelease(decisions.getPlain() + 1);
        logic.onBook(book, triggerNs, nowNs);
    }

    /**
     * A venue state for this driver's exchange (a venue-wide one) or symbol: leaving LIVE cancels
     * the strategy's working orders (decision context: the same thread as the books). Cold path.
     */
    @Override
    public void onVenueState(VenueStateEvent v) {
        if (!v.exchange().equals(exchange)) return;
        if (!v.isVenueWide() && (book == null || v.symbolId() != book.symbolId())) return; // another symbol's own state
        VenueState was = venueState;
        venueState = v.state();
        if (was == v.state()) return;
        busy = true;
        try {
            if (!running) return;
            decisionThread = Thread.currentThread();
            if (v.state() == VenueState.LIVE) {
                log.log(Level.INFO, name + ": venue " + exchange + " is LIVE: trading");
            } else {
                inbox.drain(logic.orders());
                int canceled = logic.orders().cancelAll();
                log.log(was == VenueState.LIVE ? Level.WARNING : Level.INFO, name + ": venue " + exchange + " is " + v.state() + " (" + v.reason()
                        + (v.text().isEmpty() ? "" : ": " + v.text()) + "): not trading, " + canceled + " working order(s) canceled");
            }
        } catch (RuntimeException e) {
            failed(e);
        } finally {
            decisionThread = null;
            busy = false;
        }
    }

    /** Binds the logic to the book's symbol (decision context). */
    private boolean bind() {
        SymbolInfo info = symbols.symbol(book.symbolId());
        if (info == null) return false;
        symbol = info;
        logic.orders().symbolId(info.symbolId());
        String why = logic.bindSymbol(info);
        disabled = why != null;
        problem = why;
        if (why != null) log.log(Level.ERROR, name + ": not trading " + info.exchange() + ':' + info.symbol() + ": " + why);
        return true;
    }

    private void applyPendingChange() {
        if (pendingChange.getPlain() == null) return;
        Runnable c = pendingChange.getAndSet(null);
        if (c == null) return;
        c.run();
        if (symbol != null) { // re-derive the configured sizes at the symbol's scales
            String why = logic.bindSymbol(symbol);
            disabled = why != null;
            problem = why;
            if (why != null) log.log(Level.ERROR, name + ": not trading after the configuration change: " + why);
        }
    }

    /** The event's receive time when plausible on the host clock, else {@code nowNs}. */
    static long triggerTime(long receiveNs, long nowNs) {
        long age = nowNs - receiveNs;
        return receiveNs > 0 && age >= 0 && age < MAX_TRIGGER_AGE_NS ? receiveNs : nowNs;
    }

    private void failed(RuntimeException e) {
        long n = errors.incrementAndGet();
        long now = System.nanoTime();
        if (n == 1) {
            log.log(Level.ERROR, name + ": decision failed (further failures are counted, logged at most once a second)", e);
            lastErrorLogNs = now;
        } else if (now - lastErrorLogNs > 1_000_000_000L) {
            log.log(Level.ERROR, name + ": decision failed (" + n + " failures so far): " + e);
            lastErrorLogNs = now;
        }
    }

    // ------------------------------------------------------------------ executions (one thread)

    @Override
    public void onExecution(ExecutionEvent event) {
        if (inbox.offer(event)) return;
        if (Thread.currentThread() == decisionThread) {
            dropped(event, "re-entrant report and the inbox is full");
            return;
        }
        long deadline = System.nanoTime() + INBOX_WAIT_MS * 1_000_000L;
        for (int attempt = 0; ; attempt++) {
            if (inbox.offer(event)) return;
            if (!running && attempt > 100) {
                dropped(event, "the strategy is stopped and its inbox is full");
                return;
            }
            if (System.nanoTime() - deadline >= 0) {
                dropped(event, "its inbox stayed full for " + INBOX_WAIT_MS + " ms");
                return;
            }
            if (attempt < 100) Thread.onSpinWait(); else LockSupport.parkNanos(50_000);
        }
    }

    private void dropped(ExecutionEvent event, String why) {
        long n = droppedReports.incrementAndGet();
        if (n == 1 || n % 1000 == 0) {
            log.log(Level.ERROR, name + ": dropped execution report " + event + " (" + n + " so far): " + why
                    + "; the strategy's view of its orders may be wrong until restart");
        }
    }

    // ------------------------------------------------------------------ queries (any thread)

    public String name() { return name; }
    public long decisions() { return decisions.getAcquire(); }
    public long errors() { return errors.get(); }
    public long droppedReports() { return droppedReports.get(); }
    /** Why the strategy does not trade (configuration does not fit the symbol), or null. */
    public String problem() { return problem; }

    /**
     * One line for {@code flox:strategies}: state, inventory and open orders. The strategy's own
     * fields are read without synchronization from the shell's thread: approximate, for display.
     */
    public String describe() {
        StrategyOrders o = logic.orders();
        SymbolInfo s = symbol;
        String inventory = s == null ? Long.toString(o.inventory()) : flox.api.num.FixedPoint.format(o.inventory(), s.quantityScale());
        return name + ": " + (running ? "running" : "stopped") + ", inventory " + inventory + ", open orders " + o.openCount()
                + ", sent " + o.submitted() + " (refused " + o.refused() + "), decisions " + decisions()
                + (!bookValid ? ", BOOK INVALID (not quoting until the next snapshot)" : "")
                + (bookInvalidations.get() > 0 ? ", book invalidations " + bookInvalidations.get() : "")
                + (errors() > 0 ? ", errors " + errors() : "") + (droppedReports() > 0 ? ", dropped reports " + droppedReports() : "")
                + (problem != null ? ", NOT TRADING: " + problem : "")
                + (venueState != VenueState.LIVE ? ", NOT TRADING: venue " + exchange + " " + (venueState == null ? "state not known yet" : venueState) : "");
    }
}
