package flox.strategy.samples.internal.backtest;

import flox.api.bus.ExecutionSubscriber;
import flox.api.bus.MarketDataSubscriber;
import flox.api.bus.SubscriberProperties;
import flox.api.event.BookUpdate;
import flox.api.event.ExecutionEvent;
import flox.api.event.TradeEvent;
import flox.api.order.OrderTracker;
import flox.api.symbol.SymbolRegistry;
import flox.strategy.samples.internal.Settings;
import flox.strategy.samples.internal.metrics.MetricsComponent;
import java.io.IOException;
import java.io.Writer;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The backtest's sampler (pid {@value #PID}, only with a configuration: {@code ./flox backtest}
 * writes {@code etc/flox.backtest.cfg} into each replay home). A market-data and execution
 * subscriber delivered after every other one on the publisher's thread (highest priority number),
 * so what it samples from the metrics collector already includes the event; a
 * {@link BacktestSampler} underneath. When the host stops (after the replay ended) it writes the
 * sampled series to {@code out}, which the launcher turns into the HTML report
 * (flox.backtest's {@code ReportMain}). Threads and allocation: see {@link BacktestSampler}.
 */
@Component(service = {MarketDataSubscriber.class, ExecutionSubscriber.class}, configurationPid = BacktestComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = SubscriberProperties.PRIORITY + ":Integer=" + BacktestComponent.LAST)
@Designate(ocd = BacktestComponent.Config.class)
public final class BacktestComponent implements MarketDataSubscriber, ExecutionSubscriber {
    public static final String PID = "flox.backtest";
    /** Delivered after the metrics collector (priority 0) and the strategies. */
    static final int LAST = 1_000_000;
    private static final System.Logger LOG = System.getLogger("flox.backtest");

    @ObjectClassDefinition(name = "Flox backtest sampler",
            description = "Samples equity, position, mid and fills over recorded time for ./flox backtest's report; written when the host stops.")
    public @interface Config {
        @AttributeDefinition(name = "Output file", description = "Where the sampled series are written when the host stops (absolute path).")
        String out();

        @AttributeDefinition(name = "Bucket (ms)", description = "First width of a time bucket, in ms of recorded time; doubles whenever max.points are used.", min = "1", max = "86400000")
        long bucket_ms() default 100;

        @AttributeDefinition(name = "Points", description = "Points kept per series (preallocated).", min = "16", max = "1048576")
        int max_points() default 4096;

        @AttributeDefinition(name = "Fills", description = "Fills kept for the price chart (preallocated); later ones are counted as dropped.", min = "0", max = "10000000")
        int max_fills() default 100000;
    }

    private final BacktestSampler sampler;
    private final MetricsComponent metrics;
    private final Path out;

    @Activate
    public BacktestComponent(@Reference MetricsComponent metrics, @Reference OrderTracker tracker, @Reference SymbolRegistry symbols,
                             Map<String, Object> properties) {
        Settings s = new Settings(PID, properties, Config.class);
        String file = s.stringValue("out", "");
        long bucketMs = s.longValue("bucket.ms", Settings.defaultLong(Config.class, "bucket.ms"));
        int points = s.intValue("max.points", (int) Settings.defaultLong(Config.class, "max.points"));
        int fills = s.intValue("max.fills", (int) Settings.defaultLong(Config.class, "max.fills"));
        if (file.isEmpty() || !Paths.get(file).isAbsolute()) {
            s.reject("out", "'" + file + "' is not an absolute file path", "nothing: not started");
        }
        s.log(LOG);
        // a backtest with other settings than those written would be a misleading measurement
        if (s.hasErrors()) throw new IllegalArgumentException(s.errors() + "; the backtest sampler is not started");
        this.metrics = metrics;
        this.out = Paths.get(file);
        sampler = new BacktestSampler(metrics.collector(), tracker, symbols, bucketMs * 1_000_000L, points, fills);
        LOG.log(Level.INFO, PID + ": sampling for the backtest report into " + out);
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        sampler.onBookUpdate(update);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        sampler.onTrade(trade);
    }

    @Override
    public void onExecution(ExecutionEvent event) {
        sampler.onExecution(event);
    }

    @Deactivate
    void deactivate() {
        try {
            Files.createDirectories(out.toAbsolutePath().getParent());
            Path tmp = out.resolveSibling(out.getFileName() + ".part");
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                sampler.write(w, metrics::strategyName);
            }
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            LOG.log(Level.INFO, PID + ": wrote the backtest data " + out);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, PID + ": cannot write the backtest data " + out + ": " + e + "; check the directory is writable", e);
        }
    }
}
