package flox.risk.internal;

import flox.api.metrics.StatusContributor;
import flox.api.order.OrderGateway;
import flox.api.order.OrderRequest;
import flox.api.order.OrderTracker;
import flox.api.order.RejectReason;
import flox.api.order.StrategyPositions;
import flox.api.plugin.RiskCheck;
import flox.api.symbol.SymbolRegistry;
import flox.api.time.NanoClock;
import flox.core.config.ConfigReader;
import flox.core.config.HeldConfiguration;
import flox.core.config.HomeState;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.Designate;

/**
 * The risk check service (pid {@value #PID}): a {@link RiskEngine} that the host's order gateway
 * calls on every submit and replace. The engine is created at activation and kept across
 * configuration changes ({@link Modified}), so positions, books and rate state survive them.
 * A bad configuration value is reported with file and field and its last good value is kept.
 *
 * <p>Never loosens on a lost file: a deleted or emptied configuration keeps the last good limits
 * and the kill switch (one WARNING naming the file); once confirmed, a key absent from the file
 * keeps its last good value (a WARNING per key), and a value that loosens a limit is applied at
 * WARNING. An update Declarative Services does not deliver (Felix SCR drops one that follows a
 * deletion closely) is found by comparing with Configuration Admin once a second, and applied
 * when two ticks in a row find the same difference (an ordinary update is there a little before
 * DS delivers it).
 * Until a configuration is confirmed (a
 * non-empty file whose values all read, without unknown keys, per-symbol lists naming registered symbols) or the
 * operator runs {@code flox:risk accept-defaults}, new orders are refused as
 * {@link RejectReason#RISK_HALTED}. The operator's kill switch lives in
 * {@code <home>/state/kill-switch} (see {@link KillSwitchFile}).
 *
 * <p>Also registered under its own class for the bus subscribers and the commands of this bundle,
 * as a {@link StatusContributor} (KILLED / HALTED on the status line), and as a
 * {@link StrategyPositions} source: the exact net filled positions of the engine's table, so the
 * host's "start disabled while the id holds a position" does not depend on the samples' metrics
 * collector (a lossy subscriber that restarts with its bundle). Thread-safe; see {@link RiskEngine}.
 */
@Component(service = {RiskCheck.class, RiskComponent.class, StatusContributor.class, StrategyPositions.class},
        configurationPid = RiskComponent.PID, immediate = true)
@Designate(ocd = RiskConfig.class)
public final class RiskComponent implements RiskCheck, StatusContributor, StrategyPositions {
    public static final String PID = "flox.risk";
    static final Set<String> KEYS = ConfigReader.keysOf(RiskConfig.class);
    /** Where the file is expected when none was seen yet (relative to the home). */
    static final String DEFAULT_FILE = "etc/flox.risk.cfg";
    /** How long after activation a missing configuration is reported at WARNING (FileInstall delivers it shortly after the start). */
    static final long MISSING_WARNING_MS = 5_000;

    private final RiskEngine engine;
    private final SymbolRegistry symbols;
    private final ScheduledExecutorService timer;
    /** What Configuration Admin holds for {@value #PID} now (null: nothing); null when there is no Configuration Admin (unit tests). */
    private final Supplier<Map<String, Object>> held;
    /** The properties last applied (as delivered or read), to compare with {@link #held}. Guarded by this. */
    private Map<String, Object> applied;
    /**
     * What Configuration Admin held at the last tick that differed from {@link #applied} (empty
     * map: nothing held); null when they agreed. A difference is acted on only when the next tick
     * finds the same one: an ordinary update is in Configuration Admin a little before DS delivers
     * it. Guarded by this.
     */
    private Map<String, Object> differing;
    /** The last felix.fileinstall.filename seen, for messages once the file is gone. Guarded by this. */
    private String file;
    /** A configuration with a per-symbol list naming an unregistered symbol, applied again when the registry grows. Guarded by this. */
    private Map<String, Object> pending;
    private int pendingSymbols;
    private final long activatedNs = System.nanoTime();
    private boolean missingReported;

    @Activate
    public RiskComponent(@Reference SymbolRegistry symbols, @Reference OrderTracker tracker, @Reference OrderGateway gateway,
                         @Reference NanoClock clock, @Reference ConfigurationAdmin configAdmin, BundleContext context,
                         Map<String, Object> properties) {
        this(symbols, tracker, gateway, clock, new HomeState(HomeState.home(context.getProperty("flox.home"))), properties, true,
                () -> HeldConfiguration.read(configAdmin, PID));
    }

