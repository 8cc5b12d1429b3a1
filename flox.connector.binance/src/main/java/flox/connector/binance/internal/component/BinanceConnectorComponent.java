package flox.connector.binance.internal.component;

import flox.api.bus.ExecutionBus;
import flox.api.bus.MarketDataBus;
import flox.api.order.OrderTracker;
import flox.api.plugin.OrderExecutor;
import flox.api.metrics.StatusContributor;
import flox.api.plugin.ExchangeConnector;
import flox.api.symbol.SymbolRegistry;
import flox.core.config.ConfigReader;
import flox.core.config.Metatype;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
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
 * A Binance spot account's market data as a venue plugin (factory pid {@value #PID}: one
 * configuration, {@code etc/flox.binance-NAME.cfg}, per account): an {@link ExchangeConnector}
 * started in the CONNECTOR phase ({@link BinanceMarketData}), a status-line fragment, and
 * {@code flox:binance}; with API keys (private properties holding references, flox.api.secret)
 * also an {@link OrderExecutor} for the account ({@link BinanceOrderExecutor}), registered by hand
 * so that a market-data-only account has none. A key that cannot be read is refused naming the
 * field and the reference only; market data goes on without order entry.
 *
 * <p>Threading: activation and start/stop on DS's and the lifecycle's threads; the feed on
 * "flox-binance-md". Configuration is read against {@link Config}'s metatype; a bad value is
 * refused naming file and field (ERROR) and the default taken; the component is re-created when
 * its file changes.
 */
@Component(service = {ExchangeConnector.class, StatusContributor.class, BinanceConnectorComponent.class}, configurationPid = BinanceConnectorComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE, property = {"osgi.command.scope=flox", "osgi.command.function=binance"})
@Designate(ocd = BinanceConnectorComponent.Config.class, factory = true)
public final class BinanceConnectorComponent implements ExchangeConnector, StatusContributor {
    public static final String PID = "flox.binance";
    private static final System.Logger LOG = System.getLogger("flox.binance");

    @ObjectClassDefinition(name = "Flox Binance spot account", description = "Market data and, when the account has API keys, order entry of one Binance spot account.")
    public @interface Config {
        @AttributeDefinition(description = "Exchange name of the symbols in the registry.")
        String exchange() default "BINANCE";

        @AttributeDefinition(description = "Binance symbols, comma-separated (BTCUSDT,ETHUSDT); their definitions come from exchangeInfo.")
        String symbols();

        @AttributeDefinition(description = "Market-data streams: wss://stream.binance.com:9443 (testnet: wss://stream.testnet.binance.vision; a local fake: ws://127.0.0.1:PORT).")
        String stream_url() default "wss://stream.binance.com:9443";

        @AttributeDefinition(description = "REST API: https://api.binance.com (testnet: https://testnet.binance.vision).")
        String rest_url() default "https://api.binance.com";

        @AttributeDefinition(description = "Levels of each depth snapshot (Binance's weight: 5 up to 100, 25 up to 500, 50 up to 1000, 250 up to 5000).",
                min = "5", max = "5000")
        int snapshot_limit() default 1000;

        @AttributeDefinition(description = "First wait before a reconnect; it doubles per failure, with jitter.", min = "1", max = "60000")
        long reconnect_min_ms() default 250;

        @AttributeDefinition(description = "Longest wait before a reconnect.", min = "1", max = "600000")
        long reconnect_max_ms() default 30_000;

        @AttributeDefinition(description = "Every book is published whole again this often, for late subscribers; the venue state is checked then.",
                min = "100", max = "3600000")
        long snapshot_interval_ms() default 1000;

        @AttributeDefinition(description = "Diffs buffered per symbol while a snapshot is fetched.", min = "16", max = "100000")
        int max_buffered_diffs() default 1000;

        @AttributeDefinition(description = "Both WebSocket connections (market data and the WebSocket API) are replaced on our terms "
                + "once this old, before Binance ends them at 24 h: the books resync and order entry reconciles, as after any reconnect "
                + "(default 23 h 50 min). 0: never (the venue's close at 24 h is then taken like any other loss); otherwise at least "
                + "1000 (a connection must live long enough to sync).", min = "0", max = "86400000")
        long connection_max_age_ms() default 85_800_000;

