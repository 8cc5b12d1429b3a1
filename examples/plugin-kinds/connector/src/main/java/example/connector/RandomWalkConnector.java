package example.connector;

import flox.api.bus.MarketDataBus;
import flox.api.event.BookUpdate;
import flox.api.event.TradeEvent;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.num.FixedPoint;
import flox.api.order.Side;
import flox.api.plugin.ExchangeConnector;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistry;
import java.util.SplittableRandom;
import java.util.concurrent.locks.LockSupport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * An {@link ExchangeConnector} for a made-up venue (exchange {@code DEMO} by default): for every
 * symbol of its exchange in the registry (symbols.csv) it publishes a book snapshot, then at
 * {@code rate} events a second a one-level delta that moves the mid by a tick at random, and now
 * and then a trade at the touch; a whole snapshot again every {@code snapshot.interval.ms} (late
 * subscribers get a book, and LIVE again, since the bus keeps no state for them). Its venue state
 * goes CONNECTING at start, LIVE once the first snapshots are out, DISCONNECTED (reason SHUTDOWN)
 * at stop. A real connector has the same shape: its own thread, preallocated events, the venue's
 * state on the bus. Configured by {@code example.connector.cfg}.
 *
 * <p>Threading: {@link #start} and {@link #stop} on the host's lifecycle thread; everything is
 * published from one thread of its own ({@code example-connector-EXCHANGE}). Allocation: none
 * per event (one {@link BookUpdate}, {@link TradeEvent} and {@link VenueStateEvent}, reused).
 */
@Component(configurationPid = RandomWalkConnector.PID, configurationPolicy = ConfigurationPolicy.REQUIRE, service = ExchangeConnector.class)
@Designate(ocd = RandomWalkConnector.Config.class)
public final class RandomWalkConnector implements ExchangeConnector {
    /** Configuration pid: {@code example.connector.cfg} in the host's etc/. */
    public static final String PID = "example.connector";
    private static final System.Logger LOG = System.getLogger(PID);

    @ObjectClassDefinition(name = "Example random-walk connector", description = "A made-up venue's books and trades.")
    public @interface Config {
        @AttributeDefinition(name = "Exchange", description = "Exchange name of its symbols in symbols.csv.")
        String exchange() default "DEMO";

        @AttributeDefinition(name = "Rate", description = "Book updates a second, over all its symbols.", min = "1", max = "1000000")
        int rate() default 1000;

        @AttributeDefinition(name = "Start price", description = "First mid of every symbol, a plain decimal.")
        String start_price() default "100";

        @AttributeDefinition(name = "Snapshot interval (ms)", description = "How often a whole book is published again.", min = "100")
        long snapshot_interval_ms() default 1000;

        @AttributeDefinition(name = "Seed", description = "Random seed: the same seed, the same walk.")
        long seed() default 7;
    }

    /** The settings as plain values. */
    record Settings(String exchange, int rate, String startPrice, long snapshotIntervalMs, long seed) { }

    private static final int LEVELS = 5;
    private static final int MAX_SYMBOLS = 256;

    private final MarketDataBus bus;
    private final SymbolRegistry symbols;
    private final Settings settings;
    private final BookUpdate book = new BookUpdate(LEVELS);
    private final TradeEvent trade = new TradeEvent();
    private final VenueStateEvent venue = new VenueStateEvent();
    private final long[] mid = new long[MAX_SYMBOLS];
    private final int[] ids = new int[MAX_SYMBOLS];
    private volatile boolean running;
    private Thread thread;
    private volatile long published;

    @Activate
    public RandomWalkConnector(@Reference MarketDataBus bus, @Reference SymbolRegistry symbols, Config c) {
        this(bus, symbols, new Settings(c.exchange(), c.rate(), c.start_price(), c.snapshot_interval_ms(), c.seed()));
    }

    RandomWalkConnector(MarketDataBus bus, SymbolRegistry symbols, Settings settings) {
        this.bus = bus;
        this.symbols = symbols;
        this.settings = settings;
    }

    @Override
    public String exchange() {
        return settings.exchange();
    }

    @Override
    public String name() {
        return "example.connector[" + settings.exchange() + "]";
    }

    @Override
    public void start() {
        running = true;
        state(VenueState.CONNECTING, VenueStateReason.STARTUP, "starting");
        thread = new Thread(this::run, "example-connector-" + settings.exchange());
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        Thread t = thread;
        if (t != null) {
            t.join(5_000);
            if (t.isAlive()) LOG.log(System.Logger.Level.ERROR, name() + ": its thread did not stop within 5 s");
        }
        state(VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "stopped");
    }

    /** Book updates and trades published so far. */
    public long published() {
        return published;
    }

    private void state(VenueState s, VenueStateReason why, String text) {
        synchronized (venue) { // start/stop on the lifecycle thread, LIVE on the connector's
            bus.publishVenueState(venue.set(settings.exchange(), VenueStateEvent.ALL_SYMBOLS, s, why, 0, text, System.nanoTime()));
        }
    }

    /** The connector's thread: waits for its symbols, snapshots them, goes LIVE, then walks. */
    private void run() {
        SplittableRandom random = new SplittableRandom(settings.seed());
        int n = 0;
        while (running && (n = symbolIds()) == 0) LockSupport.parkNanos(100_000_000L); // symbols.csv not loaded (yet)
        for (int i = 0; i < n; i++) mid[i] = startMid(symbols.symbol(ids[i]));
        for (int i = 0; i < n; i++) snapshot(i);
        String liveText = n + " symbols";
        if (running) state(VenueState.LIVE, VenueStateReason.NONE, liveText);
        long periodNs = 1_000_000_000L / settings.rate();
        long next = System.nanoTime();
        long nextSnapshot = next + settings.snapshotIntervalMs() * 1_000_000L;
        while (running) {
            long now = System.nanoTime();
            if (now - next < 0) {
                LockSupport.parkNanos(Math.min(next - now, 1_000_000L));
                continue;
            }
            next += periodNs;
            int i = random.nextInt(n);
            mid[i] += random.nextBoolean() ? 1 : -1;
            if (mid[i] < 2) mid[i] = 2;
            delta(i);
            if (random.nextInt(10) == 0) {
                boolean buy = random.nextBoolean();
                bus.publishTrade(trade.set(ids[i], published, buy ? mid[i] + 1 : mid[i] - 1, 1, buy ? Side.BUY : Side.SELL, 0, System.nanoTime()));
                published++;
            }
            if (now - nextSnapshot >= 0) { // the state again with the books: the bus keeps no history for late subscribers
                for (int k = 0; k < n; k++) snapshot(k);
                if (running) state(VenueState.LIVE, VenueStateReason.NONE, liveText);
                nextSnapshot = now + settings.snapshotIntervalMs() * 1_000_000L;
            }
        }
    }

    private int symbolIds() {
        int n = 0;
        for (SymbolInfo s : symbols.symbols()) {
            if (n < MAX_SYMBOLS && s.exchange().equals(settings.exchange())) ids[n++] = s.symbolId();
        }
        return n;
    }

    private long startMid(SymbolInfo s) {
        long p = FixedPoint.parse(settings.startPrice(), s.priceScale());
        return p > LEVELS ? p : 100L * FixedPoint.pow10(s.priceScale());
    }

    private void snapshot(int i) {
        book.reset(ids[i], BookUpdate.Type.SNAPSHOT);
        for (int level = 0; level < LEVELS; level++) {
            book.addBid(mid[i] - 1 - level, 10 + level);
            book.addAsk(mid[i] + 1 + level, 10 + level);
        }
        bus.publishBookUpdate(book);
        published++;
    }

    /**
     * The best level each side one tick around the new mid, and the mid's own price removed from
     * both sides (quantity 0): the mid moved by one tick, so the level it left on the other side
     * is the only one that could cross.
     */
    private void delta(int i) {
        book.reset(ids[i], BookUpdate.Type.DELTA);
        book.addBid(mid[i] - 1, 10);
        book.addBid(mid[i], 0);
        book.addAsk(mid[i] + 1, 10);
        book.addAsk(mid[i], 0);
        bus.publishBookUpdate(book);
        published++;
    }
}
