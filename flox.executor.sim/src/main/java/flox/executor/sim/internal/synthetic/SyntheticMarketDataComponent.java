package flox.executor.sim.internal.synthetic;

import flox.api.bus.BusResult;
import flox.api.bus.MarketDataBus;
import flox.api.event.BookFragments;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.num.FixedPoint;
import flox.api.plugin.ExchangeConnector;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import flox.executor.sim.internal.config.SimConfigKeys;
import flox.executor.sim.internal.venue.VenueStatePublisher;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The simulated exchange's market data (pid {@value #PID}): one {@link SyntheticBook} per
 * symbol of exchange SIM, published round-robin on the market-data bus at a steady rate from
 * its own thread, started in the CONNECTOR phase. No fake data for anything else: it only
 * serves symbols of its own exchange.
 *
 * <p>Publishes the venue's state on the same bus, from the same thread: CONNECTING while it waits
 * for SIM symbols, SYNCING while the first snapshot of each book goes out, LIVE after it (and
 * again with every round of snapshots, for late subscribers), and DISCONNECTED when it stops
 * (delivered only if the bus is still open by then).
 *
 * <p>Needs a configuration (the default run ships etc/flox.sim.market.cfg); {@code ./flox run
 * --replay} removes it in favour of a recording. Threading: start/stop on the lifecycle thread,
 * publishing on "flox-sim-market". A snapshot deeper than the bus's {@link MarketDataBus#maxBookLevels()}
 * goes out in {@link BookUpdate#CONTINUED} fragments. No allocation per event.
 */
@Component(service = ExchangeConnector.class, configurationPid = SyntheticMarketDataComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = SyntheticMarketDataComponent.Config.class)
public final class SyntheticMarketDataComponent implements ExchangeConnector {
    public static final String PID = "flox.sim.market";
    static final String EXCHANGE = "SIM";
    private static final System.Logger LOG = System.getLogger("flox.sim");

    @ObjectClassDefinition(name = "Flox simulated market data", description = "Seeded random-walk books and trades for the SIM symbols.")
    public @interface Config {
        @AttributeDefinition(description = "Events per second over all symbols.", min = "1", max = "10000000")
        int rate() default 20_000;

        @AttributeDefinition(description = "Seed of the random walk: the same seed gives the same market.",
                min = "-9223372036854775808", max = "9223372036854775807")
        long seed() default 42;

        @AttributeDefinition(description = "Price levels per side (preallocated per symbol; deeper than the bus: sent in fragments).",
                min = "2", max = "10000")
        int depth() default 20;

        @AttributeDefinition(description = "Largest quantity of a level, in lots.", min = "1", max = "1000000")
        int max_lots() default 50;

        @AttributeDefinition(description = "Share of events that are trades, in percent (with move.percent at most 100).", min = "0", max = "100")
        int trade_percent() default 10;

        @AttributeDefinition(description = "Share of events that move the touch by a tick, in percent (with trade.percent at most 100).",
                min = "0", max = "100")
        int move_percent() default 15;

        @AttributeDefinition(description = "Every symbol's book is sent whole again this often (late subscribers get a full book).",
                min = "1", max = "3600000")
        long snapshot_interval_ms() default 1000;

        @AttributeDefinition(description = "Start prices, SYMBOL=PRICE entries; others start at 100.")
        String[] start_prices() default {"BTCUSDT=60000", "ETHUSDT=3000", "SOLUSDT=150"};
    }

    private final MarketDataBus bus;
    private final SymbolRegistry symbols;
    private final NanoClock clock;
    private final Settings config;
    private volatile boolean running;
    private Thread thread;
    private volatile long published;
    private volatile long backPressured;

    @Activate
    public SyntheticMarketDataComponent(@Reference MarketDataBus bus, @Reference SymbolRegistry symbols, @Reference NanoClock clock,
                                        Map<String, Object> properties) {
        SimConfigKeys.warnUnknown(PID, Config.class, properties);
        ConfigReader reader = new ConfigReader(PID, properties);
        this.config = new Settings(reader);
        SimConfigKeys.logErrors(reader);
        this.bus = bus;
        this.symbols = symbols;
        this.clock = clock;
    }

    /**
     * The configuration as read against {@link Config}'s generated metatype (defaults and ranges
     * written only there): a refused value is reported naming file and field and takes the
     * metatype's default, while the other values apply. No modified method: a changed file
     * re-creates the component. Accessor names as {@link Config}'s.
     */
    static final class Settings {
        private static final Metatype SCHEMA = Metatype.of(Config.class);
        private final long rate;
        private final long seed;
        private final int depth;
        private final int maxLots;
        private final int tradePercent;
        private final int movePercent;
        private final long snapshotIntervalMs;
        private final List<String> startPrices;

        Settings(ConfigReader config) {
            rate = whole(config, "rate");
            seed = whole(config, "seed");
            depth = (int) whole(config, "depth");
            maxLots = (int) whole(config, "max.lots");
            long trade = whole(config, "trade.percent");
            long move = whole(config, "move.percent");
            if (trade + move > 100) { // a sum metatype cannot say: both take their defaults (which add up to at most 100)
                config.reject("trade.percent", trade + " and move.percent " + move + " add up to more than 100", SCHEMA.defaultString("trade.percent"));
                config.reject("move.percent", move + " and trade.percent " + trade + " add up to more than 100", SCHEMA.defaultString("move.percent"));
                trade = SCHEMA.defaultLong("trade.percent");
                move = SCHEMA.defaultLong("move.percent");
            }
            tradePercent = (int) trade;
            movePercent = (int) move;
            snapshotIntervalMs = whole(config, "snapshot.interval.ms");
            // a .cfg file gives "A=1,B=2" as one string, a .config file an array: accept both; absent: the metatype's default
            boolean absent = config.stringValue("start.prices", null) == null;
            startPrices = ConfigReader.list(absent ? SCHEMA.defaultString("start.prices") : config.listValue("start.prices"));
        }

        private static long whole(ConfigReader config, String key) {
            return SCHEMA.longValue(config, key, SCHEMA.defaultLong(key));
        }

        long rate() { return rate; }
        long seed() { return seed; }
        int depth() { return depth; }
        int max_lots() { return maxLots; }
        int trade_percent() { return tradePercent; }
        int move_percent() { return movePercent; }
        long snapshot_interval_ms() { return snapshotIntervalMs; }
        List<String> start_prices() { return startPrices; }
    }

    @Override
    public String exchange() {
        return EXCHANGE;
    }

    @Override
    public String name() {
        return "sim market data";
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this::awaitSymbolsThenRun, "flox-sim-market");
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * Publishing thread: the symbols may be registered after this starts (their file's
     * configuration arrives later than this one's): waits for them, checking every 100 ms.
     */
    private void awaitSymbolsThenRun() {
        VenueStateEvent venue = new VenueStateEvent();
        publishState(venue, VenueState.CONNECTING, VenueStateReason.STARTUP, "starting");
        try {
            awaitSymbolsThenRun(venue);
        } finally {
            publishState(venue, VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "stopped");
        }
    }

    private void awaitSymbolsThenRun(VenueStateEvent venue) {
        List<SyntheticBook> books = books();
        if (books.isEmpty()) {
            LOG.log(Level.WARNING, PID + ": no symbol of exchange " + EXCHANGE + " is registered yet; waiting for one");
            while (running && (books = books()).isEmpty()) LockSupport.parkNanos(100_000_000L);
            if (!running) return;
        }
        SyntheticBook[] all = books.toArray(new SyntheticBook[0]);
        LOG.log(Level.INFO, PID + ": " + all.length + " symbol(s) at " + config.rate() + " events/s, seed " + config.seed());
        publishState(venue, VenueState.SYNCING, VenueStateReason.NONE, "sending snapshots");
        run(all, venue);
    }

    /** Publishes a state change of venue SIM, retrying while back-pressured; gives up on a closed bus. Cold path. */
    private void publishState(VenueStateEvent venue, VenueState state, VenueStateReason reason, String text) {
        VenueStatePublisher.publish(bus, venue, EXCHANGE, state, reason, text, clock.nanoTime(), () -> running, PID);
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.join(5_000);
            if (t.isAlive()) LOG.log(Level.ERROR, PID + ": publishing thread did not stop within 5 s");
        }
        LOG.log(Level.INFO, PID + ": stopped after " + published + " events (" + backPressured + " back-pressured and retried)");
    }

    long published() {
        return published;
    }

    private List<SyntheticBook> books() {
        List<SyntheticBook> books = new ArrayList<>();
        int n = 0;
        for (SymbolInfo s : symbols.symbols()) {
            if (!s.exchange().equals(EXCHANGE)) continue;
            long start = FixedPoint.parse("100", s.priceScale());
            for (String entry : config.start_prices()) {
                int eq = entry.indexOf('=');
                if (eq <= 0) {
                    if (n == 0) LOG.log(Level.ERROR, PID + ", field start.prices: '" + entry + "' is not SYMBOL=PRICE; ignored");
                } else if (entry.substring(0, eq).strip().equals(s.symbol())) {
                    long px = FixedPoint.parse(entry.substring(eq + 1).strip(), s.priceScale());
                    if (px == FixedPoint.INVALID || px <= 0) {
                        LOG.log(Level.ERROR, PID + ", field start.prices: '" + entry + "' is not a positive price at scale "
                                + s.priceScale() + "; starting " + s.symbol() + " at 100");
                    } else {
                        start = px;
                    }
                }
            }
            books.add(new SyntheticBook(s.symbolId(), start, s.tickSizeScaled(), s.lotSizeScaled(), config.depth(), config.max_lots(),
                    config.trade_percent(), config.move_percent(), config.seed() * 31 + n++));
        }
        return books;
    }

    /**
     * Publishes round-robin, keeping the count at {@code rate x elapsed time}: wakes every
     * millisecond and publishes what is owed. After a stall of more than 100 ms it resets the
     * schedule instead of bursting to catch up.
     */
    private void run(SyntheticBook[] books, VenueStateEvent venue) {
        BookUpdate update = new BookUpdate(Math.max(8, config.depth() * 2));
        TradeEvent trade = new TradeEvent();
        BookFragments fragments = new BookFragments();
        BookUpdate fragment = new BookUpdate(1);
        final long rate = config.rate();
        final long snapshotIntervalNs = config.snapshot_interval_ms() * 1_000_000;
        long nextSnapshotNs = clock.nanoTime() + snapshotIntervalNs;
        long startNs = clock.nanoTime();
        long startCount = 0;
        int cursor = 0;
        long count = 0;
        while (running) {
            long now = clock.nanoTime();
            if (now - nextSnapshotNs >= 0) {
                for (SyntheticBook b : books) b.requestSnapshot();
                nextSnapshotNs = now + snapshotIntervalNs;
                if (count >= books.length) publishState(venue, VenueState.LIVE, VenueStateReason.NONE, "every book sent"); // for late subscribers
            }
            long owed = startCount + (now - startNs) * rate / 1_000_000_000L - count;
            if (owed > rate / 10) { // more than 100 ms behind
                startNs = now;
                startCount = count;
                owed = 1;
            }
            for (long i = 0; i < owed && running; i++) {
                SyntheticBook book = books[cursor];
                cursor = cursor + 1 == books.length ? 0 : cursor + 1;
                int kind = book.next(update, trade, clock.nanoTime());
                long r;
                int max = bus.maxBookLevels();
                if (kind != SyntheticBook.TRADE && (update.bidCount() > max || update.askCount() > max)) {
                    // deeper than the bus: CONTINUED fragments, as the connector contract asks
                    if (fragment.capacity() < max) fragment = new BookUpdate(max); // cold: the bus grew
                    fragments.start(update, max);
                    r = 0;
                    while (r >= 0 && fragments.next(fragment)) {
                        while ((r = bus.publishBookUpdate(fragment)) == BusResult.BACK_PRESSURED) {
                            backPressured++;
                            if (!running) return;
                        }
                    }
                } else {
                    while ((r = kind == SyntheticBook.TRADE ? bus.publishTrade(trade) : bus.publishBookUpdate(update)) == BusResult.BACK_PRESSURED) {
                        backPressured++;
                        if (!running) return;
                    }
                }
                if (r == BusResult.CLOSED) break; // the bus is stopping: the lifecycle stops us next
                if (++count == books.length) publishState(venue, VenueState.LIVE, VenueStateReason.NONE, "every book sent"); // first round: snapshots
            }
            published = count;
            LockSupport.parkNanos(1_000_000);
        }
        published = count;
    }
}
