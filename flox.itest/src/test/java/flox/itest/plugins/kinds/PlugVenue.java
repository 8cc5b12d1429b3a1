package flox.itest.plugins.kinds;

import flox.api.bus.MarketDataBus;
import flox.api.event.TradeEvent;
import flox.api.event.ExecType;
import flox.api.event.ExecutionEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderState;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.Side;
import flox.api.plugin.ExchangeConnector;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Test plugin (a venue: connector and executor of exchange PLUG): registers PLUG:XYZ, publishes a
 * trade on it every millisecond from its own thread ("plug-connector") while started, with the
 * venue's state (LIVE, republished every 200 trades; DISCONNECTED at stop), and takes orders for
 * it (counted, not matched).
 */
public final class PlugVenue {
    static final String EXCHANGE = "PLUG";

    static int register(SymbolRegistry symbols) {
        int id = symbols.resolve(EXCHANGE, "XYZ");
        if (id != SymbolRegistry.UNKNOWN) return id;
        try {
            return symbols.register(SymbolInfo.builder(EXCHANGE, "XYZ").priceScale(2).quantityScale(2).tickSizeScaled(1)
                    .lotSizeScaled(1).minQuantityScaled(1).minNotionalScaled(1).build());
        } catch (flox.api.symbol.SymbolRegistrationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The connector: market data of PLUG on the bus. */
    public static final class Connector implements ExchangeConnector {
        private MarketDataBus bus;
        private SymbolRegistry symbols;
        private volatile boolean running;
        private Thread thread;

        @Override public String exchange() { return EXCHANGE; }

        @Override
        public void start() {
            int symbolId = register(symbols);
            running = true;
            thread = new Thread(() -> {
                TradeEvent trade = new TradeEvent();
                flox.api.event.VenueStateEvent venue = new flox.api.event.VenueStateEvent();
                long id = 0;
                while (running) {
                    if (id % 200 == 0) { // LIVE at once, then again every ~200 ms for late subscribers (a swapped risk module)
                        bus.publishVenueState(venue.set(EXCHANGE, flox.api.event.VenueStateEvent.ALL_SYMBOLS, flox.api.event.VenueState.LIVE,
                                flox.api.event.VenueStateReason.NONE, 0, "plug up", System.nanoTime()));
                    }
                    id++;
                    bus.publishTrade(trade.set(symbolId, id, 100_00, 1_00, Side.BUY, System.nanoTime(), System.nanoTime()));
                    LockSupport.parkNanos(1_000_000L);
                }
                bus.publishVenueState(venue.set(EXCHANGE, flox.api.event.VenueStateEvent.ALL_SYMBOLS, flox.api.event.VenueState.DISCONNECTED,
                        flox.api.event.VenueStateReason.SHUTDOWN, 0, "plug stopped", System.nanoTime()));
            }, "plug-connector");
            thread.setDaemon(true);
            thread.start();
        }

        @Override
        public void stop() throws InterruptedException {
            running = false;
            Thread t = thread;
            if (t != null) t.join(5_000);
        }
    }

    /** The executor: takes PLUG orders (accepted at once, canceled on request; reported to the tracker). */
    public static final class Executor implements OrderExecutor, java.util.function.LongSupplier {
        private SymbolRegistry symbols;
        private OrderTracker tracker;
        private final AtomicLong submitted = new AtomicLong();

        void activate() {
            register(symbols);
        }

        @Override public String exchange() { return EXCHANGE; }
        @Override public void start() { }
        @Override public void stop() { }

        @Override
        public RejectReason submit(OrderRequest request) {
            submitted.incrementAndGet();
            tracker.apply(new ExecutionEvent().reset(ExecType.ACCEPTED, request.clientOrderId(), request.symbolId(), request.side()));
            return RejectReason.NONE;
        }

        @Override
        public RejectReason cancel(int symbolId, long clientOrderId) {
            OrderState s = new OrderState();
            if (!tracker.read(clientOrderId, s)) return RejectReason.UNKNOWN_ORDER;
            tracker.apply(new ExecutionEvent().reset(ExecType.CANCELED, clientOrderId, s.symbolId(), s.side()));
            return RejectReason.NONE;
        }
        @Override public RejectReason replace(int symbolId, long a, long b, long c, long d) { return RejectReason.NONE; }
        @Override public long getAsLong() { return submitted.get(); }
    }
}
