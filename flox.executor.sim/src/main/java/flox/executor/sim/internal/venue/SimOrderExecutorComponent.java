package flox.executor.sim.internal.venue;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataSubscriber;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.OrderExecutor;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.executor.sim.internal.config.SimConfigKeys;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * The simulated exchange as a host plugin (pid {@value #PID}): the {@link OrderExecutor} of
 * exchange SIM (started in the EXECUTOR phase, stopped last after finishing in-flight work) and
 * a market-data subscriber that keeps the venue's books. See {@link SimOrderExecutor} for the
 * threading modes and {@link flox.executor.sim.internal.matching.SimMatchingEngine} for the
 * matching model. Thread-safe; no allocation per order or report.
 */
@Component(service = {OrderExecutor.class, MarketDataSubscriber.class}, configurationPid = SimOrderExecutorComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {"flox.event.kinds=BOOK_UPDATE,TRADE", "flox.subscriber.delivery=inline"}) // the venue's book moves with the feed
@Designate(ocd = SimOrderExecutorComponent.Config.class)
public final class SimOrderExecutorComponent implements OrderExecutor, MarketDataSubscriber {
    public static final String PID = "flox.sim.executor";

    @ObjectClassDefinition(name = "Flox simulated exchange", description = "Matches the host's orders against the SIM market.")
    public @interface Config {
        @AttributeDefinition(description = "threaded: the venue has its own thread; inline: the caller's thread drives it (deterministic with sync buses).",
                options = {@Option(label = "threaded", value = "threaded"), @Option(label = "inline", value = "inline")})
        String mode() default "threaded";

        @AttributeDefinition(description = "Order-entry latency in microseconds (0: none; with inline mode keep 0 for exact replays).", min = "0")
        long latency_us() default 0;

        @AttributeDefinition(description = "Book levels per side the venue keeps and matches against.", min = "1")
        int book_levels() default 1000;

        @AttributeDefinition(description = "Host orders resting at once, per symbol.", min = "1")
        int max_orders() default 4096;

        @AttributeDefinition(description = "Order commands queued for the venue.", min = "16")
        int queue_capacity() default 8192;

        @AttributeDefinition(description = "Market events queued for the venue (each holds a book of book.levels).", min = "2")
        int market_data_slots() default 128;

        @AttributeDefinition(description = "Fee of a maker fill (a resting order filled), in basis points of the notional, up to 2 decimals "
                + "(10 = 0.1 %, Binance's standard spot rate; negative: a rebate). Charged in the quote currency, rounded up to the price unit.")
        String fee_maker_bps() default "0";

        @AttributeDefinition(description = "Fee of a taker fill (an order that took liquidity), in basis points of the notional, up to 2 decimals.")
        String fee_taker_bps() default "0";
    }

    private final SimOrderExecutor executor;

    @Activate
    public SimOrderExecutorComponent(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker, @Reference NanoClock clock,
                                     @Reference ExecutionBus executionBus, Config config, Map<String, Object> properties) {
        SimConfigKeys.warnUnknown(PID, Config.class, properties);
        boolean inline = "inline".equalsIgnoreCase(config.mode().strip());
        if (!inline && !"threaded".equalsIgnoreCase(config.mode().strip())) {
            System.getLogger("flox.sim").log(System.Logger.Level.ERROR, PID + ", field mode: '" + config.mode()
                    + "' is not threaded or inline (using threaded)");
        }
        executor = new SimOrderExecutor("SIM", inline, symbols, tracker, clock, config.latency_us() * 1_000,
                config.book_levels(), config.max_orders(), config.queue_capacity(), config.market_data_slots());
        executor.executionBus(executionBus);
        executor.fees(bpsX100(config.fee_maker_bps(), "fee.maker.bps"), bpsX100(config.fee_taker_bps(), "fee.taker.bps"));
    }

    /** A fee in basis points with up to 2 decimals, in hundredths of a basis point; refused (activation fails, naming the field) when not. */
    static long bpsX100(String text, String field) {
        long v = flox.api.num.FixedPoint.parse(text.strip(), 2);
        if (v == flox.api.num.FixedPoint.INVALID || Math.abs(v) > 100_000_00L) {
            throw new IllegalArgumentException(PID + ", field " + field + ": '" + text
                    + "' is not a fee in basis points with at most 2 decimals between -100000 and 100000");
        }
        return v;
    }

    @Deactivate
    void deactivate() {
        executor.stop(5_000);
    }

    @Override public String exchange() { return executor.exchange(); }
    @Override public String name() { return "sim exchange"; }
    @Override public void start() { executor.start(); }
    @Override public void stop() { executor.stop(10_000); }

    @Override
    public RejectReason submit(OrderRequest request) {
        return executor.submit(request);
    }

    @Override
    public RejectReason cancel(int symbolId, long clientOrderId) {
        return executor.cancel(symbolId, clientOrderId);
    }

    @Override
    public RejectReason replace(int symbolId, long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
        return executor.replace(symbolId, origClientOrderId, newClientOrderId, newPriceScaled, newQuantityScaled);
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        executor.onBookUpdate(update);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        executor.onTrade(trade);
    }

    SimOrderExecutor executor() {
        return executor;
    }
}
