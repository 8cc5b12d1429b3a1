package flox.strategy.samples.internal.aggregate;

import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.TradeEvent;
import flox.api.time.NanoClock;
import flox.strategy.samples.internal.Settings;
import java.util.Arrays;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * OHLCV bars from public trades (pid {@value #PID}, one instance per factory configuration, e.g.
 * 1-second time bars and 100-trade tick bars): a market-data subscriber for trades, lossless but
 * not required (if it stalls, the bus does not wait for it), with a {@link BarSeries} per symbol.
 * {@code flox.symbols} in the configuration narrows the symbols (it is a service property the
 * bus reads); absent means all. A configuration change re-creates the instance (history is lost).
 *
 * <p>Bar times are wall-clock (UTC) nanoseconds: a trade's epoch timestamp as it is, a monotonic
 * one (seconds since the machine booted) moved by the wall-minus-monotonic offset taken at
 * activation (a later step of the wall clock is not followed until the next activation).
 *
 * <p>Trades arrive on one thread (the bus's); the series for a new symbol is allocated when its
 * first trade arrives; nothing else allocates. {@link #series()} is for any thread.
 */
@Component(service = {BarsComponent.class, MarketDataSubscriber.class}, configurationPid = BarsComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {SubscriberProperties.EVENT_KINDS + "=TRADE", SubscriberProperties.REQUIRED + ":Boolean=false"})
@Designate(ocd = BarsComponent.Config.class, factory = true)
public final class BarsComponent implements MarketDataSubscriber {
    public static final String PID = "flox.aggregator.bars";
    private static final System.Logger LOG = System.getLogger("flox.aggregator");

    @ObjectClassDefinition(name = "Flox bars", description = "OHLCV bars from public trades, by time or by trade count.")
    public @interface Config {
        @AttributeDefinition(name = "Type", description = "time: a bar per interval; tick: a bar per number of trades.", options = {
                @org.osgi.service.metatype.annotations.Option(label = "time", value = "time"),
                @org.osgi.service.metatype.annotations.Option(label = "tick", value = "tick")})
        String type() default "time";

        @AttributeDefinition(name = "Interval (ms)", description = "Length of a time bar.", min = "1", max = "86400000")
        long interval_ms() default 1000;

        @AttributeDefinition(name = "Trades per bar", description = "Trades in a tick bar.", min = "1", max = "10000000")
        int trades() default 100;

        @AttributeDefinition(name = "History", description = "Completed bars kept per symbol (preallocated).", min = "1", max = "100000")
        int history() default 60;

        @AttributeDefinition(name = "Symbols", description = "EXCHANGE:SYMBOL entries to aggregate; empty for all.", required = false)
        String[] flox_symbols();
    }

    /** Times from this (2001-09-09) on are epoch times; smaller ones are a monotonic clock's. */
    static final long EPOCH_2001_NS = 1_000_000_000_000_000_000L;

    private final BarSeries.Kind kind;
    private final long intervalNs;
    private final int trades;
    private final int history;
    private final String label;
    /** By symbol id; grown (copied) by the trade thread when a new symbol trades. */
    private volatile BarSeries[] series = new BarSeries[0];

    /** Wall clock minus monotonic clock, taken once at activation (cold). */
    private final long epochOffsetNs;

    @Activate
    public BarsComponent(@Reference NanoClock clock, Map<String, Object> properties) {
        epochOffsetNs = clock.epochNanos() - clock.nanoTime();
        Settings s = new Settings(PID, properties, Config.class);
        Spec spec = Spec.read(s);
        s.log(LOG);
        kind = spec.kind();
        intervalNs = spec.intervalNs();
        trades = spec.trades();
        history = spec.history();
        label = kind == BarSeries.Kind.TIME ? "time " + intervalNs / 1_000_000L + " ms" : "tick " + trades + " trades";
    }

    /**
     * What a configuration asks for. A configuration change re-creates the component, so every
     * read is a first one: a bad or absent value takes the annotation's default (a bad one with an
     * error naming file and field).
     */
    record Spec(BarSeries.Kind kind, long intervalNs, int trades, int history) {
        static Spec read(Settings s) {
            String type = s.option("type", Settings.schema(Config.class).defaultString("type"));
            return new Spec(type.equals("tick") ? BarSeries.Kind.TICK : BarSeries.Kind.TIME,
                    s.longValue("interval.ms", Settings.defaultLong(Config.class, "interval.ms")) * 1_000_000L,
                    s.intValue("trades", (int) Settings.defaultLong(Config.class, "trades")),
                    s.intValue("history", (int) Settings.defaultLong(Config.class, "history")));
        }
    }

    @Override
    public void onTrade(TradeEvent trade) {
        int id = trade.symbolId();
        if (id < 0) return;
        BarSeries[] all = series;
        BarSeries s = id < all.length ? all[id] : null;
        if (s == null) s = newSeries(id);
        long time = trade.exchangeTimestampNs() > 0 ? trade.exchangeTimestampNs() : trade.receiveTimestampNs();
        s.onTrade(wallTime(time), trade.priceScaled(), trade.quantityScaled());
    }

    /**
     * An epoch time as it is; a monotonic one (a source stamping with the nano clock, e.g. the
     * synthetic market) moved to the wall clock by the offset taken at activation, so bars show
     * and align on UTC times. One add: nothing allocated per trade.
     */
    long wallTime(long timeNs) {
        return timeNs >= EPOCH_2001_NS ? timeNs : timeNs + epochOffsetNs;
    }

    private BarSeries newSeries(int symbolId) {
        BarSeries[] next = Arrays.copyOf(series, Math.max(series.length, symbolId + 1));
        BarSeries s = new BarSeries(symbolId, kind, intervalNs, trades, history);
        next[symbolId] = s;
        series = next;
        return s;
    }

    /** Bars per symbol id (null where none traded). Do not modify. */
    public BarSeries[] series() {
        return series;
    }

    /** "time 1000 ms" or "tick 100 trades". */
    public String label() {
        return label;
    }
}
