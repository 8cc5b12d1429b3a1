package flox.executor.sim.internal.replay;

import flox.connector.binance.internal.feed.BinanceRecordingReader;
import flox.connector.binance.internal.feed.MalformedLinePolicy;
import flox.connector.binance.internal.feed.RecordingInput;
import flox.connector.binance.internal.feed.RegistryReplaySymbols;
import flox.connector.binance.internal.feed.ReplayHandler;
import flox.connector.binance.internal.feed.ReplayStats;
import flox.api.bus.BusResult;
import flox.api.book.OrderBook;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookFragments;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.lifecycle.LifecycleCoordinator;
import flox.api.lifecycle.LifecycleState;
import flox.api.metrics.StatusContributor;
import flox.api.plugin.ExchangeConnector;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import flox.executor.sim.internal.config.SimConfigKeys;
import flox.executor.sim.internal.venue.VenueStatePublisher;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/**
 * Replays recorded Binance spot streams as the simulated exchange's market data (pid
 * {@value #PID}): venue symbols map to the registry's SIM symbols, books are synchronised by
 * {@link BinanceRecordingReader} and published on the market-data bus from one thread, at
 * maximum speed or at the recording's pace. With sync buses and an inline executor a replay is
 * deterministic. A gap invalidates a symbol's book: an update flagged {@link BookUpdate#INVALID}
 * is published, so that nothing trades against a stale book until the next snapshot. An update
 * deeper than the bus's {@link MarketDataBus#maxBookLevels()} (a 1,000-level snapshot, a large
 * diff) is published in {@link BookUpdate#CONTINUED} fragments within it. As a venue does for
 * subscribers that join late (strategies start after connectors, and a book is invalid until its
 * first snapshot), each book is resent as a snapshot every {@code snapshot.interval.ms} of
 * recorded time, from the replay's own copy of it.
 *
 * <p>Clock domains: each event is published with {@code receiveTimestampNs} restamped to the host's
 * {@link NanoClock#nanoTime()} when the replay hands it to the bus (its receipt by the host), as
 * for a live feed; the recorder's receive time (epoch ns of another machine) only paces the
 * replay. {@code exchangeTimestampNs} stays the venue's epoch time as recorded (event time
 * {@code E} of a diff, trade time {@code T}; 0 for a REST snapshot, which carries none).
 *
 * <p>A Flox journal (recognised by its magic, or a directory of segments) is replayed by the same
 * thread, pacing and publication ({@link JournalSource}: its symbols registered as SIM's, its venue
 * states replayed, no snapshot resent), and its live execution reports are compared with the
 * replay's at the end ({@link JournalComparison}, {@code state/journal-comparison}).
 *
 * <p>How the replay ended ({@link ReplayOutcome}: complete, or incomplete and why) is logged,
 * shown on the exit summary and written to {@code <home>/state/replay-result}, so the launcher
 * can exit non-zero on an incomplete replay.
 *
 * <p>Threading: start/stop on the lifecycle thread, replay on "flox-sim-replay". No allocation
 * per event in steady state (the reader's and the bus's guarantees).
 */
@Component(service = {ExchangeConnector.class, StatusContributor.class}, configurationPid = ReplayMarketDataComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = ReplayMarketDataComponent.Config.class)
public final class ReplayMarketDataComponent implements ExchangeConnector, ReplayHandler, JournalSource.Sink, StatusContributor {
    public static final String PID = "flox.sim.replay";
    static final String EXCHANGE = "SIM";
    private static final System.Logger LOG = System.getLogger("flox.sim");

    @ObjectClassDefinition(name = "Flox recording replay", description = "Recorded Binance spot streams as SIM market data.")
    public @interface Config {
        @AttributeDefinition(description = "Recording files (hftbacktest .gz, or cryptofeed BINANCE.ws/http files, merged by time), or one Flox"
                + " journal (a segment file, recognised by its FLOXJRNL magic, or a directory of segments).")
        String[] files();

