package flox.binance.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.websocket.server.WebSocketUpgradeHandler;

/**
 * A fake Binance spot exchange on loopback for tests and the demo: a real WebSocket and HTTP
 * server (Jetty 12, core API) on 127.0.0.1 that plays a {@linkplain Recording recording}.
 *
 * <ul>
 *   <li>{@code ws://127.0.0.1:PORT/stream?streams=a/b/c}: combined streams; each connection gets
 *   the recorded frames of the streams it named (exact names, lowercase as Binance's), in
 *   recorded order. <b>The fake has one timeline, as a live venue does:</b> a connection receives
 *   the frames played after it opened, from the fake's current position, never the past. The
 *   server pings every {@code pingInterval} (payload: the ping's number) and drops a connection
 *   that has not answered a ping with a pong echoing it within {@code pongTimeout}.</li>
 *   <li>{@code GET /api/v3/depth?symbol=S&limit=N}: the fake's book of S: the recording's
 *   snapshot plus every diff played that goes past it, by the documented rule, also those played
 *   before the snapshot's line (a recorder fetches its snapshot after subscribing);
 *   {@code lastUpdateId} is the {@code u} of the last diff applied; top N levels (default 100, at
 *   most 5000). Before the timeline has reached the recording's first snapshot of S the reply
 *   waits for it (up to {@code snapshotWait}, then 503):
 *   a real venue always has a book, and an answer that comes late is what a client must handle
 *   anyway, while a 503 would only exercise retry code.</li>
 *   <li>{@code GET /api/v3/exchangeInfo[?symbol=S]}: the recorded exchangeInfo.</li>
 *   <li>{@code GET /api/v3/time}: {@code {"serverTime":ms}} from the fake's clock (the one its API checks timestamps against).</li>
 *   <li>Every REST reply carries {@code X-MBX-USED-WEIGHT-1M}: the weight used in the current
 *   clock minute (depth 5/25/50/250 by limit, exchangeInfo 20; refused requests count too), REST
 *   and WebSocket API together as Binance counts them (per IP). With {@link Builder#weightLimit}
 *   a REST request that takes the minute past the limit is answered 429 with a Retry-After to
 *   the next minute ({@link #weightRefusals}); {@link #useWeight} pre-loads the minute.</li>
 *   <li>{@code ws://127.0.0.1:PORT/ws-api/v3}: the WebSocket API ({@link OrderApi}): signed
 *   order.place, order.cancel, order.cancelReplace, order.status, openOrders.status, myTrades and
 *   userDataStream.subscribe.signature, orders matched against this book and the recorded trades,
 *   executionReports to the subscribed connections.</li>
 *   <li>{@linkplain Fault Scripted faults} and counters for the test.</li>
 * </ul>
 *
 * <p>Threading: one player thread walks the timeline (frames and snapshots) and writes frames
 * to the connections (Jetty queues them; each connection's writes complete in order); REST and
 * WebSocket callbacks run on Jetty's threads; one scheduler thread pings. The timeline, books and
 * connections are guarded by one lock; counters are concurrent. Allocates freely: a test tool.
 */
public final class FakeBinance implements AutoCloseable {
    static final ObjectMapper JSON = new ObjectMapper();

    // ------------------------------------------------------------------ configuration

    /** Builds and starts a fake. */
    public static final class Builder {
        private final List<Path> recordings = new ArrayList<>();
        private String snapshotSymbol;
        private Path exchangeInfo;
        private Pacing pacing = Pacing.testControlled();
        private int port;
        private Duration pingInterval = Duration.ofSeconds(20);
        private Duration pongTimeout = Duration.ofSeconds(60);
        private int staleLagDiffs = 20;
        private Duration snapshotWait = Duration.ofSeconds(10);
        private boolean waitForFirstClient = true;
        private LongSupplier clockMs = System::currentTimeMillis;
        private final List<OrderApi.Key> apiKeys = new ArrayList<>();
        private BigDecimal makerBps = BigDecimal.ZERO;
        private BigDecimal takerBps = BigDecimal.ZERO;
        private int receiveBufferBytes;
        private long weightLimit;

        private Builder() {
        }

        /** Recording files or cryptofeed prefixes, one continuous timeline in this order. */
        public Builder recording(Path... paths) { recordings.addAll(List.of(paths)); return this; }
        /** The symbol of bare depth snapshots in a file not named {@code <symbol>_<yyyymmdd>.gz}. */
        public Builder snapshotSymbol(String symbol) { this.snapshotSymbol = symbol; return this; }
        /** The exchangeInfo reply (a {@code _comment} key is removed); without it the endpoint answers 404. */
        public Builder exchangeInfo(Path file) { this.exchangeInfo = file; return this; }
        public Builder pacing(Pacing pacing) { this.pacing = pacing; return this; }
        /** 0 (default): an ephemeral port, see {@link FakeBinance#port()}. */
        public Builder port(int port) { this.port = port; return this; }

