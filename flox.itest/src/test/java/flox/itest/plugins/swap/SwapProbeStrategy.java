package flox.itest.plugins.swap;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.order.TimeInForce;
import flox.api.plugin.HandoverState;
import flox.api.plugin.StateHandover;
import flox.api.plugin.Strategy;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;

/**
 * Test plugin (not a DS-annotated class: the hot-deploy tests pack it with a hand-written
 * component description into bundles of several versions). A strategy that keeps
 * {@value #RESTING} buy orders resting 2% below the BTCUSDT bid (they do not fill), hands them
 * over on a swap ({@link StateHandover}, format 1: events seen, then its order ids) and exposes
 * what it saw through a {@link Supplier} service (property flox.itest.probe=swap): first and last
 * event times while started, stop time, orders imported (-1: never asked; -2: refused), foreign reports. Its worker thread ("swap-probe-worker")
 * lives from activate to deactivate, so a test can see that none is left.
 */
public final class SwapProbeStrategy implements Strategy, StateHandover, MarketDataSubscriber, ExecutionSubscriber, Supplier<Map<String, Object>> {
    static final int RESTING = 3;
    static final int FORMAT = 1;

    // DS field injection (static references)
    private OrderGateway gateway;
    private OrderTracker tracker;
    private SymbolRegistry symbols;

    private String version = "?";
    private int strategyId;
    private boolean acceptHandover = true;
    private volatile boolean running;
    private volatile long firstEventNs;
    private volatile long lastEventNs;
    private volatile long startNs;
    private volatile long stopNs;
    private volatile long events;
    private volatile long carriedEvents;
    private volatile int imported = -1;
    private volatile String importedFrom = "";
    private volatile long foreignReports;
    private volatile long refused;
    private final Set<Long> own = ConcurrentHashMap.newKeySet();
    private final OrderRequest order = new OrderRequest();
    private final OrderState view = new OrderState(); // execution thread
    private long lastSendNs;
    private volatile Thread worker;
    private volatile boolean workerRun;

    void activate(BundleContext context, Map<String, Object> properties) {
        version = context.getBundle().getVersion().toString();
        strategyId = ((Number) properties.get("strategy.id")).intValue();
        Object accept = properties.get("accept.handover");
        acceptHandover = accept == null || Boolean.parseBoolean(accept.toString());
        workerRun = true;
        Thread t = new Thread(() -> {
            while (workerRun) LockSupport.parkNanos(50_000_000L); // stands for a plugin's own housekeeping thread
        }, "swap-probe-worker-" + version);
        t.setDaemon(true);
        t.start();
        worker = t;
    }

    void deactivate() throws InterruptedException {
        workerRun = false;
        Thread t = worker;
        if (t != null) {
            LockSupport.unpark(t);
            t.join(5_000);
        }
    }

    @Override
    public int strategyId() {
        return strategyId;
    }

    @Override
    public String name() {
        return "swap-probe " + version;
    }

    @Override
    public void start() {
        startNs = System.nanoTime();
        running = true;
    }

    @Override
    public void stop() {
        running = false;
        stopNs = System.nanoTime();
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        // events count only while started: the bus delivers from subscription (before start) until
        // unsubscription (possibly after stop), and the swap is measured between started instances
        if (!running) return;
        long now = System.nanoTime();
        if (firstEventNs == 0) firstEventNs = now;
        lastEventNs = now;
        events++; // single writer: the market-data bus thread of this subscriber
        if (update.bidCount() == 0) return;
        int btc = symbols.resolve("SIM", "BTCUSDT");
        if (update.symbolId() != btc || own.size() >= RESTING || now - lastSendNs < 20_000_000L) return;
        SymbolInfo info = symbols.symbol(btc);
        long tick = info.tickSizeScaled();
        long price = update.bidPrice(0) / 100 * 98 / tick * tick;
        long quantity = info.lotSizeScaled() * 100;
        long id = gateway.nextClientOrderId();
        order.limit(id, btc, Side.BUY, price, quantity, TimeInForce.GTC).strategyId(strategyId);
        own.add(id); // before submit: a synchronous venue reports inside it
        lastSendNs = now;
        if (gateway.submit(order) != RejectReason.NONE) {
            own.remove(id);
            refused++;
        }
    }

    @Override
    public void onExecution(ExecutionEvent e) {
        if (!own.contains(e.clientOrderId())) {
            // another strategy's, or one of our id's that this instance did not take over (counted)
            if (tracker.read(e.clientOrderId(), view) && view.strategyId() == strategyId) foreignReports++;
            return;
        }
        switch (e.execType()) {
            case FILLED: case CANCELED: case EXPIRED: case REJECTED:
                own.remove(e.clientOrderId());
                break;
            default:
        }
    }

    @Override
    public int stateFormat() {
        return FORMAT;
    }

    @Override
    public byte[] exportState() {
        Long[] ids = own.toArray(new Long[0]);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 * ids.length);
        b.putLong(events + carriedEvents).putInt(ids.length);
        for (Long id : ids) b.putLong(id);
        return b.array();
    }

    @Override
    public boolean importState(HandoverState state) {
        importedFrom = state.from();
        if (!acceptHandover || state.format() != FORMAT) {
            imported = -2; // asked, and refused
            return false;
        }
        ByteBuffer b = ByteBuffer.wrap(state.state());
        carriedEvents = b.getLong();
        // the tracker's open orders are the truth: those the old instance knew may have ended since
        for (long id : state.openOrderIds()) own.add(id);
        imported = state.openOrderIds().length;
        importedFrom = state.from();
        return true;
    }

    @Override
    public Map<String, Object> get() {
        Map<String, Object> m = new HashMap<>();
        m.put("version", version);
        m.put("firstEventNs", firstEventNs);
        m.put("lastEventNs", lastEventNs);
        m.put("startNs", startNs);
        m.put("stopNs", stopNs);
        m.put("events", events);
        m.put("carriedEvents", carriedEvents);
        m.put("imported", imported);
        m.put("importedFrom", importedFrom);
        m.put("own", own.stream().mapToLong(Long::longValue).sorted().toArray());
        m.put("foreignReports", foreignReports);
        m.put("refused", refused);
        m.put("running", running);
        return m;
    }
}