        @AttributeDefinition(description = "exchangeInfo is read again this often: a symbol whose definition changed (filters, status) "
                + "or that is gone has its new orders and replaces refused until restart (said in the log and flox:binance).",
                min = "100", max = "86400000")
        long exchange_info_interval_ms() default 600000;

        @AttributeDefinition(name = ".api.key", description = "Order entry: where the API key is, env:NAME or file:PATH (never the key itself); "
                + "empty: market data only.", required = false)
        String _api_key() default "";

        @AttributeDefinition(name = ".api.secret", description = "Order entry: where the secret is, env:NAME or file:PATH: the HMAC secret, "
                + "or the Ed25519 private key in PKCS#8 PEM.", required = false)
        String _api_secret() default "";

        @AttributeDefinition(description = "Key type of the account's API key.", options = {
                @org.osgi.service.metatype.annotations.Option(label = "hmac", value = "hmac"),
                @org.osgi.service.metatype.annotations.Option(label = "ed25519", value = "ed25519")})
        String key_type() default "hmac";

        @AttributeDefinition(description = "WebSocket API: wss://ws-api.binance.com:443/ws-api/v3 (testnet: wss://ws-api.testnet.binance.vision/ws-api/v3).")
        String api_url() default "wss://ws-api.binance.com:443/ws-api/v3";

        @AttributeDefinition(description = "How long a signed request stays valid at the venue.", min = "1", max = "60000")
        long recv_window_ms() default 5000;

        @AttributeDefinition(description = "A request the WebSocket client has not taken (written to the socket) within this time counts "
                + "as sent with an unknown outcome: the connection is replaced and the reconnect's reconciliation asks the venue "
                + "about every open order.", min = "100", max = "600000")
        long send_timeout_ms() default 10_000;

        @AttributeDefinition(description = "Share of each venue rate limit kept unused, in percent: requests wait for the next window before it "
                + "(orders by the API's windows; depth snapshots and exchangeInfo by the IP's request weight this minute).",
                min = "0", max = "50")
        int rate_headroom_percent() default 10;

        @AttributeDefinition(description = "Bytes of the order queue between the strategies and the sending thread.", min = "4096", max = "16777216")
        int order_queue_bytes() default 65536;

        @AttributeDefinition(description = "Open orders on the account that this run did not place (found at each connect, or seen on "
                + "the user-data stream): cancel them (the host owns the account: risk cannot see them), ignore them (a shared "
                + "account; they are counted and named in the log), or adopt them (tracked, owned by no strategy: risk sees them, "
                + "an operator can cancel them; they cannot be replaced).", options = {
                @org.osgi.service.metatype.annotations.Option(label = "cancel", value = "cancel"),
                @org.osgi.service.metatype.annotations.Option(label = "ignore", value = "ignore"),
                @org.osgi.service.metatype.annotations.Option(label = "adopt", value = "adopt")})
        String foreign_orders() default "cancel";
    }

    private final BinanceMarketData marketData;
    private final BinanceOrderExecutor executor;
    private org.osgi.framework.ServiceRegistration<OrderExecutor> executorRegistration;

    /** As DS creates it: market data only when the framework is absent (tests) or the account has no keys. */
    public BinanceConnectorComponent(SymbolRegistry registry, MarketDataBus bus, Map<String, Object> properties) {
        this(registry, bus, null, null, null, properties);
    }

    @Activate
    public BinanceConnectorComponent(@Reference SymbolRegistry registry, @Reference MarketDataBus bus, @Reference OrderTracker tracker,
                                     @Reference ExecutionBus executionBus, org.osgi.framework.BundleContext context, Map<String, Object> properties) {
        this(registry, bus, tracker, executionBus, properties);
        if (executor != null && context != null) {
            java.util.Hashtable<String, Object> props = new java.util.Hashtable<>();
            props.put("flox.exchange", marketData.exchange());
            executorRegistration = context.registerService(OrderExecutor.class, executor, props);
        }
    }

