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
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
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

        @AttributeDefinition(description = "Order-entry latency in microseconds (0: none; with inline mode keep 0 for exact replays).",
                min = "0", max = "10000000")
        long latency_us() default 0;

        @AttributeDefinition(description = "Book levels per side the venue keeps and matches against (each market-data slot preallocates a book this deep).",
                min = "1", max = "10000")
        int book_levels() default 1000;

        @AttributeDefinition(description = "Host orders resting at once, per symbol (preallocated per symbol).", min = "1", max = "1048576")
        int max_orders() default 4096;

        @AttributeDefinition(description = "Order commands queued for the venue (preallocated).", min = "16", max = "1048576")
        int queue_capacity() default 8192;

        @AttributeDefinition(description = "Market events queued for the venue (each holds a book of book.levels).", min = "2", max = "1024")
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
                                     @Reference ExecutionBus executionBus, Map<String, Object> properties) {
        SimConfigKeys.warnUnknown(PID, Config.class, properties);
        ConfigReader config = new ConfigReader(PID, properties);
        Settings s = Settings.read(config);
        SimConfigKeys.logErrors(config);
        executor = new SimOrderExecutor("SIM", s.inline, symbols, tracker, clock, s.latencyUs * 1_000,
                s.bookLevels, s.maxOrders, s.queueCapacity, s.marketDataSlots);
        executor.executionBus(executionBus);
        executor.fees(s.feeMakerBpsX100, s.feeTakerBpsX100);
    }

    /**
     * The configuration as read against {@link Config}'s generated metatype (defaults and ranges
     * written only there): a value out of range, malformed or not an option is refused naming
     * file and field, and the metatype's default taken, while the other values apply. The
     * component has no modified method: a changed file re-creates it, so every read is a start.
     */
    static final class Settings {
        private static final Metatype SCHEMA = Metatype.of(Config.class);
        final boolean inline;
        final long latencyUs;
        final int bookLevels;
        final int maxOrders;
        final int queueCapacity;
        final int marketDataSlots;
        final long feeMakerBpsX100;
        final long feeTakerBpsX100;

        private Settings(ConfigReader config) {
            inline = SCHEMA.optionValue(config, "mode", SCHEMA.defaultString("mode")).equals("inline");
            latencyUs = whole(config, "latency.us");
            bookLevels = (int) whole(config, "book.levels");
            maxOrders = (int) whole(config, "max.orders");
            queueCapacity = (int) whole(config, "queue.capacity");
            marketDataSlots = (int) whole(config, "market.data.slots");
            feeMakerBpsX100 = bpsX100(config, "fee.maker.bps");
            feeTakerBpsX100 = bpsX100(config, "fee.taker.bps");
        }

        static Settings read(ConfigReader config) {
            return new Settings(config);
        }

        private static long whole(ConfigReader config, String key) {
            return SCHEMA.longValue(config, key, SCHEMA.defaultLong(key));
        }

        /** A fee in basis points with up to 2 decimals within +-100000, in hundredths of a basis point (metatype cannot say this of a text). */
        private static long bpsX100(ConfigReader config, String key) {
            String text = config.stringValue(key, SCHEMA.defaultString(key));
            long v = flox.api.num.FixedPoint.parse(text, 2);
            if (v != flox.api.num.FixedPoint.INVALID && Math.abs(v) <= 100_000_00L) return v;
            config.reject(key, "'" + text + "' is not a fee in basis points with at most 2 decimals between -100000 and 100000",
                    SCHEMA.defaultString(key));
            return flox.api.num.FixedPoint.parse(SCHEMA.defaultString(key), 2);
        }
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