        /** The receive buffer of every accepted connection (0: the system's): small, so that a connection that stops reading ({@link Fault.ApiStopReading}) stalls its client soon. */
        public Builder apiReceiveBufferBytes(int bytes) { this.receiveBufferBytes = bytes; return this; }
        /** Binance: 20 s. */
        public Builder pingInterval(Duration d) { this.pingInterval = d; return this; }
        /** Binance: a minute. */
        public Builder pongTimeout(Duration d) { this.pongTimeout = d; return this; }
        /** How far back a {@link Fault.StaleSnapshot} reply is, in diffs of its symbol (default 20: 2 s of @100ms). */
        public Builder staleLagDiffs(int n) { this.staleLagDiffs = n; return this; }
        /** How long a depth request waits for the recording's first snapshot (default 10 s), then 503. */
        public Builder snapshotWait(Duration d) { this.snapshotWait = d; return this; }
        /** AS_FAST_AS_READ and ORIGINAL start playing at the first connection (default), or at once. */
        public Builder waitForFirstClient(boolean wait) { this.waitForFirstClient = wait; return this; }
        /** REST requests that take the minute's weight past {@code limit} are answered 429 (default 0: not enforced). */
        public Builder weightLimit(long limit) { this.weightLimit = limit; return this; }
        /** The wall clock of the weight windows and event times (tests fix it). */
        public Builder clockMs(LongSupplier clock) { this.clockMs = clock; return this; }
        /** An HMAC-SHA256 API key of the account; without any key, the docs' example pair ({@link #DOCS_API_KEY}). */
        public Builder hmacApiKey(String apiKey, String secretKey) { apiKeys.add(new OrderApi.Key(apiKey, secretKey, null)); return this; }
        /** An Ed25519 API key of the account (the venue keeps the public key). */
        public Builder ed25519ApiKey(String apiKey, PublicKey publicKey) { apiKeys.add(new OrderApi.Key(apiKey, null, publicKey)); return this; }
        /** Commission in basis points of the quote amount, in the quote asset (default 0 and 0). */
        public Builder feesBps(String maker, String taker) { this.makerBps = new BigDecimal(maker); this.takerBps = new BigDecimal(taker); return this; }

        public FakeBinance start() throws Exception {
            FakeBinance fake = new FakeBinance(this);
            try {
                fake.startServer();
            } catch (Exception e) {
                fake.close();
                throw e;
            }
            return fake;
        }
    }

    /** The HMAC key pair of the docs' signed examples (binance-spot-api-docs, signature-vectors.json). */
    public static final String DOCS_API_KEY = "vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A";
    public static final String DOCS_SECRET_KEY = "NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j";

    public static Builder builder() {
        return new Builder();
    }

    /** A frame of the recording as the test sees it: its 1-based position among the frames, stream, ids, text. */
    public record Frame(long position, String stream, String symbol, boolean depth, long firstUpdateId, long lastUpdateId,
                        long receiveNs, String text) {
    }

    // ------------------------------------------------------------------ state

    private final Recording recording;
    private final Frame[] frames;
    private final List<Frame> frameList;
    private final Pacing pacing;
    private final Duration pingInterval;
    private final Duration pongTimeout;
    private final int staleLagDiffs;
    private final Duration snapshotWait;
    private final boolean waitForFirstClient;
    private final int requestedPort;
    private final int receiveBufferBytes;
    private final LongSupplier clockMs;
    /** 0: not enforced. */
    private final long weightLimit;
    private final LongAdder weightRefusals = new LongAdder();
    /** What {@code /api/v3/exchangeInfo} answers; {@link #serveExchangeInfo} changes it (matching keeps the rules read at start). */
    private volatile String exchangeInfoJson;
    private final Set<String> exchangeInfoSymbols = new HashSet<>();
    private final Set<String> recordedBookSymbols = new HashSet<>();
    private final OrderApi api;

    private final Object lock = new Object();
    // guarded by lock
    private int nextEvent;
    private long played;
    private long allowance;
    private boolean finished;
    private boolean closed;
    private boolean clientSeen;
    private final Map<String, SymbolBook> books = new HashMap<>();
    private final Set<StreamClient> clients = new LinkedHashSet<>();
    private final TreeMap<Long, List<Fault>> scheduled = new TreeMap<>();
    private final Map<String, Integer> gapsArmed = new HashMap<>();
    private Fault.MalformedFrame malformedArmed;
    private final ArrayDeque<Fault> restArmed = new ArrayDeque<>();
    private final List<PendingDepth> waitingForSnapshot = new ArrayList<>();

    // counters
    private final Map<String, LongAdder> framesSent = new ConcurrentHashMap<>();
    private final LongAdder snapshotsServed = new LongAdder();
    private final Map<Fault.Kind, LongAdder> faultsFired = new EnumMap<>(Fault.Kind.class);
    private final LongAdder pingsSent = new LongAdder();
    private final LongAdder pongsReceived = new LongAdder();
    private final LongAdder connectionsOpened = new LongAdder();
    private final LongAdder connectionsDroppedNoPong = new LongAdder();
    private final LongAdder restRequests = new LongAdder();
    private final Object weightLock = new Object();
    private long weightMinute = -1;
    private long weightUsed;

    private Server server;
    private ServerConnector connector;
    private Thread player;
    private ScheduledExecutorService scheduler;

    private FakeBinance(Builder b) throws IOException {
        this.recording = Recording.load(b.recordings, b.snapshotSymbol);
        this.pacing = b.pacing;
        this.pingInterval = b.pingInterval;
        this.pongTimeout = b.pongTimeout;
        this.staleLagDiffs = b.staleLagDiffs;
        this.snapshotWait = b.snapshotWait;
        this.waitForFirstClient = b.waitForFirstClient;
        this.requestedPort = b.port;
        this.receiveBufferBytes = b.receiveBufferBytes;
        this.clockMs = b.clockMs;
        this.weightLimit = b.weightLimit;
        for (Fault.Kind k : Fault.Kind.values()) {
            faultsFired.put(k, new LongAdder());
        }
        List<Frame> fs = new ArrayList<>();
        for (Recording.Event e : recording.events) {
            if (e.kind() == Recording.Kind.FRAME) {
                fs.add(new Frame(fs.size() + 1, e.stream(), e.symbol(), e.depth(), e.firstUpdateId(), e.lastUpdateId(), e.receiveNs(), e.text()));
            }
            if (e.depth() && e.symbol() != null) {
                recordedBookSymbols.add(e.symbol());
            }
        }
        this.frames = fs.toArray(new Frame[0]);
        this.frameList = List.of(frames);
        if (b.exchangeInfo != null) {
            ObjectNode info = (ObjectNode) JSON.readTree(Files.readString(b.exchangeInfo));
            info.remove("_comment");
            for (JsonNode s : info.path("symbols")) {
                exchangeInfoSymbols.add(s.get("symbol").asText());
            }
            this.exchangeInfoJson = JSON.writeValueAsString(info);
        } else {
            this.exchangeInfoJson = null;
        }
        Map<String, OrderApi.Rules> rules = new HashMap<>();
        if (exchangeInfoJson != null) {
            for (JsonNode s : JSON.readTree(exchangeInfoJson).path("symbols")) {
                rules.put(s.get("symbol").asText(), OrderApi.Rules.of(s));
            }
        }
        List<OrderApi.Key> keys = b.apiKeys.isEmpty() ? List.of(new OrderApi.Key(DOCS_API_KEY, DOCS_SECRET_KEY, null)) : b.apiKeys;
        this.api = new OrderApi(this, lock, keys, rules, b.makerBps, b.takerBps, faultsFired);
    }