    /** Market data, and order entry when {@code tracker} is given and the account has keys (not registered as a service here). */
    public BinanceConnectorComponent(SymbolRegistry registry, MarketDataBus bus, OrderTracker tracker, ExecutionBus executionBus, Map<String, Object> properties) {
        ConfigReader config = new ConfigReader(PID, properties);
        BinanceMarketData.Settings settings = read(config);
        String unknown = config.unknownKeys(ConfigReader.keysOf(Config.class));
        if (!unknown.isEmpty()) LOG.log(System.Logger.Level.WARNING, unknown);
        this.marketData = new BinanceMarketData(settings, registry, bus);
        Metatype m = Metatype.of(Config.class);
        double headroom = m.longValue(config, "rate.headroom.percent", m.defaultLong("rate.headroom.percent")) / 100.0;
        // one view of the IP's request weight: REST replies' headers and the API's rateLimits; the REST requests wait by it
        flox.connector.binance.internal.orders.RequestWeight weight = new flox.connector.binance.internal.orders.RequestWeight(headroom);
        marketData.requestWeight(weight);
        this.executor = tracker == null ? null : orderEntry(config, settings, registry, tracker, executionBus, headroom, weight);
        if (config.hasErrors()) LOG.log(System.Logger.Level.ERROR, config.errors());
        if (executor != null) {
            marketData.orderSideReady(executor::isReady);
            marketData.onSymbolsLoaded(executor::symbolsLoaded); // order entry may connect first: it reconciles again with them
            marketData.onTick(() -> executor.retryFailedReconciliation(System.currentTimeMillis()));
        }
    }

