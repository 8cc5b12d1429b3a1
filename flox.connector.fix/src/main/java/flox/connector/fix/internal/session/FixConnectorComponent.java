package flox.connector.fix.internal.session;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.event.VenueState;
import flox.api.event.VenueStateReason;
import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.plugin.ExecutionReports;
import flox.api.plugin.OrderExecutor;
import flox.api.secret.SecretException;
import flox.api.secret.Secrets;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.lang.System.Logger.Level;
import java.time.Clock;
import java.util.Locale;
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
 * One FIX 4.4 session as the {@link OrderExecutor} of its exchange (factory pid {@value #PID}: one
 * configuration, {@code etc/flox.fix-NAME.cfg}, per session). {@link #start} makes a new
 * {@link FixSession} (a stopped QuickFIX/J initiator does not start again) and returns at once;
 * the session's state is published on the market-data bus as the venue's. The logon password is
 * a reference ({@code .password}: env:NAME or file:PATH, flox.api.secret), resolved at each start.
 *
 * <p>Threading: activation on DS's thread, start/stop on the lifecycle's; submit/cancel/replace
 * from the gateway's callers (they only enqueue). Configuration is read against {@link Config}'s
 * metatype; a bad value is refused naming file and field and the default taken.
 */
@Component(service = OrderExecutor.class, configurationPid = FixConnectorComponent.PID, configurationPolicy = ConfigurationPolicy.REQUIRE,
        property = {"osgi.command.scope=flox", "osgi.command.function=fix"})
@Designate(ocd = FixConnectorComponent.Config.class, factory = true)
public final class FixConnectorComponent implements OrderExecutor {
    public static final String PID = "flox.fix";
    private static final System.Logger LOG = System.getLogger("flox.fix");

    @ObjectClassDefinition(name = "Flox FIX 4.4 session", description = "Order entry over one FIX 4.4 initiator session (QuickFIX/J).")
    public @interface Config {
        @AttributeDefinition(description = "Exchange name of the session's symbols in the registry (symbols.csv).")
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

        @AttributeDefinition(description = "Directory of the session's file store (sequence numbers survive a restart), relative to the host's home.")
        String store_path() default "state/fix";

        @AttributeDefinition(description = "Seconds between reconnects, QuickFIX/J's ReconnectInterval: 1;2;4;8;16;30 (the last repeats).")
        String reconnect_s() default "1;2;4;8;16;30";

        @AttributeDefinition(description = "Logon Username (553); empty: none.", required = false)
        String username() default "";

        @AttributeDefinition(name = ".password", description = "Logon Password (554): where it is, env:NAME or file:PATH (never the password); empty: none.",
                required = false)
        String _password() default "";

        @AttributeDefinition(description = "ClOrdID's leading characters (1-14 of letters, digits, - _ . :); the run's start time in base 36 and "
                + "'_' follow, so ids are unique across restarts. Empty: FLX.", required = false)
        String client_id_prefix() default "";

        @AttributeDefinition(description = "Bytes of the order queue between the strategies and the sending thread.", min = "4096", max = "16777216")
        int order_queue_bytes() default 65536;

        @AttributeDefinition(description = "Milliseconds a logon's order status queries may go unanswered before the unanswered are asked again "
                + "and the delay is said (the venue stays not LIVE until every one is answered).", min = "100", max = "600000")
        long reconcile_wait_ms() default 10000;

        @AttributeDefinition(description = "The sending thread when idle: park (spin briefly, then sleep until an order wakes it: no core "
                + "held, each order after a pause pays a thread wake-up), yield (never sleeps but gives its core to any other runnable "
                + "thread: no wake-up, the core shows busy) or spin (never sleeps: the lowest latency, holds a whole core).",
                options = {
                        @org.osgi.service.metatype.annotations.Option(label = "park", value = "park"),
                        @org.osgi.service.metatype.annotations.Option(label = "yield", value = "yield"),
                        @org.osgi.service.metatype.annotations.Option(label = "spin", value = "spin")})
        String send_idle() default "park";
    }

    private final FixSession.Settings settings;
    private final String passwordRef;
    private final SymbolRegistry registry;
    private final OrderTracker tracker;
    private final ExecutionReports reports;
    private final MarketDataBus bus;
    private final FixVenueStates venues;
    private final Object venueLock = new Object();
    /** The last state this session published, its reason and why (flox:fix). Guarded by venueLock. */
    private String lastState;
    private volatile FixSession session;
    /** True while {@link #start} runs (QuickFIX/J's initiator start can take a while): flox:fix says "starting". */
    private volatile boolean starting;

    /** Outside OSGi (tests, benchmarks): the exchange's state is this session's alone. */
    public FixConnectorComponent(SymbolRegistry registry, OrderTracker tracker, ExecutionBus executionBus, MarketDataBus bus,
                                 Map<String, Object> properties) {
        this(registry, tracker, executionBus, bus, new FixVenueStates(bus), properties);
    }

    @Activate
    public FixConnectorComponent(@Reference SymbolRegistry registry, @Reference OrderTracker tracker, @Reference ExecutionBus executionBus,
                                 @Reference MarketDataBus bus, @Reference FixVenueStates venues, Map<String, Object> properties) {
        this.venues = venues;
        this.registry = registry;
        this.tracker = tracker;
        this.bus = bus;
        this.reports = new ExecutionReports(tracker, executionBus);
        ConfigReader config = new ConfigReader(PID, properties);
        this.settings = read(config);
        this.passwordRef = config.stringValue(".password", "");
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(Level.WARNING, unknown);
        if (config.hasErrors()) LOG.log(Level.ERROR, config.errors());
    }

    /** The settings in {@code config}, against the metatype; refused values take the default (errors kept in {@code config}). */
    static FixSession.Settings read(ConfigReader config) {
        Metatype m = Metatype.of(Config.class);
        FixSession.Settings s = new FixSession.Settings();
        FixSessions.readConnection(config, m, s);
        String prefix = config.stringValue("client.id.prefix", "");
        if (!prefix.isEmpty()) {
            try {
                flox.connector.fix.internal.orders.FixClientIds.forRunStartedAt(prefix, 0); // checks it
                s.clientIdLead = prefix;
            } catch (IllegalArgumentException e) {
                config.reject("client.id.prefix", e.getMessage(), "one per run");
            }
        }
        s.orderQueueBytes = (int) m.longValue(config, "order.queue.bytes", m.defaultLong("order.queue.bytes"));
        s.reconcileWaitMs = m.longValue(config, "reconcile.wait.ms", m.defaultLong("reconcile.wait.ms"));
        s.sendIdle = FixSession.SendIdle.valueOf(m.optionValue(config, "send.idle", m.defaultString("send.idle")).toUpperCase(Locale.ROOT));
        return s;
    }

    @Override
    public String exchange() {
        return settings.exchange;
    }

    @Override
    public String name() {
        return "FIX order entry (" + settings.exchange + ", " + settings.senderCompId + "->" + settings.targetCompId + ")";
    }

    @Override
    public synchronized void start() {
        if (session != null) return;
        starting = true;
        try {
            settings.password = passwordRef.isEmpty() ? null : Secrets.resolve(passwordRef, ".password");
            FixSession s = new FixSession(settings, registry, tracker, reports, this::venueState, Clock.systemUTC(), System::nanoTime);
            s.start();
            session = s;
            LOG.log(Level.INFO, name() + ": connecting to " + settings.host + ":" + settings.port + ", store " + settings.storePath
                    + (passwordRef.isEmpty() ? "" : ", password from " + Secrets.describe(passwordRef)) + ", ClOrdID prefix "
                    + s.orderEntry().clientIds().prefix());
        } catch (SecretException e) {
            LOG.log(Level.ERROR, name() + ": not started: " + e.getMessage());
            venueState(VenueState.DISCONNECTED, "not started: " + e.getMessage());
        } catch (quickfix.ConfigError | RuntimeException e) {
            LOG.log(Level.ERROR, name() + ": not started: " + e.getMessage(), e);
            venueState(VenueState.DISCONNECTED, "not started: " + e.getMessage());
        } finally {
            starting = false;
        }
    }

    @Override
    public synchronized void stop() {
        FixSession s = session;
        session = null;
        if (s != null) s.stop();
    }

    @Deactivate
    void deactivate() {
        stop();
        venues.remove(settings.exchange, venueSession());
    }

    /** This session's name among the exchange's sessions ({@link FixVenueStates}). */
    private String venueSession() {
        return "order entry " + settings.senderCompId + "->" + settings.targetCompId;
    }

    /**
     * flox:fix: the session (ids, logged on or not, the next sequence numbers both ways, the
     * store), the venue state it last published, and the order entry's counters. Allocates; any thread.
     */
    @Descriptor("each FIX session: logged on or not, the next sequence numbers both ways, the store, its venue state, the order entry's counters")
    public String fix() {
        FixSession s = session;
        StringBuilder sb = new StringBuilder(name()).append(": ");
        if (s == null) return sb.append(starting ? "starting\n" : "stopped\n").toString();
        quickfix.Session q = quickfix.Session.lookupSession(s.sessionId());
        sb.append(s.isLoggedOn() ? "logged on" : "not logged on").append(", session ").append(s.sessionId());
        if (q != null) {
            try {
                sb.append(", next seq out ").append(q.getExpectedSenderNum()).append(" in ").append(q.getExpectedTargetNum());
            } catch (RuntimeException e) {
                sb.append(", sequence numbers unavailable (").append(e.getMessage()).append(')');
            }
        }
        flox.connector.fix.internal.orders.FixOrderEntry e = s.orderEntry();
        String state;
        synchronized (venueLock) {
            state = lastState;
        }
        return sb.append(", store ").append(settings.storePath).append('\n')
                .append("  venue state published: ").append(state == null ? "none yet" : state).append('\n')
                .append("  requests sent ").append(e.sentRequests()).append(", refused unsent ").append(e.refusedUnsent())
                .append(", session rejects ").append(e.sessionRejects()).append(" (unmatched ").append(e.unmatchedRejects()).append(')')
                .append(", PossDup ").append(e.possDups()).append(", not ours ").append(e.notOurs()).append(", not representable ")
                .append(e.notRepresentable()).append(", malformed ").append(e.malformed()).append('\n')
                .append("  reconciliation: ").append(e.isReconciling() ? "in progress, " + e.reconcileUnanswered() + " of " + e.reconcileAsked()
                        + " unanswered" : "done, " + e.reconcileAsked() + " asked at the last logon")
                .append(", overdue ").append(e.reconcileOverdue()).append("x, status queries refused ").append(e.statusRefused()).append('\n')
                .append("  frames QuickFIX/J could not read (any FIX session of the host): ").append(s.garbledFrames().dropped())
                .append(", TestRequests sent after one: ").append(s.garbledFrames().testRequests()).append('\n').toString();
    }

    private void venueState(VenueState state, String why) {
        synchronized (venueLock) {
            VenueStateReason reason = state == VenueState.LIVE || state == VenueState.SYNCING ? VenueStateReason.NONE
                    : state == VenueState.CONNECTING ? VenueStateReason.STARTUP
                    : session == null ? VenueStateReason.SHUTDOWN : VenueStateReason.CONNECTION_LOST;
            venues.report(settings.exchange, venueSession(), state, reason, why); // combined with the exchange's other sessions
            lastState = state + (reason == VenueStateReason.NONE ? "" : " (" + reason + ")") + (why == null || why.isEmpty() ? "" : ": " + why);
        }
    }

    @Override
    public RejectReason submit(OrderRequest request) {
        FixSession s = session;
        return s == null ? RejectReason.NOT_RUNNING : s.orderEntry().submit(request);
    }

    @Override
    public RejectReason cancel(int symbolId, long clientOrderId) {
        FixSession s = session;
        return s == null ? RejectReason.NOT_RUNNING : s.orderEntry().cancel(symbolId, clientOrderId);
    }

    @Override
    public RejectReason replace(int symbolId, long origClientOrderId, long newClientOrderId, long newPriceScaled, long newQuantityScaled) {
        FixSession s = session;
        return s == null ? RejectReason.NOT_RUNNING : s.orderEntry().replace(symbolId, origClientOrderId, newClientOrderId, newPriceScaled, newQuantityScaled);
    }

    /** The running session, or null (tests). */
    FixSession session() {
        return session;
    }
}
