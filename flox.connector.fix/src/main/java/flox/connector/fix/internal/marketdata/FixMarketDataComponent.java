package flox.connector.fix.internal.marketdata;

import flox.api.bus.MarketDataBus;
import flox.api.event.VenueState;
import flox.api.event.VenueStateReason;
import flox.api.plugin.ExchangeConnector;
import flox.api.secret.SecretException;
import flox.api.secret.Secrets;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.util.Map;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * One FIX 4.4 market-data session as the {@link ExchangeConnector} of its exchange (factory pid
 * {@value #PID}: one configuration, {@code etc/flox.fix.md-NAME.cfg}, per session), beside the
 * order entry's {@code flox.fix}. {@link #start} makes a new {@link FixMarketDataSession} and
 * returns at once; the session's state is published on the market-data bus as the venue's.
 *
 * <p>Threading: activation on DS's thread, start/stop on the lifecycle's; {@code flox:fixmd} on
 * the shell's. Configuration is read against {@link Config}'s metatype; a bad value is refused
 * naming file and field and the default taken.
 */
@Component(service = ExchangeConnector.class, configurationPid = FixMarketDataComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"osgi.command.scope=flox", "osgi.command.function=fixmd"})
@Designate(ocd = FixMarketDataComponent.Config.class, factory = true)
public final class FixMarketDataComponent implements ExchangeConnector {
    public static final String PID = "flox.fix.md";
    private static final System.Logger LOG = System.getLogger("flox.fix.md");

    @ObjectClassDefinition(name = "Flox FIX 4.4 market data", description = "Market data (MarketDataRequest, snapshot and incremental refresh) over one FIX 4.4 initiator session (QuickFIX/J).")
    public @interface Config {
        @AttributeDefinition(description = "Exchange name of the session's symbols in the registry (symbols.csv); every one is subscribed.")
        String exchange();

        @AttributeDefinition(description = "The counterparty's host.")
        String host() default "127.0.0.1";

        @AttributeDefinition(description = "The counterparty's port.", min = "1", max = "65535")
        int port();

        @AttributeDefinition(description = "SenderCompID (49) of this side.")
        String sender_comp_id();

        @AttributeDefinition(description = "TargetCompID (56): the counterparty.")
        String target_comp_id();

        @AttributeDefinition(description = "HeartBtInt (108), seconds.", min = "1", max = "3600")
        int heartbeat_s() default 30;

        @AttributeDefinition(description = "Directory of the session's file store, relative to the host's home (the session's files carry the qualifier 'md').")
        String store_path() default "state/fix";

        @AttributeDefinition(description = "Seconds between reconnects, QuickFIX/J's ReconnectInterval: 1;2;4;8;16;30 (the last repeats).")
        String reconnect_s() default "1;2;4;8;16;30";

        @AttributeDefinition(description = "MarketDepth (264) asked for: 0 the full book, 1 the top of book, N the best N levels.", min = "0", max = "10000")
        int market_depth() default 0;

        @AttributeDefinition(description = "Levels kept per side of each symbol's book (and most per side of one snapshot; beyond, the worst are dropped and counted).",
                min = "1", max = "100000")
        int book_levels() default 5000;

        @AttributeDefinition(description = "Milliseconds between republishing every valid book whole (for late subscribers), at the next message received.",
                min = "100", max = "3600000")
        long snapshot_interval_ms() default 5000;

        @AttributeDefinition(description = "Least milliseconds between two fresh subscriptions of one symbol after a refused entry (a price finer than its scale).",
                min = "100", max = "3600000")
        long resubscribe_interval_ms() default 10000;

        @AttributeDefinition(description = "Logon Username (553); empty: none.", required = false)
        String username() default "";

        @AttributeDefinition(name = ".password", description = "Logon Password (554): where it is, env:NAME or file:PATH (never the password); empty: none.",
                required = false)
        String _password() default "";
    }

    private final FixMarketDataSession.Settings settings;
    private final String passwordRef;
    private final SymbolRegistry registry;
    private final MarketDataBus bus;
    private final flox.connector.fix.internal.session.FixVenueStates venues;
    private final String reqIdPrefix = "FLXMD" + Long.toString(System.currentTimeMillis(), 36).toUpperCase(java.util.Locale.ROOT) + "_";
    private volatile FixMarketDataSession session;
    private volatile boolean starting;

    /** Outside OSGi (tests): the exchange's state is this session's alone. */
    public FixMarketDataComponent(SymbolRegistry registry, MarketDataBus bus, Map<String, Object> properties) {
        this(registry, bus, new flox.connector.fix.internal.session.FixVenueStates(bus), properties);
    }

    @Activate
    public FixMarketDataComponent(@Reference SymbolRegistry registry, @Reference MarketDataBus bus,
                                  @Reference flox.connector.fix.internal.session.FixVenueStates venues, Map<String, Object> properties) {
        this.venues = venues;
        this.registry = registry;
        this.bus = bus;
        ConfigReader config = new ConfigReader(PID, properties);
        this.settings = read(config);
        this.passwordRef = config.stringValue(".password", "");
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
    }

    /** The settings in {@code config}, against the metatype; refused values take the default (errors kept in {@code config}). */
    static FixMarketDataSession.Settings read(ConfigReader config) {
        Metatype m = Metatype.of(Config.class);
        FixMarketDataSession.Settings s = new FixMarketDataSession.Settings();
        flox.connector.fix.internal.session.FixSessions.readConnection(config, m, s);
        s.marketDepth = (int) m.longValue(config, "market.depth", m.defaultLong("market.depth"));
        s.bookLevels = (int) m.longValue(config, "book.levels", m.defaultLong("book.levels"));
        if (s.marketDepth > s.bookLevels) {
            config.reject("book.levels", s.bookLevels + " is below market.depth " + s.marketDepth, s.marketDepth);
            s.bookLevels = s.marketDepth;
        }
        s.snapshotIntervalMs = m.longValue(config, "snapshot.interval.ms", m.defaultLong("snapshot.interval.ms"));
        s.resubscribeIntervalMs = m.longValue(config, "resubscribe.interval.ms", m.defaultLong("resubscribe.interval.ms"));
        return s;
    }

    @Override
    public String exchange() {
        return settings.exchange;
    }

    @Override
    public String name() {
        return "FIX market data (" + settings.exchange + ", " + settings.senderCompId + "->" + settings.targetCompId + ")";
    }

    @Override
    public synchronized void start() {
        if (session != null) return;
        starting = true;
        try {
            settings.password = passwordRef.isEmpty() ? null : Secrets.resolve(passwordRef, ".password");
            FixMarketDataSession s = new FixMarketDataSession(settings, registry, bus, this::venueState, System::nanoTime, reqIdPrefix);
            session = s;
            s.start();
            LOG.log(Level.INFO, name() + ": connecting to " + settings.host + ":" + settings.port + ", store " + settings.storePath + ", depth "
                    + (settings.marketDepth == 0 ? "full" : String.valueOf(settings.marketDepth))
                    + (passwordRef.isEmpty() ? "" : ", password from " + Secrets.describe(passwordRef)));
        } catch (SecretException e) {
            session = null;
            LOG.log(Level.ERROR, name() + ": not started: " + e.getMessage());
            venueState(VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "not started: " + e.getMessage());
        } catch (quickfix.ConfigError | RuntimeException e) {
            session = null;
            LOG.log(Level.ERROR, name() + ": not started: " + e.getMessage(), e);
            venueState(VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "not started: " + e.getMessage());
        } finally {
            starting = false;
        }
    }

    @Override
    public synchronized void stop() {
        FixMarketDataSession s = session;
        session = null;
        if (s != null) s.stop();
    }

    @Deactivate
    void deactivate() {
        stop();
        venues.remove(settings.exchange, venueSession());
    }

    /** This session's name among the exchange's sessions (FixVenueStates). */
    private String venueSession() {
        return "market data " + settings.senderCompId + "->" + settings.targetCompId;
    }

    /** flox:fixmd: the session, its state, each symbol's book and the counters. Allocates; any thread. */
    @Descriptor("each FIX market-data session: logged on or not, the venue state, each symbol's book and MDReqID, the counters")
    public String fixmd() {
        FixMarketDataSession s = session;
        StringBuilder sb = new StringBuilder(name()).append(": ");
        if (s == null) return sb.append(starting ? "starting\n" : "stopped\n").toString();
        sb.append(s.isLoggedOn() ? "logged on" : "not logged on").append(", ").append(s.state()).append(", session ").append(s.sessionId())
                .append(", logons ").append(s.logons()).append(", requests sent ").append(s.requestsSent()).append('\n');
        return sb.append(s.decoder().describeBooks()).append("  ").append(s.decoder().counters()).append('\n')
                .append("  frames QuickFIX/J could not read (any FIX session of the host): ").append(s.garbledFrames().dropped())
                .append(", TestRequests sent after one: ").append(s.garbledFrames().testRequests()).append('\n').toString();
    }

    /** The counters (snapshots, incrementals, trades, rejects, scale refusals...) of the running session; null when stopped. */
    public MarketDataDecoder counters() {
        FixMarketDataSession s = session;
        return s == null ? null : s.decoder();
    }

    private void venueState(VenueState state, VenueStateReason reason, String why) {
        venues.report(settings.exchange, venueSession(), state, reason, "market data: " + why); // combined with the exchange's other sessions
    }

    /** The running session, or null (tests). */
    FixMarketDataSession session() {
        return session;
    }
}