    /** Order entry when the account has keys; null (said in the log) otherwise or when a key cannot be read. */
    private BinanceOrderExecutor orderEntry(ConfigReader config, BinanceMarketData.Settings settings, SymbolRegistry registry, OrderTracker tracker,
                                            ExecutionBus executionBus, double headroom, flox.connector.binance.internal.orders.RequestWeight weight) {
        String keyRef = config.stringValue(".api.key", "");
        String secretRef = config.stringValue(".api.secret", "");
        if (keyRef.isEmpty() && secretRef.isEmpty()) {
            LOG.log(System.Logger.Level.INFO, settings.exchange() + ": no .api.key: market data only, no order entry");
            return null;
        }
        Metatype m = Metatype.of(Config.class);
        String keyType = m.optionValue(config, "key.type", m.defaultString("key.type"));
        URI api = uri(config, m, "api.url");
        char[] key = null;
        char[] secret = null;
        try {
            key = flox.api.secret.Secrets.resolve(keyRef, ".api.key");
            secret = flox.api.secret.Secrets.resolve(secretRef, ".api.secret");
            flox.connector.binance.internal.sign.RequestSigner signer = keyType.equals("ed25519")
                    ? flox.connector.binance.internal.sign.RequestSigner.ed25519(secret) : flox.connector.binance.internal.sign.RequestSigner.hmacSha256(secret);
            flox.connector.binance.internal.orders.BinanceClientIds ids = flox.connector.binance.internal.orders.BinanceClientIds.forRunStartedAt(System.currentTimeMillis());
            flox.connector.binance.internal.orders.WsApiRequests requests = new flox.connector.binance.internal.orders.WsApiRequests(new String(key), signer, ids,
                    m.longValue(config, "recv.window.ms", m.defaultLong("recv.window.ms")));
            flox.connector.binance.internal.orders.RateLimits limits = new flox.connector.binance.internal.orders.RateLimits(headroom);
            limits.shareRequestWeight(weight);
            flox.connector.binance.internal.orders.ExecutionReportDecoder userData = new flox.connector.binance.internal.orders.ExecutionReportDecoder(
                    new flox.connector.binance.internal.feed.RegistryReplaySymbols(registry, settings.exchange()), ids);
            flox.api.plugin.ExecutionReports reports = new flox.api.plugin.ExecutionReports(tracker, executionBus);
            ApiHolder holder = new ApiHolder();
            flox.connector.binance.internal.orders.OrderEntry entry = new flox.connector.binance.internal.orders.OrderEntry(settings.exchange(), registry, tracker,
                    reports, requests, limits, userData, (frame, length) -> holder.send(frame, length), new flox.connector.binance.internal.orders.OrderEntry.VenueLimits() {
                        @Override public void rateLimited(long until, CharSequence why) { marketData.limited(flox.api.event.VenueState.RATE_LIMITED, until, why); }
                        @Override public void banned(long until, CharSequence why) { marketData.limited(flox.api.event.VenueState.BANNED, until, why); }
                    }, (int) m.longValue(config, "order.queue.bytes", m.defaultLong("order.queue.bytes")));
            String foreign = m.optionValue(config, "foreign.orders", m.defaultString("foreign.orders"));
            entry.cancelForeignOrders(foreign.equals("cancel"));
            entry.adoptForeignOrders(foreign.equals("adopt"));
            long sendTimeoutMs = m.longValue(config, "send.timeout.ms", m.defaultLong("send.timeout.ms"));
            BinanceOrderExecutor[] made = new BinanceOrderExecutor[1];
            java.util.function.Supplier<flox.connector.binance.internal.live.ApiConnection> connections = () -> {
                flox.connector.binance.internal.live.ApiConnection connection = new flox.connector.binance.internal.live.ApiConnection(api, settings.restUrl(), entry,
                        new flox.connector.binance.internal.live.ApiConnection.Events() {
                            @Override public void connected(URI uri) { if (made[0] != null) made[0].reconcile(); }
                            @Override public void disconnected(String why, long inMs) {
                                LOG.log(System.Logger.Level.WARNING, settings.exchange() + ": order entry " + why + "; reconnecting in " + inMs + " ms");
                                marketData.orderSideChanged(); // not LIVE from now, not from the next tick
                            }
                            @Override public void userDataUnreadable(String why) { // one round at a time: no query storm
                                if (made[0] != null && entry.isReconciled()) made[0].reconcile();
                            }
                        }, p -> LOG.log(System.Logger.Level.WARNING, settings.exchange() + ": " + p),
                        settings.reconnectMinMs(), settings.reconnectMaxMs());
                connection.sendTimeoutMs(sendTimeoutMs);
                connection.maxAgeMs(settings.connectionMaxAgeMs());
                connection.requestWeight(weight);
                holder.transport = connection.transport();
                return connection;
            };
            made[0] = new BinanceOrderExecutor(settings.exchange(), entry, connections, registry, tracker, marketData::symbolIds,
                    id -> marketData.isRefused(id) || marketData.isNotTrading(id));
            LOG.log(System.Logger.Level.INFO, settings.exchange() + ": order entry on " + api + ", key from " + flox.api.secret.Secrets.describe(keyRef)
                    + ", client id prefix " + ids.prefix());
            return made[0];
        } catch (flox.api.secret.SecretException | IllegalArgumentException e) {
            config.reject(e instanceof flox.api.secret.SecretException ? ".api.key/.api.secret" : "key.type", e.getMessage()
                    + ": no order entry for this account (market data goes on)", "none");
            return null;
        } finally {
            if (key != null) java.util.Arrays.fill(key, '\0');
            if (secret != null) java.util.Arrays.fill(secret, '\0');
        }
    }

    /** The transport, set once the connection exists (it needs the order entry first). */
    private static final class ApiHolder {
        volatile flox.connector.binance.internal.orders.OrderEntry.Transport transport;

        boolean send(byte[] frame, int length) {
            flox.connector.binance.internal.orders.OrderEntry.Transport t = transport;
            return t != null && t.send(frame, length);
        }
    }