    RiskComponent(SymbolRegistry symbols, OrderTracker tracker, OrderGateway gateway, NanoClock clock, HomeState home,
                  Map<String, Object> properties, boolean withTimer, Supplier<Map<String, Object>> held) {
        this.symbols = symbols;
        this.held = held;
        Object f = properties.get("felix.fileinstall.filename");
        if (f != null) file = f.toString().replaceFirst("^file:", "");
        // start halted with the defaults; apply() below confirms a good configuration at once
        engine = new RiskEngine(symbols, tracker, gateway, clock, startSettings(properties), new KillSwitchFile(home),
                missingReason(), source());
        apply(properties, true);
        if (engine.halted() != null && ConfigReader.isEmpty(properties)) {
            RiskEngine.LOG.log(Level.INFO, "risk waiting for " + source() + ": new orders are refused (RISK_HALTED) until it arrives "
                    + "or flox:risk accept-defaults");
        }
        if (withTimer) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "flox-risk-config");
                t.setDaemon(true);
                return t;
            });
            timer.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
        } else {
            timer = null;
        }
    }

    /**
     * The defaults, with positions.capacity and book.levels (preallocated at construction) read
     * before the engine exists; everything else is applied, validated, by {@link #apply}.
     */
    private static RiskSettings startSettings(Map<String, Object> properties) {
        RiskSettings read = RiskSettings.read(PID, properties, RiskSettings.defaults(), new StringBuilder());
        RiskSettings d = RiskSettings.defaults();
        return new RiskSettings(d.maxOrderQuantity, d.maxOrderNotional, d.maxPosition, d.maxOrderQuantityBySymbol, d.maxOrderNotionalBySymbol,
                d.maxPositionBySymbol, d.priceBandBps, d.refuseMarketWithoutReference, d.orderRatePerSecond, d.orderRateBurst, d.killSwitch,
                d.killCancelRounds, d.killCancelIntervalMs, read.positionsCapacity, read.bookLevels);
    }

    @Deactivate
    void deactivate() {
        if (timer != null) timer.shutdownNow();
    }

    /** What Declarative Services delivers is a signal: Configuration Admin's newest, when it holds one, is applied. */
    @Modified
    synchronized void modified(Map<String, Object> properties) {
        Map<String, Object> now = held == null ? null : held.get();
        apply(now != null ? now : properties, false);
    }

    private String source() {
        return file != null ? file : DEFAULT_FILE;
    }

    private String missingReason() {
        return "no risk configuration: " + source() + " is missing or has no keys; create or fix it, "
                + "or run flox:risk accept-defaults in the shell to trade on the built-in defaults";
    }

    private synchronized void apply(Map<String, Object> properties, boolean atStart) {
        applied = properties;
        Object f = properties.get("felix.fileinstall.filename");
        if (f != null) file = f.toString().replaceFirst("^file:", "");
        if (ConfigReader.isEmpty(properties)) {
            pending = null;
            if (engine.halted() != null) {
                engine.halt(missingReason());
                if (!atStart) RiskEngine.LOG.log(Level.WARNING, "risk HALTED: " + missingReason());
            } else {
                RiskEngine.LOG.log(Level.WARNING, source() + " was deleted or has no keys: keeping the last good risk limits and the kill switch ("
                        + engine.settings() + "); restore the file to change them");
            }
            return;
        }
        ConfigReader reader = new ConfigReader(PID, properties);
        String unknown = reader.unknownKeys(KEYS);
        boolean confirmed = engine.halted() == null;
        // at start a typo does not confirm (its key would trade on the default); a running host keeps the last good value
        if (!unknown.isEmpty() && confirmed) RiskEngine.LOG.log(Level.WARNING, unknown);
        StringBuilder errors = new StringBuilder();
        List<String> unknownSymbols = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        RiskSettings previous = engine.settings();
        // a running host never loosens by a deleted line: an absent key keeps its last good value
        RiskSettings next = RiskSettings.read(PID, properties, previous, errors, symbols, unknownSymbols, confirmed ? kept : null);
        if (errors.length() > 0) RiskEngine.LOG.log(Level.ERROR, errors.toString());
        for (String k : kept) RiskEngine.LOG.log(Level.WARNING, k);
        if (confirmed) {
            for (String l : RiskSettings.loosened(previous, next)) RiskEngine.LOG.log(Level.WARNING, "risk limit LOOSENED by " + source() + ": " + l);
        }
        boolean wasKilled = engine.isKillSwitchEngaged();
        String log = engine.configure(next, source());
        Level level = wasKilled != engine.isKillSwitchEngaged() ? Level.WARNING : Level.INFO; // the switch moved: loud
        // a list naming a symbol not registered yet is applied once the registry grows (symbols.csv reloaded)
        pending = unknownSymbols.isEmpty() ? null : properties;
        pendingSymbols = symbols.size();
        if (engine.halted() == null) {
            RiskEngine.LOG.log(level, log);
            return;
        }
        // not confirmed yet: only a configuration that reads without an error or an unknown key confirms it
        if (errors.length() == 0 && unknown.isEmpty()) {
            engine.halt(null);
            RiskEngine.LOG.log(level, log + "; confirmed by " + source() + ": new orders are checked as usual");
        } else if (errors.length() == 0) {
            String why = "risk configuration with unknown keys: " + unknown.replace("; ignored", "")
                    + ": fix the key in the file, or run flox:risk accept-defaults to trade on the values in force (unknown keys ignored)";
            engine.halt(why);
            RiskEngine.LOG.log(Level.WARNING, "risk HALTED, new orders refused: " + why + "; " + log);
        } else {
            String why = "risk configuration with errors: " + source() + " has errors (see the error above" + (unknownSymbols.isEmpty() ? "" : "; unknown symbols " + unknownSymbols)
                    + "): fix the file" + (unknownSymbols.isEmpty() ? "" : " or register the symbols")
                    + ", or run flox:risk accept-defaults to trade on the values in force"
                    + (unknown.isEmpty() ? "" : "; also " + unknown.replace("; ignored", ""));
            engine.halt(why);
            RiskEngine.LOG.log(Level.WARNING, "risk HALTED, new orders refused: " + why + "; " + log);
        }
    }

    /**
     * Once a second: apply a configuration Declarative Services did not deliver; retry one waiting
     * for symbols; report a configuration still missing.
     */
    synchronized void tick() {
        if (held != null) {
            Map<String, Object> now;
            try {
                now = held.get();
            } catch (RuntimeException e) { // the timer stops at an exception: report and try again next second
                RiskEngine.LOG.log(Level.WARNING, "risk could not read " + PID + " from Configuration Admin: " + e);
                now = applied;
            }
            boolean differs = now == null ? !ConfigReader.isEmpty(applied) : !HeldConfiguration.same(now, applied);
            Map<String, Object> seen = now == null ? Map.of() : now;
            if (!differs) {
                differing = null;
            } else if (differing == null || !HeldConfiguration.same(differing, seen)) {
                differing = seen; // first seen: DS may be about to deliver it; acted on if the next tick finds it still
            } else {
                differing = null;
                RiskEngine.LOG.log(Level.WARNING, "Configuration Admin holds " + (now == null ? "no " + PID + " configuration" : "a " + PID
                        + " configuration") + " that Declarative Services did not deliver (a file deleted and written again at once): applying it now");
                apply(seen, false);
            }
        }
        if (pending != null && symbols.size() != pendingSymbols) apply(pending, false);
        if (engine.halted() != null && !missingReported && System.nanoTime() - activatedNs > MISSING_WARNING_MS * 1_000_000) {
            missingReported = true;
            RiskEngine.LOG.log(Level.WARNING, "risk HALTED, new orders refused (RISK_HALTED): " + engine.halted());
        }
    }

    /** flox:risk accept-defaults: the operator confirms the values in force (the built-in defaults when no file was read). */
    synchronized String acceptDefaults() {
        if (engine.halted() == null) return "risk checks are not halted: nothing to accept (limits: " + engine.settings() + ")";
        pending = null;
        engine.halt(null);
        String out = "risk limits confirmed by the operator (flox:risk accept-defaults): new orders are checked against " + engine.settings();
        RiskEngine.LOG.log(Level.WARNING, out);
        return out;
    }

    @Override
    public RejectReason check(OrderRequest request) {
        return engine.check(request);
    }

    /** Cold path (a strategy's arrival): scans the position table; allocates. */
    @Override
    public Map<Integer, Long> positions(int strategyId) {
        return engine.positionsOf(strategyId);
    }

    @Override
    public String statusFragment() {
        String s = engine.statusFragment();
        return s == null ? "" : s; // StatusContributor: empty shows nothing (null is not in its contract)
    }

    /** At exit: the kill switch, a halt and the refusals by limit, one line. */
    @Override
    public String summaryTable() {
        return engine.summaryLine();
    }

    RiskEngine engine() {
        return engine;
    }
}
