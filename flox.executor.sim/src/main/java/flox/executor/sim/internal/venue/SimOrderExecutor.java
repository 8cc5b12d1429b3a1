package flox.executor.sim.internal.venue;

import flox.api.bus.ExecutionBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.ExecutionReports;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import java.lang.System.Logger.Level;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.jctools.queues.MpmcArrayQueue;
import org.jctools.queues.MpscArrayQueue;

/**
 * The simulated exchange's order entry and market-data intake, without OSGi: every input (an
 * order command from any strategy thread, a market event from the bus) goes through one
 * multi-producer queue into the single-threaded {@link SimVenue}, so the venue sees one
 * ordered stream.
 *
 * <p>Two ways to drain it:
 * <ul>
 * <li><b>threaded</b> (default): an Agrona agent thread "flox-sim-exchange" drains the queue
 *     and releases delayed commands when their latency has passed;</li>
 * <li><b>inline</b> (deterministic, for sync buses, replays and tests): the thread that
 *     enqueues drains, if no other thread is draining; a call made from inside a drain (a
 *     strategy reacting to a fill) is queued and handled after the current input, in order.
 *     With sync buses everything then runs on the publisher's thread, in one order.</li>
 * </ul>
 *
 * <p>Inputs use pooled slots (JCTools MPMC pools, MPSC queue): no allocation per call. Orders
 * and market events have separate pools (a market slot holds a whole book, so there are few).
 * A full pool is backpressure: {@link RejectReason#BACK_PRESSURED} for orders; market data waits.
 * Thread-safe.
 */
public final class SimOrderExecutor {
    private static final System.Logger LOG = System.getLogger("flox.sim");
    private static final VarHandle DRAINER;

