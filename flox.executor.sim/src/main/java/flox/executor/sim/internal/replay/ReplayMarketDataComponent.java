package flox.executor.sim.internal.replay;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.plugin.ExchangeConnector;
import flox.api.symbol.SymbolRegistry;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Replays recorded Binance spot streams as the simulated exchange's market data (pid
 * {@value #PID}): venue symbols map to the registry's SIM symbols, books are synchronised by
 * {@link BinanceRecordingReader} and published on the market-data bus from one thread, at
 * maximum speed or at the recording's pace. With sync buses and an inline executor a replay is
 * deterministic. A gap invalidates a symbol's book: an empty snapshot is published so nothing
 * trades against a stale book until the next snapshot.
 *
 * <p>Threading: start/stop on the lifecycle thread, replay on "flox-sim-replay". No allocation
 * per event in steady state (the reader's and the bus's guarantees).
 */
@Component(service = ExchangeConnector.class, configurationPid = ReplayMarketDataComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReplayMarketDataComponent.Config.class)
public final class ReplayMarketDataComponent implements ExchangeConnector, ReplayHandler {
    public static final String PID = "flox.sim.replay";
    static final String EXCHANGE = "SIM";
    private static final System.Logger LOG = System.getLogger("flox.sim");

    @ObjectClassDefinition(name = "Flox recording replay", description = "Recorded Binance spot streams as SIM market data.")
    public @interface Config {
        @AttributeDefinition(description = "Recording files (hftbacktest .gz, or cryptofeed BINANCE.ws/http files, merged by time).")
        String[] files();

        @AttributeDefinition(description = "max: as fast as the host takes it; original: at the recorded pace.",
                options = {@Option(label = "max", value = "max"), @Option(label = "original", value = "original")})
        String pace() default "max";

        @AttributeDefinition(description = "Speed-up of the original pace.", min = "0")
        double speed() default 1.0;

        @AttributeDefinition(description = "fail: stop at a malformed line (named by file and line); skip: count and go on.")
        String malformed() default "fail";

        @AttributeDefinition(description = "Stop the host when the recording ends (the launcher's --replay sets it).")
        boolean stop_host_when_done() default false;
    }

    private final MarketDataBus bus;
    private final SymbolRegistry symbols;
    private final Config config;
    private final BundleContext context;
    private final BookUpdate empty = new BookUpdate(1);
    private volatile boolean running;
    private Thread thread;
    private volatile long published;
    private volatile long refused;
    private long startNs;
    private long firstRecordedNs = Long.MIN_VALUE;
    private boolean originalPace;
    private double speed;

    @Activate
    public ReplayMarketDataComponent(@Reference MarketDataBus bus, @Reference SymbolRegistry symbols, Config config, BundleContext context) {
        this.bus = bus;
        this.symbols = symbols;
        this.config = config;
        this.context = context;
    }

    @Override public String exchange() { return EXCHANGE; }
    @Override public String name() { return "sim replay"; }

    @Override
    public void start() throws IOException {
        List<RecordingInput> inputs = new ArrayList<>();
        for (String f : config.files() == null ? new String[0] : config.files()) {
            Path p = Path.of(f.strip());
            if (!Files.isReadable(p)) throw new IOException(PID + ", field files: " + p + " cannot be read");
            inputs.add(RecordingInput.of(p));
        }
        if (inputs.isEmpty()) throw new IOException(PID + ", field files: no recording given");
        String pace = config.pace().strip().toLowerCase(Locale.ROOT);
        if (!pace.equals("max") && !pace.equals("original")) throw new IOException(PID + ", field pace: '" + pace + "' is not max or original");
        originalPace = pace.equals("original");
        speed = config.speed() > 0 ? config.speed() : 1.0;
        MalformedLinePolicy policy = config.malformed().strip().equalsIgnoreCase("skip") ? MalformedLinePolicy.SKIP : MalformedLinePolicy.FAIL;
        BinanceRecordingReader reader = new BinanceRecordingReader(inputs, new RegistryReplaySymbols(symbols, EXCHANGE), policy,
                BinanceRecordingReader.DEFAULT_BOOK_LEVELS, BinanceRecordingReader.DEFAULT_MAX_BUFFERED_DIFFS);
        running = true;
        thread = new Thread(() -> replay(reader, inputs), "flox-sim-replay");
        thread.setDaemon(true);
        thread.start();
        LOG.log(Level.INFO, PID + ": replaying " + inputs + " at " + (originalPace ? speed + "x the recorded pace" : "maximum speed"));
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) t.join(5_000);
    }

    private void replay(BinanceRecordingReader reader, List<RecordingInput> inputs) {
        startNs = System.nanoTime();
        try (reader) {
            while (running && !reader.isDone()) reader.poll(this, 256);
            ReplayStats stats = reader.stats();
            LOG.log(Level.INFO, PID + ": " + (running ? "finished" : "stopped") + " after " + published + " events published"
                    + (refused > 0 ? ", " + refused + " refused by the bus" : "") + "; " + stats);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, PID + ": replay of " + inputs + " failed: " + e.getMessage(), e);
        }
        if (running && config.stop_host_when_done()) {
            LOG.log(Level.INFO, PID + ": recording done: stopping the host");
            try {
                context.getBundle(0).stop();
            } catch (BundleException | IllegalStateException e) {
                LOG.log(Level.ERROR, PID + ": could not stop the host: " + e);
            }
        }
    }

    /** Original pace: waits until the event's recorded offset (scaled by the speed) has passed. */
    private void pace(long recordedNs) {
        if (!originalPace || recordedNs <= 0) return;
        if (firstRecordedNs == Long.MIN_VALUE) firstRecordedNs = recordedNs;
        long dueNs = startNs + (long) ((recordedNs - firstRecordedNs) / speed);
        for (long wait; running && (wait = dueNs - System.nanoTime()) > 0; ) LockSupport.parkNanos(Math.min(wait, 50_000_000));
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        pace(update.receiveTimestampNs());
        publish(bus.publishBookUpdate(update), update);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        pace(trade.receiveTimestampNs());
        long r;
        while ((r = bus.publishTrade(trade)) == BusResult.BACK_PRESSURED && running) Thread.onSpinWait();
        count(r, trade);
    }

    @Override
    public void onBookInvalidated(int symbolId, String reason) {
        LOG.log(Level.WARNING, PID + ": " + reason + "; the book of symbol " + symbolId + " is cleared until the next snapshot");
        empty.reset(symbolId, BookUpdate.Type.SNAPSHOT);
        publish(bus.publishBookUpdate(empty), empty);
    }

    private void publish(long firstResult, BookUpdate update) {
        long r = firstResult;
        while (r == BusResult.BACK_PRESSURED && running) r = bus.publishBookUpdate(update);
        count(r, update);
    }

    private void count(long result, Object event) {
        if (result >= 0) {
            published++;
        } else if (result == BusResult.INVALID) {
            refused++;
            if (refused == 1) LOG.log(Level.ERROR, PID + ": the bus refused " + event + " (more levels than its book.levels?)");
        } else if (result == BusResult.CLOSED) {
            running = false;
        }
    }
}