    /** The settings in {@code config}, against the metatype; refused values take the default (errors kept in {@code config}). */
    static BinanceMarketData.Settings read(ConfigReader config) {
        Metatype m = Metatype.of(Config.class);
        String exchange = config.stringValue("exchange", m.defaultString("exchange"));
        if (exchange.isEmpty()) {
            config.reject("exchange", "empty", m.defaultString("exchange"));
            exchange = m.defaultString("exchange");
        }
        List<String> symbols = config.listValue("symbols");
        if (symbols.isEmpty()) config.reject("symbols", "no symbol given: nothing to stream", "none");
        return new BinanceMarketData.Settings(exchange, symbols, uri(config, m, "stream.url"), uri(config, m, "rest.url"),
                (int) m.longValue(config, "snapshot.limit", m.defaultLong("snapshot.limit")),
                m.longValue(config, "reconnect.min.ms", m.defaultLong("reconnect.min.ms")),
                m.longValue(config, "reconnect.max.ms", m.defaultLong("reconnect.max.ms")),
                m.longValue(config, "snapshot.interval.ms", m.defaultLong("snapshot.interval.ms")),
                (int) m.longValue(config, "max.buffered.diffs", m.defaultLong("max.buffered.diffs")),
                m.longValue(config, "exchange.info.interval.ms", m.defaultLong("exchange.info.interval.ms")), connectionMaxAgeMs(config, m));
    }

    /** Shortest {@code connection.max.age.ms} but 0 (never): a connection replaced sooner might not sync between replacements. */
    static final long MIN_CONNECTION_AGE_MS = 1_000;

    /** {@code connection.max.age.ms}: 0 (never) or 1 s up to 24 h (the metatype's range); anything else refused naming the key, the default kept. */
    private static long connectionMaxAgeMs(ConfigReader config, Metatype m) {
        long fallback = m.defaultLong("connection.max.age.ms");
        long v = m.longValue(config, "connection.max.age.ms", fallback);
        if (v > 0 && v < MIN_CONNECTION_AGE_MS) {
            config.reject("connection.max.age.ms", v + " is shorter than " + MIN_CONNECTION_AGE_MS + " ms (0: never replaced)", fallback);
            return fallback;
        }
        return v;
    }

    private static URI uri(ConfigReader config, Metatype m, String key) {
        String v = config.stringValue(key, m.defaultString(key));
        try {
            URI u = new URI(v);
            String scheme = u.getScheme();
            boolean ok = u.getHost() != null && (key.equals("rest.url") ? "https".equals(scheme) || "http".equals(scheme)
                    : "wss".equals(scheme) || "ws".equals(scheme));
            if (ok) return u;
            config.reject(key, "'" + v + "' is not a " + (key.equals("rest.url") ? "http(s)" : "ws(s)") + " URL with a host", m.defaultString(key));
        } catch (URISyntaxException e) {
            config.reject(key, "'" + v + "' is not a URL", m.defaultString(key));
        }
        return URI.create(m.defaultString(key));
    }

    @Override
    public String exchange() {
        return marketData.exchange();
    }

    @Override
    public String name() {
        return "binance market data (" + marketData.exchange() + ")";
    }

    @Override
    public void start() {
        marketData.start();
    }

    @Override
    public void stop() {
        marketData.stop();
    }

    @Deactivate
    void deactivate() {
        if (executorRegistration != null) {
            try {
                executorRegistration.unregister();
            } catch (IllegalStateException alreadyGone) {
                // the framework is stopping
            }
        }
        if (executor != null) executor.stop();
        marketData.stop();
    }

    /** Order entry, or null for a market-data-only account. */
    public OrderExecutor orderExecutor() {
        return executor;
    }

    /** The venue's state is on the status line already (the bus keeps it); this adds nothing while all is well. */
    @Override
    public String statusFragment() {
        String refused = (marketData.refusedSymbolCount() > 0 ? " " + marketData.refusedSymbolCount() + " symbol(s) REDEFINED, orders refused" : "")
                + (marketData.notTradingCount() > 0 ? " " + marketData.notTradingCount() + " symbol(s) NOT TRADING, orders refused" : "");
        return executor == null ? refused.trim() : marketData.exchange() + " " + executor.brief() + refused;
    }

    @Override
    public String summaryTable() {
        return executor == null ? "" : marketData.exchange() + " order entry at exit:\n" + executor.describe();
    }

    /** flox:binance */
    @Descriptor("each Binance account: connection and venue state, each symbol's book (in sync, ticker checks, gaps, resyncs), snapshots, malformed frames")
    public String binance() {
        return marketData.describe() + (executor == null ? "  order entry: none (no .api.key)\n" : executor.describe());
    }

    public BinanceMarketData marketData() {
        return marketData;
    }
}