    static {
        try {
            DRAINER = MethodHandles.lookup().findVarHandle(SimOrderExecutor.class, "drainer", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final String exchange;
    private final boolean inline;
    private final SimVenue venue;
    private final NanoClock clock;
    private final MpscArrayQueue<VenueInput> queue;
    private final MpmcArrayQueue<VenueInput> pool;
    private final MpmcArrayQueue<VenueInput> marketDataPool;
    @SuppressWarnings("unused") private volatile Thread drainer;
    private volatile boolean accepting;
    private AgentRunner runner;
    private volatile long marketDataDropped;

    public SimOrderExecutor(String exchange, boolean inline, SymbolRegistry symbols, OrderTracker tracker, NanoClock clock,
                            long latencyNs, int bookLevels, int maxOrdersPerSymbol, int queueCapacity, int marketDataSlots) {
        this.exchange = exchange;
        this.inline = inline;
        this.clock = clock;
        this.venue = new SimVenue(exchange, symbols, tracker, clock, latencyNs, bookLevels, maxOrdersPerSymbol, queueCapacity);
        this.queue = new MpscArrayQueue<>(queueCapacity + marketDataSlots);
        this.pool = new MpmcArrayQueue<>(queueCapacity);
        for (int i = 0; i < queueCapacity; i++) pool.offer(new VenueInput(0));
        this.marketDataPool = new MpmcArrayQueue<>(marketDataSlots);
        for (int i = 0; i < marketDataSlots; i++) marketDataPool.offer(new VenueInput(bookLevels));
    }

    /** The fee schedule in hundredths of a basis point (see {@link flox.executor.sim.internal.matching.SimMatchingEngine#fees}); before {@link #start}. */
    public void fees(long makerBpsX100, long takerBpsX100) {
        venue.fees(makerBpsX100, takerBpsX100);
    }

    public String exchange() {
        return exchange;
    }

    public void executionBus(ExecutionBus bus) {
        venue.executionBus(bus);
    }

    /** Accepts orders (and starts the venue thread in threaded mode). */
    public synchronized void start() {
        if (accepting) return;
        accepting = true;
        if (!inline) {
            runner = new AgentRunner(new BackoffIdleStrategy(64, 64, 1_000, 100_000), this::onAgentError, null, new Agent() {
                @Override public int doWork() {
                    return drainOnce(clock.nanoTime());
                }

                @Override public String roleName() {
                    return "flox-sim-exchange";
                }
            });
            AgentRunner.startOnThread(runner, r -> {
                Thread t = new Thread(r, "flox-sim-exchange");
                t.setDaemon(true);
                return t;
            });
        }
    }

    /**
     * Stops accepting orders, then finishes in-flight work: what is queued and what waits for
     * its latency is handed to the venue (bounded by {@code timeoutMs}), and the venue thread
     * stops. Returns a one-line account.
     */
    public synchronized String stop(long timeoutMs) {
        if (!accepting && runner == null) return exchange + ": not running";
        accepting = false;
        long deadline = System.nanoTime() + timeoutMs * 1_000_000;
        if (runner != null) {
            while ((!queue.isEmpty() || venue.inFlight() > 0) && System.nanoTime() < deadline) Thread.onSpinWait();
            runner.close();
            runner = null;
        } else {
            drainInline();
            while (venue.inFlight() > 0 && System.nanoTime() < deadline) drainInline();
        }
        int left = queue.size() + venue.inFlight();
        ExecutionReports r = venue.reporter();
        String account = exchange + " executor stopped: " + venue.reports + " reports (" + venue.fills + " fills, " + venue.rejects
                + " rejects; published " + r.published() + ", not republished as duplicate or stale " + r.ignored() + ", refused by the tracker "
                + r.refused() + ", not taken by the bus " + r.unpublished() + "), " + (left == 0 ? "nothing left in flight" : left + " command(s) left in flight");
        LOG.log(left == 0 ? Level.INFO : Level.WARNING, account);
        return account;
    }

    private void onAgentError(Throwable t) {
        LOG.log(Level.ERROR, exchange + ": venue thread failed", t);
    }

    // ---------------------------------------------------------------- order entry (any thread)

    public RejectReason submit(OrderRequest request) {
        if (!accepting) return RejectReason.NOT_RUNNING;
        if (inline && submitDirectly(request)) return RejectReason.NONE;
        VenueInput in = pool.relaxedPoll();
        if (in == null) return RejectReason.BACK_PRESSURED;
        in.kind = VenueInput.NEW;
        in.enqueuedNs = clock.nanoTime();
        in.request.copyFrom(request);
        in.clientOrderId = request.clientOrderId();
        in.symbolId = request.symbolId();
        return enqueue(in);
    }

    public RejectReason cancel(int symbolId, long clientOrderId) {
        if (!accepting) return RejectReason.NOT_RUNNING;
        VenueInput in = pool.relaxedPoll();
        if (in == null) return RejectReason.BACK_PRESSURED;
        in.kind = VenueInput.CANCEL;
        in.enqueuedNs = clock.nanoTime();
        in.symbolId = symbolId;
        in.clientOrderId = clientOrderId;
        return enqueue(in);
    }

    public RejectReason replace(int symbolId, long origId, long newId, long newPriceScaled, long newQuantityScaled) {
        if (!accepting) return RejectReason.NOT_RUNNING;
        VenueInput in = pool.relaxedPoll();
        if (in == null) return RejectReason.BACK_PRESSURED;
        in.kind = VenueInput.REPLACE;
        in.enqueuedNs = clock.nanoTime();
        in.symbolId = symbolId;
        in.clientOrderId = origId;
        in.newClientOrderId = newId;
        in.newPriceScaled = newPriceScaled;
        in.newQuantityScaled = newQuantityScaled;
        return enqueue(in);
    }

    private RejectReason enqueue(VenueInput in) {
        queue.offer(in); // never full: the pool holds exactly the queue's capacity
        if (inline) drainInline();
        return RejectReason.NONE;
    }

    // ---------------------------------------------------------------- market data (bus thread)

    public void onBookUpdate(BookUpdate update) {
        VenueInput in = takeSlotForMarketData();
        if (in == null) return;
        if (!in.book.copyFrom(update)) {
            marketDataPool.offer(in);
            marketDataDropped++;
            LOG.log(Level.ERROR, exchange + ": a book update with more levels than book.levels was not applied (" + update + ")");
            return;
        }
        in.kind = VenueInput.BOOK;
        queue.offer(in);
        if (inline) drainInline();
    }

    public void onTrade(TradeEvent trade) {
        VenueInput in = takeSlotForMarketData();
        if (in == null) return;
        in.kind = VenueInput.TRADE;
        in.trade.copyFrom(trade);
        queue.offer(in);
        if (inline) drainInline();
    }

    /** Market data is never dropped for lack of a slot: the bus thread waits for the venue. */
    private VenueInput takeSlotForMarketData() {
        VenueInput in;
        for (int spins = 0; (in = marketDataPool.relaxedPoll()) == null; spins++) {
            if (inline && drainer == Thread.currentThread()) return null; // cannot happen: a drain empties the queue first
            if (spins > 100) Thread.yield(); else Thread.onSpinWait();
        }
        return in;
    }

    // ---------------------------------------------------------------- draining

    /**
     * Inline mode, nothing queued and nobody draining: the order goes straight to the venue on
     * this thread, without a pooled slot and two queue hops. Anything queued meanwhile (a
     * strategy reacting to the reports) is drained before returning. False when the order must
     * take the queue to keep the order of inputs.
     */
    private boolean submitDirectly(OrderRequest request) {
        Thread me = Thread.currentThread();
        if (drainer == me || !queue.isEmpty() || !DRAINER.compareAndSet(this, null, me)) return false;
        boolean done = false;
        try {
            if (queue.isEmpty()) {
                venue.processNew(request, clock.nanoTime());
                done = true;
                drainOnce(clock.nanoTime());
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, exchange + ": venue failed on order " + request.clientOrderId() + "; continuing", e);
            done = true;
        } finally {
            DRAINER.setRelease(this, (Thread) null);
        }
        if (!queue.isEmpty()) drainInline();
        return done;
    }

    /** Inline mode: drain unless another thread is draining (it will see our input), or we are inside a drain. */
    private void drainInline() {
        Thread me = Thread.currentThread();
        if (drainer == me) return; // reentrant: the drain loop below picks it up
        while (DRAINER.compareAndSet(this, null, me)) {
            try {
                drainOnce(clock.nanoTime());
            } finally {
                DRAINER.setRelease(this, (Thread) null);
            }
            if (queue.isEmpty()) return; // else: enqueued after our last poll and its producer saw us draining
        }
    }

    /** Hands every queued input to the venue, then the commands due at {@code nowNs}. Venue thread only. */
    private int drainOnce(long nowNs) {
        int n = 0;
        VenueInput in;
        while ((in = queue.relaxedPoll()) != null) {
            try {
                venue.process(in);
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, exchange + ": venue failed on an input; continuing", e);
            } finally {
                (in.marketData ? marketDataPool : pool).offer(in);
            }
            n++;
        }
        return n + venue.releaseDue(nowNs);
    }

    // ---------------------------------------------------------------- status

    public long reports() { return venue.reports; }
    public long fills() { return venue.fills; }
    public long rejects() { return venue.rejects; }
    public long marketEvents() { return venue.marketEvents; }
    public long trackerRefusals() { return venue.trackerRefusals; }
    /** Reports the tracker ignored as duplicates or stale, so not published. */
    public long reportsIgnored() { return venue.reporter().ignored(); }
    /** Applied reports the execution bus did not take (closed, no bus). */
    public long reportsUnpublished() { return venue.reporter().unpublished(); }
    public long marketDataDropped() { return marketDataDropped; }
}