    private void startServer() throws Exception {
        QueuedThreadPool pool = new QueuedThreadPool(32, 4);
        pool.setName("fake-binance");
        pool.setDaemon(true);
        server = new Server(pool);
        connector = new ServerConnector(server, 1, 1);
        connector.setHost("127.0.0.1");
        connector.setPort(requestedPort);
        if (receiveBufferBytes > 0) connector.setAcceptedReceiveBufferSize(receiveBufferBytes);
        server.addConnector(connector);
        WebSocketUpgradeHandler ws = WebSocketUpgradeHandler.from(server, container -> {
            container.setIdleTimeout(Duration.ofHours(25)); // Binance's own limit is 24 h a connection
            container.setMaxTextMessageSize(1 << 20);
            container.addMapping("/stream", (rq, rs, cb) -> {
                List<String> streams = Request.extractQueryParameters(rq).getValues("streams");
                if (streams == null || streams.isEmpty() || streams.get(0).isBlank()) {
                    Response.writeError(rq, rs, cb, 400, "streams=<name>/<name>... is required");
                    return null;
                }
                return new StreamClient(this, Set.of(streams.get(0).split("/")));
            });
            container.addMapping("/ws-api/v3", (rq, rs, cb) ->
                    new ApiClient(api, !"false".equals(Request.extractQueryParameters(rq).getValue("returnRateLimits"))));
        });
        ws.setHandler(new RestHandler());
        server.setHandler(ws);
        server.start();
        scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-binance-ping");
            t.setDaemon(true);
            return t;
        });
        long tickMs = Math.max(5, Math.min(pingInterval.toMillis(), pongTimeout.toMillis()) / 4);
        scheduler.scheduleAtFixedRate(this::pingTick, tickMs, tickMs, TimeUnit.MILLISECONDS);
        player = new Thread(this::play, "fake-binance-player");
        player.setDaemon(true);
        player.start();
    }

    /** The port it listens on (127.0.0.1). */
    public int port() {
        return connector.getLocalPort();
    }

    /** {@code ws://127.0.0.1:PORT/stream?streams=} followed by the names joined with '/'. */
    public String streamUrl(String... streams) {
        return "ws://127.0.0.1:" + port() + "/stream?streams=" + String.join("/", streams);
    }

    /** {@code ws://127.0.0.1:PORT/ws-api/v3}: the WebSocket API (orders, user data). */
    public String apiUrl() {
        return "ws://127.0.0.1:" + port() + "/ws-api/v3";
    }

    /** {@code http://127.0.0.1:PORT}. */
    public String restBaseUrl() {
        return "http://127.0.0.1:" + port();
    }

    // ------------------------------------------------------------------ timeline control

    /** The recording's frames, in order ({@link Frame#position()} 1..n). */
    public List<Frame> frames() {
        return frameList;
    }

    /** Test-controlled pacing: lets {@code n} more frames go out. */
    public void release(long n) {
        requireTestControlled();
        synchronized (lock) {
            allowance += n;
            lock.notifyAll();
        }
    }

    /**
     * Test-controlled pacing: releases the frames up to and including the next one (after those
     * already released) that matches; returns its position, or -1 (nothing released) if none does.
     */
    public long releaseUntil(Predicate<Frame> match) {
        requireTestControlled();
        synchronized (lock) {
            for (long p = played + allowance + 1; p <= frames.length; p++) {
                if (match.test(frames[(int) (p - 1)])) {
                    allowance = p - played;
                    lock.notifyAll();
                    return p;
                }
            }
            return -1;
        }
    }

    /**
     * Waits until {@code count} frames have been played and every frame up to there has been
     * written to each connection subscribed to it (Jetty's write completed). False on timeout.
     */
    public boolean awaitSent(long count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (!(played >= count && clients.stream().allMatch(c -> c.writtenUpTo(count)))) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /** Frames played so far (sent or not); the next connection starts after this one. */
    public long played() {
        synchronized (lock) {
            return played;
        }
    }

    /** True once every frame of the recording has been played. */
    public boolean isFinished() {
        synchronized (lock) {
            return finished;
        }
    }

    private void requireTestControlled() {
        if (pacing.mode() != Pacing.Mode.TEST_CONTROLLED) {
            throw new IllegalStateException("release needs Pacing.testControlled(), not " + pacing);
        }
    }

    // ------------------------------------------------------------------ faults

    /**
     * A symbol of the recording, for a demo that configures itself from the data: its frames, a
     * price it traded or was quoted at near the start (a bookTicker's bid, else a depth level's or
     * a trade's price), and its filters from the exchangeInfo given (nulls when that has none).
     */
    public record SymbolSummary(String symbol, long frames, String price, String tickSize, String stepSize, String minNotional) {
        /**
         * {@code symbol=S frames=N price=P tick=T step=Q min.notional=M}; {@code symbol.unknown=S
         * frames=N} without filters; {@code symbol.unpriced=S frames=N} with filters but no price
         * in the recording.
         */
        public String line() {
            if (tickSize != null && price == null) return "symbol.unpriced=" + symbol + " frames=" + frames;
            return tickSize == null ? "symbol.unknown=" + symbol + " frames=" + frames
                    : "symbol=" + symbol + " frames=" + frames + " price=" + price + " tick=" + tickSize + " step=" + stepSize + " min.notional=" + minNotional;
        }
    }

    private static final java.util.regex.Pattern FIRST_PRICE = java.util.regex.Pattern.compile("\"(?:b|p)\":(?:\\[\\[)?\"([0-9]+\\.?[0-9]*)\"");

    /** The recording's symbols, the most frames first (ties by name). */
    public List<SymbolSummary> symbolSummaries() throws IOException {
        Map<String, long[]> counts = new TreeMap<>();
        Map<String, String> prices = new HashMap<>();
        Map<String, Integer> priceRank = new HashMap<>(); // 0 bookTicker, 1 depth, 2 trade
        for (Frame f : frames) {
            if (f.symbol() == null) continue;
            counts.computeIfAbsent(f.symbol(), k -> new long[1])[0]++;
            int rank = f.stream().endsWith("@bookTicker") ? 0 : f.depth() ? 1 : f.stream().endsWith("@trade") ? 2 : 3;
            if (rank == 3 || priceRank.getOrDefault(f.symbol(), 4) <= rank) continue;
            java.util.regex.Matcher m = FIRST_PRICE.matcher(f.text());
            if (m.find() && new BigDecimal(m.group(1)).signum() > 0) {
                prices.put(f.symbol(), m.group(1));
                priceRank.put(f.symbol(), rank);
            }
        }
        Map<String, JsonNode> filters = new HashMap<>();
        if (exchangeInfoJson != null) {
            for (JsonNode sym : JSON.readTree(exchangeInfoJson).path("symbols")) {
                Map<String, JsonNode> byType = new HashMap<>();
                for (JsonNode fl : sym.path("filters")) byType.put(fl.path("filterType").asText(), fl);
                if (byType.containsKey("PRICE_FILTER") && byType.containsKey("LOT_SIZE")) {
                    ObjectNode o = JSON.createObjectNode();
                    o.put("tick", byType.get("PRICE_FILTER").path("tickSize").asText());
                    o.put("step", byType.get("LOT_SIZE").path("stepSize").asText());
                    JsonNode n = byType.containsKey("NOTIONAL") ? byType.get("NOTIONAL") : byType.get("MIN_NOTIONAL");
                    o.put("notional", n == null ? "0" : n.path("minNotional").asText("0"));
                    filters.put(sym.path("symbol").asText(), o);
                }
            }
        }
        List<SymbolSummary> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            JsonNode f = filters.get(e.getKey());
            String price = prices.get(e.getKey());
            out.add(f == null ? new SymbolSummary(e.getKey(), e.getValue()[0], price, null, null, null)
                    : new SymbolSummary(e.getKey(), e.getValue()[0], price, f.path("tick").asText(), f.path("step").asText(), f.path("notional").asText()));
        }
        out.sort((a, b) -> a.frames() != b.frames() ? Long.compare(b.frames(), a.frames()) : a.symbol().compareTo(b.symbol()));
        return out;
    }

    /** The exchangeInfo reply served now (null when none was given). */
    public String exchangeInfoJson() {
        return exchangeInfoJson;
    }

    /** From now on {@code /api/v3/exchangeInfo} answers {@code json}: the venue changed a filter or a status (order matching is unchanged). */
    public void serveExchangeInfo(String json) {
        this.exchangeInfoJson = json;
    }

    /** Fires {@code fault} now (disconnect, serverShutdown) or arms it for the next frame or reply it applies to. */
    public void fault(Fault fault) {
        synchronized (lock) {
            apply(fault);
        }
    }

    /** Fires or arms {@code fault} once frame {@code k} has been played (before frame k+1). */
    public void faultAfterFrame(long k, Fault fault) {
        synchronized (lock) {
            if (k <= played) {
                throw new IllegalStateException("frame " + k + " has already been played (at " + played + ")");
            }
            scheduled.computeIfAbsent(k, x -> new ArrayList<>()).add(fault);
        }
    }

    private void apply(Fault fault) {
        switch (fault.kind()) {
            case DISCONNECT -> {
                Fault.Disconnect d = (Fault.Disconnect) fault;
                fired(fault); // counted first: a client may see the close before the next line
                for (StreamClient c : List.copyOf(clients)) {
                    c.close(d.code(), d.reason());
                }
            }
            case SERVER_SHUTDOWN -> {
                long closeAfter = ((Fault.ServerShutdown) fault).closeAfterMs();
                String inner = "{\"e\":\"serverShutdown\",\"E\":" + clockMs.getAsLong() + "}";
                // web-socket-streams.md: on a combined stream, {"stream":"!serverShutdown","data":{"e":"serverShutdown","E":ms}}
                String event = "{\"stream\":\"!serverShutdown\",\"data\":" + inner + "}";
                List<StreamClient> targets = List.copyOf(clients);
                fired(fault);
                for (StreamClient c : targets) {
                    c.send(played, null, event);
                }
                if (closeAfter >= 0) {
                    scheduler.schedule(() -> targets.forEach(c -> c.close(1001, "fake: server shutdown")), closeAfter, TimeUnit.MILLISECONDS);
                }
                // the WebSocket API documents its event wrapped: {"event":{"e":"serverShutdown","E":ms}}
                List<ApiClient> apiTargets = api.clients();
                for (ApiClient c : apiTargets) {
                    c.send("{\"event\":" + inner + "}");
                }
                if (closeAfter >= 0) {
                    scheduler.schedule(() -> apiTargets.forEach(c -> c.close(1001, "fake: server shutdown")), closeAfter, TimeUnit.MILLISECONDS);
                }
            }
            case SEQUENCE_GAP -> gapsArmed.merge(((Fault.SequenceGap) fault).symbol(), 1, Integer::sum);
            case MALFORMED_FRAME -> malformedArmed = (Fault.MalformedFrame) fault;
            case API_OUTCOME_UNKNOWN, API_INSUFFICIENT_BALANCE, API_FILTER_FAILURE, API_RATE_LIMITED_429, API_BANNED_418, API_DISCONNECT, API_STOP_READING,
                    USER_DATA_DUPLICATE, USER_DATA_FILL_BEFORE_NEW, USER_DATA_MALFORMED_FILL, CANCEL_REPLACE_RACED_BY_FILL -> api.arm(fault);
            default -> restArmed.add(fault);
        }
    }

    private void fired(Fault fault) {
        faultsFired.get(fault.kind()).increment();
    }

    // ------------------------------------------------------------------ the player

    private void play() {
        long startNs = 0;
        long firstReceiveNs = Long.MIN_VALUE;
        try {
            while (true) {
                Recording.Event e;
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    if (nextEvent >= recording.events.size()) {
                        finished = true;
                        lock.notifyAll();
                        return;
                    }
                    e = recording.events.get(nextEvent);
                    // test-controlled: a snapshot is passed as soon as it is reached, frames when released
                    boolean waits = e.kind() == Recording.Kind.FRAME || pacing.mode() != Pacing.Mode.TEST_CONTROLLED;
                    if (waits && !mayPlay()) {
                        lock.wait(50);
                        continue;
                    }
                }
                if (pacing.mode() == Pacing.Mode.ORIGINAL) {
                    if (firstReceiveNs == Long.MIN_VALUE) {
                        firstReceiveNs = e.receiveNs();
                        startNs = System.nanoTime();
                    }
                    long due = startNs + (long) ((e.receiveNs() - firstReceiveNs) / pacing.speed());
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        synchronized (lock) {
                            if (closed) {
                                return;
                            }
                            TimeUnit.NANOSECONDS.timedWait(lock, Math.min(wait, 50_000_000L));
                        }
                    }
                }
                synchronized (lock) {
                    if (closed) {
                        return;
                    }
                    nextEvent++;
                    if (e.kind() == Recording.Kind.SNAPSHOT) {
                        snapshotReached(e);
                    } else {
                        playFrame(e);
                    }
                    lock.notifyAll();
                }
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException ex) {
            synchronized (lock) {
                finished = true;
                lock.notifyAll();
            }
            throw new IllegalStateException("fake Binance: cannot play the recording", ex);
        }
    }

    /** Whether the next frame may go (test-controlled: released), or the clock may run (otherwise). */
    private boolean mayPlay() {
        return switch (pacing.mode()) {
            case TEST_CONTROLLED -> allowance > 0;
            case AS_FAST_AS_READ, ORIGINAL -> clientSeen || !waitForFirstClient;
        };
    }

    private void snapshotReached(Recording.Event e) throws IOException {
        SymbolBook b = book(e.symbol());
        JsonNode snapshot = JSON.readTree(e.text());
        b.live.load(snapshot);
        b.lagged.load(snapshot);
        b.lag.clear();
        api.onSnapshot(e.symbol());
        // the diffs already played that the snapshot does not hold (a recorder fetches its snapshot
        // after subscribing, so diffs past it come before it in the file): applied as a client would
        for (JsonNode d : b.recent) {
            applyToBooks(b, d);
        }
        if (!b.reached) {
            b.reached = true;
            for (PendingDepth p : List.copyOf(waitingForSnapshot)) {
                if (p.symbol.equals(e.symbol())) {
                    waitingForSnapshot.remove(p);
                    p.answer();
                }
            }
        }
    }

    private void applyToBooks(SymbolBook b, JsonNode diff) {
        if (b.live.isLoaded() && b.live.apply(diff)) {
            api.onDiff(diff.path("s").asText(), diff);
            b.lag.addLast(diff);
            while (b.lag.size() > staleLagDiffs) {
                b.lagged.apply(b.lag.removeFirst());
            }
        }
    }

    private void playFrame(Recording.Event e) throws IOException {
        long position = ++played;
        if (pacing.mode() == Pacing.Mode.TEST_CONTROLLED) {
            allowance--;
        }
        String text = e.text();
        boolean drop = false;
        if (e.depth() && e.symbol() != null) {
            JsonNode data = JSON.readTree(text).get("data");
            SymbolBook b = book(e.symbol());
            b.recent.addLast(data);
            if (b.recent.size() > RECENT_DIFFS) {
                b.recent.removeFirst();
            }
            applyToBooks(b, data);
            Integer gaps = gapsArmed.get(e.symbol());
            if (gaps != null) {
                drop = true;
                if (gaps == 1) {
                    gapsArmed.remove(e.symbol());
                } else {
                    gapsArmed.put(e.symbol(), gaps - 1);
                }
                faultsFired.get(Fault.Kind.SEQUENCE_GAP).increment();
            }
        }
        if (!drop) {
            // a copy: a write that fails at once may close its connection, which leaves the set
            List<StreamClient> targets = List.copyOf(clients);
            boolean anyone = false;
            for (StreamClient c : targets) {
                anyone |= c.subscribed(e.stream());
            }
            if (anyone && malformedArmed != null) {
                text = malformedArmed.how() == Fault.Malformation.TRUNCATED ? text.substring(0, text.length() / 2) : '<' + text.substring(1);
                faultsFired.get(Fault.Kind.MALFORMED_FRAME).increment();
                malformedArmed = null;
            }
            for (StreamClient c : targets) {
                if (c.subscribed(e.stream())) {
                    c.send(position, e.stream(), text);
                }
            }
        }
        if (e.symbol() != null && e.stream().endsWith("@trade")) {
            api.onTrade(e.symbol(), JSON.readTree(e.text()).get("data")); // after the stream clients have it
        }
        List<Fault> due = scheduled.remove(position);
        if (due != null) {
            due.forEach(this::apply);
        }
    }

    private SymbolBook book(String symbol) {
        return books.computeIfAbsent(symbol, s -> new SymbolBook());
    }

    /** Diffs kept per symbol to bring a recorded snapshot up to the stream (100 s of @100ms). */
    private static final int RECENT_DIFFS = 1000;

    /** The fake's books of one symbol: the live one and one {@code staleLagDiffs} diffs behind. */
    private static final class SymbolBook {
        final ArrayDeque<JsonNode> recent = new ArrayDeque<>();
        final FakeBook live = new FakeBook();
        final FakeBook lagged = new FakeBook();
        final ArrayDeque<JsonNode> lag = new ArrayDeque<>();
        boolean reached;
    }

    // ------------------------------------------------------------------ connections (called by StreamClient)

    void opened(StreamClient c) {
        synchronized (lock) {
            c.startAt(played);
            clients.add(c);
            clientSeen = true;
            lock.notifyAll();
        }
        connectionsOpened.increment();
    }

    void closed(StreamClient c) {
        synchronized (lock) {
            clients.remove(c);
            lock.notifyAll();
        }
    }

    /** A frame of {@code stream} was written to a connection (null: a failed write, or not a stream frame). */
    void countSent(String stream) {
        if (stream != null) {
            framesSent.computeIfAbsent(stream, s -> new LongAdder()).increment();
        }
    }

    /** A write completed: wakes {@link #awaitSent}. */
    void wakeWaiters() {
        synchronized (lock) {
            lock.notifyAll();
        }
    }

    void pongReceived() {
        pongsReceived.increment();
    }

    private void pingTick() {
        long now = System.nanoTime();
        List<StreamClient> snapshot;
        synchronized (lock) {
            snapshot = List.copyOf(clients);
        }
        for (StreamClient c : snapshot) {
            if (c.unansweredFor(now) > pongTimeout.toNanos()) {
                c.drop();
                connectionsDroppedNoPong.increment(); // counted once it is no longer open
            } else if (c.sincePing(now) >= pingInterval.toNanos()) {
                pingsSent.increment(); // before it goes: its pong may come back before the next line
                c.ping(now);
            }
        }
        for (ApiClient c : api.clients()) {
            if (c.unansweredFor(now) > pongTimeout.toNanos()) {
                c.drop();
                connectionsDroppedNoPong.increment();
            } else if (c.sincePing(now) >= pingInterval.toNanos()) {
                pingsSent.increment();
                c.ping(now);
            }
        }
    }

    // ------------------------------------------------------------------ counters

    /** Frames written to connections for {@code stream}, summed over connections. */
    public long framesSent(String stream) {
        LongAdder a = framesSent.get(stream);
        return a == null ? 0 : a.sum();
    }

    /** Depth replies with a book (200). */
    public long snapshotsServed() { return snapshotsServed.sum(); }
    public long faultsFired(Fault.Kind kind) { return faultsFired.get(kind).sum(); }
    public long pingsSent() { return pingsSent.sum(); }
    /** Pongs that echoed one of our pings. */
    public long pongsReceived() { return pongsReceived.sum(); }
    public long connectionsOpened() { return connectionsOpened.sum(); }
    public int connectionsOpen() { synchronized (lock) { return clients.size(); } }
    public long connectionsDroppedNoPong() { return connectionsDroppedNoPong.sum(); }
    public long restRequests() { return restRequests.sum(); }
    /** WebSocket API requests received (any method, also refused ones). */
    public long apiRequests() { return api.requests.sum(); }
    public long apiRequests(String method) { LongAdder a = api.requestsByMethod.get(method); return a == null ? 0 : a.sum(); }
    public long apiConnectionsOpened() { return api.connectionsOpened.sum(); }
    /** Pongs on WebSocket API connections that echoed one of our pings (also counted in {@link #pongsReceived}). */
    public long apiPongsReceived() { return api.pongsReceived.sum(); }
    public int apiConnectionsOpen() { return api.connectionsOpen(); }
    /** Orders the matching engine took (NEW), rejected (-2010 with a REJECTED report), canceled, expired. */
    public long ordersPlaced() { return api.ordersPlaced.sum(); }
    public long ordersRejected() { return api.ordersRejected.sum(); }
    public long ordersCanceled() { return api.ordersCanceled.sum(); }
    public long ordersExpired() { return api.ordersExpired.sum(); }
    /** Fills of the account's orders (each one a TRADE report). */
    public long fills() { return api.fills.sum(); }
    /** User-data event frames written, summed over subscriptions. */
    public long userDataEventsSent() { return api.userDataEventsSent.sum(); }
    /** The fake's view of an order by its id, or null. */
    public OrderView order(long orderId) { return api.view(orderId); }
    /** The fake's view of the latest order placed with this client order id, or null. */
    public OrderView order(String origClientOrderId) { return api.viewByClientId(origClientOrderId); }
    /** The account's open orders (NEW, PARTIALLY_FILLED), oldest first. */
    public List<OrderView> openOrders() { return api.openOrders(); }
    /** Adds {@code weight} to the current minute's count, as if another program on the IP had used it (a test seam). */
    public long useWeight(int weight) { return addWeight(weight); }
    /** REST requests answered 429 because they took the minute past {@link Builder#weightLimit}. */
    public long weightRefusals() { return weightRefusals.sum(); }
    /** The weight counted in the current minute. */
    public long usedWeight() { synchronized (weightLock) { return weightMinute == clockMs.getAsLong() / 60_000 ? weightUsed : 0; } }

    // ------------------------------------------------------------------ REST

    /** The clock of weights, timestamps and events. */
    long nowMs() {
        return clockMs.getAsLong();
    }

    /** Under the lock: the symbol's live book once the recording's snapshot is reached, else null. */
    FakeBook liveBook(String symbol) {
        SymbolBook b = books.get(symbol);
        return b == null || !b.reached ? null : b.live;
    }

    long addWeight(int weight) {
        synchronized (weightLock) {
            long minute = clockMs.getAsLong() / 60_000; // windows line up with the clock
            if (minute != weightMinute) {
                weightMinute = minute;
                weightUsed = 0;
            }
            weightUsed += weight;
            return weightUsed;
        }
    }

    static int depthWeight(int limit) {
        return limit <= 100 ? 5 : limit <= 500 ? 25 : limit <= 1000 ? 50 : 250;
    }

    private final class RestHandler extends Handler.Abstract {
        @Override
        public boolean handle(Request request, Response response, Callback callback) {
            String path = Request.getPathInContext(request);
            Fields q = Request.extractQueryParameters(request);
            restRequests.increment();
            switch (path) {
                case "/api/v3/depth" -> depth(request, response, callback, q);
                case "/api/v3/exchangeInfo" -> exchangeInfo(response, callback, q);
                case "/api/v3/time" -> reply(response, callback, 200, addWeight(1), "{\"serverTime\":" + clockMs.getAsLong() + "}"); // the venue's clock
                default -> reply(response, callback, 404, addWeight(1), "{\"code\":-1000,\"msg\":\"fake: no such endpoint " + path + "\"}");
            }
            return true;
        }

        private void depth(Request request, Response response, Callback callback, Fields q) {
            String symbol = q.getValue("symbol");
            int limit = 100;
            String l = q.getValue("limit");
            if (l != null) {
                try {
                    limit = Integer.parseInt(l);
                } catch (NumberFormatException e) {
                    limit = -1;
                }
            }
            long weight = addWeight(depthWeight(Math.max(limit, 1)));
            if (refusedByFault(response, callback, weight)) {
                return;
            }
            if (symbol == null || symbol.isEmpty()) {
                reply(response, callback, 400, weight, "{\"code\":-1102,\"msg\":\"Mandatory parameter 'symbol' was not sent, was empty/null, or malformed.\"}");
                return;
            }
            if (limit < 1) {
                reply(response, callback, 400, weight, "{\"code\":-1100,\"msg\":\"Illegal characters found in parameter 'limit'; legal range is '1-5000'.\"}");
                return;
            }
            int levels = Math.min(limit, 5000);
            boolean known = exchangeInfoSymbols.isEmpty() ? recordedBookSymbols.contains(symbol) : exchangeInfoSymbols.contains(symbol);
            if (!known) {
                reply(response, callback, 400, weight, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                return;
            }
            Fault fault;
            String body;
            synchronized (lock) {
                fault = takeRestFault(f -> f instanceof Fault.StaleSnapshot || f instanceof Fault.SlowSnapshot);
                SymbolBook b = books.get(symbol);
                if (b == null || !b.reached) {
                    PendingDepth p = new PendingDepth(symbol, levels, fault, response, callback, weight);
                    waitingForSnapshot.add(p);
                    scheduler.schedule(p::timeOut, snapshotWait.toMillis(), TimeUnit.MILLISECONDS);
                    return;
                }
                body = fault instanceof Fault.StaleSnapshot ? b.lagged.toJson(levels) : b.live.toJson(levels);
            }
            sendDepth(response, callback, weight, body, fault);
        }

        private void exchangeInfo(Response response, Callback callback, Fields q) {
            long weight = addWeight(20);
            if (refusedByFault(response, callback, weight)) {
                return;
            }
            if (exchangeInfoJson == null) {
                reply(response, callback, 404, weight, "{\"code\":-1000,\"msg\":\"fake: started without an exchangeInfo file\"}");
                return;
            }
            String symbol = q.getValue("symbol");
            if (symbol == null) {
                reply(response, callback, 200, weight, exchangeInfoJson);
                return;
            }
            try {
                ObjectNode info = (ObjectNode) JSON.readTree(exchangeInfoJson);
                ArrayNode kept = JSON.createArrayNode();
                for (JsonNode s : info.path("symbols")) {
                    if (symbol.equals(s.get("symbol").asText())) {
                        kept.add(s);
                    }
                }
                if (kept.isEmpty()) {
                    reply(response, callback, 400, weight, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
                    return;
                }
                info.set("symbols", kept);
                reply(response, callback, 200, weight, JSON.writeValueAsString(info));
            } catch (IOException e) {
                reply(response, callback, 500, weight, "{\"code\":-1000,\"msg\":\"fake: " + e.getMessage() + "\"}");
            }
        }

        private boolean refusedByFault(Response response, Callback callback, long weight) {
            Fault f;
            synchronized (lock) {
                f = takeRestFault(x -> x instanceof Fault.RateLimited || x instanceof Fault.Banned);
            }
            if (f == null) {
                return refusedOverLimit(response, callback, weight);
            }
            fired(f); // counted before the client can read the reply
            if (f instanceof Fault.RateLimited r) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(r.retryAfterSeconds()));
                reply(response, callback, 429, weight, "{\"code\":-1003,\"msg\":\"Too many requests; current limit of IP(127.0.0.1) is 1200 requests per minute. Please use the websocket for live updates to avoid polling the API.\"}");
            } else if (f instanceof Fault.Banned b) {
                response.getHeaders().put(HttpHeader.RETRY_AFTER, Integer.toString(b.retryAfterSeconds()));
                long until = clockMs.getAsLong() + b.retryAfterSeconds() * 1000L;
                reply(response, callback, 418, weight, "{\"code\":-1003,\"msg\":\"Way too many requests; IP(127.0.0.1) banned until " + until
                        + ". Please use the websocket for live updates to avoid bans.\"}");
            }
            return true;
        }
    }

    /** With a weight limit: a request that took the minute past it is answered 429, Retry-After the rest of the minute. */
    private boolean refusedOverLimit(Response response, Callback callback, long weight) {
        if (weightLimit <= 0 || weight <= weightLimit) {
            return false;
        }
        weightRefusals.increment();
        long leftMs = 60_000 - Math.floorMod(clockMs.getAsLong(), 60_000L);
        response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString((leftMs + 999) / 1000));
        reply(response, callback, 429, weight, "{\"code\":-1003,\"msg\":\"Too much request weight used; current limit is " + weightLimit
                + " request weight per 1 MINUTE. Please use WebSocket Streams for live updates to avoid polling the API.\"}");
        return true;
    }

    /** Takes the first armed REST fault that matches (under the lock). */
    private Fault takeRestFault(Predicate<Fault> match) {
        for (Fault f : restArmed) {
            if (match.test(f)) {
                restArmed.remove(f);
                return f;
            }
        }
        return null;
    }

    private void sendDepth(Response response, Callback callback, long weight, String body, Fault fault) {
        snapshotsServed.increment();
        if (fault instanceof Fault.SlowSnapshot s) {
            fired(fault);
            scheduler.schedule(() -> reply(response, callback, 200, weight, body), s.delayMs(), TimeUnit.MILLISECONDS);
        } else {
            if (fault != null) {
                fired(fault);
            }
            reply(response, callback, 200, weight, body);
        }
    }

    private static void reply(Response response, Callback callback, int status, long weight, String body) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/json;charset=UTF-8");
        response.getHeaders().put("X-MBX-USED-WEIGHT-1M", Long.toString(weight));
        Content.Sink.write(response, true, body, callback);
    }

    /** A depth request waiting for the recording's first snapshot of its symbol. */
    private final class PendingDepth {
        final String symbol;
        final int levels;
        final Fault fault;
        final Response response;
        final Callback callback;
        final long weight;
        final AtomicBoolean done = new AtomicBoolean();

        PendingDepth(String symbol, int levels, Fault fault, Response response, Callback callback, long weight) {
            this.symbol = symbol;
            this.levels = levels;
            this.fault = fault;
            this.response = response;
            this.callback = callback;
            this.weight = weight;
        }

        /** Under the lock, when the snapshot is reached. */
        void answer() {
            if (done.compareAndSet(false, true)) {
                SymbolBook b = books.get(symbol);
                String body = fault instanceof Fault.StaleSnapshot ? b.lagged.toJson(levels) : b.live.toJson(levels);
                sendDepth(response, callback, weight, body, fault);
            }
        }

        void timeOut() {
            synchronized (lock) {
                waitingForSnapshot.remove(this);
            }
            if (done.compareAndSet(false, true)) {
                reply(response, callback, 503, weight, "{\"code\":-1001,\"msg\":\"fake: the recording has not reached a snapshot of " + symbol
                        + " within " + snapshotWait.toMillis() + " ms\"}");
            }
        }
    }

    // ------------------------------------------------------------------ lifecycle

    /** Stops playing, closes every connection and the server. */
    @Override
    public void close() {
        synchronized (lock) {
            closed = true;
            lock.notifyAll();
        }
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
        for (ApiClient c : api.clients()) c.release(); // a stalled connection's Jetty thread, before the server stops
        try {
            if (player != null) {
                player.join(5_000);
            }
            if (server != null) {
                server.stop();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            throw new IllegalStateException("fake Binance: the server did not stop", e);
        }
    }

    /**
     * Serves a recording on 127.0.0.1 and prints {@code port=N} on the first line, then the URLs.
     * Usage: {@code FakeBinance [--port N] [--pace max|original] [--speed X] [--exchange-info FILE]
     * [--symbol SYMBOL] RECORDING...}. Runs until killed.
     */
    public static void main(String[] args) throws Exception {
        Builder b = builder().pacing(Pacing.asFastAsRead());
        String pace = "max";
        double speed = 1;
        List<Path> recs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> b.port(Integer.parseInt(args[++i]));
                case "--pace" -> pace = args[++i];
                case "--speed" -> speed = Double.parseDouble(args[++i]);
                case "--exchange-info" -> b.exchangeInfo(Path.of(args[++i]));
                case "--symbol" -> b.snapshotSymbol(args[++i]);
                default -> {
                    if (args[i].startsWith("--")) {
                        System.err.println("unknown option " + args[i]);
                        System.exit(2);
                    }
                    recs.add(Path.of(args[i]));
                }
            }
        }
        if (recs.isEmpty()) {
            System.err.println("usage: FakeBinance [--port N] [--pace max|original] [--speed X] [--exchange-info FILE] [--symbol SYMBOL] RECORDING...");
            System.exit(2);
        }
        switch (pace) {
            case "max" -> b.pacing(Pacing.asFastAsRead());
            case "original" -> b.pacing(Pacing.original(speed));
            default -> {
                System.err.println("--pace max|original, not " + pace);
                System.exit(2);
            }
        }
        FakeBinance fake;
        try {
            fake = b.recording(recs.toArray(new Path[0])).start();
        } catch (java.io.IOException e) { // an unreadable recording or exchangeInfo: said in one line (file and line in it), no trace
            System.err.println("fake Binance: " + e.getMessage());
            System.exit(2);
            return;
        }
        for (SymbolSummary s : fake.symbolSummaries()) System.out.println(s.line()); // before the port: a launcher waits for that line
        System.out.println("port=" + fake.port());
        System.out.println("streams " + fake.streamUrl("<stream>", "..."));
        System.out.println("api     " + fake.apiUrl() + " (key " + DOCS_API_KEY + ", the docs' example pair)");
        System.out.println("rest    " + fake.restBaseUrl() + "/api/v3/depth?symbol=SYMBOL&limit=N, /api/v3/exchangeInfo");
        System.out.flush();
        Runtime.getRuntime().addShutdownHook(new Thread(fake::close));
        Thread.currentThread().join();
    }
}
