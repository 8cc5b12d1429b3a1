package flox.connector.binance.internal.component;

import flox.api.bus.MarketDataBus;
import flox.api.event.VenueState;
import flox.api.event.VenueStateEvent;
import flox.api.event.VenueStateReason;
import flox.api.symbol.SymbolInfo;
import flox.api.symbol.SymbolRegistrationException;
import flox.api.symbol.SymbolRegistry;
import flox.connector.binance.internal.feed.MarketDataSession;
import flox.connector.binance.internal.feed.RegistryReplaySymbols;
import flox.connector.binance.internal.feed.TickerCheck;
import flox.connector.binance.internal.live.MarketDataConnection;
import flox.connector.binance.internal.orders.RequestWeight;
import flox.connector.binance.internal.symbols.ExchangeInfo;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One Binance account's market data in the host (issue 14 items 1, 2 and 7): at start it reads
 * the configured symbols from exchangeInfo into the registry under the exchange's name, then
 * opens the combined-stream connection ({@link MarketDataConnection}) and publishes the venue's
 * state: CONNECTING, SYNCING until every symbol's book is in sync, LIVE, DISCONNECTED when the
 * connection is lost (again SYNCING once it is back) and at stop. Books are published whole
 * again every {@code snapshotIntervalMs} for late subscribers, and the state is checked then.
 *
 * <p>Threading: {@link #start} returns at once (exchangeInfo is fetched on the connection's
 * thread); everything after runs on "flox-binance-md"; {@link #stop} from the lifecycle thread.
 * Cold path here; the frame path is the session's.
 */
public final class BinanceMarketData {
    /** What the component needs to know; from its configuration. */
    public record Settings(String exchange, List<String> symbols, URI streamUrl, URI restUrl, int snapshotLimit, long reconnectMinMs,
                           long reconnectMaxMs, long snapshotIntervalMs, int maxBufferedDiffs, long exchangeInfoIntervalMs,
                           long connectionMaxAgeMs) {
    }

    private static final System.Logger LOG = System.getLogger("flox.binance");

    private final Settings settings;
    private final SymbolRegistry registry;
    private final MarketDataBus bus;
    private final VenueStateEvent venueEvent = new VenueStateEvent();
    private volatile MarketDataConnection connection;
    private volatile int[] symbolIds = new int[0];
    /** Symbols whose venue definition changed since registration (copy on write; usually empty): orders refused until restart. */
    private final SymbolIdSet refusedSymbols = new SymbolIdSet();
    /** Symbol ids whose status at the venue, in the last exchangeInfo read, is not TRADING (BREAK, HALT...): orders refused meanwhile. */
    private final SymbolIdSet notTrading = new SymbolIdSet();
    private final HttpClient recheckHttp = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private volatile VenueState state;
    private volatile String problem;

    private final List<String> symbolNotes = new ArrayList<>();
    /** A held exchangeInfo re-read is pending (the connection's thread only). */
    private boolean recheckHeld;
    /** True when order entry is ready too (or there is none): LIVE needs it. */
    private volatile java.util.function.BooleanSupplier orderSideReady = () -> true;
    private volatile Runnable symbolsLoaded = () -> { };
    private volatile Runnable onTick;
    private volatile long limitedUntilMs;
    /** The venue's words for the last 429 or 418 (for flox:binance). */
    private volatile String limitedWhy;
    /** The venue gave the limit's end (retryAfter); without one the state holds 10 s here and order entry keeps its own wait. */
    private volatile boolean limitedUntilGiven;
    /** The account's (IP's) request weight this minute, shared with order entry; REST requests are throttled by it. */
    private volatile RequestWeight weight = new RequestWeight(0.1);
    /** Wall clock of the weight's minutes (tests set the fake's). */
    private volatile java.util.function.LongSupplier clockMs = System::currentTimeMillis;

    public BinanceMarketData(Settings settings, SymbolRegistry registry, MarketDataBus bus) {
        this.settings = settings;
        this.registry = registry;
        this.bus = bus;
    }

    public String exchange() {
        return settings.exchange();
    }

    /** The account's request-weight view (the component shares it with order entry); before {@link #start}. */
    void requestWeight(RequestWeight weight) {
        this.weight = weight;
    }

    /** The account's request weight this minute, as the REST replies and the API's rateLimits report it. */
    public RequestWeight requestWeight() {
        return weight;
    }

    /** For tests: the wall clock of the request weight's minutes (default the system's); before {@link #start}. */
    public void clockMs(java.util.function.LongSupplier clock) {
        this.clockMs = clock;
    }

    /** Said once per minute a REST request is held for the request weight (it goes in the next minute). */
    private void weightHeld(String request, long used, long limit, long untilMs) {
        LOG.log(System.Logger.Level.WARNING, settings.exchange() + ": " + request + " held until " + java.time.Instant.ofEpochMilli(untilMs)
                + " (the next minute): request weight " + used + "/" + limit + " this minute would pass " + weight.allowed()
                + ", the limit less the headroom, rather than risk a 429");
    }

    /** 0 when a REST request of {@code cost} may go now (counted as sent), else the ms to wait (the hold told once a minute). */
    private long weightWait(String request, long cost) {
        long now = clockMs.getAsLong();
        RequestWeight w = weight;
        long quiet = w.quietUntilMs() - now;
        if (quiet > 0) return quiet; // banned or told to wait on either connection: said when told
        long wait = w.waitMs(cost, now);
        if (wait > 0) {
            if (w.held(now + wait)) weightHeld(request, w.used(now), w.limit(), now + wait);
            return wait;
        }
        w.spend(cost, now);
        return 0;
    }

    /** The venue's count of the IP's weight this minute from a REST reply's header, and exchangeInfo's stated limit. */
    private void readWeight(HttpResponse<byte[]> r, boolean exchangeInfo) {
        weight.reportHeader(r.headers(), clockMs.getAsLong());
        if (exchangeInfo && r.statusCode() == 200) weight.limitFromExchangeInfo(ExchangeInfo.requestWeightPerMinute(r.body()));
    }

    /** Starts without waiting for the network: symbols, then the stream, on the connection's thread. */
    public synchronized void start() {
        if (connection != null) return;
        publishState(VenueState.CONNECTING, VenueStateReason.STARTUP, "reading exchangeInfo");
        StringBuilder streams = new StringBuilder();
        for (String s : settings.symbols()) {
            String lower = s.toLowerCase(Locale.ROOT);
            if (streams.length() > 0) streams.append('/');
            streams.append(lower).append("@depth@100ms/").append(lower).append("@trade/").append(lower).append("@bookTicker");
        }
        URI stream = settings.streamUrl().resolve("/stream?streams=" + streams);
        MarketDataConnection c = new MarketDataConnection(stream, settings.restUrl(),
                requests -> new MarketDataSession(stream.getHost(), new RegistryReplaySymbols(registry, settings.exchange()), bus, requests, this::problem,
                        5_000, settings.maxBufferedDiffs()),
                new MarketDataConnection.Events() {
                    @Override public void connecting(URI uri) { }
                    @Override public void connected(URI uri) { publishState(VenueState.SYNCING, VenueStateReason.NONE, "connected; syncing books"); }
                    @Override public void disconnected(String why, long inMs) {
                        LOG.log(System.Logger.Level.WARNING, settings.exchange() + ": market data " + why + "; reconnecting in " + inMs + " ms");
                        publishState(VenueState.DISCONNECTED, VenueStateReason.CONNECTION_LOST, why + "; reconnecting in " + inMs + " ms");
                    }
                    @Override public void weightHeld(String request, long used, long limit, long untilEpochMs) {
                        BinanceMarketData.this.weightHeld(request, used, limit, untilEpochMs);
                    }
                    @Override public void limited(int status, long retryAfterMs) {
                        BinanceMarketData.this.limited(status == 418 ? VenueState.BANNED : VenueState.RATE_LIMITED, System.currentTimeMillis() + retryAfterMs,
                                "depth snapshot answered " + status + "; retry after " + retryAfterMs + " ms");
                    }
                }, this::problem, settings.reconnectMinMs(), settings.reconnectMaxMs(), settings.snapshotLimit());
        c.maxAgeMs(settings.connectionMaxAgeMs());
        c.requestWeight(weight);
        c.clockMs(clockMs);
        connection = c;
        c.onThread(() -> loadAndConnect(c, 0));
    }

    /**
     * exchangeInfo, then the stream. A venue that cannot be reached is asked again after the
     * reconnect waits (doubling, jittered); a configuration that names no symbol of the venue is
     * not (it stays CONNECTING, with the reason in flox:binance and the log).
     */
    private void loadAndConnect(MarketDataConnection c, int attempt) {
        if (connection != c) return; // stopped meanwhile
        long held = weightWait("exchangeInfo", RequestWeight.EXCHANGE_INFO_WEIGHT);
        if (held > 0) {
            c.later(held, () -> loadAndConnect(c, attempt));
            return;
        }
        int result = loadSymbols();
        if (result == LOADED) {
            c.start();
            c.every(settings.snapshotIntervalMs(), this::tick);
            c.every(settings.exchangeInfoIntervalMs(), this::recheckSymbols);
        } else if (result == UNREACHABLE) {
            long base = Math.min(settings.reconnectMaxMs(), settings.reconnectMinMs() << Math.min(attempt, 20));
            long wait = base / 2 + java.util.concurrent.ThreadLocalRandom.current().nextLong(base / 2 + 1);
            c.later(wait, () -> loadAndConnect(c, attempt + 1));
        }
    }

    private static final int LOADED = 0;
    private static final int UNREACHABLE = 1;
    private static final int NO_SYMBOL = 2;

    /** exchangeInfo for the configured symbols into the registry: LOADED, UNREACHABLE (asked again later) or NO_SYMBOL (logged). */
    private int loadSymbols() {
        try {
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpRequest rq = HttpRequest.newBuilder(settings.restUrl().resolve("/api/v3/exchangeInfo")).timeout(Duration.ofSeconds(30)).GET().build();
            HttpResponse<byte[]> r = http.send(rq, HttpResponse.BodyHandlers.ofByteArray());
            readWeight(r, true);
            if (r.statusCode() != 200) throw new java.io.IOException("exchangeInfo: HTTP " + r.statusCode());
            Map<String, ExchangeInfo.Symbol> found = ExchangeInfo.parse(r.body(), settings.exchange(), settings.symbols());
            List<Integer> ids = new ArrayList<>();
            for (String name : settings.symbols()) {
                ExchangeInfo.Symbol s = found.get(name);
                if (s == null) {
                    note(name + ": not in the venue's exchangeInfo; not traded");
                    continue;
                }
                if (s.definition == null) {
                    note(s.problem + "; not traded");
                    continue;
                }
                if (!s.disabledChecks.isEmpty()) note(name + ": disabled by the venue (0): " + s.disabledChecks);
                if (!s.ignoredFilters.isEmpty()) note(name + ": the venue checks, Flox does not (a breach comes back as the venue's reject): "
                        + s.ignoredFilters, System.Logger.Level.INFO);
                if (!s.definition.isTradable()) note(name + ": status " + s.status + ": orders refused until it is TRADING");
                try {
                    // registered before (this account's earlier start in the same host): the same definition, whatever the status then
                    int known = registry.resolve(settings.exchange(), name);
                    SymbolInfo before = known == SymbolRegistry.UNKNOWN ? null : registry.symbol(known);
                    int id = registry.register(before == null ? s.definition : withTradable(s.definition, before.isTradable()));
                    ids.add(id);
                    trading(id, s.definition.isTradable());
                } catch (SymbolRegistrationException e) {
                    note(name + ": refused, it conflicts with the registry (symbols.csv?): " + e.getMessage());
                }
            }
            int[] a = new int[ids.size()];
            for (int i = 0; i < a.length; i++) a[i] = ids.get(i);
            symbolIds = a;
            if (a.length == 0) {
                problem("no configured symbol could be registered; market data not started");
                return NO_SYMBOL;
            }
            problem = null;
            LOG.log(System.Logger.Level.INFO, settings.exchange() + ": " + a.length + " symbol(s) from exchangeInfo: " + names(a));
            symbolsLoaded.run();
            return LOADED;
        } catch (Exception e) {
            problem("exchangeInfo from " + settings.restUrl() + " failed: " + e + "; asked again after a wait");
            return UNREACHABLE;
        }
    }

    /** Reads exchangeInfo again without blocking the connection's thread; the answer is checked on the client's thread. */
    private void recheckSymbols() {
        if (recheckHeld) return; // a held re-read is pending already: the periodic one does not add another
        long held = weightWait("exchangeInfo (read again)", RequestWeight.EXCHANGE_INFO_WEIGHT);
        if (held > 0) {
            MarketDataConnection c = connection;
            if (c != null) {
                recheckHeld = true;
                c.later(held, () -> {
                    recheckHeld = false;
                    recheckSymbols();
                });
            }
            return;
        }
        HttpRequest rq = HttpRequest.newBuilder(settings.restUrl().resolve("/api/v3/exchangeInfo")).timeout(Duration.ofSeconds(30)).GET().build();
        recheckHttp.sendAsync(rq, HttpResponse.BodyHandlers.ofByteArray()).whenComplete((r, e) -> {
            if (r != null) readWeight(r, true);
            if (e != null || r.statusCode() != 200) {
                LOG.log(System.Logger.Level.WARNING, settings.exchange() + ": exchangeInfo could not be read again ("
                        + (e != null ? e : "HTTP " + r.statusCode()) + "); the definitions in use stay, asked again later");
                return;
            }
            checkDefinitions(r.body());
        });
    }

    /**
     * Compares the venue's definitions now with the registered ones: a symbol whose definition
     * changed (a filter) or that is gone has its new orders and replaces refused until restart (the
     * registry's definition cannot change under running strategies and risk), said once. The
     * status is not part of the comparison: leaving TRADING refuses new orders and replaces
     * until it is TRADING again (each change said).
     */
    void checkDefinitions(byte[] exchangeInfo) {
        Map<String, ExchangeInfo.Symbol> found;
        try {
            found = ExchangeInfo.parse(exchangeInfo, settings.exchange(), settings.symbols());
        } catch (Exception e) {
            LOG.log(System.Logger.Level.WARNING, settings.exchange() + ": exchangeInfo read again is malformed (" + e.getMessage()
                    + "); the definitions in use stay");
            return;
        }
        for (int id : symbolIds) {
            SymbolInfo registered = registry.symbol(id);
            if (registered == null || isRefused(id)) continue;
            ExchangeInfo.Symbol now = found.get(registered.symbol());
            // the status is not part of the definition: a BREAK and a return to TRADING come and go while the host runs
            String change = now == null ? "it is no longer in the venue's exchangeInfo"
                    : now.definition == null ? now.problem : registered.differenceFrom(withTradable(now.definition, registered.isTradable()));
            if (change != null) {
                refuse(id, registered.symbol() + ": the venue's definition changed (" + change
                        + "): new orders and replaces for it are refused until restart");
                trading(id, true); // counted as REDEFINED from now on, not as NOT TRADING too
                continue;
            }
            boolean wasTrading = !isNotTrading(id);
            if (wasTrading == now.definition.isTradable()) continue;
            trading(id, now.definition.isTradable());
            note(registered.symbol() + (wasTrading ? ": status now " + now.status + ": new orders and replaces refused until it is TRADING again"
                    : ": TRADING again: new orders and replaces taken"));
        }
    }

    /** {@code d} with its tradable flag set to {@code tradable} (to compare definitions apart from the venue's status). */
    private static SymbolInfo withTradable(SymbolInfo d, boolean tradable) {
        return d.toBuilder().tradable(tradable).build();
    }

    /** Records whether {@code symbolId} is TRADING at the venue. */
    private void trading(int symbolId, boolean trading) {
        if (trading) notTrading.remove(symbolId);
        else notTrading.add(symbolId);
    }

    /** True while the venue's status of {@code symbolId} is not TRADING (orders refused until it is). No allocation. */
    public boolean isNotTrading(int symbolId) {
        return notTrading.contains(symbolId);
    }

    /** How many symbols are not TRADING at the venue now. */
    public int notTradingCount() {
        return notTrading.size();
    }

    private void refuse(int symbolId, String why) {
        refusedSymbols.add(symbolId);
        note(why);
    }

    /**
     * A small set of symbol ids, copy on write (usually empty): writers (exchangeInfo reads) under
     * its lock, readers (the order path) take the array once and allocate nothing.
     */
    private static final class SymbolIdSet {
        private volatile int[] ids = new int[0];

        boolean contains(int symbolId) {
            int[] r = ids;
            for (int i = 0; i < r.length; i++) if (r[i] == symbolId) return true;
            return false;
        }

        int size() {
            return ids.length;
        }

        synchronized void add(int symbolId) {
            if (contains(symbolId)) return;
            int[] next = java.util.Arrays.copyOf(ids, ids.length + 1);
            next[ids.length] = symbolId;
            ids = next;
        }

        synchronized void remove(int symbolId) {
            int[] now = ids;
            int at = -1;
            for (int i = 0; i < now.length; i++) if (now[i] == symbolId) at = i;
            if (at < 0) return;
            int[] next = new int[now.length - 1];
            System.arraycopy(now, 0, next, 0, at);
            System.arraycopy(now, at + 1, next, at, now.length - at - 1);
            ids = next;
        }
    }

    /** How many symbols have their orders refused because the venue redefined them. */
    public int refusedSymbolCount() {
        return refusedSymbols.size();
    }

    /** True when the venue's definition of {@code symbolId} changed since it was registered (orders refused). No allocation. */
    public boolean isRefused(int symbolId) {
        return refusedSymbols.contains(symbolId);
    }

    private String names(int[] ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            SymbolInfo s = registry.symbol(id);
            if (sb.length() > 0) sb.append(", ");
            sb.append(s == null ? "#" + id : s.symbol());
        }
        return sb.toString();
    }

    /** On the connection's thread: books again for late subscribers, and LIVE once all are in sync. */
    private void tick() {
        Runnable hook = onTick;
        if (hook != null) hook.run();
        MarketDataConnection c = connection;
        if (c == null || !c.isConnected()) return;
        c.session().republishSnapshots(System.nanoTime());
        decideState();
    }

    /** On the connection's thread: LIVE once every book is in sync and order entry is ready, SYNCING when either stops. */
    private void decideState() {
        MarketDataConnection c = connection;
        if (c == null || !c.isConnected()) return;
        MarketDataSession s = c.session();
        int synced = s.syncedCount(symbolIds);
        boolean ordersReady = orderSideReady.getAsBoolean();
        if (System.currentTimeMillis() < limitedUntilMs) return; // rate limited or banned until then, whatever else was published meanwhile
        if (synced == symbolIds.length && ordersReady && state != VenueState.LIVE) {
            publishState(VenueState.LIVE, VenueStateReason.NONE, "every book in sync" + (ordersReady ? "" : ""));
        } else if (synced == symbolIds.length && !ordersReady && state == VenueState.LIVE) {
            publishState(VenueState.SYNCING, VenueStateReason.CONNECTION_LOST, "order entry not connected, user data not subscribed, or not reconciled");
        } else if (synced < symbolIds.length && state == VenueState.LIVE) {
            publishState(VenueState.SYNCING, VenueStateReason.SEQUENCE_GAP, (symbolIds.length - synced) + " book(s) resyncing");
        }
    }

    /**
     * Order entry lost its connection (any thread): the venue state follows now, on the
     * connection's thread, not at the next tick (the order entry refuses new orders from the loss
     * itself; this only shortens the time the bus still says LIVE).
     */
    void orderSideChanged() {
        MarketDataConnection c = connection;
        if (c != null) c.onThread((Runnable) this::decideState);
    }

    /** Order entry's readiness (connected, user data subscribed, reconciled): LIVE waits for it. */
    void orderSideReady(java.util.function.BooleanSupplier ready) {
        this.orderSideReady = ready;
    }

    /** Run at each tick (every snapshot.interval.ms), on the connection's thread, before the books' work. */
    void onTick(Runnable r) {
        this.onTick = r;
    }

    /** Told once the symbols are registered (order entry's reconciliation needs them). */
    void onSymbolsLoaded(Runnable r) {
        this.symbolsLoaded = r;
    }

    /** The venue limits this account (429, 418) until {@code untilEpochMs}: RATE_LIMITED or BANNED until then (0: a window). */
    void limited(VenueState limited, long untilEpochMs, CharSequence why) {
        limitedUntilMs = untilEpochMs > 0 ? untilEpochMs : System.currentTimeMillis() + 10_000;
        limitedWhy = String.valueOf(why);
        limitedUntilGiven = untilEpochMs > 0;
        synchronized (venueEvent) {
            state = limited;
            venueEvent.set(settings.exchange(), VenueStateEvent.ALL_SYMBOLS, limited, limited == VenueState.BANNED ? VenueStateReason.BAN
                    : VenueStateReason.RATE_LIMIT, limitedUntilMs * 1_000_000L, String.valueOf(why), System.nanoTime());
            bus.publishVenueState(venueEvent);
        }
    }

    private void publishState(VenueState next, VenueStateReason reason, String text) {
        synchronized (venueEvent) {
            state = next;
            venueEvent.set(settings.exchange(), VenueStateEvent.ALL_SYMBOLS, next, reason, 0, text, System.nanoTime());
            bus.publishVenueState(venueEvent);
        }
    }

    private void note(String s) {
        note(s, System.Logger.Level.WARNING);
    }

    /** Kept for {@code flox:binance} and logged at {@code level}. */
    private void note(String s, System.Logger.Level level) {
        synchronized (symbolNotes) {
            symbolNotes.add(s);
        }
        LOG.log(level, settings.exchange() + ": " + s);
    }

    private void problem(String s) {
        problem = s;
        LOG.log(System.Logger.Level.ERROR, settings.exchange() + ": " + s);
    }

    public synchronized void stop() {
        MarketDataConnection c = connection;
        connection = null;
        if (c != null) c.close();
        publishState(VenueState.DISCONNECTED, VenueStateReason.SHUTDOWN, "stopped");
    }

    public VenueState state() {
        return state;
    }

    public int[] symbolIds() {
        return symbolIds.clone();
    }

    public MarketDataConnection connection() {
        return connection;
    }

    /** The text of {@code flox:binance} for this account (allocates; waits briefly for the connection's thread). */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(settings.exchange()).append(": ").append(state);
        long untilMs = limitedUntilMs;
        if ((state == VenueState.RATE_LIMITED || state == VenueState.BANNED) && untilMs > System.currentTimeMillis()) {
            sb.append(limitedUntilGiven ? " until " + java.time.Instant.ofEpochMilli(untilMs) : " (the venue gave no end)")
                    .append(" (").append(limitedWhy).append(')');
        }
        sb.append(", stream ").append(settings.streamUrl());
        MarketDataConnection c = connection;
        if (c != null) sb.append(c.isConnected() ? " connected" : " not connected").append(", connects ").append(c.connects());
        sb.append('\n');
        if (problem != null) sb.append("  problem: ").append(problem).append('\n');
        sb.append("  request weight (this IP, REST and API): ").append(weight.describe(clockMs.getAsLong())).append('\n');
        synchronized (symbolNotes) {
            for (String n : symbolNotes) sb.append("  note: ").append(n).append('\n');
        }
        if (c == null) return sb.toString();
        try {
            sb.append(c.onThread(() -> {
                MarketDataSession s = c.session();
                StringBuilder t = new StringBuilder();
                for (int id : symbolIds) {
                    TickerCheck k = s.book(id);
                    SymbolInfo info = registry.symbol(id);
                    t.append("  ").append(info == null ? "#" + id : info.symbol()).append(": ").append(s.isSynced(id) ? "in sync" : "not in sync");
                    if (isNotTrading(id)) t.append(", NOT TRADING at the venue (orders refused)");
                    if (isRefused(id)) t.append(", REDEFINED by the venue (orders refused until restart)");
                    if (k != null) t.append(", ticker checks ").append(k.matched).append('/').append(k.checked).append(" matched, gaps ").append(k.gaps).append(", lost with the connection ").append(k.connectionsLost)
                            .append(", resyncs ").append(k.resyncs);
                    if (k != null && k.mismatchRuns > 0) t.append(", mismatch runs ").append(k.mismatchRuns).append(" (of one update ")
                            .append(k.mismatchRunsOfOne).append(", longest ").append(k.longestMismatchRun).append(')');
                    t.append('\n');
                }
                t.append("  frames ").append(s.frames()).append(", snapshots asked ").append(s.snapshotRequests()).append(", stale snapshots ")
                        .append(s.stats().snapshotsStale).append(", malformed ").append(s.stats().malformedLines)
                        .append(s.stats().malformedLines == 0 ? "" : " (" + s.stats().malformedKinds() + ")").append(", ticker mismatches ")
                        .append(s.tickerMismatches()).append('\n');
                return t.toString();
            }));
        } catch (Exception e) {
            sb.append("  (the connection's thread did not answer: ").append(e).append(")\n");
        }
        return sb.toString();
    }
}