        @AttributeDefinition(description = "max: as fast as the host takes it; original: at the recorded pace.",
                options = {@Option(label = "max", value = "max"), @Option(label = "original", value = "original")})
        String pace() default "max";

        @AttributeDefinition(description = "Speed-up of the original pace.", min = "0.001", max = "1000000")
        double speed() default 1.0;

        @AttributeDefinition(description = "fail: stop at a malformed line (named by file and line); skip: count and go on.",
                options = {@Option(label = "fail", value = "fail"), @Option(label = "skip", value = "skip")})
        String malformed() default "fail";

        @AttributeDefinition(description = "Venue symbol (BTCUSDT) of depth snapshots that name none, for recordings not named"
                + " <symbol>_<yyyymmdd>.gz (the launcher's --symbol); empty: from the file name.")
        String symbol() default "";

        @AttributeDefinition(description = "Stop the host when the recording ends (the launcher's --replay sets it).")
        boolean stop_host_when_done() default false;

        @AttributeDefinition(description = "LDAP filters of services the replay waits for before its first event (each must match one),"
                + " e.g. (felix.fileinstall.filename=*/flox.strategy.marketmaker-btc.cfg): the launcher names every strategy and the"
                + " backtest sampler of etc/, so each run starts them on the recording's first event; comma-separated. Empty: only the lifecycle's launch.")
        String await_services() default "";

        @AttributeDefinition(description = "Recorded time between the snapshots the replay resends of each book, as a venue does for"
                + " subscribers that joined late (their books are invalid until a snapshot); 0: only the recording's own.", min = "0", max = "86400000")
        long snapshot_interval_ms() default 1000;
    }

    private final MarketDataBus bus;
    private final SymbolRegistry symbols;
    private final NanoClock clock;
    /** The host's clock when it follows the market ({@code flox.clock=market}): advanced to each event's recorded time; else null. */
    private flox.api.time.MarketClock market;
    /** The replay's LIVE, published with its first event (so that it carries that event's time on a market clock). Replay thread. */
    private boolean liveOwed;
    private final Settings config;
    private final Path home;
    private final Runnable stopHost;
    private final BookUpdate invalid = new BookUpdate(1);
    private final BookFragments fragments = new BookFragments();
    /** Replay thread only; sized to the bus's limit (again if the bus is reconfigured larger). */
    private BookUpdate fragment = new BookUpdate(1);
    private volatile long fragmented;
    // replay thread: the books as published, resent as snapshots every snapshot.interval.ms of recorded time
    private OrderBook[] ownBooks = new OrderBook[0];
    private long[] lastSnapshotNs = new long[0];
    private BookUpdate snapshot;
    /** Not final: a journal replay resends none (the journal holds the live venue's own resends). */
    private long snapshotIntervalNs;
    private volatile long resent;
    private volatile boolean running;
    private final VenueStateEvent venue = new VenueStateEvent();
    private Thread thread;
    private volatile long published;
    private volatile long refused;
    private long startNs;
    /** The first and last recorded time seen: the original pace's origin, and the replay's speed (recorded span over wall time). Replay thread. */
    private long spanStartNs = Long.MIN_VALUE;
    private long spanEndNs = Long.MIN_VALUE;
    private boolean originalPace;
    private double speed;
    private volatile ReplayOutcome outcome;
    /** Null when the host is ready for the first event (see {@link #awaitHost}), else what it waits for. */
    private Supplier<String> hostReady = () -> null;
    private String awaitError;
    static final long AWAIT_RUNNING_NS = 60_000_000_000L;
    private long awaitTimeoutNs = AWAIT_RUNNING_NS;
    /** Null in tests: what registers the journal comparison on the execution bus. */
    private BundleContext bundleContext;
    /** Null in tests: names the replayed orders' strategies in the journal comparison. */
    private flox.api.order.OrderTracker tracker;
    private org.osgi.framework.ServiceRegistration<flox.api.bus.ExecutionSubscriber> comparisonRegistration;
    /** A journal replay's: the live reports beside the replay's; null for a recording. */
    private volatile JournalComparison comparison;
    private volatile String comparisonSummary;

    @Activate
    public ReplayMarketDataComponent(@Reference MarketDataBus bus, @Reference SymbolRegistry symbols, @Reference NanoClock clock,
                                     @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) LifecycleCoordinator lifecycle,
                                     @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) flox.api.order.OrderTracker tracker,
                                     @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY) flox.api.time.MarketClock marketClock,
                                     BundleContext context, Map<String, Object> properties) {
        this(bus, symbols, clock, properties, home(context), () -> stopFramework(context));
        this.market = marketClock;
        this.bundleContext = context;
        this.tracker = tracker;
        SimConfigKeys.warnUnknown(PID, Config.class, properties);
        List<org.osgi.framework.Filter> filters = new ArrayList<>();
        for (String f : config.awaitServices) {
            try {
                filters.add(context.createFilter(f));
            } catch (org.osgi.framework.InvalidSyntaxException e) {
                awaitError = PID + ", field await.services: '" + f + "' is not an LDAP filter (" + e.getMessage() + ")";
            }
        }
        hostReady = () -> {
            if (lifecycle != null) {
                LifecycleState state = lifecycle.state();
                if (state == LifecycleState.CREATED || state == LifecycleState.LAUNCHING) return "the host's lifecycle has not launched every phase";
            }
            for (org.osgi.framework.Filter f : filters) {
                try {
                    if (context.getServiceReferences((String) null, f.toString()) == null) return "no service matches " + f;
                } catch (org.osgi.framework.InvalidSyntaxException | IllegalStateException e) {
                    return "cannot look up " + f + ": " + e.getMessage();
                }
            }
            if (lifecycle != null) { // a participant that has just arrived (a strategy whose configuration came late) is started too
                for (flox.api.lifecycle.ParticipantStatus p : lifecycle.participants()) {
                    if (p.state() == flox.api.lifecycle.ParticipantState.WAITING || p.state() == flox.api.lifecycle.ParticipantState.STARTING) {
                        if (!p.name().contains(PID)) return "lifecycle participant " + p.name() + " is " + p.state();
                    }
                }
            }
            return null;
        };
    }

    /** For tests: the host home (for the status file) and what stops the host. */
    ReplayMarketDataComponent(MarketDataBus bus, SymbolRegistry symbols, NanoClock clock, Map<String, ?> properties, Path home, Runnable stopHost) {
        this.bus = bus;
        this.symbols = symbols;
        this.clock = clock;
        this.market = clock instanceof flox.api.time.MarketClock m ? m : null;
        ConfigReader reader = new ConfigReader(PID, properties);
        this.config = new Settings(reader);
        SimConfigKeys.logErrors(reader);
        this.snapshotIntervalNs = config.snapshotIntervalMs * 1_000_000L;
        this.home = home;
        this.stopHost = stopHost;
    }

    /**
     * The configuration as read against {@link Config}'s generated metatype (defaults and ranges
     * written only there): a refused value is reported naming file and field, and the metatype's
     * default taken. A replay is a measurement: {@link #start} then refuses to run (the outcome is
     * incomplete, naming the fields), rather than replay with settings other than those written.
     */
    static final class Settings {
        private static final Metatype SCHEMA = Metatype.of(Config.class);
        final List<String> files;
        final boolean originalPace;
        final double speed;
        final MalformedLinePolicy malformed;
        final String symbol;
        final boolean stopHostWhenDone;
        final long snapshotIntervalMs;
        final List<String> awaitServices;
        /** The refusals, one sentence each naming file and field; empty when none. */
        final String errors;

        Settings(ConfigReader config) {
            files = config.listValue("files"); // required: no default; start() refuses an empty list
            originalPace = SCHEMA.optionValue(config, "pace", SCHEMA.defaultString("pace")).equals("original");
            speed = decimal(config, "speed");
            malformed = SCHEMA.optionValue(config, "malformed", SCHEMA.defaultString("malformed")).equals("skip")
                    ? MalformedLinePolicy.SKIP : MalformedLinePolicy.FAIL;
            symbol = config.stringValue("symbol", SCHEMA.defaultString("symbol"));
            stopHostWhenDone = config.booleanValue("stop.host.when.done", SCHEMA.defaultBoolean("stop.host.when.done"));
            snapshotIntervalMs = SCHEMA.longValue(config, "snapshot.interval.ms", SCHEMA.defaultLong("snapshot.interval.ms"));
            awaitServices = config.listValue("await.services");
            errors = config.errors();
        }

        /** A decimal within the metatype's min and max (Metatype reads whole numbers only); the default when not. */
        private static double decimal(ConfigReader config, String key) {
            Metatype.Attribute a = SCHEMA.attribute(key);
            double fallback = Double.parseDouble(a.defaultValue());
            String text = config.stringValue(key, a.defaultValue());
            double v;
            try {
                v = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                config.reject(key, "'" + text + "' is not a number", a.defaultValue());
                return fallback;
            }
            if (!(v >= Double.parseDouble(a.min()) && v <= Double.parseDouble(a.max()))) {
                config.reject(key, text + " is outside [" + a.min() + ", " + a.max() + "]", a.defaultValue());
                return fallback;
            }
            return v;
        }
    }

    private static Path home(BundleContext context) {
        String h = context.getProperty("flox.home");
        return Path.of(h != null && !h.isBlank() ? h : System.getProperty("user.dir"));
    }

    private static void stopFramework(BundleContext context) {
        try {
            context.getBundle(0).stop();
        } catch (BundleException | IllegalStateException e) {
            LOG.log(Level.ERROR, PID + ": could not stop the host: " + e);
        }
    }

    /** How the replay ended; null while it runs. */
    ReplayOutcome outcome() {
        return outcome;
    }

    @Override public String exchange() { return EXCHANGE; }
    @Override public String name() { return "sim replay"; }

    @Override
    public void start() throws IOException {
        List<RecordingInput> inputs = new ArrayList<>();
        MalformedLinePolicy policy = config.malformed;
        Path journal = null;
        try {
            if (!config.errors.isEmpty()) throw new IOException(config.errors + "; not replaying with other settings than those written");
            for (String f : config.files) {
                Path p = Path.of(f);
                if (!Files.isReadable(p)) throw new IOException(PID + ", field files: " + p + " cannot be read");
                if (JournalSource.isJournal(p)) {
                    if (config.files.size() != 1) throw new IOException(PID + ", field files: " + p + " is a Flox journal, which is replayed alone (give only it)");
                    journal = p;
                } else {
                    inputs.add(RecordingInput.of(p, config.symbol));
                }
            }
            if (inputs.isEmpty() && journal == null) throw new IOException(PID + ", field files: no recording given");
            originalPace = config.originalPace;
            speed = config.speed;
        } catch (IOException | RuntimeException e) {
            ended(ReplayOutcome.notStarted(e.getMessage()));
            if (config.stopHostWhenDone) stopHost.run(); // nothing to replay: do not run on without market data
            throw e;
        }
        running = true;
        if (journal != null) {
            startJournal(journal);
            return;
        }
        thread = new Thread(() -> replay(inputs, policy), "flox-sim-replay");
        thread.setDaemon(true);
        thread.start();
        StringBuilder names = new StringBuilder();
        for (RecordingInput in : inputs) {
            names.append(names.length() == 0 ? "" : ", ").append(in.path()).append(in.snapshotSymbol() == null ? "" : " (snapshots of " + in.snapshotSymbol() + ")");
        }
        LOG.log(Level.INFO, PID + ": replaying " + names + " at " + (originalPace ? speed + "x the recorded pace" : "maximum speed")
                + ", malformed lines: " + (policy == MalformedLinePolicy.SKIP ? "skip" : "fail"));
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) t.join(5_000);
        org.osgi.framework.ServiceRegistration<?> r = comparisonRegistration;
        comparisonRegistration = null;
        if (r != null) {
            try {
                r.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the bundle is stopping
            }
        }
    }

    /** Waits for the host; when it is not ready, ends the replay as not started (stopping the host if asked) and returns false. */
    private boolean hostReadyOrEnded() {
        String notReady = awaitHost();
        if (notReady == null) return true;
        ended(ReplayOutcome.notStarted(notReady));
        if (running && config.stopHostWhenDone) stopHost.run();
        return false;
    }

    private void replay(List<RecordingInput> inputs, MalformedLinePolicy policy) {
        if (!hostReadyOrEnded()) return;
        startNs = System.nanoTime();
        ReplayStats stats = null;
        Throwable failure = null;
        boolean stoppedEarly = false;
        try (BinanceRecordingReader reader = new BinanceRecordingReader(inputs, new RegistryReplaySymbols(symbols, EXCHANGE), policy,
                BinanceRecordingReader.DEFAULT_BOOK_LEVELS, BinanceRecordingReader.DEFAULT_MAX_BUFFERED_DIFFS)) {
            stats = reader.stats();
            liveOwed = true; // published with the first event
            while (running && !reader.isDone()) reader.poll(this, 256);
            stoppedEarly = !reader.isDone();
            liveOwed = false; // nothing replayed: never LIVE
            publishState(stoppedEarly ? VenueState.DISCONNECTED : VenueState.STALE, stoppedEarly ? VenueStateReason.SHUTDOWN : VenueStateReason.OTHER,
                    stoppedEarly ? "replay stopped" : "recording ended");
            LOG.log(Level.INFO, PID + ": " + (stoppedEarly ? "stopped" : "finished") + " after " + published + " events published"
                    + (resent > 0 ? " (" + resent + " snapshots resent for late subscribers)" : "")
                    + (fragmented > 0 ? " (" + fragmented + " book updates deeper than the bus's " + bus.maxBookLevels() + " levels sent in fragments)" : "")
                    + (refused > 0 ? ", " + refused + " refused by the bus" : "") + "; " + stats + speed());
        } catch (IOException | RuntimeException e) {
            failure = e;
        }
        boolean stop = running && config.stopHostWhenDone;
        ended(ReplayOutcome.of(inputs, stats, published, refused, stoppedEarly, failure));
        if (stop) {
            LOG.log(Level.INFO, PID + ": recording done: stopping the host");
            stopHost.run();
        }
    }

    /**
     * A journal as the market (docs/ARCHITECTURE.md, "Journal replay"): the same thread, wait for
     * the host, pacing, publication and outcome as a recording, with the journal's symbols mapped
     * onto SIM's and its live execution reports kept beside the replay's ({@link JournalComparison}).
     */
    private void startJournal(Path journal) {
        snapshotIntervalNs = 0; // the journal holds the live venue's snapshots, resends included: replayed as they came
        flox.api.order.OrderTracker t = tracker;
        flox.api.order.OrderState order = new flox.api.order.OrderState(); // the comparison's, under its lock
        JournalComparison c = new JournalComparison(t == null ? null : id -> t.read(id, order) ? order.strategyId() : -1);
        comparison = c;
        if (bundleContext != null) {
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put(flox.api.bus.SubscriberProperties.PRIORITY, 1_000_001); // after the venue, the strategies and the collector
            props.put(org.osgi.framework.Constants.SERVICE_DESCRIPTION, "flox.sim.replay: the journal's live execution reports beside the replay's");
            comparisonRegistration = bundleContext.registerService(flox.api.bus.ExecutionSubscriber.class, c, props);
        }
        thread = new Thread(() -> replayJournal(journal), "flox-sim-replay");
        thread.setDaemon(true);
        thread.start();
        LOG.log(Level.INFO, PID + ": replaying the Flox journal " + journal + " at " + (originalPace ? speed + "x the recorded pace" : "maximum speed"));
    }

    /** For tests: the journal comparison (null before a journal replay starts). */
    JournalComparison comparison() {
        return comparison;
    }

    private void replayJournal(Path journal) {
        if (!hostReadyOrEnded()) return;
        startNs = System.nanoTime();
        Throwable failure = null;
        boolean stoppedEarly = false;
        JournalSource source = null;
        try {
            source = new JournalSource(journal, symbols, EXCHANGE, Math.max(bus.maxBookLevels(), BinanceRecordingReader.DEFAULT_BOOK_LEVELS));
            liveOwed = true; // published with the first event
            while (running && !source.isDone()) source.poll(this, 256);
            stoppedEarly = !source.isDone();
            liveOwed = false; // nothing replayed: never LIVE
            publishState(stoppedEarly ? VenueState.DISCONNECTED : VenueState.STALE, stoppedEarly ? VenueStateReason.SHUTDOWN : VenueStateReason.OTHER,
                    stoppedEarly ? "replay stopped" : "journal ended");
            LOG.log(Level.INFO, PID + ": " + (stoppedEarly ? "stopped" : "finished") + " after " + published + " events published from " + journal
                    + " (" + source.books + " book updates, " + source.trades + " trades, " + source.venueStates + " venue states, " + source.executions
                    + " live execution reports, " + source.segments() + " segments" + (source.unknownSymbol > 0 ? ", " + source.unknownSymbol
                    + " events of symbols the journal does not define" : "") + ")" + (refused > 0 ? ", " + refused + " refused by the bus" : "")
                    + speed());
        } catch (IOException | RuntimeException e) {
            failure = e;
        } finally {
            if (source != null) source.close();
        }
        boolean stop = running && config.stopHostWhenDone;
        List<flox.recorder.internal.journal.TornTail> torn = source == null ? List.of() : source.tornTails();
        for (flox.recorder.internal.journal.TornTail t : torn) {
            LOG.log(Level.WARNING, PID + ": torn tail in the journal: " + t + " (a record cut by a killed writer): the end of that segment's data");
        }
        JournalComparison c = comparison;
        if (c != null) {
            try {
                comparisonSummary = c.write(home, symbols, journal);
                LOG.log(Level.INFO, PID + ": " + comparisonSummary);
            } catch (IOException | RuntimeException e) {
                comparisonSummary = "journal comparison: not written (" + e + ")";
                LOG.log(Level.WARNING, PID + ": cannot write " + home.resolve(JournalComparison.FILE) + ": " + e);
            }
        }
        ended(ReplayOutcome.ofJournal(journal, published, refused, stoppedEarly, failure, torn));
        if (stop) {
            LOG.log(Level.INFO, PID + ": journal done: stopping the host");
            stopHost.run();
        }
    }

    /** A venue state the journal recorded, as SIM's (the source mapped exchange and symbol). */
    @Override
    public void onVenueState(VenueStateEvent state) {
        pace(state.receiveTimestampNs());
        VenueStatePublisher.publish(bus, venue, EXCHANGE, state.symbolId(), state.state(), state.reason(), state.retryAtEpochNs(), state.text(),
                stateStampNs(), () -> running, PID);
    }

    /** A report the live venue gave, kept for the comparison; not published. */
    @Override
    public void onRecordedExecution(flox.api.event.ExecutionEvent report, int symbolId) {
        JournalComparison c = comparison;
        if (c != null) c.recorded(report, symbolId);
    }

    /**
     * The replay starts in the connectors' phase, before the strategies and the executors, and a
     * strategy whose configuration FileInstall delivers after the launch starts later still: the
     * recording is held until every phase has been launched, every {@code await.services} filter
     * matches a service and no lifecycle participant is waiting or starting, so each run's
     * strategies (and the backtest sampler) see it from the same first event. Without this, how
     * far the replay got before they started was a race, and two runs of one recording differed.
     * Bounded by {@link #AWAIT_RUNNING_NS}: then the lifecycle alone lets it go on with a
     * WARNING, a missing awaited service makes it incomplete.
     *
     * @return null when ready, else why the replay does not start
     */
    private String awaitHost() {
        if (awaitError != null) return awaitError;
        long deadline = System.nanoTime() + awaitTimeoutNs;
        String why;
        while (running && (why = hostReady.get()) != null) {
            if (System.nanoTime() - deadline > 0) {
                if (config.awaitServices.isEmpty()) {
                    LOG.log(Level.WARNING, PID + ": " + why + " after " + awaitTimeoutNs / 1_000_000L + " ms: replaying anyway (strategies that start later miss the beginning)");
                    return null;
                }
                return PID + ": not started: after " + awaitTimeoutNs / 1_000_000L + " ms " + why + " (field await.services)";
            }
            LockSupport.parkNanos(1_000_000L);
        }
        return null;
    }

    /** For tests: what the replay waits for (null: ready) and for how long, before {@link #start}. */
    void awaitHost(Supplier<String> ready, long timeoutNs) {
        hostReady = ready;
        awaitTimeoutNs = timeoutNs;
    }

    /**
     * The replayed venue's state, venue-wide: LIVE while the recording plays (each symbol's book
     * becomes usable with its first snapshot; republished before each resent snapshot, for late
     * subscribers), STALE when it has ended, DISCONNECTED when stopped before the end. Same
     * thread as the books. Cold path.
     */
    private void publishState(VenueState state, VenueStateReason reason, String text) {
        VenueStatePublisher.publish(bus, venue, EXCHANGE, state, reason, text, stateStampNs(), () -> running, PID);
    }

    /**
     * A venue state's receive time: the market's on a market clock (the host's one time base in a
     * replay); else the machine's, not the injected clock, whose ticks (in tests) stamp the books.
     */
    private long stateStampNs() {
        return market != null ? clock.nanoTime() : System.nanoTime();
    }

    /** Records, logs and writes how the replay ended (one line; WARNING when incomplete). */
    private void ended(ReplayOutcome o) {
        outcome = o;
        LOG.log(o.complete() ? Level.INFO : Level.WARNING, PID + ": " + o.summaryLine());
        try {
            o.writeStatus(home);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, PID + ": cannot write " + home.resolve(ReplayOutcome.STATUS_FILE) + " (" + e
                    + "): the launcher cannot tell how the replay ended");
        }
    }

    @Override
    public String statusFragment() {
        ReplayOutcome o = outcome;
        return o == null ? "" : o.complete() ? "replay complete" : "REPLAY INCOMPLETE";
    }

    @Override
    public String summaryTable() {
        ReplayOutcome o = outcome;
        String c = comparisonSummary;
        return (o == null ? "replay incomplete: still running when the host stopped (" + published + " events)\n" : o.summaryLine() + "\n")
                + (c == null ? "" : c + "\n");
    }

    /**
     * Before each event: a market clock moves to its recorded time; the replay's LIVE goes out
     * with the first one; at the original pace, waits until the event's recorded offset (scaled by
     * the speed) has passed.
     */
    private void pace(long recordedNs) {
        if (recordedNs > 0) {
            if (spanStartNs == Long.MIN_VALUE) spanStartNs = recordedNs;
            if (recordedNs > spanEndNs) spanEndNs = recordedNs;
        }
        flox.api.time.MarketClock m = market;
        if (m != null && recordedNs > 0) m.advanceTo(recordedNs);
        sendOwedLive();
        if (!originalPace || recordedNs <= 0) return;
        long dueNs = startNs + (long) ((recordedNs - spanStartNs) / speed);
        for (long wait; running && (wait = dueNs - System.nanoTime()) > 0; ) LockSupport.parkNanos(Math.min(wait, 50_000_000));
    }

    @Override
    public void onBookUpdate(BookUpdate update) {
        long recordedNs = update.receiveTimestampNs();
        pace(recordedNs);
        update.timestamps(update.exchangeTimestampNs(), clock.nanoTime()); // received by the host now
        int id = update.symbolId();
        OrderBook own = ownBook(id);
        own.apply(update);
        if (update.type() == BookUpdate.Type.SNAPSHOT) lastSnapshotNs[id] = recordedNs;
        publishBook(update);
        if (snapshotIntervalNs > 0 && own.isConsistent() && recordedNs - lastSnapshotNs[id] >= snapshotIntervalNs) {
            lastSnapshotNs[id] = recordedNs; // resent, as a venue does, for subscribers that joined after the last one
            resent++;
            publishState(VenueState.LIVE, VenueStateReason.NONE, "replaying"); // the venue's state too: a late subscriber knows neither
            publishBook(snapshotOf(own, update));
        }
    }

    /** The replay's own copy of a symbol's book (what it resends); allocated when the symbol first appears. */
    private OrderBook ownBook(int symbolId) {
        if (symbolId >= ownBooks.length) {
            int n = Math.max(symbolId + 1, ownBooks.length * 2);
            ownBooks = java.util.Arrays.copyOf(ownBooks, n);
            lastSnapshotNs = java.util.Arrays.copyOf(lastSnapshotNs, n);
        }
        OrderBook b = ownBooks[symbolId];
        if (b == null) ownBooks[symbolId] = b = new OrderBook(symbolId, BinanceRecordingReader.DEFAULT_BOOK_LEVELS);
        return b;
    }

    /** {@code book} as a snapshot with the ids and times of {@code last}, the update that made it. */
    private BookUpdate snapshotOf(OrderBook book, BookUpdate last) {
        BookUpdate s = snapshot;
        if (s == null) snapshot = s = new BookUpdate(BinanceRecordingReader.DEFAULT_BOOK_LEVELS); // once
        s.reset(book.symbolId(), BookUpdate.Type.SNAPSHOT).updateIds(0, book.lastUpdateId())
                .timestamps(last.exchangeTimestampNs(), last.receiveTimestampNs());
        for (int i = 0, n = book.bidLevels(); i < n; i++) s.addBid(book.bidPrice(i), book.bidQuantity(i));
        for (int i = 0, n = book.askLevels(); i < n; i++) s.addAsk(book.askPrice(i), book.askQuantity(i));
        return s;
    }

    /** Publishes a book update whole, or in CONTINUED fragments when deeper than the bus. */
    private void publishBook(BookUpdate update) {
        int max = bus.maxBookLevels();
        if (update.bidCount() <= max && update.askCount() <= max) {
            publish(bus.publishBookUpdate(update), update);
            return;
        }
        if (fragment.capacity() < max) fragment = new BookUpdate(max); // once per bus limit
        fragmented++;
        fragments.start(update, max);
        while (running && fragments.next(fragment)) publish(bus.publishBookUpdate(fragment), fragment);
    }

    @Override
    public void onTrade(TradeEvent trade) {
        pace(trade.receiveTimestampNs());
        trade.set(trade.symbolId(), trade.tradeId(), trade.priceScaled(), trade.quantityScaled(), trade.aggressorSide(),
                trade.exchangeTimestampNs(), clock.nanoTime());
        long r;
        while ((r = bus.publishTrade(trade)) == BusResult.BACK_PRESSURED && running) Thread.onSpinWait();
        count(r, trade);
    }

    /** "; recorded span S s replayed in W s (Kx real time)", or nothing before two timed events. Replay thread; allocates. */
    private String speed() {
        if (spanStartNs == Long.MIN_VALUE || spanEndNs <= spanStartNs) return "";
        double spanS = (spanEndNs - spanStartNs) / 1e9;
        double wallS = Math.max(1e-9, (System.nanoTime() - startNs) / 1e9);
        return String.format(java.util.Locale.ROOT, "; recorded span %.1f s replayed in %.2f s (%.1fx real time)", spanS, wallS, spanS / wallS);
    }

    /** The replay's own LIVE, once, before its first event (see {@link #liveOwed}). */
    private void sendOwedLive() {
        if (!liveOwed) return;
        liveOwed = false;
        publishState(VenueState.LIVE, VenueStateReason.STARTUP, "replaying");
    }

    @Override
    public void onBookInvalidated(int symbolId, String reason) {
        sendOwedLive();
        LOG.log(Level.WARNING, PID + ": " + reason + "; the book of symbol " + symbolId + " is cleared until the next snapshot");
        invalid.resetInvalid(symbolId).timestamps(0, clock.nanoTime());
        ownBook(symbolId).apply(invalid);
        publish(bus.publishBookUpdate(invalid), invalid);
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
